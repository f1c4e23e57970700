"""Open Badges baked into PNG and SVG: writing, reading, verify's sniffing, bad images."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest

import microcred
from microcred.cli.main import main
from microcred.errors import BakedBadgeError, InputTooLargeError
from microcred.shapes import bake_png as png_mod
from microcred.shapes.bake_png import KEYWORD, bake_png, read_png_credential
from microcred.shapes.bake_svg import bake_svg, read_svg_credential

IMAGES = Path(__file__).resolve().parent / "data" / "images"
NOW = "2026-01-01T00:00:00Z"
CRED = '{"@context": ["https://www.w3.org/ns/credentials/v2"], "name": "x < y & z"}'
JWS = "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.c2ln"


@pytest.fixture(scope="module")
def signed_badge() -> dict[str, Any]:
    from microcred.keys import Key

    key = Key.load(Path(__file__).resolve().parents[1] / "data" / "keys" / "ed25519.jwk")
    signed = microcred.issue(microcred.example_microcredential(), key, shape="ob3", now=NOW)
    assert isinstance(signed, dict)
    return signed


def png() -> bytes:
    return (IMAGES / "badge.png").read_bytes()


def svg() -> str:
    return (IMAGES / "badge.svg").read_text(encoding="utf-8")


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


@pytest.mark.parametrize("text", [CRED, JWS])
def test_png_round_trip(text: str) -> None:
    baked = bake_png(png(), text)
    assert read_png_credential(baked) == text
    assert baked.endswith(chunk(b"IEND", b""))


def test_png_baking_again_replaces_the_badge() -> None:
    baked = bake_png(bake_png(png(), CRED), JWS)
    assert read_png_credential(baked) == JWS and baked.count(KEYWORD) == 1


def test_png_reads_a_compressed_itxt_chunk() -> None:
    body = KEYWORD + b"\0\x01\x00\0\0" + zlib.compress(CRED.encode())
    image = png()[:-12] + chunk(b"iTXt", body) + png()[-12:]
    assert read_png_credential(image) == CRED


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (b"GIF89a", "PNG signature"),
        (png()[:-12], "truncated"),
        (png()[:-1] + b"\x00", "CRC"),
        (png(), "no openbadgecredential"),
    ],
    ids=["not-png", "truncated", "bad-crc", "no-badge"],
)
def test_png_bad_images(image: bytes, message: str) -> None:
    with pytest.raises(BakedBadgeError, match=message):
        read_png_credential(image)


def test_png_two_badges_are_refused() -> None:
    one = chunk(b"iTXt", KEYWORD + b"\0\0\0\0\0" + CRED.encode())
    image = png()[:-12] + one + one + png()[-12:]
    with pytest.raises(BakedBadgeError, match="more than one"):
        read_png_credential(image)


def test_png_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = KEYWORD + b"\0\x01\x00\0\0" + zlib.compress(b" " * 10_000)
    image = png()[:-12] + chunk(b"iTXt", bomb) + png()[-12:]
    with pytest.raises(InputTooLargeError):
        read_png_credential(image, max_text=1000)
    monkeypatch.setattr(png_mod, "MAX_CHUNKS", 3)
    with pytest.raises(InputTooLargeError, match="chunks"):
        read_png_credential(bake_png(png(), CRED))


@pytest.mark.parametrize("text", [CRED, JWS])
def test_svg_round_trip(text: str) -> None:
    baked = bake_svg(svg(), text)
    assert 'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in baked
    assert read_svg_credential(baked) == text
    assert read_svg_credential(bake_svg(baked, CRED)) == CRED  # replaced, not added


@pytest.mark.parametrize(
    ("image", "message"),
    [
        ("<html/>", "not an SVG"),
        ("<svg xmlns='http://www.w3.org/2000/svg'>", "well-formed"),
        ('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>', "forbidden"),
        (svg(), "no <openbadges:credential>"),
    ],
    ids=["not-svg", "malformed", "entities", "no-badge"],
)
def test_svg_bad_images(image: str, message: str) -> None:
    with pytest.raises(BakedBadgeError, match=message):
        read_svg_credential(image)


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_verify_reads_baked_badges(kind: str, signed_badge: dict[str, Any]) -> None:
    text = json.dumps(signed_badge)
    image: bytes = bake_png(png(), text) if kind == "png" else bake_svg(svg(), text).encode()
    assert microcred.verify(image, now=NOW).verified
    tampered = dict(signed_badge, name="Another badge")
    bad: bytes = (
        bake_png(png(), json.dumps(tampered))
        if kind == "png"
        else bake_svg(svg(), json.dumps(tampered)).encode()
    )
    assert not microcred.verify(bad, now=NOW).verified


def test_verify_reports_an_image_without_a_badge() -> None:
    result = microcred.verify(png(), now=NOW)
    assert not result.verified
    assert any(c.code == "BAKED_BADGE_INVALID" for c in result.checks)


@pytest.mark.parametrize("name", ["badge.png", "badge.svg"])
def test_cli_bake_then_verify(name: str, tmp_path: Path, signed_badge: dict[str, Any]) -> None:
    cred = tmp_path / "signed.json"
    cred.write_text(json.dumps(signed_badge), encoding="utf-8")
    out = tmp_path / f"baked-{name}"
    assert main(["bake", str(cred), "--image", str(IMAGES / name), "-o", str(out)]) == 0
    assert main(["verify", str(out), "--now", NOW, "-q"]) == 0
    assert main(["verify", str(IMAGES / name), "--now", NOW, "-q"]) == 1


def test_cli_bake_refuses_other_images(tmp_path: Path) -> None:
    cred = tmp_path / "c.json"
    cred.write_text(CRED, encoding="utf-8")
    gif = tmp_path / "x.gif"
    gif.write_bytes(b"GIF89a....")
    assert main(["bake", str(cred), "--image", str(gif), "-o", str(tmp_path / "o")]) == 2
    assert not (tmp_path / "o").exists()
