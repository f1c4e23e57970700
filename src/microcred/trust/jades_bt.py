"""Issuing JAdES baseline-T: the ``sigTst`` unsigned property (ETSI TS 119 182-1 §5.3.4).

The token is requested over exactly the bytes a verifier recomputes (:func:`.etsi_u.sig_tst_input`: the
base64url signature value) and put in ``etsiU`` base64url-encoded, as EDC and DSS write it:
``{"etsiU": [BASE64URL({"sigTst": {"tstTokens": [{"val": BASE64(DER)}]}})]}``.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from ..base64url import b64url_encode
from ..errors import MicrocredError, SigningError
from .etsi_u import sig_tst_input
from .timestamp import TimeStampToken


def signature_timestamp_header(tsa: Any, signature_b64url: str) -> dict[str, Any]:
    """The unprotected header ``{"etsiU": [sigTst]}`` with a token from ``tsa`` over the signature value."""
    if not callable(getattr(tsa, "timestamp", None)):
        raise SigningError("tsa must be a TimeStampAuthority (an object with timestamp(data) -> DER)")
    data = sig_tst_input(signature_b64url)
    try:
        token = tsa.timestamp(data)
        parsed = TimeStampToken.parse(token)
    except MicrocredError as exc:
        raise SigningError(f"the time-stamp authority failed: {exc}") from exc
    except ValueError as exc:
        raise SigningError(f"the time-stamp authority answered with no valid token: {exc}") from exc
    if not parsed.imprint_matches(data):
        raise SigningError("the time-stamp authority's token covers other bytes than the signature value")
    value = {"sigTst": {"tstTokens": [{"val": base64.b64encode(token).decode("ascii")}]}}
    return {"etsiU": [b64url_encode(json.dumps(value, separators=(",", ":")).encode("utf-8"))]}
