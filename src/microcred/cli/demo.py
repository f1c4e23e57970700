"""``microcred demo``: the main job, end to end, with fresh keys.

Builds the example micro-credential, maps it to ELM 3 / Europass EDC JSON-LD, validates it with the EDC and
Annex I SHACL shapes, then issues and verifies it in every format with a freshly made key, shows a revocation
through a Bitstring Status List, and re-seals an official European Commission EDC sample (JAdES-sealed, bundled
in ``vocab/examples/edc/``) as Data Integrity with nothing lost. Nothing touches the network.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from ..suites.registry import ISSUE_FORMATS
from ._common import EXIT_INVALID, EXIT_OK

#: The key type the demo makes for each format.
DEMO_KEY_TYPES: dict[str, str] = {
    "eddsa-rdfc-2022": "Ed25519",
    "ecdsa-rdfc-2019": "P-256",
    "eddsa-jcs-2022": "Ed25519",
    "ecdsa-jcs-2019": "P-256",
    "ecdsa-sd-2023": "P-256",
    "jws-2020": "Ed25519",
    "vc+jwt": "P-256",
    "vc-jwt": "Ed25519",
    "jades": "RSA",
}


#: File names for formats whose name is not file-name friendly (vc+jwt would collide with vc-jwt).
FILE_NAMES: dict[str, str] = {"vc+jwt": "vc-jose-cose"}


def register(sub: Any) -> None:
    """Add the ``demo`` command to the CLI's subparsers."""
    p = sub.add_parser("demo", help="issue and verify the example micro-credential in every format (offline)")
    p.add_argument("--format", "-f", action="append", choices=ISSUE_FORMATS, help="only these formats")
    p.add_argument(
        "--out", metavar="DIR", help="also write the issued credentials and keys' public halves here"
    )
    p.add_argument("--no-shacl", action="store_true", help="skip SHACL validation (faster)")
    p.add_argument("--no-revocation", action="store_true", help="skip the revocation walk-through")
    p.add_argument("--no-reseal", action="store_true", help="skip re-sealing the official EDC sample")
    p.add_argument(
        "--no-presentation",
        action="store_true",
        help="skip the learner's SD-JWT VC presentation walk-through",
    )
    p.set_defaults(func=run)


def _size(secured: Any) -> int:
    import json

    return len(secured.encode() if isinstance(secured, str) else json.dumps(secured).encode())


def _save(out: Path | None, name: str, secured: Any) -> None:
    if out is None:
        return
    from ..jsonio import write_atomic, write_json_atomic

    if isinstance(secured, str):
        write_atomic(out / f"{name}.jwt", secured + "\n")
    else:
        write_json_atomic(out / f"{name}.json", secured)


def run(args: argparse.Namespace) -> int:
    """Run ``microcred demo``: issue the example in each format, verify it, tamper with it; the exit code."""
    from ..clock import SystemClock
    from ..demo_ca import make_test_certificate_chain
    from ..elm import to_elm
    from ..issuer import issue
    from ..keys import Key
    from ..model import example_microcredential
    from ..suites.ecdsa_sd_derive import derive
    from ..verification.verifier import verify

    out = Path(args.out) if args.out else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    clock = SystemClock()
    ok = True
    mc = example_microcredential()
    title = next(iter(mc.title.values())) if isinstance(mc.title, dict) else str(mc.title)
    print(f"Micro-credential: {title}")
    elm = to_elm(mc)
    print(f"  ELM 3 / Europass EDC JSON-LD: {len(elm)} top-level properties, type {elm['type']}")
    if not args.no_shacl:
        from ..shacl import validate

        for profile in ("edc", "microcredential"):
            report = validate(elm, profile=profile)
            verdict = "conforms" if report.conforms else f"{len(report.violations)} violation(s)"
            print(f"  SHACL {profile:<16} {verdict}")
            ok = ok and report.conforms

    print("\nIssue and verify with fresh keys:")
    for fmt in args.format or list(ISSUE_FORMATS):
        alg = DEMO_KEY_TYPES[fmt]
        started = time.perf_counter()
        if fmt == "jades":
            key = Key.generate(alg, did=None, kid="demo-seal")
            # The seal certificate names the issuer as eIDAS seals do: organizationIdentifier and legal name.
            seal_holder = elm["issuer"]
            key, ca = make_test_certificate_chain(
                key,
                subject="microcred demo university seal",
                organization=next(iter(seal_holder["legalName"].values())),
                organization_identifier=seal_holder["eIDASIdentifier"]["notation"],
            )
            anchors: list[Any] = [ca]
        else:
            key = Key.generate(alg, did="key")
            anchors = []
        if fmt == "ecdsa-sd-2023":  # the base proof is the holder's; a verifier sees a derived one
            base = issue(mc, key, format=fmt, now=clock, mandatory_pointers=list(SD_MANDATORY))
            secured: Any = derive(base, _disclosed_without_date_of_birth(base))
        else:
            secured = issue(mc, key, format=fmt, now=clock)
        result = verify(secured, now=clock, trust_anchors=anchors)
        elapsed = (time.perf_counter() - started) * 1000
        ok = ok and result.verified
        mark = "verified" if result.verified else "NOT VERIFIED"
        checks = ", ".join(f"{c.name}={c.status.value}" for c in result.checks)
        print(f"  {fmt:<16} {alg:<8} {_size(secured):>7} bytes  {mark}  [{checks}]  {elapsed:.0f} ms")
        if not result.verified:
            print(result.summary())
        _save(out, f"microcredential.{FILE_NAMES.get(fmt, fmt)}", secured)
        if out is not None and anchors:
            from cryptography.hazmat.primitives.serialization import Encoding

            from ..jsonio import write_atomic

            write_atomic(out / "demo-ca.pem", anchors[0].public_bytes(Encoding.PEM))

    if not args.no_revocation:
        ok = _revocation(clock) and ok
    if not args.no_reseal:
        ok = _reseal(clock) and ok
    if not args.no_presentation:
        from .demo_present import presentation_walkthrough

        ok = presentation_walkthrough(clock) and ok
    print("\nAll done." if ok else "\nSomething did not verify (see above).")
    return EXIT_OK if ok else EXIT_INVALID


