"""N-Quads: RDF terms in canonical form (RDFC-1.0 appendix A), a strict parser and the serializer.

A quad is a tuple ``(subject, predicate, object, graph)`` of terms written as in canonical N-Quads:
``<iri>``, ``_:label`` or ``"lexical form"`` (``@lang`` / ``^^<datatype>``); the default graph is ``""``.
The first character tells the kind: ``<`` IRI, ``_`` blank node, ``"`` literal.
"""

from __future__ import annotations

import re
from json.encoder import encode_basestring
from typing import Final

from ..errors import InputError

Quad = tuple[str, str, str, str]

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

# RDFC-1.0 appendix A: BS, HT, LF, FF, CR, '"' and '\' as ECHAR; other C0 controls and DEL as UCHAR (upper hex).
_ECHAR = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}
ESCAPES: dict[int, str] = {c: _ECHAR.get(c, f"\\u{c:04X}") for c in [*range(0x20), 0x22, 0x5C, 0x7F]}
#: :data:`ESCAPES` as ``str.translate`` reads it fastest: indexed by code point, every ASCII character mapped (to
#: itself when it needs no escape); a code point past the end raises ``IndexError``, a ``LookupError``, which
#: ``translate`` reads as "left as it is", like a code point missing from the dict.
_TABLE: Final[list[str]] = [ESCAPES.get(c, chr(c)) for c in range(0x80)]
#: The characters :data:`ESCAPES` maps (the likeliest in text first).
_SPECIAL: Final[tuple[str, ...]] = tuple(sorted(map(chr, ESCAPES), key=lambda c: c not in '"\\\n\t\r'))
#: Text up to this length is checked with the JSON string encoder (``json.encoder.encode_basestring``, C),
#: longer text one character to escape at a time (faster past ~300 characters; see :func:`quoted`).
SHORT: Final = 256
#: The C JSON string encoder (``Final``: compiled code calls it without a namespace lookup).
_json_quoted: Final = encode_basestring


def escape(lexical: str) -> str:
    """``lexical`` with the escapes of RDFC-1.0 appendix A (what goes between the quotes of a literal)."""
    return quoted(lexical)[1:-1]


def quoted(lexical: str) -> str:
    """``'"' + escape(lexical) + '"'``: a literal's quoted lexical form.

    Most literals have nothing to escape, and ``str.translate`` is slow at finding that out: it looks each
    distinct character of a call up in the table (with the dict :data:`ESCAPES`, a ``KeyError`` for every
    character it leaves alone: ~2 µs for a short ASCII string), then takes ~1 ns per ASCII character and ~45 ns
    per other character. So: text of up to :data:`SHORT` characters is checked with the C JSON string encoder,
    which quotes exactly ``"``, ``\\`` and C0 controls, in one pass; longer ASCII text by looking for each
    character to escape (``in``: ``memchr``, ~3x faster than ``translate`` on a base64 image); longer other text
    is returned as it is when every character is printable (no C0 control, no DEL) and it has no ``"`` or
    ``\\``. Anything else goes through ``translate`` with :data:`_TABLE`.
    """
    if len(lexical) <= SHORT:
        json_quoted: str = _json_quoted(lexical)
        if len(json_quoted) == len(lexical) + 2 and "\x7f" not in lexical:
            return json_quoted  # nothing to escape: the JSON encoder only added the quotes
        return f'"{lexical.translate(_TABLE)}"'
    return f'"{_long_escaped(lexical)}"'


def _long_escaped(lexical: str) -> str:
    """:func:`escape` for text longer than :data:`SHORT` (see :func:`quoted`)."""
    if lexical.isascii():
        for char in _SPECIAL:
            if char in lexical:
                return lexical.translate(_TABLE)
        return lexical
    if lexical.isprintable() and '"' not in lexical and "\\" not in lexical:
        return lexical
    return lexical.translate(_TABLE)


def literal(lexical: str, datatype: str | None = None, language: str | None = None) -> str:
    """A literal term in canonical form (``xsd:string`` is implicit), its text copied once."""
    if len(lexical) <= SHORT:
        quoted_form = quoted(lexical)
        if language is not None:
            return f"{quoted_form}@{language}"
        if datatype is None or datatype == XSD_STRING:
            return quoted_form
        return f"{quoted_form}^^<{datatype}>"
    text = _long_escaped(lexical)
    if language is not None:
        return f'"{text}"@{language}'
    if datatype is None or datatype == XSD_STRING:
        return f'"{text}"'
    return f'"{text}"^^<{datatype}>'


def serialize_quad(quad: Quad) -> str:
    """One canonical N-Quads line, ending in a line feed."""
    s, p, o, g = quad
    if g:
        return f"{s} {p} {o} {g} .\n"
    return f"{s} {p} {o} .\n"


def serialize(quads: list[Quad] | set[Quad]) -> str:
    """Canonical N-Quads of a set of quads: one line each, in code point order (RDFC-1.0 §5)."""
    return "".join(sorted({serialize_quad(q) for q in quads}))


# -- parsing ------------------------------------------------------------------------------------------------
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_IRI = rf"<((?:[^\x00-\x20<>\"{{}}|^`\\]|{_UCHAR})*)>"
_BNODE = (
    r"_:((?:[A-Za-z0-9_]|[^\x00-\x7f])(?:(?:[A-Za-z0-9_\-.]|[^\x00-\x7f])*(?:[A-Za-z0-9_\-]|[^\x00-\x7f]))?)"
)
_STRING = rf"\"((?:[^\"\\\n\r]|\\[tbnrf\"'\\]|{_UCHAR})*)\""
_LANG = r"@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*)"
_LINE = re.compile(
    rf"[ \t]*(?:{_IRI}|{_BNODE})[ \t]*{_IRI}[ \t]*"
    rf"(?:{_IRI}|{_BNODE}|{_STRING}(?:{_LANG}|\^\^{_IRI})?)[ \t]*"
    rf"(?:(?:{_IRI}|{_BNODE})[ \t]*)?\.[ \t]*(?:#.*)?"
)
_BLANK = re.compile(r"[ \t]*(?:#.*)?")
_ESCAPE = re.compile(rf"{_UCHAR}|\\[tbnrf\"'\\]")
_SIMPLEESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        token = match.group(0)
        if token[1] in "uU":
            return chr(int(token[2:], 16))
        return _SIMPLEESCAPES[token[1]]

    return _ESCAPE.sub(one, text)


def parse(text: str) -> list[Quad]:
    """Parse N-Quads (RDF 1.1); duplicates are removed (a dataset is a set). Errors name the line."""
    quads: dict[Quad, None] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        match = _LINE.fullmatch(line)
        if match is None:
            if _BLANK.fullmatch(line):
                continue
            raise InputError(
                f"N-Quads line {number} is not a valid statement: {line[:80]!r}", path=f"line {number}"
            )
        g = match.groups()
        subject = f"<{_unescape(g[0])}>" if g[0] is not None else f"_:{g[1]}"
        predicate = f"<{_unescape(g[2])}>"
        if g[3] is not None:
            obj = f"<{_unescape(g[3])}>"
        elif g[4] is not None:
            obj = f"_:{g[4]}"
        else:
            obj = literal(_unescape(g[5]), None if g[7] is None else _unescape(g[7]), g[6])
        if g[8] is not None:
            graph = f"<{_unescape(g[8])}>"
        elif g[9] is not None:
            graph = f"_:{g[9]}"
        else:
            graph = ""
        quads[(subject, predicate, obj, graph)] = None
    return list(quads)
