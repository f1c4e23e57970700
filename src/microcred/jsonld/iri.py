"""IRIs for JSON-LD processing: absolute-IRI tests, RFC 3986 reference resolution, well-formedness for RDF.

JSON-LD 1.1 API §9.3 ("IRI expansion" relies on RFC 3986 §5.2 for relative references); JSON-LD 1.1 §8.1
"Deserialize JSON-LD to RDF" drops (or, in safe mode, rejects) IRIs that are not well-formed.
"""

from __future__ import annotations

import re
from typing import Final

#: Absolute IRI or blank node identifier as JSON-LD processors test it (scheme, colon, no white space).
_ABSOLUTE: Final = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.\-]*|_):[^\s]*$")
#: Characters that may not appear unescaped in an IRI (RFC 3987 ``IRI`` / N-Quads ``IRIREF``).
_ILL_FORMED: Final = re.compile(r'[\x00-\x20<>"{}|^`\\]')
#: RFC 3986 appendix B.
_PARTS = re.compile(r"^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$", re.S)
#: Keyword-like strings (``@`` followed by letters only) are reserved (JSON-LD 1.1 §9.3 step 2).
KEYWORD_FORM: Final = re.compile(r"^@[a-zA-Z]+$")
#: BCP 47 language tag shape used by JSON-LD processors to flag invalid ``@language`` values.
BCP47: Final = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")


def is_absolute_iri(value: str) -> bool:
    """True for ``scheme:rest`` (no white space) and for blank node identifiers ``_:x``."""
    return _ABSOLUTE.match(value) is not None


def is_well_formed_iri(value: str) -> bool:
    """True if ``value`` can be an RDF IRI: absolute, not a blank node label, no forbidden characters."""
    return (
        not value.startswith("_:")
        and _ABSOLUTE.match(value) is not None
        and _ILL_FORMED.search(value) is None
        and value.count("#") <= 1
    )


_CHECKED: Final[dict[str, bool]] = {}


def iri_ok(iri: str) -> bool:
    """Well-formed RDF IRI or blank node identifier (memoized: the same IRIs recur in every credential)."""
    ok = _CHECKED.get(iri)
    if ok is None:
        ok = iri.startswith("_:") or is_well_formed_iri(iri)
        if len(_CHECKED) > 65536:
            _CHECKED.clear()
        _CHECKED[iri] = ok
    return ok


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4."""
    out: list[str] = []
    while path:
        if path.startswith("../"):
            path = path[3:]
        elif path.startswith("./") or path.startswith("/./"):
            path = path[2:]
        elif path == "/.":
            path = "/"
        elif path.startswith("/../"):
            path = path[3:]
            if out:
                out.pop()
        elif path == "/..":
            path = "/"
            if out:
                out.pop()
        elif path in (".", ".."):
            path = ""
        else:
            start = 1 if path.startswith("/") else 0
            end = path.find("/", start)
            if end < 0:
                end = len(path)
            out.append(path[:end])
            path = path[end:]
    return "".join(out)


def resolve_iri(base: str | None, reference: str) -> str:
    """Resolve ``reference`` against ``base`` (RFC 3986 §5.2.2); without a base the reference is returned."""
    if base is None:
        return reference
    r_scheme, r_auth, r_path, r_query, r_frag = _PARTS.match(reference).groups()  # type: ignore[union-attr]
    if r_scheme is not None:
        return _recompose(r_scheme, r_auth, _remove_dot_segments(r_path), r_query, r_frag)
    b_scheme, b_auth, b_path, b_query, _ = _PARTS.match(base).groups()  # type: ignore[union-attr]
    if r_auth is not None:
        auth, path, query = r_auth, _remove_dot_segments(r_path), r_query
    elif r_path == "":
        auth, path = b_auth, b_path
        query = r_query if r_query is not None else b_query
    else:
        auth, query = b_auth, r_query
        if r_path.startswith("/"):
            path = _remove_dot_segments(r_path)
        else:
            # RFC 3986 §5.2.3 merge
            if b_auth is not None and b_path == "":
                merged = "/" + r_path
            else:
                cut = b_path.rfind("/")
                merged = b_path[: cut + 1] + r_path if cut >= 0 else r_path
            path = _remove_dot_segments(merged)
    return _recompose(b_scheme, auth, path, query, r_frag)


def _recompose(scheme: str | None, auth: str | None, path: str, query: str | None, frag: str | None) -> str:
    out = ""
    if scheme is not None:
        out += scheme + ":"
    if auth is not None:
        out += "//" + auth
    out += path
    if query is not None:
        out += "?" + query
    if frag is not None:
        out += "#" + frag
    return out
