"""The social card of an edition: a 1200 × 630 PNG (og:image) with the report's title, year and company.

Why: a link to the report shared in a chat app or on LinkedIn shows this picture; without one it shows nothing or
a random page element. Drawn at build with Pillow (already here: WeasyPrint depends on it) in the site's palette,
with the edition's own CJK face found through fontconfig (`fc-match`, the fonts-noto-cjk package the PDF uses):
nothing fetched, the same bytes on every build of the same data.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess

SIZE = (1200, 630)
MARGIN = 80


def card_colours(palette: dict[str, str]) -> tuple[str, str, str, str]:
    """(ground, year, text, secondary text) from the site's palette (macros/render/identity.py reads it from
    docs/assets/extra.css): the header's deep blue, white text on it (11.6:1), the table tint for the secondary text
    (10:1), and for the large quiet year the ground a tenth of the way to white."""
    from .identity import rgb

    ground = rgb(palette["primary"])
    year = "#" + "".join(f"{round(c + (255 - c) * 0.1):02x}" for c in ground)
    return palette["primary"], year, palette["on_primary"], palette["tint"]


class FontError(RuntimeError):
    pass


def font_file(family: str, bold: bool) -> tuple[str, int]:
    """(path, face index) of a font family as fontconfig resolves it; an error if it resolves to another family."""
    if not shutil.which("fc-match"):
        raise FontError("fc-match (fontconfig) is not installed; install fonts-noto-cjk and fontconfig")
    pattern = f"{family}:bold" if bold else family
    out = subprocess.run(["fc-match", "-f", "%{file}\n%{index}\n%{family}", pattern], capture_output=True,
                         text=True, check=True).stdout.split("\n")
    path, index, families = out[0], int(out[1] or 0), out[2]
    if family not in families.split(","):
        raise FontError(f"font '{family}' is not installed (fontconfig offers '{families}'); "
                        "install fonts-noto-cjk (the PDF needs it too)")
    return path, index


def _wrap(draw, text: str, font, width: int) -> list[str]:
    """Lines that fit `width` pixels: breaks at spaces in Latin text, between characters in CJK text."""
    from .textfit import _tokens

    lines, line = [], ""
    for tok in _tokens(text):
        trial = line + tok
        if line.strip() and tok != " " and draw.textlength(trial, font=font) > width:
            lines.append(line.rstrip())
            line = tok
        else:
            line = trial if (line or tok != " ") else line
    if line.strip():
        lines.append(line.rstrip())
    return lines


@functools.lru_cache(maxsize=16)
def card_png(title: str, company: str, year: int, tagline: str, family: str,
             colours: tuple[str, str, str, str]) -> bytes:
    """The card: the company on top, the title large, the year as a large figure, a tagline at the foot. Kept for
    the same words: `make serve` builds every edition at each save, and drawing a card takes a tenth of a second."""
    from PIL import Image, ImageDraw, ImageFont

    bold_path, bold_index = font_file(family, bold=True)
    regular_path, regular_index = font_file(family, bold=False)

    def face(size: int, bold: bool = False):
        return ImageFont.truetype(bold_path if bold else regular_path, size,
                                  index=bold_index if bold else regular_index)

    ground, year_colour, text, pale = colours
    img = Image.new("RGB", SIZE, ground)
    draw = ImageDraw.Draw(img)
    # the year, large and quiet, at the right; the text runs over it
    year_font = face(300, bold=True)
    year_w = draw.textlength(str(year), font=year_font)
    draw.text((SIZE[0] - year_w - MARGIN + 20, SIZE[1] - 360), str(year), font=year_font, fill=year_colour)
    draw.rectangle((MARGIN, MARGIN, MARGIN + 96, MARGIN + 8), fill=text)
    draw.text((MARGIN, MARGIN + 36), company, font=face(40), fill=pale)
    width = SIZE[0] - 2 * MARGIN
    size = 76
    while True:   # the title as large as fits in three lines
        title_font = face(size, bold=True)
        lines = _wrap(draw, title, title_font, width)
        if len(lines) <= 3 or size <= 44:
            break
        size -= 4
    y = MARGIN + 120
    for line in lines:
        draw.text((MARGIN, y), line, font=title_font, fill=text)
        y += int(size * 1.3)
    draw.text((MARGIN, SIZE[1] - MARGIN - 40), tagline, font=face(34), fill=pale)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()
