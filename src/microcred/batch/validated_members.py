"""The members of a batch's model records validated once: a member equal to the one validated last is reused.

The records of a batch are written from one course: their awarding bodies, provider, learning outcomes, levels,
assessment and quality assurance are the same in every record, and only the learner (and an id or a date)
changes. Validating those members again is most of the cost of validating a record (the lead's run on a loaded
machine: 0.32 ms a record, 0.06 ms with them reused). So a batch worker keeps, for each top-level member whose
validated value is a model object (or a list of them), a private copy of the JSON value it validated last and
the model objects it gave; a record whose member is equal to that copy gets those objects instead of the JSON
value, and pydantic takes a model object as it is (``revalidate_instances`` is ``"never"``).

Why that is exact:

* validating a member is a function of its JSON value (and of the validation flags, which are the default ones
  here: not lenient, no unknown concepts; the memo is not used otherwise): the copy is compared with ``==``,
  and the positions of its numbers and booleans for the same type too (``True == 1`` in Python, yet they
  validate differently), as :mod:`~microcred.jsonld.subtree_memo` does;
* the record is still validated as a whole: every other member, and the model's own checks across members
  (dates in order, the Annex I elements), run as for any record; a record that fails is validated again as it
  is, so its error is the one it always gets;
* only members of a record that validated without an error are remembered, and the model objects are the
  batch worker's own (the credentials it issues from them are written and dropped; nothing changes a model
  while it is issued): the objects handed out again are the ones a fresh validation would build, field for
  field.

Bounded: a member whose JSON value holds more than :data:`MAX_MEMBER_VALUES` values is not remembered, and at most
one value is kept per member name of :class:`~microcred.model.MicroCredential`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ..errors import ModelValidationError
from ..jsonld.subtree_memo import same_json, snapshot
from ..model import MicroCredential

#: JSON values (objects, arrays, scalars) one remembered member may hold.
MAX_MEMBER_VALUES = 100_000

#: The JSON name (and the attribute name: the model takes both) of each field of the model -> its attribute name.
_FIELDS: dict[str, str] = {
    **{name: name for name in MicroCredential.model_fields},
    **{(field.alias or name): name for name, field in MicroCredential.model_fields.items()},
}

_ALL = frozenset(MicroCredential.model_fields)

_Typed = tuple[tuple[tuple[str | int, ...], type], ...]


class _Member:
    __slots__ = ("attribute", "copy", "facts", "typed", "validated")

    def __init__(
        self, attribute: str, copy: Any, typed: _Typed, validated: Any, facts: dict[str, Any]
    ) -> None:
        self.attribute = attribute
        self.copy = copy
        self.typed = typed
        self.validated = validated
        #: the member's part of the model's facts (``{json name: value}``, or empty when it is left out)
        self.facts = facts

    def matches(self, value: Any) -> bool:
        """Whether ``value`` is the JSON value this member was validated from."""
        return same_json(self.copy, self.typed, value)


def _is_models(value: Any) -> bool:
    if isinstance(value, BaseModel):
        return True
    return value.__class__ is list and bool(value) and all(isinstance(v, BaseModel) for v in value)


class ValidatedMembers:
    """The members a batch worker validated last (see the module docstring)."""

    __slots__ = ("_last", "_members", "_reused", "hits")

    def __init__(self) -> None:
        self._members: dict[str, _Member] = {}
        #: members reused so far
        self.hits = 0
        #: the credential validated last, and the members it reused
        self._last: MicroCredential | None = None
        self._reused: list[_Member] = []

    def facts(self, credential: MicroCredential) -> dict[str, Any]:
        """``credential.facts()``; for the credential validated last, its reused members' facts are the ones
        written when they were remembered (the same model objects, which nobody changes: see the module
        docstring)."""
        if credential is not self._last or not self._reused:
            return credential.facts()
        facts = credential.facts(exclude=frozenset(m.attribute for m in self._reused))
        for member in self._reused:
            facts.update(member.facts)
        return facts

    def validate(self, data: dict[str, Any]) -> MicroCredential:
        """``MicroCredential.from_dict(data)``, with the members equal to those validated last reused."""
        prepared: dict[str, Any] | None = None
        members = self._members
        reused: list[_Member] = []
        self._last = None
        for name, value in data.items():
            member = members.get(name)
            if member is not None and member.matches(value):
                if prepared is None:
                    prepared = dict(data)
                prepared[name] = member.validated
                reused.append(member)
        if prepared is None:
            credential = MicroCredential.from_dict(data)
        else:
            try:
                credential = MicroCredential.from_dict(prepared)
            except ModelValidationError:  # reported as for the record itself (its input values, one round)
                credential = MicroCredential.from_dict(data)
            self.hits += len(reused)
        for name, value in data.items():
            if prepared is not None and prepared[name] is not value:
                continue  # (reused: remembered already)
            self._remember(name, value, credential)
        self._last, self._reused = credential, reused
        return credential

    def _remember(self, name: str, value: Any, credential: MicroCredential) -> None:
        attribute = _FIELDS.get(name) if name.__class__ is str else None
        if attribute is None:
            return
        validated = getattr(credential, attribute)
        if not _is_models(validated):
            self._members.pop(name, None)
            return
        typed: list[tuple[tuple[str | int, ...], type]] = []
        counter = [0]
        try:
            copied = snapshot(value, (), typed, counter)
        except RecursionError:
            copied = None
        if copied is None or counter[0] > MAX_MEMBER_VALUES:
            self._members.pop(name, None)
            return
        if isinstance(validated, list):
            validated = list(validated)  # (the list is the credential's; its items are shared)
        facts = credential.facts(exclude=_ALL - {attribute})
        self._members[name] = _Member(attribute, copied, tuple(typed), validated, facts)


__all__ = ["MAX_MEMBER_VALUES", "ValidatedMembers"]
