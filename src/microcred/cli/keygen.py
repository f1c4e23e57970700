"""``microcred keygen``: make a signing key, or show the public half of one.

    microcred keygen --alg Ed25519 [--did key|jwk|none] [--kid ID] [--with-certificate [--organization O]
        [--organization-identifier ID] [--country CC]] -o KEY.jwk
    microcred keygen --public KEY.jwk [--keys-json] [-o OUT]

The private JWK is written atomically with mode 0600; its ``kid`` is the key's verification method id
(``did:key:z…#z…``, ``did:jwk:…#0``, or the ``--kid`` given). ``--with-certificate`` adds a test CA and leaf
certificate (``x5c``) for JAdES seals, whose subject carries ``--organization`` (O),
``--organization-identifier`` (organizationIdentifier) and ``--country`` (C): the identity by which the verifier's
``issuer`` check links the seal to the credential's issuer and writes the CA next to the key as ``KEY.ca.pem`` (a trust anchor for
``microcred verify --trust-anchor``). ``--public`` prints the public JWK on stdout and the DID / Multikey on
stderr; ``--keys-json`` prints a ``KEYS.json`` entry for ``microcred verify --keys`` instead.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ._common import EXIT_OK, CliError, emit

KEY_TYPES = ("Ed25519", "P-256", "P-384", "P-521", "secp256k1", "RSA")


def register(sub: Any) -> None:
    """Add the ``keygen`` command to the CLI's subparsers."""
    p = sub.add_parser(
        "keygen",
        help="generate a signing key (private JWK), or print a key's public half",
        description="Generate a key pair and write it as a private JWK (mode 0600) whose kid is its "
        "verification method id, or print the public JWK of an existing key with --public.",
    )
    p.add_argument("--alg", choices=KEY_TYPES, help="key type to generate")
    p.add_argument(
        "--did", choices=("key", "jwk", "none"), help="DID method for the kid (default: key; RSA: jwk)"
    )
    p.add_argument("--kid", help="verification method id to use (only with --did none)")
    p.add_argument("--rsa-bits", type=int, default=2048, metavar="N", help="RSA modulus size (default 2048)")
    p.add_argument(
        "--with-certificate", action="store_true", help="add a test CA + leaf certificate chain (x5c)"
    )
    p.add_argument(
        "--subject", default="microcred test seal", help="certificate subject CN (--with-certificate)"
    )
    p.add_argument(
        "--organization",
        metavar="O",
        help="certificate subject O: the issuer's legal name (--with-certificate)",
    )
    p.add_argument(
        "--organization-identifier",
        metavar="ID",
        help="certificate subject organizationIdentifier, e.g. VATES-A00000000: the issuer's eIDASIdentifier "
        "notation (--with-certificate; ETSI EN 319 412-1 §5.1.4)",
    )
    p.add_argument(
        "--country", metavar="CC", help="certificate subject C, two letters (--with-certificate; default EU)"
    )
    p.add_argument(
        "--signer",
        metavar="PKCS11_URI",
        help="generate the key pair inside a PKCS#11 token (pkcs11:token=…;object=LABEL;id=%%01?pin-source=env:PIN); "
        "the public JWK goes to -o or stdout",
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing output file")
    p.add_argument("--public", metavar="KEY", help="print the public JWK of KEY (JWK or PEM file)")
    p.add_argument("--keys-json", action="store_true", help="with --public: print a KEYS.json entry instead")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write the key (required when generating)")
    p.set_defaults(func=run)


def _generate(args: argparse.Namespace) -> int:
    from ..demo_ca import make_test_certificate_chain
    from ..keys import DidMethod, Key
    from ..keys.x509 import chain_to_pem

    if not args.output or args.output == "-":
        raise CliError("keygen: -o/--output FILE is required (private keys are not printed)")
    out = Path(args.output)
    if out.exists() and not args.force:
        raise CliError(f"keygen: {out} exists; use --force to overwrite it")
    did = args.did or ("jwk" if args.alg == "RSA" else "key")
    identity = (args.organization, args.organization_identifier, args.country)
    if any(identity) and not args.with_certificate:
        raise CliError(
            "keygen: --organization, --organization-identifier and --country need --with-certificate"
        )
    if args.country and (len(args.country) != 2 or not args.country.isalpha() or not args.country.isupper()):
        raise CliError(
            f"keygen: --country must be two capital letters (ISO 3166-1 alpha-2), not {args.country!r}"
        )
    if args.kid and did != "none":
        raise CliError("keygen: --kid needs --did none (a did:key / did:jwk kid is derived from the key)")
    method: DidMethod | None = None if did == "none" else ("jwk" if did == "jwk" else "key")
    key = Key.generate(args.alg, did=method, kid=args.kid, rsa_bits=args.rsa_bits)
    if did == "none" and key.kid is None:
        key = key.with_kid(key.thumbprint())
    ca_path = None
    if args.with_certificate:
        key, ca = make_test_certificate_chain(
            key,
            subject=args.subject,
            organization=args.organization or "microcred test",
            organization_identifier=args.organization_identifier,
            country=args.country or "EU",
        )
        ca_path = out.with_name(out.name.removesuffix(".jwk") + ".ca.pem")
        emit(chain_to_pem([ca]).decode("ascii"), str(ca_path))
    key.save(out, private=True)
    print(f"wrote {out} ({key.key_type}, alg {key.alg})", file=sys.stderr)
    print(f"kid: {key.kid}", file=sys.stderr)
    if key.did:
        print(f"did: {key.did}", file=sys.stderr)
    if ca_path:
        print(f"test CA certificate (trust anchor): {ca_path}", file=sys.stderr)
    return EXIT_OK


def _public(args: argparse.Namespace) -> int:
    from ..resolve import keys_json_entry
    from ._input import load_key

    key = load_key(args.public)
    if args.keys_json:
        emit(keys_json_entry(key), args.output)
        return EXIT_OK
    emit(key.public().to_jwk(), args.output)
    if key.did:
        print(f"did: {key.did}", file=sys.stderr)
    if key.kid:
        print(f"verificationMethod: {key.kid}", file=sys.stderr)
    if key.key_type != "RSA":
        print(f"publicKeyMultibase: {key.public_key_multibase}", file=sys.stderr)
    print(f"thumbprint: {key.thumbprint()}", file=sys.stderr)
    return EXIT_OK


def _generate_in_token(args: argparse.Namespace) -> int:
    from ..keys import Key
    from ..signers.pkcs11_keygen import generate_in_token

    if not args.signer.startswith("pkcs11:"):
        raise CliError(
            "keygen: --signer generates in a PKCS#11 token (pkcs11:…); a CSC provider makes its own keys"
        )
    if args.with_certificate or args.did or args.kid:
        raise CliError("keygen: --signer cannot be combined with --with-certificate, --did or --kid")
    signer = generate_in_token(args.signer, args.alg, rsa_bits=args.rsa_bits, allow_pin_value=False)
    try:
        key = Key(signer.public_key)
    finally:
        signer.close()
    emit(key.to_jwk(), args.output)
    print(
        f"generated a {key.key_type} key pair in the token (public JWK written; thumbprint {key.thumbprint()})",
        file=sys.stderr,
    )
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Run ``microcred keygen``: write a new private JWK, or print a key's public half; the exit code."""
    if args.signer:
        if not args.alg or args.public:
            raise CliError("keygen: --signer needs --alg (and no --public)")
        return _generate_in_token(args)
    if args.public:
        if args.alg or args.with_certificate or args.kid or args.did:
            raise CliError(
                "keygen: --public cannot be combined with --alg, --did, --kid or --with-certificate"
            )
        return _public(args)
    if not args.alg:
        raise CliError("keygen: give --alg to generate a key, or --public KEY to print a public key")
    if args.keys_json:
        raise CliError("keygen: --keys-json goes with --public")
    return _generate(args)
