"""The certificate as data: every Annex I element of a micro-credential, laid out as labelled sections.

EU Council Recommendation 2022/C 243/02, Annex I, lists the elements a micro-credential describes: mandatory
(a) identification of the learner, (b) title, (c) country/region of the issuer, (d) awarding body(ies),
(e) date of issuing, (f) learning outcomes, (g) notional workload, (h) level(s), (i) type of assessment,
(j) form of participation, (k) type of quality assurance; and optional ones (prerequisites, supervision and
identity verification, grade, integration/stackability options, further information).

:func:`certificate_document` turns a :class:`~microcred.model.MicroCredential` (read with
:func:`microcred.from_elm`) and its :class:`~microcred.verification.results.VerificationResult` into
:class:`Section` rows; :mod:`.html` and :mod:`.pdf` lay the same rows out, so the page and the PDF say the same.
Every language version of a text is shown (each tagged with its language); labels are in English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from ..model import MicroCredential
from ..model.organisation import Organisation
from ..model.vocabulary import find_concept
from .seal import SealInfo


@dataclass(frozen=True)
class Piece:
    """One line of a value: its text and, for text in a natural language, the language tag."""

    text: str
    lang: str | None = None


@dataclass(frozen=True)
class Row:
    """A labelled value (one or more lines)."""

    label: str
    pieces: tuple[Piece, ...]


@dataclass
class Section:
    """A heading and its rows; ``element`` names the Annex I element (e.g. ``"(a)"``) when there is one."""

    heading: str
    rows: list[Row] = field(default_factory=list)
    element: str | None = None

    def add(self, label: str, *pieces: Piece) -> None:
        """Add a row unless it has nothing to show."""
        kept = tuple(p for p in pieces if p.text)
        if kept:
            self.rows.append(Row(label, kept))


@dataclass
class CertificateDocument:
    """What a certificate shows: title, learner, sections, the seal and where to verify it."""

    title: tuple[Piece, ...]
    learner: str
    languages: tuple[str, ...]
    sections: list[Section]
    seal: SealInfo
    verify_link: str | None = None


def texts(value: dict[str, str] | None) -> tuple[Piece, ...]:
    """Every language version of a language map, each tagged with its language."""
    return tuple(Piece(text, lang) for lang, text in (value or {}).items())


def first(value: dict[str, str] | None, lang: str | None = None) -> str:
    """The text in ``lang``, else the first one (empty when there is none)."""
    if not value:
        return ""
    return value.get(lang or "", "") or next(iter(value.values()))


def concept(uri: str | None) -> str:
    """The English label of a controlled value (its URI when the vocabulary is not bundled)."""
    if not uri:
        return ""
    found = find_concept(str(uri))
    if found is None:
        return str(uri)
    _, c = found
    return c.label_en or next(iter(c.label.values()), c.code)


def day(value: datetime | None) -> str:
    """An ISO 8601 date (the day, which is what people read)."""
    return value.date().isoformat() if value is not None else ""


def number(value: Decimal | float | int) -> str:
    """A number without a trailing ``.0``."""
    return format(Decimal(str(value)).normalize(), "f")


def duration(value: str | None) -> str:
    """An ISO 8601 duration in words when it is whole hours or days (``PT125H`` -> ``125 hours``)."""
    import re

    match = re.fullmatch(r"P(?:(\d+)D)?(?:T(\d+)H)?", value or "")
    if not value or match is None or not any(match.groups()):
        return value or ""
    days, hours = (int(g) if g else 0 for g in match.groups())
    parts = [f"{days} days" if days else "", f"{hours} hours" if hours else ""]
    return " ".join(p for p in parts if p)


def _organisation(section: Section, label: str, org: Organisation) -> None:
    section.add(label, *texts(org.legal_name))
    section.add("Also known as", *texts(org.alternative_name))
    for loc in org.locations:
        region = first(loc.region.label) if loc.region and loc.region.label else ""
        where = ", ".join(p for p in (region, concept(loc.country)) if p)
        section.add("Country / region", Piece(where), *texts(loc.address))
    for name, ident in (
        ("eIDAS identifier", org.eidas_identifier),
        ("Legal identifier", org.legal_identifier),
        ("VAT number", org.vat_identifier),
    ):
        if ident is not None:
            section.add(name, Piece(f"{ident.notation} ({concept(ident.country)})"))
    section.add("Web site", Piece(str(org.homepage or "")))


def _learner(mc: MicroCredential) -> Section:
    s = Section("Learner", element="(a)")
    who = mc.learner
    s.add("Name", *texts(who.full_name))
    s.add("Date of birth", Piece(day(who.date_of_birth)))
    if who.national_id is not None:
        s.add(
            "National identifier", Piece(f"{who.national_id.notation} ({concept(who.national_id.country)})")
        )
    for ident in who.identifiers:
        s.add(ident.scheme_name or "Identifier", Piece(ident.notation))
    s.add("Citizenship", Piece(", ".join(concept(c) for c in who.citizenship)))
    s.add("E-mail", Piece(str(who.email or "")))
    return s


def _achievement(mc: MicroCredential) -> Section:
    s = Section("Micro-credential", element="(b)")
    s.add("Title", *texts(mc.title))
    s.add("Description", *texts(mc.description))
    s.add("Kind of learning", Piece(concept(mc.learning_opportunity_type)))
    s.add("Date of issuing (e)", Piece(day(mc.issued)))
    s.add("Date of award", Piece(day(mc.awarded)))
    s.add("Valid from", Piece(day(mc.valid_from)))
    s.add("Valid until", Piece(day(mc.valid_until)))
    s.add("Language(s)", Piece(", ".join(concept(x) for x in mc.languages)))
    s.add("Web page", Piece(str(mc.homepage or "")))
    return s


def _bodies(mc: MicroCredential) -> Section:
    s = Section("Awarding body(ies) and country of the issuer", element="(c) (d)")
    for body in mc.awarding_bodies:
        _organisation(s, "Awarding body", body)
    if mc.provider is not None:
        _organisation(s, "Learning provider", mc.provider)
    return s


def _outcomes(mc: MicroCredential) -> Section:
    s = Section("Learning outcomes", element="(f)")
    s.add("Summary", *texts(mc.learning_outcome_summary))
    for n, lo in enumerate(mc.learning_outcomes, 1):
        skills = [first(k.label) or str(k.uri) for k in (*lo.esco_skills, *lo.related_skills)]
        s.add(f"Outcome {n}", *texts(lo.text), Piece("Skills: " + "; ".join(skills) if skills else ""))
    return s


def _workload_levels(mc: MicroCredential) -> Section:
    s = Section("Workload and level", element="(g) (h)")
    if mc.workload is not None:
        for cp in mc.workload.credit_points:
            s.add("Credits", Piece(f"{number(cp.points)} {concept(cp.framework)}"))
        s.add("Volume of learning", Piece(duration(mc.workload.volume_of_learning)))
    lv = mc.levels
    s.add("EQF level", Piece(concept(lv.eqf)))
    for nqf in lv.nqf:
        s.add("NQF level", Piece(first(nqf.label) or str(nqf.uri)))
    s.add("QF-EHEA cycle", Piece(concept(lv.qf_ehea_cycle)))
    s.add("ISCED level", Piece(concept(lv.isced_level)))
    for sqf in lv.sqf:
        s.add("Sectoral level", Piece(first(sqf.label)))
    s.add("Field of education (ISCED-F)", Piece(", ".join(concept(f) for f in lv.isced_f)))
    return s


def _assessment(mc: MicroCredential) -> Section:
    s = Section("Assessment and participation", element="(i) (j)")
    a = mc.assessment
    if a is not None:
        s.add("Type of assessment", Piece(concept(a.type)), *texts(a.title))
        s.add("Mode of assessment", Piece(concept(a.mode)))
        s.add("Grade", *texts(a.grade))
        if a.grading_scheme is not None:
            s.add("Grading scheme", *texts(a.grading_scheme.title), *texts(a.grading_scheme.description))
        s.add("Date of assessment", Piece(day(a.date)))
        s.add("Supervision and identity verification", Piece(concept(a.supervision)))
    p = mc.participation
    if p is not None:
        s.add("Form of participation", Piece(", ".join(concept(m) for m in p.modes)))
        s.add("Learning setting", Piece(concept(p.learning_setting)))
    return s


def _quality(mc: MicroCredential) -> Section:
    s = Section("Quality assurance", element="(k)")
    for qa in mc.quality_assurance:
        s.add("Type", Piece(concept(qa.type)), *texts(qa.title))
        s.add("By", *texts(qa.accrediting_agent.legal_name))
        s.add("Decision", *texts(qa.decision), Piece(day(qa.issued)))
    return s


def _more(mc: MicroCredential) -> Section:
    s = Section("Further information (optional elements)")
    s.add("Prerequisites", *texts(mc.entry_requirements))
    st = mc.stackability
    if st is not None:
        s.add("Integration / stackability", Piece(concept(st.kind)))
        for rel in st.part_of:
            s.add("Part of", *texts(rel.title))
        for rel in st.credit_recognised_towards:
            s.add("Credit recognised towards", *texts(rel.title))
        if st.partial_qualification is not None:
            s.add("Leads to a partial qualification", Piece("yes" if st.partial_qualification else "no"))
    s.add("Further information", *texts(mc.further_information))
    s.add("Credential identifier", Piece(str(mc.id or "")))
    return s


def certificate_document(
    mc: MicroCredential, seal: SealInfo, *, verify_link: str | None = None
) -> CertificateDocument:
    """The certificate of ``mc``: every Annex I element in sections, with the seal as verified."""
    langs: dict[str, None] = dict.fromkeys(mc.title)
    langs.update(dict.fromkeys(str(x) for x in mc.languages if isinstance(x, str) and len(x) <= 8))
    sections = [
        _learner(mc),
        _achievement(mc),
        _bodies(mc),
        _outcomes(mc),
        _workload_levels(mc),
        _assessment(mc),
        _quality(mc),
        _more(mc),
    ]
    return CertificateDocument(
        title=texts(mc.title),
        learner=first(mc.learner.full_name),
        languages=tuple(langs),
        sections=[s for s in sections if s.rows],
        seal=seal,
        verify_link=verify_link,
    )


def model_of(credential: Any) -> MicroCredential:
    """The micro-credential in a verified credential (ELM / EDC JSON-LD), read leniently."""
    import warnings

    from ..elm import from_elm

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unknown concepts are shown as their URIs
        return from_elm(credential, keep_source=False)
