"""Embed microcred's context definitions in the credentials it writes, so that public contexts suffice.

A credential microcred writes must expand with the W3C VC, Data Integrity and EDC contexts alone: a wallet or
the EDC verifier cannot fetch ``https://w3id.org/microcred/...`` (JSON-LD 1.1 §4.1 allows a context to be an
embedded object instead of a URL). Two of microcred's contexts are therefore written inline:

* the two terms of microcred's own vocabulary (``stackability``, ``creditRecognisedTowards``, the elements of
  Annex I that ELM 3 has no property for), protected as in ``contexts/microcred-v1.jsonld``;
* for the VC 2.0 shape, the EDC application-profile context made usable after the VC 2.0 context (the official
  one redefines the protected ``description``; see ``vocab/tools/build_contexts.py``): the definitions of the
  terms the document uses, and the prefixes they need, copied from ``contexts/microcred-edc-ap-vcdm2-v1.jsonld``.

The definitions are the bundled ones byte for byte, so the RDF graph is the one the URL contexts give and
credentials issued with the URL contexts before still verify (those contexts stay bundled).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from ..jsonio import copy_json
from ..jsonld.context_cache import document_text, remember_text
from ..jsonld.contexts import MICROCRED_V1, bundled_document
from .terms import EDC_AP_VCDM2

Node = dict[str, Any]


# -- shared inline contexts (issue 19: written once per batch, not once per credential) -------------------------
#: True inside :func:`shared_inline_contexts`.
_SHARING: ContextVar[bool] = ContextVar("microcred_shared_inline_contexts", default=False)


@contextmanager
def shared_inline_contexts() -> Iterator[None]:
    """Within this block the inline contexts written are shared objects: the same object every time for the
    same definitions (no copy per credential), which NOBODY may change.

    For a caller that serializes each credential it writes and then drops it (the batch worker with serialized
    output). The JSON text of each one is given to the active
    :func:`~microcred.jsonld.context_cache.json_text_memo`, so that signing does not write it again. The ELM writer's repeated nodes (the awarding process under the achievement, the activity
    and the assessment) are then one object too (:meth:`~microcred.elm.nodes.NodeWriter.reuse`), which nobody
    may change either. Outside the block every credential gets its own copy, as always."""
    token = _SHARING.set(True)
    try:
        yield
    finally:
        _SHARING.reset(token)


class _Shared:
    """One inline context handed out in a sharing block, and its sorted JSON text (written once)."""

    __slots__ = ("context", "sorted_text")

    def __init__(self, context: Node) -> None:
        self.context = context
        #: as :func:`~microcred.jsonld.context_cache.document_text` writes it
        self.sorted_text = document_text(context)


#: id of a shared context -> its :class:`_Shared` (which keeps it alive); bounded with ``_COMPUTED``.
_SHARED: dict[int, _Shared] = {}


def _hand_out(context: Node) -> Node:
    """``context`` itself inside a sharing block (its texts remembered), else a copy."""
    if not _SHARING.get():
        return {t: copy_json(d) for t, d in context.items()}
    shared = _SHARED.get(id(context))
    if shared is None or shared.context is not context:
        shared = _SHARED[id(context)] = _Shared(context)
    remember_text(context, shared.sorted_text)
    return context


def sharing() -> bool:
    """True inside :func:`shared_inline_contexts`."""
    return _SHARING.get()


# -- the contexts -----------------------------------------------------------------------------------------------
#: The bundled microcred context's definitions (never handed out: copied, or shared through ``_hand_out``).
_MICROCRED: list[Node] = []


def microcred_context() -> Node:
    """The inline form of ``https://w3id.org/microcred/v1``."""
    if not _MICROCRED:
        _MICROCRED.append(copy.deepcopy(bundled_document(MICROCRED_V1)["@context"]))
    return _hand_out(_MICROCRED[0])


#: Object id -> (the object, its :func:`used_names`): objects whose names a writer already knows.
KnownNames = dict[int, tuple[Node, frozenset[str]]]

