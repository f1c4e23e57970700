"""Validate SD-JWT VC claims against the JSON Schema of their Type Metadata (see :mod:`.type_metadata`).

``jsonschema`` (Draft 2020-12) is the reference: it checks the schema once (``check_schema``), keeps the validator
per document hash, and gives the error message (the best match). For microcred's own bundled document, whose
schema ships with the package, the claims are first run through a validator compiled once with ``fastjsonschema``
(draft-07 keywords, which that schema keeps to; no defaults written, formats not asserted, as in
``jsonschema``): about ten times faster on valid claims, the common case. Claims it rejects are handed to
``jsonschema``, which decides and words the error. Schemas of other documents are never compiled to code
(``fastjsonschema`` generates Python from the schema): they only go through ``jsonschema``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import SdJwtError
from ..verification.codes import CheckCode

_VALIDATORS: dict[str, Any] = {}
_COMPILED: dict[str, Callable[[Any], Any]] = {}
_MAX_VALIDATORS = 64


def _validator(schema: Any, key: str) -> Any:
    import jsonschema

    validator = _VALIDATORS.get(key)
    if validator is None:
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as exc:
            raise SdJwtError(
                f"the Type Metadata schema is invalid: {exc.message}", reason=CheckCode.TYPE_METADATA_INVALID
            ) from exc
        validator = jsonschema.Draft202012Validator(schema)
        if len(_VALIDATORS) >= _MAX_VALIDATORS:
            _VALIDATORS.pop(next(iter(_VALIDATORS)))
        _VALIDATORS[key] = validator
    return validator


def _fast_valid(claims: dict[str, Any], schema: Any, key: str) -> bool:
    """True when the compiled validator accepts ``claims`` (False: let jsonschema decide)."""
    import fastjsonschema

    compiled = _COMPILED.get(key)
    if compiled is None:
        try:
            compiled = fastjsonschema.compile(schema, use_default=False, use_formats=False)
        except Exception:  # only a shortcut: whatever goes wrong, jsonschema decides
            return False
        _COMPILED[key] = compiled
    try:
        compiled(claims)
    except Exception:  # JsonSchemaValueException, or anything else: jsonschema decides
        return False
    return True


def check_claims_schema(claims: dict[str, Any], schema: Any, key: str, *, bundled: bool) -> None:
    """Validate ``claims`` with ``schema`` (cached under ``key``, the document's hash); ``SCHEMA_VIOLATION`` names
    the first offending path. ``bundled``: the schema is microcred's own (it may take the compiled fast path)."""
    import jsonschema

    validator = _validator(schema, key)
    if bundled and _fast_valid(claims, schema, key):
        return
    error = jsonschema.exceptions.best_match(validator.iter_errors(claims))
    if error is not None:
        where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        raise SdJwtError(f"{where}: {error.message}", reason=CheckCode.SCHEMA_VIOLATION, path=where)
