"""Signers described so that a cluster worker can open them itself: never a private key on the wire.

A Dask batch runs on other processes and machines. A hardware or remote signer cannot be pickled (it holds a
logged-in PKCS#11 session, an OAuth token) and its key must not be copied, so the driver sends a *description*
and each worker opens its own signer from it once:

* :class:`Pkcs11Spec`: the RFC 7512 URI of the key (token, object / id, ``module-path``) with the PIN read **on
  the worker** from ``pin-source=env:NAME`` or ``pin-source=file:/path``. A URI with ``pin-value`` is refused: the
  PIN would travel to every worker. Each worker needs the token (a network HSM's client module, or the same
  SoftHSM2 token directory) and the PIN source.
* :class:`CscSpec`: a Cloud Signature Consortium API v2 service (its URL, the seal's credential id, the OAuth
  client id and token URL); the client secret (and an explicit-mode PIN) are read on the worker from environment
  variables (default ``MICROCRED_CSC_CLIENT_SECRET`` / ``MICROCRED_CSC_PIN``), as ``microcred issue --signer``
  does. ``transport`` (tests) must be picklable.
* :class:`~microcred.batch.worker.KeySpec`: an in-process :class:`~microcred.keys.Key` **is** shipped, as its
  private JWK (the process pool does the same); use a signer spec when that is not acceptable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from .worker import KeySpec

if TYPE_CHECKING:
    from ..keys import Key

DEFAULT_SECRET_ENV = "MICROCRED_CSC_CLIENT_SECRET"
DEFAULT_PIN_ENV = "MICROCRED_CSC_PIN"


@dataclass(frozen=True)
class Pkcs11Spec:
    """A PKCS#11 key by RFC 7512 URI; the PIN is read on the worker (``pin-source``), never sent."""

    uri: str
    kid: str | None = None
    #: DER certificates (leaf first) to use instead of the token's; None: the token's
    certificate_chain: tuple[bytes, ...] | None = None

    def __post_init__(self) -> None:
        from ..signers.pkcs11_uri import parse_pkcs11_uri

        if "pin-value" in parse_pkcs11_uri(self.uri).query:
            raise UsageError(
                "a PKCS#11 URI sent to cluster workers must not carry pin-value (the PIN would travel to every "
                "worker); use pin-source=env:NAME or pin-source=file:/path, read on each worker"
            )

    def open(self) -> Any:
        """The signer, opened in this (worker) process."""
        from cryptography import x509

        from ..signers.pkcs11 import Pkcs11Signer

        chain = None
        if self.certificate_chain is not None:
            chain = [x509.load_der_x509_certificate(der) for der in self.certificate_chain]
        return Pkcs11Signer.from_uri(self.uri, allow_pin_value=False, kid=self.kid, certificate_chain=chain)


@dataclass(frozen=True)
class CscSpec:
    """A CSC v2 remote seal; the client secret (and PIN) are read from the worker's environment."""

    service_url: str
    client_id: str
    credential_id: str | None = None
    token_url: str | None = None
    kid: str | None = None
    secret_env: str = DEFAULT_SECRET_ENV
    pin_env: str = DEFAULT_PIN_ENV
    transport: Any = None

    def open(self) -> Any:
        """The signer, opened in this (worker) process (one OAuth token and ``credentials/info`` per worker)."""
        import os

        from ..signers.csc import CscSigner

        secret = os.environ.get(self.secret_env)
        if not secret:
            raise UsageError(f"set {self.secret_env} to the CSC client secret on every worker")
        return CscSigner(
            self.service_url,
            client_id=self.client_id,
            client_secret=secret,
            credential_id=self.credential_id,
            token_url=self.token_url,
            pin=os.environ.get(self.pin_env),
            kid=self.kid,
            transport=self.transport,
        )

    @classmethod
    def from_reference(cls, reference: str, *, kid: str | None = None) -> CscSpec:
        """The spec of a ``csc:https://…?credential=…&client_id=…`` reference (as ``--signer`` takes)."""
        from ..signers.uri import parse_csc_reference

        config = parse_csc_reference(reference)
        return cls(
            config["service_url"],
            config["client_id"],
            credential_id=config.get("credential_id"),
            token_url=config.get("token_url"),
            kid=kid,
        )


SignerSpec = KeySpec | Pkcs11Spec | CscSpec


def signer_spec(signer: Any) -> SignerSpec:
    """What a worker needs to sign: a spec as given, a :class:`KeySpec` for a Key, or a ``pkcs11:`` / ``csc:``
    reference; any other signer object is refused (it cannot be rebuilt elsewhere)."""
    from ..keys import Key
    from ..signers import SignerKey

    if isinstance(signer, Pkcs11Spec | CscSpec | KeySpec):
        return signer
    if isinstance(signer, str):
        if signer.startswith("pkcs11:"):
            return Pkcs11Spec(signer)
        if signer.startswith("csc:"):
            return CscSpec.from_reference(signer)
        raise UsageError(f"unknown signer reference {signer[:40]!r}: use pkcs11:… or csc:https://…")
    if isinstance(signer, Key) and not isinstance(signer, SignerKey):
        if not signer.is_private:
            raise UsageError("issuing needs a private key")
        return KeySpec.of(signer)
    raise UsageError(
        f"a {type(signer).__name__} cannot be sent to cluster workers; describe it instead "
        "(microcred.batch.signer_spec.Pkcs11Spec(uri) or CscSpec(service_url, client_id, ...))"
    )


def open_spec(spec: SignerSpec) -> Key:
    """The signing key a worker uses: the Key itself, or a SignerKey over the opened signer."""
    from ..signers import as_key

    if isinstance(spec, KeySpec):
        return spec.load()
    return as_key(spec.open())
