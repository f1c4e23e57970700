"""Generate a key pair inside a PKCS#11 token (PKCS#11 v2.40 §2.1.4 CKM_RSA_PKCS_KEY_PAIR_GEN, §2.3.5
CKM_EC_KEY_PAIR_GEN; v3.0 §2.3.14 CKM_EC_EDWARDS_KEY_PAIR_GEN): the private key is created non-extractable and
sensitive, so it never exists outside the token."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import SignerError, SignerUnavailableError, UsageError
from .pkcs11 import Pkcs11Signer, _default_module, _pkcs11, load_module, open_session, release_session
from .pkcs11_objects import EC_PARAMS
from .pkcs11_uri import parse_pkcs11_uri

#: Key types a token key pair can be generated for.
TOKEN_KEY_TYPES = ("Ed25519", "P-256", "P-384", "RSA")


def generate_in_token(
    uri: str,
    alg: str,
    *,
    rsa_bits: int = 2048,
    env: Mapping[str, str] | None = None,
    allow_pin_value: bool = True,
) -> Pkcs11Signer:
    """Generate an ``alg`` key pair in the token named by ``uri`` (label ``object=``, ``id=``); its signer.

    Refuses to add a second key under a label/id that already names one (a UsageError)."""
    if alg not in TOKEN_KEY_TYPES:
        raise UsageError(f"cannot generate {alg!r} in a token; choose one of {', '.join(TOKEN_KEY_TYPES)}")
    parsed = parse_pkcs11_uri(uri)
    if parsed.object is None:
        raise UsageError("the PKCS#11 URI needs object=LABEL for the new key")
    pkcs11 = _pkcs11()
    lib = load_module(parsed.module_path or _default_module())
    pin = parsed.pin(env=env, allow_pin_value=allow_pin_value)
    A = pkcs11.Attribute
    try:
        token = lib.get_token(token_label=parsed.token) if parsed.token else None
        if token is None:
            raise UsageError("the PKCS#11 URI needs token=LABEL to generate a key")
        module = parsed.module_path or _default_module()
        session, lock = open_session(module, token, parsed.token, pin)
        try:
            with lock:
                existing = list(
                    session.get_objects({A.CLASS: pkcs11.ObjectClass.PRIVATE_KEY, A.LABEL: parsed.object})
                )
                if existing:
                    raise UsageError(f"the token already has a private key labelled {parsed.object!r}")
                template: dict[Any, Any] = {A.SENSITIVE: True, A.EXTRACTABLE: False}
                options: dict[str, Any] = {
                    "store": True,
                    "label": parsed.object,
                    "private_template": template,
                }
                if parsed.key_id is not None:
                    options["id"] = parsed.key_id
                if alg == "RSA":
                    session.generate_keypair(pkcs11.KeyType.RSA, rsa_bits, **options)
                else:
                    kind = pkcs11.KeyType.EC_EDWARDS if alg == "Ed25519" else pkcs11.KeyType.EC
                    params = session.create_domain_parameters(kind, {A.EC_PARAMS: EC_PARAMS[alg]}, local=True)
                    if alg == "Ed25519":
                        options["mechanism"] = pkcs11.Mechanism.EC_EDWARDS_KEY_PAIR_GEN
                    params.generate_keypair(**options)
        finally:
            release_session(module, parsed.token)
    except pkcs11.exceptions.PKCS11Error as exc:
        raise SignerError(f"the token could not generate a {alg} key: {type(exc).__name__} {exc}") from exc
    except (RuntimeError, OSError) as exc:
        raise SignerUnavailableError(f"cannot reach the token: {exc}") from exc
    return Pkcs11Signer.from_uri(parsed, env=env, allow_pin_value=allow_pin_value)
