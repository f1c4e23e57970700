"""The parts of a stack: their exact bytes, digest, ``data:`` URL, and the facts a stack needs from them.

A part is carried in the stack as a VC 2.0 ``relatedResource`` (VC Data Model 2.0 §5.3 "Integrity of Related
Resources"): ``id`` is a ``data:`` URL (RFC 2397) of the exact bytes of the secured part as given (for JWT
formats the compact token), ``digestSRI`` the SHA-384 Subresource Integrity digest (W3C SRI §3.1) of those
bytes and ``mediaType`` the part's media type. The stack thereby verifies offline, and nothing is embedded
that the verifier does not check (the digest, then the part's own proof).
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..errors import MicrocredError, StackPartUnreadableError

if TYPE_CHECKING:
    from ..model import MicroCredential
    from ..verification.results import VerificationResult

#: Media types by securing format (VC-JOSE-COSE §3, VC Data Model 2.0 §6.3, SD-JWT VC §3.1).
MEDIA_TYPES: dict[str, str] = {
    "vc+jwt": "application/vc+jwt",
    "vc-jwt": "application/jwt",
    "jades": "application/jose+json",
    "sd-jwt-vc": "application/dc+sd-jwt",
}
JSON_MEDIA_TYPE = "application/vc+ld+json"
ECTS = "http://data.europa.eu/snb/education-credit/6fcec5c5af"


def part_bytes(part: Any) -> bytes:
    """The exact bytes of a part given as bytes, text or a JSON object (serialized compactly, UTF-8)."""
    if isinstance(part, bytes | bytearray):
        return bytes(part)
    if isinstance(part, str):
        return part.strip().encode("utf-8")
    if isinstance(part, dict):
        return json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    raise StackPartUnreadableError(
        f"a stack part must be bytes, text or a JSON object, not {type(part).__name__}"
    )


def digest_sri(data: bytes) -> str:
    """The ``sha384-...`` Subresource Integrity digest of ``data`` (W3C SRI §3.1, VC 2.0 §5.3)."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")


def data_url(data: bytes, media_type: str) -> str:
    """An RFC 2397 ``data:`` URL carrying ``data`` (base64)."""
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def read_data_url(url: str, *, max_bytes: int) -> tuple[str, bytes]:
    """(media type, bytes) of a base64 ``data:`` URL; :class:`StackPartUnreadableError` otherwise."""
    head, sep, payload = url.partition(",")
    if not url.startswith("data:") or not sep or not head.endswith(";base64"):
        raise StackPartUnreadableError("a stack part is not a base64 data: URL")
    if len(payload) > max_bytes * 4 // 3 + 4:
        raise StackPartUnreadableError(f"a stack part is larger than {max_bytes} bytes")
    try:
        return head[5:-7], base64.b64decode(payload, validate=True)
    except ValueError as exc:
        raise StackPartUnreadableError(f"a stack part's data: URL is not base64: {exc}") from exc


def enveloped_url(token: bytes, media_type: str) -> str:
    """The ``data:`` URL of an ``EnvelopedVerifiableCredential`` (VC Data Model 2.0 §4.13): the compact token as is
    (its characters are URL-safe), anything else base64."""
    text = token.decode("ascii", "replace")
    if text.replace(".", "").replace("-", "").replace("_", "").replace("~", "").isalnum():
        return f"data:{media_type},{text}"
    return data_url(token, media_type)


def read_any_data_url(url: str, *, max_bytes: int) -> tuple[str, bytes]:
    """(media type, bytes) of a ``data:`` URL, base64 or not (RFC 2397 §2); :class:`StackPartUnreadableError`."""
    head, sep, payload = url.partition(",")
    if head.endswith(";base64"):
        return read_data_url(url, max_bytes=max_bytes)
    if not url.startswith("data:") or not sep or len(payload) > max_bytes or not payload.isascii():
        raise StackPartUnreadableError("a stack part is not a data: URL (or is too large)")
    return head[5:], payload.encode("ascii")


