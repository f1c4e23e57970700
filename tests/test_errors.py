from __future__ import annotations

import pytest

from microcred import errors
from microcred.errors import MicrocredError, all_error_classes


def test_every_error_has_a_unique_stable_code() -> None:
    classes = all_error_classes()
    codes = [cls.code for cls in classes]
    assert len(codes) == len(set(codes)), sorted(c for c in codes if codes.count(c) > 1)
    for cls in classes:
        assert cls.code.isupper() and " " not in cls.code, cls


def test_every_public_error_class_is_in_the_tree() -> None:
    public = [v for k, v in vars(errors).items() if isinstance(v, type) and issubclass(v, Exception)]
    warnings = {v for v in public if issubclass(v, Warning)}
    assert set(public) - warnings <= set(all_error_classes())
    # warnings form their own small tree
    assert warnings == {errors.MicrocredWarning, errors.MappingWarning}
    assert issubclass(errors.MappingWarning, errors.MicrocredWarning)


def test_message_path_and_dict() -> None:
    exc = errors.InputError("bad value", path="$.credentialSubject.name", details={"allowed": ["a"]})
    assert str(exc) == "bad value (at $.credentialSubject.name)"
    assert exc.to_dict() == {
        "code": "INVALID_INPUT",
        "message": "bad value",
        "path": "$.credentialSubject.name",
        "details": {"allowed": ["a"]},
    }
    with pytest.raises(MicrocredError):
        raise exc


def test_input_errors_are_value_errors() -> None:
    assert issubclass(errors.InputError, ValueError)
    assert issubclass(errors.UsageError, ValueError)
