"""The ``Signer`` protocol: what every issuing path needs from whoever holds the private key.

A signer exposes its **public key** (and, for seals, its X.509 **certificate chain**, leaf first), the JOSE
**algorithms** it can do (RFC 7518 §3.1 names: ``EdDSA``, ``ES256``, ``ES384``, ``RS256``, ``PS256``, …), and
produces **raw JOSE-form signatures** (RFC 7518 §3: Ed25519 64 bytes, ECDSA IEEE P1363 ``r‖s``, RSA the modulus
length) with ``sign(data, alg)``, or many at once with ``sign_many`` (one round trip to an HSM session or a remote
signing service for a whole batch).

:class:`~microcred.keys.Key` is one implementation (the key is in memory). :class:`~.pkcs11.Pkcs11Signer` (an HSM
or smart card) and :class:`~.csc.CscSigner` (a remote qualified seal, Cloud Signature Consortium API v2) are
others: their private keys never enter the process.

Suites sign only through ``key.sign`` / ``sign_many``; :func:`as_key` turns any ``Signer`` into a
:class:`~microcred.keys.Key` whose ``sign`` is the signer's, each signature checked with the public key before it
is used (a signer returning a bad signature is a :class:`~microcred.errors.SignerSignatureError`, and nothing is
emitted).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ..errors import KeyMaterialError, SignerCertificateError, SignerError, SignerSignatureError, UsageError
from ..keys import Key
from ..keys.jwk import PublicKey

if TYPE_CHECKING:  # cryptography.x509 is imported only where a certificate is handled
    from cryptography import x509 as cx509

#: One request of a batch: the bytes to sign and the JOSE algorithm.
SignRequest = tuple[bytes, str]


@runtime_checkable
class Signer(Protocol):
    """Anything that signs with a key it holds: a :class:`~microcred.keys.Key`, an HSM, a remote service."""

    @property
    def public_key(self) -> PublicKey:
        """The ``cryptography`` public key that verifies this signer's signatures."""

    @property
    def certificate_chain(self) -> list[cx509.Certificate]:
        """X.509 chain, leaf (the signer's certificate) first; may be empty."""

    @property
    def allowed_algs(self) -> tuple[str, ...]:
        """The JOSE algorithms this signer can do (default first)."""

    @property
    def kid(self) -> str | None:
        """The key id / verification method id, if the signer has one."""

    def sign(self, data: bytes, alg: str | None = None) -> bytes:
        """The raw JOSE-form signature of ``data`` with ``alg`` (default: the first of ``allowed_algs``)."""

    def sign_many(self, items: Sequence[SignRequest]) -> list[bytes]:
        """The signatures of many ``(data, alg)`` requests, in order (few round trips)."""


def sign_each(signer: Signer, items: Sequence[SignRequest]) -> list[bytes]:
    """``sign_many`` for signers without a batch operation: one ``sign`` per item."""
    return [signer.sign(data, alg) for data, alg in items]


class SignerAttributes(ABC):
    """The Signer protocol's read-only members over the attributes a concrete signer sets when it opens (its
    public key, certificate chain leaf first, JOSE algorithms default first, and kid), plus ``sign`` as a batch
    of one. :class:`~microcred.signers.pkcs11.Pkcs11Signer` and :class:`~microcred.signers.csc.CscSigner` share
    it; each implements ``sign_many``."""

    _public: PublicKey
    _chain: list[cx509.Certificate]
    _algs: tuple[str, ...]
    _kid: str | None

    @property
    def public_key(self) -> PublicKey:
        """The public key that verifies this signer's signatures."""
        return self._public

    @property
    def certificate_chain(self) -> list[cx509.Certificate]:
        """The certificate chain, leaf first (empty when there is none)."""
        return list(self._chain)

    @property
    def allowed_algs(self) -> tuple[str, ...]:
        """The JOSE algorithms this signer can do (its default first)."""
        return self._algs

    @property
    def kid(self) -> str | None:
        """The kid given to the signer (None: the issuing path or JAdES derives one)."""
        return self._kid

    def sign(self, data: bytes, alg: str | None = None) -> bytes:
        """One signature: a batch of one through ``sign_many``."""
        return self.sign_many([(data, alg or self._algs[0])])[0]

    @abstractmethod
    def sign_many(self, items: Sequence[SignRequest]) -> list[bytes]:
        """The signatures of ``items`` in order (each concrete signer implements it)."""


