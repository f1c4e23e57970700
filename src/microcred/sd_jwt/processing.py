"""Processing of an Issuer-signed JWT payload with its Disclosures (RFC 9901 §7.1 steps 3-5).

The payload is walked once; every ``_sd`` array (§4.2.4.1) and every ``{"...": digest}`` array element (§4.2.4.2)
is matched against the Disclosures' digests. The rules of §7.1, each with its own code:

* ``SD_ARRAY_INVALID``: ``_sd`` is not an array of strings;
* ``ELLIPSIS_MISUSE``: ``...`` outside an array element of the form ``{"...": "<digest>"}``;
* ``DIGEST_REFERENCED_TWICE``: a digest appears more than once (§7.1 step 4);
* ``DISCLOSURE_KIND_MISMATCH``: an array element Disclosure referenced from ``_sd`` or the reverse (§7.1 3.2.2.1);
* ``CLAIM_NAME_CONFLICT``: a disclosed claim name already exists at that level (§7.1 step 3.2.2.3);
* ``DISCLOSURE_DUPLICATE`` / ``DISCLOSURE_SALT_REUSED``: the same Disclosure twice, or two Disclosures with one
  salt (§9.3 requires a fresh salt per Disclosure; microcred refuses a reused one);
* ``DISCLOSURE_NOT_REFERENCED``: a Disclosure no digest points to (§7.1 step 5);
* ``SD_JWT_TOO_DEEP``: nesting beyond :attr:`SdJwtLimits.max_depth`.

The result is the processed payload with ``_sd``, ``_sd_alg`` and undisclosed array elements removed
(§7.1 step 3.3-3.4), and where each Disclosure was used (its claim path).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import SdJwtError
from ..verification.codes import CheckCode
from .disclosure import Disclosure

Path = tuple[str | int, ...]


def path_text(path: Path) -> str:
    """``$.a.b[0]`` for a claim path."""
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


@dataclass(frozen=True)
class Processed:
    """The processed claims; per digest of a used Disclosure, the claim path it disclosed; every Disclosure by its
    digest, in the order given."""

    claims: dict[str, Any]
    paths: dict[str, Path]
    by_digest: dict[str, Disclosure] = field(default_factory=dict)


class _Walker:
    def __init__(self, by_digest: dict[str, Disclosure], max_depth: int) -> None:
        self.by_digest = by_digest
        self.max_depth = max_depth
        self.seen: set[str] = set()
        self.paths: dict[str, Path] = {}

    def note(self, digest: str, path: Path) -> Disclosure | None:
        if digest in self.seen:
            raise SdJwtError(
                f"digest {digest} appears more than once",
                reason=CheckCode.DIGEST_REFERENCED_TWICE,
                path=path_text(path),
            )
        self.seen.add(digest)
        return self.by_digest.get(digest)

    def walk(self, node: Any, path: Path) -> Any:
        if len(path) > self.max_depth:
            raise SdJwtError(
                f"nesting deeper than {self.max_depth}",
                reason=CheckCode.SD_JWT_TOO_DEEP,
                path=path_text(path),
            )
        if isinstance(node, dict):
            return self.walk_object(node, path)
        if isinstance(node, list):
            return self.walk_array(node, path)
        return node

    def walk_object(self, obj: dict[str, Any], path: Path) -> dict[str, Any]:
        out: dict[str, Any] = {}
        deep = (
            len(path) + 1 > self.max_depth
        )  # then every member is walked, and the first raises SD_JWT_TOO_DEEP
        for name, value in obj.items():
            if name == "_sd":
                continue
            if name == "...":
                raise SdJwtError(
                    "'...' is only allowed as the single key of an array element",
                    reason=CheckCode.ELLIPSIS_MISUSE,
                    path=path_text(path),
                )
            # a scalar member is itself: no call, no path tuple (most of a credential's members are scalars)
            if deep:
                out[name] = self.walk(value, (*path, name))
            elif isinstance(value, dict):
                out[name] = self.walk_object(value, (*path, name))
            elif isinstance(value, list):
                out[name] = self.walk_array(value, (*path, name))
            else:
                out[name] = value
        if "_sd" not in obj:
            return out
        digests = obj["_sd"]
        where = path_text((*path, "_sd"))
        if not isinstance(digests, list) or not all(isinstance(d, str) for d in digests):
            raise SdJwtError(
                "'_sd' must be an array of digest strings", reason=CheckCode.SD_ARRAY_INVALID, path=where
            )
        for digest in digests:
            disclosure = self.note(digest, path)
            if disclosure is None:
                continue  # a decoy, or a claim the holder did not disclose (§7.1 step 3.2.1)
            if disclosure.name is None:
                raise SdJwtError(
                    "an array element Disclosure is referenced from an '_sd' array",
                    reason=CheckCode.DISCLOSURE_KIND_MISMATCH,
                    path=where,
                )
            if disclosure.name in out or disclosure.name in obj:
                raise SdJwtError(
                    f"claim {disclosure.name!r} is disclosed but already present",
                    reason=CheckCode.CLAIM_NAME_CONFLICT,
                    path=path_text((*path, disclosure.name)),
                )
            here = (*path, disclosure.name)
            self.paths[digest] = here
            out[disclosure.name] = self.walk(disclosure.value, here)
        return out

    def walk_array(self, items: list[Any], path: Path) -> list[Any]:
        out: list[Any] = []
        deep = len(path) + 1 > self.max_depth
        for element in items:
            if not deep and not isinstance(element, dict | list):
                out.append(element)  # a scalar element is itself
                continue
            here = (*path, len(out))
            if isinstance(element, dict) and "..." in element:
                digest = element["..."]
                if len(element) != 1 or not isinstance(digest, str):
                    raise SdJwtError(
                        "an array element digest must be an object with only '...' and a string value",
                        reason=CheckCode.ELLIPSIS_MISUSE,
                        path=path_text(here),
                    )
                disclosure = self.note(digest, here)
                if disclosure is None:
                    continue  # §7.1 step 3.3: undisclosed elements are removed
                if disclosure.name is not None:
                    raise SdJwtError(
                        "an object property Disclosure is referenced as an array element",
                        reason=CheckCode.DISCLOSURE_KIND_MISMATCH,
                        path=path_text(here),
                    )
                self.paths[digest] = here
                out.append(self.walk(disclosure.value, here))
            else:
                out.append(self.walk(element, here))
        return out


def index_disclosures(disclosures: Sequence[Disclosure], alg: str) -> dict[str, Disclosure]:
    """Digest -> Disclosure; refuses the same Disclosure twice and a salt used twice."""
    by_digest: dict[str, Disclosure] = {}
    salts: set[str] = set()
    for i, disclosure in enumerate(disclosures, start=1):
        digest = disclosure.digest(alg)
        if digest in by_digest:
            raise SdJwtError(
                f"disclosure {i} is given twice",
                reason=CheckCode.DISCLOSURE_DUPLICATE,
                path=f"disclosure {i}",
            )
        if disclosure.salt in salts:
            raise SdJwtError(
                f"disclosure {i} reuses the salt of another Disclosure",
                reason=CheckCode.DISCLOSURE_SALT_REUSED,
                path=f"disclosure {i}",
            )
        by_digest[digest] = disclosure
        salts.add(disclosure.salt)
    return by_digest


def process_payload(
    payload: dict[str, Any], disclosures: Sequence[Disclosure], *, alg: str, max_depth: int
) -> Processed:
    """Apply the Disclosures to the payload (RFC 9901 §7.1 steps 3-5)."""
    by_digest = index_disclosures(disclosures, alg)
    walker = _Walker(by_digest, max_depth)
    claims = walker.walk_object(payload, ())
    claims.pop("_sd_alg", None)  # §7.1 step 3.4
    unused = [i for i, (d, _) in enumerate(by_digest.items(), start=1) if d not in walker.paths]
    if unused:
        raise SdJwtError(
            f"disclosure(s) {unused} are not referenced by any digest",
            reason=CheckCode.DISCLOSURE_NOT_REFERENCED,
        )
    return Processed(claims, walker.paths, by_digest)
