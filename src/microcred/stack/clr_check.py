"""Verify a stack in Open Badges shape: a 1EdTech CLR 2.0 ``ClrCredential`` whose parts are AchievementCredentials.

Comprehensive Learner Record 2.0 (1EdTech, https://www.imsglobal.org/spec/clr/v2p0/) §B.1: a ``ClrCredential``
has a ``ClrSubject`` (the learner) with ``verifiableCredential`` (the AchievementCredentials), ``achievement``
(the achievements) and ``association`` (``Association``: ``associationType``, ``sourceId``, ``targetId``). A
microcred CLR stack (see :mod:`microcred.stack.clr_build`) has one ``verifiableCredential`` per part: the part
itself when it is an OB 3.0 AchievementCredential, or else the stack issuer's OB 3.0 conversion of the part,
which carries the part's exact bytes as a VC 2.0 ``relatedResource`` (``data:`` URL and ``digestSRI``). JWT
credentials are ``EnvelopedVerifiableCredential`` objects (VC Data Model 2.0 §4.13). The achievements are the
stack's own (``creditsAvailable``: the parts' ECTS summed; EQF alignment: at least the parts' highest) and the
parts'; an ``isPartOf`` association links each part's achievement (``sourceId``) to the stack's (``targetId``).

The checks are the ELM stack's (:mod:`microcred.stack.check`): every part verified by a copy of the verifier
(and, for a conversion, its source part too, with its digest), duplicates, cycles, the same learner
(:mod:`microcred.stack.assess`; the ``ClrSubject`` is that learner), the ``isPartOf`` associations and the
achievements (``STACK_PART_LINK_MISMATCH``, also for a conversion that is not the stack issuer's OB 3.0 form of
its source), and the totals. A ClrCredential without ``isPartOf`` associations is a record of credentials, not a
stack (the 1EdTech CLR 2.0 test vector relates two achievements ``isParentOf``): its credentials and learner are
checked, not stack totals.
"""

from __future__ import annotations

import json
import warnings
from decimal import Decimal, InvalidOperation
from typing import Any

from ..errors import MicrocredError, StackPartUnreadableError
from ..shapes.ob3 import write_ob3
from .assess import Finding, assess_parts
from .parts import EQF_PREFIX, Part, digest_sri, eqf_level, read_any_data_url, read_data_url
from .read import inner_verifier, read_part, stack_path

CLR_CONTEXT = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
CLR_TYPES = ["VerifiableCredential", "ClrCredential"]
ENVELOPED = "EnvelopedVerifiableCredential"
#: CLR 2.0 §B.2 AssociationType: the part's achievement ``isPartOf`` the stack's.
PART_OF = "isPartOf"

Node = dict[str, Any]


def clr_subject(credential: Node) -> Node:
    """The ``ClrSubject`` (an empty dict when there is none)."""
    subject = credential.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    return subject if isinstance(subject, dict) else {}


def listed(node: Node, member: str) -> list[Any]:
    """``node[member]`` as a list (a single value is a set of one)."""
    value = node.get(member)
    return value if isinstance(value, list) else [] if value is None else [value]


def part_achievement(credential: Node | None) -> Node | None:
    """The ``Achievement`` of an AchievementCredential."""
    subject = clr_subject(credential or {})
    ach = subject.get("achievement")
    return ach if isinstance(ach, dict) else None


def _entry_bytes(entry: Any, max_bytes: int) -> bytes:
    if isinstance(entry, dict) and ENVELOPED in listed(entry, "type"):
        url = entry.get("id")
        return read_any_data_url(url if isinstance(url, str) else "", max_bytes=max_bytes)[1]
    if isinstance(entry, dict):
        return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    raise StackPartUnreadableError(
        "a verifiableCredential entry is neither a credential nor an enveloped one"
    )


def _source(part: Part, max_bytes: int) -> tuple[bytes | None, Finding | None]:
    """The bytes of the part a conversion was made from (None when the part is not a conversion: it carries no
    ``relatedResource`` with a ``data:`` URL). A conversion carries exactly one, whose digest must match."""
    resources = listed(part.credential or {}, "relatedResource")
    carried = [r for r in resources if isinstance(r, dict) and str(r.get("id", "")).startswith("data:")]
    if not carried:  # a badge that links related resources elsewhere is a part, not a conversion
        return None, None
    res = resources[0]
    url = res.get("id") if isinstance(res, dict) else None
    try:
        _, raw = read_data_url(url if isinstance(url, str) else "", max_bytes=max_bytes)
    except MicrocredError as exc:
        return None, Finding(
            "STACK_PART_UNREADABLE", f"part {part.index}: its source: {exc}", part.describe()
        )
    if len(resources) != 1 or not isinstance(res, dict) or res.get("digestSRI") != digest_sri(raw):
        message = f"part {part.index}: its source's bytes do not match its digestSRI"
        return None, Finding("STACK_DIGEST_MISMATCH", message, {"part": part.index})
    return raw, None


