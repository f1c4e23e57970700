"""Find a verification method in a controller (DID) document, with the relationships that authorise it.

Controlled Identifiers 1.0 §3.3 "Retrieve Verification Method":

1. the document's ``id`` must equal the verification method id without its fragment
   (``INVALID_CONTROLLED_IDENTIFIER_DOCUMENT_ID``);
2. the method is looked up by id among ``verificationMethod`` (and the legacy ``publicKey``) and the methods
   embedded in verification relationships; relative references (``#key-1``) are resolved against the
   document ``id``;
3. the method's ``controller`` must equal the document ``id`` (``INVALID_VERIFICATION_METHOD``);
4. the relationships are every relationship that references or embeds the method.

Two different methods with the same id make the document ambiguous and are refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import DidDocumentError, InvalidVerificationMethodError, VerificationMethodNotFoundError
from .method import RELATIONSHIPS, VerificationMethod, make_verification_method

#: Most verification methods looked at in one document.
MAX_METHODS = 256


def _absolute(reference: str, base: str) -> str:
    return base + reference if reference.startswith("#") else reference


def _as_list(value: Any, name: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        items = value
    elif isinstance(value, dict | str):
        items = [value]
    else:
        raise DidDocumentError(f"'{name}' must be an array, an object or a string", path=name)
    if len(items) > MAX_METHODS:
        raise DidDocumentError(f"'{name}' has more than {MAX_METHODS} entries", path=name)
    return items


def _register(methods: dict[str, Mapping[str, Any]], item: Any, base: str, where: str) -> str:
    if not isinstance(item, Mapping):
        raise DidDocumentError(f"{where} must be a verification method object", path=where)
    ident = item.get("id")
    if not isinstance(ident, str) or not ident:
        raise DidDocumentError(f"{where} has no string 'id'", path=where)
    absolute = _absolute(ident, base)
    known = methods.get(absolute)
    if known is not None and dict(known) != dict(item):
        raise DidDocumentError(f"two different verification methods share the id {absolute}", path=where)
    methods[absolute] = item
    return absolute


def index_document(
    document: Mapping[str, Any],
) -> tuple[str, dict[str, Mapping[str, Any]], dict[str, set[str]]]:
    """``(document id, {absolute method id: method JSON}, {absolute method id: relationships})``."""
    if not isinstance(document, Mapping):
        raise DidDocumentError("a DID document must be a JSON object")
    doc_id = document.get("id")
    if not isinstance(doc_id, str) or not doc_id:
        raise DidDocumentError("the DID document has no string 'id'", path="id")
    methods: dict[str, Mapping[str, Any]] = {}
    for prop in ("verificationMethod", "publicKey"):
        for i, item in enumerate(_as_list(document.get(prop), prop)):
            _register(methods, item, doc_id, f"{prop}[{i}]")
    granted: dict[str, set[str]] = {}
    for rel in RELATIONSHIPS:
        for i, entry in enumerate(_as_list(document.get(rel), rel)):
            if isinstance(entry, str):
                target = _absolute(entry, doc_id)
            else:
                target = _register(methods, entry, doc_id, f"{rel}[{i}]")
            granted.setdefault(target, set()).add(rel)
    return doc_id, methods, granted


def find_verification_method(
    document: Mapping[str, Any], vm_id: str, *, source: str | None = None
) -> VerificationMethod:
    """Dereference ``vm_id`` in ``document`` (Controlled Identifiers 1.0 §3.3)."""
    doc_id, methods, granted = index_document(document)
    base = vm_id.split("#", 1)[0]
    if doc_id != base:
        raise DidDocumentError(
            f"the document's id {doc_id!r} is not {base!r} (INVALID_CONTROLLED_IDENTIFIER_DOCUMENT_ID)",
            path="id",
            details={"source": source} if source else None,
        )
    method = methods.get(vm_id)
    if method is None:
        raise VerificationMethodNotFoundError(
            f"{doc_id} has no verification method {vm_id}",
            details={"authoritative": True, "available": sorted(methods)[:20]},
        )
    controller = method.get("controller")
    if not isinstance(controller, str) or _absolute(controller, doc_id) != doc_id:
        raise InvalidVerificationMethodError(
            f"verification method {vm_id} names controller {controller!r}, not the document {doc_id} "
            "(INVALID_VERIFICATION_METHOD)",
            path=f"{vm_id}.controller",
        )
    return make_verification_method(
        method, vm_id=vm_id, controller=doc_id, relationships=frozenset(granted.get(vm_id, ()))
    )
