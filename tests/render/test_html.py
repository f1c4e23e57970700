"""The HTML certificate: escaped, self-contained, language-tagged; unverified credentials refused or marked."""

from __future__ import annotations

import re
from typing import Any

import pytest

from microcred.errors import UsageError, VerificationError
from microcred.render import render

from .conftest import VERIFY_URL, issue_example, make_verifier


def test_standalone_page(secured: dict[str, Any]) -> None:
    html = str(render(secured, verify_url=VERIFY_URL, verifier=make_verifier()))
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en">' in html
    assert "default-src 'none'" in html  # the page itself forbids loading anything
    assert not re.search(r"""(src|href)=["']?https?:""", html)  # nothing loaded or linked from elsewhere
    assert (
        '<span lang="de" class="other-lang">(de) Datenkompetenz für die öffentliche Verwaltung</span>' in html
    )
    assert "<svg" in html and "Verify at<br>https://verify.example.org/verify" in html
    assert "Verified: the seal is intact" in html


def test_claims_are_escaped() -> None:
    payload = '"><script>alert(1)</script>'
    secured = issue_example(title={"en": payload}, description={"en": "<b onmouseover=x>bold</b>"})
    html = str(render(secured, verifier=make_verifier()))
    assert "<script>" not in html and "<b onmouseover" not in html
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_unverified_is_refused_or_marked(tampered: dict[str, Any]) -> None:
    with pytest.raises(VerificationError, match="not verified"):
        render(tampered, verifier=make_verifier())
    html = str(render(tampered, verifier=make_verifier(), allow_unverified=True))
    assert "NOT VERIFIED: do not rely on this credential." in html and 'class="seal bad"' in html


def test_options_are_checked(secured: dict[str, Any]) -> None:
    with pytest.raises(UsageError, match="format"):
        render(secured, format="docx", verifier=make_verifier())  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="verify_url"):
        render(secured, credential_url="https://uni.example/c/1", verifier=make_verifier())
    with pytest.raises(TypeError):
        render(secured, verfy_url=VERIFY_URL)  # type: ignore[call-arg]
