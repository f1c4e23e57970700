"""Credentials microcred writes expand with public contexts alone (W3C VC, Data Integrity, EDC).

An independent JSON-LD processor (PyLD) with a document loader that serves only those contexts (from the
bundled copies; anything else fails like an unreachable URL) must expand every shape microcred writes, and its
URDNA2015 canonical N-Quads must equal microcred's RDFC-1.0 result.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

from microcred.elm import from_elm, to_elm
from microcred.issuer import issue
from microcred.jsonld import canonicalize
from microcred.jsonld.contexts import CREDENTIALS_V1, CREDENTIALS_V2, EDC_AP, bundled_document
from microcred.model import example_microcredential, minimal_microcredential

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "elm" / "official"

#: The public contexts a wallet or the EDC verifier can be expected to have or fetch.
PUBLIC = (
    CREDENTIALS_V1,
    CREDENTIALS_V2,
    EDC_AP,
    "https://w3id.org/security/data-integrity/v1",
    "https://w3id.org/security/data-integrity/v2",
)


def public_loader(url: str, options: Any = None) -> dict[str, Any]:
    if url not in PUBLIC:
        raise jsonld.JsonLdError("loading remote context failed", "jsonld.LoadDocumentError", {"url": url})
    return {"contextUrl": None, "documentUrl": url, "document": bundled_document(url)}


def _documents(keys: dict[str, Any]) -> dict[str, Any]:
    full, minimal = example_microcredential(), minimal_microcredential()
    sample = json.loads((SAMPLES / "Sample-MC-Annex1-unsigned.jsonld").read_text(encoding="utf-8"))
    return {
        "full-v1": to_elm(full, data_model="v1"),
        "full-v2": to_elm(full, data_model="v2"),
        "minimal-v2": to_elm(minimal, data_model="v2"),
        "sample-as-v2": to_elm(from_elm(sample), data_model="v2"),
        "eddsa-v2": issue(full, keys["Ed25519"], format="eddsa-rdfc-2022", now="2026-01-15T12:00:00Z"),
        "eddsa-v1": issue(
            full, keys["Ed25519"], format="eddsa-rdfc-2022", data_model="v1", now="2026-01-15T12:00:00Z"
        ),
        "ecdsa-v2": issue(full, keys["P-256"], format="ecdsa-rdfc-2019", now="2026-01-15T12:00:00Z"),
    }


NAMES = ["full-v1", "full-v2", "minimal-v2", "sample-as-v2", "eddsa-v2", "eddsa-v1", "ecdsa-v2"]


@pytest.fixture(scope="module")
def documents(keys: dict[str, Any]) -> dict[str, Any]:
    return _documents(keys)


@pytest.mark.parametrize("name", NAMES)
def test_expands_with_public_contexts(documents: dict[str, Any], name: str) -> None:
    doc = {k: v for k, v in documents[name].items() if k != "proof"}
    contexts = [c for c in doc["@context"] if isinstance(c, str)]
    assert set(contexts) <= set(PUBLIC), contexts
    expanded = jsonld.expand(doc, {"documentLoader": public_loader})
    assert expanded and "http://data.europa.eu/snb/model/elm/hasClaim" in json.dumps(expanded)
    pyld_nquads = jsonld.normalize(
        doc, {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": public_loader}
    )
    assert pyld_nquads == canonicalize(doc)


def test_a_private_context_url_would_fail() -> None:
    """The loader is strict: the URL microcred wrote before issue 13 does not load."""
    doc = {"@context": [CREDENTIALS_V1, "https://w3id.org/microcred/v1"], "type": ["VerifiableCredential"]}
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand(doc, {"documentLoader": public_loader})
