"""Check codes and MicrocredError codes never collide or mean two things."""

from __future__ import annotations

import inspect
from collections import Counter

from microcred import errors
from microcred.verification.codes import FROM_ERRORS, CheckCode, CheckName


def _error_classes() -> list[type[errors.MicrocredError]]:
    return [
        cls
        for _, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, errors.MicrocredError) and "code" in cls.__dict__
    ]


def test_each_error_code_names_one_error_class() -> None:
    counts = Counter(cls.code for cls in _error_classes())
    assert [code for code, n in counts.items() if n > 1] == []


def test_check_codes_shared_with_errors_report_exactly_that_error() -> None:
    error_codes = {cls.code for cls in _error_classes()}
    shared = {c for c in CheckCode if c.value in error_codes}
    assert shared == set(FROM_ERRORS), (
        "a check code equals an error code: list it in FROM_ERRORS or rename it"
    )
    for code, cls in FROM_ERRORS.items():
        assert cls.code == code.value


def test_names_and_codes_are_plain_strings() -> None:
    assert CheckCode.PROOF_VALID == "PROOF_VALID" and f"{CheckName.PROOF}" == "proof"
    assert {c.value for c in CheckName}.isdisjoint({c.value for c in CheckCode})


def test_every_data_model_rule_has_its_check_code() -> None:
    from microcred.vcdm.rules import RULES

    assert set(RULES) == {c.value for c in CheckCode if c.value.startswith("VCDM_")}
