"""The JAdES unsigned header ``etsiU`` (ETSI TS 119 182-1 §5.3) and the bytes each time-stamp covers.

``etsiU`` is an array; each element is one unsigned property, ``{name: value}``, given either base64url-encoded
(the form EDC, DSS and microcred write) or as clear JSON. The order matters: an archive time-stamp covers what
precedes it.

Message-imprint inputs (TS 119 182-1 V1.1.1; checked against the EC's signed samples and DSS's test set):

* ``adoTst`` (§5.2.8, protected header): the JWS Payload as it appears in the JWS (base64url-encoded, or the
  payload itself when ``b64`` is false).
* ``sigTst`` (§5.3.4): the JWS Signature Value as it appears in the JWS, i.e. ASCII(BASE64URL(signature)).
* ``arcTst`` (§5.3.6.3): the concatenation of the JWS Payload as it appears, ``.``, the base64url protected
  header, ``.``, the base64url signature, ``.``, and then every etsiU element that precedes the ``arcTst`` as
  it appears in the array (each base64url string, without separators between them). DSS's
  ``jades-lta-broken-arcTst`` sample, built without the ``.`` after the signature, is refused, as DSS does.

* ``sigRTst`` (§5.3.6.1, time-stamp on the signature and its validation-data references): the base64url
  signature, ``.``, then the preceding ``sigTst``, ``xRefs``, ``rRefs`` and ``axRefs`` elements as they appear;
* ``rfsTst`` (§5.3.6.2, time-stamp on the references only): the preceding ``xRefs``, ``rRefs`` and ``axRefs``
  elements as they appear. (Both as DSS computes them: its ``with-dot`` sample verifies, its ``without-dot``
  sigRTst tokens do not.)

An element in clear JSON would need the canonicalization named by ``canonAlg``; microcred does not implement
one, so a time-stamp that would cover a clear-JSON element is reported as not checked.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

#: Bounds on what is read from etsiU.
MAX_ELEMENTS = 64
MAX_ELEMENT_CHARS = 4 * 1024 * 1024
#: The reference properties the validation-data time-stamps cover (§5.3.5.1-5.3.5.3).
REFERENCE_PROPERTIES = frozenset({"xRefs", "rRefs", "axRefs"})


@dataclass(frozen=True)
class EtsiUElement:
    """One etsiU element: its property name, decoded value, and the text as it appears (None if clear JSON)."""

    index: int
    name: str
    value: Any
    encoded: str | None


class EtsiUError(ValueError):
    """An etsiU array that cannot be read (the message names the element)."""


def _b64url_json(text: str, index: int) -> Any:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        return json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise EtsiUError(f"etsiU[{index}] is not base64url-encoded JSON: {exc}") from exc


def read_etsi_u(unprotected: dict[str, Any]) -> list[EtsiUElement]:
    """The etsiU elements of an unprotected header, in order; EtsiUError when malformed."""
    entries = unprotected.get("etsiU", [])
    if not isinstance(entries, list):
        raise EtsiUError("etsiU is not an array (TS 119 182-1 §5.3.1)")
    if len(entries) > MAX_ELEMENTS:
        raise EtsiUError(f"etsiU has {len(entries)} elements; at most {MAX_ELEMENTS} are read")
    out: list[EtsiUElement] = []
    for index, entry in enumerate(entries):
        if isinstance(entry, str):
            if len(entry) > MAX_ELEMENT_CHARS:
                raise EtsiUError(f"etsiU[{index}] is too large")
            value, encoded = _b64url_json(entry, index), entry
        else:
            value, encoded = entry, None
        if not isinstance(value, dict) or len(value) != 1:
            raise EtsiUError(f"etsiU[{index}] is not an object with exactly one property")
        name = next(iter(value))
        out.append(EtsiUElement(index, name, value[name], encoded))
    return out


def tokens_of(value: Any, where: str) -> list[str]:
    """The ``tstTokens[].val`` strings of a time-stamp property value (§5.3.4: ``{"tstTokens": [{"val"}]}``)."""
    tokens = value.get("tstTokens") if isinstance(value, dict) else None
    if not isinstance(tokens, list) or not tokens:
        raise EtsiUError(f"{where} has no tstTokens array")
    out: list[str] = []
    for i, token in enumerate(tokens):
        val = token.get("val") if isinstance(token, dict) else None
        if not isinstance(val, str):
            raise EtsiUError(f"{where}.tstTokens[{i}] has no 'val' string")
        if isinstance(token, dict) and token.get("encoding") not in (None, "http://uri.etsi.org/19182/DER"):
            raise EtsiUError(f"{where}.tstTokens[{i}] uses an encoding other than DER")
        out.append(val)
    return out


def split_signing_input(signing_input: bytes) -> tuple[bytes, bytes]:
    """``(protected, payload as it appears)`` from RFC 7515 ASCII(protected) '.' payload."""
    protected, _, payload = signing_input.partition(b".")
    return protected, payload


def ado_tst_input(payload_as_in_jws: bytes) -> bytes:
    """§5.2.8: the bytes a content time-stamp (``adoTst``) covers."""
    return payload_as_in_jws


def sig_tst_input(signature_b64url: str) -> bytes:
    """§5.3.4: the bytes a signature time-stamp (``sigTst``) covers."""
    return signature_b64url.encode("ascii")


def arc_tst_input(
    payload_as_in_jws: bytes, protected: bytes, signature_b64url: str, preceding: list[EtsiUElement]
) -> bytes | None:
    """§5.3.6.3: the bytes an archive time-stamp covers; None when a preceding element is clear JSON."""
    if any(e.encoded is None for e in preceding):
        return None
    parts = [payload_as_in_jws, b".", protected, b".", signature_b64url.encode("ascii"), b"."]
    parts.extend(e.encoded.encode("ascii") for e in preceding if e.encoded is not None)
    return b"".join(parts)


def _encoded(elements: list[EtsiUElement]) -> bytes | None:
    if any(e.encoded is None for e in elements):
        return None
    return b"".join(e.encoded.encode("ascii") for e in elements if e.encoded is not None)


def sig_r_tst_input(signature_b64url: str, preceding: list[EtsiUElement]) -> bytes | None:
    """§5.3.6.1: the bytes a ``sigRTst`` covers; None when a covered element is clear JSON."""
    covered = _encoded([e for e in preceding if e.name == "sigTst" or e.name in REFERENCE_PROPERTIES])
    return None if covered is None else signature_b64url.encode("ascii") + b"." + covered


def rfs_tst_input(preceding: list[EtsiUElement]) -> bytes | None:
    """§5.3.6.2: the bytes an ``rfsTst`` covers; None when a covered element is clear JSON."""
    return _encoded([e for e in preceding if e.name in REFERENCE_PROPERTIES])
