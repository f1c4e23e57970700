"""Issue a micro-credential (or any VC) in one of the supported securing formats.

``issue()`` maps a :class:`~microcred.model.MicroCredential` to its ELM/EDC JSON-LD (or takes a JSON-LD dict as
is), optionally allocates ``credentialStatus`` entries from a status registry, and secures it with the chosen
format's suite. :class:`Issuer` keeps the key, format and injected I/O for many credentials. The document itself
(written, checked against the format and key, given its status entries) is :mod:`microcred.issue_document`'s.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, overload

from .clock import Clock, resolve_clock
from .errors import UsageError
from .issue_document import DEFAULT_DATA_MODEL, REQUIRED_DATA_MODEL, DataModel, prepare_document
from .issue_options import IssueOptions, ObjectFormat, StatusAllocator, TokenFormat, check_options
from .jsonld import check_lossless
from .jsonld.loader import LoaderInput, resolve_loader
from .keys import Key
from .shapes import check_shape
from .signers import Signer, as_key
from .suites.base import EmbeddedProofSuite, ProofOptions
from .suites.proofs import add_proof
from .suites.registry import SuiteRegistry, default_registry

if TYPE_CHECKING:
    from .trust.tsa import TimeStampAuthority


def _check_format_options(format: str, *, tsa: Any, mandatory_pointers: Any) -> None:
    """Refuse an option that only another format takes (a UsageError naming it)."""
    if tsa is not None and format != "jades":
        raise UsageError(f"tsa (a signature time-stamp) is for the jades format, not {format}")
    if mandatory_pointers is not None and format != "ecdsa-sd-2023":
        raise UsageError(f"mandatory_pointers is an ecdsa-sd-2023 option; {format} discloses everything")


@overload
def issue(
    credential: Any,
    key: Key | Signer,
    *,
    format: TokenFormat,
    loader: LoaderInput = None,
    now: Clock | datetime | str | None = None,
    status: StatusAllocator | None = None,
    data_model: DataModel | None = None,
    proof_purpose: str = "assertionMethod",
    created: datetime | None = None,
    expires: datetime | None = None,
    domain: str | None = None,
    challenge: str | None = None,
    proof_id: str | None = None,
    previous_proof: str | list[str] | None = None,
    jwt_lifetime: timedelta | None = None,
    alg: str | None = None,
    allow_nonconforming: bool = False,
    suites: SuiteRegistry | None = None,
    holder: Key | None = None,
    tsa: TimeStampAuthority | None = None,
    mandatory_pointers: list[str] | None = None,
    shape: str | None = None,
) -> str: ...


@overload
def issue(
    credential: Any,
    key: Key | Signer,
    *,
    format: ObjectFormat = "eddsa-rdfc-2022",
    loader: LoaderInput = None,
    now: Clock | datetime | str | None = None,
    status: StatusAllocator | None = None,
    data_model: DataModel | None = None,
    proof_purpose: str = "assertionMethod",
    created: datetime | None = None,
    expires: datetime | None = None,
    domain: str | None = None,
    challenge: str | None = None,
    proof_id: str | None = None,
    previous_proof: str | list[str] | None = None,
    jwt_lifetime: timedelta | None = None,
    alg: str | None = None,
    allow_nonconforming: bool = False,
    suites: SuiteRegistry | None = None,
    holder: Key | None = None,
    tsa: TimeStampAuthority | None = None,
    mandatory_pointers: list[str] | None = None,
    shape: str | None = None,
) -> dict[str, Any]: ...


@overload
def issue(
    credential: Any,
    key: Key | Signer,
    *,
    format: str,
    loader: LoaderInput = None,
    now: Clock | datetime | str | None = None,
    status: StatusAllocator | None = None,
    data_model: DataModel | None = None,
    proof_purpose: str = "assertionMethod",
    created: datetime | None = None,
    expires: datetime | None = None,
    domain: str | None = None,
    challenge: str | None = None,
    proof_id: str | None = None,
    previous_proof: str | list[str] | None = None,
    jwt_lifetime: timedelta | None = None,
    alg: str | None = None,
    allow_nonconforming: bool = False,
    suites: SuiteRegistry | None = None,
    holder: Key | None = None,
    tsa: TimeStampAuthority | None = None,
    mandatory_pointers: list[str] | None = None,
    shape: str | None = None,
) -> dict[str, Any] | str: ...


def issue(
    credential: Any,
    key: Key | Signer,
    *,
    format: str = "eddsa-rdfc-2022",
    loader: LoaderInput = None,
    now: Clock | datetime | str | None = None,
    status: StatusAllocator | None = None,
    data_model: DataModel | None = None,
    proof_purpose: str = "assertionMethod",
    created: datetime | None = None,
    expires: datetime | None = None,
    domain: str | None = None,
    challenge: str | None = None,
    proof_id: str | None = None,
    previous_proof: str | list[str] | None = None,
    jwt_lifetime: timedelta | None = None,
    alg: str | None = None,
    allow_nonconforming: bool = False,
    suites: SuiteRegistry | None = None,
    holder: Key | None = None,
    tsa: TimeStampAuthority | None = None,
    mandatory_pointers: list[str] | None = None,
    shape: str | None = None,
) -> dict[str, Any] | str:
    """Secure ``credential`` with ``key`` in ``format`` (one of :data:`ISSUE_FORMATS`, or ``"sd-jwt-vc"``).

    ``key`` is a :class:`Key`, any :class:`~microcred.signers.Signer` (an HSM over PKCS#11, a remote CSC seal: the
    private key never enters the process) or a ``jwcrypto.jwk.JWK``. Returns a dict (embedded proofs, JAdES JSON
    serialization) or a compact JWS string (``vc+jwt``, ``vc-jwt``).
    ``status`` is a status registry (:class:`microcred.status.StatusRegistry`): a ``credentialStatus`` entry is
    allocated for the credential's ``id``. The proof options are VC Data Integrity §2.1's (``proof_purpose``,
    ``created``, ``expires``, ``domain``, ``challenge``, ``proof_id``, ``previous_proof``); ``jwt_lifetime`` and
    ``alg`` are for the JOSE formats and JAdES, ``tsa`` (a :class:`~microcred.trust.tsa.TimeStampAuthority`) makes
    a JAdES-B-T seal (see :class:`~microcred.issue_options.IssueOptions`);
    ``mandatory_pointers`` (JSON Pointers) are the statements an ecdsa-sd-2023 base proof makes every derived
    proof disclose (the holder derives with :func:`microcred.derive`). Options are
    keyword-only and explicit: a misspelled one is a ``TypeError`` naming it. A document that breaks a MUST of
    the VC Data Model is refused (:class:`~microcred.errors.NonConformingCredentialError` naming the rule and
    the JSON path) unless ``allow_nonconforming`` (only for making negative test fixtures). ``suites`` is the
    registry of formats to choose from (default: the built-in ones).
    ``format="sd-jwt-vc"`` returns an SD-JWT VC string (:func:`microcred.sd_jwt_vc.issue.issue_via_issue`; for a
    disclosure policy or decoys, call :func:`microcred.sd_jwt_vc.issue_sd_jwt_vc`). ``holder`` is the holder's
    public key, bound to the credential: its DID becomes ``credentialSubject.id`` (``cnf.jwk`` in an SD-JWT VC).
    ``shape`` chooses how a :class:`MicroCredential` is written: ``"elm"`` (default, Europass EDC) or ``"ob3"``
    (an Open Badges 3.0 ``OpenBadgeCredential``, VC 2.0; docs/shapes.md).
    """
    check_shape(shape, format, credential=credential, data_model=data_model)
    if format == "sd-jwt-vc":  # no JSON-LD document and no proof options: see microcred.sd_jwt_vc
        from .sd_jwt_vc.issue import issue_via_issue

        unused: dict[str, Any] = {
            "data_model": data_model,
            "proof_purpose": proof_purpose,
            "created": created,
            "expires": expires,
        }
        unused |= {"domain": domain, "challenge": challenge, "proof_id": proof_id}
        unused |= {"previous_proof": previous_proof, "jwt_lifetime": jwt_lifetime, "alg": alg}
        unused |= {"allow_nonconforming": allow_nonconforming, "tsa": tsa}
        unused |= {"mandatory_pointers": mandatory_pointers}
        now_at = resolve_clock(now).now()
        extra = {} if holder is None else {"holder": holder}
        return issue_via_issue(credential, as_key(key), now=now_at, status=status, unused=unused, extra=extra)
    registry = suites or default_registry()
    if format not in registry.issue_formats:
        known = ", ".join(registry.issue_formats)
        raise UsageError(f"unknown format {format!r}; choose one of: {known}")
    key = as_key(key)
    # checks each option's type (a UsageError naming it)
    IssueOptions(
        proof_purpose=proof_purpose,
        created=created,
        expires=expires,
        domain=domain,
        challenge=challenge,
        proof_id=proof_id,
        previous_proof=previous_proof,
        jwt_lifetime=jwt_lifetime,
        alg=alg,
        allow_nonconforming=allow_nonconforming,
        tsa=tsa,
        mandatory_pointers=mandatory_pointers,
    )
    _check_format_options(format, tsa=tsa, mandatory_pointers=mandatory_pointers)
    if not key.is_private:
        raise UsageError("issuing needs a private key")
    suite = registry.get(format)
    clock = resolve_clock(now)
    document = prepare_document(
        credential,
        key,
        format,
        data_model=data_model,
        shape=shape,
        holder=holder,
        status=status,
        clock=clock,
        allow_nonconforming=allow_nonconforming,
    )

    options = ProofOptions(
        clock=clock,
        loader=resolve_loader(loader),
        proof_purpose=proof_purpose,
        created=created,
        expires=expires,
        domain=domain,
        challenge=challenge,
        verification_method=key.kid,
        proof_id=proof_id,
        previous_proof=previous_proof,
        jwt_lifetime=jwt_lifetime,
        extra=({} if alg is None else {"alg": alg, "jades_alg": alg})
        | ({} if tsa is None else {"jades_tsa": tsa})
        | ({} if mandatory_pointers is None else {"mandatory_pointers": list(mandatory_pointers)}),
    )
    if isinstance(suite, EmbeddedProofSuite):
        return add_proof(document, suite, key, options, owned=True)  # prepare_document copied it
    # Enveloped credentials are signed as bytes: refuse JSON-LD that would lose data (safe mode), as the
    # embedded suites do in their transformation step.
    check_lossless(document, loader=options.loader)
    return suite.issue(document, key, options)


class Issuer:
    """Issue many credentials with the same key, format, I/O and (optionally) :class:`IssueOptions`."""

    def __init__(
        self,
        key: Key | Signer,
        *,
        format: str = "eddsa-rdfc-2022",
        loader: LoaderInput = None,
        now: Clock | datetime | str | None = None,
        status: StatusAllocator | None = None,
        data_model: DataModel | None = None,
        options: IssueOptions | None = None,
        suites: SuiteRegistry | None = None,
    ) -> None:
        self.suites = suites or default_registry()
        self.suites.get(format)
        self.key = as_key(key)
        self.format = format
        self.loader = resolve_loader(loader)
        self.clock = resolve_clock(now)
        self.status = status
        self.data_model = data_model
        self.options = check_options(options, where="Issuer")

    def issue(
        self,
        credential: Any,
        *,
        format: str | None = None,
        status: StatusAllocator | None = None,
        data_model: DataModel | None = None,
        options: IssueOptions | None = None,
    ) -> dict[str, Any] | str:
        """Secure ``credential`` with this issuer's key; ``format``, ``status``, ``data_model`` and ``options``
        replace the issuer's own for this one credential."""
        chosen = self.options if options is None else check_options(options, where="Issuer.issue")
        return issue(
            credential,
            self.key,
            format=format or self.format,
            loader=self.loader,
            now=self.clock,
            status=status if status is not None else self.status,
            data_model=data_model or self.data_model,
            suites=self.suites,
            **chosen.as_kwargs(),
        )


__all__ = ["DEFAULT_DATA_MODEL", "REQUIRED_DATA_MODEL", "DataModel", "Issuer", "issue"]
