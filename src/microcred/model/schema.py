"""JSON Schema of the model (committed as ``docs/model-schema.json``).

Regenerate with (from the repository root)::

    python -c "from microcred.model.schema import write_schema; write_schema('docs/model-schema.json')"
"""

from __future__ import annotations

import json
from typing import Any

from ..jsonio import write_atomic
from .credential import MicroCredential

SCHEMA_ID = "https://w3id.org/microcred/model-schema.json"


def model_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :class:`MicroCredential` model JSON."""
    schema = MicroCredential.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def schema_text() -> str:
    """The JSON Schema of the model JSON, as indented text (what docs/model-schema.json holds)."""
    return json.dumps(model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(path: str) -> None:
    """Write the schema to ``path`` atomically."""
    write_atomic(path, schema_text())
