"""Accessibility of every page, both languages, at desktop and phone width and in the dark scheme: axe-core finds
nothing (WCAG 2.0/2.1 A and AA, and best practice), every text is marked with its language, and the KPI tables,
charts and timeline carry what a screen reader needs (a named region, an image with the numbers in words, dates a
machine can read)."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import (DESKTOP, LANGS, PHONE, ROOT, all_page_urls, new_site_context, on_every_page, page_slugs, page_url,
                      walk_group)
from macros.plugin.accessible_html import _marked, drop_empty_tabindex, mark_chinese

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
AXE_SCRIPT = Axe().axe_script  # axe-core as bundled by axe-playwright-python
URLS = all_page_urls()


def axe_violations(page) -> list[str]:
    """axe-core's violations on the loaded page, one readable line each."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    found = page.evaluate("options => axe.run(document, options).then(r => r.violations)", options)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:5]]}"
            + (f" and {len(v['nodes']) - 5} more" if len(v["nodes"]) > 5 else "") for v in found]


VIEWS = {"desktop": (DESKTOP, "light"), "phone": (PHONE, "light"), "desktop-dark": (DESKTOP, "dark")}
# One page of each kind (what its macros draw: masthead and tiles, diagrams, the timeline, KPI tables and charts,
# the laws table, the content index, the downloads centre, the 404 page): the phone and dark views are checked on
# these, the editions taken in turn (each kind in two editions, one a view; each edition in several kinds), the
# desktop view on every page of every edition (the walk). Pages of one kind share their markup and CSS, and the
# editions theirs; an edition's own words are checked in every page's desktop view.
ONE_OF_EACH_KIND = ("index", "governance", "esg-management", "about-us", "kpis", "laws", "content-index", "downloads")
CASES = [(view, page_url(slug, LANGS[(i + v) % len(LANGS)])) for v, view in enumerate(("phone", "desktop-dark"))
         for i, slug in enumerate(ONE_OF_EACH_KIND)] + [(view, "/404.html") for view in ("phone", "desktop-dark")]


def test_the_pages_of_each_kind_exist():
    """A page renamed away would silently leave its kind unchecked in the phone and dark views."""
    assert set(ONE_OF_EACH_KIND) <= set(page_slugs())


@pytest.fixture(scope="session")
def sized_pages(browser, server):
    """sized_pages(view) → one page per view (width and colour scheme; the site follows the reader's light/dark
    setting), made on first use and kept for the whole run: pytest-xdist hands a worker these cases in any order, and
    a page per module and view was closed and opened again at each change of view."""
    pages, contexts = {}, []

    def get(view: str):
        if view not in pages:
            width, scheme = VIEWS[view]
            context = new_site_context(browser, server, width, color_scheme=scheme)
            context.add_init_script(AXE_SCRIPT)  # in every page before it loads: parsed once, not sent per page
            contexts.append(context)
            pg = context.new_page()
            pg.goto(server + "/")
            assert pg.evaluate("document.body.dataset.mdColorScheme") == {"light": "default", "dark": "slate"}[scheme]
            pages[view] = pg
        return pages[view]

    yield get
    for context in contexts:
        context.close()


@pytest.mark.parametrize("view,url", CASES, ids=[f"{v}-{u}" for v, u in CASES])
def test_axe_finds_no_violation(sized_pages, server, view, url):
    sized_page = sized_pages(view)
    response = sized_page.goto(server + url)
    assert response and response.ok, f"{url}: {response and response.status}"
    assert sized_page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky", \
        f"{url}: the theme's stylesheet did not load"
    assert axe_violations(sized_page) == []


@on_every_page("desktop", "axe")
def axe_on_desktop(page) -> dict:
    """Whether the theme's stylesheet loaded (a page without it is not what a reader sees), and axe's violations."""
    return {"styled": page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky",
            "violations": axe_violations(page)}