def _conversion(converted: Part, source: Part, issuer: Any) -> list[Finding]:
    """A conversion must verify, be the stack issuer's, and say what its source says (in OB 3.0 form)."""
    where = {**source.describe(), "converted": converted.id}
    if not converted.result.verified:
        codes = [f"{c.name}:{c.code}" for c in converted.result.errors]
        message = f"part {source.index}: its AchievementCredential does not verify: {', '.join(codes)}"
        return [Finding("STACK_PART_INVALID", message, {**where, "checks": codes})]
    own = (converted.credential or {}).get("issuer")
    own = own.get("id") if isinstance(own, dict) else own
    if source.model is None:
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = write_ob3(source.model)["credentialSubject"]
    if own != issuer or clr_subject(converted.credential or {}) != expected:
        message = (
            f"part {source.index}: its AchievementCredential is not the stack issuer's form of its source"
        )
        return [Finding("STACK_PART_LINK_MISMATCH", message, where)]
    return []


def read_clr_parts(
    credential: Node, verifier: Any, *, max_bytes: int
) -> tuple[list[Part], list[Part | None], list[Finding]]:
    """(the parts, each part's AchievementCredential as embedded, findings) of a CLR stack's entries."""
    ident = credential.get("id") if isinstance(credential.get("id"), str) else None
    inner = inner_verifier(verifier, ident)
    issuer = credential.get("issuer")
    issuer = issuer.get("id") if isinstance(issuer, dict) else issuer
    parts: list[Part] = []
    embedded: list[Part | None] = []
    found: list[Finding] = []
    for index, entry in enumerate(listed(clr_subject(credential), "verifiableCredential")):
        try:
            raw = _entry_bytes(entry, max_bytes)
        except MicrocredError as exc:
            found.append(Finding("STACK_PART_UNREADABLE", f"part {index}: {exc}", {"part": index}))
            continue
        part = read_part(index, raw, inner, ob3=True)
        source_raw, problem = _source(part, max_bytes)
        if problem is not None:
            found.append(problem)
            continue
        if source_raw is None:
            parts.append(part)
            embedded.append(part)
            continue
        source = read_part(index, source_raw, inner, ob3=True)
        found += _conversion(part, source, issuer)
        parts.append(source)
        embedded.append(part)
    found += assess_parts(parts, ancestors=(*stack_path(verifier), *([ident] if ident else [])))
    return parts, embedded, found


def _eqf(achievement: Node) -> int | None:
    for alignment in listed(achievement, "alignment"):
        url = alignment.get("targetUrl") if isinstance(alignment, dict) else None
        if isinstance(url, str) and url.startswith(EQF_PREFIX) and url[len(EQF_PREFIX) :].isdigit():
            return int(url[len(EQF_PREFIX) :])
    return None


def is_clr_stack(credential: Node) -> bool:
    """True for a ClrCredential that is a stack: an ``isPartOf`` association (any other CLR is a record of
    credentials, whose parts are checked without stack totals)."""
    links = listed(clr_subject(credential), "association")
    return any(isinstance(a, dict) and a.get("associationType") == PART_OF for a in links)


def clr_findings(credential: Node, parts: list[Part], embedded: list[Part | None]) -> list[Finding]:
    """The learner, and for a stack the associations, achievements and totals, of a CLR whose parts read and
    verify."""
    subject = clr_subject(credential)
    found: list[Finding] = []
    learner = parts[0].model.learner.id if parts and parts[0].model else None
    if learner and subject.get("id") != learner:
        message = "the stack is not about the learner of its parts"
        found.append(Finding("STACK_LEARNER_MISMATCH", message, {"part": parts[0].index}))
    if not is_clr_stack(credential):
        return found
    achievements = {a.get("id"): a for a in listed(subject, "achievement") if isinstance(a, dict)}
    links = [a for a in listed(subject, "association") if isinstance(a, dict)]
    links = [a for a in links if a.get("associationType") == PART_OF]
    targets = {a.get("targetId") for a in links}
    wanted = [part_achievement(e.credential if e else None) for e in embedded]
    sources = sorted(str(a.get("sourceId")) for a in links)
    stated = achievements.get(next(iter(targets))) if len(targets) == 1 else None
    if (
        stated is None
        or sources != sorted(str(w.get("id")) if w else "" for w in wanted)
        or any(w is None or achievements.get(w.get("id")) != w for w in wanted)
    ):
        details = {"association": sources, "parts": [w.get("id") if w else None for w in wanted]}
        return [Finding("STACK_PART_LINK_MISMATCH", "the associations are not the parts carried", details)]
    total = sum((p.ects for p in parts), Decimal(0))
    try:
        credits = Decimal(str(stated.get("creditsAvailable", 0)))
    except InvalidOperation:
        credits = Decimal(-1)
    if credits != total:
        message = f"the stack states {credits} ECTS; its parts sum to {total}"
        found.append(Finding("STACK_TOTAL_MISMATCH", message, {"stated": str(credits), "sum": str(total)}))
    top = max((n for n in (eqf_level(p.model) for p in parts) if n is not None), default=None)
    own = _eqf(stated)
    if top is not None and (own is None or own < top):
        message = f"the stack's EQF level {own} is below its highest part's ({top})"
        found.append(Finding("STACK_LEVEL_MISMATCH", message))
    return found
