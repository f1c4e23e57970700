"""N-Quads parsing / canonical serialization, and JCS (RFC 8785) for rdf:JSON literals."""

from __future__ import annotations

import struct

import pytest

from microcred.errors import InputError
from microcred.jsonld.jcs import canonical_json, es_number
from microcred.jsonld.nquads import literal, parse, serialize


def test_parse_terms_and_graphs() -> None:
    text = (
        "# a comment\n"
        "<urn:s> <urn:p> <urn:o> .\n"
        '_:b0 <urn:p> "x"@en-GB <urn:g> .\n'
        '<urn:s> <urn:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> _:g .\r\n'
        '<urn:s> <urn:p> "plain"^^<http://www.w3.org/2001/XMLSchema#string> .\n'
        "\n"
    )
    assert parse(text) == [
        ("<urn:s>", "<urn:p>", "<urn:o>", ""),
        ("_:b0", "<urn:p>", '"x"@en-GB', "<urn:g>"),
        ("<urn:s>", "<urn:p>", '"1"^^<http://www.w3.org/2001/XMLSchema#integer>', "_:g"),
        ("<urn:s>", "<urn:p>", '"plain"', ""),  # xsd:string is implicit in canonical form
    ]


def test_escapes_are_normalized() -> None:
    (quad,) = parse('<urn:\\u0061> <urn:p> "\\u0022\\U0001F303\\t\\u0007\\\'" .\n')
    assert quad == ("<urn:a>", "<urn:p>", '"\\"🌃\\t\\u0007\'"', "")
    assert serialize([quad, quad]) == '<urn:a> <urn:p> "\\"🌃\\t\\u0007\'" .\n'


def test_literal_escaping_follows_rdfc_appendix_a() -> None:
    assert literal('\b\t\n\x0b\f\r"\\\x7f\x00é') == '"\\b\\t\\n\\u000B\\f\\r\\"\\\\\\u007F\\u0000é"'


@pytest.mark.parametrize(
    "line",
    [
        "<urn:s> <urn:p> <urn:o>",
        "<urn:s> _:p <urn:o> .",
        '"lit" <urn:p> <urn:o> .',
        "<urn s> <urn:p> <urn:o> .",
    ],
)
def test_invalid_statements_name_the_line(line: str) -> None:
    with pytest.raises(InputError, match="line 2"):
        parse("<urn:s> <urn:p> <urn:o> .\n" + line + "\n")


# RFC 8785 appendix B: IEEE 754 bit patterns and their ECMAScript serialization
NUMBERS = [
    ("0000000000000000", "0"),
    ("8000000000000000", "0"),
    ("0000000000000001", "5e-324"),
    ("8000000000000001", "-5e-324"),
    ("7fefffffffffffff", "1.7976931348623157e+308"),
    ("ffefffffffffffff", "-1.7976931348623157e+308"),
    ("4340000000000000", "9007199254740992"),
    ("c340000000000000", "-9007199254740992"),
    ("4430000000000000", "295147905179352830000"),
    ("44b52d02c7e14af5", "9.999999999999997e+22"),
    ("44b52d02c7e14af6", "1e+23"),
    ("44b52d02c7e14af7", "1.0000000000000001e+23"),
    ("444b1ae4d6e2ef4e", "999999999999999700000"),
    ("444b1ae4d6e2ef4f", "999999999999999900000"),
    ("444b1ae4d6e2ef50", "1e+21"),
    ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
    ("3eb0c6f7a0b5ed8d", "0.000001"),
    ("41b3de4355555553", "333333333.3333332"),
    ("41b3de4355555554", "333333333.33333325"),
    ("41b3de4355555555", "333333333.3333333"),
    ("41b3de4355555556", "333333333.3333334"),
    ("41b3de4355555557", "333333333.33333343"),
    ("becbf647612f3696", "-0.0000033333333333333333"),
    ("43143ff3c1cb0959", "1424953923781206.2"),
]


@pytest.mark.parametrize(("bits", "expected"), NUMBERS, ids=[b for b, _ in NUMBERS])
def test_es_number(bits: str, expected: str) -> None:
    (value,) = struct.unpack(">d", bytes.fromhex(bits))
    assert es_number(value) == expected


def test_rfc8785_example() -> None:
    data = {
        "numbers": [333333333.33333329, 1e30, 4.50, 2e-3, 0.000000000000000000000000001],
        "string": "\u20ac$\u000f\u000aA'\u0042\u0022\u005c\\\"/",
        "literals": [None, True, False],
    }
    assert canonical_json(data) == (
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    )


def test_members_sort_by_utf16_code_units() -> None:
    data = {"\u20ac": 1, "\r": 2, "\ufb33": 3, "1": 4, "\U0001f600": 5, "\u0080": 6, "\u00f6": 7}
    keys = list(__import__("json").loads(canonical_json(data)))
    assert keys == ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]


def test_non_json_values_are_refused() -> None:
    with pytest.raises(InputError):
        canonical_json({"x": float("nan")})
    with pytest.raises(InputError):
        canonical_json({"x": object()})
