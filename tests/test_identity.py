"""The report's own identity (issue 23, point 5): icons and theme colour from the site's palette, social cards in
that palette (not Material's teal), and "page – report name" titles in each edition's language. The expected
colours are read from docs/assets/extra.css, where the palette lives."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest
from PIL import Image

from conftest import LANGS, ROOT, html_path, page_slugs
from macros.render.identity import CSS, favicon_svg, icon_png, palette, rgb

PALETTE = palette((ROOT / CSS).read_text(encoding="utf-8"))
MATERIAL_TEAL = (0, 105, 92)   # Material's #00695c: what the cards must no longer be


def test_the_palette_is_read_from_the_sites_css():
    css = (ROOT / CSS).read_text(encoding="utf-8")
    block = css.split('[data-md-color-primary="custom"] {', 1)[1].split("}", 1)[0]
    assert re.search(r"--md-primary-fg-color:\s*" + PALETTE["primary"], block), PALETTE


def test_a_missing_palette_colour_is_named():
    with pytest.raises(ValueError, match="--md-primary-fg-color"):
        palette('[data-md-color-primary="custom"] { --esg-figure: #0a5f7a; }')


def test_the_icons_are_drawn_in_the_palette():
    svg = ET.fromstring(favicon_svg(PALETTE))
    fills = {e.get("fill") for e in svg.iter() if e.get("fill")}
    assert fills and fills <= set(PALETTE.values()), fills
    assert svg.find("{http://www.w3.org/2000/svg}rect").get("fill") == PALETTE["primary"]
    with Image.open(io.BytesIO(icon_png(PALETTE))) as img:
        assert img.size == (180, 180)
        assert img.convert("RGB").getpixel((2, 2)) == rgb(PALETTE["primary"])
        assert len(img.convert("RGB").getcolors(180 * 180)) > 2, "the icon is a plain square"


def _head(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("</head>", 1)[0]


def _meta(head: str, attr: str, name: str) -> list[str]:
    return [unescape(v) for v in re.findall(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)"', head)]


@pytest.mark.parametrize("lang", LANGS)
def test_every_title_is_page_then_report_name(site, lang):
    """<title> and og:title: "page – report name" in the edition's language; the home page: the report's name."""
    site_name = _meta(_head(html_path(site, "index", lang)), "property", "og:site_name")[0]
    seen: dict[str, list[str]] = {}
    for slug in page_slugs():
        head = _head(html_path(site, slug, lang))
        title = unescape(re.search(r"<title>(.*?)</title>", head, re.S).group(1)).strip()
        assert _meta(head, "property", "og:title") == [title], slug
        if slug == "index":
            assert title == site_name
            continue
        page, sep, name = title.rpartition(" – ")
        assert sep and name == site_name and page and page != site_name, f"{slug} ({lang}): title {title!r}"
        seen.setdefault(page, []).append(slug)
    assert all(len(slugs) == 1 for slugs in seen.values()), f"{lang}: pages that share a title: {seen}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_the_reports_icons_and_theme_colour(site, lang):
    for slug in page_slugs():
        path = html_path(site, slug, lang)
        head = _head(path)
        assert _meta(head, "name", "theme-color") == [PALETTE["primary"]], slug
        for rel in ("icon", "apple-touch-icon"):
            hrefs = re.findall(rf'<link rel="{rel}" href="([^"]*)"', head)
            assert len(hrefs) == 1, f"{slug}: {rel} {hrefs}"
            target = (path.parent / hrefs[0]).resolve()
            assert target.is_file() and target.stat().st_size > 100, f"{slug}: {rel} {hrefs[0]} leads nowhere"
            assert "favicon.png" not in hrefs[0], "Material's own favicon"
    icon = (site / "assets" / "icons" / "favicon.svg").read_text(encoding="utf-8")
    assert icon == favicon_svg(PALETTE)


def test_the_404_page_has_the_icons_too(site):
    head = _head(site / "404.html")
    assert _meta(head, "name", "theme-color") == [PALETTE["primary"]]
    assert re.search(r'<link rel="icon" href="[^"]*favicon\.svg"', head)


@pytest.mark.parametrize("lang", LANGS)
def test_social_cards_are_in_the_sites_palette(site, lang):
    with Image.open(site / "assets" / "social" / f"{lang}.png") as img:
        colours = sorted(img.convert("RGB").getcolors(1200 * 630), reverse=True)
    ground = colours[0][1]
    assert ground == rgb(PALETTE["primary"]), f"the card's ground is {ground}, not {PALETTE['primary']}"
    assert not any(c == MATERIAL_TEAL for _, c in colours), "Material's teal is still on the card"


@pytest.mark.parametrize("title", ["&lt;/title&gt;&lt;img src=x onerror=alert(1)&gt;", "<b>x</b> &quot;q&quot;",
                                   "a </title><script>alert(1)</script>"])
def test_the_page_title_is_escaped_text_whatever_the_heading_held(title):
    """main.html writes the page title into <title> as it is: the words of a heading (its entities resolved, as a
    reader sees them) and the site name from data/report.yaml come out escaped, never as a tag."""
    from markupsafe import escape

    from macros.plugin.identity import SEPARATOR, page_title
    from macros.render.escaping import text_of

    out = page_title(title, "Medlive </title>\"'", is_home=False)
    assert "<" not in out and '"' not in out, out
    assert out == escape(text_of(title)) + SEPARATOR + escape("Medlive </title>\"'")
    assert page_title(None, escape("A & B"), is_home=True) == "A &amp; B"   # the site name set escaped: not twice
