"""``data_model_violations(document)``: every MUST of the VC Data Model the document breaks, in document order.

One function per section of VC DM 2.0 §4 / §5 (VC DM 1.1 §4 / §5 for documents whose first context is
credentials/v1); each returns :class:`~microcred.vcdm.rules.Violation` values with the rule's stable code and
the JSON path. Pure: no I/O except ``retrieve`` (see :mod:`microcred.vcdm.related`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..clock import parse_datetime
from ..errors import MicrocredError
from ..jsonld.contexts import CREDENTIALS_V1, CREDENTIALS_V2
from ..verification.codes import CheckCode
from .related import related_resource_violations
from .rules import Violation, violation
from .values import is_date_time, is_language_string, is_url

Retrieve = Callable[[str], bytes | None]

#: Members holding typed objects: (member, code when not objects, code when a type is missing, VC 1.1 id code).
TYPED_MEMBERS: tuple[tuple[str, str, str, str | None], ...] = (
    (
        "credentialStatus",
        CheckCode.VCDM_STATUS_INVALID,
        CheckCode.VCDM_STATUS_TYPE_MISSING,
        CheckCode.VCDM_STATUS_ID_MISSING,
    ),
    ("credentialSchema", CheckCode.VCDM_SCHEMA_INVALID, CheckCode.VCDM_SCHEMA_TYPE_MISSING, None),
    (
        "refreshService",
        CheckCode.VCDM_REFRESH_SERVICE_INVALID,
        CheckCode.VCDM_REFRESH_SERVICE_TYPE_MISSING,
        CheckCode.VCDM_REFRESH_SERVICE_ID_MISSING,
    ),
    ("termsOfUse", CheckCode.VCDM_TERMS_OF_USE_INVALID, CheckCode.VCDM_TERMS_OF_USE_TYPE_MISSING, None),
    ("evidence", CheckCode.VCDM_EVIDENCE_INVALID, CheckCode.VCDM_EVIDENCE_TYPE_MISSING, None),
)


def version_of(document: dict[str, Any]) -> str | None:
    """``"v1"`` / ``"v2"`` from the first ``@context`` item, else None."""
    ctx = document.get("@context")
    first = ctx[0] if isinstance(ctx, list) and ctx else ctx
    return {CREDENTIALS_V1: "v1", CREDENTIALS_V2: "v2"}.get(first) if isinstance(first, str) else None


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _contexts(doc: dict[str, Any], version: str | None) -> list[Violation]:
    """VC DM 2.0 §4.3 / 1.1 §4.1: an ordered set, first the base context, then URLs or objects."""
    if "@context" not in doc:
        return [
            violation(
                CheckCode.VCDM_CONTEXT_MISSING, "$['@context']", "the credential has no @context", version
            )
        ]
    out: list[Violation] = []
    if version is None:
        msg = f"the first @context item must be {CREDENTIALS_V2} (or {CREDENTIALS_V1} for VC 1.1)"
        out.append(violation(CheckCode.VCDM_CONTEXT_FIRST, "$['@context'][0]", msg, version))
    for i, item in enumerate(_items(doc["@context"])[1:], start=1):
        if not (is_url(item) or isinstance(item, dict)):
            msg = "a @context item must be a URL or an object"
            out.append(violation(CheckCode.VCDM_CONTEXT_ITEM, f"$['@context'][{i}]", msg, version))
    return out


def _type_violations(value: Any, path: str, version: str | None) -> list[Violation]:
    if any(not isinstance(t, str) or not t for t in _items(value)) or value == []:
        return [
            violation(CheckCode.VCDM_TYPE_INVALID, path, "type values must be terms or URL strings", version)
        ]
    return []


def _types(doc: dict[str, Any], version: str | None) -> list[Violation]:
    """VC DM 2.0 §4.5 / 1.1 §4.3: type present, VerifiableCredential among the values."""
    if "type" not in doc:
        return [violation(CheckCode.VCDM_TYPE_MISSING, "$.type", "the credential has no type", version)]
    bad = _type_violations(doc["type"], "$.type", version)
    if bad:
        return bad
    if "VerifiableCredential" not in _items(doc["type"]):
        return [
            violation(CheckCode.VCDM_TYPE_NOT_VC, "$.type", "type must include VerifiableCredential", version)
        ]
    return []


def _ids(doc: dict[str, Any], version: str | None) -> list[Violation]:
    """VC DM 2.0 §4.4 / 1.1 §4.2: an ``id`` (of the credential, a subject or a typed object) is one URL."""
    places: list[tuple[str, Any]] = [("$.id", doc)]
    places += [
        (f"$.credentialSubject{_at(doc, 'credentialSubject', i)}.id", s)
        for i, s in _objects(doc, "credentialSubject")
    ]
    for member, *_ in TYPED_MEMBERS:
        if member != "credentialSchema":  # its id has its own rule
            places += [(f"$.{member}{_at(doc, member, i)}.id", o) for i, o in _objects(doc, member)]
    return [
        violation(CheckCode.VCDM_ID_NOT_URL, path, f"id must be a URL, not {obj['id']!r}", version)
        for path, obj in places
        if "id" in obj and not is_url(obj["id"])
    ]


def _objects(doc: dict[str, Any], member: str) -> list[tuple[int, dict[str, Any]]]:
    return [(i, o) for i, o in enumerate(_items(doc.get(member))) if isinstance(o, dict)]


def _at(doc: dict[str, Any], member: str, index: int) -> str:
    return f"[{index}]" if isinstance(doc.get(member), list) else ""


def _names(doc: dict[str, Any], version: str | None) -> list[Violation]:
    """VC DM 2.0 §4.6: name / description of the credential and of its issuer."""
    if version == "v1":
        return []
    out: list[Violation] = []
    issuer = doc.get("issuer")
    for base, obj in (("$", doc), ("$.issuer", issuer if isinstance(issuer, dict) else {})):
        for member, code in (
            ("name", CheckCode.VCDM_NAME_INVALID),
            ("description", CheckCode.VCDM_DESCRIPTION_INVALID),
        ):
            if member in obj and not is_language_string(obj[member]):
                msg = f"{member} must be a string or a language value object"
                out.append(violation(code, f"{base}.{member}", msg, version))
    return out


def _issuer(doc: dict[str, Any], version: str | None) -> list[Violation]:
    """VC DM 2.0 §4.7 / 1.1 §4.5: issuer is a URL or an object whose id is a URL."""
    if "issuer" not in doc:
        return [violation(CheckCode.VCDM_ISSUER_MISSING, "$.issuer", "the credential has no issuer", version)]
    issuer = doc["issuer"]
    if is_url(issuer) or (isinstance(issuer, dict) and is_url(issuer.get("id"))):
        return []
    msg = "issuer must be a URL or an object whose id is a URL"
    return [violation(CheckCode.VCDM_ISSUER_INVALID, "$.issuer", msg, version)]


def _subject(doc: dict[str, Any], version: str | None) -> list[Violation]:
    """VC DM 2.0 §4.8 / 1.1 §4.4: one or more subject objects, each the subject of at least one claim."""
    if "credentialSubject" not in doc:
        return [
            violation(
                CheckCode.VCDM_SUBJECT_MISSING,
                "$.credentialSubject",
                "the credential has no credentialSubject",
                version,
            )
        ]
    subject = doc["credentialSubject"]
    if any(not isinstance(s, dict) for s in _items(subject)):
        msg = "credentialSubject must be an object or a list of objects"
        return [violation(CheckCode.VCDM_SUBJECT_INVALID, "$.credentialSubject", msg, version)]
    if subject == [] or any(s == {} for s in _items(subject)):
        msg = "credentialSubject must hold at least one subject with at least one claim"
        return [violation(CheckCode.VCDM_SUBJECT_EMPTY, "$.credentialSubject", msg, version)]
    return []


def _dates(doc: dict[str, Any], version: str | None) -> list[Violation]:
    """VC DM 2.0 §4.9 (dateTimeStamp, validUntil not before validFrom); VC DM 1.1 §4.6 / §4.8 (dateTime)."""
    if version == "v1":
        out = []
        if "issuanceDate" not in doc:
            out.append(
                violation(
                    CheckCode.VCDM_ISSUANCE_DATE_MISSING,
                    "$.issuanceDate",
                    "VC 1.1 requires issuanceDate",
                    version,
                )
            )
        members = (
            ("issuanceDate", CheckCode.VCDM_ISSUANCE_DATE_INVALID),
            ("expirationDate", CheckCode.VCDM_EXPIRATION_DATE_INVALID),
        )
        for member, code in members:
            if member in doc and not is_date_time(doc[member], timezone_required=False):
                out.append(
                    violation(code, f"$.{member}", f"{member} must be an XML Schema dateTime", version)
                )
        return out
    out = []
    members = (
        ("validFrom", CheckCode.VCDM_VALID_FROM_INVALID),
        ("validUntil", CheckCode.VCDM_VALID_UNTIL_INVALID),
    )
    for member, code in members:
        if member in doc and not is_date_time(doc[member], timezone_required=True):
            msg = f"{member} must be an XML Schema dateTimeStamp (a date-time with a timezone)"
            out.append(violation(code, f"$.{member}", msg, version))
    if not out and "validFrom" in doc and "validUntil" in doc:
        try:
            start, end = parse_datetime(doc["validFrom"]), parse_datetime(doc["validUntil"])
        except MicrocredError:  # a year outside what Python represents: nothing to compare
            return out
        if end < start:
            msg = "validUntil is earlier than validFrom"
            out.append(violation(CheckCode.VCDM_VALIDITY_ORDER, "$.validUntil", msg, version))
    return out


def _typed_members(doc: dict[str, Any], version: str | None) -> list[Violation]:
    """VC DM 2.0 §4.10, §4.11, §5.4-§5.6 / 1.1 §4.9, §5.4-§5.7: objects that each carry a type."""
    out: list[Violation] = []
    for member, invalid_code, type_code, v1_id_code in TYPED_MEMBERS:
        if member not in doc:
            continue
        value = doc[member]
        if value == [] or any(not isinstance(o, dict) for o in _items(value)):
            msg = f"{member} must be an object or a list of objects"
            out.append(violation(invalid_code, f"$.{member}", msg, version))
            continue
        for i, obj in _objects(doc, member):
            path = f"$.{member}{_at(doc, member, i)}"
            if "type" not in obj:
                out.append(violation(type_code, f"{path}.type", f"a {member} object needs a type", version))
            else:
                out += _type_violations(obj["type"], f"{path}.type", version)
            if member == "credentialSchema" and not is_url(obj.get("id")):
                msg = "a credentialSchema object needs an id that is the schema's URL"
                out.append(violation(CheckCode.VCDM_SCHEMA_ID_INVALID, f"{path}.id", msg, version))
            if version == "v1" and v1_id_code is not None and "id" not in obj:
                out.append(
                    violation(v1_id_code, f"{path}.id", f"a VC 1.1 {member} object needs an id", version)
                )
    return out


def data_model_violations(document: Any, *, retrieve: Retrieve | None = None) -> list[Violation]:
    """Every MUST of the VC Data Model (2.0, or 1.1 for a credentials/v1 document) that ``document`` breaks.

    ``retrieve(url)`` returns a related resource's bytes when the caller has them (None: not retrieved), so that
    a ``relatedResource`` digest can be compared (VC DM 2.0 §5.3); without it digests are only checked for form.
    """
    if not isinstance(document, dict):
        return [violation(CheckCode.VCDM_TYPE_MISSING, "$", "a credential is a JSON object", None)]
    version = version_of(document)
    return [
        *_contexts(document, version),
        *_ids(document, version),
        *_types(document, version),
        *_names(document, version),
        *_issuer(document, version),
        *_subject(document, version),
        *_dates(document, version),
        *_typed_members(document, version),
        *([] if version == "v1" else related_resource_violations(document, version, retrieve)),
    ]
