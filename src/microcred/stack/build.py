"""Build and sign a stack: a larger credential in ELM shape whose claim ``hasPart`` the parts' achievements.

The stack is an EDC credential (VC Data Model 2.0 shape) for the parts' learner. Its ``LearningAchievement``
claim has the stack's title, the sum of the parts' ECTS as its credit points, an EQF level that is the highest of
the parts' (or the one given, never lower), the union of the parts' learning outcomes, and ``hasPart``
(``elm:hasPart``, ELM 3 ``LearningAchievement``) with one ``LearningAchievement`` per part whose id is
``<part credential id>#achievement`` and whose title is the part's. Each part is carried as a VC 2.0
``relatedResource`` (see :mod:`microcred.stack.parts`) in the order of ``hasPart``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..clock import Clock, resolve_clock
from ..elm import to_elm
from ..elm.inline_context import edc_vcdm2_context, is_edc_vcdm2_context
from ..errors import StackPartUnreadableError, UsageError
from ..jsonld.loader import LoaderInput
from ..keys import Key
from ..model import MicroCredential
from ..model.outcomes import CreditPoint, Workload
from .assess import assess_parts, too_many
from .clr_build import clr_document
from .parts import ECTS, EQF_PREFIX, Part, achievement_link, data_url, digest_sri, eqf_level, part_bytes
from .read import inner_verifier, read_part
from .rules import StackRules, check_rules, raise_for_rules

#: The shapes a stack is written in: ELM (Europass EDC) or Open Badges (a CLR 2.0 ClrCredential).
SHAPES = ("elm", "clr")
STACK_NAMESPACE = uuid.UUID("0b9d6a4e-5a53-4c1e-9f3e-6d7a1c2b3e4f")


def _raw(part: Any) -> bytes:
    if isinstance(part, Path):
        try:
            return part.read_bytes().strip()
        except OSError as exc:
            raise StackPartUnreadableError(
                f"{part}: cannot read the part: {exc}", details={"file": str(part)}
            ) from exc
    return part_bytes(part)


def _eqf_uri(level: int | None) -> str | None:
    if level is None:
        return None
    if not 1 <= level <= 8:
        raise UsageError(f"an EQF level is 1 to 8, not {level}")
    return f"{EQF_PREFIX}{level}"


def stack_model(
    parts: list[Part], *, title: dict[str, str], issued: datetime, eqf: int | None
) -> MicroCredential:
    """The stack's own micro-credential: part 0's learner and issuer, the title, the parts' ECTS summed, the
    highest EQF level of the parts (or ``eqf``, never lower) and the union of their learning outcomes."""
    base = parts[0].model
    assert base is not None
    total = sum((p.ects for p in parts), Decimal(0))
    levels = [n for n in (eqf_level(p.model) for p in parts) if n is not None]
    top = max(levels) if levels else None
    if eqf is not None and top is not None and eqf < top:
        raise UsageError(f"the stack's EQF level {eqf} is below its highest part's ({top})")
    outcomes: list[Any] = []
    for p in parts:
        assert p.model is not None
        outcomes.extend(o for o in p.model.learning_outcomes if o not in outcomes)
    return base.model_copy(
        update={
            "id": None,
            "title": title,
            "description": None,
            "issued": issued,
            "awarded": issued,
            "valid_from": issued,
            "valid_until": None,
            "qualification_id": None,
            "workload": Workload(credit_points=[CreditPoint(framework=ECTS, points=total)])
            if total
            else base.workload,
            "levels": base.levels.model_copy(update={"eqf": _eqf_uri(eqf if eqf is not None else top)}),
            "learning_outcomes": outcomes,
            "stackability": None,
            "elm": None,
            "ob3": None,
        }
    )


def _stack_document(
    parts: list[Part],
    *,
    title: dict[str, str],
    issued: datetime,
    eqf: int | None,
    issuer_id: str | None,
    credential_id: str,
) -> dict[str, Any]:
    model = stack_model(parts, title=title, issued=issued, eqf=eqf)
    doc = to_elm(model, data_model="v2", issuer_id=issuer_id, credential_id=credential_id)
    claims = doc["credentialSubject"]["hasClaim"]
    claim = claims[0] if isinstance(claims, list) else claims
    claim["hasPart"] = [
        {
            "id": achievement_link(p.id, p.index),
            "type": "LearningAchievement",
            "title": p.model.title if p.model else {},
        }
        for p in parts
    ]
    doc["relatedResource"] = [
        {"id": data_url(p.raw, p.media_type), "digestSRI": p.sri, "mediaType": p.media_type} for p in parts
    ]
    doc["@context"] = [edc_vcdm2_context(doc) if is_edc_vcdm2_context(c) else c for c in doc["@context"]]
    return doc


def stack(
    parts: Sequence[Any],
    issuer_key: Key,
    *,
    title: str | dict[str, str],
    rules: StackRules | dict[str, Any] | None = None,
    format: str = "eddsa-rdfc-2022",
    eqf: int | None = None,
    credential_id: str | None = None,
    now: Clock | datetime | str | None = None,
    loader: LoaderInput = None,
    resolver: Any = None,
    status_lists: Sequence[Any] = (),
    trust_anchors: Sequence[Any] = (),
    shape: str = "elm",
) -> dict[str, Any] | str:
    """Stack signed micro-credentials ``parts`` (bytes, text, JSON objects or paths) into one signed credential.

    ``shape`` is ``"elm"`` (a Europass EDC credential whose claim ``hasPart`` the parts' achievements) or
    ``"clr"`` (Open Badges shape: a 1EdTech CLR 2.0 ``ClrCredential`` of the parts as OB 3.0
    AchievementCredentials, :mod:`microcred.stack.clr_build`).

    Every part is verified with the ordinary pipeline (signature, status, validity) using ``loader``,
    ``resolver``, ``status_lists`` and ``now``; a part that does not verify, is unreadable, repeats another, is
    about another learner, contains the stack being built, or more parts than ``rules.max_parts``, raises the
    matching :class:`~microcred.errors.StackError` naming the part. Rules not met raise
    :class:`~microcred.errors.StackRuleError`.
    """
    from ..issuer import issue
    from ..verification.verifier import Verifier

    if shape not in SHAPES:
        raise UsageError(f"unknown stack shape {shape!r}; choose one of: {', '.join(SHAPES)}")
    if isinstance(rules, dict):
        rules = StackRules.from_json(rules)
    rules = rules or StackRules()
    if not parts:
        raise UsageError("a stack needs at least one part")
    limit = too_many(len(parts), rules.max_parts)
    if limit is not None:
        raise limit.error()
    raws = [_raw(p) for p in parts]
    clock = resolve_clock(now)
    digests = [digest_sri(r) for r in raws]
    ident = credential_id or (
        f"urn:uuid:{uuid.uuid5(STACK_NAMESPACE, repr((title, digests)))}"
        if shape == "elm"
        else f"urn:uuid:{uuid.uuid5(STACK_NAMESPACE, repr((shape, title, digests)))}"
    )
    verifier = Verifier(
        loader=loader, resolver=resolver, now=clock, status_lists=status_lists, trust_anchors=trust_anchors
    )
    inner = inner_verifier(verifier, ident)
    read = [read_part(i, raw, inner, ob3=shape == "clr") for i, raw in enumerate(raws)]
    findings = assess_parts(read, ancestors=(ident,))
    if findings:
        raise findings[0].error()
    raise_for_rules(check_rules(rules, read, clock.now()))
    titles = {"en": title} if isinstance(title, str) else dict(title)
    if shape == "clr":
        model = stack_model(read, title=titles, issued=clock.now(), eqf=eqf)
        doc = clr_document(
            read, model, issuer_key, credential_id=ident, format=format, clock=clock, loader=loader
        )
        return issue(doc, issuer_key, format=format, now=clock, loader=loader, data_model="v2")
    doc = _stack_document(
        read,
        title=titles,
        issued=clock.now(),
        eqf=eqf,
        issuer_id=issuer_key.controller or None,
        credential_id=ident,
    )
    return issue(doc, issuer_key, format=format, now=clock, loader=loader, data_model="v2")