#: The ``id`` of a node object -> (a private copy of the node last seen with that id, its names): see
#: :func:`node_names`; bounded by :data:`MAX_REMEMBERED_NODES`.
_NODE_NAMES: dict[str, tuple[Node, frozenset[str]]] = {}
MAX_REMEMBERED_NODES = 256


def used_names(
    value: Any,
    out: set[str],
    known: KnownNames | None = None,
    parts: set[frozenset[str]] | None = None,
) -> set[str]:
    """Every member name and string value in ``value`` (a superset of the terms it uses), ``@context`` aside;
    string values of 100 characters or more are left out (they are no term or compact IRI a writer means).

    ``known``: the names of objects in ``value`` already known (the ELM writer's concepts and repeated nodes;
    see :class:`~microcred.elm.nodes.NodeWriter`), taken as they are instead of walking those objects again;
    with ``parts``, added there (the names in ``value`` are then ``out`` and every set in ``parts``)."""
    stack = [value]
    while stack:
        node = stack.pop()
        cls = node.__class__
        if cls is dict and "@context" not in node:  # the common case first: every member name at once
            if known is not None:
                seen = known.get(id(node))
                if seen is not None and seen[0] is node:
                    if parts is None:
                        out.update(seen[1])
                    else:
                        parts.add(seen[1])
                    continue
            out.update(node)
            for item in node.values():
                if item.__class__ is str:
                    if len(item) < 100:
                        out.add(item)
                elif item.__class__ is not bool and item.__class__ is not int:
                    stack.append(item)
        elif cls is list:
            stack.extend(node)
        else:
            _other_names(node, out, stack)
    return out


def node_names(node: Node, known: KnownNames | None = None) -> frozenset[str]:
    """``frozenset(used_names(node, set(), known))``, remembered across documents (issue 19): the repeated node
    objects of a batch (its organisations, the specification) are compared with the copy last seen under their
    ``id`` (``==``, C speed) instead of walked again.

    Exact: :func:`used_names` collects member names and strings; trees equal under ``==`` hold the same member
    names and the same strings at the same places (a string equals only a string), and numbers and booleans,
    which ``==`` mixes up, are no names."""
    ident = node.get("id")
    if ident.__class__ is not str:
        return frozenset(used_names(node, set(), known))
    seen = _NODE_NAMES.get(ident)
    if seen is not None and seen[0] == node:
        return seen[1]
    names = frozenset(used_names(node, set(), known))
    if len(_NODE_NAMES) >= MAX_REMEMBERED_NODES:
        _NODE_NAMES.clear()
    _NODE_NAMES[ident] = (copy_json(node), names)
    return names


def _other_names(node: Any, out: set[str], stack: list[Any]) -> None:
    """:func:`used_names` of an object holding ``@context``, a dict or list subclass, or a scalar."""
    if isinstance(node, dict):
        for key, item in node.items():
            if key != "@context":
                out.add(key)
                if item.__class__ is str:
                    if len(item) < 100:
                        out.add(item)
                else:
                    stack.append(item)
    elif isinstance(node, list):
        stack.extend(node)
    elif isinstance(node, str) and len(node) < 100:
        out.add(node)


def _is_prefix(definition: Any) -> bool:
    return isinstance(definition, str) and definition.endswith(("/", "#"))


#: Inline contexts computed, by what decides them (see :func:`edc_vcdm2_context`); bounded.
_COMPUTED: dict[tuple[frozenset[str], frozenset[str]], Node] = {}


def _prefix_candidates(compact: list[str]) -> set[str]:
    """The names ``t`` for which ``" t:"`` or ``'"t:'`` occurs in ``" " + " ".join(compact)``.

    A prefix name holds no colon, space or quote, so such an occurrence is a segment of one of the strings
    (after a space, at its start, or after a quote) that begins with ``t:``.
    """
    found: set[str] = set()
    for value in compact:
        for segment in value.split(" "):
            if ":" in segment:
                found.add(segment.partition(":")[0])
        if '"' in value:
            for segment in value.split('"')[1:]:
                if ":" in segment:
                    found.add(segment.partition(":")[0])
    return found


