"""QR codes drawn inline as SVG: no image file to store, no outside service to ask."""

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(
    data: str, *, scale: float = 5, border: int = 2, dark: str = "#1f1f1f", fluid: bool = False
) -> SafeString:
    """``data`` as an inline SVG QR code, with medium error correction so a creased or
    smudged print still scans. A ``fluid`` code has a viewBox instead of a size, so CSS sets
    its width (a poster whose sheet can be A4 or A3)."""
    code = segno.make(data, error="m")
    return mark_safe(  # noqa: S308 - segno's own SVG output
        code.svg_inline(scale=scale, border=border, dark=dark, light="#ffffff", omitsize=fluid)
    )
