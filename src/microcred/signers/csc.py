"""A :class:`~microcred.signers.Signer` for a remote (qualified) seal: Cloud Signature Consortium API v2.0.

The flow for a seal (CSC v2 §11.4-§11.9; the simplest one a service offers for an organisation's credential):

1. ``credentials/list`` (§11.4) when no credential id is given: the service must list exactly one;
2. ``credentials/info`` (§11.5) with ``certificates="chain"`` and ``certInfo``/``authInfo``: the certificate chain
   (base64 DER, leaf first), the key's ``status`` and ``algo`` (OIDs), the authorization ``mode``;
3. per batch, ``credentials/authorize`` (§11.6) for ``numSignatures`` with the ``hashes`` (``implicit`` mode: no
   ``authData``; ``explicit`` with a PIN: ``authData=[{"id": "PIN", "value": …}]``), giving the SAD;
4. ``signatures/signHash`` (§11.9) with all the batch's ``hashes`` (base64), ``hashAlgorithmOID`` and ``signAlgo``
   (RFC 5754 / RFC 5758 OIDs) in one call.

signHash signs a **hash**, so EdDSA (which signs the message, RFC 8032) cannot be used remotely; RSA PKCS#1 v1.5
(RS256/384/512) and ECDSA (ES256/384/512) can. An ECDSA signature returned DER-encoded (the X.509 form, RFC 5758
§3.2) is converted to the JOSE ``r‖s`` form (RFC 7518 §3.4).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from cryptography import x509 as cx509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

from ..errors import KeyMaterialError, SignerCertificateError, SignerError
from ..keys.jwk import PublicKey
from ..keys.key_types import key_type
from .csc_client import CscClient, CscTransport
from .protocol import SignerAttributes, SignRequest

#: JOSE alg -> (hash name, hashAlgorithmOID, signAlgo OID) — RFC 5754 §3 (sha*), RFC 4055 §5 / RFC 5758 §3.2.
ALGORITHMS: dict[str, tuple[str, str, str]] = {
    "RS256": ("sha256", "2.16.840.1.101.3.4.2.1", "1.2.840.113549.1.1.11"),
    "RS384": ("sha384", "2.16.840.1.101.3.4.2.2", "1.2.840.113549.1.1.12"),
    "RS512": ("sha512", "2.16.840.1.101.3.4.2.3", "1.2.840.113549.1.1.13"),
    "ES256": ("sha256", "2.16.840.1.101.3.4.2.1", "1.2.840.10045.4.3.2"),
    "ES384": ("sha384", "2.16.840.1.101.3.4.2.2", "1.2.840.10045.4.3.3"),
    "ES512": ("sha512", "2.16.840.1.101.3.4.2.3", "1.2.840.10045.4.3.4"),
}
#: Key algorithm OIDs a credential may list (rsaEncryption, id-ecPublicKey) besides the signature OIDs above.
_KEY_OIDS = {"1.2.840.113549.1.1.1": "RSA", "1.2.840.10045.2.1": "EC"}
#: Most hashes sent in one signHash (services cap the batch; CSC v2 §11.6 ``numSignatures``).
DEFAULT_MAX_BATCH = 100


def _b64decode(value: Any, what: str) -> bytes:
    if not isinstance(value, str):
        raise SignerError(f"CSC {what} is not a base64 string")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SignerError(f"CSC {what} is not valid base64") from exc


class CscSigner(SignerAttributes):
    """Signs through a CSC v2 remote signing service; the private key stays in the provider's QSCD.

    ``service_url`` is the service's base URI (``…`` in ``…/csc/v2/signatures/signHash``), ``credential_id`` the
    seal's credential (None: the only one ``credentials/list`` returns), ``client_id`` / ``client_secret`` the
    OAuth 2.0 client credentials, ``pin`` the credential PIN for the ``explicit`` mode. ``transport`` defaults to
    the hardened fetcher.
    """

    def __init__(
        self,
        service_url: str,
        *,
        client_id: str,
        client_secret: str,
        credential_id: str | None = None,
        token_url: str | None = None,
        pin: str | None = None,
        transport: CscTransport | None = None,
        kid: str | None = None,
        max_batch: int = DEFAULT_MAX_BATCH,
    ) -> None:
        self.client = CscClient(
            service_url,
            client_id=client_id,
            client_secret=client_secret,
            token_url=token_url,
            transport=transport,
        )
        self._pin, self._kid, self._max_batch = pin, kid, max(1, max_batch)
        self.credential_id = credential_id or self._only_credential()
        self.description = f"csc:{self.client.service_url}#{self.credential_id}"
        info = self.client.call(
            "credentials/info",
            {"credentialID": self.credential_id, "certificates": "chain", "certInfo": True, "authInfo": True},
        )
        self._chain, self._public = self._read_chain(info)
        self._algs = self._read_algorithms(info)
        self._mode = self._read_auth_mode(info)

    # -- credentials/list and credentials/info -------------------------------------------------------------------
    def _only_credential(self) -> str:
        answer = self.client.call("credentials/list", {"credentialInfo": False})
        ids = answer.get("credentialIDs")
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise SignerError("CSC credentials/list returned no credentialIDs array")
        if len(ids) != 1:
            raise SignerError(f"the CSC service lists {len(ids)} credentials; name one (credential id)")
        return str(ids[0])

    def _read_chain(self, info: Mapping[str, Any]) -> tuple[list[cx509.Certificate], PublicKey]:
        cert = info.get("cert")
        encoded = cert.get("certificates") if isinstance(cert, dict) else None
        if not isinstance(encoded, list) or not encoded:
            raise SignerCertificateError(
                f"{self.description}: credentials/info returned no certificate chain"
            )
        if isinstance(cert, dict) and cert.get("status", "valid") != "valid":
            raise SignerCertificateError(
                f"{self.description}: the credential's certificate is {cert.get('status')}"
            )
        try:
            chain = [cx509.load_der_x509_certificate(_b64decode(c, "certificate")) for c in encoded]
        except ValueError as exc:
            raise SignerCertificateError(
                f"{self.description}: a certificate in the chain cannot be read: {exc}"
            ) from exc
        key = info.get("key")
        if isinstance(key, dict) and key.get("status", "enabled") != "enabled":
            raise SignerError(f"{self.description}: the credential's key is {key.get('status')}")
        public = chain[0].public_key()
        if not isinstance(public, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
            raise KeyMaterialError(
                f"{self.description}: signHash needs an RSA or ECDSA key, not {type(public).__name__}"
            )
        return chain, public

    def _read_algorithms(self, info: Mapping[str, Any]) -> tuple[str, ...]:
        from ..keys import Key

        fits = key_type(Key(self._public).key_type).algs
        listed = info.get("key", {}).get("algo") if isinstance(info.get("key"), dict) else None
        oids = set(listed) if isinstance(listed, list) else set()
        by_key_oid = any(_KEY_OIDS.get(o) for o in oids) or not oids
        algs = tuple(a for a in fits if a in ALGORITHMS and (by_key_oid or ALGORITHMS[a][2] in oids))
        if not algs:
            raise SignerError(f"{self.description}: the credential offers none of {', '.join(ALGORITHMS)}")
        return algs

    def _read_auth_mode(self, info: Mapping[str, Any]) -> str:
        auth = info.get("auth")
        mode = auth.get("mode", "implicit") if isinstance(auth, dict) else info.get("authMode", "implicit")
        if mode not in ("implicit", "explicit"):
            raise SignerError(
                f"{self.description}: authorization mode {mode!r} needs a user; a seal needs implicit"
            )
        if mode == "explicit" and self._pin is None:
            raise SignerError(f"{self.description}: the credential needs a PIN (explicit authorization)")
        return str(mode)

    # -- the Signer protocol -------------------------------------------------------------------------------------
    def sign_many(self, items: Sequence[SignRequest]) -> list[bytes]:
        """All signatures with one authorize + one signHash call per ``max_batch`` hashes of the same algorithm."""
        out: list[bytes | None] = [None] * len(items)
        by_alg: dict[str, list[int]] = {}
        for index, (_, alg) in enumerate(items):
            if alg not in self._algs:
                raise SignerError(f"{self.description} cannot sign {alg} (it can: {', '.join(self._algs)})")
            by_alg.setdefault(alg, []).append(index)
        for alg, indexes in by_alg.items():
            for start in range(0, len(indexes), self._max_batch):
                chunk = indexes[start : start + self._max_batch]
                signatures = self._sign_hashes(alg, [items[i][0] for i in chunk])
                for i, signature in zip(chunk, signatures, strict=True):
                    out[i] = signature
        return [s for s in out if s is not None]

    def _sign_hashes(self, alg: str, messages: list[bytes]) -> list[bytes]:
        hash_name, hash_oid, sign_oid = ALGORITHMS[alg]
        hashes = [base64.b64encode(hashlib.new(hash_name, m).digest()).decode("ascii") for m in messages]
        authorize: dict[str, Any] = {
            "credentialID": self.credential_id,
            "numSignatures": len(hashes),
            "hashes": hashes,
            "hashAlgorithmOID": hash_oid,
        }
        if self._mode == "explicit":
            authorize["authData"] = [{"id": "PIN", "value": self._pin}]
        sad = self.client.call("credentials/authorize", authorize).get("SAD")
        if not isinstance(sad, str) or not sad:
            raise SignerError(f"{self.description}: credentials/authorize returned no SAD")
        request = {
            "credentialID": self.credential_id,
            "SAD": sad,
            "hashes": hashes,
            "hashAlgorithmOID": hash_oid,
            "signAlgo": sign_oid,
            "operationMode": "S",
        }
        answer = self.client.call("signatures/signHash", request).get("signatures")
        if not isinstance(answer, list) or len(answer) != len(hashes):
            raise SignerError(
                f"{self.description}: signHash returned {len(answer) if isinstance(answer, list) else 'no'} signatures for {len(hashes)} hashes"
            )
        return [self._jose_form(alg, _b64decode(s, "signature")) for s in answer]

    def _jose_form(self, alg: str, signature: bytes) -> bytes:
        if not alg.startswith("ES"):
            return signature
        size = key_type({"ES256": "P-256", "ES384": "P-384", "ES512": "P-521"}[alg]).size
        try:
            r, s = decode_dss_signature(signature)
            if encode_dss_signature(r, s) != signature:
                raise ValueError("not DER")
        except ValueError as exc:
            if len(signature) == 2 * size:
                return signature  # already r‖s (some services answer in the JOSE form)
            raise SignerError(
                f"{self.description}: signHash returned an ECDSA signature in neither DER nor r‖s form"
            ) from exc
        if r.bit_length() > 8 * size or s.bit_length() > 8 * size:
            raise SignerError(f"{self.description}: signHash returned an ECDSA signature for another curve")
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")

    def __repr__(self) -> str:
        return f"CscSigner({self.description})"
