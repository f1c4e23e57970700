"""Stacking rules: what a stack must contain (required parts, minimum ECTS, maximum age, allowed issuers).

Rules are a JSON object (``--rules RULES.json``) or a :class:`StackRules`::

    {"requiredParts": ["Introduction to Research Data Management", "https://example.org/spec/42"],
     "minimumEcts": 5, "maximumAgeDays": 1825, "allowedIssuers": ["did:key:z6Mk..."], "maxParts": 32}

A required part matches a part whose title (any language) or specification id (``qualification_id``) equals it.
The age of a part is measured from its issuing date to the verification time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from ..errors import StackRuleError, UsageError
from .parts import Part

#: Default upper bound on the number of parts in one stack.
DEFAULT_MAX_PARTS = 32
#: Default upper bound on how deep stacks may nest (a stack of stacks of ...).
MAX_DEPTH = 4

_KEYS = {"requiredParts", "minimumEcts", "maximumAgeDays", "allowedIssuers", "maxParts"}


@dataclass(frozen=True, kw_only=True)
class StackRules:
    """Rules a stack must meet; every field is optional."""

    required_parts: tuple[str, ...] = ()
    minimum_ects: Decimal | None = None
    maximum_age: timedelta | None = None
    allowed_issuers: tuple[str, ...] | None = None
    max_parts: int = DEFAULT_MAX_PARTS

    @classmethod
    def from_json(cls, data: Any, *, source: str = "rules") -> StackRules:
        """Rules from their JSON form (see the module docstring); a misspelled member is an error."""
        if not isinstance(data, dict):
            raise UsageError(f"{source}: stacking rules must be a JSON object")
        unknown = sorted(set(data) - _KEYS)
        if unknown:
            raise UsageError(
                f"{source}: unknown member(s) {', '.join(unknown)}; known: {', '.join(sorted(_KEYS))}"
            )
        try:
            required = tuple(str(x) for x in data.get("requiredParts", []))
            ects = data.get("minimumEcts")
            age = data.get("maximumAgeDays")
            issuers = data.get("allowedIssuers")
            max_parts = int(data.get("maxParts", DEFAULT_MAX_PARTS))
            return cls(
                required_parts=required,
                minimum_ects=None if ects is None else Decimal(str(ects)),
                maximum_age=None if age is None else timedelta(days=float(age)),
                allowed_issuers=None if issuers is None else tuple(str(x) for x in issuers),
                max_parts=max_parts,
            )
        except (TypeError, ValueError, InvalidOperation) as exc:
            raise UsageError(f"{source}: invalid stacking rules: {exc}") from exc


def _issuer_id(part: Part) -> str | None:
    credential = part.credential or {}
    issuer = credential.get("iss") if "vct" in credential else credential.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def _matches(part: Part, wanted: str) -> bool:
    model = part.model
    if model is None:
        return False
    return wanted in model.title.values() or (
        model.qualification_id is not None and str(model.qualification_id) == wanted
    )


@dataclass
class RuleFindings:
    """What the rules found wrong (empty when they hold)."""

    problems: list[dict[str, Any]] = field(default_factory=list)

    def add(self, rule: str, message: str, **details: Any) -> None:
        """Record one broken rule."""
        self.problems.append({"rule": rule, "message": message, **details})


def check_rules(rules: StackRules, parts: list[Part], now: datetime) -> RuleFindings:
    """Every way ``parts`` break ``rules`` at time ``now``."""
    found = RuleFindings()
    for wanted in rules.required_parts:
        if not any(_matches(p, wanted) for p in parts):
            found.add("requiredParts", f"no part is {wanted!r}", required=wanted)
    total = sum((p.ects for p in parts), Decimal(0))
    if rules.minimum_ects is not None and total < rules.minimum_ects:
        found.add("minimumEcts", f"the parts carry {total} ECTS; at least {rules.minimum_ects} are needed")
    for p in parts:
        if rules.maximum_age is not None and p.model is not None and now - p.model.issued > rules.maximum_age:
            found.add(
                "maximumAgeDays",
                f"part {p.index} was issued {p.model.issued.date()}, too long ago",
                **p.describe(),
            )
        if rules.allowed_issuers is not None and _issuer_id(p) not in rules.allowed_issuers:
            found.add(
                "allowedIssuers",
                f"part {p.index} is issued by {_issuer_id(p)}, not an allowed issuer",
                **p.describe(),
            )
    return found


def raise_for_rules(found: RuleFindings) -> None:
    """Raise :class:`StackRuleError` naming the first broken rule (all of them in ``details``)."""
    if found.problems:
        first = found.problems[0]
        raise StackRuleError(
            f"stacking rule {first['rule']} not met: {first['message']}", details={"problems": found.problems}
        )
