"""What the verifier is given besides the credential: trust anchors, preloaded status lists, and the credential
itself as bytes, text or a dict (parsed strictly and within the policy's bounds)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
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


def status_list_url(document: Any) -> str | None:
    """The URL a status list credential is published at (its ``id``, or a JWT's ``vc.id`` / ``jti``)."""
    if isinstance(document, dict):
        ident = document.get("id")
        if isinstance(ident, str):
            return ident
        payload = document.get("payload")
        if isinstance(payload, str):
            try:
                return status_list_url(json.loads(payload))
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
        preloaded.add(url, document if isinstance(document, str) else json.dumps(document))
    return ChainFetcher(preloaded, then) if status_lists else then


def parse_input(data: Any, policy: VerificationPolicy) -> str | dict[str, Any]:
    """``data`` as a compact JWS string or a JSON object, within ``policy.max_bytes`` / ``max_depth``."""
    limit = policy.max_bytes
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
