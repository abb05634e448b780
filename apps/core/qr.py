"""The one way the portal draws a QR code: an inline SVG data URI for an <img src>.

segno is imported on the first code drawn, not at start-up (issue 21).
"""


def qr_svg_uri(text: str, *, scale: int = 5, border: int = 2) -> str:
    """`text` (a URL) as a QR code, medium error correction, as a `data:image/svg+xml` URI."""
    import segno

    return segno.make(text, error="m").svg_data_uri(scale=scale, border=border)
