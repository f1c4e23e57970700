"""Validate a credential against EBSI's VCDM 2.0 Europass EDC JSON Schema (draft 2020-12), offline.

The two bundled schemas (``data/ebsi/``, see ``data/SOURCE.md``) are registered with :mod:`referencing` under
a local base so that the EDC schema's relative ``$ref`` to the attestation schema resolves without a network.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry
from referencing.jsonschema import DRAFT202012

DATA = Path(__file__).resolve().parent / "data" / "ebsi"
_BASE = "urn:microcred:bundled:ebsi/"


@cache
def _validator() -> jsonschema.Draft202012Validator:
    edc = json.loads((DATA / "vcdm2.0-europass-edc-schema.json").read_text(encoding="utf-8"))
    attestation = json.loads((DATA / "vcdm2.0-attestation-schema.json").read_text(encoding="utf-8"))
    base = "https://schemas.microcred.invalid/ebsi/"  # a hierarchical base, for the relative $ref
    registry: Registry[Any] = Registry().with_resource(
        base + "node_modules/@cef-ebsi/vcdm2.0-attestation-schema/schema.json",
        DRAFT202012.create_resource(attestation),
    )
    return jsonschema.Draft202012Validator({**edc, "$id": base + "edc.json"}, registry=registry)


def _leaves(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    if not error.context:
        return [error]
    return [leaf for sub in error.context for leaf in _leaves(sub)]


def ebsi_schema_errors(doc: Any, *, limit: int = 50) -> list[str]:
    """``"$.path: message"`` for each way ``doc`` breaks the EBSI EDC schema (empty when it conforms).

    For a failed ``oneOf``/``anyOf`` (the schema's type unions) the forbidden extra properties are given if any
    branch names them, else the deepest messages."""
    out: list[str] = []
    for error in _validator().iter_errors(doc):
        leaves = _leaves(error)
        extra = [
            leaf for leaf in leaves if leaf.validator in ("additionalProperties", "unevaluatedProperties")
        ]
        if extra:
            leaves = extra
        depth = max(len(list(leaf.absolute_path)) for leaf in leaves)
        for leaf in leaves:
            if len(list(leaf.absolute_path)) == depth:
                out.append(f"{leaf.json_path}: {leaf.message[:300]}")
        if len(out) >= limit:
            break
    return sorted(dict.fromkeys(out), key=len)[:limit]  # the most precise (shortest) first
