"""QR codes as inline SVG images (data: URIs are the one image source the CSP allows
besides our own origin, and they print without a second request)."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg


def qr_data_uri(text: str, *, box_size: int = 8) -> str:
    buf = io.BytesIO()
    qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=box_size).save(buf)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode()
