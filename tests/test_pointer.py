import pytest

from generator._pointer import escape, fragment_tokens, join, lookup, unescape


def test_escaping_round_trips_rfc_6901_examples():
    assert escape("a/b~c") == "a~1b~0c"
    assert unescape("a~1b~0c") == "a/b~c"
    assert unescape("~01") == "~1"  # not "/": ~0 is undone last
    assert join(["properties", "a/b", 0]) == "/properties/a~1b/0"


def test_lookup_walks_objects_and_arrays():
    document = {"$defs": {"a/b": [{"x": 1}]}}
    assert lookup(document, fragment_tokens("/$defs/a~1b/0/x")) == 1
    assert lookup(document, fragment_tokens("")) is document
    assert lookup(document, fragment_tokens("/")) is document
    for missing in ("/$defs/nope", "/$defs/a~1b/1", "/$defs/a~1b/x"):
        with pytest.raises(KeyError):
            lookup(document, fragment_tokens(missing))
