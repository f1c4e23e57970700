"""The canonical JSON text of a model's facts, from which a credential without an id gets one.

:func:`~microcred.elm.writer.default_credential_id` hashes
``json.dumps(mc.facts(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))``. In a batch the records
share most of their facts (the awarding bodies, the outcomes, the levels: everything but the learner), so
:func:`canonical_facts` writes that same text member by member and remembers the text of each top-level member:
a member equal to the one seen last under its name is not written again (issue 19).

Why a remembered text is exact: the JSON text of a value made of dicts, lists, strings and None, written with
sorted keys, depends only on the value up to ``==`` (equal dicts have equal key sets and equal values, equal
lists equal items, equal strings the same characters). Numbers and booleans are the exception (``1 == 1.0 ==
True``, ``0.0 == -0.0``, yet their texts differ), so a member holding any is never remembered: it is written
every time. The memo holds one value per member name (the model's fields), a copy made when it is stored.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..jsonld.subtree_memo import snapshot

_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))

#: member name -> (a private copy of the value last written under it, its canonical text); values holding
#: numbers or booleans are not stored. Bounded by the member names :data:`MAX_MEMBERS`.
_TEXTS: dict[str, tuple[Any, str]] = {}
MAX_MEMBERS = 64


def _member_text(name: str, value: Any) -> str:
    """The canonical text of one member's value (remembered; see the module docstring)."""
    seen = _TEXTS.get(name)
    if seen is not None and seen[0] == value:
        return seen[1]
    text = _CANONICAL.encode(value)
    if value is not None:
        typed: list[Any] = []
        copied = snapshot(value, (), typed, [0])
        if copied is not None and not typed:  # (no numbers or booleans: see the module docstring)
            if len(_TEXTS) >= MAX_MEMBERS and name not in _TEXTS:
                _TEXTS.clear()
            _TEXTS[name] = (copied, text)
    return text


def _members(facts: dict[str, Any]) -> list[str] | None:
    """The ``"name":value`` texts of ``facts`` in sorted order (None if a member name is not a string)."""
    if any(name.__class__ is not str for name in facts):
        return None
    return [f"{_CANONICAL.encode(name)}:{_member_text(name, facts[name])}" for name in sorted(facts)]


def canonical_facts(facts: dict[str, Any]) -> str:
    """``json.dumps(facts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))`` for model JSON (a dict
    with string keys, as :meth:`~microcred.model.MicroCredential.facts` gives)."""
    parts = _members(facts)
    return _CANONICAL.encode(facts) if parts is None else "{" + ",".join(parts) + "}"


#: [the member texts of the facts digested last, k, the SHA-256 state after their first k members] (k = 0:
#: none kept): the leading members the records of a batch share are hashed once.
_PREFIX: list[Any] = [[], 0, None]


def facts_digest(facts: dict[str, Any]) -> str:
    """``sha256(canonical_facts(facts).encode("utf-8")).hexdigest()``; the SHA-256 state after the leading
    members equal to those of the facts digested last is kept and copied (hashing is incremental)."""
    parts = _members(facts)
    if parts is None:
        return hashlib.sha256(_CANONICAL.encode(facts).encode("utf-8")).hexdigest()
    last, kept, state = _PREFIX
    limit = min(len(parts), len(last)) - 1  # a kept prefix ends before the last member
    same = 0
    while same < limit and parts[same] == last[same]:
        same += 1
    if kept and same >= kept:
        digest = state.copy()
        digest.update(("," + ",".join(parts[kept:]) + "}").encode("utf-8"))
        return str(digest.hexdigest())
    digest = hashlib.sha256()
    if same:
        digest.update(("{" + ",".join(parts[:same])).encode("utf-8"))
        _PREFIX[:] = [parts, same, digest.copy()]
        digest.update(("," + ",".join(parts[same:]) + "}").encode("utf-8"))
    else:
        _PREFIX[:] = [parts, 0, None]
        digest.update(("{" + ",".join(parts) + "}").encode("utf-8"))
    return str(digest.hexdigest())


__all__ = ["MAX_MEMBERS", "canonical_facts", "facts_digest"]
