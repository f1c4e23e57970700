"""Micro-credential claims for an SD-JWT VC, and which of them are selectively disclosable.

The claims are the model's JSON (:meth:`MicroCredential.to_dict`, camelCase names, every Annex I element) at the
top level of the SD-JWT VC payload, next to the registered claims ``iss``, ``iat``, ``nbf``, ``exp``, ``vct``,
``cnf`` and ``status`` (draft-ietf-oauth-sd-jwt-vc §2.2.2.3, which are never selectively disclosable).

A *selective-disclosure policy* is a list of claim path patterns: ``learner`` (a claim), ``learner.*`` (each
member of an object), ``learningOutcomes[*]`` (each element of an array). A claim matching a pattern gets its own
Disclosure; patterns nest (``learner`` and ``learner.*``: the learner object can be shown with only some of its
attributes).

:data:`DEFAULT_SD` (microcred's default policy) keeps visible what describes the *micro-credential* (title,
awarding bodies, issuer, dates, workload and ECTS, level, assessment type, participation, quality assurance,
...) and makes selectively disclosable what describes or identifies the *learner* or their result: the learner
object and each of its attributes on its own (name, date of birth, national id, e-mail, citizenship, ...), each
learning outcome, the grade and assessment date, and the credential ``id`` (a unique, correlatable identifier).
:data:`MAXIMAL_SD` makes every Annex I element selectively disclosable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..errors import UsageError
from ..sd_jwt import Sd

#: draft-ietf-oauth-sd-jwt-vc §2.2.2.3: registered claims that MUST NOT be selectively disclosed.
NEVER_SD = frozenset({"iss", "nbf", "exp", "cnf", "vct", "vct#integrity", "status", "aka_vcts"})

DEFAULT_SD: tuple[str, ...] = (
    "id",
    "learner",
    "learner.*",
    "learningOutcomes[*]",
    "assessment.grade",
    "assessment.date",
)
MAXIMAL_SD: tuple[str, ...] = (
    "*",
    "learner.*",
    "learningOutcomes[*]",
    "assessment.*",
    "awardingBodies[*]",
    "workload.*",
    "qualityAssurance[*]",
)

Pattern = tuple[str, ...]


def parse_pattern(text: str) -> Pattern:
    """``"learningOutcomes[*].text"`` -> ``("learningOutcomes", "[*]", "text")``."""
    if not isinstance(text, str) or not text:
        raise UsageError(f"a selective-disclosure pattern is a non-empty string, not {text!r}")
    parts: list[str] = []
    for piece in text.split("."):
        name, bracket, rest = piece.partition("[")
        if not name and not parts:
            raise UsageError(f"pattern {text!r} does not start with a claim name")
        if name:
            parts.append(name)
        while bracket:
            if not rest.startswith("*]"):
                raise UsageError(f"pattern {text!r}: only [*] is allowed in brackets")
            parts.append("[*]")
            _, bracket, rest = rest[2:].partition("[")
    return tuple(parts)


def _matches(pattern: Pattern, path: Sequence[str | int]) -> bool:
    if len(pattern) != len(path):
        return False
    for want, got in zip(pattern, path, strict=True):
        if want == "[*]":
            if not isinstance(got, int):
                return False
        elif want == "*":
            if not isinstance(got, str):
                return False
        elif want != got:
            return False
    return True


def apply_policy(claims: dict[str, Any], patterns: Iterable[str]) -> dict[str, Any]:
    """Wrap every claim matching one of ``patterns`` in :class:`~microcred.sd_jwt.Sd`."""
    parsed = [parse_pattern(p) for p in patterns]
    explicit = sorted(p[0] for p in parsed if len(p) == 1 and p[0] in NEVER_SD)
    if explicit:
        raise UsageError(f"{explicit} must never be selectively disclosable (SD-JWT VC §2.2.2.3)")

    deepest = max((len(p) for p in parsed), default=0)

    def mark(value: Any, path: tuple[str | int, ...]) -> Any:
        inner = walk(value, path) if len(path) < deepest else value  # nothing deeper can match: no copy
        if len(path) == 1 and path[0] in NEVER_SD:
            return inner
        return Sd(inner) if any(_matches(p, path) for p in parsed) else inner

    def walk(node: Any, path: tuple[str | int, ...]) -> Any:
        if isinstance(node, dict):
            return {k: mark(v, (*path, k)) for k, v in node.items()}
        if isinstance(node, list):
            return [mark(v, (*path, i)) for i, v in enumerate(node)]
        return node

    return walk(claims, ())  # type: ignore[no-any-return]
