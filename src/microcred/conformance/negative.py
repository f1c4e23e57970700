"""Negative samples: what a conforming verifier must reject, one kind at a time, with the reason.

Kinds for every format: a tampered claim, a wrong key, expired, not yet valid, a truncated signature; for the
JSON-LD formats also a wrong issuer; for formats whose issuer also signs the kit's status lists: revoked and
suspended (Bitstring Status List §3.2), and a status list the verifier cannot have; for Data Integrity
(eddsa-rdfc-2022, ecdsa-rdfc-2019, jws-2020): an undefined term and a non-compact member added after signing,
a wrong proof purpose, a missing proof, a proof over another document, a context that is not the one signed
(unknown), an expired proof; for compact JWTs: ``alg: none``; for ecdsa-sd-2023: a base proof.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from ..elm import to_elm
from ..model.examples import example_microcredential, minimal_microcredential
from ..shapes.ob3 import to_ob3
from .formats import PLANS, STATUS_FORMATS, FormatPlan
from .keys import kit_key
from .sample import REJECTED, Sample, secure, signing_key
from .status import KitStatus
from .tamper import (
    achievement_name,
    alg_none,
    claim_title,
    rename_signer,
    tamper_document,
    truncate_signature,
)

EXPIRED = datetime(2025, 12, 31, tzinfo=UTC)
FUTURE = datetime(2099, 1, 1, tzinfo=UTC)
OTHER_ISSUER = "https://other-university.conformance.microcred.example"
UNKNOWN_CONTEXT = "https://conformance.microcred.example/contexts/unknown-v1.jsonld"


def _change(plan: FormatPlan, shape: str | None = None) -> Callable[[dict[str, Any]], None]:
    if plan.family == "sd-jwt":
        return lambda claims: claims.update(iat=int(claims.get("iat", 0)) + 3600)
    if shape == "ob3":
        return lambda doc: achievement_name(doc, "Advanced Quantum Research (tampered)")
    return lambda doc: claim_title(doc, "Advanced Quantum Research (tampered)")


def _key_type(plan: FormatPlan) -> str:
    return plan.key_types[0]


def _wrong_key(plan: FormatPlan, shape: str | None = None) -> Any:
    """Signed by another key, then made to name the issuer's key (and the issuer) as its signer."""
    real = signing_key(plan.format, _key_type(plan), example_microcredential())
    other_key = kit_key(_key_type(plan), "other")
    shaped: dict[str, Any] = {} if shape is None else {"shape": shape}
    other = secure(example_microcredential(), plan.format, other_key, plan.data_models[-1], **shaped)
    return rename_signer(other, str(real.kid), str(real.controller))


def variants(
    plan: FormatPlan, status: KitStatus, *, shape: str | None = None
) -> Iterator[tuple[str, Any, str]]:
    """(kind, secured, reason) of every negative sample of ``plan``'s format; ``shape="ob3"``: of the Open
    Badges 3.0 shape (``issue(..., shape="ob3")``)."""
    fmt, dm, kt = plan.format, plan.data_models[-1], _key_type(plan)
    full = example_microcredential()
    key = signing_key(fmt, kt, full)
    shaped: dict[str, Any] = {} if shape is None else {"shape": shape}

    def make(mc: Any = None, **options: Any) -> Any:
        if isinstance(mc, dict):  # a document is signed as it is
            return secure(mc, fmt, key, dm, **options)
        return secure(mc or full, fmt, key, dm, **shaped, **options)

    good = make()
    yield "tampered-claim", tamper_document(good, _change(plan, shape)), "a claim was changed after signing"
    if plan.family != "jades":  # a JAdES seal names its key by certificate: see tampered-claim instead
        yield "wrong-key", _wrong_key(plan, shape), "signed by a key other than the one it names"
    yield (
        "expired",
        make(full.model_copy(update={"valid_until": EXPIRED})),
        "validUntil is before the kit's time",
    )
    future = full.model_copy(update={"valid_from": FUTURE, "valid_until": None})
    yield "not-yet-valid", make(future), "validFrom is in 2099"
    yield "truncated-signature", truncate_signature(good), "the signature lost its last 8 characters"
    if plan.family in ("di", "jwt"):
        if shape == "ob3":
            doc = to_ob3(full, issuer_id=OTHER_ISSUER)
        else:
            doc = to_elm(full, data_model=dm if dm != "-" else None, issuer_id=OTHER_ISSUER)  # type: ignore[arg-type]
        yield "wrong-issuer", make(doc), "the issuer is not the controller of the signing key"
    if fmt in STATUS_FORMATS:
        yield (
            "revoked",
            make(status=status.allocator("revocation", revoked=True)),
            "revoked in the kit's list",
        )
        yield (
            "suspended",
            make(status=status.allocator("suspension", revoked=True)),
            "suspended in the kit's list",
        )
        yield "status-list-unknown", make(status=status.unknown()), "its status list is not in the kit"
    if plan.family == "di":
        yield from _data_integrity(good, make)
    if plan.family == "jwt":
        yield "alg-none", alg_none(good), "an unsecured JWT (alg none)"
    if fmt == "ecdsa-sd-2023":
        yield (
            "base-proof",
            make(base=True),
            "a base proof (it is for the holder; a verifier needs a derived proof)",
        )


def _data_integrity(good: dict[str, Any], make: Callable[..., Any]) -> Iterator[tuple[str, Any, str]]:
    added = copy.deepcopy(good)
    added["undefinedTerm"] = "not in any context"
    yield "undefined-term", added, "a member no context defines (JSON-LD safe mode must reject, not drop it)"
    compact = copy.deepcopy(good)
    compact["https://conformance.microcred.example/vocab#note"] = "added after signing"
    yield "non-compact-member", compact, "a full-IRI member added after signing changes the signed graph"
    yield (
        "wrong-proof-purpose",
        make(proof_purpose="authentication"),
        "proofPurpose authentication, not assertionMethod",
    )
    missing = {k: v for k, v in good.items() if k != "proof"}
    yield "missing-proof", missing, "no proof at all"
    other = make(minimal_microcredential())
    moved = copy.deepcopy(good)
    moved["proof"] = copy.deepcopy(other["proof"])
    yield "proof-over-another-document", moved, "the proof of another credential"
    context = copy.deepcopy(good)
    context["@context"] = [*context["@context"][:-1], UNKNOWN_CONTEXT]
    yield "bad-context", context, "a context that is neither bundled nor in the kit"
    yield (
        "proof-expired",
        make(created=datetime(2025, 6, 30, tzinfo=UTC), expires=EXPIRED),
        "the proof's expires is before the kit's time",
    )


def negative_samples(status: KitStatus) -> Iterator[Sample]:
    """Every negative sample: a conforming verifier rejects each one."""
    for plan in PLANS:
        for kind, secured, reason in variants(plan, status):
            yield Sample(
                path=f"samples/{plan.dir}/invalid-{kind}.{plan.extension}",
                content=secured,
                format=plan.format,
                kind=kind,
                expect=REJECTED,
                reason=reason,
                data_model=plan.data_models[-1],
                key_type=_key_type(plan),
                shape="model" if plan.family == "sd-jwt" else "elm",
            )
