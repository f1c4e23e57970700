"""``displayParameter``: how Europass shows the credential (EDC requires one page image per display).

microcred draws a small SVG card (title, learner, awarding body, date, credits) so that every credential has a
human-readable rendering without an image toolkit. It is generated from the model and not read back.
"""

from __future__ import annotations

import base64
from html import escape

from ..model import MicroCredential
from .nodes import Node, NodeWriter
from .terms import BASE64_ENCODING, SVG_FILE_TYPE


def _pick(text: dict[str, str], lang: str) -> str:
    return text.get(lang) or next(iter(text.values()))


def card_svg(mc: MicroCredential, lang: str) -> str:
    """An A4-landscape SVG summary of the micro-credential in ``lang`` (falls back to any language)."""
    lines = [
        ("Micro-credential", 28, "#555"),
        (_pick(mc.title, lang), 44, "#003399"),
        (_pick(mc.learner.full_name, lang), 36, "#000"),
        (", ".join(_pick(b.legal_name, lang) for b in mc.awarding_bodies), 26, "#333"),
        (f"Issued {mc.issued.date().isoformat()}", 22, "#333"),
    ]
    points = mc.workload.credit_points if mc.workload else []
    credits = ", ".join(f"{_number(cp.points)} credits" for cp in points)
    if credits:
        lines.append((credits, 22, "#333"))
    body = []
    y = 150
    for text, size, colour in lines:
        body.append(
            f'<text x="80" y="{y}" font-family="sans-serif" font-size="{size}" fill="{colour}">'
            f"{escape(text)}</text>"
        )
        y += size + 40
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="1123" height="794" viewBox="0 0 1123 794">'
        '<rect width="1123" height="794" fill="#fff" stroke="#003399" stroke-width="12"/>'
        + "".join(body)
        + "</svg>"
    )


def _number(value: object) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def display_parameter(w: NodeWriter, mc: MicroCredential) -> Node:
    """The ELM ``displayParameter`` node: languages, title, and the summary display of the credential."""
    languages = list(mc.title)
    primary = languages[0]
    image = {
        "id": w.mint("mediaObject"),
        "type": "MediaObject",
        "content": base64.b64encode(card_svg(mc, primary).encode("utf-8")).decode("ascii"),
        "contentType": w.concept(SVG_FILE_TYPE),
        "contentEncoding": w.concept(BASE64_ENCODING),
    }
    return {
        "id": w.mint("displayParameter"),
        "type": "DisplayParameter",
        "title": dict(mc.title),
        "language": [w.language(lang) for lang in languages],
        "primaryLanguage": w.language(primary),
        "individualDisplay": [
            {
                "id": w.mint("individualDisplay"),
                "type": "IndividualDisplay",
                "language": w.language(primary),
                "displayDetail": [
                    {"id": w.mint("displayDetail"), "type": "DisplayDetail", "image": image, "page": 1}
                ],
            }
        ],
    }
