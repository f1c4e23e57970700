"""Issue + verify the EC micro-credential sample in each format: microcred vs a pyld + jwcrypto baseline, one run.

    /tmp/venv/bin/python benchmarks/formats.py [--batches 7] [--seconds 0.3] [--profile FORMAT]

Input: ``benchmarks/data/Sample-MC-Annex1-unsigned.jsonld`` (the European Commission's micro-credential sample,
see ``benchmarks/data/SOURCE.md``), with the issuer id replaced by the signing key's DID (so that the issuer
check passes; for JAdES the issuer keeps its id and the seal certificate carries its organisation identifier).
``vc+jwt`` needs a VC 2.0 document: its contexts are swapped for the VC 2.0 context and microcred's VC 2.0
variant of the EDC context (``https://w3id.org/microcred/edc-ap-vcdm2/v1``, what ``to_elm(data_model="v2")``
writes).

Per format, one call = issue the credential and verify it.

* microcred: ``microcred.issue(document, key, format=..., now=...)`` then ``microcred.verify(secured, now=...)``
  (with the test CA as trust anchor for JAdES); the result must be ``verified`` (every check passed).
* baseline, doing the same cryptographic and JSON-LD work with pyld 3 and jwcrypto / cryptography directly:

  - ``eddsa-rdfc-2022`` / ``ecdsa-rdfc-2019``: pyld ``normalize`` (URDNA2015, the same offline loader) of the
    document and of the proof configuration, SHA-256 of each, Ed25519 / ECDSA P-256 sign (cryptography) of the
    concatenation, base58btc proofValue; verify: the same two normalizations and hashes and the signature check;
  - ``jws-2020``: the same two normalizations and hashes, then a detached JWS (``b64: false``, RFC 7797) with
    jwcrypto; verify with jwcrypto against the recomputed hashes;
  - ``vc+jwt`` / ``vc-jwt``: pyld ``to_rdf`` (N-Quads) of the credential, then a jwcrypto compact JWS of the
    same JSON claims (the credential; for VC-JWT 1.1 the ``vc`` claim and the registered claims microcred
    sets); verify with jwcrypto, parse the payload and pyld ``to_rdf`` the credential again. microcred runs
    JSON-LD to RDF in safe mode on the credential when issuing and when verifying an enveloped credential
    (a term that would be dropped is an error), without canonicalization: ``to_rdf`` is pyld's equivalent;
  - ``jades``: the same ``to_rdf`` on both sides, jwcrypto JWS JSON serialization with an unencoded
    (``b64: false``) JSON payload and the same protected header (x5c and x5t#S256 computed per call,
    ``sigT`` critical), verify with jwcrypto, check the certificate chain (leaf signed by the CA, both valid at
    the time: ``verify_directly_issued_by``) and parse the payload.

  The baseline is handed the document exactly as microcred secures it (the proof's context added, VC 1.1
  ``issuanceDate`` set), resolves no DID (it holds the public key) and runs none of microcred's other checks
  (issuer, validity, data model, header policy). Each side verifies the other's output once, as a check that
  both do the same work.

Both sides are warmed up, then timed (CPU time of the process) in alternating batches; the best batch's time per
call counts. The cryptographic floor is the least any implementation must do per call: SHA-256 of the secured
bytes, a signature over the digest and its verification (cryptography, the same key), timed interleaved with
microcred's issue + verify, each side in batches of its own length (~half a batch's seconds:
``canon.measure(..., apart=True)``). ``x floor`` is the table's microcred figure (the one the baseline ratio
uses) over the floor; ``(apart)`` is microcred's figure from the batches interleaved with the floor (~0.15 s
each, where the baseline comparison's are ~10 calls) over the floor.
"""

from __future__ import annotations

import argparse
import base64
import copy
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from canon import measure  # the same interleaved best-batch timing as the canonicalization benchmark
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from jwcrypto import jwk, jws
from pyld import jsonld

from microcred import Key, issue, verify
from microcred.demo_ca import make_test_certificate_chain
from microcred.jsonld import DocumentLoader

