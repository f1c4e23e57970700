"""Verify a secured credential of any supported format and report each check.

Pipeline: parse strictly -> detect the format (allow-list) -> the suite verifies the proof(s) and resolves the
key -> issuer controls the key -> validity period -> credential status -> data model / SHACL -> (X.509 trust,
reported by the JAdES suite). Every stage adds :class:`~microcred.results.Check` entries; nothing raises for a
bad credential. ``verified`` is true only when every check passed.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .checks import issuer_check, schema_check, validity_check
from .clock import Clock, resolve_clock
from .errors import InputError, InputTooLargeError, MicrocredError, UsageError
from .fetcher import FetchedResource, Fetcher, StaticFetcher
from .jsonio import check_depth, loads_strict
from .jsonld.loader import LoaderInput, resolve_loader
from .restated_members import restated_credential_check
from .results import CHECK_NAMES, Check, VerificationResult
from .sd_jwt.json_serialization import looks_like_sd_jwt_json
from .sd_jwt.serialization import looks_like_sd_jwt
from .suites.base import VerificationPolicy, VerifyOptions
from .suites.proofs import verify_proofs
from .suites.registry import Detected, detect_format, enveloping_suite

if TYPE_CHECKING:
    from cryptography.x509 import Certificate

    from .resolve import Resolver


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
    from .keys.x509 import load_trust_anchors

    return load_trust_anchors(anchors)


def _status_list_url(document: Any) -> str | None:
    if isinstance(document, dict):
        ident = document.get("id")
        if isinstance(ident, str):
            return ident
        payload = document.get("payload")
        if isinstance(payload, str):
            try:
                return _status_list_url(loads_strict(payload))
            except ValueError:
                return None
    if isinstance(document, str) and document.count(".") == 2:
        from .suites.jose import decode_segment, read_compact

        try:
            _, parts = read_compact(document, max_bytes=len(document))
            claims = loads_strict(decode_segment(parts[1], "payload"))
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
        loader: LoaderInput = None,
        resolver: Resolver | None = None,
        now: Clock | datetime | str | None = None,
        trust_anchors: Iterable[Any] = (),
        fetcher: Fetcher | None = None,
        status_lists: Iterable[Any] = (),
        policy: VerificationPolicy | None = None,
    ) -> None:
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
            try:  # a dict may hold what JSON cannot carry (an integer of more than 4300 digits)
                text = document if isinstance(document, str) else json.dumps(document, allow_nan=False)
            except ValueError as exc:
                raise InputError(f"the status list credential {url} is not JSON: {exc}") from exc
            preloaded.add(url, text)
        self.fetcher: Fetcher | None = _ChainFetcher(preloaded, fetcher) if status_lists else fetcher
        if resolver is None:
            from .resolve import default_resolver

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
            if (isinstance(parsed, str) and looks_like_sd_jwt(parsed)) or looks_like_sd_jwt_json(parsed):
                return self._verify_sd_jwt(parsed, source)
            detected = detect_format(parsed)
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
        if detected.kind == "embedded":
            assert isinstance(detected.data, dict)
            credential: dict[str, Any] | None = {k: v for k, v in detected.data.items() if k != "proof"}
            proof_checks, verified = verify_proofs(detected.data, options)
            result.add(proof_checks)
            assertion = [vm for proof, vm in verified if proof.get("proofPurpose") == policy.proof_purpose]
            assert credential is not None
            result.add(issuer_check(credential, assertion))
        else:
            envelope = enveloping_suite(fmt).verify(detected.data, options)
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
                jsonld=detected.kind == "enveloping",  # embedded proofs ran safe mode in their transformation
                signed_as=fmt,
            )
        )
        self._stack_checks(credential, result)

    def _stack_checks(self, credential: dict[str, Any], result: VerificationResult) -> None:
        """A stack (issue 16): verify its parts with this verifier and report them nested."""
        from .stack.check import is_stack, stack_checks

        if is_stack(credential):
            checks, parts = stack_checks(credential, self)
            result.add(checks)
            result.parts = parts

    def _verify_sd_jwt(self, token: str | dict[str, Any], source: str | None) -> VerificationResult:
        """An SD-JWT VC or a presentation of one; ``policy.domain``/``challenge`` are the KB-JWT's aud/nonce."""
        from dataclasses import replace

        from .sd_jwt import SdJwtLimits
        from .sd_jwt_vc import FORMAT, PresentationExpectations, verify_sd_jwt_vc

        policy = self.policy
        if policy.allowed_formats is not None and FORMAT not in policy.allowed_formats:
            result = VerificationResult(format=FORMAT, source=source)
            result.add(Check.fail("format", "FORMAT_NOT_ALLOWED", f"{FORMAT} is not an allowed format"))
            return result
        limits = SdJwtLimits(max_bytes=policy.max_bytes, max_depth=min(policy.max_depth, 32))
        expect = PresentationExpectations(aud=policy.domain, nonce=policy.challenge, limits=limits)
        try:
            result = verify_sd_jwt_vc(token, self.options(), expect)
        except (
            MicrocredError,
            RecursionError,
            MemoryError,
        ) as exc:  # verify_sd_jwt_vc reports; this is a net
            result = VerificationResult(format=FORMAT)
            result.add(
                Check.error("format", "INPUT_TOO_COMPLEX", f"verification could not complete: {exc!r}")
            )
        return replace(result, source=source)

    def _status_checks(self, credential: dict[str, Any]) -> list[Check]:
        from dataclasses import replace

        from .status import check_status

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
    loader: LoaderInput = None,
    resolver: Resolver | None = None,
    now: Clock | datetime | str | None = None,
    trust_anchors: Iterable[Any] = (),
    fetcher: Fetcher | None = None,
    status_lists: Iterable[Any] = (),
    policy: VerificationPolicy | None = None,
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
    )
    return verifier.verify(data, source=source)
