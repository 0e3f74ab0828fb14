"""Bad input never crashes: each case is exit 2 with one line naming file, line and column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.catalog import avro_envelope, json_envelope
from generator.cli import main


def run(project: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--contracts-dir", str(project / "contracts"), *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_malformed_json_points_at_line_and_column(project, write_schema, capsys):
    text = '{\n  "type": "record",\n  "name": "X",\n  "fields": [\n}'
    path = write_schema("user.created", 1, text)
    code, _, err = run(project, capsys, "lint")
    assert code == 2
    line = one_error_line(err)
    assert line.startswith(f"{path}:5:1: error: invalid JSON")


def test_invalid_avro_union_default_points_at_the_default(project, write_schema, capsys):
    schema = avro_envelope("user.created")
    schema["fields"][5] = {"name": "correlationId", "type": ["null", "string"],
                           "default": "abc", "doc": "x"}
    path = write_schema("user.created", 1, schema)
    code, _, err = run(project, capsys, "lint")
    assert code == 2
    line = one_error_line(err)
    text = path.read_text()
    expected_line = text[: text.index('"default": "abc"')].count("\n") + 1
    assert line.startswith(f"{path}:{expected_line}:")
    assert "first branch" in line


def test_enum_default_must_be_a_symbol(project, write_schema, capsys):
    schema = {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN"], "default": "BLUE"}
    path = write_schema("color.chosen", 1, schema)
    code, _, err = run(project, capsys, "check")
    assert code == 2
    # json.dumps(indent=2) puts "default" on line 8, its value at column 14
    assert one_error_line(err).startswith(f"{path}:8:14: error: invalid Avro schema: the enum "
                                          "default 'BLUE' is not one of its symbols")


def test_invalid_avro_name(project, write_schema, capsys):
    write_schema("user.created", 1, {"type": "record", "name": "2fa", "fields": []})
    code, _, err = run(project, capsys, "lint")
    assert code == 2
    assert "invalid name '2fa'" in one_error_line(err)


def test_unknown_avro_type(project, write_schema, capsys):
    write_schema("user.created", 1, {"type": "record", "name": "A",
                                     "fields": [{"name": "x", "type": "Missing"}]})
    code, _, err = run(project, capsys, "lint")
    assert code == 2
    assert "unknown type 'Missing'" in one_error_line(err)


def test_invalid_json_schema_against_meta_schema(project, write_schema, capsys):
    schema = json_envelope("order.placed")
    schema["properties"]["eventVersion"]["type"] = "integr"
    path = write_schema("order.placed", 1, schema, ext="schema.json")
    code, _, err = run(project, capsys, "lint")
    assert code == 2
    line = one_error_line(err)
    text = path.read_text()
    expected_line = text[: text.index('"integr"')].count("\n") + 1
    assert line.startswith(f"{path}:{expected_line}:"), line
    assert "invalid JSON Schema" in line


@pytest.mark.parametrize("draft", [
    "https://json-schema.org/draft/2020-12/schema", "https://json-schema.org/draft/2019-09/schema#",
    "http://json-schema.org/draft-07/schema#", "https://json-schema.org/draft-07/schema",
    "http://json-schema.org/draft-06/schema#", "http://json-schema.org/draft-04/schema"])
def test_every_json_schema_draft_confluent_loads_is_accepted(project, write_schema, capsys, draft):
    schema = json_envelope("order.placed")
    schema["$schema"] = draft
    write_schema("order.placed", 1, schema, ext="schema.json")
    code, _out, err = run(project, capsys, "lint")
    assert (code, err) == (0, "")


def test_unknown_json_schema_draft_is_read_as_draft_07(project, write_schema, capsys):
    # Confluent reads a `$schema` it does not know (draft-03 among them) as draft-07: draft-03's
    # boolean `required` on a property breaks draft-07's meta-schema
    schema = json_envelope("order.placed")
    schema["$schema"] = "http://json-schema.org/draft-03/schema#"
    write_schema("order.placed", 1, schema, ext="schema.json")
    assert run(project, capsys, "lint")[0] == 0
    schema["properties"]["eventId"]["required"] = True
    write_schema("order.placed", 1, schema, ext="schema.json")
    code, _, err = run(project, capsys, "lint")
    assert code == 2
    line = one_error_line(err)
    assert "invalid JSON Schema: true is not of type \"array\"" in line, line


def test_misnamed_version_file(project, write_schema, capsys):
    write_schema("user.created", 1, avro_envelope("user.created"))
    bad = project / "contracts" / "user.created" / "version2.avsc"
    bad.write_text("{}", "utf-8")
    code, _, err = run(project, capsys, "lint")
    assert code == 2
    assert one_error_line(err).startswith(f"{bad}: error: misnamed file 'version2.avsc'")


def test_contract_folder_without_versions(project, capsys):
    folder = project / "contracts" / "user.created"
    folder.mkdir()
    (folder / "contract.toml").write_text('topic = "user.created"\n', "utf-8")
    code, _, err = run(project, capsys, "lint")
    assert code == 2
    assert "no version files" in one_error_line(err)


def test_empty_file(project, write_schema, capsys):
    path = write_schema("user.created", 1, "  \n")
    code, _, err = run(project, capsys, "lint")
    assert code == 2
    assert one_error_line(err) == f"{path}:1:1: error: empty file: expected a schema [BAD_INPUT]"


def test_non_utf8_file_points_at_the_byte(project, write_schema, capsys):
    path = write_schema("user.created", 1, b'{\n  "type": "str\xffing"\n}')
    code, _, err = run(project, capsys, "lint")
    assert code == 2
    assert one_error_line(err).startswith(f"{path}:2:15: error: not UTF-8 text (byte 0xff)")


def test_unknown_key_in_contract_toml(project, write_schema, capsys):
    write_schema("user.created", 1, avro_envelope("user.created"))
    toml = project / "contracts" / "user.created" / "contract.toml"
    toml.write_text('topic = "user.created"\nkee = "data.id"\n', "utf-8")
    code, _, err = run(project, capsys, "lint")
    assert code == 2
    assert one_error_line(err).startswith(f"{toml}:2:1: error: unknown key 'kee'")


def test_invalid_toml_syntax(project, write_schema, capsys):
    write_schema("user.created", 1, avro_envelope("user.created"))
    toml = project / "contracts" / "user.created" / "contract.toml"
    toml.write_text('topic = "user.created"\nkey = \n', "utf-8")
    code, _, err = run(project, capsys, "lint")
    assert code == 2
    assert one_error_line(err).startswith(f"{toml}:2:")


def test_bad_compatibility_level(project, write_schema, capsys):
    write_schema("user.created", 1, avro_envelope("user.created"))
    toml = project / "contracts" / "user.created" / "contract.toml"
    toml.write_text('compatibility = "SIDEWAYS"\n', "utf-8")
    code, _, err = run(project, capsys, "check")
    assert code == 2
    assert "SIDEWAYS" in one_error_line(err)


def test_missing_contracts_folder_is_named(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = main(["--contracts-dir", "nope", "lint"])  # relative: reported absolute
    assert code == 2
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith(f"{tmp_path / 'nope'}: error: contracts folder not found")
    assert "`contracts new <domain>.<action>`" in line


def test_json_format_reports_bad_input_as_json(project, write_schema, capsys):
    path = write_schema("user.created", 1, "{")
    code = main(["--format", "json", "--contracts-dir", str(project / "contracts"), "lint"])
    out = capsys.readouterr().out
    assert code == 2
    finding = json.loads(out)["findings"][0]
    assert (finding["path"], finding["line"], finding["column"]) == (str(path), 1, 2)


def test_no_traceback_from_the_real_command(project, write_schema):
    import subprocess
    import sys

    write_schema("user.created", 1, "[1, 2,")
    done = subprocess.run([sys.executable, "-m", "generator", "--contracts-dir",
                           str(project / "contracts"), "check"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "invalid JSON" in done.stderr


def test_against_without_git_names_the_folder(project, write_schema, capsys, monkeypatch):
    write_schema("user.created", 1, avro_envelope("user.created"))
    empty = project / "no-tools"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # git is not installed, as far as we can tell
    code = main(["--contracts-dir", str(project / "contracts"), "check", "--against", "main"])
    assert code == 2
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith(f"{(project / 'contracts').resolve()}: error: --against needs git, "
                           "which cannot run")


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", "1e400"])
@pytest.mark.parametrize("ext", ["schema.json", "avsc"])
def test_numbers_json_does_not_have_are_bad_input(project, write_schema, capsys, token, ext):
    # Python's json module reads these (1e400 as infinity); Jackson refuses the first three and
    # no check can compare an infinite bound, so each is one line at its position, not a crash.
    if ext == "avsc":
        text = ('{"type": "record", "name": "R", "doc": "NaN", "fields": [\n'
                f'  {{"name": "x", "type": "double", "default": {token}}}]}}')
    else:
        text = ('{"type": "object", "description": "NaN", "properties": {\n'
                f'  "a": {{"type": "array", "minContains": {token}}}}}}}')
    path = write_schema("user.created", 1, text, ext=ext)
    code, _, err = run(project, capsys, "check")
    assert code == 2
    column = text.splitlines()[1].index(token) + 1
    assert one_error_line(err).startswith(f"{path}:2:{column}: error: invalid JSON: {token} ")
