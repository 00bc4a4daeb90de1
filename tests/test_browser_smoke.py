"""The site in a real browser: Chinese renders with a CJK font, and the switcher takes the reader to the same page."""

from __future__ import annotations

from conftest import page_url


def test_switcher_moves_between_languages_on_the_same_page(page, server):
    page.goto(server + page_url("kpis", "zh-Hant"))
    page.locator(".md-header [data-md-component=language], .md-select").first.hover()
    page.locator('a.md-select__link[hreflang="en"]').first.click()
    page.wait_for_load_state()
    assert page.url == server + page_url("kpis", "en")
    assert page.evaluate("document.documentElement.lang") == "en"


def platform_fonts(page, selector: str) -> dict[str, int]:
    """The fonts Chromium really used to draw a node's text: {family: glyph count} (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {f["familyName"]: f["glyphCount"] for f in fonts}


def test_chinese_is_drawn_with_a_traditional_chinese_font(page, server):
    page.goto(server + page_url("about-this-report", "zh-Hant"))
    fonts = platform_fonts(page, ".md-typeset h1")
    assert any("CJK TC" in f or "TC" in f.split() for f in fonts), f"Chinese drawn with {fonts} (boxes or JP glyphs?)"
