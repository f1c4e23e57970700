"""Build microcred's bundled controlled vocabularies (``vocab/cv/*.json``).

Run by hand from the repository root when the sources change; the output is committed::

    python vocab/tools/build_cv.py ANCHORS_ELM_DIR PYCOUNTRY_DIR

``ANCHORS_ELM_DIR`` holds ``vocab/xsd-cv/*.xsd`` and ``derived/controlled-vocabularies.json`` (ELM 3 XSD
enumerations of the EU concept URIs, see ``vocab/SOURCE.md``); ``PYCOUNTRY_DIR`` is an unpacked pycountry
wheel (its ``databases/iso3166-1.json`` and ``iso639-3.json`` give the ISO codes behind the Publications
Office country and language authority lists). microcred's own vocabularies (``qf-ehea-cycle``,
``isced-2011-level``, ``stackability``) are written by hand.
"""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

XS = "{http://www.w3.org/2001/XMLSchema}"
OUT = Path(__file__).resolve().parent.parent / "cv"
ELM_SOURCE = "european-commission-empl/European-Learning-Model@9d7c5d22002237c3afeb1750b7038e6fe2cdd371"


#: Extra names users may type, by concept code (Annex I speaks of online, onsite or blended participation).
EXTRA_ALIASES: dict[str, list[str]] = {
    "6fd4685715": ["formal"],
    "e207a81fc7": ["non-formal"],
    "9191af2ed9": ["onsite", "on-site"],
    "820101cba6": ["programme-quality-assurance"],
    "e57dddfcf3": ["programme-license", "programme-licence"],
    "003293d2ce": ["institutional-licence"],
    "74a4a268e8": ["slp"],
}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def xsd_concepts(path: Path) -> list[tuple[str, str]]:
    root = ET.parse(path).getroot()
    out = []
    for enum in root.iter(f"{XS}enumeration"):
        doc = enum.find(f"{XS}annotation/{XS}documentation")
        out.append((enum.attrib["value"], (doc.text or "").strip() if doc is not None else ""))
    return out


def write(
    name: str, title: str, scheme: str, source: str, concepts: list[dict[str, Any]], note: str = ""
) -> None:
    seen: set[str] = set()
    for c in concepts:
        keys = [c["code"].lower(), *(a.lower() for a in c.get("aliases", []))]
        for k in keys:
            if k in seen:
                raise SystemExit(f"{name}: duplicate code or alias {k!r}")
            seen.add(k)
    doc: dict[str, Any] = {"name": name, "title": title, "scheme": scheme, "source": source}
    if note:
        doc["note"] = note
    head = json.dumps(doc, indent=1, ensure_ascii=False)[:-2]
    rows = ",\n".join("  " + json.dumps(c, ensure_ascii=False) for c in concepts)
    (OUT / f"{name}.json").write_text(f'{head},\n "concepts": [\n{rows}\n ]\n}}\n', encoding="utf-8")
    print(f"{name}: {len(concepts)} concepts")


def from_xsd(
    elm: Path, file: str, name: str, title: str, *, slugs: bool = True, extra: list[tuple[str, str]] = ()
) -> None:
    pairs = xsd_concepts(elm / "vocab" / "xsd-cv" / file)
    known = {uri for uri, _ in pairs}
    pairs += [(uri, label) for uri, label in extra if uri not in known]
    scheme = ET.parse(elm / "vocab" / "xsd-cv" / file).getroot().attrib["targetNamespace"]
    concepts = []
    for uri, label in sorted(pairs):
        code = uri.rsplit("/", 1)[1]
        entry: dict[str, Any] = {"uri": uri, "code": code, "label": {"en": label}}
        aliases = [slug(label)] if slugs and label and slug(label) != code.lower() else []
        aliases += EXTRA_ALIASES.get(code, [])
        if aliases:
            entry["aliases"] = aliases
        concepts.append(entry)
    write(name, title, scheme, f"{ELM_SOURCE}:xsd/loq/cv/{file}", concepts)