@pytest.mark.xdist_group(walk_group("desktop"))
@pytest.mark.parametrize("url", URLS, ids=[f"desktop-{u}" for u in URLS])
def test_axe_finds_no_violation_on_every_page(walk, url):
    """The desktop view of every page, in the shared desktop walk (conftest.py): one visit serves every check."""
    visit = walk("desktop")[url]
    assert visit["status"] == 200, f"{url}: {visit['status']}"
    assert visit["axe"]["styled"], f"{url}: the theme's stylesheet did not load"
    assert visit["axe"]["violations"] == []


SCROLL_BOXES = """() => [...document.querySelectorAll('.md-typeset__scrollwrap, .esg-table')]
  .filter(box => box.scrollWidth > box.clientWidth)
  .map(box => [box.className, box.getAttribute('tabindex'), box.getAttribute('role'),
               box.getAttribute('aria-label') || box.getAttribute('aria-labelledby') || ''])"""


REFLOW = 320   # CSS px: 1280 px zoomed to 400 %
REFLOW_RULES = {"runOnly": {"type": "rule", "values": ["scrollable-region-focusable", "landmark-unique"]}}


@on_every_page("desktop", "reflow", last=True)
def zoomed_to_400_percent(page) -> list[str]:
    """The page as a reader zooms it to 400 %: the loaded page made 320 px wide (zooming resizes the page's viewport,
    it loads nothing), then given its width back for the next page. What is wrong at that width, one line each."""
    size = page.viewport_size
    page.set_viewport_size({"width": REFLOW, "height": size["height"]})
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > REFLOW:
        problems.append(f"{width} px wide")
    for cls, tabindex, role, name in page.evaluate(SCROLL_BOXES):
        if (tabindex, role) != ("0", "region") or not name:
            problems.append(f"scroll box {cls} tabindex={tabindex} role={role} name={name!r}")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    found = page.evaluate("o => axe.run(document, o).then(r => r.violations.map(v => v.id))", REFLOW_RULES)
    page.set_viewport_size(size)
    return problems + [f"axe {rule}" for rule in found]


@pytest.mark.xdist_group(walk_group("desktop"))
@pytest.mark.parametrize("url", URLS, ids=[f"reflow-{u}" for u in URLS])
def test_reflow_at_320_px(walk, url):
    """WCAG 1.4.10: at 320 CSS px (1280 px zoomed to 400 %) no page scrolls sideways, and a table that is still too
    wide scrolls in a box the keyboard can reach, with a name (overrides/main.html for Markdown tables)."""
    assert walk("desktop")[url]["reflow"] == []


def test_axe_reports_what_the_site_must_avoid(page):
    """The harness really runs those rules: a page with an unnamed dialog, a pale text and an image without text."""
    page.set_content('<!doctype html><html lang="en"><title>t</title><body><main><h1>t</h1>'
                     '<div role="dialog"><p>x</p></div><p style="color:#bbb">pale</p><img src="data:,"></main>')
    found = " ".join(axe_violations(page))
    for rule in ("aria-dialog-name", "color-contrast", "image-alt"):
        assert rule in found, f"axe did not report {rule}: {found}"


# ── language of every text ────────────────────────────────────────────────────
HAN_TEXTS = r"""() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!/\p{Script=Han}/u.test(node.data) || node.parentElement.closest('script, style')) continue;
    const holder = node.parentElement.closest('[lang]');
    out.push([holder ? holder.getAttribute('lang') : '', node.data.trim().slice(0, 40)]);
  }
  return out;
}"""


@on_every_page("desktop", "languages")
def languages(page) -> dict:
    """The page's <html lang>, the switcher's links as (hreflang, lang), and every Han text with its holder's lang."""
    return {"html": page.evaluate("document.documentElement.lang"),
            "switcher": page.eval_on_selector_all("a.md-select__link", "els => els.map(a => [a.hreflang, a.lang])"),
            "han": page.evaluate(HAN_TEXTS)}


