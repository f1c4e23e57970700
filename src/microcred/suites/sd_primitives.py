"""The selective disclosure functions of ecdsa-sd-2023 (W3C "Data Integrity ECDSA Cryptosuites v1.0" §3.4.x).

Named after the spec's functions: :func:`skolemize_compact` (skolemizeCompactJsonLd), :func:`deskolemize`
(deskolemizeNQuads / toDeskolemizedNQuads), :func:`label_replacement_canonicalize` (labelReplacementCanonicalizeNQuads
/ ...JsonLd), :func:`hmac_label_map_function` (createHmacIdLabelMapFunction), :func:`label_map_function`
(createLabelMapFunction), :func:`select_json_ld` (selectJsonLd, createInitialSelection, selectPaths, with JSON
Pointers, RFC 6901) and :func:`canonicalize_and_group` (canonicalizeAndGroup).

JSON-LD goes through microcred's own safe-mode processor and RDFC-1.0 (:mod:`microcred.jsonld`), never pyld.
Skolemization: the spec expands the document, gives every blank node object an ``urn:bnid:`` id, and compacts it
back. microcred has no compaction algorithm, and the compacted form of a compact document is that document, so the
ids are added to the compact JSON directly (to every object that is not a value, list or set object, outside
``@context``), then taken out of the objects that turn out not to be node objects (language, index and id maps,
JSON literals: the id becomes a literal there, see :func:`skolemize`). :func:`canonicalize_and_group` checks the
result (the deskolemized dataset must be the document's dataset) and refuses the document otherwise
(``SigningError``): it never signs statements other than the document's.

Interop note: pointers are read against the document as given. For a document in compacted form that is what
Digital Bazaar's implementation (which compacts) reads too; where the document has single-item arrays that
compaction would collapse (ELM documents do), a pointer through such an array (``/credentialSubject/hasClaim/0``)
works in microcred but not in that implementation, so for portable base proofs name whole members. Derived proofs
verify either way (checked by hand both ways with @digitalbazaar/ecdsa-sd-2023-cryptosuite 3.4.1).
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..base64url import b64url_encode
from ..errors import SigningError
from ..jsonld import nquads
from ..jsonld.canonicalize import canonicalize_with_map
from ..jsonld.loader import DocumentLoader
from ..jsonld.processor import jsonld_to_quads

#: Prefix of skolem IRIs (the spec's ``urn:bnid:``).
BNID = "urn:bnid:"
_NOT_NODES = ("@value", "@list", "@set")

#: A label map factory: issued identifiers map (input label -> ``c14nN``) -> input label -> new label.
LabelMapFunction = Callable[[Mapping[str, str]], dict[str, str]]


# -- skolemization --------------------------------------------------------------------------------------------
def skolemize_compact(document: Any, prefix: str | None = None) -> tuple[Any, dict[str, tuple[Any, ...]]]:
    """A copy of ``document`` where every node object has an id (``urn:bnid:<label>`` for blank nodes), and the
    JSON path of each id added, by label."""
    prefix = prefix or f"_{secrets.token_hex(8)}_"
    added: dict[str, tuple[Any, ...]] = {}

    def walk(value: Any, path: tuple[Any, ...]) -> Any:
        if isinstance(value, list):
            return [walk(v, (*path, i)) for i, v in enumerate(value)]
        if not isinstance(value, dict):
            return value
        out = {k: (v if k == "@context" else walk(v, (*path, k))) for k, v in value.items()}
        if any(k in out for k in _NOT_NODES):
            return out
        key = "@id" if "@id" in out else "id"
        ident = out.get(key)
        if ident is None:
            label = f"{prefix}{len(added)}"
            out[key] = BNID + label
            added[label] = (*path, key)
        elif isinstance(ident, str) and ident.startswith("_:"):
            out[key] = BNID + ident[2:]
        return out

    return walk(document, ()), added


def _drop(document: Any, path: tuple[Any, ...]) -> None:
    target = document
    for step in path[:-1]:
        target = target[step]
    del target[path[-1]]


def skolemize(document: Any, loader: DocumentLoader) -> tuple[Any, list[nquads.Quad]]:
    """skolemizeCompactJsonLd + toDeskolemizedNQuads: the skolemized document and its deskolemized quads.

    An id added to an object that is not a node object (a language, index or id map, a JSON literal) shows up as
    a literal, not as a node: such ids are taken out again, so the skolemized document states what the document
    states (checked by :func:`canonicalize_and_group`).
    """
    skolemized, added = skolemize_compact(document)
    quads = to_deskolemized_quads(skolemized, loader)
    nodes = {t[2:] for q in quads for t in (q[0], q[2], q[3]) if t.startswith("_:")}
    misplaced = [path for label, path in added.items() if label not in nodes]
    if misplaced:
        for path in misplaced:
            _drop(skolemized, path)
        quads = to_deskolemized_quads(skolemized, loader)
    return skolemized, quads


def _unskolem(term: str) -> str:
    if term.startswith("<" + BNID) and term.endswith(">"):
        return "_:" + term[len(BNID) + 1 : -1]
    return term


def deskolemize(quads: Sequence[nquads.Quad]) -> list[nquads.Quad]:
    """deskolemizeNQuads: ``<urn:bnid:X>`` back to the blank node ``_:X``."""
    return [(_unskolem(s), p, _unskolem(o), _unskolem(g) if g else g) for s, p, o, g in quads]


def to_deskolemized_quads(document: Any, loader: DocumentLoader) -> list[nquads.Quad]:
    """toDeskolemizedNQuads: the (safe-mode) RDF of a skolemized document, skolem IRIs as blank nodes."""
    return deskolemize(list(dict.fromkeys(jsonld_to_quads(document, loader))))


def relabel(quads: Sequence[nquads.Quad], label_map: Mapping[str, str]) -> list[str]:
    """N-Quads lines of ``quads`` with blank node labels replaced through ``label_map`` (a missing one is an error)."""

    def term(t: str) -> str:
        if not t.startswith("_:"):
            return t
        label = label_map.get(t[2:])
        if label is None:
            raise SigningError(f"blank node {t} has no label in the label map")
        return "_:" + label

    return [nquads.serialize_quad((term(s), p, term(o), term(g) if g else g)) for s, p, o, g in quads]


# -- label maps (§3.4.x createHmacIdLabelMapFunction / createLabelMapFunction) ----------------------------------
def hmac_label_map_function(hmac_key: bytes) -> LabelMapFunction:
    """New label = ``u`` + base64url-no-pad(HMAC-SHA-256(key, canonical label))."""

    def factory(canonical_id_map: Mapping[str, str]) -> dict[str, str]:
        return {
            label: "u" + b64url_encode(hmac.new(hmac_key, c14n.encode(), hashlib.sha256).digest())
            for label, c14n in canonical_id_map.items()
        }

    return factory


def label_map_function(label_map: Mapping[str, str]) -> LabelMapFunction:
    """The verifier's factory: the canonical label's entry in the disclosed ``label_map`` (c14nN -> label)."""

    def factory(canonical_id_map: Mapping[str, str]) -> dict[str, str]:
        out = {}
        for label, c14n in canonical_id_map.items():
            if c14n not in label_map:
                raise SigningError(f"the label map has no entry for {c14n}")
            out[label] = label_map[c14n]
        return out

    return factory


def label_replacement_canonicalize(
    quads: Sequence[nquads.Quad], factory: LabelMapFunction
) -> tuple[dict[str, str], list[str]]:
    """labelReplacementCanonicalizeNQuads: RDFC-1.0, then labels from ``factory``, lines sorted."""
    text, issued = canonicalize_with_map(nquads.serialize(list(quads)), input_format="nquads")
    label_map = factory(issued)
    c14n_to_new = {issued[label]: new for label, new in label_map.items()}
    return label_map, sorted(relabel(nquads.parse(text), c14n_to_new))


# -- JSON pointers and selection (§3.4.x selectJsonLd) ----------------------------------------------------------
class _Sparse(dict[int, Any]):
    """A selected array while selecting: index -> value (made dense at the end, as step 6 says)."""


def parse_pointer(pointer: str) -> list[str]:
    """RFC 6901: the reference tokens of a JSON Pointer (``~1`` is ``/``, ``~0`` is ``~``)."""
    if not isinstance(pointer, str) or not pointer.startswith("/"):
        raise SigningError(f"{pointer!r} is not a JSON Pointer (RFC 6901): it must start with '/'")
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def initial_selection(source: Any) -> dict[str, Any]:
    """createInitialSelection: the ``id`` (unless a blank node id) and ``type`` of ``source``."""
    selection: dict[str, Any] = {}
    if not isinstance(source, dict):
        return selection
    ident = source.get("id")
    if isinstance(ident, str) and not ident.startswith("_:"):
        selection["id"] = ident
    if "type" in source:
        selection["type"] = copy.deepcopy(source["type"])
    return selection


def _step(parent: Any, token: str, pointer: str) -> tuple[Any, Any]:
    if isinstance(parent, list):
        if not token.isdigit() or (len(token) > 1 and token[0] == "0") or int(token) >= len(parent):
            raise SigningError(f"JSON Pointer {pointer} does not match the document (no array item {token})")
        return int(token), parent[int(token)]
    if isinstance(parent, dict) and token in parent:
        return token, parent[token]
    raise SigningError(f"JSON Pointer {pointer} does not match the document")


def _select_paths(pointer: str, document: dict[str, Any], selection: dict[str, Any]) -> None:
    """selectPaths for one pointer."""
    value: Any = document
    selected_value: Any = selection
    selected_parent: Any = selection
    key: Any = None
    for token in parse_pointer(pointer):
        selected_parent = selected_value
        key, value = _step(value, token, pointer)
        selected_value = selected_parent.get(key)
        if selected_value is None:
            selected_value = _Sparse() if isinstance(value, list) else initial_selection(value)
            selected_parent[key] = selected_value
    if isinstance(value, list):
        selected_parent[key] = copy.deepcopy(value)
    elif isinstance(value, dict):
        selected_parent[key] = {**selected_value, **copy.deepcopy(value)}
    else:
        selected_parent[key] = value


def _dense(value: Any) -> Any:
    if isinstance(value, _Sparse):
        return [_dense(v) for _, v in sorted(value.items())]
    if isinstance(value, dict):
        return {k: _dense(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dense(v) for v in value]
    return value


def select_json_ld(document: dict[str, Any], pointers: Sequence[str]) -> dict[str, Any] | None:
    """selectJsonLd: the parts of ``document`` the pointers name, with each node's id and type (None if none)."""
    if not pointers:
        return None
    selection = initial_selection(document)
    selection["@context"] = copy.deepcopy(document.get("@context"))
    for pointer in pointers:
        _select_paths(pointer, document, selection)
    result = _dense(selection)
    assert isinstance(result, dict)
    return result


