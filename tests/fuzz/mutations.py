"""Hypothesis strategies that mutate a secured credential, and the oracle that says whether a mutation was neutral.

Seeds are the positive controls of the adversarial corpus (``tests/adversarial/manifest.json``): signed
credentials of all six formats, with the options (status list, trust anchor, static key) they need to verify.

**Neutral mutations.** Some edits do not change what was signed: re-indenting JSON, reordering object members,
``issuer: "X"`` versus ``issuer: {"id": "X"}`` (the same RDF), an unsigned member of a JWS JSON serialization, a
blank node renamed. Instead of listing them, :func:`signed_content` computes what the signature covers from the
mutated input and :func:`json_view` what the verifier's checks read; a mutated input may verify only if both are
exactly those of the seed:

* Data Integrity / JsonWebSignature2020: the RDFC-1.0 canonical N-Quads of the document without its proofs, and of
  each proof's options under the document's ``@context`` (the signature bytes themselves may differ: the same
  content under another valid signature is not a forgery);
* vc+jwt / vc-jwt: the JWS signing input (protected header and payload segments);
* JAdES: the protected header and the payload string of each signature;
* the JSON view: issuer id, validity dates, types, ``credentialStatus`` and, for embedded proofs, the proof members
  the checks read (purpose, verification method, dates, domain, challenge).
"""

from __future__ import annotations

import base64
import copy
import json
from typing import Any

from hypothesis import strategies as st

from microcred.jsonld import canonicalize
from microcred.suites.registry import suite_for_proof
from microcred.vcdm import issuer_id

INTERESTING_KEYS = (
    "@context", "@id", "@type", "@graph", "@included", "@reverse", "@nest", "@value", "@language", "@vocab",
    "id", "type", "issuer", "validFrom", "validUntil", "issuanceDate", "expirationDate", "credentialStatus",
    "credentialSubject", "name", "proof", "proofValue", "verificationMethod", "proofPurpose", "created", "expires",
    "cryptosuite", "jws", "https://www.w3.org/2018/credentials#validUntil",
    "https://www.w3.org/2018/credentials#credentialStatus", "https://schema.org/name", "alg", "kid", "typ", "cty",
    "crit", "b64", "jwk", "x5c", "x5t#S256", "sigT", "zip", "enc", "iss", "sub", "exp", "nbf", "iat", "jti", "vc",
    "payload", "signatures", "protected", "header", "signature", "statusListIndex", "statusPurpose",
)  # fmt: skip
INTERESTING_STRINGS = (
    "none", "HS256", "EdDSA", "ES256", "RS256", "VerifiableCredential", "assertionMethod", "authentication",
    "DataIntegrityProof", "eddsa-rdfc-2022", "https://contexts.example/evil/v1",
    "https://www.w3.org/ns/credentials/v2", "https://www.w3.org/2018/credentials/v1", "_:b0", "relative/iri",
    "2099-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "", "vc+jwt", "JWT", "\u0000", "did:key:z6Mkmallory",
    "@id", "@vocab", "revocation", "99999999",
)  # fmt: skip

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**64), max_value=2**64)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(INTERESTING_STRINGS)
)
keys = st.sampled_from(INTERESTING_KEYS) | st.text(min_size=1, max_size=8)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
    max_leaves=6,
)


# -- paths in a JSON tree ---------------------------------------------------------------------------------------
Path = tuple[Any, ...]


def paths(value: Any, prefix: Path = ()) -> list[Path]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += paths(v, (*prefix, i))
    return out


def get(value: Any, path: Path) -> Any:
    for step in path:
        value = value[step]
    return value


def put(root: Any, path: Path, new: Any) -> Any:
    if not path:
        return new
    get(root, path[:-1])[path[-1]] = new
    return root


OPERATIONS = (
    "replace", "delete", "insert", "rename", "edit-string", "edit-number", "wrap", "unwrap", "duplicate",
    "reverse", "copy-subtree", "value-object", "node-object",
)  # fmt: skip
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"


