"""What the conformance kit issues per securing format: data models, key types, file names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FormatPlan:
    """One securing format's samples: the data models and key types it is issued with."""

    format: str
    data_models: tuple[str, ...]
    key_types: tuple[str, ...]
    dir: str
    extension: str
    family: str  # "di" (embedded proof), "jwt" (compact JWS), "jades" (JWS JSON), "sd-jwt"


#: Every format microcred issues (``ISSUE_FORMATS`` and ``sd-jwt-vc``), as the kit issues it. ecdsa-sd-2023
#: samples are derived credentials (VC DI ECDSA §3.5.2 "createDisclosureData"): a base proof is for the holder.
PLANS: tuple[FormatPlan, ...] = (
    FormatPlan("eddsa-rdfc-2022", ("v1", "v2"), ("Ed25519",), "eddsa-rdfc-2022", "json", "di"),
    FormatPlan("ecdsa-rdfc-2019", ("v1", "v2"), ("P-256", "P-384"), "ecdsa-rdfc-2019", "json", "di"),
    FormatPlan("eddsa-jcs-2022", ("v1", "v2"), ("Ed25519",), "eddsa-jcs-2022", "json", "di"),
    FormatPlan("ecdsa-jcs-2019", ("v1", "v2"), ("P-256", "P-384"), "ecdsa-jcs-2019", "json", "di"),
    FormatPlan("ecdsa-sd-2023", ("v1", "v2"), ("P-256",), "ecdsa-sd-2023", "json", "di"),
    FormatPlan("jws-2020", ("v1", "v2"), ("Ed25519", "P-256"), "jws-2020", "json", "di"),
    FormatPlan("vc+jwt", ("v2",), ("Ed25519", "P-256", "P-384"), "vc-jose-cose", "jwt", "jwt"),
    FormatPlan("vc-jwt", ("v1",), ("Ed25519", "P-256"), "vc-jwt", "jwt", "jwt"),
    FormatPlan("jades", ("v1",), ("P-256",), "jades", "json", "jades"),
    FormatPlan("sd-jwt-vc", ("-",), ("Ed25519", "P-256"), "sd-jwt-vc", "sdjwt", "sd-jwt"),
)

#: Formats whose issuer can be an Ed25519 did:key that also signs the kit's status lists.
STATUS_FORMATS = ("eddsa-rdfc-2022", "jws-2020", "vc+jwt", "vc-jwt")
