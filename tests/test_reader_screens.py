"""Defects seen in the screenshots of issue 23 (every edition's home, environment chapter, KPI and laws appendices,
downloads centre and 404 page, at 375 and 1280 px, light and dark), each with the test that keeps it mended."""

from __future__ import annotations

import re

import pytest

from conftest import LANGS, PREFIX

# what is not text a reader sees: comments, code and raw-text elements, drawings, and tags with their attributes
NOT_TEXT = re.compile(r"<!--.*?-->|<(script|style|pre|code|kbd|samp|textarea|svg|math)\b.*?</\1\s*>|<[^>]+>",
                      re.S | re.I)
STRAIGHT = re.compile(r"[\"']|&quot;|&#x27;|&#39;|&#34;|&#x22;", re.I)


@pytest.mark.parametrize("lang", LANGS)
def test_no_straight_quote_in_the_text_of_any_page(site, lang):
    """Seen on the English downloads centre: "the report's PDFs", "each column's meaning" kept straight apostrophes,
    as its table is filled in after the pages' typography. Every page of the edition, its header, navigation and
    footer too (the 404 pages included), reads with typographic quotes only."""
    root = site / PREFIX[lang] if PREFIX[lang] else site
    others = [site / p for p in PREFIX.values() if p and site / p != root]
    pages = [p for p in root.rglob("*.html") if not any(o in p.parents for o in others)]
    from conftest import page_slugs

    assert len(pages) > len(page_slugs()), pages   # every page and the 404
    found = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        text = NOT_TEXT.sub("\x00", html[html.index("<body"):])
        found += [f"{page.relative_to(site)}: …{m.group(0)}…"
                  for m in re.finditer(r"[^\x00]{0,25}(?:" + STRAIGHT.pattern + r")[^\x00]{0,25}", text, re.I)]
    assert not found, "\n".join(found[:20])

