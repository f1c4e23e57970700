"""VC Data Model 2.0 §4.13 "Verifiable Presentations": the rules a presentation follows as data.

Checked whether or not the presentation carries a proof: ``@context`` with the VC context first (§4.3),
``type`` including ``VerifiablePresentation``, ``id`` and ``holder`` as URLs (``holder`` may be an object with an
``id``), ``verifiableCredential`` entries as objects only (§4.13: "verifiable credential objects, not
identifiers or strings"), and enveloped credentials (§4.13.1) as ``EnvelopedVerifiableCredential`` with a
``data:`` URL ``id``.
"""

from __future__ import annotations

from typing import Any

from ..jsonld.contexts import CREDENTIALS_V2
from ..verification.codes import CheckCode, CheckName
from ..verification.results import Check

CREDENTIALS_V1 = "https://www.w3.org/2018/credentials/v1"


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and ":" in value and not value.startswith(":") and " " not in value


def credential_entries(presentation: dict[str, Any]) -> list[Any]:
    """The ``verifiableCredential`` entries (a single value counts as a list of one)."""
    entries = presentation.get("verifiableCredential", [])
    return entries if isinstance(entries, list) else [entries]


def _entry_problems(index: int, entry: Any) -> list[str]:
    where = f"$.verifiableCredential[{index}]"
    if not isinstance(entry, dict):
        return [f"{where} is a {type(entry).__name__}; credentials in a presentation are objects only"]
    types = entry.get("type")
    if "EnvelopedVerifiableCredential" in (types if isinstance(types, list) else [types]):
        ident = entry.get("id")
        if not (isinstance(ident, str) and ident.startswith("data:")):
            return [f"{where}.id of an EnvelopedVerifiableCredential must be a data: URL"]
        return []
    if "VerifiableCredential" not in (types if isinstance(types, list) else [types]):
        return [f"{where}.type does not include VerifiableCredential"]
    return []


def problems(presentation: dict[str, Any]) -> list[str]:
    """Every §4.13 rule ``presentation`` breaks, as "path: what" strings (empty when it conforms)."""
    found: list[str] = []
    ctx = presentation.get("@context")
    first = ctx[0] if isinstance(ctx, list) and ctx else ctx
    if first not in (CREDENTIALS_V2, CREDENTIALS_V1):
        found.append(f"$['@context'] must start with {CREDENTIALS_V2}")
    types = presentation.get("type")
    if "VerifiablePresentation" not in (types if isinstance(types, list) else [types]):
        found.append("$.type must include VerifiablePresentation")
    if "id" in presentation and not _is_url(presentation["id"]):
        found.append("$.id must be a URL")
    if "holder" in presentation:
        holder = presentation["holder"]
        if isinstance(holder, dict):
            if not _is_url(holder.get("id")):
                found.append("$.holder is an object without a URL id")
        elif not _is_url(holder):
            found.append("$.holder must be a URL or an object with an id")
    for index, entry in enumerate(credential_entries(presentation)):
        found.extend(_entry_problems(index, entry))
    return found


def holder_of(presentation: dict[str, Any]) -> str | None:
    """The presentation's ``holder`` URL (or the ``id`` of a holder object)."""
    holder = presentation.get("holder")
    if isinstance(holder, dict):
        holder = holder.get("id")
    return holder if isinstance(holder, str) else None


def presentation_data_model_check(presentation: dict[str, Any]) -> Check:
    """One ``presentation`` check: passed, or failed listing every broken rule."""
    found = problems(presentation)
    if found:
        return Check.fail(
            CheckName.PRESENTATION,
            CheckCode.PRESENTATION_DATA_MODEL_INVALID,
            "; ".join(found[:5]),
            problems=found,
        )
    count = len(credential_entries(presentation))
    return Check.ok(
        CheckName.PRESENTATION,
        CheckCode.PRESENTATION_DATA_MODEL_VALID,
        f"a VC DM 2.0 presentation of {count} credential(s)",
    )
