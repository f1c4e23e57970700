"""Open Badges 3.0 baked into SVG: an ``<openbadges:credential>`` element.

OB 3.0 §5.3.2 (SVG): the ``svg`` root declares the namespace ``xmlns:openbadges=
"https://purl.imsglobal.org/ob/v3p0"`` and holds one ``<openbadges:credential>`` element (the first child of
the root). A credential with an embedded proof is its text content (JSON, written by the spec in a CDATA
section; escaped text is the same XML character data); a compact JWS (VC-JWT) is its ``verify`` attribute.

Untrusted SVG is parsed with :mod:`defusedxml` (no entity expansion, no external entities or DTD retrieval);
writing uses the standard library's :mod:`xml.etree.ElementTree`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..errors import BakedBadgeError, InputTooLargeError

SVG_NS = "http://www.w3.org/2000/svg"
OB_NS = "https://purl.imsglobal.org/ob/v3p0"
CREDENTIAL_TAG = f"{{{OB_NS}}}credential"
#: Default limit of an SVG image read (bytes).
MAX_SVG = 8 * 1024 * 1024


def looks_like_svg(text: str) -> bool:
    """True when ``text`` is XML whose start mentions an ``<svg`` root (a cheap sniff before parsing)."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    return head.startswith("<") and "<svg" in head


def _parse(text: str | bytes) -> ET.Element:
    if len(text) > MAX_SVG:
        raise InputTooLargeError(f"the SVG image is over {MAX_SVG} bytes")
    try:
        root = fromstring(text, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise BakedBadgeError(f"the SVG image uses forbidden XML (DTD or entities): {exc}") from exc
    except ET.ParseError as exc:
        raise BakedBadgeError(f"the SVG image is not well-formed XML: {exc}") from exc
    if root.tag != f"{{{SVG_NS}}}svg":
        raise BakedBadgeError(f"the XML root is {root.tag!r}, not an SVG <svg> element")
    return root


def read_svg_credential(text: str | bytes) -> str:
    """The credential baked into the SVG ``text``: the element's ``verify`` attribute or its text content."""
    found = [e for e in _parse(text).iter(CREDENTIAL_TAG)]
    if not found:
        raise BakedBadgeError("the SVG image has no <openbadges:credential> element (no baked badge)")
    if len(found) > 1:
        raise BakedBadgeError("the SVG image has more than one <openbadges:credential> element")
    element = found[0]
    value = element.get("verify") or (element.text or "").strip()
    if not value:
        raise BakedBadgeError("the <openbadges:credential> element is empty")
    return value


def bake_svg(image: str | bytes, credential: str) -> str:
    """``image`` with ``credential`` (JSON text or a compact JWS) baked in, replacing an earlier baked badge."""
    root = _parse(image)
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == CREDENTIAL_TAG:
                parent.remove(child)
    element = ET.Element(CREDENTIAL_TAG)
    text = credential.strip()
    if text.startswith("{"):
        element.text = text
    else:
        element.set("verify", text)
    root.insert(0, element)
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("openbadges", OB_NS)
    return ET.tostring(root, encoding="unicode", xml_declaration=False)
