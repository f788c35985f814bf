"""Draw the integration's brand icons (custom_components/sew_thinq/brand/).

Run with the project's virtual environment: .venv/bin/python scripts/make_icon.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

BRAND = Path(__file__).resolve().parent.parent / "custom_components/sew_thinq/brand"
SUPERSAMPLE = 4

BACKGROUND = (22, 78, 140, 255)
BOLT = (255, 196, 37, 255)
DROP = (120, 205, 255, 255)


def draw(size: int) -> Image.Image:
    """Return the icon at the given size, drawn large and scaled down for smooth edges."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)

    def at(x: float, y: float) -> tuple[float, float]:
        return (x * big, y * big)

    pen.rounded_rectangle(
        (*at(0.02, 0.02), *at(0.98, 0.98)), radius=0.2 * big, fill=BACKGROUND
    )
    bolt = [
        (0.50, 0.12), (0.22, 0.56), (0.42, 0.56), (0.34, 0.88),
        (0.66, 0.42), (0.46, 0.42), (0.56, 0.12),
    ]  # fmt: skip
    pen.polygon([at(x, y) for x, y in bolt], fill=BOLT)
    pen.ellipse((*at(0.62, 0.60), *at(0.84, 0.82)), fill=DROP)
    pen.polygon([at(0.63, 0.68), at(0.73, 0.44), at(0.83, 0.68)], fill=DROP)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    """Write icon.png (256x256) and icon@2x.png (512x512)."""
    BRAND.mkdir(parents=True, exist_ok=True)
    draw(256).save(BRAND / "icon.png", optimize=True)
    draw(512).save(BRAND / "icon@2x.png", optimize=True)


if __name__ == "__main__":
    main()
