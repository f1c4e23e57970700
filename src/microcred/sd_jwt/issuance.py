"""Issuance of an SD-JWT (RFC 9901 §4.1-§4.2, §5): claims with a selective-disclosure policy -> payload + Disclosures.

The policy is written into the claims themselves: a value wrapped in :class:`Sd` becomes selectively disclosable
(an object property goes into the parent's ``_sd`` array, §4.2.4.1; an array element becomes
``{"...": digest}``, §4.2.4.2); wrapping nests (recursive disclosure, §4.2.6). Decoy digests (§4.2.5) are added to
every ``_sd`` array that has at least one real digest, and the ``_sd`` digests are sorted so that their order tells
nothing (§4.2.4.1 "in a random order ... or sorted").
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..base64url import b64url_encode
from ..errors import SdJwtError, UsageError
from ..verification.codes import CheckCode
from .disclosure import RESERVED_NAMES, Disclosure, new_salt
from .hashing import DEFAULT_SD_ALG, SD_ALGS, sd_digest


@dataclass(frozen=True)
class Sd:
    """Marks a claim value (or array element) as selectively disclosable."""

    value: Any


@dataclass
class SdIssuance:
    """What :func:`build_payload` produced: the payload to sign and every Disclosure, in creation order."""

    payload: dict[str, Any]
    disclosures: list[Disclosure] = field(default_factory=list)


@dataclass
class _Builder:
    alg: str
    decoys: int
    salt: Callable[[], str]
    disclosures: list[Disclosure] = field(default_factory=list)

    def disclose(self, name: str | None, value: Any) -> str:
        disclosure = Disclosure.create(self.salt(), name, self.build(value))
        self.disclosures.append(disclosure)
        return disclosure.digest(self.alg)

    def decoy(self) -> str:
        # §4.2.5: the digest of a random value, indistinguishable from a real one.
        return sd_digest(self.alg, b64url_encode(secrets.token_bytes(16)))

    def build(self, node: Any) -> Any:
        if isinstance(node, Sd):
            raise UsageError("Sd() marks a claim or an array element, not a value inside Sd()")
        if isinstance(node, dict):
            out: dict[str, Any] = {}
            digests: list[str] = []
            for name, value in node.items():
                if not isinstance(name, str) or name in RESERVED_NAMES:
                    raise SdJwtError(
                        f"{name!r} cannot be a claim name in an SD-JWT", reason=CheckCode.CLAIM_NAME_RESERVED
                    )
                if isinstance(value, Sd):
                    digests.append(self.disclose(name, value.value))
                else:  # a scalar needs no building (no call per leaf)
                    out[name] = self.build(value) if isinstance(value, dict | list | tuple) else value
            if digests:
                digests.extend(self.decoy() for _ in range(self.decoys))
                out["_sd"] = sorted(digests)
            return out
        if isinstance(node, list | tuple):
            return [
                {"...": self.disclose(None, item.value)}
                if isinstance(item, Sd)
                else self.build(item)
                if isinstance(item, dict | list | tuple)
                else item
                for item in node
            ]
        return node


def build_payload(
    claims: dict[str, Any],
    *,
    sd_alg: str = DEFAULT_SD_ALG,
    decoys: int = 0,
    salt: Callable[[], str] = new_salt,
) -> SdIssuance:
    """Turn claims marked with :class:`Sd` into an SD-JWT payload with ``_sd_alg`` and its Disclosures."""
    if sd_alg not in SD_ALGS:
        raise UsageError(f"unsupported _sd_alg {sd_alg!r} (supported: {', '.join(SD_ALGS)})")
    if not isinstance(decoys, int) or decoys < 0 or decoys > 64:
        raise UsageError("decoys must be an integer from 0 to 64")
    if "_sd_alg" in claims:
        raise UsageError("'_sd_alg' is set by the issuer code, not by the claims")
    builder = _Builder(sd_alg, decoys, salt)
    payload = builder.build(claims)
    payload["_sd_alg"] = sd_alg
    return SdIssuance(payload, builder.disclosures)
