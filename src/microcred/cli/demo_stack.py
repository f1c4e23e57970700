"""The stack part of ``microcred demo``: three micro-credentials in three formats, stacked, verified, then one
part revoked and the stack failing with a code that names it (issue 16)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

LIST_URL = "https://registrar.example.edu/status/stack-demo"


def stack_demo(clock: Any) -> bool:
    """Run the walk-through, printing each step; True when every step came out as it should."""
    from ..issuer import issue
    from ..keys import Key
    from ..model import example_microcredential
    from ..stack import stack
    from ..status import StatusRegistry
    from ..verification.verifier import verify

    print("\nStack three micro-credentials (three formats) into one credential:")
    university = Key.generate("Ed25519", did="key")
    faculty = Key.generate("Ed25519", did="key")
    mc = example_microcredential()
    titles = {"eddsa-rdfc-2022": "Data management", "vc+jwt": "Research ethics", "vc-jwt": "Open science"}
    with tempfile.TemporaryDirectory() as tmp:
        registry = StatusRegistry(str(Path(tmp) / "status.sqlite"))
        registry.create_list(LIST_URL, purpose="revocation")
        parts, ids = [], []
        for fmt, title in titles.items():
            model = mc.model_copy(update={"id": None, "title": {"en": title}})
            parts.append(issue(model, university, format=fmt, now=clock, status=registry))
            ids.append(verify(parts[-1], now=clock, status_lists=[]).credential or {})
            print(f"  part {len(parts) - 1}: {title:<16} {fmt}")
        listed = registry.publish(LIST_URL, university, clock=clock)
        secured = stack(parts, faculty, title="Research skills", now=clock, status_lists=[listed])
        before = verify(secured, now=clock, status_lists=[listed])
        print(
            f"  stack: {'verified' if before.verified else 'NOT VERIFIED'}, {before.check('stack').code}, "
            f"{len(before.parts)} nested part results"
        )
        registry.revoke(str(ids[1].get("id")))
        listed = registry.publish(LIST_URL, university, clock=clock)
        after = verify(secured, now=clock, status_lists=[listed])
        check = after.check("stack")
        print(
            f"  revoked part 1 -> stack {'verified' if after.verified else 'not verified'}: {check.code} "
            f"(part {check.details.get('part')}, {', '.join(check.details.get('checks', []))})"
        )
        registry.close()
    return before.verified and not after.verified and check.code == "STACK_PART_INVALID"
