"""`contracts fuzz`: exit codes, formats, the summary table, and the bundled catalog."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.cli import main
from tests.fuzz.conftest import REPO, record


def _catalog(tmp_path: Path, schemas: list[dict[str, object]]) -> Path:
    folder = tmp_path / "contracts" / "user.signed"
    folder.mkdir(parents=True)
    for number, schema in enumerate(schemas, start=1):
        (folder / f"v{number}.avsc").write_text(json.dumps(schema, indent=2))
    (tmp_path / "pyproject.toml").write_text("[tool.event-contracts]\npackage = 'nopkg'\n")
    return tmp_path / "contracts"


ID = {"name": "eventId", "type": {"type": "string", "logicalType": "uuid"}}


def test_failure_exits_1_with_the_finding_and_the_table(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    contracts = _catalog(tmp_path, [record("UserSigned", ID, {"name": "sig", "type": "bytes"}),
                                    record("UserSigned", ID, {"name": "sig", "type": "string"})])
    code = main(["--contracts-dir", str(contracts), "fuzz", "--examples", "40", "--seed", "7"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "v2.avsc:" in out and "[VERDICT_CONTRADICTED]" in out
    assert "contracts fuzz --contract user.signed --seed 7 --examples 40" in out
    assert re.search(r"^user\.signed\s+2\s+1\s+80\s+[\d.]+\s+\d+\s+avro\s+FAIL$", out, re.M)
    assert "1 failure(s)" in out and "seed 7" in out
    assert "fuzz [" not in err  # no progress bar when stderr is not a terminal


def test_passing_catalog_exits_0_and_json_output(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    contracts = _catalog(tmp_path, [record("UserSigned", ID),
                                    record("UserSigned", ID, {"name": "n", "type": "int",
                                                              "default": 0})])
    assert main(["--contracts-dir", str(contracts), "fuzz", "--examples", "20"]) == 0
    out = capsys.readouterr().out
    assert "all properties hold" in out and "examples/s" in out
    assert main(["--contracts-dir", str(contracts), "--format", "json", "fuzz",
                 "--examples", "20", "--contract", "user.signed", "--seed", "11"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert list(document) == ["command", "seed", "examples_per_version", "totals", "contracts",
                              "findings"]
    assert (document["command"], document["findings"]) == ("fuzz", [])
    assert (document["seed"], document["examples_per_version"]) == (11, 20)
    totals = document["totals"]
    assert {k: totals[k] for k in ("contracts", "versions", "pairs", "examples", "failures")} \
        == {"contracts": 1, "versions": 2, "pairs": 1, "examples": 40, "failures": 0}
    assert totals["seconds"] > 0
    [row] = document["contracts"]
    assert list(row) == ["contract", "versions", "pairs", "examples", "seconds",
                         "examples_per_second", "values", "result"]
    assert {k: v for k, v in row.items() if k not in ("seconds", "examples_per_second")} == {
        "contract": "user.signed", "versions": 2, "pairs": 1, "examples": 40,
        "values": ["avro"], "result": "ok"}
    assert row["seconds"] > 0 and row["examples_per_second"] == round(40 / row["seconds"])


def test_json_output_of_a_failure_carries_the_failing_row_and_the_finding(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    contracts = _catalog(tmp_path, [record("UserSigned", ID, {"name": "sig", "type": "bytes"}),
                                    record("UserSigned", ID, {"name": "sig", "type": "string"})])
    assert main(["--contracts-dir", str(contracts), "--format", "json", "fuzz", "--examples",
                 "40", "--seed", "7"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["seed"] == 7 and document["totals"]["failures"] >= 1
    assert document["totals"]["failures"] == sum(
        1 for f in document["findings"] if f["severity"] == "error")
    assert "VERDICT_CONTRADICTED" in {f["rule"] for f in document["findings"]}
    assert [(r["contract"], r["result"]) for r in document["contracts"]] == [("user.signed",
                                                                               "FAIL")]


def test_bad_arguments_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    contracts = _catalog(tmp_path, [record("UserSigned", ID)])
    assert main(["--contracts-dir", str(contracts), "fuzz", "--contract", "no.such"]) == 2
    assert "no such contract: no.such" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["--contracts-dir", str(contracts), "fuzz", "--examples", "0"])
    assert exit_.value.code == 2


def test_bundled_catalog_passes_at_a_small_example_count(
        capsys: pytest.CaptureFixture[str]) -> None:
    # Throughput lives in bench/bench_fuzz.py: a test that times itself fails on a busy machine.
    contracts = REPO / "contracts"
    if not contracts.is_dir():
        pytest.skip("no bundled catalog")
    code = main(["--contracts-dir", str(contracts), "fuzz", "--examples", "2", "--seed", "1"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "all properties hold" in out
    count = re.search(r"(\d+) examples in [\d.]+ s \(\d+ examples/s\)", out)
    versions = sum(1 for path in contracts.glob("*/v*.*") if path.is_file())
    assert count and int(count.group(1)) == 2 * versions, out