def main(elm: Path, pycountry: Path) -> None:
    derived = json.loads((elm / "derived" / "controlled-vocabularies.json").read_text(encoding="utf-8"))[
        "schemes"
    ]
    from_xsd(elm, "eqf.xsd", "eqf", "European Qualifications Framework levels", slugs=False)
    from_xsd(elm, "isced-f.xsd", "isced-f", "ISCED-F 2013 fields of education and training", slugs=False)
    from_xsd(elm, "europass-accreditation-types.xsd", "accreditation-type", "Europass accreditation types")
    from_xsd(elm, "europass-learning-setting-types.xsd", "learning-setting", "Europass learning settings")
    from_xsd(
        elm,
        "europass-learning-opportunity-types.xsd",
        "learning-opportunity-type",
        "Europass learning opportunity types",
    )
    from_xsd(elm, "skill-reuse-levels.xsd", "skill-reuse-level", "Skill reusability levels", slugs=False)
    # Assessment types: the XSD list plus 'artefact assessment', used by the official AA-Annex1-MC sample.
    sample = [
        (c["id"], c["prefLabel_en"])
        for c in derived["assessment (assessment type, ELM v3 sample)"]["concepts"]
    ]
    from_xsd(
        elm,
        "europass-learning-assessment-types.xsd",
        "assessment-type",
        "Europass assessment types",
        extra=sample,
    )
    # Modes of learning and assessment (scheme learning-assessment/25831c2, used by elm:mode).
    from_xsd(elm, "europass-modes.xsd", "learning-mode", "Europass modes of learning and assessment")
    from_xsd(elm, "europass-content-encoding-types.xsd", "content-encoding", "Europass content encodings")
    from_xsd(
        elm, "europass-credential-types.xsd", "credential-profile", "Europass credential types (EDC profiles)"
    )
    file_types = [("SVG", "SVG"), ("PNG", "PNG"), ("JPEG", "JPEG"), ("PDF", "PDF")]
    write(
        "file-type",
        "File types (Publications Office file-type authority list, the ones microcred writes)",
        "http://publications.europa.eu/resource/authority/file-type",
        "Publications Office file-type authority list (codes as used by the official EDC samples)",
        [
            {
                "uri": f"http://publications.europa.eu/resource/authority/file-type/{code}",
                "code": code,
                "label": {"en": label},
            }
            for code, label in file_types
        ],
    )
    credit = []
    for uri, label in xsd_concepts(elm / "vocab" / "xsd-cv" / "credit-points.xsd"):
        code = uri.rsplit("/", 1)[1]
        alias = {"6fcec5c5af": "ects", "60b314e826": "ecvet"}[code]
        credit.append({"uri": uri, "code": code, "label": {"en": label}, "aliases": [alias]})
    write(
        "credit-framework",
        "Europass education credit systems",
        "http://data.europa.eu/snb/education-credit/25831c2",
        f"{ELM_SOURCE}:xsd/loq/cv/credit-points.xsd",
        credit,
    )
    sup = derived["supervision-verification (idVerification)"]
    labels = {
        "c598449d64": "Unsupervised without ID Verification",
        "df2880c5cb": "Unsupervised with ID verification",
    }
    supervision = []
    for c in sup["concepts"]:
        code = c["id"].rsplit("/", 1)[1]
        entry: dict[str, Any] = {
            "uri": c["id"],
            "code": code,
            "label": {"en": labels[code]} if code in labels else {},
        }
        if code in labels:
            entry["aliases"] = [slug(labels[code])]
        supervision.append(entry)
    write(
        "supervision",
        "Europass supervision and identity verification methods",
        sup["conceptScheme"],
        "official EC micro-credential samples (c598449d64) and third-party code (df2880c5cb, 44314532f9)",
        supervision,
        note="Only c598449d64's label is confirmed by an official sample; check the others against "
        "the EU Vocabularies list http://data.europa.eu/snb/supervision-verification/25831c2.",
    )
    countries = json.loads((pycountry / "databases" / "iso3166-1.json").read_text(encoding="utf-8"))["3166-1"]
    write(
        "country",
        "Countries (Publications Office country authority list)",
        "http://publications.europa.eu/resource/authority/country",
        "ISO 3166-1 via pycountry 26.2.16 databases/iso3166-1.json; NAL country code = ISO alpha-3",
        [
            {
                "uri": f"http://publications.europa.eu/resource/authority/country/{c['alpha_3']}",
                "code": c["alpha_3"],
                "label": {"en": c["name"]},
                "aliases": [c["alpha_2"]],
            }
            for c in sorted(countries, key=lambda c: c["alpha_3"])
        ],
    )
    langs = json.loads((pycountry / "databases" / "iso639-3.json").read_text(encoding="utf-8"))["639-3"]
    write(
        "language",
        "Languages (Publications Office language authority list)",
        "http://publications.europa.eu/resource/authority/language",
        "ISO 639 via pycountry 26.2.16 databases/iso639-3.json (languages with an ISO 639-1 code); "
        "NAL language code = ISO 639-3 / 639-2T alpha-3",
        [
            {
                "uri": f"http://publications.europa.eu/resource/authority/language/{x['alpha_3'].upper()}",
                "code": x["alpha_3"].upper(),
                "label": {"en": x["name"]},
                "aliases": [x["alpha_2"]],
            }
            for x in sorted(langs, key=lambda x: x["alpha_3"])
            if x.get("alpha_2")
        ],
    )


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
