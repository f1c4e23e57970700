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
from typing import Any

from ..jsonio import copy_json
from ..jsonld.contexts import MICROCRED_V1, bundled_document
from .terms import EDC_AP_VCDM2

Node = dict[str, Any]


def microcred_context() -> Node:
    """The inline form of ``https://w3id.org/microcred/v1``."""
    context: Node = copy.deepcopy(bundled_document(MICROCRED_V1)["@context"])
    return context


def _used_names(value: Any, out: set[str]) -> set[str]:
    """Every member name and string value in ``value`` (a superset of the terms it uses), ``@context`` aside."""
    stack = [value]
    while stack:
        node = stack.pop()
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
    return out


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


def edc_vcdm2_context(document: Node) -> Node:
    """The inline EDC context for the VC 2.0 shape: the definitions ``document`` needs."""
    variant: Node = bundled_document(EDC_AP_VCDM2)["@context"]
    used = _used_names(document, set())
    compact = [u for u in used if ":" in u]
    # what decides the result: the terms used, and the prefix names compact IRIs in the document could refer to
    key = (
        frozenset(t for t in used if t in variant),
        frozenset(_prefix_candidates(compact) & variant.keys()),
    )
    computed = _COMPUTED.get(key)
    if computed is None:
        terms = {t: d for t, d in variant.items() if not _is_prefix(d) and (t.startswith("@") or t in used)}
        # the prefixes those definitions, and compact IRIs in the document, refer to
        text = json.dumps(terms) + " " + " ".join(compact)
        prefixes = {
            t: d for t, d in variant.items() if _is_prefix(d) and (f'"{t}:' in text or f" {t}:" in text)
        }
        computed = {t: d for t, d in variant.items() if t in terms or t in prefixes}
        if len(_COMPUTED) >= 256:
            _COMPUTED.clear()
        _COMPUTED[key] = computed
    return {t: copy_json(d) for t, d in computed.items()}


def is_edc_vcdm2_context(value: Any) -> bool:
    """True for the EDC VC 2.0 context, by URL or inline (as :func:`edc_vcdm2_context` writes it)."""
    return value == EDC_AP_VCDM2 or (isinstance(value, dict) and "hasClaim" in value and "elm" in value)


def embed_contexts(document: Node) -> Node:
    """``document`` with microcred's context URLs replaced by their inline definitions (in place)."""
    contexts = document.get("@context")
    if not isinstance(contexts, list):
        return document
    out: list[Any] = []
    for ctx in contexts:
        if ctx == MICROCRED_V1:
            out.append(microcred_context())
        elif ctx == EDC_AP_VCDM2:
            out.append(edc_vcdm2_context(document))
        else:
            out.append(ctx)
    document["@context"] = out
    return document
