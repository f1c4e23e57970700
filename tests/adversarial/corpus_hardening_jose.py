"""Issue 11 item 4: one set of JOSE strictness rules (RFC 7515 / RFC 7519 / RFC 8725 / RFC 8259), applied alike to
vc+jwt, vc-jwt, JAdES and jws-2020.

Every case is signed over the exact hostile bytes (a byte-order mark, a lone surrogate, a duplicate member, a
padded or non-URL-safe base64 segment, ...), so the rule is the only thing that can refuse it. The controls are
equally unusual but legal: a protected header written with whitespace, a payload with indentation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .corpus import VERIFIED, Corpus, expect
from .corpus_hardening_kit import JoseFormat
from .corpus_kit import Keys, jbytes, seal_issuer, v1_credential, v2_credential

KIND = "jose-strict"
#: Cases left out because main does not (yet) give the outcome issue 11 asks for (reported with the corpus):
#: vc-jwt is recognised by decoding its payload, so a padded payload segment makes the token no format at all
#: (format/UNSUPPORTED_FORMAT) where vc+jwt reports proof/BASE64URL_ERROR (item 4: one rule, every format).
#: (format, case) pairs left out of the corpus (none: vc-jwt payload errors are reported at detection).
LEFT_OUT: frozenset[tuple[str, str]] = frozenset()
BOM = b"\xef\xbb\xbf"


def _append(document: bytes, member: bytes) -> bytes:
    return document[:-1] + b"," + member + b"}"


def _header_rules(f: JoseFormat) -> dict[str, tuple[str, bytes, str]]:
    """name -> (note, protected header bytes, expected code)."""
    h = f.header
    text = jbytes(h)
    first = next(iter(h))
    return {
        "byte-order-mark": (
            "a UTF-8 byte-order mark before the header JSON",
            BOM + text,
            "JSON_INVALID_UNICODE",
        ),
        "lone-surrogate": (
            "a lone UTF-16 surrogate (\\ud800) in a header string",
            _append(text, b'"x-note":"\\ud800"'),
            "JSON_INVALID_UNICODE",
        ),
        "duplicate-member": (
            f"'{first}' written twice in the header",
            _append(text, jbytes({first: h[first]})[1:-1]),
            "DUPLICATE_JSON_KEY",
        ),
        "not-utf8": (
            "a header string holding the byte 0xff",
            _append(text, b'"x-note":"\xff"'),
            "JSON_PARSE_ERROR",
        ),
        "trailing-garbage": ("the header JSON followed by more text", text + b"x", "JSON_PARSE_ERROR"),
        "not-an-object": ("the header is a JSON array", jbytes([h]), "JWS_MALFORMED"),
        "alg-none-uppercase": (
            "alg 'NONE': 'none' in another case",
            jbytes({**h, "alg": "NONE"}),
            "ALG_NONE",
        ),
        "alg-hs512": ("alg HS512: a MAC, not a signature", jbytes({**h, "alg": "HS512"}), "ALG_SYMMETRIC"),
        "alg-missing": ("no alg", jbytes({k: v for k, v in h.items() if k != "alg"}), "ALG_MISSING"),
        "alg-not-a-string": (
            "alg is an array: no algorithm name",
            jbytes({**h, "alg": [h["alg"]]}),
            "ALG_MISSING",
        ),
        "crit-not-an-array": ("crit is a string", jbytes({**h, "crit": "b64"}), "CRIT_INVALID"),
        "crit-duplicate-entry": (
            "crit names the same extension twice",
            jbytes({**h, "crit": [*list(h.get("crit") or []), "x-ext", "x-ext"], "x-ext": 1}),
            "CRIT_INVALID",
        ),
        "crit-names-absent-member": (
            "crit names a member the header does not have",
            jbytes({**h, "crit": [*list(h.get("crit") or []), "x-absent"]}),
            "CRIT_UNKNOWN",
        ),
    }


def _payload_rules(f: JoseFormat) -> dict[str, tuple[str, bytes, str]]:
    text = jbytes(f.claims)
    first = next(iter(f.claims))
    return {
        "byte-order-mark": (
            "a UTF-8 byte-order mark before the payload JSON",
            BOM + text,
            "JSON_INVALID_UNICODE",
        ),
        "lone-surrogate": (
            "a lone UTF-16 surrogate (\\udc00) in a payload string",
            _append(text, b'"x-note":"\\udc00"'),
            "JSON_INVALID_UNICODE",
        ),
        "duplicate-member": (
            f"'{first}' written twice in the payload",
            _append(text, jbytes({first: f.claims[first]})[1:-1]),
            "DUPLICATE_JSON_KEY",
        ),
        "not-utf8": (
            "a payload string holding the byte 0xff",
            _append(text, b'"x-note":"\xff"'),
            "JSON_PARSE_ERROR",
        ),
        "trailing-comma": ("a trailing comma in the payload object", text[:-1] + b",}", "JSON_PARSE_ERROR"),
        "nan": ("a NaN member in the payload", _append(text, b'"x-note":NaN'), "JSON_PARSE_ERROR"),
    }


Segments = Callable[[list[str]], list[str]]


def _segment_rules(f: JoseFormat) -> dict[str, tuple[str, Segments, str]]:
    """name -> (note, change to the [header, payload, signature] segments, expected code)."""

    def pad(i: int) -> Segments:
        return lambda s: [x + ("==" if j == i else "") for j, x in enumerate(s)]

    def std_alphabet(i: int) -> Segments:
        return lambda s: [("+" + x[1:]) if j == i else x for j, x in enumerate(s)]

    def extra_char(i: int) -> Segments:
        # a base64url text of length 4n+1 encodes no byte string
        return lambda s: [(x + "A" * ((1 - len(x)) % 4 or 4)) if j == i else x for j, x in enumerate(s)]

    rules: dict[str, tuple[str, Segments, str]] = {
        "b64-header-padded": ("the header segment carries '=' padding", pad(0), "BASE64URL_ERROR"),
        "b64-header-standard-alphabet": (
            "a '+' (base64, not base64url) in the header segment",
            std_alphabet(0),
            "BASE64URL_ERROR",
        ),
        "b64-header-impossible-length": ("a header segment of length 4n+1", extra_char(0), "BASE64URL_ERROR"),
        "b64-signature-standard-alphabet": (
            "a '+' in the signature segment",
            std_alphabet(2),
            "BASE64URL_ERROR",
        ),
        "b64-signature-whitespace": (
            "a space inside the signature segment",
            lambda s: [s[0], s[1], s[2][:8] + " " + s[2][8:]],
            "BASE64URL_ERROR",
        ),
    }
    if not f.jades and f.fmt != "jws-2020":
        rules["b64-payload-padded"] = ("the payload segment carries '=' padding", pad(1), "BASE64URL_ERROR")
    return rules


def _with_segments(f: JoseFormat, secured: Any, change: Segments) -> Any:
    if isinstance(secured, str):
        return ".".join(change(secured.split(".")))
    if f.jades:
        entry = secured["signatures"][0]
        header, _, signature = change([entry["protected"], "", entry["signature"]])
        return {**secured, "signatures": [{**entry, "protected": header, "signature": signature}]}
    proof = secured["proof"]
    header, payload, signature = proof["jws"].split(".")
    return {**secured, "proof": {**proof, "jws": ".".join(change([header, payload, signature]))}}


def _segment_counts(c: Corpus, f: JoseFormat, secured: Any) -> None:
    detached = f.fmt == "jws-2020"
    jws = secured["proof"]["jws"] if detached else secured
    h, p, s = jws.split(".")
    counts = {
        "one-segment": h,
        "two-segments": f"{h}.{s}" if detached else f"{h}.{p}",
        "four-segments": f"{h}.{p}.{s}.{s}",
        "six-segments": ".".join([h, p, s, s, s, s]),
    }
    for name, value in counts.items():
        content = {**secured, "proof": {**secured["proof"], "jws": value}} if detached else value
        code = ("proof", "JWS_NOT_DETACHED") if detached else ("format", "UNSUPPORTED_FORMAT")
        c.add(
            f.fmt,
            f"strict-{name}",
            KIND,
            f"the compact JWS has {name.replace('-', ' ')}",
            content,
            expect(code[0], "failed", code[1]),
        )


def _format_cases(c: Corpus, f: JoseFormat, options: dict[str, Any]) -> None:
    def add(name: str, note: str, content: Any, check: str, code: str) -> None:
        c.add(f.fmt, f"strict-{name}", KIND, note, content, expect(check, "failed", code), options=options)

    compact = not f.jades and f.fmt != "jws-2020"
    for name, (note, header, code) in _header_rules(f).items():
        # a compact token's header is read to route it to a format: what cannot be read is no format
        check = (
            "format" if compact and (code.startswith("JSON_") or code == "DUPLICATE_JSON_KEY") else "proof"
        )
        if compact and name == "not-an-object":
            check, code = "format", "UNSUPPORTED_FORMAT"
        add(f"header-{name}", f"signed: {note}", f.secure(header=header), check, code)
    if f.fmt != "jws-2020":
        for name, (note, payload, code) in _payload_rules(f).items():
            if f.jades and name == "not-utf8":  # a JAdES payload is a JSON string: it holds text, not bytes
                continue
            add(f"payload-{name}", f"signed: {note}", f.secure(payload=payload), "proof", code)
    valid = f.secure()
    for name, (note, change, code) in _segment_rules(f).items():
        if (f.fmt, name) in LEFT_OUT:
            continue
        # detection decodes the header (and, for an untyped VC-JWT 1.1 token, the payload) before any suite runs
        at_detection = name.startswith("b64-header") or (f.fmt == "vc-jwt" and name.startswith("b64-payload"))
        check = "format" if compact and at_detection else "proof"
        add(name, note, _with_segments(f, valid, change), check, code)
    if f.jades:
        add(
            "header-segment-empty",
            "an empty protected header",
            {**valid, "signatures": [{**valid["signatures"][0], "protected": ""}]},
            "proof",
            "JWS_MALFORMED",
        )
    else:
        _segment_counts(c, f, valid)
    spaced = b"{ " + b" ,\n ".join(jbytes(k) + b" : " + jbytes(v) for k, v in f.header.items()) + b" }"
    c.add(
        f.fmt,
        "control-strict-header-whitespace",
        "control",
        "a protected header written with whitespace and newlines is legal JSON (RFC 8259), so it verifies",
        f.secure(header=spaced),
        VERIFIED,
        options=options,
    )
    if f.fmt != "jws-2020":
        import json

        pretty = json.dumps(f.claims, indent=3, ensure_ascii=True).encode()
        c.add(
            f.fmt,
            "control-strict-payload-indented",
            "control",
            "a payload with indentation and \\u escapes is legal JSON, so it verifies",
            f.secure(payload=pretty),
            VERIFIED,
            options=options,
        )


def jose_cases(c: Corpus, keys: Keys) -> None:
    """JOSE strictness cases for the four JOSE-secured formats."""
    _format_cases(c, JoseFormat("vc+jwt", keys.p256, v2_credential(keys.p256.controller)), {})
    _format_cases(c, JoseFormat("vc-jwt", keys.ed25519, v1_credential(keys.ed25519.controller)), {})
    _format_cases(c, JoseFormat("jws-2020", keys.ed25519, v1_credential(keys.ed25519.controller)), {})
    anchor = {"trust_anchors": ["seal-rsa-ca.pem"]}
    _format_cases(c, JoseFormat("jades", keys.seal_rsa, v1_credential(seal_issuer())), anchor)
