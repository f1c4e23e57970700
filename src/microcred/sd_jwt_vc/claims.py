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

from collections.abc import Iterable
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


class _State:
    """A node of the patterns' trie: ``end`` when a pattern ends here, ``next`` by component (name, ``*``, ``[*]``)."""

    __slots__ = ("end", "next")

    def __init__(self) -> None:
        self.end = False
        self.next: dict[str, _State] = {}


def _trie(patterns: Iterable[Pattern]) -> _State:
    root = _State()
    for pattern in patterns:
        state = root
        for part in pattern:
            state = state.next.setdefault(part, _State())
        state.end = True
    return root


def _step(states: list[_State], key: str | int) -> list[_State]:
    """The trie states after one more path component: a member name (itself or ``*``) or an array index (``[*]``)."""
    if isinstance(key, int):
        return [n for s in states if (n := s.next.get("[*]")) is not None]
    literal = key if key != "[*]" else None  # a member named "[*]" is a name, not the array wildcard
    out = [n for s in states if literal is not None and (n := s.next.get(literal)) is not None]
    return out + [n for s in states if key != "*" and (n := s.next.get("*")) is not None]


def apply_policy(claims: dict[str, Any], patterns: Iterable[str]) -> dict[str, Any]:
    """Wrap every claim matching one of ``patterns`` in :class:`~microcred.sd_jwt.Sd`.

    The patterns are compiled into a trie and walked together with the claims, so a subtree no pattern reaches
    is neither visited nor copied."""
    parsed = [parse_pattern(p) for p in patterns]
    explicit = sorted(p[0] for p in parsed if len(p) == 1 and p[0] in NEVER_SD)
    if explicit:
        raise UsageError(f"{explicit} must never be selectively disclosable (SD-JWT VC §2.2.2.3)")

    def mark(value: Any, states: list[_State], top_name: str | None) -> Any:
        inner = walk(value, states) if any(s.next for s in states) else value
        if top_name in NEVER_SD:
            return inner
        return Sd(inner) if any(s.end for s in states) else inner

    def walk(node: Any, states: list[_State]) -> Any:
        if isinstance(node, dict):
            return {k: mark(v, _step(states, k), None) for k, v in node.items()}
        if isinstance(node, list):
            return [mark(v, _step(states, i), None) for i, v in enumerate(node)]
        return node

    root = [_trie(parsed)]
    return {k: mark(v, _step(root, k), k) for k, v in claims.items()}
