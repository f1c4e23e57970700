"""Typed options of :func:`microcred.issue`: the formats as literal types and the per-credential proof options.

``issue()`` takes every option as an explicit keyword-only argument (a misspelled one is a ``TypeError`` naming
it). The callers that issue on someone's behalf (:class:`microcred.Issuer`, :func:`microcred.issue_many`,
:meth:`microcred.status.StatusRegistry.publish`) take the same options bundled in one frozen
:class:`IssueOptions`, so they never forward an unchecked ``**kwargs``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, Protocol

from .errors import UsageError

if TYPE_CHECKING:
    from .trust.tsa import TimeStampAuthority

#: Formats whose secured form is a string: a compact JWS (VC-JOSE-COSE ``vc+jwt``, VC-JWT 1.1 ``vc-jwt``) or an
#: SD-JWT (``sd-jwt-vc``).
TokenFormat = Literal["vc+jwt", "vc-jwt", "sd-jwt-vc"]
#: Formats whose secured form is a JSON object (Data Integrity embedded proofs, JAdES JSON serialization).
ObjectFormat = Literal[
    "eddsa-rdfc-2022",
    "ecdsa-rdfc-2019",
    "eddsa-jcs-2022",
    "ecdsa-jcs-2019",
    "ecdsa-sd-2023",
    "jws-2020",
    "jades",
]
#: Every format ``issue()`` can produce.
IssueFormat = TokenFormat | ObjectFormat


class StatusAllocator(Protocol):
    """What ``issue(status=...)`` needs: ``credentialStatus`` entries for a credential id
    (:class:`microcred.status.StatusRegistry` is one)."""

    def allocate(self, credential_id: str) -> list[dict[str, Any]]:
        """The ``credentialStatus`` entries allocated to ``credential_id``."""
        ...


#: Field -> the types its value may have (checked when an :class:`IssueOptions` is made).
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "proof_purpose": (str,),
    "created": (datetime, type(None)),
    "expires": (datetime, type(None)),
    "domain": (str, type(None)),
    "challenge": (str, type(None)),
    "proof_id": (str, type(None)),
    "previous_proof": (str, list, type(None)),
    "jwt_lifetime": (timedelta, type(None)),
    "alg": (str, type(None)),
    "allow_nonconforming": (bool,),
    "mandatory_pointers": (list, type(None)),
}


@dataclass(frozen=True, kw_only=True)
class IssueOptions:
    """The proof (or token) options of one issued credential: the keyword arguments of :func:`microcred.issue`
    that are not about the document, the key or the I/O.

    VC Data Integrity §2.1 proof options (``proof_purpose``, ``created``, ``expires``, ``domain``,
    ``challenge``, ``proof_id``, ``previous_proof``); for JOSE formats the token lifetime (``jwt_lifetime``) and
    the signature algorithm (``alg``, also JAdES); for JAdES-B-T the time-stamp authority (``tsa``); for
    ecdsa-sd-2023 the JSON Pointers of the statements every derived proof must disclose (``mandatory_pointers``,
    vc-di-ecdsa §3.4.1); ``allow_nonconforming`` signs a document that breaks a MUST
    of the VC Data Model (only to make negative test fixtures).
    """

    proof_purpose: str = "assertionMethod"
    created: datetime | None = None
    expires: datetime | None = None
    domain: str | None = None
    challenge: str | None = None
    proof_id: str | None = None
    previous_proof: str | list[str] | None = None
    jwt_lifetime: timedelta | None = None
    alg: str | None = None
    allow_nonconforming: bool = False
    #: JAdES-B-T: the time-stamp authority that time-stamps the signature (:mod:`microcred.trust.tsa`).
    tsa: TimeStampAuthority | None = None
    mandatory_pointers: list[str] | None = None

    def __post_init__(self) -> None:
        if self.tsa is not None and not callable(getattr(self.tsa, "timestamp", None)):
            raise UsageError("issue option tsa must be a TimeStampAuthority (with timestamp(data) -> DER)")
        for name, allowed in _FIELD_TYPES.items():
            value = getattr(self, name)
            if not isinstance(value, allowed):
                names = " or ".join("None" if t is type(None) else t.__name__ for t in allowed)
                raise UsageError(f"issue option {name} must be {names}, not {type(value).__name__}")
        if isinstance(self.previous_proof, list) and not all(isinstance(p, str) for p in self.previous_proof):
            raise UsageError("issue option previous_proof must be a string or a list of strings")
        if self.mandatory_pointers is not None and not all(
            isinstance(p, str) and p.startswith("/") for p in self.mandatory_pointers
        ):
            raise UsageError("issue option mandatory_pointers must be a list of JSON Pointers ('/...')")

    def as_kwargs(self) -> dict[str, Any]:
        """The options as keyword arguments of :func:`microcred.issue`."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def check_options(options: object, *, where: str) -> IssueOptions:
    """``options`` if it is an :class:`IssueOptions` (or None: the defaults), else a ``TypeError``."""
    if options is None:
        return IssueOptions()
    if not isinstance(options, IssueOptions):
        raise TypeError(f"{where}: options must be an IssueOptions, not {type(options).__name__}")
    return options
