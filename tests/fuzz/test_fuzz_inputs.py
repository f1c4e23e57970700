"""Random input into every place the API and the CLI parse input (issue 11): a result or a ``MicrocredError``.

Random JSON values (with the values issue 11 found crashing: integers beyond the int-to-str limit, ``inf``/``nan``,
lone surrogates, date-times at the calendar's edges, keywords), random text and random bytes go into ``verify``
(dict, str, bytes), ``Verifier.verify``, ``loads_strict``, ``load_file``, key loading (JWK, PEM, key files),
static key files, status list credential parsing, ``from_elm``, ``MicroCredential`` validation, ``validate``, and
the CLI commands ``verify`` (with its ``--keys``, ``--status-list`` and ``--trust-anchor`` files), ``convert``,
``validate``, ``canon`` and ``issue`` through ``microcred.cli.main.main``.

Properties: the API returns or raises a :class:`~microcred.errors.MicrocredError` (never another exception); the
CLI returns exit code 1 or 2 (``canon`` may also succeed: any JSON object is JSON-LD) and prints no traceback;
everything within the guard (``signal.alarm``). Deterministic (``derandomize=True``) and bounded (a few dozen
examples per entry point); raise ``FUZZ_SCALE`` to run longer by hand.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred import (
    Key,
    MicroCredential,
    MicrocredError,
    StaticResolver,
    Verifier,
    from_elm,
    validate,
    verify,
)
from microcred.cli.main import main as cli_main
from microcred.jsonio import load_file, loads_strict
from microcred.status.credential import parse_status_list_credential

from ..adversarial.runner import HERE as CORPUS
from ..adversarial.runner import guard

SCALE = max(1, int(os.environ.get("FUZZ_SCALE", "1")))
NOW = "2026-01-15T12:00:00Z"
#: Seconds one call may take (the verifier's own caps bound the work; the guard turns a hang into a failure).
GUARD_SECONDS = 20
KEYS_DIR = Path(__file__).resolve().parents[1] / "data" / "keys"
#: A credential that verifies, so that the CLI reads the hostile option files it is given.
VALID_CREDENTIAL = CORPUS / "cases" / "eddsa-rdfc-2022" / "control-valid.json"

HOSTILE_STRINGS = (
    "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "2031-02-30T00:00:00Z", "\ud800", "\udc00x",
    "\ufeff{}", "\u0000", "did:key:z6Mk", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", "@id",
    "@context", "@type", "@vocab", "https://www.w3.org/ns/credentials/v2", "https://www.w3.org/2018/credentials/v1",
    "VerifiableCredential", "EnvelopedVerifiableCredential", "data:application/vc+jwt,e30.e30.", "e30.e30.",
    "eyJhbGciOiJub25lIn0.e30.", "BitstringStatusListCredential", "OKP", "EC", "RSA", "Ed25519", "P-256",
    "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "z" + "1" * 64, "u" + "A" * 40,
)  # fmt: skip
HOSTILE_KEYS = (
    "@context", "id", "type", "issuer", "validFrom", "validUntil", "issuanceDate", "expirationDate",
    "credentialSubject", "credentialStatus", "proof", "verificationMethod", "created", "expires", "kty", "crv",
    "x", "y", "d", "n", "e", "kid", "alg", "payload", "signatures", "protected", "signature", "encodedList",
    "statusPurpose", "statusListIndex", "statusListCredential", "vc", "iss", "iat", "nbf", "exp", "title",
    "hasClaim", "awardedBy", "@id", "@type", "@graph", "@included", "@value", "publicKeyMultibase", "controller",
)  # fmt: skip

#: Integers past Python's int-to-str limit, and NumericDate edges.
EDGE_INTEGERS = (10**5000, -(10**4400), 2**64, -1, 0, 253402300800, -62135596801)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(0, len(EDGE_INTEGERS) - 1).map(EDGE_INTEGERS.__getitem__)  # (their repr would fail)
    | st.floats()  # includes inf and nan
    | st.text(max_size=16)
    | st.sampled_from(HOSTILE_STRINGS)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(HOSTILE_KEYS) | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=12,
)
objects = st.dictionaries(st.sampled_from(HOSTILE_KEYS), json_values, max_size=6)
RAW_FRAGMENTS = (
    "9" * 5000, "1e400", "-1.5E+999", "NaN", "Infinity", '"\\ud800"', "\ufeff", '{"a":1,"a":2}', "[" * 200,
    '{"@context":', "\xff",
)  # fmt: skip


def _text_of(value: Any) -> str:
    try:
        return json.dumps(value, allow_nan=True)
    except ValueError:  # an integer past the int-to-str limit
        return "9" * 5000


texts = (
    json_values.map(_text_of)
    | st.text(max_size=64)
    | st.lists(st.sampled_from(RAW_FRAGMENTS) | st.text(max_size=4), max_size=6).map("".join)
    | st.tuples(objects.map(_text_of), st.sampled_from(RAW_FRAGMENTS)).map(
        lambda t: t[0][:-1] + ',"x":' + t[1] + "}" if t[0].endswith("}") else t[0]
    )
)
raw_bytes = (
    st.binary(max_size=256)
    | texts.map(lambda t: t.encode("utf-8", "surrogatepass"))
    | texts.map(lambda t: b"\xef\xbb\xbf" + t.encode("utf-8", "surrogatepass"))
    | texts.map(lambda t: t.encode("utf-16", "surrogatepass"))
)
inputs = json_values | texts | raw_bytes


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


def returns_or_refuses(call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call within the guard: a value, or None when it raised a MicrocredError; anything else propagates."""
    with guard(GUARD_SECONDS):
        try:
            return call(*args, **kwargs)
        except MicrocredError as exc:
            assert exc.code and str(exc), "a MicrocredError without a code or a message"
            return None


