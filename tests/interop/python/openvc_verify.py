#!/usr/bin/env python3
"""openvc_verify.py: openvc-core (an independent Python VC library) as a command-line checker for the tests.

SOURCE: written for microcred's tests/interop (see README.md here); it calls openvc-core 1.37.0's public suites
(``openvc.proof.sd_jwt.SdJwtVcProofSuite``, ``openvc.proof.vc_jwt.VcJwtProofSuite``, the Data Integrity suites
of ``openvc.proof.data_integrity`` / ``di_ecdsa_rdfc`` / ``di_jcs`` / ``ecdsa_sd``) as documented in their
docstrings. It runs in its OWN venv (openvc-core pins pyld and cryptography differently from microcred's dev
extra): ``python3 -m venv .ci/openvc-venv && .ci/openvc-venv/bin/pip install -r
tests/interop/python/requirements-openvc.txt`` (``.ci/run`` does it). It never imports microcred.

usage:
  openvc_verify.py verify FORMAT FILE --jwk JWK_FILE [--now ISO] [--contexts DIR]
                   [--purpose P] [--challenge C] [--domain D] [--aud A --nonce N] [--require-kb]
  openvc_verify.py issue-sd-jwt-vc CLAIMS_FILE --key JWK_FILE --kid KID [--disclose NAME]... [--holder JWK_FILE]
                   [--decoys N] [--now ISO]
  openvc_verify.py present-sd-jwt-vc FILE --key JWK_FILE --aud A --nonce N [--now ISO]

FORMAT: sd-jwt-vc, vc-jwt, or a Data Integrity cryptosuite (eddsa-rdfc-2022, ecdsa-rdfc-2019, eddsa-jcs-2022,
ecdsa-jcs-2019, ecdsa-sd-2023 derived proofs), which must be the proof's. ``--now`` pins the clock: openvc reads
``time.time()`` for JWT times, KB-JWT ``iat`` and issuance, so this process patches it (the tests are
deterministic). ``verify`` prints one JSON object (``{"valid": true, ...}`` or ``{"valid": false, "error": ...}``).
Exit: 0 valid (or issued), 1 rejected by openvc, 2 usage or processing error.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

PRIVATE = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}
DI_SUITES = {
    "eddsa-rdfc-2022": ("openvc.proof.data_integrity", "DataIntegrityProofSuite", True),
    "ecdsa-rdfc-2019": ("openvc.proof.di_ecdsa_rdfc", "EcdsaRdfcProofSuite", True),
    "ecdsa-sd-2023": ("openvc.proof.ecdsa_sd", "EcdsaSdProofSuite", True),
    "eddsa-jcs-2022": ("openvc.proof.di_jcs", "EddsaJcsProofSuite", False),
    "ecdsa-jcs-2019": ("openvc.proof.di_jcs", "EcdsaJcsProofSuite", False),
}


class Usage(Exception):
    """A bad argument or input file: exit 2."""


def _jwk(path: str, *, private: bool = False) -> dict[str, Any]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "kty" not in data:
        raise Usage(f"{path}: not a JWK")
    if private:
        return data
    return {k: v for k, v in data.items() if k not in PRIVATE and k not in ("kid", "alg", "use", "key_ops")}


def _signing_key(path: str, kid: str) -> Any:
    from openvc.keys import Ed25519SigningKey, P256SigningKey

    jwk = _jwk(path, private=True)
    if jwk.get("crv") == "Ed25519":
        return Ed25519SigningKey.from_jwk(jwk, kid)
    if jwk.get("crv") == "P-256":
        return P256SigningKey.from_jwk(jwk, kid)
    raise Usage(f"{path}: only Ed25519 and P-256 keys are used here")


def _contexts(folder: str | None) -> dict[str, Any] | None:
    if folder is None:
        return None
    index = json.loads((Path(folder) / "index.json").read_text(encoding="utf-8"))
    return {
        url: json.loads(
            (Path(folder) / (entry if isinstance(entry, str) else entry["file"])).read_text("utf-8")
        )
        for url, entry in index.items()
    }


def _verify(args: argparse.Namespace, now: dt.datetime | None) -> dict[str, Any]:
    text = Path(args.file).read_text(encoding="utf-8").strip()
    jwk = _jwk(args.jwk)
    if args.format == "sd-jwt-vc":
        from openvc.proof.sd_jwt import SdJwtVcProofSuite

        res = SdJwtVcProofSuite().verify(
            text,
            public_key_jwk=jwk,
            audience=args.aud,
            nonce=args.nonce,
            require_key_binding=args.require_kb,
            now=now,
        )
        return {"valid": True, "vct": res.vct, "key_bound": res.key_bound, "claims": res.claims}
    if args.format == "vc-jwt":
        from openvc.proof.vc_jwt import VcJwtProofSuite

        res = VcJwtProofSuite().verify(text, public_key_jwk=jwk)
        return {"valid": True, "issuer": res.issuer, "subject": res.subject}
    if args.format not in DI_SUITES:
        raise Usage(f"unknown format {args.format!r}")
    module, name, rdf = DI_SUITES[args.format]
    document = json.loads(text)
    proof = document.get("proof") if isinstance(document, dict) else None
    if not isinstance(proof, dict) or proof.get("cryptosuite") != args.format:
        raise Usage(f"the document has no single {args.format} proof")
    suite = getattr(__import__(module, fromlist=[name]), name)()
    options: dict[str, Any] = {
        "public_key_jwk": jwk,
        "now": now,
        "expected_proof_purpose": args.purpose,
    }
    if args.challenge is not None or args.domain is not None:  # presentations (not ecdsa-sd-2023's lane)
        options.update(expected_challenge=args.challenge, expected_domain=args.domain)
    if rdf:
        options["extra_contexts"] = _contexts(args.contexts)
    res = suite.verify(document, **options)
    return {"valid": True, "issuer": getattr(res, "issuer", None)}


def _issue(args: argparse.Namespace) -> str:
    from openvc.proof.sd_jwt import SdJwtVcProofSuite

    claims = json.loads(Path(args.file).read_text(encoding="utf-8"))
    holder = _jwk(args.holder) if args.holder else None
    return str(
        SdJwtVcProofSuite().issue(
            claims,
            signing_key=_signing_key(args.key, args.kid),
            disclosable=args.disclose or (),
            holder_jwk=holder,
            decoys=args.decoys,
        )
    )


def _present(args: argparse.Namespace) -> str:
    from openvc.proof.sd_jwt import SdJwtVcProofSuite

    token = Path(args.file).read_text(encoding="utf-8").strip()
    key = _signing_key(args.key, "holder")
    return str(
        SdJwtVcProofSuite().create_presentation(token, holder_key=key, audience=args.aud, nonce=args.nonce)
    )


@contextlib.contextmanager
def _unpatched() -> Iterator[None]:
    yield


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="openvc_verify.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("verify")
    v.add_argument("format")
    v.add_argument("file")
    v.add_argument("--jwk", required=True)
    v.add_argument("--contexts")
    v.add_argument("--purpose", default="assertionMethod")
    v.add_argument("--challenge")
    v.add_argument("--domain")
    v.add_argument("--aud")
    v.add_argument("--nonce")
    v.add_argument("--require-kb", action="store_true")
    i = sub.add_parser("issue-sd-jwt-vc")
    i.add_argument("file")
    i.add_argument("--key", required=True)
    i.add_argument("--kid", required=True)
    i.add_argument("--disclose", action="append")
    i.add_argument("--holder")
    i.add_argument("--decoys", type=int, default=0)
    p = sub.add_parser("present-sd-jwt-vc")
    p.add_argument("file")
    p.add_argument("--key", required=True)
    p.add_argument("--aud", required=True)
    p.add_argument("--nonce", required=True)
    for command in (v, i, p):
        command.add_argument("--now", help="pin openvc's clock to this ISO 8601 date-time")
    return parser


def main(argv: list[str]) -> int:
    """Run one command; exit 0 valid/done, 1 rejected, 2 error."""
    args = _parser().parse_args(argv)
    now = dt.datetime.fromisoformat(args.now.replace("Z", "+00:00")) if args.now else None
    try:
        from openvc.errors import OpenvcError
        from openvc.proof.contexts import DocumentLoaderError
        from openvc.proof.errors import UnsupportedCryptosuite
    except ImportError as exc:
        print(f"error: openvc-core is not installed in this interpreter: {exc}", file=sys.stderr)
        return 2
    # openvc could not process the input (a context it cannot load offline, a suite it lacks): not a rejection
    cannot = (Usage, OSError, DocumentLoaderError, UnsupportedCryptosuite)
    try:
        with mock.patch.object(time, "time", return_value=now.timestamp()) if now else _unpatched():
            if args.command == "verify":
                print(json.dumps(_verify(args, now), ensure_ascii=False))
            elif args.command == "issue-sd-jwt-vc":
                print(_issue(args))
            else:
                print(_present(args))
        return 0
    except cannot as exc:
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    except OpenvcError as exc:
        print(json.dumps({"valid": False, "error": f"{type(exc).__name__}: {exc}"}))
        return 1
    except Exception as exc:  # anything openvc did not type is "could not process", never "valid"
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