def _edit_string(draw: Any, text: str) -> str:
    where = draw(st.integers(0, len(text)))
    how = draw(st.sampled_from(("insert", "delete", "replace")))
    char: str = draw(st.characters(codec="utf-8") | st.sampled_from('0aAzZ_-=.:/#@ "\\'))
    if how == "insert" or not text:
        return text[:where] + char + text[where:]
    where = min(where, len(text) - 1)
    if how == "delete":
        return text[:where] + text[where + 1 :]
    replaced = text[:where] + char + text[where + 1 :]
    return replaced if replaced != text else text[:where] + ("b" if char == "a" else "a") + text[where + 1 :]


@st.composite
def mutate_tree(draw: Any, tree: Any) -> Any:
    """One to three structural edits anywhere in a JSON value (the value is copied)."""
    for _ in range(draw(st.integers(1, 3))):
        tree = draw(edit_tree(tree))
    return tree


@st.composite
def edit_tree(draw: Any, tree: Any) -> Any:
    """One structural edit anywhere in a JSON value (the value is copied)."""
    root = copy.deepcopy(tree)
    path = draw(st.sampled_from(paths(root)))
    node = get(root, path)
    op = draw(st.sampled_from(OPERATIONS))
    parent: Any = get(root, path[:-1]) if path else None
    if op == "delete" and path:
        del parent[path[-1]]
        return root
    if op == "insert" and isinstance(node, dict):
        node[draw(keys)] = draw(json_values)
        return root
    if op == "insert" and isinstance(node, list):
        node.insert(draw(st.integers(0, len(node))), draw(json_values))
        return root
    if op == "rename" and path and isinstance(parent, dict):
        new_key = draw(keys)
        value = parent.pop(path[-1])
        parent[new_key] = value
        return root
    if op == "edit-string" and isinstance(node, str):
        return put(root, path, _edit_string(draw, node))
    if op == "edit-number" and isinstance(node, int | float) and not isinstance(node, bool):
        return put(root, path, draw(st.sampled_from((node + 1, node - 1, -node, node * 1.5, str(node)))))
    if op == "wrap":
        return put(root, path, [node])
    if op == "unwrap" and isinstance(node, list) and node:
        return put(root, path, node[0])
    if op == "duplicate" and isinstance(node, list) and node:
        node.append(copy.deepcopy(node[draw(st.integers(0, len(node) - 1))]))
        return root
    if op == "reverse" and isinstance(node, list):
        node.reverse()
        return root
    if op == "value-object" and isinstance(node, str):  # the same literal, as JSON-LD would expand it
        typed = draw(st.booleans())
        return put(root, path, {"@value": node, "@type": XSD_DATETIME} if typed else {"@value": node})
    if op == "node-object" and isinstance(node, str):  # an IRI value written as a node reference
        return put(root, path, {"id": node})
    if op == "copy-subtree":
        return put(root, path, copy.deepcopy(get(tree, draw(st.sampled_from(paths(tree))))))
    return put(root, path, draw(json_values))  # "replace", and every operation that does not fit the node


@st.composite
def mutate_text(draw: Any, text: str) -> str:
    """A byte-level edit of serialized input: a changed, inserted or deleted character, or a truncation."""
    how = draw(st.sampled_from(("edit", "edit", "truncate", "delete-range")))
    if how == "truncate":
        return text[: draw(st.integers(0, max(0, len(text) - 1)))]
    if how == "delete-range":
        start = draw(st.integers(0, len(text)))
        return text[:start] + text[start + draw(st.integers(1, 16)) :]
    return _edit_string(draw, text)


