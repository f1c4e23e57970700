"""SD-JWT VC issue + present + verify of the example micro-credential: microcred vs the IETF reference, one run.

(Not ``sd_jwt.py``: run as a script, that name would shadow the ``sd_jwt`` package it measures against.)

    .venv/bin/python benchmarks/sd_jwt_vc.py [--batches 7] [--seconds 0.3]

Per side, one call = issue the example micro-credential (``microcred.model.examples.example_microcredential``)
as an SD-JWT VC with microcred's default disclosure policy and a holder key in ``cnf``, present it with the
learner's full name and the learning outcomes and a Key Binding JWT (``aud``, ``nonce``), and verify the
presentation. ES256 (P-256) on both sides.

* microcred: ``microcred.issue(..., format="sd-jwt-vc")``, ``microcred.sd_jwt.present(...)``,
  ``microcred.verify(..., policy=VerificationPolicy(domain=aud, challenge=nonce))``; the result must be
  ``verified`` (signature, every Disclosure, KB-JWT, issuer DID, validity, Type Metadata with JSON Schema).
* reference: PyPI ``sd-jwt`` 0.10.4 (``SDJWTIssuer`` with the same claims and ``SDObj`` marks,
  ``SDJWTHolder.create_presentation``, ``SDJWTVerifier`` with ``expected_aud``/``expected_nonce``). It holds the
  issuer's public key (no DID resolution) and checks neither validity nor Type Metadata.

Both sides are warmed up, then timed in alternating batches; the best batch's time per call counts.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import Any

from canon import measure  # the interleaved best-batch timing of the canonicalization benchmark
from sd_jwt.common import SDObj
from sd_jwt.holder import SDJWTHolder
from sd_jwt.issuer import SDJWTIssuer
from sd_jwt.verifier import SDJWTVerifier

from microcred import Key, VerificationPolicy, issue, verify
from microcred.model.examples import example_microcredential
from microcred.sd_jwt import Sd, present
from microcred.sd_jwt_vc.issue import sd_jwt_vc_claims

NOW = datetime.now(UTC).replace(microsecond=0)  # the reference's KB-JWT carries the wall clock's iat
AUD, NONCE = "https://employer.example", "n-bench"


def _reference_claims(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            (SDObj(k) if isinstance(v, Sd) else k): _reference_claims(v.value if isinstance(v, Sd) else v)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [
            SDObj(_reference_claims(v.value)) if isinstance(v, Sd) else _reference_claims(v) for v in node
        ]
    return node


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batches", type=int, default=7)
    parser.add_argument("--seconds", type=float, default=0.3)
    args = parser.parse_args(argv)

    issuer, holder = Key.generate("P-256"), Key.generate("P-256", did=None)
    credential = example_microcredential()
    policy = VerificationPolicy(domain=AUD, challenge=NONCE)

    def ours() -> None:
        token = issue(credential, issuer, format="sd-jwt-vc", now=NOW, holder=holder)
        assert isinstance(token, str)
        shown = present(
            token, ["learner.fullName", "learningOutcomes"], holder=holder, aud=AUD, nonce=NONCE, iat=NOW
        )
        result = verify(shown, now=NOW, policy=policy)
        assert result.verified, result.summary()

    issuer_private, issuer_public = issuer.to_jwcrypto(private=True), issuer.public().to_jwcrypto()
    holder_private, holder_public = holder.to_jwcrypto(private=True), holder.public().to_jwcrypto()

    def theirs() -> None:
        claims, _ = sd_jwt_vc_claims(credential, issuer, now=NOW)
        sd_jwt = SDJWTIssuer(
            _reference_claims(claims),
            issuer_private,
            holder_key=holder_public,
            add_decoy_claims=True,
            extra_header_parameters={"typ": "dc+sd-jwt", "kid": issuer.kid},
        ).sd_jwt_issuance
        wallet = SDJWTHolder(sd_jwt)
        wallet.create_presentation(
            {"learner": {"fullName": True}, "learningOutcomes": [True] * len(credential.learning_outcomes)},
            nonce=NONCE,
            aud=AUD,
            holder_key=holder_private,
            sign_alg="ES256",
        )
        verifier = SDJWTVerifier(
            wallet.sd_jwt_presentation,
            lambda iss, header: issuer_public,
            expected_aud=AUD,
            expected_nonce=NONCE,
        )
        payload = verifier.get_verified_payload()
        assert payload["learner"] == {"fullName": credential.learner.full_name}

    for fn in (ours, theirs, ours, theirs):  # warm up (imports, caches) and check both run
        fn()
    mine, ref = measure(ours, theirs, args.batches, args.seconds)
    print(
        f"SD-JWT VC issue+present+verify: microcred {mine * 1e3:.2f} ms, reference {ref * 1e3:.2f} ms, "
        f"ratio {mine / ref:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