class SignerKey(Key):
    """A :class:`~microcred.keys.Key` whose private half lives in a :class:`Signer` (never in this process).

    It has the signer's public key, kid and certificate chain; ``sign`` and ``sign_many`` go to the signer and every
    signature is verified with the public key before it is returned.
    """

    __slots__ = ("_signer",)

    def __init__(
        self,
        signer: Signer,
        *,
        kid: str | None = None,
        did: str | None = None,
        controller: str | None = None,
        certificate_chain: Iterable[cx509.Certificate] | None = None,
        alg: str | None = None,
    ) -> None:
        chain = tuple(signer.certificate_chain if certificate_chain is None else certificate_chain)
        try:
            super().__init__(
                signer.public_key,
                kid=kid if kid is not None else signer.kid,
                did=did,
                controller=controller,
                certificate_chain=chain,
                alg=alg,
            )
        except KeyMaterialError as exc:
            if "certificate" in exc.message:
                raise SignerCertificateError(
                    f"signer {_name(signer)}: {exc.message}", details={"signer": _name(signer)}
                ) from exc
            raise
        unknown = [a for a in signer.allowed_algs if a not in self._kt.algs]
        if unknown:
            raise SignerError(
                f"signer {_name(signer)} offers {unknown}, which do not fit a {self._kt.name} key"
            )
        self._signer = signer

    @property
    def signer(self) -> Signer:
        """The signer holding the private key."""
        return self._signer

    @property
    def allowed_algs(self) -> tuple[str, ...]:
        """The algorithms both the key type and the signer allow (default first)."""
        if self._alg:
            return (self._alg,)
        return tuple(a for a in self._signer.allowed_algs if a in self._kt.algs)

    @property
    def is_private(self) -> bool:
        """True: the signer can sign (its private key is elsewhere)."""
        return True

    @property
    def private_key(self) -> Any:
        """Never available: the private key stays in the signer (a KeyMaterialError)."""
        raise KeyMaterialError(
            f"the private key of {self._kid or self.thumbprint()} stays in {_name(self._signer)}"
        )

    def _copy(self, *, key: Any = None, **changes: Any) -> Key:
        if key is not None:
            return super()._copy(key=key, **changes)
        args: dict[str, Any] = {
            "kid": self._kid,
            "did": self._did,
            "controller": self._controller,
            "certificate_chain": self._chain,
            "alg": self._alg,
        }
        args.update(changes)
        return SignerKey(self._signer, **args)

    def sign(self, data: bytes, alg: str | None = None) -> bytes:
        """The signer's signature of ``data``, verified with the public key before it is returned."""
        return self.sign_many([(data, self._check_alg(alg))])[0]

    def sign_many(self, items: Sequence[SignRequest]) -> list[bytes]:
        """The signer's signatures of ``items`` in one batch, each verified with the public key."""
        requests: list[SignRequest] = []
        for data, alg in items:
            if not isinstance(data, bytes | bytearray | memoryview):
                raise UsageError(f"sign() takes bytes, not {type(data).__name__}")
            requests.append((bytes(data), self._check_alg(alg)))
        if not requests:
            return []
        try:
            signatures = self._signer.sign_many(requests)
        except SignerError:
            raise
        except Exception as exc:  # a signer implementation's own exception: wrap it, name the signer
            raise SignerError(
                f"signer {_name(self._signer)} failed: {exc}", details={"signer": _name(self._signer)}
            ) from exc
        if len(signatures) != len(requests):
            raise SignerSignatureError(
                f"signer {_name(self._signer)} returned {len(signatures)} signatures for {len(requests)} requests"
            )
        for index, ((data, alg), signature) in enumerate(zip(requests, signatures, strict=True)):
            if not isinstance(signature, bytes) or not self.verify(data, signature, alg):
                raise SignerSignatureError(
                    f"signer {_name(self._signer)} returned a {alg} signature that does not verify with its "
                    "public key; nothing was issued",
                    details={"signer": _name(self._signer), "index": index, "alg": alg},
                )
        return list(signatures)

    def __repr__(self) -> str:
        return f"SignerKey({self._kt.name}, {_name(self._signer)}, kid={self._kid!r})"


def _name(signer: Any) -> str:
    describe = getattr(signer, "description", None)
    return describe if isinstance(describe, str) else type(signer).__name__


def as_key(signer: Any) -> Key:
    """What every issuing API does with its ``key`` argument: a :class:`~microcred.keys.Key` stays itself, any
    other :class:`Signer` becomes a :class:`SignerKey`, a ``jwcrypto`` JWK is converted (``Key.coerce``)."""
    if isinstance(signer, Key):
        return signer
    if isinstance(signer, Signer):
        return SignerKey(signer)
    if type(signer).__module__.split(".", 1)[0] == "jwcrypto":
        return Key.coerce(signer)
    raise UsageError(f"expected a microcred Key, a Signer or a jwcrypto JWK, not {type(signer).__name__}")
