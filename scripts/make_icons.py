"""Draw the site's favicon.ico and its 180×180 touch icon from the same design as
site/static/img/favicon.svg (a red disc with two white strokes of wind, 清风). Run once after
changing the design; the files are committed and served at the site's root (WHITENOISE_ROOT).

    .venv/bin/python scripts/make_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1] / "site" / "root"
BRAND = (140, 28, 19, 255)  # --brand, #8c1c13
WHITE = (255, 255, 255, 255)
# The two strokes of favicon.svg, as cubic Béziers on its 64×64 grid.
STROKES = [
    ((18, 40), (26, 36), (38, 36), (46, 28)),
    ((20, 28), (26, 26), (34, 26), (42, 20)),
]


def _bezier(points, steps):
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    for i in range(steps + 1):
        t = i / steps
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
        yield (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)


def draw(size, full_bleed=False):
    """The icon at ``size`` pixels, drawn 8× larger and scaled down for smooth edges."""
    big = size * 8
    scale = big / 64
    image = Image.new("RGBA", (big, big), BRAND if full_bleed else (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if not full_bleed:
        pen.ellipse([2 * scale, 2 * scale, 62 * scale, 62 * scale], fill=BRAND)
    # A round pen stamped along each curve: round caps and no seams between segments.
    radius = 2.5 * scale
    for stroke in STROKES:
        for x, y in _bezier(stroke, steps=600):
            x, y = x * scale, y * scale
            pen.ellipse([x - radius, y - radius, x + radius, y + radius], fill=WHITE)
    return image.resize((size, size), Image.LANCZOS)


def main():
    ROOT.mkdir(exist_ok=True)
    # A touch icon is square and opaque: the phone rounds its corners itself.
    draw(180, full_bleed=True).convert("RGB").save(ROOT / "apple-touch-icon.png", optimize=True)
    draw(48).save(ROOT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()