DATA = Path(__file__).resolve().parent / "data"
SAMPLE = DATA / "Sample-MC-Annex1-unsigned.jsonld"
ISSUED = "2026-01-15T12:00:00Z"
VERIFY_AT = "2026-02-01T00:00:00Z"
FORMATS = (
    ("eddsa-rdfc-2022", "Ed25519"),
    ("ecdsa-rdfc-2019", "P-256"),
    ("jws-2020", "Ed25519"),
    ("vc+jwt", "P-256"),
    ("vc-jwt", "P-256"),
    ("jades", "P-256"),
)
V2_CONTEXTS = ["https://www.w3.org/ns/credentials/v2", "https://w3id.org/microcred/edc-ap-vcdm2/v1"]


# -- helpers of the baseline ----------------------------------------------------------------------------------
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58encode(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = _B58[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def b58decode(text: str) -> bytes:
    n = 0
    for ch in text:
        n = n * 58 + _B58.index(ch)
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PyldJwcrypto:
    """The baseline: pyld normalize + hashing + cryptography / jwcrypto, for one format and key."""

    def __init__(self, fmt: str, key: Key, loader: DocumentLoader, sample_output: Any) -> None:
        self.fmt = fmt
        self.private = key.private_key
        self.public = key.public_key
        self.jwk_private = jwk.JWK(**key.to_jwk(private=True))
        self.jwk_public = jwk.JWK(**key.to_jwk())
        self.chain = key.certificate_chain
        self.options = {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": loader,
            "base": None,
        }
        # What microcred signs (document as prepared, proof options, JOSE headers and claims), taken once.
        if fmt in ("eddsa-rdfc-2022", "ecdsa-rdfc-2019", "jws-2020"):
            self.document = {k: v for k, v in sample_output.items() if k != "proof"}
            self.proof_options = {
                k: v for k, v in sample_output["proof"].items() if k not in ("proofValue", "jws")
            }
        elif fmt in ("vc+jwt", "vc-jwt"):
            head, body, _ = sample_output.split(".")
            self.header = json.loads(b64url_decode(head))
            self.claims = json.loads(b64url_decode(body))
            self.document = self.claims if fmt == "vc+jwt" else self.claims["vc"]
        else:
            signature = sample_output["signatures"][0]
            self.header = json.loads(b64url_decode(signature["protected"]))
            self.document = json.loads(sample_output["payload"])
            self.registry: dict[str, Any] = {}
            self.registry["sigT"] = jws.JWSEHeaderParameter("Claimed signing time", True, True, None)
            self.anchor = self.chain[-1]

    def _to_rdf(self, credential: dict[str, Any]) -> str:
        return str(
            jsonld.to_rdf(
                credential,
                {
                    "format": "application/n-quads",
                    "documentLoader": self.options["documentLoader"],
                    "base": None,
                },
            )
        )

    # -- Data Integrity ------------------------------------------------------------------------------------
    def _hash_data(self, document: dict[str, Any], proof_config: dict[str, Any]) -> bytes:
        proof_config = {**proof_config, "@context": document["@context"]}
        canonical_proof = jsonld.normalize(proof_config, dict(self.options))
        canonical_document = jsonld.normalize(document, dict(self.options))
        return (
            hashlib.sha256(canonical_proof.encode("utf-8")).digest()
            + hashlib.sha256(canonical_document.encode("utf-8")).digest()
        )

    def _raw_sign(self, data: bytes) -> bytes:
        if isinstance(self.private, ec.EllipticCurvePrivateKey):
            r, s = decode_dss_signature(self.private.sign(data, ec.ECDSA(hashes.SHA256())))
            return r.to_bytes(32, "big") + s.to_bytes(32, "big")
        return self.private.sign(data)  # type: ignore[call-arg]

    def _raw_verify(self, signature: bytes, data: bytes) -> None:
        if isinstance(self.public, ec.EllipticCurvePublicKey):
            der = encode_dss_signature(
                int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
            )
            self.public.verify(der, data, ec.ECDSA(hashes.SHA256()))
        else:
            self.public.verify(signature, data)  # type: ignore[call-arg]

    def _detached_jws(self, data: bytes) -> str:
        token = jws.JWS(data)
        token.add_signature(
            self.jwk_private, None, json.dumps({"alg": self.header_alg, "b64": False, "crit": ["b64"]})
        )
        token.detach_payload()
        return str(token.serialize(compact=True))

    @property
    def header_alg(self) -> str:
        return "EdDSA" if self.fmt == "jws-2020" and self.jwk_private.get("crv") == "Ed25519" else "ES256"

    # -- the six formats --------------------------------------------------------------------------------------
    def issue(self) -> Any:
        if self.fmt in ("eddsa-rdfc-2022", "ecdsa-rdfc-2019", "jws-2020"):
            document = copy.deepcopy(self.document)
            data = self._hash_data(document, self.proof_options)
            if self.fmt == "jws-2020":
                proof = {**self.proof_options, "jws": self._detached_jws(data)}
            else:
                proof = {**self.proof_options, "proofValue": "z" + b58encode(self._raw_sign(data))}
            return {**document, "proof": proof}
        self._to_rdf(self.document)
        if self.fmt in ("vc+jwt", "vc-jwt"):
            token = jws.JWS(
                json.dumps(self.claims, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
            )
            token.add_signature(self.jwk_private, None, json.dumps(self.header))
            return token.serialize(compact=True)
        header = dict(self.header)
        leaf_der = self.chain[0].public_bytes(serialization.Encoding.DER)
        header["x5c"] = [
            base64.b64encode(c.public_bytes(serialization.Encoding.DER)).decode() for c in self.chain[:1]
        ]
        header["x5t#S256"] = b64url(hashlib.sha256(leaf_der).digest())
        payload = json.dumps(self.document, separators=(",", ":"), ensure_ascii=False)
        token = jws.JWS(payload, header_registry=self.registry)
        token.add_signature(self.jwk_private, None, json.dumps(header))
        out: dict[str, Any] = json.loads(token.serialize(compact=False))
        return out

    def verify(self, secured: Any) -> bool:
        if self.fmt in ("eddsa-rdfc-2022", "ecdsa-rdfc-2019", "jws-2020"):
            document = {k: v for k, v in secured.items() if k != "proof"}
            proof = dict(secured["proof"])
            if self.fmt == "jws-2020":
                token = proof.pop("jws")
                data = self._hash_data(document, proof)
                checker = jws.JWS()
                checker.deserialize(token)
                checker.verify(self.jwk_public, detached_payload=data)
                return True
            value = proof.pop("proofValue")
            self._raw_verify(b58decode(value[1:]), self._hash_data(document, proof))
            return True
        if self.fmt in ("vc+jwt", "vc-jwt"):
            checker = jws.JWS()
            checker.deserialize(secured)
            checker.verify(self.jwk_public)
            claims = json.loads(checker.payload)
            self._to_rdf(claims if self.fmt == "vc+jwt" else claims["vc"])
            return True
        checker = jws.JWS(header_registry=self.registry)
        checker.deserialize(json.dumps(secured))
        checker.verify(self.jwk_public)
        signature = secured["signatures"][0] if "signatures" in secured else secured
        header = json.loads(b64url_decode(signature["protected"]))
        leaf = x509.load_der_x509_certificate(base64.b64decode(header["x5c"][0]))
        leaf.verify_directly_issued_by(self.anchor)
        at = self.anchor.not_valid_before_utc.replace(year=2026)
        for cert in (leaf, self.anchor):
            if not cert.not_valid_before_utc <= at <= cert.not_valid_after_utc:
                return False
        self._to_rdf(json.loads(checker.payload))
        return True


# -- setup ----------------------------------------------------------------------------------------------------
def setup(fmt: str, alg: str) -> tuple[dict[str, Any], Key, list[Any]]:
    """The sample document, the key and the trust anchors for one format."""
    text = SAMPLE.read_text(encoding="utf-8")
    if fmt == "jades":
        key = Key.generate(alg, did=None, kid="seal")
        key, ca = make_test_certificate_chain(key, subject="EC sample seal", organization_identifier="0000")
        return json.loads(text), key, [ca]
    key = Key.generate(alg)
    document = json.loads(text.replace('"urn:epass:org:1"', json.dumps(key.controller)))
    if fmt == "vc+jwt":
        document["@context"] = list(V2_CONTEXTS)
    return document, key, []


def run_format(fmt: str, alg: str, loader: DocumentLoader, batches: int, seconds: float) -> dict[str, float]:
    document, key, anchors = setup(fmt, alg)

    def ours_issue() -> Any:
        return issue(document, key, format=fmt, now=ISSUED)

    def ours_verify(secured: Any) -> Any:
        return verify(secured, now=VERIFY_AT, trust_anchors=anchors)

    secured = ours_issue()
    result = ours_verify(secured)
    if not result.verified:
        raise SystemExit(f"{fmt}: microcred did not verify its own output:\n{result.summary()}")
    baseline = PyldJwcrypto(fmt, key, loader, secured)
    theirs = baseline.issue()
    if not baseline.verify(secured):
        raise SystemExit(f"{fmt}: the baseline did not verify microcred's output")
    if not baseline.verify(theirs) or not ours_verify(theirs).verified:
        raise SystemExit(f"{fmt}: the baseline's output does not verify:\n{ours_verify(theirs).summary()}")

    def ours() -> Any:
        return ours_verify(ours_issue())

    def base() -> Any:
        return baseline.verify(baseline.issue())

    for _ in range(3):
        ours()
        base()
    total_ours, total_base = measure(ours, base, batches, seconds)
    issue_ours, issue_base = measure(ours_issue, baseline.issue, max(3, batches // 2), seconds / 2)
    verify_ours, verify_base = measure(
        lambda: ours_verify(secured), lambda: baseline.verify(theirs), max(3, batches // 2), seconds / 2
    )
    # the cryptographic floor: SHA-256 of the secured bytes, sign the digest, verify the signature
    secured_bytes = (secured if isinstance(secured, str) else json.dumps(secured)).encode("utf-8")

    def floor() -> Any:
        digest = hashlib.sha256(secured_bytes).digest()
        baseline._raw_verify(baseline._raw_sign(digest), digest)

    # (each side in batches of its own length: the floor costs ~1/15 of microcred's call, and batches of the
    # same count would make microcred's ~2 s long, taking in what 0.15 s ones escape: the collector's full
    # passes over the process's heap, other jobs)
    floor_ours, floor_time = measure(ours, floor, max(3, batches // 2), seconds / 2, apart=True)
    return {
        "floor": floor_time,
        "floor_ours": floor_ours,
        "ours": total_ours,
        "base": total_base,
        "issue_ours": issue_ours,
        "issue_base": issue_base,
        "verify_ours": verify_ours,
        "verify_base": verify_base,
    }


def profile(fmt: str, loader: DocumentLoader, calls: int = 200) -> None:
    import cProfile
    import pstats

    alg = dict(FORMATS)[fmt]
    document, key, anchors = setup(fmt, alg)
    for _ in range(3):
        verify(issue(document, key, format=fmt, now=ISSUED), now=VERIFY_AT, trust_anchors=anchors)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        verify(issue(document, key, format=fmt, now=ISSUED), now=VERIFY_AT, trust_anchors=anchors)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--batches", type=int, default=7, help="timed batches per side and format (default 7)"
    )
    parser.add_argument(
        "--seconds", type=float, default=0.3, help="target duration of one batch (default 0.3)"
    )
    parser.add_argument("--format", action="append", help="only these formats")
    parser.add_argument("--profile", metavar="FORMAT", help="cProfile microcred's issue + verify of FORMAT")
    args = parser.parse_args(argv)
    loader = DocumentLoader()
    if args.profile:
        profile(args.profile, loader)
        return 0
    print(
        f"Python {sys.version.split()[0]}, pyld {getattr(jsonld, '__version__', '?')}; EC micro-credential "
        f"sample ({SAMPLE.stat().st_size:,} bytes); {args.batches} batches of ~{args.seconds}s; best batch"
    )
    print(
        f"{'format':<16} {'key':<8} {'microcred ms':>12} {'baseline ms':>11} {'ratio':>6}   "
        f"{'issue ms (base)':>17} {'verify ms (base)':>18} {'floor ms':>8} {'x floor':>7} {'(apart)':>7}"
    )
    for fmt, alg in FORMATS:
        if args.format and fmt not in args.format:
            continue
        r = run_format(fmt, alg, loader, args.batches, args.seconds)
        print(
            f"{fmt:<16} {alg:<8} {r['ours'] * 1e3:>12.2f} {r['base'] * 1e3:>11.2f} {r['ours'] / r['base']:>6.3f}   "
            f"{r['issue_ours'] * 1e3:>7.2f} ({r['issue_base'] * 1e3:>6.2f}) "
            f"{r['verify_ours'] * 1e3:>8.2f} ({r['verify_base'] * 1e3:>6.2f}) "
            f"{r['floor'] * 1e3:>8.3f} {r['ours'] / r['floor']:>7.1f} {r['floor_ours'] / r['floor']:>7.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
