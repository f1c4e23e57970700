"""JWT VC Issuer Metadata (draft-ietf-oauth-sd-jwt-vc §4): the issuer's keys published under its HTTPS ``iss``.

The metadata lives at ``https://<host>/.well-known/jwt-vc-issuer<path of iss>`` (§4, any terminating ``/`` of
the path removed, §4.1). Its ``issuer`` must be identical to ``iss`` (§4.3), and it has either ``jwks`` or
``jwks_uri`` (§4.2). The Issuer-signed JWT's ``kid`` picks the key; without a ``kid`` the JWK Set must hold
exactly one key. Everything is fetched through the verifier's injected fetcher (offline unless the caller opts
in), so with no fetcher the key cannot be determined: an ``error``, never a pass.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..errors import MicrocredError
from ..keys import Key
from ..suites.base import VerifyOptions
from ..verification.codes import CheckCode, CheckName
from ..verification.results import Check

WELL_KNOWN = "/.well-known/jwt-vc-issuer"


def metadata_url(iss: str) -> str | None:
    """§4: the metadata URL for an HTTPS ``iss`` (None if ``iss`` is not such a URL)."""
    parts = urlsplit(iss)
    if parts.scheme != "https" or not parts.netloc or parts.query or parts.fragment:
        return None
    return urlunsplit(("https", parts.netloc, WELL_KNOWN + parts.path.rstrip("/"), "", ""))


def _fetch_json(url: str, options: VerifyOptions) -> Any:
    assert options.fetcher is not None
    return options.fetcher.fetch(url, accept="application/json").json()


def _select(jwks: Any, kid: Any, iss: str) -> Key | Check:
    keys = jwks.get("keys") if isinstance(jwks, dict) else None
    if not isinstance(keys, list) or not all(isinstance(k, dict) for k in keys):
        return Check.fail(
            CheckName.PROOF, CheckCode.ISSUER_METADATA_INVALID, f"the JWK Set of {iss} has no 'keys' array"
        )
    matching = [k for k in keys if k.get("kid") == kid] if kid is not None else keys
    if len(matching) != 1:
        which = f"kid {kid!r}" if kid is not None else "a single key (the JWT has no kid)"
        return Check.fail(
            CheckName.PROOF, CheckCode.ISSUER_KEY_NOT_FOUND, f"the JWK Set of {iss} does not hold {which}"
        )
    try:
        key = Key.from_jwk(matching[0])
    except MicrocredError as exc:
        return Check.fail(
            CheckName.PROOF, CheckCode.ISSUER_METADATA_INVALID, f"a key of {iss} is not usable: {exc}"
        )
    if key.is_private:
        return Check.fail(
            CheckName.PROOF,
            CheckCode.ISSUER_METADATA_INVALID,
            f"the JWK Set of {iss} publishes a private key",
        )
    return key


def key_from_issuer_metadata(iss: str, kid: Any, options: VerifyOptions) -> Key | Check:
    """The issuer's key from its JWT VC Issuer Metadata, or the ``proof`` check saying why not."""
    url = metadata_url(iss)
    if url is None:
        return Check.fail(
            CheckName.PROOF,
            CheckCode.ISSUER_METADATA_INVALID,
            f"iss {iss!r} is not an HTTPS URL without query",
        )
    if options.fetcher is None:
        return Check.error(CheckName.PROOF, CheckCode.ISSUER_METADATA_UNAVAILABLE, f"no fetcher to get {url}")
    try:
        metadata = _fetch_json(url, options)
        if not isinstance(metadata, dict):
            return Check.fail(
                CheckName.PROOF, CheckCode.ISSUER_METADATA_INVALID, f"{url} is not a JSON object"
            )
        if metadata.get("issuer") != iss:  # §4.3: the data MUST NOT be used
            msg = f"{url} is for issuer {metadata.get('issuer')!r}, not {iss!r}"
            return Check.fail(CheckName.PROOF, CheckCode.ISSUER_METADATA_MISMATCH, msg)
        if ("jwks" in metadata) == ("jwks_uri" in metadata):
            return Check.fail(
                CheckName.PROOF,
                CheckCode.ISSUER_METADATA_INVALID,
                f"{url} must have jwks or jwks_uri, not both",
            )
        jwks = metadata["jwks"] if "jwks" in metadata else _fetch_json(str(metadata["jwks_uri"]), options)
    except MicrocredError as exc:
        return Check.error(
            CheckName.PROOF, CheckCode.ISSUER_METADATA_UNAVAILABLE, f"cannot get the metadata of {iss}: {exc}"
        )
    return _select(jwks, kid, iss)
