"""How issue + verify time grows with the size of the credential (10 to 5,000 quads), against pyld.

    /tmp/venv/bin/python benchmarks/scaling.py [--batches 5] [--seconds 0.3] [--format eddsa-rdfc-2022]

Inputs are generated VC 2.0 credentials (the W3C examples context's ``@vocab`` defines the other terms): a subject
with ``n`` achievements, each a blank node with a type, a name and a score (4 quads each, blank nodes being
what makes canonicalization work hardest), sized to 10, 100, 500, 1,000, 2,500 and 5,000 quads. For each size,
one call = issue + verify in ``eddsa-rdfc-2022`` (default; ``ecdsa-rdfc-2019`` and ``jws-2020`` work too):
microcred's ``issue`` + ``verify``, and the baseline of ``benchmarks/formats.py`` (pyld ``normalize``
URDNA2015 of document and proof configuration, SHA-256, cryptography signature, and the same again to
verify), timed in alternating batches in one run; the best batch counts. The last column is microcred's time
per quad, which stays flat when time grows linearly.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from formats import ISSUED, VERIFY_AT, PyldJwcrypto, measure

from microcred import Key, issue, to_nquads, verify
from microcred.jsonld import DocumentLoader

SIZES = (10, 100, 500, 1000, 2500, 5000)
KEY_TYPES = {"eddsa-rdfc-2022": "Ed25519", "ecdsa-rdfc-2019": "P-256", "jws-2020": "Ed25519"}


def credential(issuer: str, achievements: int, extra: int = 0) -> dict[str, Any]:
    subject: dict[str, Any] = {"id": "did:example:learner"}
    if extra:
        subject["note"] = [f"note {i}" for i in range(extra)]
    if achievements:
        subject["achievement"] = [
            {"type": "Achievement", "name": f"Achievement {i}", "score": i} for i in range(achievements)
        ]
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "id": "urn:uuid:6c1b4a36-1d2c-4e3f-8a9b-0c1d2e3f4a5b",
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": subject,
    }


def sized(issuer: str, quads: int, loader: DocumentLoader) -> dict[str, Any]:
    """A credential of exactly ``quads`` quads (achievements fill, single notes make up the rest)."""
    base = to_nquads(credential(issuer, 0), loader=loader).count("\n")
    achievements = max(0, (quads - base) // 4)
    document = credential(issuer, achievements, extra=quads - base - 4 * achievements)
    count = to_nquads(document, loader=loader).count("\n")
    if count != quads:
        raise SystemExit(f"wanted {quads} quads, made {count}")
    return document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--batches", type=int, default=5, help="timed batches per side and size (default 5)")
    parser.add_argument(
        "--seconds", type=float, default=0.3, help="target duration of one batch (default 0.3)"
    )
    parser.add_argument("--format", default="eddsa-rdfc-2022", choices=sorted(KEY_TYPES), help="format")
    args = parser.parse_args(argv)
    loader = DocumentLoader()
    key = Key.generate(KEY_TYPES[args.format])
    assert key.controller is not None
    print(
        f"Python {sys.version.split()[0]}; {args.format}; issue + verify per call; best of {args.batches} batches"
    )
    print(
        f"{'quads':>6} {'microcred ms':>12} {'baseline ms':>11} {'ratio':>6} {'issue ms':>9} {'verify ms':>9} "
        f"{'us/quad':>8}"
    )
    for quads in SIZES:
        document = sized(key.controller, quads, loader)

        def ours_issue(document: dict[str, Any] = document) -> Any:
            return issue(document, key, format=args.format, now=ISSUED)

        secured = ours_issue()
        result = verify(secured, now=VERIFY_AT)
        if not result.verified:
            raise SystemExit(result.summary())
        baseline = PyldJwcrypto(args.format, key, loader, secured)
        if not baseline.verify(secured) or not verify(baseline.issue(), now=VERIFY_AT).verified:
            raise SystemExit(f"{quads} quads: microcred and the baseline disagree")

        def ours(issue_one: Any = ours_issue) -> Any:
            return verify(issue_one(), now=VERIFY_AT)

        def base(b: PyldJwcrypto = baseline) -> Any:
            return b.verify(b.issue())

        for _ in range(2):
            ours()
            base()
        total, total_base = measure(ours, base, args.batches, args.seconds)
        theirs = baseline.issue()

        def ours_verify(s: Any = secured) -> Any:
            return verify(s, now=VERIFY_AT)

        def base_verify(b: PyldJwcrypto = baseline, t: Any = theirs) -> Any:
            return b.verify(t)

        only_issue, _ = measure(ours_issue, baseline.issue, 3, args.seconds / 3)
        only_verify, _ = measure(ours_verify, base_verify, 3, args.seconds / 3)
        print(
            f"{quads:>6,} {total * 1e3:>12.2f} {total_base * 1e3:>11.2f} {total / total_base:>6.3f} "
            f"{only_issue * 1e3:>9.2f} {only_verify * 1e3:>9.2f} {total / quads * 1e6:>8.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
