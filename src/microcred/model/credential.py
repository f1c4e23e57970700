"""``MicroCredential``: the facts of one micro-credential (EU Council Recommendation 2022/C 243/02, Annex I).

Annex I's mandatory elements are required: title, learner, awarding bodies (with their country), issuing date,
learning outcomes, workload, assessment type, form of participation and quality assurance; the optional ones
are ``None`` or empty lists. The last five are typed as optional in Python because Europass credentials read
back from ELM may lack them (the official EC samples carry no quality assurance; the minimal EDC sample has no
learning outcomes): :meth:`MicroCredential.missing_mandatory` lists what is missing, and validation rejects it
unless the model is loaded with ``lenient=True`` (as :func:`microcred.from_elm` does). The JSON Schema lists
them as required. The issuing organisation must also have an eIDAS identifier (the EDC profile requires it).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Self

from pydantic import ConfigDict, Field, PrivateAttr, ValidationError, ValidationInfo, model_validator

from ..errors import JsonParseError
from ._errors import FieldProblems, convert, with_problems
from .assessment import Assessment
from .learner import Learner
from .levels import Levels
from .organisation import Organisation
from .outcomes import LearningOutcome, Workload
from .participation import Participation
from .quality import QualityAssurance
from .stackability import Stackability
from .types import (
    UNKNOWN_SEEN,
    VOCABULARY_LAX,
    HttpUrl,
    Iri,
    LangMap,
    Language,
    LearningOpportunityType,
    ModelBase,
)

#: Validation-context key that relaxes the checks of :meth:`MicroCredential.missing_mandatory`.
LENIENT = "microcred.lenient"


#: Fields required by Annex I that Python types as optional (see the module docstring).
ANNEX_I_REQUIRED = ("learningOutcomes", "workload", "assessment", "participation", "qualityAssurance")


def _annex_i_schema(schema: dict[str, Any]) -> None:
    schema["required"] = [*schema.get("required", []), *ANNEX_I_REQUIRED]


class MicroCredential(ModelBase):
    """One micro-credential, as an institution's registry system knows it."""

    model_config = ConfigDict(json_schema_extra=_annex_i_schema)

    id: Iri | None = Field(default=None, description="Credential id; generated from the content if absent")
    title: LangMap = Field(description="Title of the micro-credential (Annex I, mandatory)")
    description: LangMap | None = Field(default=None, description="Description of the micro-credential")
    learner: Learner = Field(description="Identification of the learner (Annex I, mandatory)")
    awarding_bodies: list[Organisation] = Field(
        min_length=1, description="Awarding body(ies) with their country (Annex I, mandatory)"
    )
    provider: Organisation | None = Field(
        default=None, description="Learning provider, if not the awarding body"
    )
    issuer: Organisation | None = Field(
        default=None, description="Issuer (sealing organisation); default: the first awarding body"
    )
    issued: datetime = Field(description="Date of issuing (Annex I, mandatory)")
    awarded: datetime | None = Field(default=None, description="Date of award (awardedBy.awardingDate)")
    valid_from: datetime | None = Field(
        default=None, description="Start of validity; default: the issuing date"
    )
    valid_until: datetime | None = Field(default=None, description="End of validity, if it expires")
    qualification_id: Iri | None = Field(
        default=None, description="IRI of the micro-credential's specification"
    )
    learning_opportunity_type: LearningOpportunityType | None = Field(
        default=None, description="Kind of learning opportunity, e.g. short-learning-programme (dc:type)"
    )
    learning_outcomes: list[LearningOutcome] = Field(
        default_factory=list,
        description="Learning outcomes (Annex I, mandatory)",
        json_schema_extra={"minItems": 1},
    )
    learning_outcome_summary: LangMap | None = Field(default=None, description="elm:learningOutcomeSummary")
    workload: Workload | None = Field(
        default=None, description="Notional workload, in ECTS wherever possible (Annex I, mandatory)"
    )
    levels: Levels = Field(default_factory=Levels, description="Level(s), where applicable (Annex I)")
    assessment: Assessment | None = Field(
        default=None, description="Type of assessment (Annex I, mandatory); grade and supervision optional"
    )
    participation: Participation | None = Field(
        default=None, description="Form of participation (Annex I, mandatory)"
    )
    quality_assurance: list[QualityAssurance] = Field(
        default_factory=list,
        description="Type(s) of quality assurance (Annex I, mandatory: at least one)",
        json_schema_extra={"minItems": 1},
    )
    entry_requirements: LangMap | None = Field(default=None, description="Prerequisites needed to enrol")
    stackability: Stackability | None = Field(default=None, description="Integration/stackability options")
    further_information: LangMap | None = Field(default=None, description="Further information")
    homepage: HttpUrl | None = Field(default=None, description="Web page of the micro-credential")
    languages: list[Language] = Field(
        default_factory=list, description="Language(s) of instruction/assessment"
    )
    elm: dict[str, Any] | None = Field(
        default=None,
        description="The ELM / EDC credential (JSON-LD) this model was read from. Kept so that writing ELM "
        "again loses nothing the model does not express (see docs/mapping.md); not a fact of its own, so "
        "it is ignored when models are compared",
    )
    ob3: dict[str, Any] | None = Field(
        default=None,
        description="The Open Badges 3.0 credential this model was read from (microcred.shapes.ob3_read), kept "
        "so that writing Open Badges again loses nothing; not a fact, ignored when models are compared",
    )

    #: Set when lax validation let a value outside a vocabulary through (then :meth:`unknown_concepts` checks).
    _maybe_unknown: bool = PrivateAttr(default=False)

    def __eq__(self, other: object) -> bool:
        """Models are equal when their facts are: the ``elm`` source they were read from is not compared."""
        if not isinstance(other, MicroCredential):
            return NotImplemented
        names = [n for n in type(self).model_fields if n not in ("elm", "ob3")]
        return all(getattr(self, n) == getattr(other, n) for n in names)

    __hash__ = None  # type: ignore[assignment]

    def facts(self, *, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
        """Model JSON without the ``elm`` and ``ob3`` sources (what :meth:`to_dict` gives for a model built from
        scratch), and without the fields in ``exclude``."""
        return self.to_dict(exclude=exclude | _SOURCES)

    # -- derived ---------------------------------------------------------------------------------------------
    @property
    def issuing_organisation(self) -> Organisation:
        """The organisation that issues the credential: ``issuer``, else the first awarding body."""
        return self.issuer if self.issuer is not None else self.awarding_bodies[0]

    def missing_mandatory(self) -> list[tuple[str, str]]:
        """``(path, message)`` for each requirement for issuing that this (possibly lenient) model misses."""
        problems = [
            (alias, message)
            for alias, attr, message in MANDATORY
            if getattr(self, attr) is None or getattr(self, attr) == []
        ]
        problems.extend(self.unknown_concepts())
        if self.issuing_organisation.eidas_identifier is None:
            where = "issuer" if self.issuer is not None else "awardingBodies[0]"
            problems.append((f"{where}.eidasIdentifier", EIDAS_MESSAGE))
        return problems

    def unknown_concepts(self) -> list[tuple[str, str]]:
        """``(path, message)`` for each controlled value outside the bundled vocabularies.

        Models read from ELM keep such concepts (newer vocabulary releases, local schemes); issuing and
        validation reject them."""
        if not self._maybe_unknown:
            return []
        try:
            MicroCredential.model_validate(self.facts(), context={LENIENT: True})
        except ValidationError as exc:
            return [(e["path"], e["message"]) for e in convert(exc).details.get("errors", [])]
        return []

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> Self:
        problems: list[tuple[str, str]] = []
        start = self.valid_from or self.issued
        if (
            self.valid_until is not None
            and _comparable(start, self.valid_until)
            and self.valid_until <= start
        ):
            problems.append(("validUntil", "must be after validFrom (or the issuing date)"))
        if isinstance(info.context, dict) and info.context.get(UNKNOWN_SEEN):
            self._maybe_unknown = True
        lenient = isinstance(info.context, dict) and bool(info.context.get(LENIENT))
        if not lenient:
            problems.extend(p for p in self.missing_mandatory() if p not in self.unknown_concepts())
        if problems:
            raise FieldProblems(problems)
        return self

    # -- input / output --------------------------------------------------------------------------------------
    @classmethod
    def from_dict(
        cls,
        data: Any,
        *,
        lenient: bool = False,
        unknown_concepts: bool = False,
        source: str | None = None,
    ) -> MicroCredential:
        """Validate model JSON; errors become :class:`~microcred.errors.ModelValidationError`.

        ``lenient`` accepts a model that misses Annex I elements; ``unknown_concepts`` accepts any absolute
        IRI where a controlled value is expected (both list in :meth:`missing_mandatory`)."""
        try:
            return cls.model_validate(data, context={LENIENT: lenient, VOCABULARY_LAX: unknown_concepts})
        except ValidationError as exc:
            error = convert(exc, source=source)
            if not lenient and isinstance(data, dict):
                # Field errors stop pydantic before the Annex I check runs: report both in one round.
                error = with_problems(error, missing_in_raw(data), source=source)
            raise error from exc

    @classmethod
    def from_json(
        cls,
        text: str | bytes,
        *,
        lenient: bool = False,
        unknown_concepts: bool = False,
        source: str | None = None,
    ) -> MicroCredential:
        """A MicroCredential from model JSON text; ``lenient`` ignores unknown members."""
        from ..jsonio import loads_strict

        data = loads_strict(text, source=source)
        if not isinstance(data, dict):
            raise JsonParseError("a micro-credential must be a JSON object", path=source)
        return cls.from_dict(data, lenient=lenient, unknown_concepts=unknown_concepts, source=source)

    def to_dict(self, *, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
        """Model JSON (camelCase names, controlled values as concept URIs, empty fields left out), without the
        fields (attribute names) in ``exclude``. Each member is written on its own: a field gives the same
        member whatever else is excluded."""
        data: dict[str, Any] = self.model_dump(
            mode="json", by_alias=True, exclude_none=True, exclude_defaults=True, exclude=set(exclude) or None
        )
        return data

    def to_json(self) -> str:
        """The micro-credential as indented model JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"


#: Annex I elements every micro-credential must carry: (JSON name, attribute, message).
MANDATORY: tuple[tuple[str, str, str], ...] = (
    (
        "learningOutcomes",
        "learning_outcomes",
        "at least one learning outcome is mandatory (Annex I, element f)",
    ),
    ("workload", "workload", "the notional workload is mandatory (Annex I, element g)"),
    ("assessment", "assessment", "the type of assessment is mandatory (Annex I, element i)"),
    ("participation", "participation", "the form of participation is mandatory (Annex I, element j)"),
    (
        "qualityAssurance",
        "quality_assurance",
        "at least one type of quality assurance is mandatory (Annex I, element k)",
    ),
)
EIDAS_MESSAGE = "the issuing organisation needs an eIDAS legal identifier (EDC profile)"


#: The fields that keep where a model was read from: not facts.
_SOURCES = frozenset({"elm", "ob3"})


def missing_in_raw(data: dict[str, Any]) -> list[tuple[str, str]]:
    """The :data:`MANDATORY` problems of model JSON that failed field validation (so all come in one round)."""
    problems = [(alias, message) for alias, _, message in MANDATORY if data.get(alias) in (None, [])]
    bodies = data.get("awardingBodies")
    first = bodies[0] if isinstance(bodies, list) and bodies else None
    issuer = data.get("issuer")
    org, where = (issuer, "issuer") if issuer is not None else (first, "awardingBodies[0]")
    if isinstance(org, dict) and org.get("eidasIdentifier") is None:
        problems.append((f"{where}.eidasIdentifier", EIDAS_MESSAGE))
    return problems


def _comparable(a: datetime, b: datetime) -> bool:
    return (a.tzinfo is None) == (b.tzinfo is None)
