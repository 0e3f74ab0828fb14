""".avsc text is read as Java Avro's parser reads it: comments allowed, nothing after the schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.catalog import avro_envelope, load_catalog
from generator.cli import main


def run(project: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["--contracts-dir", str(project / "contracts"), *argv])
    return code, capsys.readouterr().err


def commented(schema: dict[str, object]) -> str:
    text = json.dumps(schema, indent=2)
    text = text.replace('"fields": [', '"fields": [ // the envelope first\n', 1)
    return "/* user.created, version 1 */\n" + text.replace('"type": "record"',
                                                           '"type": /* kind */ "record"', 1)


def test_comments_in_avsc_are_accepted(project, write_schema, capsys):
    schema = avro_envelope("user.created")
    write_schema("user.created", 1, commented(schema))
    code, err = run(project, capsys, "check")
    assert code == 0, err
    [contract] = load_catalog(project / "contracts").contracts
    assert contract.versions[0].schema == schema


def test_an_error_in_a_commented_file_points_at_its_line(project, write_schema, capsys):
    schema = avro_envelope("user.created")
    schema["fields"][5] = {"name": "correlationId", "type": ["null", "string"],
                           "default": "abc", "doc": "x"}
    path = write_schema("user.created", 1, commented(schema))
    code, err = run(project, capsys, "check")
    assert code == 2
    text = path.read_text()
    line = text[: text.index('"default": "abc"')].count("\n") + 1
    assert err.strip().startswith(f"{path}:{line}:"), err
    assert "Traceback" not in err


@pytest.mark.parametrize(("text", "where", "message"), [
    ('{"type": "int"}\n// after the schema\n', "2:1", "content after the schema"),
    ('{"type": "record", "name": "R", "fields": [\n  {"name": "x", "type": "double", '
     '"default": NaN}]}', "2:46", "NaN is not JSON"),
])
def test_what_java_cannot_read_is_bad_input(project, write_schema, capsys, text, where, message):
    path = write_schema("user.created", 1, text)
    code, err = run(project, capsys, "check")
    assert code == 2
    assert err.strip().startswith(f"{path}:{where}: error: invalid JSON: {message}"), err
    assert len(err.strip().splitlines()) == 1
