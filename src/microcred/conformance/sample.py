"""A kit sample (one file and its expected verdict) and the issuing helpers the sample builders share."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from ..clock import FixedClock
from ..keys import Key
from .keys import kit_key

#: The instant the kit is verified at (its manifest says so); the proofs are created then.
KIT_NOW = "2026-01-15T12:00:00Z"
CLOCK = FixedClock(KIT_NOW)
#: Status lists of the kit (one per purpose), signed by the Ed25519 issuer.
STATUS_URLS = {
    "revocation": "https://conformance.microcred.example/status/revocation",
    "suspension": "https://conformance.microcred.example/status/suspension",
}
VERIFIED, REJECTED = "verified", "rejected"


@dataclass(frozen=True)
class Sample:
    """One kit file: where it goes, what it holds, and what a conforming verifier must say about it."""

    path: str
    content: Any
    format: str
    kind: str
    expect: str
    reason: str
    data_model: str = "-"
    key_type: str = "-"
    #: how the micro-credential is written: ``elm`` (Europass EDC), ``model`` (SD-JWT VC claims), ``ob3``
    #: (an Open Badges 3.0 AchievementCredential), ``clr`` (a stack as a CLR 2.0 ClrCredential)
    shape: str = "elm"

    def text(self) -> str:
        """The file's text (compact tokens as they are; JSON pretty-printed)."""
        if isinstance(self.content, str):
            return self.content + "\n"
        return json.dumps(self.content, indent=2, ensure_ascii=False) + "\n"

    def entry(self) -> dict[str, Any]:
        """This sample's manifest entry."""
        return {
            "file": self.path,
            "format": self.format,
            "kind": self.kind,
            "dataModel": self.data_model,
            "keyType": self.key_type,
            "shape": self.shape,
            "expect": self.expect,
            "reason": self.reason,
        }


@cache
def seal_key(organization: str, organization_identifier: str | None) -> tuple[Key, Any]:
    """The JAdES seal key (P-256) with a test certificate chain naming the issuing organisation, and its CA.

    The certificates are made once per run (their serial numbers and ECDSA signatures are random).
    """
    from ..demo_ca import make_test_certificate_chain

    def plain(role: str, kid: str) -> Key:
        jwk = {k: v for k, v in kit_key("P-256", role).to_jwk(private=True).items() if k != "kid"}
        return Key.from_jwk(jwk, kid=kid)

    return make_test_certificate_chain(
        plain("seal", "seal"),
        subject="microcred conformance kit seal",
        ca_key=plain("ca", "ca"),
        organization=organization,
        organization_identifier=organization_identifier,
    )


def seal_for(credential: Any) -> tuple[Key, Any]:
    """:func:`seal_key` for the issuing organisation of the micro-credential ``credential``."""
    issuer = credential.issuing_organisation
    ident = issuer.eidas_identifier.notation if issuer.eidas_identifier else None
    return seal_key(next(iter(issuer.legal_name.values())), ident)


def trust_anchors() -> list[Any]:
    """The CA certificates of every seal made so far (the kit's JAdES trust anchors)."""
    from ..model.examples import example_microcredential, minimal_microcredential

    return [seal_for(make())[1] for make in (minimal_microcredential, example_microcredential)]


def signing_key(fmt: str, key_type: str, credential: Any = None, role: str = "issuer") -> Key:
    """The key a format's samples of ``credential`` (a micro-credential) are signed with."""
    if fmt == "jades":
        from ..model.examples import example_microcredential

        return seal_for(credential or example_microcredential())[0]
    return kit_key(key_type, role)


def secure(
    credential: Any,
    fmt: str,
    key: Key,
    data_model: str,
    *,
    now: datetime | None = None,
    **options: Any,
) -> Any:
    """``issue()`` with the kit's clock; ``data_model`` ``"-"`` lets the format choose.

    ecdsa-sd-2023 credentials are derived, revealing ``credentialSubject`` and the validity dates (``base=True``: the base
    proof, which a verifier must refuse).
    """
    from ..issuer import issue

    model = None if data_model == "-" else data_model
    if fmt == "ecdsa-sd-2023":
        from ..suites.ecdsa_sd_derive import derive

        options.setdefault("mandatory_pointers", ["/issuer"])
        base = options.pop("base", False)
        secured = issue(credential, key, format=fmt, now=now or CLOCK, data_model=model, **options)  # type: ignore[arg-type]
        shown = [
            f"/{k}" for k in ("issuanceDate", "expirationDate", "validFrom", "validUntil") if k in secured
        ]
        assert isinstance(secured, dict)
        return secured if base else derive(secured, ["/credentialSubject", *shown])
    if fmt == "sd-jwt-vc":
        return issue(credential, key, format="sd-jwt-vc", now=now or CLOCK, **options)
    return issue(credential, key, format=fmt, now=now or CLOCK, data_model=model, **options)  # type: ignore[arg-type]