#: A set of names (of a known node, see :func:`used_names`) -> its terms and prefix candidates that are terms of
#: the EDC VC 2.0 context variant (see :func:`_decisive`); bounded.
_PART_TERMS: dict[frozenset[str], tuple[frozenset[str], frozenset[str]]] = {}


def _terms_of(names: set[str] | frozenset[str], terms: Any) -> tuple[frozenset[str], frozenset[str]]:
    """``names`` that are ``terms``, and the :func:`_prefix_candidates` of its compact IRIs that are ``terms``."""
    compact = [u for u in names if ":" in u]
    return frozenset(names & terms), frozenset(_prefix_candidates(compact) & terms)


def _decisive(
    document: Node, variant: Node, known: KnownNames | None
) -> tuple[frozenset[str], frozenset[str]]:
    """``_terms_of(used_names(document, set(), known), variant.keys())``, by parts (issue 19): both are unions
    over the names, and the names of a known node (one set object per node repeated across a batch) are
    looked at once per process, not once per document."""
    parts: set[frozenset[str]] = set()
    loose = used_names(document, set(), known, parts)
    terms = variant.keys()
    used, prefixes = _terms_of(loose, terms)
    if not parts:
        return used, prefixes
    used_sets, prefix_sets = [used], [prefixes]
    for part in parts:
        found = _PART_TERMS.get(part)
        if found is None:
            if len(_PART_TERMS) >= 4096:
                _PART_TERMS.clear()
            found = _PART_TERMS[part] = _terms_of(part, terms)
        used_sets.append(found[0])
        prefix_sets.append(found[1])
    return frozenset().union(*used_sets), frozenset().union(*prefix_sets)


def edc_vcdm2_context(document: Node, *, known: KnownNames | None = None) -> Node:
    """The inline EDC context for the VC 2.0 shape: the definitions ``document`` needs (``known``: as for
    :func:`used_names`)."""
    variant: Node = bundled_document(EDC_AP_VCDM2)["@context"]
    # what decides the result: the terms used, and the prefix names compact IRIs in the document could refer to
    key = _decisive(document, variant, known)
    computed = _COMPUTED.get(key)
    if computed is None:
        names = used_names(document, set(), known)
        used = key[0]  # the names used that are terms
        compact = [u for u in names if ":" in u]
        terms = {t: d for t, d in variant.items() if not _is_prefix(d) and (t.startswith("@") or t in used)}
        # the prefixes those definitions, and compact IRIs in the document, refer to
        text = json.dumps(terms) + " " + " ".join(compact)
        prefixes = {
            t: d for t, d in variant.items() if _is_prefix(d) and (f'"{t}:' in text or f" {t}:" in text)
        }
        computed = {t: d for t, d in variant.items() if t in terms or t in prefixes}
        if len(_COMPUTED) >= 256:
            _COMPUTED.clear()
            _SHARED.clear()
        _COMPUTED[key] = computed
    return _hand_out(computed)


def is_edc_vcdm2_context(value: Any) -> bool:
    """True for the EDC VC 2.0 context, by URL or inline (as :func:`edc_vcdm2_context` writes it)."""
    return value == EDC_AP_VCDM2 or (isinstance(value, dict) and "hasClaim" in value and "elm" in value)


def embed_contexts(document: Node, *, known: KnownNames | None = None) -> Node:
    """``document`` with microcred's context URLs replaced by their inline definitions (in place); ``known``:
    as for :func:`used_names`."""
    contexts = document.get("@context")
    if not isinstance(contexts, list):
        return document
    out: list[Any] = []
    for ctx in contexts:
        if ctx == MICROCRED_V1:
            out.append(microcred_context())
        elif ctx == EDC_AP_VCDM2:
            out.append(edc_vcdm2_context(document, known=known))
        else:
            out.append(ctx)
    document["@context"] = out
    return document
