"""EBSI VCDM 2.0 Europass EDC shape and its JSON Schema check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from microcred import example_microcredential
from microcred.cli.main import main
from microcred.errors import MappingWarning
from microcred.jsonld.contexts import CREDENTIALS_V2, EDC_AP
from microcred.model import MicroCredential
from microcred.shapes.ebsi import EXTENSION_TERMS, to_ebsi
from microcred.shapes.ebsi_schema import ebsi_schema_errors

DATA = Path(__file__).resolve().parent / "data" / "ebsi"
ROOT = Path(__file__).resolve().parents[2]


def test_example_conforms_to_the_ebsi_schema_and_says_what_is_left_out() -> None:
    with pytest.warns(MappingWarning, match="stackability") as caught:
        doc = to_ebsi(example_microcredential())
    assert ebsi_schema_errors(doc) == []
    assert doc["@context"] == [CREDENTIALS_V2, EDC_AP]
    assert "EuropeanDigitalCredential" in doc["type"]
    assert not any(term in json.dumps(doc) for term in EXTENSION_TERMS)
    assert {str(w.message).split(":")[0].rsplit(".", 1)[1] for w in caught} == set(EXTENSION_TERMS)


def test_minimal_model_has_nothing_to_leave_out() -> None:
    mc = MicroCredential.from_json((ROOT / "examples" / "minimal.json").read_text(encoding="utf-8"))
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", MappingWarning)
        doc = to_ebsi(mc)
    assert ebsi_schema_errors(doc) == []


def test_ebsi_own_example_conforms() -> None:
    doc = json.loads((DATA / "example-edc-vcdm2-microcredential.json").read_text(encoding="utf-8"))
    assert ebsi_schema_errors(doc) == []


def test_elm_shape_is_not_ebsi_conforming() -> None:
    from microcred.elm import to_elm

    errors = ebsi_schema_errors(to_elm(example_microcredential(), data_model="v2"))
    assert any("@context" in e for e in errors)


@pytest.mark.parametrize(
    ("where", "value", "expected"),
    [
        ("extra", 1, "'extra' was unexpected"),
        ("@context", [CREDENTIALS_V2, {"x": "http://x/"}], "is not of type 'string'"),
    ],
)
def test_schema_errors_name_the_field(where: str, value: object, expected: str) -> None:
    with pytest.warns(MappingWarning):
        doc = to_ebsi(example_microcredential())
    if where == "extra":
        doc["credentialSubject"]["hasClaim"][0]["specifiedBy"]["extra"] = value
    else:
        doc[where] = value
    errors = ebsi_schema_errors(doc)
    assert errors and expected in errors[0]


def test_cli_convert_to_ebsi(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ebsi.json"
    assert (
        main(["convert", str(ROOT / "examples" / "microcredential.json"), "--to", "ebsi", "-o", str(out)])
        == 0
    )
    assert "stackability" in capsys.readouterr().err
    assert ebsi_schema_errors(json.loads(out.read_text(encoding="utf-8"))) == []
