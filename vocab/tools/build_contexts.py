"""Write microcred's JSON-LD contexts and their entries in ``contexts/index.json``.

Run by hand from the repository root after changing this script; the output is committed::

    python vocab/tools/build_contexts.py

* ``contexts/microcred-v1.jsonld`` (``https://w3id.org/microcred/v1``): the terms of microcred's own
  vocabulary (``vocab/microcred.ttl``), protected, none of them defined by the VC 1.1/2.0 or EDC contexts.
* ``contexts/microcred-edc-ap-vcdm2-v1.jsonld`` (``https://w3id.org/microcred/edc-ap-vcdm2/v1``): the EDC
  application-profile context made usable after ``https://www.w3.org/ns/credentials/v2``. The official EDC
  context cannot follow the VC 2.0 context: both define ``description`` and the VC 2.0 definition is
  protected, so every JSON-LD 1.1 processor stops with "protected term redefinition". This copy (1) leaves the
  top-level ``description`` to VC 2.0 and redefines it as ``dc:description`` (language map) in a
  property-scoped context of every EDC object property (JSON-LD 1.1 lets property-scoped contexts override
  protected terms), so ELM descriptions keep their meaning; (2) maps ``nationalID`` to ``elm:nationalId``, the
  property of the ontology and the SHACL shapes (the EDC context's ``elm:nationalID`` is a typo); (3) adds
  ``issued`` and ``issuanceDate`` (cred:issued, which the EDC shapes require, and the VC 1.1 date EBSI samples
  still carry; VC 2.0 defines neither) and EBSI's ``VerifiableAttestation`` type (as VC 2.0's issuer-dependent
  IRI, which is what it meant under the VC 2.0 drafts' ``@vocab``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CONTEXTS = ROOT / "contexts"
EDC_AP = "http://data.europa.eu/snb/model/context/edc-ap"
MICROCRED_V1 = "https://w3id.org/microcred/v1"
EDC_AP_VCDM2 = "https://w3id.org/microcred/edc-ap-vcdm2/v1"
MC = "https://w3id.org/microcred#"

DESCRIPTION = {"@id": "dc:description", "@container": "@language"}


def microcred_v1() -> dict[str, Any]:
    return {
        "@context": {
            "@version": 1.1,
            "@protected": True,
            "stackability": {"@id": f"{MC}stackability", "@type": "@id"},
            "creditRecognisedTowards": {"@id": f"{MC}creditRecognisedTowards", "@type": "@id"},
        }
    }


def edc_ap_vcdm2(edc: dict[str, Any]) -> dict[str, Any]:
    ctx: dict[str, Any] = {"@version": 1.1}
    for term, definition in edc["@context"].items():
        if term == "description":
            continue
        if term == "nationalID":
            definition = {"@id": "elm:nationalId", "@type": "@id"}
        if isinstance(definition, dict) and definition.get("@type") == "@id":
            definition = {**definition, "@context": {"description": DESCRIPTION}}
        ctx[term] = definition
    ctx["issued"] = {"@id": "cred:issued", "@type": "xsd:dateTime"}
    ctx["issuanceDate"] = {"@id": "cred:issuanceDate", "@type": "xsd:dateTime"}
    ctx["VerifiableAttestation"] = "https://www.w3.org/ns/credentials/issuer-dependent#VerifiableAttestation"
    return {"@context": ctx}


def write(name: str, url: str, doc: dict[str, Any], source: str, index: dict[str, Any]) -> None:
    data = (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    (CONTEXTS / name).write_bytes(data)
    index[url] = {"file": name, "sha256": hashlib.sha256(data).hexdigest(), "source": source}


def main() -> None:
    index_path = CONTEXTS / "index.json"
    index = json.loads(index_path.read_text(encoding="utf-8"))
    edc = json.loads((CONTEXTS / index[EDC_AP]["file"]).read_text(encoding="utf-8"))
    write("microcred-v1.jsonld", MICROCRED_V1, microcred_v1(), "microcred (this project)", index)
    write(
        "microcred-edc-ap-vcdm2-v1.jsonld",
        EDC_AP_VCDM2,
        edc_ap_vcdm2(edc),
        f"microcred (this project), derived from {EDC_AP} by vocab/tools/build_contexts.py",
        index,
    )
    index_path.write_text(json.dumps(dict(sorted(index.items())), indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
