"""docs/model.md documents every field of the model, under its class's heading."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

import microcred.model as m

DOC = (Path(__file__).resolve().parents[2] / "docs" / "model.md").read_text(encoding="utf-8")
CLASSES = [
    m.MicroCredential,
    m.Learner,
    m.Organisation,
    m.Location,
    m.Identifier,
    m.LegalIdentifier,
    m.LearningOutcome,
    m.ConceptRef,
    m.Workload,
    m.CreditPoint,
    m.Assessment,
    m.GradingScheme,
    m.QualityAssurance,
    m.Levels,
    m.NqfLevel,
    m.SqfLevel,
    m.Participation,
    m.Stackability,
    m.RelatedCredential,
]


def _section(cls: type[BaseModel]) -> str:
    heading = re.search(rf"^### .*\b{cls.__name__}\b.*$", DOC, re.M)
    assert heading is not None, f"no heading for {cls.__name__}"
    rest = DOC[heading.end() :]
    end = re.search(r"^### ", rest, re.M)
    return rest[: end.start()] if end else rest


@pytest.mark.parametrize("cls", CLASSES, ids=[c.__name__ for c in CLASSES])
def test_every_field_is_documented(cls: type[BaseModel]) -> None:
    section = _section(cls)
    for name, info in cls.model_fields.items():
        assert f"`{info.alias or name}`" in section, f"{cls.__name__}.{info.alias or name}"
