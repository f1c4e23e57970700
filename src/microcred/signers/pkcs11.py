"""A :class:`~microcred.signers.Signer` for a key in an HSM or smart card, through its PKCS#11 module.

Built on ``python-pkcs11`` (a maintained Cython binding of the PKCS#11 C API; writing our own ctypes layer would
re-implement its session, attribute and error handling). Mechanisms (PKCS#11 v2.40 §2.1, §2.3; v3.0 §2.3.14):

* ``EdDSA`` -> ``CKM_EDDSA`` over the message (Ed25519, RFC 8032; SoftHSM 2.6 and most v3.0 tokens);
* ``ES256`` / ``ES384`` / ``ES512`` -> ``CKM_ECDSA`` over the SHA-2 digest computed here; the token returns
  ``r‖s`` (PKCS#11 §2.3.1 "ECDSA signature"), which is the JOSE / Data Integrity form (RFC 7518 §3.4) once each
  half is the curve size;
* ``RS*`` -> ``CKM_SHA*_RSA_PKCS`` (RSASSA-PKCS1-v1_5), ``PS*`` -> ``CKM_SHA*_RSA_PKCS_PSS`` with MGF1 of the same
  hash and a salt as long as the hash (RFC 7518 §3.5).

The public key comes from the token's public key object (same ``CKA_ID`` / label), else from its certificate; the
certificate chain from the token's ``CKO_CERTIFICATE`` objects (leaf = the one certifying the key) unless given.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from cryptography import x509 as cx509

from ..errors import KeyMaterialError, SignerError, SignerUnavailableError, UsageError
from ..keys.jwk import PublicKey
from ..keys.key_types import key_type as key_type_named
from .pkcs11_objects import certificate_chain_from_der, public_key_from_attributes
from .pkcs11_uri import Pkcs11Uri, parse_pkcs11_uri
from .protocol import SignerAttributes, SignRequest

#: Where Debian / Ubuntu put SoftHSM2's module (used when a URI names no module-path).
DEFAULT_MODULES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
_LIBS: dict[str, Any] = {}
_LIBS_LOCK = threading.Lock()


def _pkcs11() -> Any:
    try:
        import pkcs11
    except ImportError as exc:  # the optional dependency
        raise SignerUnavailableError(
            "PKCS#11 signing needs python-pkcs11: pip install 'microcred[pkcs11]'"
        ) from exc
    return pkcs11


def load_module(path: str) -> Any:
    """The loaded PKCS#11 module at ``path`` (loaded once per process)."""
    pkcs11 = _pkcs11()
    with _LIBS_LOCK:
        if path not in _LIBS:
            try:
                _LIBS[path] = pkcs11.lib(path)
            except (RuntimeError, OSError, pkcs11.exceptions.PKCS11Error) as exc:
                raise SignerUnavailableError(f"cannot load the PKCS#11 module {path}: {exc}") from exc
        return _LIBS[path]


#: One logged-in session per (module, token) shared by the signers of this process: PKCS#11 login state belongs to
#: the application (v2.40 §5.6 C_Login: CKR_USER_ALREADY_LOGGED_IN), so a second C_Login would fail.
_SESSIONS: dict[tuple[str, str | None], list[Any]] = {}


def open_session(module_path: str, token: Any, token_label: str | None, pin: str | None) -> tuple[Any, Any]:
    """The shared read-write session with ``token`` (logged in with ``pin``) and its lock; see :func:`release_session`."""
    key = (module_path, token_label)
    with _LIBS_LOCK:
        entry = _SESSIONS.get(key)
        if entry is not None:
            if entry[3] != pin:
                raise SignerUnavailableError(
                    f"cannot open the token {token_label!r}: it is already open with another PIN"
                )
            entry[1] += 1
            return entry[0], entry[2]
        session = token.open(user_pin=pin, rw=True)
        _SESSIONS[key] = [session, 1, threading.Lock(), pin]
        return session, _SESSIONS[key][2]


def release_session(module_path: str, token_label: str | None) -> None:
    """Drop one user of the shared session; the last one closes it (and so logs out)."""
    pkcs11 = _pkcs11()
    with _LIBS_LOCK:
        entry = _SESSIONS.get((module_path, token_label))
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] <= 0:
            del _SESSIONS[(module_path, token_label)]
            with contextlib.suppress(pkcs11.exceptions.PKCS11Error):  # already closed by the token
                entry[0].close()


