"""SD-JWT VC Type Metadata (draft-ietf-oauth-sd-jwt-vc §5): retrieval from a local cache, integrity, validation.

microcred defines the type :data:`MICROCRED_VCT` and bundles its Type Metadata document (``type_metadata/``,
built by :mod:`.metadata_document`). Retrieval is offline (§5.3.4 "From a Local Cache"): a
:class:`TypeMetadataResolver` serves documents by ``vct`` from memory and never fetches; inject one with more
documents to accept other types.

Validation (§5.7, §5.6): ``vct#integrity`` (§6, W3C Subresource Integrity over the document's bytes) when the
credential carries it; the claim metadata ``sd`` rules (``always``: the claim must come from a Disclosure,
``never``: it must not) on the processed payload; and the document's ``schema`` (a JSON Schema of the claims,
microcred's extension to the format, as earlier drafts of §5 had; §5.2 lets consumers ignore unknown members)
checked with the ``jsonschema`` package (:mod:`.claims_schema`). ``extends`` (§5.4) is not followed: such a document is reported as not
processable (fail closed, §5.7).
"""

from __future__ import annotations

import base64
import functools
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import MicrocredError, SdJwtError
from ..jsonio import loads_strict
from ..verification.codes import CheckCode
from .claims_schema import check_claims_schema

MICROCRED_VCT = "https://w3id.org/microcred/vct/micro-credential/v1"
_BUNDLED = {MICROCRED_VCT: Path(__file__).parent / "type_metadata" / "micro-credential-v1.json"}
MAX_METADATA_BYTES = 1024 * 1024


@functools.cache
def _bundled_bytes(vct: str) -> bytes:
    return _BUNDLED[vct].read_bytes()


@functools.lru_cache(maxsize=64)
def _parse(raw: bytes, vct: str) -> Any:
    """The parsed document (cached by its bytes: documents are immutable, callers must not change the result)."""
    try:
        return loads_strict(raw, source=f"Type Metadata of {vct}", max_bytes=MAX_METADATA_BYTES)
    except MicrocredError as exc:
        raise SdJwtError(
            f"the Type Metadata is not strict JSON: {exc}", reason=CheckCode.TYPE_METADATA_INVALID
        ) from exc


class TypeMetadataResolver:
    """Type Metadata documents by ``vct``, from memory (the bundled ones unless ``documents`` is given)."""

    def __init__(self, documents: Mapping[str, bytes] | None = None, *, bundled: bool = True) -> None:
        self._documents: dict[str, bytes] = {}
        if bundled:
            self._documents.update({vct: _bundled_bytes(vct) for vct in _BUNDLED})
        self._documents.update(documents or {})

    def resolve(self, vct: str) -> bytes:
        """The document's bytes; :class:`SdJwtError` (``TYPE_METADATA_UNKNOWN``) if it is not known."""
        try:
            return self._documents[vct]
        except KeyError:
            raise SdJwtError(
                f"no Type Metadata is known for vct {vct!r}", reason=CheckCode.TYPE_METADATA_UNKNOWN
            ) from None


_SRI_ALGS = {"sha256": hashlib.sha256, "sha384": hashlib.sha384, "sha512": hashlib.sha512}


@functools.lru_cache(maxsize=64)
def _sri_digest(alg: str, document: bytes) -> str:
    """base64 of the ``alg`` digest of a document; cached (documents are immutable bytes, a bytes object keeps its
    hash, so a document met again -- the bundled one on every issue and verify -- is not hashed again)."""
    return base64.b64encode(_SRI_ALGS[alg](document).digest()).decode("ascii")


def integrity(document: bytes) -> str:
    """The SRI string (``sha256-<base64>``) of a document's bytes (§6)."""
    return "sha256-" + _sri_digest("sha256", document)


def _check_integrity(value: Any, document: bytes) -> None:
    if not isinstance(value, str) or "-" not in value:
        raise SdJwtError("vct#integrity is not an integrity string", reason=CheckCode.VCT_INTEGRITY_INVALID)
    for item in value.split():
        alg, _, digest = item.partition("-")
        if alg in _SRI_ALGS and _sri_digest(alg, document) == digest:
            return
    raise SdJwtError(
        "the Type Metadata does not match vct#integrity", reason=CheckCode.VCT_INTEGRITY_MISMATCH
    )


