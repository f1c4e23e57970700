"""did:web resolution (W3C CCG "did:web Method Specification", §3.2 "Read (Resolve)").

DID -> HTTPS URL (§3.2 steps 1-5):

1. replace ``:`` with ``/`` in the method-specific identifier;
2. percent-decode the port colon of the domain (``example.com%3A3000``);
3. prepend ``https://``;
4. with no path, append ``/.well-known``;
5. append ``/did.json``.

The document is fetched only through the injected :class:`~microcred.fetcher.Fetcher` (the
:class:`~microcred.fetcher.HardenedFetcher` in production: https only, no private addresses, size caps), so
nothing touches the network unless the caller opted in. The document's ``id`` must equal the DID (§3.2 "…the
DID document id MUST match the did:web DID"). IP-address hosts, empty or dot path segments and percent-encoded
slashes are refused.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any
from urllib.parse import unquote

from ..errors import DidDocumentError, FetchError, InvalidDidError, MicrocredError, ResolutionError
from ..fetcher import Fetcher
from .did_resolver import DidResolver

#: Media types asked for (DID Core §6.2 application/did+json, and what web servers commonly send).
ACCEPT = "application/did+json, application/did+ld+json, application/json;q=0.9"

_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_HOST_RE = re.compile(rf"{_LABEL}(\.{_LABEL})*")
_SEGMENT_RE = re.compile(r"[A-Za-z0-9._~!$&'()*+,;=@-]|%[0-9A-Fa-f]{2}")


def did_web_to_url(did: str) -> str:
    """The HTTPS URL of a did:web's DID document (§3.2 steps 1-5)."""
    prefix = "did:web:"
    if not isinstance(did, str) or not did.startswith(prefix):
        raise InvalidDidError(f"{did!r} is not a did:web")
    msi = did[len(prefix) :]
    if not msi or "#" in msi or "?" in msi or "/" in msi:
        raise InvalidDidError(
            f"{did}: the method-specific identifier is empty or has a path, query or fragment"
        )
    domain, *path = msi.split(":")
    host, _, port = unquote(domain).partition(":")
    if "%" in domain.replace("%3A", "").replace("%3a", ""):
        raise InvalidDidError(f"{did}: only the port colon may be percent-encoded in the domain")
    if not _HOST_RE.fullmatch(host) or len(host) > 253:
        raise InvalidDidError(f"{did}: {host!r} is not a valid domain name")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        raise InvalidDidError(f"{did}: did:web requires a domain name, not an IP address")
    if host.replace(".", "").isdigit():
        raise InvalidDidError(f"{did}: did:web requires a domain name, not an IP address")
    if port and (not port.isdigit() or not 0 < int(port) < 65536):
        raise InvalidDidError(f"{did}: invalid port {port!r}")
    for segment in path:
        decoded = unquote(segment)
        if not segment or decoded in (".", "..") or "/" in decoded or "\\" in decoded:
            raise InvalidDidError(f"{did}: invalid path segment {segment!r}")
        if "".join(_SEGMENT_RE.findall(segment)) != segment:
            raise InvalidDidError(f"{did}: path segment {segment!r} has characters a DID does not allow")
    authority = host.lower() + (f":{port}" if port else "")
    url_path = "/" + "/".join(path) if path else "/.well-known"
    return f"https://{authority}{url_path}/did.json"


class DidWebResolver(DidResolver):
    """Resolve did:web through an injected fetcher (opt-in network)."""

    method = "web"

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher

    def resolve_did(self, did: str) -> dict[str, Any]:
        """The DID document of a did:web, fetched from its HTTPS location and checked to describe the DID."""
        url = did_web_to_url(did)
        try:
            resource = self.fetcher.fetch(url, accept=ACCEPT)
        except FetchError as exc:
            raise ResolutionError(
                f"cannot fetch the DID document of {did} from {url}: {exc}",
                details={"url": url, "cause": exc.code},
            ) from exc
        try:
            document = resource.json()
        except MicrocredError as exc:
            raise DidDocumentError(
                f"the DID document at {url} is not valid JSON: {exc}", details={"url": url}
            ) from exc
        if not isinstance(document, dict):
            raise DidDocumentError(f"the DID document at {url} is not a JSON object", details={"url": url})
        if document.get("id") != did:
            raise DidDocumentError(
                f"the DID document at {url} has id {document.get('id')!r}, not {did}",
                path="id",
                details={"url": url},
            )
        return document
