"""Offline resolvers: keys configured in a file (``--keys KEYS.json``) or handed over in code.

``KEYS.json`` maps a verification method id to its description::

    {
      "https://registrar.example.edu/issuer#key-1": {
        "type": "Multikey",
        "controller": "https://registrar.example.edu/issuer",
        "publicKeyMultibase": "z6Mk…",
        "relationships": ["assertionMethod"]
      }
    }

``type`` and ``controller`` are required; the key material must fit the type (see
:data:`~microcred.resolve.method.VERIFICATION_METHOD_TYPES`); ``relationships`` defaults to
``assertionMethod`` + ``authentication``. The file may instead be a list of verification methods (each with an
``id``), or a controller / DID document (``{"id": …, "verificationMethod": […], "assertionMethod": […]}``),
or a list mixing both; documents are served with the relationships they declare.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import (
    InvalidVerificationMethodError,
    KeyMaterialError,
    UsageError,
    VerificationMethodNotFoundError,
)
from ..jsonio import load_file
from ..keys import Key
from ..keys.jwk import public_jwk
from ..keys.key_types import key_type
from .document import find_verification_method, index_document
from .method import DEFAULT_RELATIONSHIPS, RELATIONSHIPS, VerificationMethod, make_verification_method

#: Most entries one static key file may configure.
MAX_ENTRIES = 1000


def _relationships(value: Any, where: str) -> frozenset[str]:
    if value is None:
        return DEFAULT_RELATIONSHIPS
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidVerificationMethodError(f"{where}.relationships must be an array of strings", path=where)
    unknown = [v for v in value if v not in RELATIONSHIPS]
    if unknown:
        raise InvalidVerificationMethodError(
            f"{where}.relationships: unknown relationship(s) {unknown}; use {', '.join(RELATIONSHIPS)}",
            path=where,
        )
    return frozenset(value)


def _is_document(value: Any) -> bool:
    return isinstance(value, Mapping) and (
        "verificationMethod" in value or "@context" in value or any(r in value for r in RELATIONSHIPS)
    )


class StaticResolver:
    """Serves verification methods from a fixed configuration (no network, no DID method needed)."""

    def __init__(
        self,
        entries: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        documents: Iterable[Mapping[str, Any]] = (),
        source: str | None = None,
    ) -> None:
        self.source = source
        self._methods: dict[str, VerificationMethod] = {}
        self._documents: dict[str, Mapping[str, Any]] = {}
        for vm_id, entry in (entries or {}).items():
            self.add(vm_id, entry)
        for document in documents:
            self.add_document(document)

    def _where(self, vm_id: str) -> str:
        return f"{self.source}: {vm_id}" if self.source else vm_id

    def add(self, vm_id: str, entry: Mapping[str, Any]) -> VerificationMethod:
        """Configure one verification method (validated now, so a bad file fails early)."""
        where = self._where(vm_id)
        if not isinstance(vm_id, str) or not vm_id:
            raise InvalidVerificationMethodError(
                f"{where}: a verification method id must be a non-empty string"
            )
        if not isinstance(entry, Mapping):
            raise InvalidVerificationMethodError(f"{where}: the entry must be a JSON object", path=where)
        if "id" in entry and entry["id"] != vm_id:
            raise InvalidVerificationMethodError(
                f"{where}: the entry's id {entry['id']!r} differs", path=where
            )
        controller = entry.get("controller")
        if not isinstance(controller, str) or not controller:
            raise InvalidVerificationMethodError(f"{where}: 'controller' (a string) is required", path=where)
        if not isinstance(entry.get("type"), str):
            raise InvalidVerificationMethodError(f"{where}: 'type' (a string) is required", path=where)
        if len(self._methods) >= MAX_ENTRIES:
            raise InvalidVerificationMethodError(f"{where}: more than {MAX_ENTRIES} keys configured")
        method_json = {k: v for k, v in entry.items() if k != "relationships"}
        method = make_verification_method(
            method_json,
            vm_id=vm_id,
            controller=controller,
            relationships=_relationships(entry.get("relationships"), where),
            where=where,
        )
        self._methods[vm_id] = method
        return method

    def add_document(self, document: Mapping[str, Any]) -> None:
        """Serve the verification methods of a controller document (validated now)."""
        doc_id, methods, _ = index_document(document)
        for vm_id in methods:
            find_verification_method(document, vm_id, source=self.source)
        self._documents[doc_id] = document

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> StaticResolver:
        """Load ``KEYS.json`` (mapping, list of methods, or controller documents); errors name the file."""
        return cls.from_data(load_file(path), source=str(path))

    @classmethod
    def from_data(cls, data: Any, *, source: str = "KEYS.json") -> StaticResolver:
        """Build from the parsed content of a ``KEYS.json`` read elsewhere; errors name ``source``."""
        path = source
        resolver = cls(source=source)
        items = data if isinstance(data, list) else [data]
        for i, item in enumerate(items):
            if _is_document(item):
                resolver.add_document(item)
            elif isinstance(item, Mapping) and isinstance(data, list):
                if not isinstance(item.get("id"), str):
                    raise InvalidVerificationMethodError(f"{path}: item {i} has no 'id'", path=f"[{i}]")
                resolver.add(item["id"], item)
            elif isinstance(item, Mapping):
                for vm_id, entry in item.items():
                    resolver.add(vm_id, entry)
            else:
                raise InvalidVerificationMethodError(
                    f"{path}: expected a JSON object or array", path=str(path)
                )
        return resolver

    def ids(self) -> list[str]:
        """Every verification method id served (configured methods and those of documents)."""
        out = list(self._methods)
        for document in self._documents.values():
            out.extend(index_document(document)[1])
        return out

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and url in self.ids()

    def __len__(self) -> int:
        return len(self.ids())

    def resolve(self, url: str) -> VerificationMethod:
        """The method loaded from the key file for ``url``; :class:`VerificationMethodNotFoundError` otherwise."""
        if not isinstance(url, str):
            raise VerificationMethodNotFoundError(f"{url!r} is not a verification method id")
        method = self._methods.get(url)
        if method is not None:
            return method
        document = self._documents.get(url.split("#", 1)[0])
        if document is not None:
            return find_verification_method(document, url, source=self.source)
        raise VerificationMethodNotFoundError(
            f"{url} is not among the configured keys" + (f" ({self.source})" if self.source else ""),
            details={"authoritative": False},
        )


class KeyResolver:
    """Serves :class:`~microcred.keys.Key` objects given in code, by their ``kid``."""

    def __init__(
        self, keys: Iterable[Key] = (), *, relationships: Iterable[str] = DEFAULT_RELATIONSHIPS
    ) -> None:
        self._default = _relationships(list(relationships), "relationships")
        self._methods: dict[str, VerificationMethod] = {}
        for key in keys:
            self.add(key)

    def add(self, key: Key, relationships: Iterable[str] | None = None) -> VerificationMethod:
        """Make ``key`` resolvable under its kid, listed for ``relationships`` (default: the resolver's)."""
        if not key.kid or not key.controller:
            raise UsageError(f"{key!r} needs a kid and a controller to be resolvable")
        rels = self._default if relationships is None else _relationships(list(relationships), key.kid)
        public = key.public()
        document: dict[str, Any] = {"id": key.kid, "controller": key.controller}
        if key_type(key.key_type).public_codec is not None:
            document.update(type="Multikey", publicKeyMultibase=public.public_key_multibase)
        else:
            jwk = {k: v for k, v in public.to_jwk().items() if k != "kid"}
            document.update(type="JsonWebKey", publicKeyJwk=jwk)
        method = make_verification_method(
            document, vm_id=key.kid, controller=key.controller, relationships=rels
        )
        method = VerificationMethod(
            id=method.id,
            type=method.type,
            controller=method.controller,
            key=public,
            relationships=rels,
            document=document,
        )
        self._methods[key.kid] = method
        return method

    def resolve(self, url: str) -> VerificationMethod:
        """The method added for ``url``; :class:`VerificationMethodNotFoundError` otherwise."""
        method = self._methods.get(url) if isinstance(url, str) else None
        if method is None:
            raise VerificationMethodNotFoundError(
                f"{url} is not one of the keys given to KeyResolver", details={"authoritative": False}
            )
        return method


def keys_json_entry(
    key: Key, *, relationships: Iterable[str] = ("assertionMethod", "authentication")
) -> dict[str, Any]:
    """A ``KEYS.json`` entry (see :class:`microcred.resolve.StaticResolver`) for ``key``'s public half."""
    if not key.kid or not key.controller:
        raise KeyMaterialError("the key needs a kid and a controller to be listed in KEYS.json")
    entry: dict[str, Any] = {"type": "JsonWebKey", "controller": key.controller}
    jwk: dict[str, str] = dict(public_jwk(key.public_key, key_type(key.key_type)))
    if key.allowed_algs != key_type(key.key_type).algs:  # a pinned algorithm stays pinned
        jwk["alg"] = key.alg
    entry["publicKeyJwk"] = jwk
    entry["relationships"] = list(relationships)
    return {key.kid: entry}
