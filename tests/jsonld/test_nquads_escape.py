"""Literal escapes of canonical N-Quads (RDFC-1.0 appendix A): the fast path gives what ``translate`` gives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcred.jsonld.nquads import ESCAPES, escape

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
