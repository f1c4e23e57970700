"""The QR code's link: the verification page, the credential by reference, bounded and http(s) only."""

from __future__ import annotations

import pytest

from microcred.errors import UsageError
from microcred.render.qr import MAX_LINK, qr_matrix, qr_svg, verification_link


def test_link_by_reference() -> None:
    assert verification_link("https://v.example/verify") == "https://v.example/verify"
    link = verification_link("https://v.example/verify", "https://uni.example/c/1?x=1&y=2")
    assert link == "https://v.example/verify?url=https%3A%2F%2Funi.example%2Fc%2F1%3Fx%3D1%26y%3D2"
    assert verification_link("https://v.example/verify?lang=de", "https://u.example/c").endswith(
        "&url=https%3A%2F%2Fu.example%2Fc"
    )


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://x.example/", "https://", "data:text/html,x"])
def test_refuses_non_http_links(url: str) -> None:
    with pytest.raises(UsageError):
        verification_link(url)


def test_refuses_a_link_too_long_for_paper() -> None:
    with pytest.raises(UsageError, match="QR code"):
        verification_link("https://v.example/verify", "https://u.example/" + "a" * MAX_LINK)


def test_matrix_is_the_segno_symbol_and_svg_draws_it() -> None:
    import segno

    link = "https://v.example/verify"
    matrix = qr_matrix(link)
    assert matrix == [[bool(v) for v in row] for row in segno.make_qr(link, error="m").matrix]
    svg = qr_svg(link)
    assert svg.count("h1v1h-1z") == sum(map(sum, matrix))
    assert 'aria-label="QR code' in svg
