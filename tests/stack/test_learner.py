"""Same learner, as ELM identifies an elm:Person (microcred.stack.learner)."""

from __future__ import annotations

from datetime import UTC, datetime

from microcred.model import MicroCredential
from microcred.model.examples import example_microcredential
from microcred.model.identifiers import Identifier, LegalIdentifier
from microcred.stack.learner import same_learner

BASE = example_microcredential()
assert BASE.learner.national_id is not None
COUNTRY = BASE.learner.national_id.country


def _with(**learner: object) -> MicroCredential:
    return BASE.model_copy(update={"learner": BASE.learner.model_copy(update=learner)})


def test_a_global_subject_id_decides() -> None:
    other_name = _with(full_name={"en": "A. Andromeda"}, national_id=None)
    assert same_learner(BASE, other_name) == (True, "subject id")


def test_local_ids_prove_nothing_national_id_decides() -> None:
    a = _with(id="urn:epass:person:1")
    b = _with(
        id="urn:epass:person:1",
        national_id=LegalIdentifier(notation="X-1", country=COUNTRY),
    )
    assert same_learner(a, b) == (False, "national id")


def test_identifiers_of_the_same_scheme_then_names_and_birth_date() -> None:
    a = _with(id=None, national_id=None)
    b = _with(
        id=None, national_id=None, identifiers=[Identifier(notation="S-other", scheme_name="Student number")]
    )
    assert same_learner(a, b) == (False, "identifier (Student number)")
    c = _with(id=None, national_id=None, identifiers=[], given_name={"en": "ANA"})
    d = _with(id=None, national_id=None, identifiers=[])
    assert same_learner(c, d) == (True, "given and family name, date of birth")
    e = _with(id=None, national_id=None, identifiers=[], date_of_birth=datetime(2000, 1, 1, tzinfo=UTC))
    assert same_learner(d, e)[0] is False
    f = _with(id=None, national_id=None, identifiers=[], date_of_birth=None)
    assert same_learner(f, f)[1].startswith("no identifier in common")
