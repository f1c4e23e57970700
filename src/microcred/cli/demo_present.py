"""The demo's presentation walk-through: the learner shows an employer an SD-JWT VC without the date of birth.

The university issues the example micro-credential as an SD-JWT VC bound to the learner's key (``cnf``); the
learner's wallet presents the name and the learning outcomes (not the date of birth, national id or grade) with a
Key Binding JWT for the employer's nonce and audience; the employer verifies and sees only what was disclosed.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

EMPLOYER = "https://employer.example"
DISCLOSE = ("learner.fullName", "learningOutcomes.0", "learningOutcomes.1")


def presentation_walkthrough(clock: Any) -> bool:
    """Print the walk-through; True when the presentation verified and the date of birth stayed hidden."""
    from ..issuer import issue
    from ..keys import Key
    from ..model import example_microcredential
    from ..present import present
    from ..verification.policy import VerificationPolicy
    from ..verification.verifier import verify

    started = time.perf_counter()
    university, learner = Key.generate("P-256"), Key.generate("Ed25519")
    print("\nThe learner presents the micro-credential to an employer (SD-JWT VC, date of birth withheld):")
    sd_jwt_vc = issue(
        example_microcredential(), university, format="sd-jwt-vc", now=clock, holder=learner.public()
    )
    nonce = secrets.token_urlsafe(12)  # the employer's challenge
    print(f"  employer asks for a presentation for {EMPLOYER}, nonce {nonce}")
    shown = present(
        sd_jwt_vc, learner, format="sd-jwt", disclose=DISCLOSE, challenge=nonce, domain=EMPLOYER, now=clock
    )
    print(f"  learner discloses {', '.join(DISCLOSE)} ({len(str(shown))} bytes, key binding JWT signed)")
    result = verify(shown, now=clock, policy=VerificationPolicy(challenge=nonce, domain=EMPLOYER))
    claims = result.credential or {}
    learner_claims = claims.get("learner", {})
    elapsed = (time.perf_counter() - started) * 1000
    print(f"  employer's view: {'VERIFIED' if result.verified else 'NOT VERIFIED'} in {elapsed:.0f} ms")
    for check in result.checks:
        print(f"    [{'ok' if check.passed else '!!'}] {check.name:<11} {check.code}")
    print(f"    learner: {sorted(learner_claims)}; date of birth shown: {'dateOfBirth' in learner_claims}")
    print(
        f"    learning outcomes: {len(claims.get('learningOutcomes', []))}, workload: {claims.get('workload')}"
    )
    replay = verify(shown, now=clock, policy=VerificationPolicy(challenge="another-nonce", domain=EMPLOYER))
    print(
        f"  the same presentation replayed with another nonce: {'VERIFIED' if replay.verified else 'rejected'}"
    )
    return result.verified and "dateOfBirth" not in learner_claims and not replay.verified
