"""CSV column names checked against the model, and rows turned into model JSON."""

from __future__ import annotations

import pytest

from microcred.batch import read_header, row_to_model
from microcred.batch.csv_columns import column_for, describe, parse_path
from microcred.errors import CsvColumnError
from microcred.model import MicroCredential


def test_parse_path() -> None:
    assert parse_path("learningOutcomes[0].text.en") == ("learningOutcomes", 0, "text", "en")
    assert parse_path("learner.citizenship") == ("learner", "citizenship")
    with pytest.raises(ValueError):
        parse_path("learner..email")
    with pytest.raises(ValueError):
        parse_path("title[x]")


@pytest.mark.parametrize(
    ("column", "kind"),
    [
        ("title.en", "value"),
        ("learner.fullName.de", "value"),
        ("workload.creditPoints[0].points", "value"),
        ("workload.volumeOfLearning", "value"),
        ("learningOutcomes[3].escoSkills[1].uri", "value"),
        ("learner.citizenship", "values"),
        ("learner.citizenship[1]", "value"),
        ("participation.modes", "values"),
        ("levels.iscedF", "values"),
        ("stackability.partialQualification", "value"),
        ("id", "value"),
    ],
)
def test_columns_that_fit_the_model(column: str, kind: str) -> None:
    assert describe(parse_path(column), MicroCredential) == kind


@pytest.mark.parametrize(
    ("column", "says"),
    [
        ("learner.fulName.en", "'fulName' is not a field of learner"),
        ("title", "add the language code, e.g. title.en"),
        ("title.en.x", "the part after it is a language code"),
        ("learner", "is a group of fields"),
        ("learningOutcomes.text.en", "give the item number, e.g. learningOutcomes[0]"),
        ("learningOutcomes", "is a list of groups"),
        ("learner[0].email", "learner is not a list"),
        ("learner.email.address", "is a single value"),
        ("colour", "'colour' is not a field of the micro-credential"),
    ],
)
def test_columns_that_do_not_fit(column: str, says: str) -> None:
    with pytest.raises(ValueError) as info:
        describe(parse_path(column), MicroCredential)
    assert says in str(info.value)


def test_header_errors_name_every_bad_column() -> None:
    with pytest.raises(CsvColumnError) as info:
        read_header(
            [
                "title.en",
                "learner.fulName.en",
                "",
                "title.en",
                "participation.modes",
                "participation.modes[0]",
            ]
        )
    errors = info.value.details["errors"]
    assert [e["path"] for e in errors] == [
        "learner.fulName.en",
        "column 3",
        "title.en",
        "participation.modes[0]",
    ]
    assert "same field as column 'title.en'" in errors[2]["message"]
    assert "overlaps column 'participation.modes'" in errors[3]["message"]
    assert info.value.code == "CSV_COLUMN_INVALID"


def test_row_to_model_nests_splits_and_skips_empty_cells() -> None:
    columns = read_header(
        [
            "title.en",
            "title.de",
            "learner.citizenship",
            "learningOutcomes[0].text.en",
            "learningOutcomes[1].text.en",
            "workload.creditPoints[0].points",
            "description.en",
        ]
    )
    row = ["Data Literacy", "Datenkompetenz", "IT; IE;", "Outcome A", "Outcome B", "5", "  "]
    assert row_to_model(columns, row) == {
        "title": {"en": "Data Literacy", "de": "Datenkompetenz"},
        "learner": {"citizenship": ["IT", "IE"]},
        "learningOutcomes": [{"text": {"en": "Outcome A"}}, {"text": {"en": "Outcome B"}}],
        "workload": {"creditPoints": [{"points": "5"}]},
    }
    # a trailing empty item is fine (fewer outcomes for this learner)
    assert row_to_model(columns, ["T", "", "", "Outcome A", "", "", ""])["learningOutcomes"] == [
        {"text": {"en": "Outcome A"}}
    ]


def test_a_gap_in_a_list_names_the_column() -> None:
    columns = read_header(["learningOutcomes[0].text.en", "learningOutcomes[1].text.en"])
    with pytest.raises(CsvColumnError) as info:
        row_to_model(columns, ["", "Outcome B"])
    assert info.value.path == "learningOutcomes[1].text.en"
    assert "learningOutcomes[0] is empty" in info.value.message


def test_column_for_maps_model_paths_to_columns() -> None:
    columns = read_header(["learner.fullName.en", "learner.citizenship", "workload.creditPoints[0].points"])
    assert column_for("learner.fullName", columns) == "learner.fullName.en"
    assert column_for("learner.citizenship[1]", columns) == "learner.citizenship"
    assert column_for("workload.creditPoints[0].points", columns) == "workload.creditPoints[0].points"
    assert column_for("workload", columns) == "workload.creditPoints[0].points"
    assert column_for("issued", columns) is None
    assert column_for("", columns) is None
