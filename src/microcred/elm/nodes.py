"""Build the ELM node objects of an EDC credential: concepts, notes, identifiers, locations, agents.

Nodes the model has no id for get document-local ids in EDC's style (``urn:epass:<class>:<n>``), numbered in
the order they are first written, so the same model always gives the same document. Repeated nodes (an
organisation that awards and issues, the awarding process) are written in full each time with the same id, as
the EDC samples do.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from datetime import UTC, datetime
from typing import Any

from ..jsonio import copy_json
from ..model import Identifier, LegalIdentifier, Location, Organisation
from ..model.learner import Learner
from ..model.types import ConceptRef
from ..model.vocabulary import find_concept, vocabulary
from .inline_context import KnownNames, node_names, sharing, used_names
from .terms import DataModel

Node = dict[str, Any]

#: ``json.dumps(key, sort_keys=True, default=str)`` without building an encoder per call (the ELM writer mints
#: ~70 ids per credential): the same text.
_KEY_TEXT = json.JSONEncoder(sort_keys=True, default=str)
#: The C encoder ``_KEY_TEXT.encode`` builds for each object or array it writes, built once (None without the
#: ``_json`` accelerator). No circular check: keys are model dumps.
_MAKE_ENCODER: Any = getattr(json.encoder, "c_make_encoder", None)
_C_KEY_TEXT: Any = (
    None
    if _MAKE_ENCODER is None
    # the arguments JSONEncoder.iterencode passes: markers, default, string encoder, indent, separators,
    # sort_keys, skipkeys, allow_nan
    else _MAKE_ENCODER(None, str, json.encoder.encode_basestring_ascii, None, ": ", ", ", True, False, True)
)


#: (concept IRI, notation) -> the names of the node :meth:`NodeWriter.concept` writes for it (bounded by the
#: bundled vocabularies).
_CONCEPT_NAMES: dict[tuple[str, str | None], frozenset[str]] = {}


#: (concept IRI, notation) -> the node :meth:`NodeWriter.concept` wrote for it inside a sharing block, and its
#: names: handed out again in sharing blocks only (see
#: :func:`~microcred.elm.inline_context.shared_inline_contexts`); bounded.
_SHARED_CONCEPTS: dict[tuple[str, str | None], tuple[Node, frozenset[str]]] = {}
MAX_SHARED_CONCEPTS = 4096


def _key_text(key: Any) -> str:
    """``_KEY_TEXT.encode(key)``."""
    if _C_KEY_TEXT is not None and key.__class__ in (dict, list):
        return "".join(_C_KEY_TEXT(key, 0))
    return _KEY_TEXT.encode(key)


def _fields_key(ident: Identifier | LegalIdentifier) -> Any:
    """A :meth:`NodeWriter.mint` key of an identifier: its ``model_dump()``, or (the same keys being the same
    model dumps) the tuple of its field values when each is a string (``scheme_name`` may be None: "" and "-"
    then stand for None and for a string)."""
    values: list[str] = []
    for name in type(ident).model_fields:
        value = getattr(ident, name)
        if value.__class__ is str:
            values += ("-", value)
        elif value is None:
            values.append("")
        else:
            return ident.model_dump()
    return tuple(values)


def iso(value: datetime) -> str:
    """An xsd:dateTime lexical form: UTC as ``Z``, other offsets kept, naive values left naive."""
    if value.tzinfo is not None and value.utcoffset() == UTC.utcoffset(None):
        return value.replace(tzinfo=None).isoformat() + "Z"
    return value.isoformat()


class NodeWriter:
    """Writes ELM nodes for one credential; owns the document-local id counters."""

    def __init__(self, data_model: DataModel) -> None:
        self.data_model = data_model
        self._counters: dict[str, int] = {}
        self._memo: dict[tuple[str, ...], str] = {}
        self._written: dict[Hashable, Node] = {}
        #: the names (:func:`~microcred.elm.inline_context.used_names`) of the concepts and reused nodes
        #: written, for :func:`~microcred.elm.inline_context.embed_contexts` (valid while they are unchanged)
        self.known_names: KnownNames = {}
        #: repeated nodes are one object (inside shared_inline_contexts), not copies
        self._shared = sharing()

    # -- ids -------------------------------------------------------------------------------------------------
    def mint(self, kind: str, key: Any = None) -> str:
        """A new ``urn:epass:<kind>:<n>``; the same ``key`` (any JSON value) always gets the same id.

        Nodes written more than once (an organisation under several claims) must come out identical, so every
        node below them is keyed by its content: keys with the same JSON text get the same id. A string, or a
        tuple of strings, is its own key (the same strings, the same JSON text; a memo key of another length,
        never equal to a text's)."""
        if key is None:
            return self._next(kind)
        cls = key.__class__
        memo_key: tuple[str, ...] = (
            (kind, "", key) if cls is str else (kind, "", *key) if cls is tuple else (kind, _key_text(key))
        )
        value = self._memo.get(memo_key)
        if value is None:
            value = self._memo[memo_key] = self._next(kind)
        return value

    def _next(self, kind: str) -> str:
        n = self._counters.get(kind, 0) + 1
        self._counters[kind] = n
        return f"urn:epass:{kind}:{n}"

    def reuse(self, key: Hashable, build: Callable[[], Node]) -> Node:
        """``build()`` the first time, a copy of that node after (that node itself inside
        :func:`~microcred.elm.inline_context.shared_inline_contexts`): for a node written in full wherever it
        appears, every id in it minted with a key (so building it again would give the same node)."""
        node = self._written.get(key)
        if node is None:
            node = self._written[key] = build()
            return self.known(node)
        if self._shared:  # see shared_inline_contexts: nobody changes the document
            return node
        copied: Node = copy_json(node)
        self.known_names[id(copied)] = (copied, self.known_names[id(node)][1])
        return copied

    def known(self, node: Node) -> Node:
        """``node``, its names (:func:`~microcred.elm.inline_context.node_names`) known from now on."""
        self.known_names[id(node)] = (node, node_names(node, self.known_names))
        return node

    # -- concepts --------------------------------------------------------------------------------------------
    def concept(self, uri: str, *, notation: str | None = None) -> Node:
        """A ``skos:Concept`` of a bundled vocabulary, with its scheme and English label (a concept outside
        the bundled vocabularies, kept from an ELM input, is written with its IRI only).

        Inside :func:`~microcred.elm.inline_context.shared_inline_contexts` a bundled concept is one object
        for every document written in such a block (nobody changes them)."""
        if self._shared:
            shared = _SHARED_CONCEPTS.get((uri, notation))
            if shared is not None:
                self.known_names[id(shared[0])] = shared
                return shared[0]
        found = find_concept(uri)
        if found is None:
            node: Node = {"id": uri, "type": "Concept"}
            if notation:
                node["notation"] = notation
            return node
        vocab, concept = found
        node = {"id": uri, "type": "Concept", "inScheme": {"id": vocab.scheme, "type": "ConceptScheme"}}
        if concept.label:
            node["prefLabel"] = dict(concept.label)
        if notation:
            node["notation"] = notation
        # a bundled concept is always written the same: its names once per process
        names = _CONCEPT_NAMES.get((uri, notation))
        if names is None:
            names = _CONCEPT_NAMES[(uri, notation)] = frozenset(used_names(node, set()))
        self.known_names[id(node)] = known = (node, names)
        if self._shared:
            if len(_SHARED_CONCEPTS) >= MAX_SHARED_CONCEPTS:
                _SHARED_CONCEPTS.clear()
            _SHARED_CONCEPTS[(uri, notation)] = known
        return node

    def concept_ref(
        self, ref: ConceptRef, *, default_scheme: str | None = None, notation: str | None = None
    ) -> Node:
        """An ELM ``Concept`` node for a controlled-vocabulary reference (with its scheme and notation)."""
        node: Node = {"id": ref.uri, "type": "Concept"}
        scheme = ref.scheme or default_scheme
        if scheme:
            node["inScheme"] = {"id": scheme, "type": "ConceptScheme"}
        if ref.label:
            node["prefLabel"] = dict(ref.label)
        if notation:
            node["notation"] = notation
        return node

    def language(self, code: str) -> Node:
        """The NAL language concept for a language-map key such as ``en``."""
        return self.concept(vocabulary("language").normalize(code))

    # -- small nodes -----------------------------------------------------------------------------------------
    def note(self, text: dict[str, str]) -> Node:
        """An ELM ``Note`` node with the given language map."""
        return {"id": self.mint("note", text), "type": "Note", "noteLiteral": dict(text)}

    def web_resource(self, url: str) -> Node:
        """An ELM ``WebResource`` node for ``url``."""
        return {"id": self.mint("webResource", url), "type": "WebResource", "contentURL": url}

    def identifier(self, ident: Identifier) -> Node:
        """An ELM ``Identifier`` node (notation, scheme)."""
        node: Node = {"id": self.mint("identifier", _fields_key(ident)), "type": "Identifier"}
        node["notation"] = ident.notation
        if ident.scheme_name:
            node["schemeName"] = ident.scheme_name
        return node

    def legal_identifier(self, ident: LegalIdentifier) -> Node:
        """An ELM ``LegalIdentifier`` node (notation and issuing country)."""
        return {
            "id": self.mint("legalIdentifier", _fields_key(ident)),
            "type": "LegalIdentifier",
            "notation": ident.notation,
            "spatial": self.concept(ident.country),
        }

    def location(self, loc: Location) -> Node:
        """An ELM ``Location`` node with its ``Address`` (country code, full address)."""
        key = loc.model_dump()
        address: Node = {
            "id": self.mint("address", key),
            "type": "Address",
            "countryCode": self.concept(loc.country),
        }
        if loc.address:
            address["fullAddress"] = self.note(loc.address)
        node: Node = {"id": self.mint("location", key), "type": "Location", "address": address}
        if loc.region:
            node["spatialCode"] = self.concept_ref(loc.region)
        return node

    def contact_point(self, email: str) -> Node:
        """An ELM ``ContactPoint`` node with ``email`` as its mailbox."""
        return {
            "id": self.mint("contactPoint", email),
            "type": "ContactPoint",
            "emailAddress": {"id": f"mailto:{email}", "type": "Mailbox"},
        }

    # -- agents ----------------------------------------------------------------------------------------------
    def organisation(self, org: Organisation, *, node_id: str | None = None) -> Node:
        """An ``elm:Organisation``; ``node_id`` overrides its id (the issuer's DID)."""
        # the same organisation object comes out the same each time (its ids are minted with keys)
        return self.reuse(("organisation", id(org), node_id), lambda: self._organisation(org, node_id))

    def _organisation(self, org: Organisation, node_id: str | None) -> Node:
        oid = node_id or org.id or self.mint("org", org.model_dump(mode="json"))
        node: Node = {"id": oid, "type": "Organisation", "legalName": dict(org.legal_name)}
        if org.alternative_name:
            node["altLabel"] = dict(org.alternative_name)
        node["location"] = [self.location(loc) for loc in org.locations]
        if org.eidas_identifier:
            node["eIDASIdentifier"] = self.legal_identifier(org.eidas_identifier)
        if org.legal_identifier:
            node["registration"] = self.legal_identifier(org.legal_identifier)
        if org.vat_identifier:
            node["vatIdentifier"] = [self.legal_identifier(org.vat_identifier)]
        if org.tax_identifier:
            node["taxIdentifier"] = [self.legal_identifier(org.tax_identifier)]
        if org.identifiers:
            node["identifier"] = [self.identifier(i) for i in org.identifiers]
        if org.homepage:
            node["homepage"] = [self.web_resource(org.homepage)]
        if org.email:
            node["contactPoint"] = [self.contact_point(org.email)]
        return node

    def person(self, learner: Learner, national_id_key: str) -> Node:
        """The ELM ``Person`` node of the learner (names, date of birth, national identifier, contact)."""
        node: Node = {
            "id": learner.id or self.mint("person", learner.model_dump(mode="json")),
            "type": "Person",
        }
        node["fullName"] = dict(learner.full_name)
        if learner.given_name:
            node["givenName"] = dict(learner.given_name)
        if learner.family_name:
            node["familyName"] = dict(learner.family_name)
        if learner.date_of_birth:
            node["dateOfBirth"] = iso(learner.date_of_birth)
        if learner.national_id:
            node[national_id_key] = self.legal_identifier(learner.national_id)
        if learner.identifiers:
            node["identifier"] = [self.identifier(i) for i in learner.identifiers]
        if learner.email:
            node["contactPoint"] = [self.contact_point(learner.email)]
        if learner.citizenship:
            node["citizenshipCountry"] = [self.concept(c) for c in learner.citizenship]
        return node
