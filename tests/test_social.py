"""Each edition's social card: a 1200 × 630 PNG written at build, named by og:image on every page of the edition
with an absolute URL under site_url, with its size and a text alternative."""

from __future__ import annotations

import re

import pytest
from PIL import Image

from conftest import LANGS, html_path, page_slugs, site_url


@pytest.mark.parametrize("lang", LANGS)
def test_social_card_exists_and_every_page_names_it(site, dataset, lang):
    card = site / "assets" / "social" / f"{lang}.png"
    assert card.exists(), f"no social card for {lang}"
    with Image.open(card) as img:
        assert img.format == "PNG" and img.size == (1200, 630)
        colours = img.convert("RGB").getcolors(1200 * 630)
        assert len(colours) > 50, "the card is blank"
    url = f"{site_url()}assets/social/{lang}.png"
    for slug in page_slugs():
        head = html_path(site, slug, lang).read_text(encoding="utf-8").split("</head>")[0]
        tags = dict(re.findall(r'<meta property="(og:image[:a-z]*)" content="([^"]*)"', head))
        assert tags.get("og:image") == url, f"{slug} ({lang}): og:image {tags.get('og:image')}"
        assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
        assert dataset.report.info.company.get(lang) in tags["og:image:alt"]
        assert str(dataset.report.year) in tags["og:image:alt"]
