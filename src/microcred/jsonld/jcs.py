"""JSON Canonicalization Scheme (RFC 8785), for the lexical form of ``rdf:JSON`` literals (JSON-LD 1.1 §4.2.2).

Numbers are IEEE 754 doubles written as ECMAScript's ``Number.prototype.toString`` writes them (RFC 8785 §3.2.2.3);
object members are sorted by their UTF-16 code units (§3.2.3); strings are escaped as ``JSON.stringify`` does.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any

from ..errors import InputError


def canonical_json(value: Any) -> str:
    """The RFC 8785 serialization of a JSON value (``dict``, ``list``, ``str``, number, bool, ``None``)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int | float):
        return es_number(float(value))
    if isinstance(value, list):
        return "[" + ",".join(canonical_json(item) for item in value) + "]"
    if isinstance(value, dict):
        members = sorted(value.items(), key=lambda item: item[0].encode("utf-16-be"))
        return (
            "{"
            + ",".join(json.dumps(k, ensure_ascii=False) + ":" + canonical_json(v) for k, v in members)
            + "}"
        )
    raise InputError(f"{type(value).__name__} is not a JSON value")


def es_number(number: float) -> str:
    """ECMAScript Number::toString(x) for a finite double (ECMA-262 §6.1.6.1.20)."""
    if math.isnan(number) or math.isinf(number):
        raise InputError("NaN and Infinity are not JSON numbers")
    if number == 0:
        return "0"
    if number < 0:
        return "-" + es_number(-number)
    # shortest round-trip digits s (k of them) and n with number = s * 10**(n-k)
    sign, digit_tuple, exponent = Decimal(repr(number)).normalize().as_tuple()
    del sign
    digits = "".join(str(d) for d in digit_tuple)
    k = len(digits)
    n = k + int(exponent)
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * (-n) + digits
    exp = n - 1
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{mantissa}e{'+' if exp >= 0 else '-'}{abs(exp)}"
