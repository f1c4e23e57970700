"""Signers: whoever holds the private key (in memory, an HSM / smart card over PKCS#11, a remote CSC service).

See :mod:`microcred.signers.protocol` and docs/keys.md.
"""

from __future__ import annotations

from .protocol import Signer, SignerKey, SignRequest, as_key, sign_each

__all__ = ["SignRequest", "Signer", "SignerKey", "as_key", "sign_each"]