def _digest(alg: str, data: bytes) -> bytes:
    return hashlib.new({"256": "sha256", "384": "sha384", "512": "sha512"}[alg[2:]], data).digest()


class Pkcs11Signer(SignerAttributes):
    """Signs with a private key in a PKCS#11 token; the private key never leaves the token.

    ``module_path`` is the PKCS#11 module (``.so``), ``token_label`` the token, ``key_label`` / ``key_id`` the
    key (``CKA_LABEL`` / ``CKA_ID``), ``pin`` the user PIN. ``certificate_chain`` (leaf first) overrides the
    certificates on the token. Use as a context manager, or call :meth:`close`, to log out.
    """

    def __init__(
        self,
        *,
        module_path: str,
        token_label: str | None = None,
        key_label: str | None = None,
        key_id: bytes | None = None,
        pin: str | None = None,
        certificate_chain: Sequence[cx509.Certificate] | None = None,
        kid: str | None = None,
        alg: str | None = None,
    ) -> None:
        if key_label is None and key_id is None:
            raise UsageError("a PKCS#11 signer needs the key's label (object=) or id (id=)")
        self._pkcs11 = _pkcs11()
        self._session: Any = None
        self._module_path, self._token_label = module_path, token_label
        self._key_label, self._key_id, self._pin = key_label, key_id, pin
        self._kid = kid
        self.description = f"pkcs11:token={token_label};object={key_label}"
        lib = load_module(module_path)
        try:
            self._token = (
                lib.get_token(token_label=token_label)
                if token_label
                else next(iter(lib.get_slots(token_present=True))).get_token()
            )
            self._session, self._lock = open_session(module_path, self._token, token_label, pin)
        except (StopIteration, self._pkcs11.exceptions.PKCS11Error) as exc:
            raise SignerUnavailableError(
                f"{self.description}: cannot open the token: {type(exc).__name__} {exc}"
            ) from exc
        try:
            self._private = self._find(self._pkcs11.ObjectClass.PRIVATE_KEY)
            self._public = self._read_public_key(certificate_chain)
            self._kt = _key_type_of(self._public)
            self._chain = list(certificate_chain) if certificate_chain is not None else self._token_chain()
        except BaseException:
            self.close()
            raise
        algs = self._kt.algs
        if alg is not None and alg not in algs:
            raise KeyMaterialError(
                f"alg {alg!r} does not fit the token's {self._kt.name} key (allowed: {algs})"
            )
        self._algs = (alg,) if alg else tuple(a for a in algs if a != "Ed25519")

    @classmethod
    def from_uri(
        cls,
        uri: str | Pkcs11Uri,
        *,
        env: Mapping[str, str] | None = None,
        allow_pin_value: bool = True,
        certificate_chain: Sequence[cx509.Certificate] | None = None,
        kid: str | None = None,
    ) -> Pkcs11Signer:
        """A signer for an RFC 7512 URI (``pkcs11:token=…;object=…?module-path=…&pin-source=env:PIN``)."""
        parsed = parse_pkcs11_uri(uri) if isinstance(uri, str) else uri
        if parsed.path.get("type", "private") != "private":
            raise UsageError("a PKCS#11 signer URI names a private key (type=private or no type)")
        module = parsed.module_path or _default_module()
        return cls(
            module_path=module,
            token_label=parsed.token,
            key_label=parsed.object,
            key_id=parsed.key_id,
            pin=parsed.pin(env=env, allow_pin_value=allow_pin_value),
            certificate_chain=certificate_chain,
            kid=kid,
        )

    # -- token objects ------------------------------------------------------------------------------------------
    def _find(self, object_class: Any) -> Any:
        attrs: dict[Any, Any] = {}
        if self._key_label is not None:
            attrs["label"] = self._key_label
        if self._key_id is not None:
            attrs["id"] = self._key_id
        exc_mod = self._pkcs11.exceptions
        try:
            return self._session.get_key(object_class=object_class, **attrs)
        except exc_mod.NoSuchKey as exc:
            raise SignerUnavailableError(f"{self.description}: no such key on the token") from exc
        except exc_mod.MultipleObjectsReturned as exc:
            raise SignerError(f"{self.description}: several keys match; give id= as well") from exc
        except exc_mod.PKCS11Error as exc:
            raise SignerUnavailableError(f"{self.description}: {type(exc).__name__} {exc}") from exc

    def _read_public_key(self, given_chain: Sequence[cx509.Certificate] | None) -> PublicKey:
        A = self._pkcs11.Attribute
        try:
            pub = self._find(self._pkcs11.ObjectClass.PUBLIC_KEY)
        except SignerUnavailableError:
            chain = list(given_chain) if given_chain else self._certificate_of_key()
            if not chain:
                raise SignerError(
                    f"{self.description}: the token has no public key or certificate for the key"
                ) from None
            return chain[0].public_key()  # type: ignore[return-value]
        kt = pub.key_type.name
        if kt == "RSA":
            return public_key_from_attributes(
                "RSA", {"modulus": pub[A.MODULUS], "public_exponent": pub[A.PUBLIC_EXPONENT]}
            )
        return public_key_from_attributes(kt, {"ec_params": pub[A.EC_PARAMS], "ec_point": pub[A.EC_POINT]})

    def _certificates(self, match_key: bool) -> list[bytes]:
        A = self._pkcs11.Attribute
        query: dict[Any, Any] = {A.CLASS: self._pkcs11.ObjectClass.CERTIFICATE}
        if match_key and self._key_id is not None:
            query[A.ID] = self._key_id
        elif match_key and self._key_label is not None:
            query[A.LABEL] = self._key_label
        return [bytes(o[A.VALUE]) for o in self._session.get_objects(query)]

    def _certificate_of_key(self) -> list[cx509.Certificate]:
        """The certificate with the key's CKA_ID (or label), for tokens that keep no public key object."""
        return [cx509.load_der_x509_certificate(der) for der in self._certificates(match_key=True)[:1]]

    def _token_chain(self) -> list[cx509.Certificate]:
        return certificate_chain_from_der(self._certificates(match_key=False), self._public)

    # -- the Signer protocol ------------------------------------------------------------------------------------
    def sign_many(self, items: Sequence[SignRequest]) -> list[bytes]:
        """Signatures of all ``items`` in the one logged-in session."""
        out: list[bytes] = []
        with self._lock:
            if self._session is None:
                raise SignerUnavailableError(f"{self.description}: the signer is closed")
            for data, alg in items:
                if alg not in self._algs:
                    raise SignerError(
                        f"{self.description} cannot sign {alg} (it can: {', '.join(self._algs)})"
                    )
                out.append(self._sign_one(bytes(data), alg))
        return out

    def _sign_one(self, data: bytes, alg: str) -> bytes:
        M = self._pkcs11.Mechanism
        try:
            if alg in ("EdDSA", "Ed25519"):
                return bytes(self._private.sign(data, mechanism=M.EDDSA))
            if alg.startswith("ES"):
                raw = bytes(self._private.sign(_digest(alg, data), mechanism=M.ECDSA))
                size = self._kt.size
                if len(raw) != 2 * size:
                    raise SignerError(
                        f"{self.description}: the token's ECDSA signature has {len(raw)} bytes, not {2 * size}"
                    )
                return raw
            bits = alg[2:]
            if alg.startswith("RS"):
                return bytes(self._private.sign(data, mechanism=getattr(M, f"SHA{bits}_RSA_PKCS")))
            mgf = getattr(self._pkcs11.MGF, f"SHA{bits}")
            param = (getattr(M, f"SHA{bits}"), mgf, int(bits) // 8)
            return bytes(
                self._private.sign(
                    data, mechanism=getattr(M, f"SHA{bits}_RSA_PKCS_PSS"), mechanism_param=param
                )
            )
        except self._pkcs11.exceptions.PKCS11Error as exc:
            raise SignerError(
                f"{self.description}: the token refused to sign with {alg}: {type(exc).__name__} {exc}"
            ) from exc

    def close(self) -> None:
        """Log out and close the session (the signer cannot sign afterwards)."""
        session, self._session = self._session, None
        if session is not None:
            release_session(self._module_path, self._token_label)

    def __enter__(self) -> Pkcs11Signer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Pkcs11Signer({self.description})"


def _key_type_of(public: PublicKey) -> Any:
    from ..keys import Key

    return key_type_named(Key(public).key_type)


def _default_module() -> str:
    import os

    for path in DEFAULT_MODULES:
        if os.path.exists(path):
            return path
    raise SignerUnavailableError(
        "the PKCS#11 URI names no module-path and SoftHSM2's module is not installed"
    )