def select(claims: Any, path: Sequence[Any]) -> list[tuple[Any, ...]]:
    """§5.6.1.2: the concrete paths a claim path selects in the processed payload."""
    current: list[tuple[tuple[Any, ...], Any]] = [((), claims)]
    for component in path:
        nxt: list[tuple[tuple[Any, ...], Any]] = []
        for where, node in current:
            if isinstance(component, str) and isinstance(node, dict) and component in node:
                nxt.append(((*where, component), node[component]))
            elif component is None and isinstance(node, list):
                nxt.extend(((*where, i), v) for i, v in enumerate(node))
            elif isinstance(component, int) and isinstance(node, list) and 0 <= component < len(node):
                nxt.append(((*where, component), node[component]))
        current = nxt
    return [where for where, _ in current]


@functools.lru_cache(maxsize=64)
def _constraints(raw: bytes, vct: str) -> tuple[tuple[tuple[Any, ...], str], ...]:
    """The claim metadata's ``sd`` rules (path, ``always``/``never``), each path checked; cached by the bytes."""
    entries = _parse(raw, vct).get("claims", [])
    if not isinstance(entries, list):
        raise SdJwtError("Type Metadata 'claims' must be an array", reason=CheckCode.TYPE_METADATA_INVALID)
    rules: list[tuple[tuple[Any, ...], str]] = []
    for entry in entries:
        path = entry.get("path") if isinstance(entry, dict) else None
        if (
            not isinstance(path, list)
            or not path
            or not all(p is None or isinstance(p, str | int) for p in path)
        ):
            raise SdJwtError(
                f"Type Metadata claim entry with a bad path: {entry!r}",
                reason=CheckCode.TYPE_METADATA_INVALID,
            )
        sd = entry.get("sd", "allowed")
        if sd in ("always", "never"):  # "allowed" (or a value this version does not know) constrains nothing
            rules.append((tuple(path), sd))
    return tuple(rules)


def _check_claim_metadata(
    raw: bytes, vct: str, claims: dict[str, Any], disclosed: set[tuple[Any, ...]]
) -> None:
    for path, sd in _constraints(raw, vct):
        for where in select(claims, path):
            if sd == "always" and where not in disclosed:
                raise SdJwtError(
                    f"claim {where} must be selectively disclosable", reason=CheckCode.CLAIM_SD_REQUIRED
                )
            if sd == "never" and where in disclosed:
                raise SdJwtError(
                    f"claim {where} must not be selectively disclosable", reason=CheckCode.CLAIM_SD_FORBIDDEN
                )


@dataclass(frozen=True)
class TypeMetadataResult:
    """The Type Metadata document that was used."""

    vct: str
    document: dict[str, Any]


def check_type_metadata(
    payload: dict[str, Any],
    claims: dict[str, Any],
    disclosed: set[tuple[Any, ...]],
    resolver: TypeMetadataResolver,
) -> TypeMetadataResult:
    """§5.7: resolve, check integrity, claim metadata and schema; :class:`SdJwtError` names what failed."""
    vct = payload.get("vct")
    if not isinstance(vct, str) or not vct:
        raise SdJwtError("the SD-JWT VC has no 'vct'", reason=CheckCode.VCT_MISSING)
    raw = resolver.resolve(vct)
    if "vct#integrity" in payload:
        _check_integrity(payload["vct#integrity"], raw)
    document = _parse(raw, vct)  # cached by the bytes; never changed here
    if not isinstance(document, dict) or document.get("vct") != vct:
        raise SdJwtError(
            "the Type Metadata is not a document for this vct", reason=CheckCode.TYPE_METADATA_INVALID
        )
    if "extends" in document:
        raise SdJwtError(
            "Type Metadata with 'extends' is not supported",
            reason=CheckCode.TYPE_METADATA_EXTENDS_UNSUPPORTED,
        )
    _check_claim_metadata(raw, vct, claims, disclosed)
    schema = document.get("schema")
    if schema is not None:
        bundled = vct in _BUNDLED and raw == _bundled_bytes(vct)
        check_claims_schema(claims, schema, integrity(raw), bundled=bundled)
    return TypeMetadataResult(vct, document)
