"""The conformance kit against an independent verifier: Digital Bazaar's ``@digitalbazaar/vc`` with the
eddsa-rdfc-2022 cryptosuite (``tests/interop/node/verify-kit.mjs``, versions pinned in its package-lock.json).

Installed by ``npm ci`` in ``tests/interop/node`` (``.ci/run`` does it and sets ``MICROCRED_REQUIRE_INTEROP=1``,
so CI fails rather than skips). The test skips only when node or npm is absent, or, outside CI, when the npm
packages are not installed. It runs offline: the verifier reads the kit's contexts and derives did:key keys.

Excluded kinds, with the reason (the verifier's known limits, not disagreements about the samples):
the status samples (``verify-kit.mjs`` checks no status list) and ``proof-expired`` (``@digitalbazaar/
data-integrity`` 2.5.0 does not check a proof's ``expires``, Data Integrity 1.0 §4.3 step 3 of Verify Proof).

The Open Badges shape samples (OB 3.0 badges, the CLR 2.0 stack) are scored with ``verify-badge.mjs``, which also
verifies every credential a stack carries (its parts, a conversion's source part). Besides the kinds above, it
leaves out what only a stack verifier knows (``learner-mismatch``, ``total-mismatch``: microcred's stack rules,
docs/stacks.md; CLR 2.0 states no such rule) and ``revoked-part`` (a status list again).
"""

from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

import pytest

from microcred.conformance import run_kit, score_table, write_kit

NODE_DIR = Path(__file__).resolve().parent / "node"
EXCLUDED = ("revoked", "suspended", "status-list-unknown", "valid-with-status", "proof-expired")
STACK_RULES = ("revoked-part", "learner-mismatch", "total-mismatch")


def _node_ready() -> str:
    node = shutil.which("node")
    if node is None or shutil.which("npm") is None:
        pytest.skip("node/npm is not installed (CI installs it: see .ci/run)")
    if not (NODE_DIR / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        message = f"the npm packages are not installed: run `npm ci` in {NODE_DIR}"
        if os.environ.get("MICROCRED_REQUIRE_INTEROP"):
            pytest.fail(message)
        pytest.skip(message)
    return node


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _node_ready()
    folder = tmp_path_factory.mktemp("kit") / "kit"
    write_kit(folder)
    return folder


def test_digital_bazaar_vc_meets_the_kit_expectations(kit: Path) -> None:
    node = _node_ready()
    command = shlex.join([node, str(NODE_DIR / "verify-kit.mjs")]) + " {file} --kit {kit} --now {now}"
    outcomes = run_kit(
        kit, verifier=command, formats=["eddsa-rdfc-2022"], exclude_kinds=EXCLUDED, shapes=["elm"]
    )
    assert all(o.holds for o in outcomes), score_table(outcomes)
    assert sum(o.entry["expect"] == "verified" for o in outcomes) == 4
    assert len(outcomes) >= 15


def test_digital_bazaar_vc_meets_the_open_badges_expectations(kit: Path) -> None:
    node = _node_ready()
    command = shlex.join([node, str(NODE_DIR / "verify-badge.mjs")]) + " {file} --now {now}"
    excluded = (*EXCLUDED, *STACK_RULES)
    outcomes = run_kit(
        kit, verifier=command, formats=["eddsa-rdfc-2022"], exclude_kinds=excluded, shapes=["ob3", "clr"]
    )
    assert all(o.holds for o in outcomes), score_table(outcomes)
    verified = sorted(o.entry["file"].rsplit("/", 1)[-1] for o in outcomes if o.entry["expect"] == "verified")
    assert verified == [
        "valid-v2-ed25519-full.json",
        "valid-v2-ed25519-minimal.json",
        "valid-v2-ed25519-stack.json",
    ]
    kinds = {o.entry["kind"] for o in outcomes if o.entry["shape"] == "clr"}
    assert {
        "tampered-claim",
        "tampered-part",
        "wrong-key",
        "expired",
    } <= kinds  # a part's proof is checked too
    assert len(outcomes) >= 20


def test_the_node_verifier_is_not_a_yes_man(kit: Path) -> None:
    """The excluded status samples verify there: the runner reports them as failed expectations."""
    node = _node_ready()
    command = shlex.join([node, str(NODE_DIR / "verify-kit.mjs")]) + " {file} --kit {kit} --now {now}"
    outcomes = run_kit(kit, verifier=command, formats=["eddsa-rdfc-2022"], kinds=["revoked"], shapes=["elm"])
    assert [o.holds for o in outcomes] == [False]
    badge = shlex.join([node, str(NODE_DIR / "verify-badge.mjs")]) + " {file} --now {now}"
    outcomes = run_kit(kit, verifier=badge, kinds=list(STACK_RULES), shapes=["clr"])
    assert [o.holds for o in outcomes] == [False, False, False]
