"""Value types shared by the model: language maps, IRIs, durations and controlled values.

Controlled values are plain strings holding the EU concept URI; on input they also accept a code, alias or
English label of the bundled vocabulary (:mod:`microcred.model.vocabulary`).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import cache
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic.alias_generators import to_camel

from .vocabulary import vocabulary


class ModelBase(BaseModel):
    """Base of every model class: camelCase JSON names, unknown fields rejected."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        str_strip_whitespace=True,
    )


# --- language maps -----------------------------------------------------------------------------------------
@cache
def language_codes() -> frozenset[str]:
    """The ISO 639-1 two-letter codes allowed as language-map keys (as in the EDC/EBSI schemas)."""
    return frozenset(a for c in vocabulary("language").concepts for a in c.aliases if len(a) == 2)


@cache
def _clean_codes() -> frozenset[str]:
    """The :func:`language_codes` that ``strip().lower()`` leaves as they are (all of them)."""
    return frozenset(c for c in language_codes() if c.strip().lower() == c)


def _check_lang_map(value: dict[str, str]) -> dict[str, str]:
    if not value:
        raise ValueError('needs at least one language, e.g. {"en": "..."}')
    clean = _clean_codes()
    out: dict[str, str] = {}
    for key, text in value.items():
        # a code as it is (the common case) is its own normal form: no strip, lower and second look-up
        lang = key if key in clean else key.strip().lower()
        if lang not in clean and lang not in language_codes():
            raise ValueError(f"{key!r} is not an ISO 639-1 two-letter language code (e.g. en, fr, de)")
        stripped = text.strip()
        if not stripped:
            raise ValueError(f"the {lang!r} text is empty")
        if lang in out:
            raise ValueError(f"language {lang!r} is given twice")
        out[lang] = stripped
    return out


def _single_language(value: dict[str, str]) -> dict[str, str]:
    if len(value) != 1:
        raise ValueError("give this in exactly one language (the EDC profile allows one value)")
    return value


def _require_mapping(value: Any) -> Any:
    if isinstance(value, str):
        raise ValueError(f'expected a language map such as {{"en": {json.dumps(value)}}}, not a plain string')
    return value


_LANG_MAP_SCHEMA = {
    "type": "object",
    "description": 'Text by ISO 639-1 language code, e.g. {"en": "...", "fr": "..."}',
    "propertyNames": {"pattern": "^[a-z]{2}$"},
    "additionalProperties": {"type": "string", "minLength": 1},
    "minProperties": 1,
}

#: Text in one or more languages: ``{"en": "...", "de": "..."}``.
LangMap = Annotated[
    dict[str, str],
    BeforeValidator(_require_mapping),
    AfterValidator(_check_lang_map),
    WithJsonSchema(_LANG_MAP_SCHEMA),
]
#: Text in exactly one language (names of a person: the EDC profile allows one value).
SingleLangMap = Annotated[
    dict[str, str],
    BeforeValidator(_require_mapping),
    AfterValidator(_check_lang_map),
    AfterValidator(_single_language),
    WithJsonSchema({**_LANG_MAP_SCHEMA, "maxProperties": 1}),
]

# --- IRIs, URLs, e-mail, durations --------------------------------------------------------------------------
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+$")
_HTTP = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_EMAIL = re.compile(r"^[^@\s:]+@[^@\s]+\.[^@\s]+$")
_DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")


def _iri(value: str) -> str:
    if not _IRI.match(value):
        raise ValueError(f"{value!r} is not an absolute IRI (e.g. https://..., urn:..., did:...)")
    return value


def _http(value: str) -> str:
    if not _HTTP.match(value):
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value


def _email(value: str) -> str:
    value = value.removeprefix("mailto:")
    if not _EMAIL.match(value):
        raise ValueError(f"{value!r} is not an e-mail address")
    return value


def _duration(value: str) -> str:
    if not _DURATION.match(value):
        raise ValueError(f"{value!r} is not an ISO 8601 duration such as PT60H or P2DT12H")
    return value


Iri = Annotated[str, AfterValidator(_iri), WithJsonSchema({"type": "string", "format": "iri"})]
HttpUrl = Annotated[str, AfterValidator(_http), WithJsonSchema({"type": "string", "format": "uri"})]
Email = Annotated[str, AfterValidator(_email), WithJsonSchema({"type": "string", "format": "email"})]
Duration = Annotated[
    str,
    AfterValidator(_duration),
    WithJsonSchema({"type": "string", "format": "duration", "description": "ISO 8601 duration, e.g. PT60H"}),
]


def _decimal_json(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _points(value: Decimal) -> Decimal:
    if not value.is_finite() or value < 0:
        raise ValueError("credit points must be a number >= 0")
    return value


#: A non-negative number of credit points (JSON number; kept exact as a Decimal in Python).
Points = Annotated[
    Decimal,
    AfterValidator(_points),
    PlainSerializer(_decimal_json, when_used="json"),
    WithJsonSchema({"type": "number", "minimum": 0}),
]


# --- controlled values --------------------------------------------------------------------------------------
#: Validation-context key: accept any absolute IRI where a controlled value is expected (models read from ELM
#: keep concepts of newer vocabulary releases and local schemes; issuing and validation reject them).
VOCABULARY_LAX = "microcred.vocabulary-lax"
#: Validation-context key under which lax validation lists the values it let through.
UNKNOWN_SEEN = "microcred.unknown-concepts"


def _controlled(name: str) -> Any:
    def normalize(value: object, info: ValidationInfo) -> str:
        if value.__class__ is str and value in vocabulary(name) and value.strip() == value:
            return value  # a concept URI as it is (model JSON): its own normal form
        context = info.context if isinstance(info.context, dict) else {}
        text = value.strip() if isinstance(value, str) else None
        if context.get(VOCABULARY_LAX) and text and _IRI.match(text) and text not in vocabulary(name):
            context.setdefault(UNKNOWN_SEEN, []).append(text)
            return text
        return vocabulary(name).normalize(value)

    schema = {
        "type": "string",
        "x-microcred-vocabulary": name,
        "description": f"A concept of the bundled '{name}' vocabulary: concept URI, code, alias or English "
        "label",
    }
    return Annotated[str, BeforeValidator(normalize), WithJsonSchema(schema)]


Country = _controlled("country")
Language = _controlled("language")
EqfLevel = _controlled("eqf")
IscedF = _controlled("isced-f")
LearningMode = _controlled("learning-mode")
LearningSetting = _controlled("learning-setting")
AssessmentType = _controlled("assessment-type")
CreditFramework = _controlled("credit-framework")
AccreditationType = _controlled("accreditation-type")
Supervision = _controlled("supervision")
LearningOpportunityType = _controlled("learning-opportunity-type")
SkillReuseLevel = _controlled("skill-reuse-level")
QfEheaCycle = _controlled("qf-ehea-cycle")
Isced2011Level = _controlled("isced-2011-level")
StackabilityKind = _controlled("stackability")


class ConceptRef(ModelBase):
    """A concept from a vocabulary microcred does not bundle (ESCO skills, NQF levels, regions, ...)."""

    uri: Iri = Field(description="IRI of the concept")
    label: LangMap | None = Field(default=None, description="Its label (skos:prefLabel)")
    scheme: Iri | None = Field(default=None, description="Its concept scheme (skos:inScheme)")