@pytest.mark.xdist_group(walk_group("desktop"))
@pytest.mark.parametrize("lang", LANGS)
def test_every_text_is_in_its_language(walk, lang):
    problems = []
    for slug in page_slugs():
        found = walk("desktop")[page_url(slug, lang)]["languages"]
        if found["html"] != lang:
            problems.append(f"{slug}: <html lang={found['html']!r}>")
        switcher = found["switcher"]
        if sorted(switcher) != sorted([[x, x] for x in LANGS]):
            problems.append(f"{slug}: each language's name in the switcher needs its own lang: {switcher}")
        han = found["han"]
        if lang == "en":
            if not han:
                problems.append(f"{slug}: no Chinese found, not even the switcher's 繁體中文: is the check blind?")
            problems += [f"{slug}: Chinese without lang=\"zh-Hant\": {text!r}" for holder, text in han
                         if not holder.lower().startswith("zh")]
    assert problems == []


on_every_page("desktop", "marked_chinese")(
    lambda page: page.eval_on_selector_all('article [lang="zh-Hant"]', "els => els.map(e => e.textContent)"))


@pytest.mark.xdist_group(walk_group("desktop"))
def test_chinese_product_names_on_english_pages_are_marked(walk, dataset):
    """The case that motivated the hook: product names quoted in Chinese in the English text. The names are the
    glossary's that may stand in Chinese on English pages (data/glossary.yaml allow_zh_on_en), where an English page
    of docs/ writes them now."""
    names = [z for term in dataset.glossary if term.allow_zh_on_en for z in term.zh]
    checked = []
    for slug in page_slugs():
        source = (ROOT / "docs" / f"{slug}.en.md").read_text(encoding="utf-8")
        quoted = [z for z in names if f"({z})" in source or f"（{z}）" in source]
        if quoted:
            marked = walk("desktop")[page_url(slug, "en")]["marked_chinese"]
            checked += quoted
            assert all(any(z in m for m in marked) for z in quoted), (slug, quoted, marked)
    assert checked, "no English page quotes a Chinese name of data/glossary.yaml: is the check blind?"


def test_mark_chinese_wraps_han_runs_only_in_non_chinese_text():
    en = ('<p>Yizhiyuan (醫知源), Yisou (醫搜) and eYantong (e研通)<br>in 2022年</p>'
          '<a title="醫知源" href="#x">x</a><img alt="醫搜"><script>let s = "醫";</script>'
          '<svg><title>醫</title><text>醫</text></svg><p lang="zh-Hant">已標<b>記</b></p><p>終</p>')
    out = mark_chinese(en, "en", chinese="zh-Hant")
    assert out == ('<p>Yizhiyuan (<span lang="zh-Hant">醫知源</span>), Yisou (<span lang="zh-Hant">醫搜</span>) '
                   'and eYantong (<span lang="zh-Hant">e研通</span>)<br>in <span lang="zh-Hant">2022年</span></p>'
                   '<a title="醫知源" href="#x">x</a><img alt="醫搜"><script>let s = "醫";</script>'
                   '<svg><title>醫</title><text>醫</text></svg><p lang="zh-Hant">已標<b>記</b></p>'
                   '<p><span lang="zh-Hant">終</span></p>')
    assert mark_chinese(out, "en", chinese="zh-Hant") == out, "running twice must change nothing"
    page = '<html lang="zh-Hant"><body><p>醫脈通 Medlive</p><span lang="en">English 醫</span></body></html>'
    assert mark_chinese(page, chinese="zh-Hant") == page.replace("English 醫", 'English <span lang="zh-Hant">醫</span>')
    assert mark_chinese("<p>醫</p>", "zh-Hant", chinese="zh-Hant") == "<p>醫</p>"
    # a page in Chinese is read only where another language stands: each such element whole, nested ones and all
    page = ('<!doctype html><html lang="zh-Hans"><head><script>x = \'<b lang="en">醫</b>\'</script>'
            '<!-- <i lang="en">醫</i> --></head><body><p>醫</p><div lang="en"><p>A 醫 <span lang="zh-Hant">醫</span>'
            '<i>醫</i></p><div>B 醫</div></div><p>醫 <a hreflang="en">醫</a></p><p lang=EN>醫<br>醫</p>'
            '<img lang="en" alt="醫"><q lang="en">醫</body></html>')
    wrapped = '<span lang="zh-Hant">醫</span>'
    assert mark_chinese(page, chinese="zh-Hant") == page.replace(
        '<p>A 醫 ', f'<p>A {wrapped} ').replace('<i>醫</i>', f'<i>{wrapped}</i>').replace(
        'B 醫', f'B {wrapped}').replace('<p lang=EN>醫<br>醫</p>', f'<p lang=EN>{wrapped}<br>{wrapped}</p>').replace(
        '<q lang="en">醫', f'<q lang="en">{wrapped}')
    assert mark_chinese(page, chinese="zh-Hant") == _marked(page, None, "zh-Hant"), "what the whole walk makes"
    assert mark_chinese('<a hreflang="zh-Hant">醫</a>', "en", chinese="zh-Hant") == '<a hreflang="zh-Hant"><span lang="zh-Hant">醫</span></a>'


