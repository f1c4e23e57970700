"""Verify a secured credential of any supported format and report each check.

Pipeline: parse strictly -> detect the format (allow-list) -> the suite verifies the proof(s) and resolves the
key -> issuer controls the key -> validity period -> credential status -> data model / SHACL -> (X.509 trust,
reported by the JAdES suite). Every stage adds :class:`~microcred.results.Check` entries; nothing raises for a
bad credential. ``verified`` is true only when every check passed.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..clock import Clock, resolve_clock
from ..errors import InputError, InputTooLargeError, MicrocredError, UsageError
from ..fetcher import FetchedResource, Fetcher, StaticFetcher
from ..jsonio import check_depth, loads_strict
from ..jsonld.loader import DocumentLoader, resolve_loader
from ..suites.base import VerifyOptions
from ..suites.proofs import verify_proofs
from ..suites.registry import Detected, EmbeddedProofs, SuiteRegistry, default_registry
from .checks import issuer_check, schema_check, validity_check
from .policy import VerificationPolicy
from .results import CHECK_NAMES, Check, VerificationResult
from .signed_members import restated_credential_check

if TYPE_CHECKING:
    from cryptography.x509 import Certificate

    from ..resolve import Resolver


class _ChainFetcher:
    """Preloaded status lists first, then the caller's fetcher (if any)."""

    def __init__(self, first: StaticFetcher, then: Fetcher | None) -> None:
        self._first, self._then = first, then

    def fetch(self, url: str, *, accept: str = "application/json") -> FetchedResource:
        try:
            return self._first.fetch(url, accept=accept)
        except MicrocredError:
            if self._then is None:
                raise
            return self._then.fetch(url, accept=accept)


def _load_certificates(anchors: Iterable[Any]) -> tuple[Certificate, ...]:
    from cryptography import x509

    out: list[Certificate] = []
    for anchor in anchors:
        if isinstance(anchor, x509.Certificate):
            out.append(anchor)
            continue
        if isinstance(anchor, str | os.PathLike) and Path(anchor).is_file():
            data = Path(anchor).read_bytes()
        elif isinstance(anchor, bytes):
            data = anchor
        elif isinstance(anchor, str) and "BEGIN CERTIFICATE" in anchor:
            data = anchor.encode()
        else:
            raise UsageError(f"trust anchor {anchor!r} is not a certificate, PEM data or a PEM file")
        try:
            if b"BEGIN CERTIFICATE" in data:
                out.extend(x509.load_pem_x509_certificates(data))
            else:
                out.append(x509.load_der_x509_certificate(data))
        except ValueError as exc:
            raise InputError(f"cannot read trust anchor certificate: {exc}") from exc
    return tuple(out)


def _status_list_url(document: Any) -> str | None:
    if isinstance(document, dict):
        ident = document.get("id")
        if isinstance(ident, str):
            return ident
        payload = document.get("payload")
        if isinstance(payload, str):
            try:
                return _status_list_url(json.loads(payload))
            except ValueError:
                return None
    if isinstance(document, str) and document.count(".") == 2:
        from ..suites.registry import b64url_decode

        try:
            claims = json.loads(b64url_decode(document.split(".")[1]))
        except (ValueError, MicrocredError):
            return None
        if isinstance(claims, dict):
            inner = claims.get("vc") if isinstance(claims.get("vc"), dict) else claims
            return _status_list_url(inner) or (
                claims.get("jti") if isinstance(claims.get("jti"), str) else None
            )
    return None


