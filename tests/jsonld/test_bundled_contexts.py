"""Every bundled context loads from the installed package and matches its pinned sha256."""

from __future__ import annotations

import hashlib
import json

import pytest

from microcred._resources import data_dir
from microcred.errors import ContextIntegrityError, UnknownDocumentError
from microcred.jsonld import contexts as ctx_mod
from microcred.jsonld.contexts import bundled_contexts, bundled_document, export_contexts

REQUIRED = [
    "https://www.w3.org/2018/credentials/v1",
    "https://www.w3.org/ns/credentials/v2",
    "https://w3id.org/security/data-integrity/v1",
    "https://w3id.org/security/data-integrity/v2",
    "https://w3id.org/security/multikey/v1",
    "https://w3id.org/security/jwk/v1",
    "https://w3id.org/security/suites/jws-2020/v1",
    "https://w3id.org/security/suites/ed25519-2020/v1",
    "https://w3id.org/security/v1",
    "https://w3id.org/security/v2",
    "https://www.w3.org/ns/did/v1",
    "https://w3id.org/vc/status-list/2021/v1",
    "https://www.w3.org/ns/credentials/status/v1",
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    "http://data.europa.eu/snb/model/context/edc-ap",
]

#: Digests the W3C RECs publish for their contexts (VC DM 1.1/2.0, VC DI 1.0, BSL 1.0).
REC_DIGESTS = {
    "https://www.w3.org/2018/credentials/v1": "ab4ddd9a531758807a79a5b450510d61ae8d147eab966cc9a200c07095b0cdcc",
    "https://www.w3.org/ns/credentials/v2": "59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734",
    "https://w3id.org/security/data-integrity/v2": "67f21e6e33a6c14e5ccfd2fc7865f7474fb71a04af7e94136cb399dfac8ae8f4",
    "https://w3id.org/security/multikey/v1": "ba2c182de2d92f7e47184bcca8fcf0beaee6d3986c527bf664c195bbc7c58597",
    "https://w3id.org/security/jwk/v1": "0f14b62f6071aafe00df265770ea0c7508e118247d79b7d861a406d2aa00bece",
    "https://www.w3.org/ns/credentials/status/v1": "fda5add353231e6a6884a46b12e6c75464281900cb348284d9c360f62381d9f7",
}


@pytest.mark.parametrize("url", REQUIRED)
def test_required_context_is_bundled(url: str) -> None:
    assert url in bundled_contexts()


@pytest.mark.parametrize("url", sorted(bundled_contexts()))
def test_every_context_loads_and_matches_its_hash(url: str) -> None:
    entry = bundled_contexts()[url]
    raw = entry.path.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == entry.sha256
    doc = bundled_document(url)
    assert isinstance(doc, dict) and "@context" in doc
    assert entry.source, f"{url} has no source note"


@pytest.mark.parametrize("url", sorted(REC_DIGESTS))
def test_rec_published_digests(url: str) -> None:
    assert bundled_contexts()[url].sha256 == REC_DIGESTS[url]


def test_data_comes_from_the_installed_package_or_checkout() -> None:
    folder = data_dir("contexts")
    assert (folder / "index.json").is_file()
    # every file in the folder (other than index/README) is indexed, and every indexed file exists
    files = {p.name for p in folder.iterdir() if p.suffix in (".json", ".jsonld") and p.name != "index.json"}
    indexed = {e.file for e in bundled_contexts().values()}
    assert files == indexed


def test_unknown_url_is_an_error_naming_it() -> None:
    with pytest.raises(UnknownDocumentError, match=r"https://example\.org/nope"):
        bundled_document("https://example.org/nope")


def test_tampered_context_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = "https://www.w3.org/ns/credentials/undefined-terms/v2"
    entry = bundled_contexts()[url]
    fake = tmp_path / entry.file
    fake.write_bytes(entry.path.read_bytes() + b" ")
    monkeypatch.setattr(ctx_mod, "data_dir", lambda name: tmp_path)
    monkeypatch.setattr(ctx_mod, "_parsed", {})
    with pytest.raises(ContextIntegrityError, match="sha256"):
        bundled_document(url)


def test_export_writes_files_and_index(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = export_contexts(tmp_path / "ctx")
    index = json.loads((out / "index.json").read_text())
    assert set(index) == set(bundled_contexts())
    for url, item in index.items():
        data = (out / item["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == item["sha256"], url
