"""Literal escapes of canonical N-Quads (RDFC-1.0 appendix A): the fast path gives what ``translate`` gives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcred.jsonld.nquads import ESCAPES, SHORT, XSD_STRING, escape, literal, quoted

CASES = {
    "ascii": ("plain text", "plain text"),
    "ascii quote": ('say "hi"', 'say \\"hi\\"'),
    "accented": ("Grundlagen für Einsteiger", "Grundlagen für Einsteiger"),
    "accented quote": ('„Kurs" für', '„Kurs\\" für'),
    "accented backslash": ("é\\n", "é\\\\n"),
    "accented new line": ("é\nà", "é\\nà"),
    "accented tab": ("é\tà", "é\\tà"),
    "accented DEL": ("é\x7fà", "é\\u007Fà"),
    "accented other control": ("é\x01", "é\\u0001"),
    "line separator (not printable, not escaped)": ("é\u2028à", "é\u2028à"),
    "soft hyphen (not printable, not escaped)": ("Kurs\u00adende", "Kurs\u00adende"),
    "astral": ("𝔘 é", "𝔘 é"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_escape(name: str) -> None:
    text, expected = CASES[name]
    assert escape(text) == expected == text.translate(ESCAPES)


@given(st.text())
def test_escape_is_translate(text: str) -> None:
    assert escape(text) == text.translate(ESCAPES)


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_characters='"\\')))
def test_escape_of_text_without_quotes(text: str) -> None:
    assert escape(text) == text.translate(ESCAPES)


def _reference(text: str) -> str:
    return '"' + text.translate(ESCAPES) + '"'


@given(st.text())
def test_quoted_is_translate(text: str) -> None:
    assert quoted(text) == _reference(text)


@pytest.mark.parametrize("length", [0, 1, SHORT - 1, SHORT, SHORT + 1, 5 * SHORT])
@pytest.mark.parametrize("filler", ["a", "é", "𝔘"])
def test_quoted_every_special_character_at_every_length(length: int, filler: str) -> None:
    """Each code point below U+0100 (and a few others), at the start, middle and end of short and long text."""
    for code in [*range(0x100), 0x2028, 0xD800, 0xFFFE]:
        char = chr(code)
        for text in (char + filler * length, filler * length + char, filler * (length // 2) + char + filler):
            assert quoted(text) == _reference(text), (code, len(text))
            assert escape(text) == text.translate(ESCAPES)


@pytest.mark.parametrize("length", [SHORT, SHORT + 1, 10 * SHORT])
def test_quoted_long_text_without_escapes_is_unchanged(length: int) -> None:
    for filler in ("abc+/=09", "Grundlagen für Einsteiger", "𝔘 é"):
        text = (filler * length)[:length]
        assert quoted(text) == f'"{text}"'


@given(st.text(min_size=SHORT - 2, max_size=SHORT + 40))
def test_quoted_around_the_short_length(text: str) -> None:
    assert quoted(text) == _reference(text)


@pytest.mark.parametrize("datatype", [None, XSD_STRING, "https://example.org/t"])
def test_literal_uses_the_quoted_form(datatype: str | None) -> None:
    text = "a" * (SHORT + 5) + '"\n'
    expected = _reference(text) + ("" if datatype in (None, XSD_STRING) else f"^^<{datatype}>")
    assert literal(text, datatype) == expected
    assert literal(text, datatype, "en") == _reference(text) + "@en"
