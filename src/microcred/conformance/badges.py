"""Samples of the Open Badges shape: OB 3.0 AchievementCredentials and a stack as a CLR 2.0 ClrCredential.

OB 3.0 (``issue(..., shape="ob3")``, folders ``samples/ob3-<format>/``): the minimal and the full example
micro-credential in eddsa-rdfc-2022 and vc+jwt (Ed25519, the key that signs the kit's status lists), and the negative kinds of the ELM samples
that apply (:func:`microcred.conformance.negative.variants` with ``shape="ob3"``).

CLR 2.0 (``stack(..., shape="clr")``, folder ``samples/clr-eddsa-rdfc-2022/``): a stack of an OB 3.0 badge and
an ELM credential (converted in the stack, with a status entry in the kit's revocation list, its bit 0), and
negatives: the stack's own (tampered claim, wrong key, truncated signature, missing proof, expired) and its
parts' (a part tampered under a re-signed stack, a revoked part, a part of another learner, a stated ECTS
total that is not the parts' sum), each what :func:`microcred.verify` of a stack must refuse (docs/stacks.md).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

from ..clock import format_datetime
from ..model.examples import example_microcredential, minimal_microcredential
from .formats import FormatPlan
from .negative import EXPIRED, variants
from .sample import CLOCK, REJECTED, VERIFIED, Sample, secure, signing_key
from .status import KitStatus
from .tamper import rename_signer, truncate_signature

#: The Open Badges 3.0 samples' formats (VC 2.0 only: Data Integrity and VC-JOSE-COSE).
BADGE_PLANS = (
    FormatPlan("eddsa-rdfc-2022", ("v2",), ("Ed25519",), "ob3-eddsa-rdfc-2022", "json", "di"),
    FormatPlan("vc+jwt", ("v2",), ("Ed25519",), "ob3-vc-jose-cose", "jwt", "jwt"),
)
CLR_DIR = "samples/clr-eddsa-rdfc-2022"
SPEC = "https://conformance.microcred.example/micro-credentials/"


def _badges(status: KitStatus) -> Iterator[Sample]:
    for plan in BADGE_PLANS:
        key_type = plan.key_types[0]
        for variant, make in (("minimal", minimal_microcredential), ("full", example_microcredential)):
            mc = make()
            secured = secure(mc, plan.format, signing_key(plan.format, key_type), "v2", shape="ob3")
            reason = f"the {variant} example micro-credential as an OB 3.0 badge, secured with {plan.format}"
            path = f"samples/{plan.dir}/valid-v2-{key_type.lower()}-{variant}.{plan.extension}"
            yield Sample(path, secured, plan.format, "valid", VERIFIED, reason, "v2", key_type, "ob3")
        for kind, secured, reason in variants(plan, status, shape="ob3"):
            path = f"samples/{plan.dir}/invalid-{kind}.{plan.extension}"
            yield Sample(path, secured, plan.format, kind, REJECTED, reason, "v2", key_type, "ob3")


def _part(title: str, **changes: Any) -> Any:
    mc = example_microcredential()
    spec = SPEC + title.lower().replace(" ", "-")
    return mc.model_copy(update={"id": None, "title": {"en": title}, "qualification_id": spec, **changes})


def _stack(parts: list[Any], name: str, mutate: Callable[[dict[str, Any]], None] | None = None) -> Any:
    """A CLR stack of ``parts`` signed by the kit's Ed25519 issuer; ``mutate`` changes it before signing (a
    stack :func:`microcred.stack.stack` would refuse, made as a careless or hostile issuer could)."""
    from ..issuer import issue
    from ..stack.build import stack_model
    from ..stack.clr_build import clr_document
    from ..stack.parts import part_bytes
    from ..stack.read import read_part
    from ..verification.verifier import Verifier

    key = signing_key("eddsa-rdfc-2022", "Ed25519")
    verifier = Verifier(now=CLOCK)
    read = [read_part(i, part_bytes(p), verifier, ob3=True) for i, p in enumerate(parts)]
    own = stack_model(read, title={"en": "Research skills"}, issued=CLOCK.now(), eqf=None)
    ident = f"https://conformance.microcred.example/stacks/{name}"
    doc = clr_document(
        read, own, key, credential_id=ident, format="eddsa-rdfc-2022", clock=CLOCK, loader=None
    )
    if mutate is not None:
        mutate(doc)
    return issue(doc, key, format="eddsa-rdfc-2022", now=CLOCK, data_model="v2", allow_nonconforming=True)


def _clr(status: KitStatus) -> Iterator[Sample]:
    from ..issuer import issue

    key = signing_key("eddsa-rdfc-2022", "Ed25519")
    badge = secure(_part("Data management"), "eddsa-rdfc-2022", key, "v2", shape="ob3")
    listed = status.allocator("revocation", revoked=False)
    elm = secure(_part("Research ethics"), "eddsa-rdfc-2022", key, "v2", status=listed)
    good = _stack([badge, elm], "valid")

    def sample(kind: str, secured: Any, reason: str, expect: str = REJECTED) -> Sample:
        name = "valid-v2-ed25519-stack" if expect == VERIFIED else f"invalid-{kind}"
        return Sample(
            f"{CLR_DIR}/{name}.json", secured, "eddsa-rdfc-2022", kind, expect, reason, "v2", "Ed25519", "clr"
        )

    yield sample(
        "valid",
        good,
        "a CLR 2.0 stack of an OB 3.0 badge and an ELM credential (converted, its status bit 0)",
        VERIFIED,
    )
    tampered = copy.deepcopy(good)
    tampered["credentialSubject"]["verifiableCredential"][0]["name"] = "Advanced Quantum Research (tampered)"
    yield sample("tampered-claim", tampered, "a part's claim was changed after the stack was signed")
    other = signing_key("eddsa-rdfc-2022", "Ed25519", role="other")
    unsigned = {k: v for k, v in copy.deepcopy(good).items() if k != "proof"}
    unsigned["issuer"]["id"] = other.controller
    signed = issue(unsigned, other, now=CLOCK, data_model="v2")
    wrong = rename_signer(signed, str(key.kid), str(key.controller))
    yield sample("wrong-key", wrong, "signed by a key other than the one it names")
    yield sample("truncated-signature", truncate_signature(good), "the signature lost its last 8 characters")
    yield sample("missing-proof", {k: v for k, v in good.items() if k != "proof"}, "no proof at all")

    def expire(doc: dict[str, Any]) -> None:
        doc["validUntil"] = format_datetime(EXPIRED)

    yield sample("expired", _stack([badge, elm], "expired", expire), "validUntil is before the kit's time")

    def tamper_part(doc: dict[str, Any]) -> None:
        part = doc["credentialSubject"]["verifiableCredential"][0]
        part["credentialSubject"]["achievement"]["creditsAvailable"] = 60.0

    yield sample(
        "tampered-part",
        _stack([badge, elm], "tampered-part", tamper_part),
        "a part changed under a stack signed over it",
    )
    revoked = secure(
        _part("Open science"),
        "eddsa-rdfc-2022",
        key,
        "v2",
        status=status.allocator("revocation", revoked=True),
    )
    yield sample(
        "revoked-part", _stack([badge, revoked], "revoked-part"), "a part is revoked in the kit's list"
    )
    someone = example_microcredential().learner.model_copy(update={"id": "did:example:someone-else"})
    stranger = secure(_part("Open science", learner=someone), "eddsa-rdfc-2022", key, "v2", shape="ob3")
    yield sample(
        "learner-mismatch", _stack([badge, stranger], "learner-mismatch"), "a part is about another learner"
    )

    def more_credits(doc: dict[str, Any]) -> None:
        doc["credentialSubject"]["achievement"][0]["creditsAvailable"] = 60.0

    yield sample(
        "total-mismatch",
        _stack([badge, elm], "total-mismatch", more_credits),
        "the stated ECTS are not the parts' sum",
    )


def badge_samples(status: KitStatus) -> Iterator[Sample]:
    """Every sample of the Open Badges shape (OB 3.0 badges, the CLR 2.0 stack)."""
    yield from _badges(status)
    yield from _clr(status)
