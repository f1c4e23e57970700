"""VC DM 2.0 §5.3 Integrity of Related Resources: the ``relatedResource`` rules and the digest comparison.

``retrieve(url)`` gives the bytes of a resource the caller has at hand (the verifier and ``issue()`` pass the
bundled contexts, the resources a credential most often pins); a resource it does not give is not compared,
since microcred fetches nothing unasked. A digest that does not match what was retrieved is a violation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..verification.codes import CheckCode
from .rules import Violation, violation
from .values import is_url, multihash_matches, multihashes, sri_digests, sri_matches


def _digests_match(obj: dict[str, Any], content: bytes) -> bool:
    """Every digest the object states (SRI and multibase) matches ``content``."""
    sri = sri_digests(obj["digestSRI"]) if "digestSRI" in obj else []
    multi = multihashes(obj["digestMultibase"]) if "digestMultibase" in obj else []
    return all(sri_matches(e, content) for e in sri or []) and all(
        multihash_matches(alg, digest, content) for alg, digest in multi or []
    )


def _digest_violations(obj: dict[str, Any], path: str, version: str | None) -> list[Violation]:
    if "digestSRI" not in obj and "digestMultibase" not in obj:
        msg = "a relatedResource object needs a digestSRI or a digestMultibase"
        return [violation(CheckCode.VCDM_RELATED_RESOURCE_DIGEST_MISSING, path, msg, version)]
    out: list[Violation] = []
    if "digestSRI" in obj and sri_digests(obj["digestSRI"]) is None:
        msg = "digestSRI must be SRI hash-expressions (sha256-, sha384- or sha512- then base64)"
        out.append(
            violation(CheckCode.VCDM_RELATED_RESOURCE_DIGEST_INVALID, f"{path}.digestSRI", msg, version)
        )
    if "digestMultibase" in obj and multihashes(obj["digestMultibase"]) is None:
        msg = "digestMultibase must be a multibase-encoded multihash (sha2 or sha3)"
        out.append(
            violation(CheckCode.VCDM_RELATED_RESOURCE_DIGEST_INVALID, f"{path}.digestMultibase", msg, version)
        )
    return out


def related_resource_violations(
    document: dict[str, Any], version: str | None, retrieve: Callable[[str], bytes | None] | None
) -> list[Violation]:
    """What breaks §5.3: objects with a unique URL ``id`` and a well-formed digest that matches what was retrieved."""
    if "relatedResource" not in document:
        return []
    value = document["relatedResource"]
    items = value if isinstance(value, list) else [value]
    if not items or any(not isinstance(o, dict) for o in items):
        msg = "relatedResource must be an object or a list of objects"
        return [violation(CheckCode.VCDM_RELATED_RESOURCE_INVALID, "$.relatedResource", msg, version)]
    out: list[Violation] = []
    seen: set[str] = set()
    for i, obj in enumerate(items):
        path = f"$.relatedResource[{i}]" if isinstance(value, list) else "$.relatedResource"
        ident = obj.get("id")
        first = is_url(ident) and ident not in seen
        if not is_url(ident):
            msg = "a relatedResource object needs an id that is a URL"
            out.append(violation(CheckCode.VCDM_RELATED_RESOURCE_ID_INVALID, f"{path}.id", msg, version))
        elif not first:
            msg = f"{ident} is listed twice"
            out.append(violation(CheckCode.VCDM_RELATED_RESOURCE_ID_DUPLICATE, f"{path}.id", msg, version))
        else:
            seen.add(ident)
        problems = _digest_violations(obj, path, version)
        out += problems
        if problems or retrieve is None or not first:  # each resource is retrieved once
            continue
        content = retrieve(ident)
        if content is not None and not _digests_match(obj, content):
            msg = f"the retrieved {ident} does not match its digest"
            out.append(violation(CheckCode.VCDM_RELATED_RESOURCE_DIGEST_MISMATCH, path, msg, version))
    return out