# -- canonicalizeAndGroup -------------------------------------------------------------------------------------
@dataclass
class Group:
    """One group of canonicalizeAndGroup: canonical N-Quads (by index) the pointers select, and the rest."""

    matching: dict[int, str]
    non_matching: dict[int, str]
    deskolemized: list[nquads.Quad]


@dataclass
class Grouped:
    """The output of canonicalizeAndGroup."""

    groups: dict[str, Group]
    label_map: dict[str, str]
    nquads: list[str]


def canonicalize_and_group(
    document: dict[str, Any],
    factory: LabelMapFunction,
    group_definitions: Mapping[str, Sequence[str]],
    loader: DocumentLoader,
) -> Grouped:
    """canonicalizeAndGroup: label-replaced canonical N-Quads and, per group, which of them its pointers select."""
    skolemized, deskolemized = skolemize(document, loader)
    label_map, lines = label_replacement_canonicalize(deskolemized, factory)
    original = canonicalize_with_map(document, loader=loader).nquads
    if canonicalize_with_map(nquads.serialize(deskolemized), input_format="nquads").nquads != original:
        raise SigningError(
            "skolemizing the document changed its statements: ecdsa-sd-2023 cannot select from it"
        )
    groups: dict[str, Group] = {}
    for name, pointers in group_definitions.items():
        selected = select_json_ld(skolemized, pointers)
        selected_quads = [] if selected is None else to_deskolemized_quads(selected, loader)
        wanted = set(relabel(selected_quads, label_map))
        matching = {i: line for i, line in enumerate(lines) if line in wanted}
        rest = {i: line for i, line in enumerate(lines) if line not in wanted}
        groups[name] = Group(matching, rest, selected_quads)
    return Grouped(groups, label_map, lines)