#: What every ecdsa-sd-2023 disclosure of the demo credential shows.
SD_MANDATORY = ("/issuer", "/validFrom", "/validUntil")


def _disclosed_without_date_of_birth(base: dict[str, Any]) -> list[str]:
    """JSON Pointers to everything the learner shows in the demo: all but the date of birth (and the proof)."""
    kept = {"@context", "proof", "id", "type", "credentialSubject", *(p[1:] for p in SD_MANDATORY)}
    pointers = [f"/{k}" for k in base if k not in kept]
    subject = base["credentialSubject"]
    return pointers + [f"/credentialSubject/{k}" for k in subject if k not in ("id", "type", "dateOfBirth")]


def _revocation(clock: Any) -> bool:
    from ..issuer import issue
    from ..keys import Key
    from ..model import example_microcredential
    from ..status import StatusRegistry
    from ..verification.verifier import verify

    print("\nRevocation with a Bitstring Status List:")
    key = Key.generate("Ed25519", did="key")
    with tempfile.TemporaryDirectory() as tmp:
        registry = StatusRegistry(str(Path(tmp) / "status.sqlite"))
        list_url = "https://registrar.example.edu/status/1"
        registry.create_list(list_url, purpose="revocation")
        mc = example_microcredential()
        secured = issue(mc, key, format="eddsa-rdfc-2022", now=clock, status=registry)
        assert isinstance(secured, dict)
        cred_id = secured["id"]
        published = registry.publish(list_url, key, format="eddsa-rdfc-2022", clock=clock)
        before = verify(secured, now=clock, status_lists=[published])
        print(f"  issued {cred_id} -> status {before.check('status').code}")
        registry.revoke(cred_id)
        published = registry.publish(list_url, key, format="eddsa-rdfc-2022", clock=clock)
        after = verify(secured, now=clock, status_lists=[published])
        print(f"  revoked it      -> status {after.check('status').code}, verified={after.verified}")
        registry.close()
    return before.verified and not after.verified and after.check("status").code == "STATUS_REVOKED"


#: The official EC sample the demo re-seals (a copy of Sample-MC-Annex1-signed.jsonld, see vocab/SOURCE.md).
OFFICIAL_SAMPLE = ("examples", "edc", "Sample-MC-Annex1-signed.jsonld")


def _reseal(clock: Any) -> bool:
    from .._resources import data_dir
    from ..elm import unwrap_credential
    from ..jsonio import load_file
    from ..jsonld import canonicalize
    from ..keys import Key
    from ..reissue import reissue
    from ..verification.verifier import verify

    print("\nRe-seal a Europass EDC (official EC sample, JAdES) as eddsa-rdfc-2022:")
    path = data_dir("vocab").joinpath(*OFFICIAL_SAMPLE)
    sealed = load_file(str(path))
    key = Key.generate("Ed25519", did="key")
    # The sample's seal is an EC test certificate whose CA is not bundled: its signature is checked, its trust
    # cannot be (a real migration passes the EU trusted lists' anchors instead of require_trust=False).
    done = reissue(sealed, key, format="eddsa-rdfc-2022", now=clock, require_trust=False)
    original = {c.name: c.code for c in done.original.checks}
    print(f"  original: seal {original['proof']}, trust {original['trust']}")
    result = verify(done.secured, now=clock)
    source = unwrap_credential(sealed)
    source["issuer"] = {**source["issuer"], "id": key.controller}
    before = canonicalize(source, safe=False).splitlines()
    after = canonicalize(done.credential, safe=False).splitlines()
    same = before == after
    print(
        f"  re-issued by {str(key.controller)[:32]}...: {len(after)} of {len(before)} statements, "
        f"{'graph identical' if same else 'GRAPH CHANGED'} (issuer id aside), "
        f"{'verified' if result.verified else 'NOT VERIFIED'}"
    )
    return same and result.verified