def test_drop_empty_tabindex_only_removes_the_empty_one():
    html = ('<label class="md-nav__link" for="__nav_8" id="__nav_8_label" tabindex="">'
            '<label class="md-nav__link" for="__nav_9" id="__nav_9_label" tabindex="0">')
    assert drop_empty_tabindex(html) == html.replace(' tabindex=""', "", 1)


# ── the report's own components ───────────────────────────────────────────────
COMPONENTS = r"""() => ({
  regions: [...document.querySelectorAll('.esg-table')].map(el => ({
    role: el.getAttribute('role'), tabindex: el.getAttribute('tabindex'),
    label: (document.getElementById(el.getAttribute('aria-labelledby') || '') || {}).textContent || '',
    caption: (el.querySelector('caption') || {}).textContent || ''})),
  charts: [...document.querySelectorAll('.esg-chart svg')].map(svg => ({
    role: svg.getAttribute('role'),
    names: (svg.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
      .map(id => document.getElementById(id))
      .map(e => e && svg.contains(e) ? e.tagName + ':' + e.textContent : ''),
    values: [...svg.querySelectorAll('.esg-chart-value')].map(t => t.textContent)})),
  timeline: [...document.querySelectorAll('ol.esg-timeline > li')]
    .map(li => (li.querySelector('time') || {}).dateTime || ''),
})"""


@on_every_page("desktop", "components")
def components(page) -> dict:
    """The report's tables, charts and timeline as a screen reader meets them; each table region's name is also
    looked up in the accessibility tree (how many regions carry it)."""
    found = page.evaluate(COMPONENTS)
    for r in found["regions"]:
        r["named"] = page.get_by_role("region", name=r["label"].strip(), exact=True).count() if r["label"].strip() else 0
    return found


@pytest.mark.xdist_group(walk_group("desktop"))
@pytest.mark.parametrize("lang", LANGS)
def test_tables_charts_and_timeline_are_announced(walk, lang):
    seen = {"regions": 0, "charts": 0, "timeline": 0}
    for slug in page_slugs():
        found = walk("desktop")[page_url(slug, lang)]["components"]
        for r in found["regions"]:
            assert (r["role"], r["tabindex"]) == ("region", "0"), f"{slug}: table wrapper {r}"
            assert r["label"].strip() and r["label"] == r["caption"], f"{slug}: region not named by its caption {r}"
            assert r["named"] >= 1, f"{slug}: {r}"
        for c in found["charts"]:
            assert c["role"] == "img", f"{slug}: chart role {c['role']}"
            kinds = [n.split(":", 1)[0].lower() for n in c["names"]]
            assert kinds == ["title", "desc"], f"{slug}: chart named by {c['names']}, not its own <title> and <desc>"
            desc = c["names"][1]
            missing = [v for v in c["values"] if v not in desc]
            assert c["values"] and not missing, f"{slug}: chart description lacks the values {missing}"
        dates = found["timeline"]
        assert all(re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", d) for d in dates), f"{slug}: timeline dates {dates}"
        assert dates == sorted(dates), f"{slug}: timeline out of order {dates}"
        for key in seen:
            seen[key] += len(found[key])
    assert all(seen.values()), f"{lang}: expected KPI tables, charts and a timeline somewhere, found {seen}"