@dataclass(frozen=True)
class Part:
    """One verified-and-read part: its bytes, verification result and micro-credential facts."""

    index: int
    raw: bytes
    result: VerificationResult
    model: MicroCredential | None
    problem: str | None = None

    @property
    def credential(self) -> dict[str, Any] | None:
        """The part's credential (the JWT payload's credential for enveloping formats)."""
        return self.result.credential

    @property
    def id(self) -> str | None:
        """The part's credential id."""
        cred = self.credential or {}
        ident = cred.get("id")
        return ident if isinstance(ident, str) else None

    @property
    def media_type(self) -> str:
        """The media type of the part's bytes."""
        return MEDIA_TYPES.get(self.result.format or "", JSON_MEDIA_TYPE)

    @property
    def sri(self) -> str:
        """The part's ``digestSRI``."""
        return digest_sri(self.raw)

    @property
    def ects(self) -> Decimal:
        """The part's ECTS credit points (0 when it states none)."""
        return ects_of(self.model)

    def describe(self) -> dict[str, Any]:
        """Index and id, for error details."""
        return {"part": self.index, "id": self.id}


def achievement_link(part_id: str | None, index: int) -> str:
    """The id of the ``hasPart`` achievement that stands for a part."""
    return f"{part_id}#achievement" if part_id else f"urn:microcred:stack-part:{index}"


def ects_of(model: MicroCredential | None) -> Decimal:
    """The ECTS credit points a micro-credential states (summed over its ECTS ``creditPoint`` entries)."""
    if model is None or model.workload is None:
        return Decimal(0)
    return sum(
        (Decimal(str(c.points)) for c in model.workload.credit_points if c.framework == ECTS), Decimal(0)
    )


EQF_PREFIX = "http://data.europa.eu/snb/eqf/"


def eqf_level(model: MicroCredential | None) -> int | None:
    """The EQF level (1-8) a micro-credential states, as a number."""
    value = model.levels.eqf if model is not None else None
    if value is None:
        return None
    tail = str(value).rstrip("/").rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else None


def read_model(
    credential: dict[str, Any] | None, *, ob3: bool = False
) -> tuple[MicroCredential | None, str | None]:
    """The micro-credential facts of a part's credential, or why they cannot be read.

    ``ob3``: an Open Badges 3.0 credential is read too (:func:`microcred.shapes.ob3_read.from_ob3`; the parts of a
    CLR stack); an ELM stack reads ELM and SD-JWT VC parts only."""
    from ..elm import from_elm

    if credential is None:
        return None, "the part could not be read as a credential"
    if "vct" in credential and "credentialSubject" not in credential:
        return _from_sd_jwt_vc(credential)
    if ob3:
        from ..shapes.ob3_read import from_ob3, is_ob3

        if is_ob3(credential):
            try:
                return from_ob3(credential, keep_source=False).model, None
            except MicrocredError as exc:
                return None, f"the part is not an Open Badges 3.0 micro-credential: {exc}"
    try:
        return from_elm(credential, keep_source=False), None
    except MicrocredError as exc:
        return None, f"the part is not an ELM micro-credential: {exc}"


#: JWT / SD-JWT VC claims that are not micro-credential facts (RFC 7519 §4.1, SD-JWT VC §3.2.2).
REGISTERED_CLAIMS = frozenset(
    {"vct", "vct#integrity", "iss", "sub", "aud", "iat", "nbf", "exp", "jti", "status", "cnf", "_sd_alg"}
)


def _from_sd_jwt_vc(claims: dict[str, Any]) -> tuple[MicroCredential | None, str | None]:
    """An SD-JWT VC's disclosed claims are the model's facts (see :mod:`microcred.sd_jwt_vc.issue`)."""
    from ..model import MicroCredential

    facts = {k: v for k, v in claims.items() if k not in REGISTERED_CLAIMS}
    try:
        return MicroCredential.from_dict(facts), None
    except MicrocredError as exc:
        return None, f"the SD-JWT VC does not disclose a whole micro-credential: {exc}"
