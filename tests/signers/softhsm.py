"""A fresh SoftHSM2 token for the tests: a config with a tmp tokendir, ``softhsm2-util --init-token``, fixed keys
imported (deterministic), their certificates stored as CKO_CERTIFICATE objects."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from microcred.keys import Key
from microcred.signers.pkcs11 import DEFAULT_MODULES
from microcred.signers.pkcs11_objects import private_key_attributes

TOKEN = "microcred-test"
PIN = "1234"
SO_PIN = "12345678"


def softhsm_module() -> str | None:
    """The path of libsofthsm2.so, or None when SoftHSM2 is not installed."""
    return next((p for p in DEFAULT_MODULES if os.path.exists(p)), None)


@dataclass
class SoftHsm:
    """An initialised token: its module, label, PIN and the config directory."""

    module: str
    token: str
    pin: str
    conf: Path

    def uri(self, label: str, **query: str) -> str:
        extra = "".join(f"&{k}={v}" for k, v in query.items())
        return (
            f"pkcs11:token={self.token};object={label}?module-path={self.module}&pin-value={self.pin}{extra}"
        )


def init_token(tmp: Path) -> SoftHsm:
    """Write a SoftHSM2 config under ``tmp`` and initialise one token in it (SOFTHSM2_CONF is set by the caller)."""
    module = softhsm_module()
    assert module is not None
    tokens = tmp / "tokens"
    tokens.mkdir()
    conf = tmp / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    util = shutil.which("softhsm2-util")
    assert util is not None, "softhsm2-util is missing although libsofthsm2.so is installed"
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    subprocess.run(
        [util, "--init-token", "--free", "--label", TOKEN, "--pin", PIN, "--so-pin", SO_PIN],
        check=True,
        capture_output=True,
        env=env,
        timeout=60,
    )
    return SoftHsm(module=module, token=TOKEN, pin=PIN, conf=conf)


def import_key(hsm: SoftHsm, key: Key, label: str, key_id: bytes, *, public: bool = True) -> None:
    """Import ``key``'s private half (and public half, and its certificates) into the token as ``label``."""
    import pkcs11
    from pkcs11 import Attribute, ObjectClass

    from microcred.signers.pkcs11 import load_module, open_session, release_session

    kind, priv_attrs, pub_attrs = private_key_attributes(key.private_key)
    key_type = getattr(pkcs11.KeyType, kind)

    def attrs(values: dict[str, Any]) -> dict[Any, Any]:
        return {getattr(Attribute, name.upper()): value for name, value in values.items()}

    token = load_module(hsm.module).get_token(token_label=hsm.token)
    session, _ = open_session(hsm.module, token, hsm.token, hsm.pin)
    try:
        common = {
            Attribute.TOKEN: True,
            Attribute.LABEL: label,
            Attribute.ID: key_id,
            Attribute.KEY_TYPE: key_type,
        }
        session.create_object(
            {
                **common,
                Attribute.CLASS: ObjectClass.PRIVATE_KEY,
                Attribute.PRIVATE: True,
                Attribute.SENSITIVE: True,
                Attribute.SIGN: True,
                **attrs(priv_attrs),
            }
        )
        if public:
            session.create_object(
                {
                    **common,
                    Attribute.CLASS: ObjectClass.PUBLIC_KEY,
                    Attribute.VERIFY: True,
                    **attrs(pub_attrs),
                }
            )
        for index, cert in enumerate(key.certificate_chain):
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.LABEL: f"{label}-cert{index}",
                    Attribute.ID: key_id if index == 0 else key_id + bytes([index]),
                    Attribute.SUBJECT: cert.subject.public_bytes(),
                    Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
                }
            )
    finally:
        release_session(hsm.module, hsm.token)


def certificates(chain: list[x509.Certificate]) -> list[bytes]:
    """DER of each certificate (for comparisons)."""
    return [c.public_bytes(serialization.Encoding.DER) for c in chain]
