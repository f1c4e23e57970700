"""Type-checked by tests/test_issue_options.py with mypy --strict: the format picks issue()'s return type.

Not collected by pytest (no ``test_`` prefix); never run, only type-checked.
"""

from __future__ import annotations

from typing import Any, assert_type

import microcred
from microcred.issue_options import IssueOptions


def returns(key: microcred.Key, doc: dict[str, Any], fmt: str) -> None:
    """Each call's static type, as the overloads of ``issue()`` give it."""
    assert_type(microcred.issue(doc, key, format="vc+jwt"), str)
    assert_type(microcred.issue(doc, key, format="vc-jwt"), str)
    assert_type(microcred.issue(doc, key), dict[str, Any])
    assert_type(microcred.issue(doc, key, format="eddsa-rdfc-2022"), dict[str, Any])
    assert_type(microcred.issue(doc, key, format="jades", alg="PS256"), dict[str, Any])
    assert_type(microcred.issue(doc, key, format=fmt), dict[str, Any] | str)
    IssueOptions(challenge="abc", jwt_lifetime=None)


def misspelled(key: microcred.Key, doc: dict[str, Any]) -> None:
    """A misspelled option is a type error too."""
    microcred.issue(doc, key, challange="abc")  # type: ignore[call-overload]
    microcred.issue(doc, key, status=object())  # type: ignore[call-overload]
    microcred.Issuer(key).issue(doc, challenge="abc")  # type: ignore[call-arg]
    IssueOptions(challange="abc")  # type: ignore[call-arg]
