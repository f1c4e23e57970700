"""Validate an Open Badges 3.0 credential against the 1EdTech AchievementCredential JSON Schema.

The schema (draft 2019-09) is bundled (``data/ob_v3p0_achievementcredential_schema.json``, see
``data/SOURCE.md``); :mod:`jsonschema` checks it, offline (the schema has no remote ``$ref``).

The bundled schema is the JSON-LD variant, which types ``proof`` as an array. VC Data Integrity §2.1 allows one
proof as an object (the official OB 3.0 eddsa-rdfc-2022 test vector has one), and in JSON-LD an object and a
one-element array are the same statements: a single proof object is checked as a one-element proof set.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA_FILE = Path(__file__).resolve().parent / "data" / "ob_v3p0_achievementcredential_schema.json"


@cache
def _validator() -> jsonschema.Draft201909Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return jsonschema.Draft201909Validator(schema)


def ob3_schema_errors(doc: Any, *, limit: int = 50) -> list[str]:
    """``"$.path: message"`` for each way ``doc`` breaks the OB 3.0 schema (empty when it conforms)."""
    out: list[str] = []
    if isinstance(doc, dict) and isinstance(doc.get("proof"), dict):
        doc = {**doc, "proof": [doc["proof"]]}
    for error in _validator().iter_errors(doc):
        out.append(f"{error.json_path}: {error.message[:300]}")
        if len(out) >= limit:
            break
    return out
