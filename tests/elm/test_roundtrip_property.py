"""Property: for any valid micro-credential, model -> ELM JSON-LD (VC 1.1 and 2.0) -> model is lossless."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred.elm import from_elm, to_elm
from microcred.model import MicroCredential
from microcred.model.vocabulary import vocabulary

LANGS = ["en", "de", "fr", "it", "ga", "pl", "es"]
TEXT = (
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABCDEZéßłЖ0123456789.,'-()", min_size=1, max_size=24)
    .map(str.strip)
    .filter(bool)
)
SLUG = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
IRI = st.one_of(
    SLUG.map(lambda s: f"https://example.org/{s}"),
    SLUG.map(lambda s: f"did:example:{s}"),
    SLUG.map(lambda s: f"urn:example:{s}"),
)
TZ = st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30)), None])
DATES = st.builds(
    lambda dt, tz: dt.replace(tzinfo=tz),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2035, 12, 31)),
    TZ,
)


def codes(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from([c.code for c in vocabulary(name).concepts])


def lang_map(max_size: int = 3) -> st.SearchStrategy[dict[str, str]]:
    return st.dictionaries(st.sampled_from(LANGS), TEXT, min_size=1, max_size=max_size)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def compact(**fields: Any) -> st.SearchStrategy[dict[str, Any]]:
    """A fixed-dictionaries strategy that leaves out None values and empty lists."""
    return st.fixed_dictionaries(fields).map(
        lambda d: {k: v for k, v in d.items() if v is not None and v != []}
    )


COUNTRIES = st.sampled_from(["IE", "DE", "BE", "IT", "ESP", "FRA", "PL", "NL"])
LEGAL_ID = compact(notation=TEXT, country=COUNTRIES)
IDENTIFIER = compact(notation=TEXT, schemeName=optional(TEXT))
CONCEPT_REF = compact(uri=IRI, label=optional(lang_map()), scheme=optional(IRI))
ESCO = compact(
    uri=st.uuids().map(lambda u: f"http://data.europa.eu/esco/skill/{u}"),
    label=optional(lang_map(1)),
)
LOCATION = compact(country=COUNTRIES, address=optional(lang_map(2)), region=optional(CONCEPT_REF))
ORGANISATION = compact(
    id=optional(IRI),
    legalName=lang_map(),
    alternativeName=optional(lang_map(1)),
    locations=st.lists(LOCATION, min_size=1, max_size=2),
    eidasIdentifier=LEGAL_ID,
    legalIdentifier=optional(LEGAL_ID),
    vatIdentifier=optional(LEGAL_ID),
    taxIdentifier=optional(LEGAL_ID),
    identifiers=st.lists(IDENTIFIER, max_size=2),
    homepage=optional(SLUG.map(lambda s: f"https://{s}.example.org")),
    email=optional(SLUG.map(lambda s: f"{s}@example.org")),
)
LEARNER = compact(
    id=optional(IRI),
    fullName=lang_map(1),
    givenName=optional(lang_map(1)),
    familyName=optional(lang_map(1)),
    dateOfBirth=optional(DATES),
    nationalId=optional(LEGAL_ID),
    identifiers=st.lists(IDENTIFIER, max_size=2),
    email=optional(SLUG.map(lambda s: f"{s}@example.org")),
    citizenship=st.lists(COUNTRIES, max_size=2, unique=True),
)
OUTCOME = compact(
    text=lang_map(),
    escoSkills=st.lists(ESCO, max_size=2),
    relatedSkills=st.lists(CONCEPT_REF, max_size=2),
    reusabilityLevel=optional(codes("skill-reuse-level")),
)
POINTS = st.decimals(min_value=0, max_value=300, places=2, allow_nan=False, allow_infinity=False)
WORKLOAD = compact(
    creditPoints=st.lists(compact(framework=optional(codes("credit-framework")), points=POINTS), max_size=2),
    volumeOfLearning=optional(st.sampled_from(["PT60H", "P2DT12H", "P1Y", "PT30M", "P1W", "PT1.5S"])),
).filter(lambda w: bool(w))


def _assessment(draw: Any) -> dict[str, Any]:
    graded = draw(st.booleans())
    assessment: dict[str, Any] = draw(
        compact(
            type=codes("assessment-type"),
            title=optional(lang_map(2)),
            mode=optional(codes("learning-mode")),
            gradingScheme=optional(compact(title=lang_map(2), description=optional(lang_map(2)))),
            grade=lang_map(2) if graded else st.none(),
            date=optional(DATES) if graded else st.none(),
            supervision=optional(codes("supervision")) if graded else st.none(),
        )
    )
    return assessment


QA = compact(
    id=optional(IRI),
    type=codes("accreditation-type"),
    title=lang_map(2),
    accreditingAgent=ORGANISATION,
    decision=optional(lang_map(1)),
    report=optional(SLUG.map(lambda s: f"https://qa.example.org/{s}.pdf")),
    issued=optional(DATES),
    expires=optional(DATES),
    homepage=optional(SLUG.map(lambda s: f"https://qa.example.org/{s}")),
)
LEVELS = compact(
    eqf=optional(codes("eqf")),
    nqf=st.lists(
        compact(
            uri=SLUG.map(lambda s: f"http://data.europa.eu/snb/qdr/c_{s}"),
            label=optional(lang_map(1)),
            frameworkName=optional(TEXT),
        ),
        max_size=2,
    ),
    qfEheaCycle=optional(codes("qf-ehea-cycle")),
    iscedLevel=optional(codes("isced-2011-level")),
    sqf=st.lists(
        compact(label=lang_map(1), framework=IRI, uri=optional(IRI), frameworkName=optional(TEXT)), max_size=2
    ),
    iscedF=st.lists(codes("isced-f"), max_size=3),
)
RELATED = compact(id=optional(IRI), title=lang_map(2))
STACKABILITY = compact(
    kind=optional(codes("stackability")),
    partOf=st.lists(RELATED, max_size=2),
    creditRecognisedTowards=st.lists(RELATED, max_size=2),
    partialQualification=optional(st.booleans()),
).filter(bool)


@st.composite
def microcredentials(draw: Any) -> MicroCredential:
    issued = draw(DATES)
    bodies = draw(st.lists(ORGANISATION, min_size=1, max_size=2))
    issuer = draw(optional(ORGANISATION.filter(lambda o: o != bodies[0])))
    data = draw(
        compact(
            id=IRI,
            title=lang_map(),
            description=optional(lang_map()),
            learner=LEARNER,
            provider=optional(ORGANISATION),
            awarded=optional(DATES),
            validFrom=optional(st.just(issued + timedelta(days=1))),
            validUntil=optional(st.just(issued + timedelta(days=400))),
            qualificationId=optional(IRI),
            learningOpportunityType=optional(codes("learning-opportunity-type")),
            learningOutcomes=st.lists(OUTCOME, min_size=1, max_size=3),
            learningOutcomeSummary=optional(lang_map()),
            workload=WORKLOAD,
            levels=optional(LEVELS),
            participation=compact(
                modes=st.lists(codes("learning-mode"), min_size=1, max_size=2),
                learningSetting=optional(codes("learning-setting")),
            ),
            qualityAssurance=st.lists(QA, min_size=1, max_size=2),
            entryRequirements=optional(lang_map()),
            stackability=optional(STACKABILITY),
            furtherInformation=optional(lang_map()),
            homepage=optional(SLUG.map(lambda s: f"https://www.example.org/{s}")),
            languages=st.lists(st.sampled_from(LANGS), max_size=3, unique=True),
        )
    )
    data.update(issued=issued, awardingBodies=bodies, assessment=_assessment(draw))
    if issuer is not None:
        data["issuer"] = issuer
    return MicroCredential.from_dict(data)


SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(microcredentials())
def test_vc11_round_trip_is_lossless(mc: MicroCredential) -> None:
    assert from_elm(to_elm(mc)) == mc


@SETTINGS
@given(microcredentials())
def test_vc20_round_trip_is_lossless(mc: MicroCredential) -> None:
    assert from_elm(to_elm(mc, data_model="v2")) == mc


@SETTINGS
@given(microcredentials())
def test_model_json_round_trip_is_lossless(mc: MicroCredential) -> None:
    assert MicroCredential.from_dict(mc.to_dict()) == mc
    assert isinstance(
        mc.workload.credit_points[0].points if mc.workload and mc.workload.credit_points else Decimal(0),
        Decimal,
    )