@st.composite
def expand_member(draw: Any, document: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Replace one member by its JSON-LD expanded form (pyld, an independent processor): the same RDF statements,
    under full IRIs and value objects. A verifier that reads the member as JSON no longer sees it."""
    from pyld import jsonld

    from microcred.jsonld import DocumentLoader

    members = [k for k in document if not k.startswith("@") and k not in ("type", "id", "proof")]
    if not members:
        return document
    key = draw(st.sampled_from(sorted(members)))
    probe = {"@context": context if context is not None else document.get("@context"), key: document[key]}
    if "type" in document:  # type-scoped contexts define the members of credentials and proofs
        probe["type"] = document["type"]
    try:
        expanded = jsonld.expand(probe, {"documentLoader": DocumentLoader()})
    except Exception:  # a member pyld cannot expand: leave the document as it is
        return document
    out = {k: v for k, v in document.items() if k != key}
    for node in expanded:
        out.update({k: v for k, v in node.items() if k not in ("@id", "@type")})
    return out


# -- the oracle ---------------------------------------------------------------------------------------------------
def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def parse_input(data: str) -> Any:
    text = data.strip()
    if text.startswith(("{", "[")):
        return json.loads(text)
    return text


ENVELOPED_PREFIX = "data:application/vc+jwt,"


def token_of(parsed: Any) -> str | None:
    """The compact token of a compact input or of an EnvelopedVerifiableCredential, else None."""
    if isinstance(parsed, str):
        return parsed
    ident = parsed.get("id") if isinstance(parsed, dict) else None
    if isinstance(ident, str) and ident.startswith(ENVELOPED_PREFIX):
        return ident[len(ENVELOPED_PREFIX) :]
    return None


def with_token(parsed: Any, token: str) -> str:
    """``parsed`` (a compact token or an enveloping object) carrying ``token`` instead, as input text."""
    if isinstance(parsed, str):
        return token
    return json.dumps({**parsed, "id": ENVELOPED_PREFIX + token})


def signed_content(data: str) -> Any:
    """What the signature(s) of ``data`` cover (see the module docstring); None when that cannot be computed."""
    try:
        parsed = parse_input(data)
        token = token_of(parsed)
        if token is not None:
            header, payload, _ = token.split(".")
            return ("jws", header, payload)
        assert isinstance(parsed, dict)
        if "payload" in parsed:
            entries = parsed.get("signatures") or [parsed]
            return ("jades", parsed["payload"], tuple(e["protected"] for e in entries))
        document = {k: v for k, v in parsed.items() if k != "proof"}
        proofs = parsed["proof"] if isinstance(parsed["proof"], list) else [parsed["proof"]]
        configs = []
        for proof in proofs:
            if isinstance(proof, dict) and suite_for_proof(proof) is None:
                continue  # VC DI §4.5: a proof of a type no suite verifies is skipped; no signature covers it
            options = {k: v for k, v in proof.items() if k not in ("proofValue", "jws", "signatureValue")}
            options.setdefault("@context", document.get("@context"))
            configs.append(canonicalize(options))
        # a proof set is a set (VC DI §2.1.1): the same proof twice covers nothing more
        return ("embedded", canonicalize(document), tuple(sorted(set(configs))))
    except Exception:  # anything this oracle cannot read counts as changed content
        return None


def _dates(credential: dict[str, Any]) -> tuple[Any, ...]:
    names = ("validFrom", "validUntil", "issuanceDate", "expirationDate")
    return tuple((n, credential.get(n)) for n in names)


def _types(value: Any) -> tuple[str, ...]:
    return tuple(sorted({v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)}))


def _entries(value: Any) -> tuple[str, ...]:
    """JSON arrays are sets in JSON-LD: one entry or a list of it, duplicates or not, state the same."""
    items = value if isinstance(value, list) else [] if value is None else [value]
    return tuple(sorted({json.dumps(v, sort_keys=True) for v in items}))


def json_view(credential: dict[str, Any] | None, data: str) -> Any:
    """What the verifier's checks read from the credential (and the proofs of an embedded-proof document)."""
    if credential is None:
        return None
    view: list[Any] = [
        issuer_id(credential),
        _dates(credential),
        _types(credential.get("type")),
        _entries(credential.get("credentialStatus")),
    ]
    parsed = parse_input(data)
    if isinstance(parsed, dict) and "proof" in parsed:
        proofs = parsed["proof"] if isinstance(parsed["proof"], list) else [parsed["proof"]]
        members = (
            "type",
            "cryptosuite",
            "proofPurpose",
            "verificationMethod",
            "created",
            "expires",
            "domain",
        )
        verifiable = [p for p in proofs if isinstance(p, dict) and suite_for_proof(p) is not None]
        view.append(_entries([[p.get(m) for m in members] for p in verifiable]))
    return tuple(view)


def header_segments(token: str) -> tuple[dict[str, Any], str, str]:
    header, payload, signature = token.split(".")
    return json.loads(b64d(header)), payload, signature


def encode_json(value: Any) -> str:
    raw = json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
