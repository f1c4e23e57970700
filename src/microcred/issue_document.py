"""The document ``issue()`` signs: steps 2-4 of the issue path (docs/architecture.md).

A :class:`~microcred.model.MicroCredential` is written as ELM 3 / Europass EDC JSON-LD (VC DM 1.1 or 2.0) or as an
Open Badges 3.0 ``OpenBadgeCredential``; a JSON-LD dict is copied as is. The holder is bound, the data model is
checked against the format (VC-JOSE-COSE secures VC DM 2.0, VC-JWT VC DM 1.1) and the issuer against the key's
controller (VC DM 2.0 §4.7), ``credentialStatus`` entries are allocated (Bitstring Status List §2.1), and every
MUST of the VC Data Model is enforced before anything is signed.
"""

from __future__ import annotations

from typing import Any, Literal

from .clock import Clock, format_datetime
from .errors import ModelValidationError, SigningError, UsageError
from .issue_options import StatusAllocator
from .jsonio import copy_json
from .keys import Key
from .model_check import is_micro_credential
from .vcdm import data_model_version, issuer_id
from .vcdm.conformance import require_conforming

DataModel = Literal["v1", "v2"]

#: The VC data model each format uses for a MicroCredential when the caller does not choose.
#: Europass EDC seals VC 1.1 documents (JAdES); VC-JWT 1.1 is VC 1.1 by definition; VC-JOSE-COSE requires 2.0;
#: the Data Integrity suites are issued as VC 2.0 (what the W3C VC 2.0 test suites and OB 3.0 expect).
DEFAULT_DATA_MODEL: dict[str, DataModel] = {
    "jades": "v1",
    "vc-jwt": "v1",
    "jws-2020": "v1",
    "vc+jwt": "v2",
    "eddsa-rdfc-2022": "v2",
    "ecdsa-rdfc-2019": "v2",
}

#: Formats that only accept one data model.
REQUIRED_DATA_MODEL: dict[str, DataModel] = {"vc+jwt": "v2", "vc-jwt": "v1"}


def _is_did(value: str | None) -> bool:
    return bool(value) and str(value).startswith("did:")


def _write_document(
    credential: Any, key: Key, fmt: str, data_model: DataModel | None, shape: str | None = None
) -> dict[str, Any]:
    if shape == "ob3":  # checked by check_shape: a MicroCredential, VC 2.0
        from .shapes.ob3 import to_ob3

        return to_ob3(credential, issuer_id=key.controller or None)
    if is_micro_credential(credential):
        from .elm import to_elm

        missing = credential.missing_mandatory()
        if missing:
            raise ModelValidationError(
                "the micro-credential lacks mandatory elements: "
                + "; ".join(f"{p}: {m}" for p, m in missing),
                details={"errors": [{"path": p, "message": m} for p, m in missing]},
            )
        model = data_model or DEFAULT_DATA_MODEL.get(fmt, "v2")
        return to_elm(credential, data_model=model, issuer_id=key.controller or None)
    if isinstance(credential, dict):
        doc: dict[str, Any] = copy_json(credential)
        if data_model is not None and data_model_version(doc) not in (None, data_model):
            raise UsageError(
                f"data_model={data_model!r} was asked for, but the document is VC {data_model_version(doc)}"
            )
        return doc
    raise UsageError(f"issue() takes a MicroCredential or a JSON-LD dict, not {type(credential).__name__}")


def prepare_document(
    credential: Any,
    key: Key,
    format: str,
    *,
    data_model: DataModel | None,
    shape: str | None,
    holder: Key | None,
    status: StatusAllocator | None,
    clock: Clock,
    allow_nonconforming: bool,
) -> dict[str, Any]:
    """The JSON-LD document ``issue()`` hands to the ``format``'s suite, secured by ``key`` (a private key).

    Raises :class:`~microcred.errors.ModelValidationError` for a micro-credential missing mandatory elements,
    :class:`~microcred.errors.SigningError` for a document the format or key cannot secure (naming its JSON
    path), and :class:`~microcred.errors.NonConformingCredentialError` for a VC Data Model violation unless
    ``allow_nonconforming``.
    """
    document = _write_document(credential, key, format, data_model, shape)
    if holder is not None:
        from .issue_holder import bind_holder

        bind_holder(document, holder)

    required = REQUIRED_DATA_MODEL.get(format)
    actual = data_model_version(document)
    if required and actual != required:
        names = {"v1": "VC Data Model 1.1", "v2": "VC Data Model 2.0"}
        raise SigningError(
            f"{format} secures {names[required]} documents; this one is {names.get(actual or '', 'neither')}",
            path="$['@context']",
        )

    issuer = issuer_id(document)
    if issuer is None:
        raise SigningError("the credential has no issuer (set issuer or issuer.id)", path="$.issuer")
    if _is_did(issuer) and _is_did(key.controller) and issuer != key.controller:
        raise SigningError(
            f"the key {key.kid} belongs to {key.controller}, but the credential's issuer is {issuer}",
            path="$.issuer",
        )

    if status is not None:
        ident = document.get("id")
        if not isinstance(ident, str):
            raise SigningError("a credential needs an id to get a credentialStatus entry", path="$.id")
        entries = status.allocate(ident)
        document["credentialStatus"] = entries[0] if len(entries) == 1 else entries
        if actual == "v1" and any(e.get("type") == "BitstringStatusListEntry" for e in entries):
            from .jsonld.contexts import BITSTRING_STATUS_V1

            ctx = document["@context"]
            if BITSTRING_STATUS_V1 not in ctx:
                document["@context"] = [*ctx, BITSTRING_STATUS_V1]

    if actual == "v1" and "issuanceDate" not in document:
        document["issuanceDate"] = format_datetime(clock.now())
    if not allow_nonconforming:  # VC DM 2.0 / 1.1 MUSTs: never sign what a conforming verifier must reject
        require_conforming(document)

    return document


__all__ = ["DEFAULT_DATA_MODEL", "REQUIRED_DATA_MODEL", "DataModel", "prepare_document"]
