"""The report's identity outside the page: favicon, app icon and browser theme colour, in the site's own palette.

Why: Material's book favicon and teal social cards said "theme demo" on a navy report. The colours have one home,
docs/assets/extra.css (checked there for WCAG AA); this module reads them from it, so a change of palette changes
the icons, the theme colour and the social cards with it. The icon is no invented logo: a page of a report (lines
of text and one line of figures) on the report's deep blue. Pure: text in, bytes out.
"""

from __future__ import annotations

import functools
import io
import re

CSS = "docs/assets/extra.css"
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
# (palette key, CSS selector the custom property is set in, property)
NEEDED = {
    "primary": ('[data-md-color-primary="custom"]', "--md-primary-fg-color"),
    "on_primary": ('[data-md-color-primary="custom"]', "--md-primary-bg-color"),
    "figure": ('[data-md-color-primary="custom"]', "--esg-figure"),
    "tint": ('[data-md-color-primary="custom"]', "--esg-tint"),
    "figure_dark": ('[data-md-color-scheme="slate"][data-md-color-primary="custom"]', "--esg-figure"),
}


def _hex(value: str) -> str:
    value = value.strip().lower()
    if value in ("#fff", "white"):
        return "#ffffff"
    return value


def palette(css_text: str) -> dict[str, str]:
    """{key: '#rrggbb'} of NEEDED, read from the site's CSS; ValueError names a colour it does not find. The same
    CSS gives the same colours: asked nine times a build (icons, cards, each edition), read once per CSS."""
    return dict(_palette(css_text))


@functools.lru_cache(maxsize=2)
def _palette(css_text: str) -> dict[str, str]:
    found: dict[tuple[str, str], str] = {}
    for selector, body in _RULE.findall(css_text):
        sel = " ".join(selector.split("*/")[-1].split())
        for prop, value in re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", body):
            if re.fullmatch(r"#[0-9a-fA-F]{6}|#fff|white", value.strip()):
                found.setdefault((sel, prop), _hex(value))
    out = {}
    for key, (selector, prop) in NEEDED.items():
        if (selector, prop) not in found:
            raise ValueError(f"{CSS}: no {prop} as #rrggbb under {selector}; the icons and social cards take "
                             "their colours from there")
        out[key] = found[selector, prop]
    return out


def rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


# The icon on a 32-unit grid: a rounded square; three lines of text and, last, a shorter line of figures in the
# colour figures have on the dark scheme (light blue, 6.2:1 on the deep blue).
_LINES = [(8, 9, 24), (8, 14, 24), (8, 19, 20)]
_FIGURE_LINE = (8, 24, 16)


def favicon_svg(colours: dict[str, str]) -> str:
    bars = "".join(f'<rect x="{x}" y="{y}" width="{w - x}" height="2.4" rx="1.2" fill="{colours["on_primary"]}"/>'
                   for x, y, w in _LINES)
    x, y, w = _FIGURE_LINE
    bars += f'<rect x="{x}" y="{y}" width="{w - x}" height="2.4" rx="1.2" fill="{colours["figure_dark"]}"/>'
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
            f'<rect width="32" height="32" rx="6" fill="{colours["primary"]}"/>{bars}</svg>\n')


def icon_png(colours: dict[str, str], size: int = 180) -> bytes:
    """The same icon as a PNG (apple-touch-icon: iOS and Android home screens do not take SVG); full bleed, as
    iOS rounds the corners itself."""
    from PIL import Image, ImageDraw

    scale = size / 32
    img = Image.new("RGB", (size, size), rgb(colours["primary"]))
    draw = ImageDraw.Draw(img)
    for (x, y, w), fill in [(line, colours["on_primary"]) for line in _LINES] + [(_FIGURE_LINE, colours["figure_dark"])]:
        draw.rounded_rectangle((x * scale, y * scale, w * scale, (y + 2.4) * scale), radius=1.2 * scale,
                               fill=rgb(fill))
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()
