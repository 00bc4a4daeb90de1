"""Phones and paper: at 375 px no page scrolls sideways (wide tables scroll inside their own box), and a printed
page shows the article only — no header, search, navigation or footer — with no table cut off at the edge."""

from __future__ import annotations

import pytest

from conftest import LANGS, PHONE, all_page_urls, new_site_context, on_every_page, page_url, walk_group

PRINT_WIDTH = 718  # A4 (210 mm) less 2 × 10 mm margins, in CSS px: what Chromium lays out when printing
PRINTED = ["index", "governance", "kpis"]

WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => { const s = getComputedStyle(e); return s.position !== 'fixed' && s.visibility !== 'hidden'; })
  .map(e => [e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim()
             .split(/\\s+/).join('.') : ''), Math.round(e.getBoundingClientRect().right)])
  .filter(([, right]) => right > innerWidth).sort((a, b) => b[1] - a[1]).slice(0, 5)"""


@on_every_page("phone", "page_width")
def page_width(page) -> tuple[int, list]:
    """The page's width at 375 px, and its widest elements when it is wider."""
    width = page.evaluate("document.documentElement.scrollWidth")
    return width, (page.evaluate(WIDEST) if width > PHONE else [])


@pytest.mark.xdist_group(walk_group("phone"))
@pytest.mark.parametrize("url", all_page_urls())
def test_no_page_scrolls_sideways_on_a_phone(walk, url):
    width, widest = walk("phone")[url]["page_width"]
    assert width <= PHONE, f"{url} is {width} px wide at {PHONE} px; widest: {widest}"


@pytest.fixture(scope="module")
def paper(browser, server):
    context = new_site_context(browser, server, PRINT_WIDTH)
    pg = context.new_page()
    pg.emulate_media(media="print")
    yield pg
    context.close()


HIDDEN_IN_PRINT = {"header": ".md-header", "tabs": ".md-tabs", "navigation": ".md-sidebar--primary",
                   "table of contents": ".md-sidebar--secondary", "search": ".md-search",
                   "footer navigation": ".md-footer", "back to top": ".md-top", "language switcher": ".md-select",
                   "skip link": ".md-skip"}

CUT_OFF = """() => [...document.querySelectorAll('.md-content table')].map(t => t.closest('.esg-table, .md-typeset__scrollwrap') || t)
  .filter(box => box.scrollWidth > box.clientWidth + 1).map(box => box.className || box.tagName)"""


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", PRINTED)
def test_print_shows_the_article_only(paper, server, slug, lang):
    paper.goto(server + page_url(slug, lang))
    shown = {name: sel for name, sel in HIDDEN_IN_PRINT.items()
             if any(loc.is_visible() for loc in paper.locator(sel).all())}
    assert shown == {}, f"visible in print: {shown}"
    article = paper.locator("article.md-content__inner")
    assert article.is_visible() and article.locator("h1").is_visible()
    box = article.bounding_box()
    assert box["width"] > 0.85 * PRINT_WIDTH, f"the article uses only {box['width']:.0f} of {PRINT_WIDTH} px"
    assert paper.evaluate(CUT_OFF) == [], "a table is cut off at the paper's edge"


CHART_TEXT = """() => [...document.querySelectorAll('.esg-chart svg')].flatMap(svg => {
  const width = svg.viewBox.baseVal.width, scale = svg.getBoundingClientRect().width / width;
  return [...svg.querySelectorAll('text')].map(t => {
    const box = t.getBBox();
    return {text: t.textContent, right: box.x + box.width, width,
            px: parseFloat(getComputedStyle(t).fontSize) * scale};
  });
})"""


on_every_page("phone", "chart_text")(lambda page: page.evaluate(CHART_TEXT))


@pytest.mark.xdist_group(walk_group("phone"))
@pytest.mark.parametrize("lang", LANGS)
def test_chart_text_is_legible_and_whole_on_a_phone(walk, lang):
    """Charts are SVG scaled to the screen: on a phone every label and value is drawn at 12 px or more (body text is
    16) and ends inside the drawing, in both languages (English labels are the longest)."""
    texts = walk("phone")[page_url("kpis", lang)]["chart_text"]
    assert len(texts) > 40, f"only {len(texts)} chart texts on the KPI page"
    small = [f"{t['text']}: {t['px']:.1f} px" for t in texts if t["px"] < 12]
    assert not small, "chart text too small on a phone:\n" + "\n".join(small)
    cut = [f"{t['text']}: ends at {t['right']:.0f} of {t['width']:.0f}" for t in texts if t["right"] > t["width"]]
    assert not cut, "chart text runs out of its drawing:\n" + "\n".join(cut)