@contextlib.contextmanager
def temp_file(data: bytes, suffix: str = ".json") -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="microcred-fuzz-") as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        yield path


def _as_bytes(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    return _text_of(value).encode("utf-8", "surrogatepass")


def run_cli(argv: list[str], allowed: frozenset[int] = frozenset({1, 2})) -> None:
    """``microcred ARGV``: an allowed exit code, no traceback, nothing but a one-line reason on stderr."""
    out, err = io.StringIO(), io.StringIO()
    with guard(GUARD_SECONDS), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(argv)
    assert code in allowed, f"microcred {' '.join(argv)} exited {code}\n{err.getvalue()}"
    assert "Traceback" not in err.getvalue() + out.getvalue(), err.getvalue()


# -- the API --------------------------------------------------------------------------------------------------
@fuzz(150)
@given(inputs)
def test_verify_any_input(data: Any) -> None:
    result = returns_or_refuses(verify, data, now=NOW)
    assert result is None or result.verified is False


@fuzz(40)
@given(objects)
def test_verifier_verify(data: dict[str, Any]) -> None:
    result = returns_or_refuses(Verifier(now=NOW).verify, data)
    assert result is None or result.verified is False


@fuzz(80)
@given(texts | raw_bytes)
def test_loads_strict(data: str | bytes) -> None:
    value = returns_or_refuses(loads_strict, data)
    if value is not None and isinstance(value, float):
        assert math.isfinite(value)


@fuzz(30)
@given(raw_bytes)
def test_load_file(data: bytes) -> None:
    with temp_file(data) as path:
        returns_or_refuses(load_file, path)


@fuzz(60)
@given(objects | texts)
def test_key_from_jwk(jwk: Any) -> None:
    returns_or_refuses(Key.from_jwk, jwk)


@fuzz(40)
@given(texts | raw_bytes)
def test_key_from_pem(data: str | bytes) -> None:
    returns_or_refuses(Key.from_pem, data)


@fuzz(40)
@given(inputs, st.sampled_from([".jwk", ".json", ".pem"]))
def test_key_and_key_set_files(data: Any, suffix: str) -> None:
    with temp_file(_as_bytes(data), suffix) as path:
        returns_or_refuses(Key.load, path)
        returns_or_refuses(StaticResolver.from_file, path)


@fuzz(50)
@given(json_values | objects)
def test_status_list_credential(document: Any) -> None:
    parsed = returns_or_refuses(parse_status_list_credential, document)
    if parsed is not None:
        returns_or_refuses(parsed.bitstring)
    with guard(GUARD_SECONDS), contextlib.suppress(MicrocredError):
        Verifier(now=NOW, status_lists=[document])


@fuzz(50)
@given(json_values | objects)
def test_model_elm_and_validate(document: Any) -> None:
    returns_or_refuses(from_elm, document)
    returns_or_refuses(MicroCredential.from_dict, document)
    returns_or_refuses(MicroCredential.from_dict, document, lenient=True)
    returns_or_refuses(validate, document)


@fuzz(30)
@given(texts | raw_bytes)
def test_model_from_json(text: str | bytes) -> None:
    returns_or_refuses(MicroCredential.from_json, text)


# -- the CLI --------------------------------------------------------------------------------------------------
@fuzz(25)
@given(inputs)
def test_cli_verify(data: Any) -> None:
    with temp_file(_as_bytes(data)) as path:
        run_cli(["verify", str(path), "--now", NOW])


@fuzz(25)
@given(inputs, st.sampled_from(["--keys", "--status-list", "--trust-anchor"]))
def test_cli_verify_option_files(data: Any, option: str) -> None:
    """Hostile option files next to a credential that verifies: refused naming the file (exit 2), or unused."""
    with temp_file(_as_bytes(data)) as path:
        run_cli(["verify", str(VALID_CREDENTIAL), "--now", NOW, option, str(path)], frozenset({0, 1, 2}))


@fuzz(20)
@given(inputs, st.sampled_from(["elm", "elm-v2", "model"]))
def test_cli_convert(data: Any, target: str) -> None:
    with temp_file(_as_bytes(data)) as path:
        run_cli(["convert", str(path), "--to", target])


@fuzz(20)
@given(inputs)
def test_cli_validate(data: Any) -> None:
    with temp_file(_as_bytes(data)) as path:
        run_cli(["validate", str(path)])


@fuzz(20)
@given(inputs)
def test_cli_canon(data: Any) -> None:
    """Any JSON object is a JSON-LD document (possibly with no triple), so canon may also succeed."""
    with temp_file(_as_bytes(data)) as path:
        run_cli(["canon", str(path)], frozenset({0, 1, 2}))


@fuzz(20)
@given(inputs, st.booleans())
def test_cli_issue(data: Any, hostile_key: bool) -> None:
    """A hostile credential with a good key, or the example credential with a hostile key file."""
    with temp_file(_as_bytes(data)) as path:
        if hostile_key:
            argv = ["issue", str(VALID_CREDENTIAL), "--key", str(path), "--now", NOW]
        else:
            argv = ["issue", str(path), "--key", str(KEYS_DIR / "ed25519.jwk"), "--now", NOW]
        run_cli(argv)