class Verifier:
    """A configured verifier. I/O (loader, resolver, fetcher, clock) is injected; the defaults are offline."""

    def __init__(
        self,
        *,
        loader: DocumentLoader | None = None,
        resolver: Resolver | None = None,
        now: Clock | datetime | str | None = None,
        trust_anchors: Iterable[Any] = (),
        fetcher: Fetcher | None = None,
        status_lists: Iterable[Any] = (),
        policy: VerificationPolicy | None = None,
        suites: SuiteRegistry | None = None,
    ) -> None:
        self.suites = suites or default_registry()
        self.loader = resolve_loader(loader)
        self.clock = resolve_clock(now)
        self.policy = policy or VerificationPolicy()
        self.trust_anchors = _load_certificates(trust_anchors)
        preloaded = StaticFetcher()
        status_lists = list(status_lists)
        for document in status_lists:
            url = _status_list_url(document)
            if url is None:
                raise InputError("a status list credential given to the verifier has no id")
            preloaded.add(url, document if isinstance(document, str) else json.dumps(document))
        self.fetcher: Fetcher | None = _ChainFetcher(preloaded, fetcher) if status_lists else fetcher
        if resolver is None:
            from ..resolve import default_resolver

            resolver = default_resolver(fetcher=fetcher)
        self.resolver = resolver

    def options(self) -> VerifyOptions:
        return VerifyOptions(
            loader=self.loader,
            resolver=self.resolver,
            clock=self.clock,
            policy=self.policy,
            trust_anchors=self.trust_anchors,
            fetcher=self.fetcher,
            suites=self.suites,
        )

    # -- parsing --------------------------------------------------------------------------------------------
    def _parse(self, data: Any) -> str | dict[str, Any]:
        limit = self.policy.max_bytes
        if isinstance(data, bytes | bytearray | str):
            if len(data) > limit:
                raise InputTooLargeError(f"input is {len(data)} bytes; the limit is {limit}")
            if isinstance(data, bytes | bytearray):
                try:
                    data = bytes(data).decode("utf-8-sig")
                except UnicodeDecodeError as exc:
                    raise InputError(f"input is not UTF-8 text: {exc}") from exc
            text = str(data).strip()
            if text.startswith(("{", "[")):
                parsed = loads_strict(text, max_bytes=limit, max_depth=self.policy.max_depth)
                if not isinstance(parsed, dict):
                    raise InputError("a credential must be a JSON object")
                return dict(parsed)
            return text
        if isinstance(data, dict):
            check_depth(data, self.policy.max_depth)
            return data
        raise UsageError(
            f"verify() takes a dict, a JSON string, a compact JWS or bytes, not {type(data).__name__}"
        )

    # -- the pipeline ---------------------------------------------------------------------------------------
    def verify(self, data: Any, *, source: str | None = None) -> VerificationResult:
        result = VerificationResult(format=None, source=source)
        try:
            parsed = self._parse(data)
            detected = self.suites.detect(parsed)
        except UsageError:
            raise
        except MicrocredError as exc:
            result.add(Check.fail("format", exc.code, str(exc)))
            return result
        try:
            self._verify_detected(detected, result)
        except UsageError:
            raise
        except MicrocredError as exc:
            result.add(Check.error("format", exc.code, f"verification could not complete: {exc}"))
        except (RecursionError, MemoryError) as exc:  # hostile input that slipped past the caps
            result.add(
                Check.error(
                    "format", "INPUT_TOO_COMPLEX", f"input too complex to verify: {type(exc).__name__}"
                )
            )
        order = {name: i for i, name in enumerate(CHECK_NAMES)}
        result.checks.sort(key=lambda c: order.get(c.name, len(order)))
        return result

    def _verify_detected(self, detected: Detected, result: VerificationResult) -> None:
        policy, options = self.policy, self.options()
        fmt = detected.format
        result.format = fmt
        if (
            policy.allowed_formats is not None
            and fmt not in policy.allowed_formats
            and fmt != "data-integrity"
        ):
            result.add(Check.fail("format", "FORMAT_NOT_ALLOWED", f"{fmt} is not an allowed format"))
            return
        result.add(Check.ok("format", "FORMAT_RECOGNISED", f"secured with {fmt}"))
        not_before = not_after = None
        if isinstance(detected, EmbeddedProofs):
            credential: dict[str, Any] | None = {k: v for k, v in detected.document.items() if k != "proof"}
            proof_checks, verified = verify_proofs(detected.document, options)
            result.add(proof_checks)
            assertion = [vm for proof, vm in verified if proof.get("proofPurpose") == policy.proof_purpose]
            assert credential is not None
            result.add(issuer_check(credential, assertion))
        else:
            envelope = self.suites.enveloping(fmt).verify(detected.secured, options)
            result.add(envelope.checks)
            credential = envelope.credential
            not_before, not_after = envelope.not_before, envelope.not_after
        if credential is None:
            return
        result.credential = credential
        restated = restated_credential_check(credential, self.loader)
        if restated is not None:  # validity and status would read a JSON that hides signed statements
            result.add(restated)
            return
        result.add(
            validity_check(
                credential, options.now(), not_before=not_before, not_after=not_after, skew=policy.clock_skew
            )
        )
        if policy.check_status and credential.get("credentialStatus") is not None:
            result.add(self._status_checks(credential))
        result.add(
            schema_check(
                credential,
                shacl_profile=policy.shacl_profile,
                loader=self.loader,
                jsonld=not isinstance(
                    detected, EmbeddedProofs
                ),  # embedded proofs ran safe mode in their transformation
            )
        )

    def _status_checks(self, credential: dict[str, Any]) -> list[Check]:
        from dataclasses import replace

        from ..status import check_status

        # The list is verified like any credential (same loader, resolver, clock, anchors), but its own status
        # is not followed (no loops) and no SHACL profile applies to it.
        list_verifier = copy.copy(self)
        list_verifier.policy = replace(self.policy, check_status=False, shacl_profile=None)
        return check_status(
            credential, fetcher=self.fetcher, verify_list=list_verifier.verify, clock=self.clock
        )


def verify(
    data: Any,
    *,
    loader: DocumentLoader | None = None,
    resolver: Resolver | None = None,
    now: Clock | datetime | str | None = None,
    trust_anchors: Iterable[Any] = (),
    fetcher: Fetcher | None = None,
    status_lists: Iterable[Any] = (),
    policy: VerificationPolicy | None = None,
    suites: SuiteRegistry | None = None,
    source: str | None = None,
) -> VerificationResult:
    """Verify ``data`` (a secured credential: dict, JSON text, compact JWS, or bytes).

    >>> result = verify(token)            # doctest: +SKIP
    >>> result.verified, [c.name for c in result.errors]  # doctest: +SKIP
    """
    verifier = Verifier(
        loader=loader,
        resolver=resolver,
        now=now,
        trust_anchors=trust_anchors,
        fetcher=fetcher,
        status_lists=status_lists,
        policy=policy,
        suites=suites,
    )
    return verifier.verify(data, source=source)
