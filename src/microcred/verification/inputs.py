"""What the verifier is given besides the credential: trust anchors, preloaded status lists, and the credential
itself as bytes, text or a dict (parsed strictly and within the policy's bounds)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..errors import InputError, InputTooLargeError, MicrocredError, UsageError
from ..fetcher import FetchedResource, Fetcher, StaticFetcher
from ..jsonio import check_depth, loads_strict
from .policy import VerificationPolicy

if TYPE_CHECKING:
    from cryptography.x509 import Certificate


class ChainFetcher:
    """Preloaded status lists first, then the caller's fetcher (if any)."""

    def __init__(self, first: StaticFetcher, then: Fetcher | None) -> None:
        self._first, self._then = first, then

    def fetch(self, url: str, *, accept: str = "application/json") -> FetchedResource:
        """The preloaded document for ``url``, else what the caller's fetcher returns."""
        try:
            return self._first.fetch(url, accept=accept)
        except MicrocredError:
            if self._then is None:
                raise
            return self._then.fetch(url, accept=accept)


def load_certificates(anchors: Iterable[Any]) -> tuple[Certificate, ...]:
    """Trust anchors as certificates: ``x509.Certificate`` objects, PEM/DER bytes, PEM text or PEM file paths."""
    if isinstance(anchors, tuple | list) and not anchors:
        return ()  # none given: cryptography's X.509 modules stay unloaded
    from ..keys.x509 import load_trust_anchors

    return load_trust_anchors(anchors)


def status_list_url(document: Any) -> str | None:
    """The URL a status list credential is published at (its ``id``, or a JWT's ``vc.id`` / ``jti``)."""
    if isinstance(document, dict):
        ident = document.get("id")
        if isinstance(ident, str):
            return ident
        payload = document.get("payload")
        if isinstance(payload, str):
            try:
                return status_list_url(loads_strict(payload))
            except ValueError:
                return None
    if isinstance(document, str) and document.count(".") == 2:
        from ..suites.jose import decode_segment, read_compact

        try:
            _, parts = read_compact(document, max_bytes=len(document))
            claims = loads_strict(decode_segment(parts[1], "payload"))
        except (ValueError, MicrocredError):
            return None
        if isinstance(claims, dict):
            inner = claims.get("vc") if isinstance(claims.get("vc"), dict) else claims
            return status_list_url(inner) or (
                claims.get("jti") if isinstance(claims.get("jti"), str) else None
            )
    return None


def preload_status_lists(status_lists: Iterable[Any], then: Fetcher | None) -> Fetcher | None:
    """A fetcher that serves ``status_lists`` (by their id) before asking ``then``; ``then`` if there are none."""
    preloaded = StaticFetcher()
    status_lists = list(status_lists)
    for document in status_lists:
        url = status_list_url(document)
        if url is None:
            raise InputError("a status list credential given to the verifier has no id")
        try:  # a dict may hold what JSON cannot carry (an integer of more than 4300 digits)
            text = document if isinstance(document, str) else json.dumps(document, allow_nan=False)
        except ValueError as exc:
            raise InputError(f"the status list credential {url} is not JSON: {exc}") from exc
        preloaded.add(url, text)
    return ChainFetcher(preloaded, then) if status_lists else then


def parse_input(data: Any, policy: VerificationPolicy) -> str | dict[str, Any]:
    """``data`` as a compact JWS string or a JSON object, within ``policy.max_bytes`` / ``max_depth``."""
    limit = policy.max_bytes
    if isinstance(data, bytes | bytearray | str):
        if len(data) > limit:
            raise InputTooLargeError(f"input is {len(data)} bytes; the limit is {limit}")
        from ..shapes.baked import extract_credential, is_baked_image

        if is_baked_image(data):  # an Open Badge baked into PNG or SVG (OB 3.0 §5.3): verify what it holds
            data = extract_credential(data, max_bytes=limit)
        if isinstance(data, bytes | bytearray):
            try:
                data = bytes(data).decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise InputError(f"input is not UTF-8 text: {exc}") from exc
        text = str(data).strip()
        if text.startswith(("{", "[")):
            parsed = loads_strict(text, max_bytes=limit, max_depth=policy.max_depth)
            if not isinstance(parsed, dict):
                raise InputError("a credential must be a JSON object")
            return dict(parsed)
        return text
    if isinstance(data, dict):
        check_depth(data, policy.max_depth)
        return data
    raise UsageError(
        f"verify() takes a dict, a JSON string, a compact JWS or bytes, not {type(data).__name__}"
    )
