"""The reader's edition (issue 12), in a real browser over the built site, in every edition:
phones read every KPI figure without scrolling sideways, units and index entries never break inside a word, the
content index is a card per Guide item with a jump list, the home page is the report's front page (masthead from
data/report.yaml, tiles with their change and a link to their KPI row), the switcher keeps the reader's place and
marks the current language, the English interface is English, the English navigation fits a 1280×800 screen, and
every table reads at 14 px or more with one header style. Expected figures come from data/, never from the code."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import (DESKTOP, LANGS, PHONE, ROOT, new_site_context, on_every_page, page_macros, page_slugs, page_url,
                      walk_group)
from macros.model.dataset import table_anchor
from macros.model.schema import NotDisclosed

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
REPORT = yaml.safe_load((ROOT / "data" / "report.yaml").read_text(encoding="utf-8"))
EN = "en"


@pytest.fixture(scope="module")
def phone(browser, server):
    context = new_site_context(browser, server, PHONE)
    yield context.new_page()
    context.close()


# ── KPI rows on a phone ───────────────────────────────────────────────────────
KPI_ROWS = """(yearLabel) => {
  const out = [];
  for (const table of document.querySelectorAll('article table')) {
    const head = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
    const col = head.indexOf(yearLabel);
    for (const tr of table.querySelectorAll('tbody tr[data-kpi]')) {
      const label = tr.querySelector('th');
      const cells = [...tr.children];
      const value = col >= 0 ? cells[col] : null;
      let clipped = false;   // inside a box that scrolls sideways?
      for (let el = (value || label).parentElement; el && el !== document.body; el = el.parentElement) {
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') clipped = true;
      }
      const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; };
      out.push({id: tr.dataset.kpi, table: table.dataset.table, col,
                label: box(label), value: value ? box(value) : null, text: value ? value.textContent.trim() : '',
                clipped});
    }
  }
  return out;
}"""


def plain(value: Decimal) -> str:
    """The figure as printed: thousands separators, the published decimals (written here, not imported)."""
    whole, _, frac = f"{abs(value):f}".partition(".")
    return ("-" if value < 0 else "") + f"{int(whole):,}" + (f".{frac}" if frac else "")


@pytest.mark.parametrize("lang", LANGS)
def test_every_kpi_figure_of_the_year_is_on_a_phone_screen(phone, server, dataset, lang):
    """At 375 px each KPI row shows its label and its report-year value inside the screen, not in a box that
    scrolls sideways, and the page itself does not scroll sideways."""
    phone.goto(server + page_url("kpis", lang))
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE
    year_label = dataset.report.t("year", lang, y=dataset.year)
    rows = phone.evaluate(KPI_ROWS, year_label)
    kpi_rows = [r for r in rows if r["table"] in dataset.tables]
    assert sorted(r["id"] for r in kpi_rows) == sorted(row.id for t in dataset.tables.values() for row in t.rows)
    problems = []
    for r in kpi_rows:
        value = dataset.rows[r["id"]].values[dataset.year]
        expected = "—" if isinstance(value, NotDisclosed) else plain(value)
        if r["value"] is None or not r["text"].startswith(expected):
            problems.append(f"{r['id']}: report-year cell {r['text']!r}, expected {expected!r}")
            continue
        for part in ("label", "value"):
            left, right, top, bottom = r[part]
            if left < 0 or right > PHONE or right - left <= 0:
                problems.append(f"{r['id']}: {part} spans {left:.0f}–{right:.0f} px of {PHONE}")
        if r["clipped"]:
            problems.append(f"{r['id']}: in a box that scrolls sideways")
        if r["value"][2] - r["label"][3] > 60:
            problems.append(f"{r['id']}: value {r['value'][2] - r['label'][3]:.0f} px below its label")
    assert problems == []


WORD_LINES = r"""(selector) => {
  // Every word (a run without spaces or hyphens) of the matched elements' text, with the number of lines it is drawn on.
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (node.parentElement.closest('.esg-sr-only, [aria-hidden="true"]')) continue;
      for (const m of node.data.matchAll(/[^\s›\-]+/g)) {   // a line may end at a space or a hyphen
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        out.push([m[0], tops.size]);
      }
    }
  }
  return out;
}"""


UNIT_COLUMN = """(unit) => [...document.querySelectorAll('article table')]
    .filter(t => { const h = t.querySelectorAll('thead th'); return h.length > 1 && h[1].textContent.trim() === unit; })
    .map(t => t.dataset.table)"""
KPI_PAGES = {page_url("kpis", lang): lang for lang in LANGS}


def unit_words(page) -> dict | None:
    """On a KPI appendix page: its tables with a unit column (the second, whose head says so: data/ui_strings.yaml)
    and every word of that column with the number of lines it is drawn on."""
    from urllib.parse import urlparse

    from macros.model.dataset import cached_dataset

    lang = KPI_PAGES.get(urlparse(page.url).path)
    if lang is None:
        return None
    tables = page.evaluate(UNIT_COLUMN, cached_dataset(ROOT).report.t("unit", lang))
    selector = ", ".join(f'article table[data-table="{t}"] tbody tr > :nth-child(2)' for t in tables)
    return {"tables": tables, "words": page.evaluate(WORD_LINES, selector) if tables else []}


for view in ("phone", "desktop"):
    on_every_page(view, "unit_words")(unit_words)


@pytest.mark.parametrize("view", [pytest.param(view, marks=pytest.mark.xdist_group(walk_group(view)))
                                  for view in ("phone", "desktop")])
@pytest.mark.parametrize("lang", LANGS)
def test_units_never_break_inside_a_word(walk, dataset, lang, view):
    """A unit (噸二氧化碳當量, tCO2e/employee) is never drawn across lines inside a word, at a phone's width and a
    desktop's (the KPI appendix, read in each view's walk)."""
    found = walk(view)[page_url("kpis", lang)]["unit_words"]
    assert set(found["tables"]) >= set(dataset.tables), "a KPI table without its unit column"
    assert len(found["words"]) >= sum(len(t.rows) for t in dataset.tables.values())
    broken = [w for w, lines in found["words"] if lines > 1]
    assert broken == [], f"units drawn across lines in the {view} view: {broken}"


def test_a_link_to_a_kpi_row_lands_on_it_highlighted(phone, server, dataset):
    kpi_id = next(iter(dataset.tables.values())).rows[-1].id
    for lang in LANGS:
        phone.goto(server + page_url("kpis", lang) + f"#kpi-{kpi_id}")
        row = phone.locator(f'tr[data-kpi="{kpi_id}"]')
        other = phone.locator("tr[data-kpi]").first
        box = row.bounding_box()
        assert 40 <= box["y"] < 300, f"{lang}: the row is at {box['y']:.0f} px, not below the header at the top"
        bg = "e => getComputedStyle(e).backgroundColor + getComputedStyle(e.firstElementChild).backgroundColor"
        assert row.evaluate(bg) != other.evaluate(bg), f"{lang}: the target row looks like any other"


# Each KPI table and chart, and whether the browser has drawn it: `checkVisibility` is false inside content skipped
# by content-visibility: auto. The wrapper (its parent) is never skipped itself, so its box is where it is.
KPI_VISUALS = "article .esg-table table, article .esg-chart svg"
DRAWN = """(selector) => [...document.querySelectorAll(selector)].map(e => {
  const box = e.parentElement.getBoundingClientRect();
  return [e.tagName, box.top, box.bottom, e.checkVisibility({contentVisibilityAuto: true})];
})"""
# Every one of them that meets the screen is drawn. Polled at each frame: drawing one replaces its guessed height
# with its real one, which moves the others, so the screen settles over a few frames.
ON_SCREEN_DRAWN = """(selector) => [...document.querySelectorAll(selector)].every(e => {
  const box = e.parentElement.getBoundingClientRect();
  return box.bottom <= 0 || box.top >= innerHeight || e.checkVisibility({contentVisibilityAuto: true});
})"""


def wait_until_on_screen_drawn(page, when: str) -> None:
    try:
        page.wait_for_function(ON_SCREEN_DRAWN, arg=KPI_VISUALS, polling="raf", timeout=10_000)
    except PlaywrightTimeout:
        height = page.evaluate("innerHeight")
        pytest.fail(f"{when}: on the screen but not drawn after 10 s: " + ", ".join(
            f"{kind} at {top:.0f} px" for kind, top, bottom, drawn in page.evaluate(DRAWN, KPI_VISUALS)
            if bottom > 0 and top < height and not drawn))


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("lang", LANGS)
def test_tables_and_charts_off_screen_wait_to_be_drawn(browser, server, dataset, lang, width):
    """A phone's main thread was held at load by laying out every KPI table and chart (docs/assets/extra.css,
    content-visibility): those on the screen are drawn, those far below wait until the reader scrolls to them, and
    printing draws them all."""
    context = new_site_context(browser, server, width)
    page = context.new_page()
    page.goto(server + page_url("kpis", lang))
    wait_until_on_screen_drawn(page, "at load")
    height = page.evaluate("innerHeight")
    shown = page.evaluate(DRAWN, KPI_VISUALS)
    assert len(shown) >= len(dataset.tables), "the KPI tables are not where the check looks"
    far = [(kind, top, drawn) for kind, top, bottom, drawn in shown if top > 3 * height]
    assert far and not any(drawn for _, _, drawn in far), f"far below the screen but drawn at load: {far}"
    page.evaluate("top => window.scrollTo(0, top)", far[-1][1])
    wait_until_on_screen_drawn(page, "scrolled down")
    page.emulate_media(media="print")
    assert all(drawn for *_, drawn in page.evaluate(DRAWN, KPI_VISUALS)), "printing must draw every table and chart"
    context.close()


# ── content index on a phone ──────────────────────────────────────────────────
CARDS = """() => ({
  width: document.documentElement.scrollWidth,
  cards: [...document.querySelectorAll('article tr[data-code]')].map(tr => {
    const r = tr.getBoundingClientRect();
    const parts = [...tr.children].map(c => { const b = c.getBoundingClientRect(); return [b.left, b.right, b.width]; });
    return {code: tr.dataset.code, left: r.left, right: r.right, parts,
            links: [...tr.querySelectorAll('a')].map(a => a.getAttribute('href'))};
  }),
  jump: [...document.querySelectorAll('article nav a')].map(a => [a.getAttribute('href'), a.getBoundingClientRect().top]),
  tableTop: document.querySelector('article table').getBoundingClientRect().top,
})"""


@pytest.mark.parametrize("lang", LANGS)
def test_content_index_is_a_card_per_item_on_a_phone(phone, server, dataset, lang):
    phone.goto(server + page_url("content-index", lang))
    found = phone.evaluate(CARDS)
    assert found["width"] <= PHONE
    items = [c for c in dataset.guide_order if dataset.guide[c].kind in ("general_disclosure", "kpi")]
    assert [c["code"] for c in found["cards"]] == items
    problems = []
    for card in found["cards"]:
        if card["left"] < 0 or card["right"] > PHONE:
            problems.append(f"{card['code']}: card spans {card['left']:.0f}–{card['right']:.0f}")
        widths = [w for _, _, w in card["parts"]]
        if min(widths) < 0.8 * (card["right"] - card["left"]) - 40:   # code, wording, sections: each the card's width
            problems.append(f"{card['code']}: a part is only {min(widths):.0f} px wide (a column, not a card)")
        mapping = dataset.content_index[card["code"]]
        if len(card["links"]) != len(mapping.sections):
            problems.append(f"{card['code']}: {len(card['links'])} links for {len(mapping.sections)} sections")
    assert problems == []
    aspects = [c for c in dataset.guide_order if dataset.guide[c].kind == "aspect"]
    assert [href for href, _ in found["jump"]] == [f"#ci-{c}" for c in aspects], "jump list by aspect"
    assert all(top < found["tableTop"] for _, top in found["jump"]), "the jump list comes before the index"
    for code in aspects:
        assert phone.locator(f"#ci-{code}").count() == 1
    if lang == EN:   # words: English is written with spaces, so a word cut in two is measurable
        broken = [w for w, lines in phone.evaluate(WORD_LINES, "article tr[data-code], article nav") if lines > 1]
        assert broken == [], f"words broken across lines: {broken}"


# ── the home page ─────────────────────────────────────────────────────────────
TILES = """() => [...document.querySelectorAll('article .esg-tiles li')].map(li => {
  li.scrollIntoView({block: 'center'});
  const r = li.getBoundingClientRect(), a = li.querySelector('a');
  return {text: li.textContent.replace(/\\s+/g, ' ').trim(), href: a && a.getAttribute('href'),
          box: [r.left, r.right, r.top + scrollY], linkCovers: a ? (() => { const b = a.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + 5, r.top + 5); return hit === a || a.contains(hit); })() : false};
})"""


def change_text(dataset, kpi_id: str, lang: str) -> str | None:
    """The change as the report states it, computed here from the data: +2.0% or, for shares, percentage points."""
    a, b = dataset.years[-2], dataset.year
    old, new = dataset.rows[kpi_id].values[a], dataset.rows[kpi_id].values[b]
    if isinstance(old, NotDisclosed) or isinstance(new, NotDisclosed) or old == 0:
        return None
    pct = ((new - old) / old * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    sign = "+" if pct > 0 else "−" if pct < 0 else ""
    return f"{sign}{abs(pct)}%"


@pytest.mark.parametrize("lang", LANGS)
def test_home_is_the_reports_front_page(browser, server, dataset, site, lang):
    """Masthead from data/report.yaml, the PDF and Excel buttons in the first screen, tiles with their change that
    link to their KPI row (which exists), two tiles a row on a phone."""
    for width in (PHONE, DESKTOP):
        context = new_site_context(browser, server, width)
        page = context.new_page()
        page.set_viewport_size({"width": width, "height": 740 if width == PHONE else 800})
        page.goto(server + page_url("index", lang))
        title = dataset.report.title(lang)
        assert page.locator("article h1").inner_text().strip() == title
        assert title.count(str(REPORT["year"])) == 1
        head = page.locator("article .esg-masthead").inner_text()
        assert REPORT["stock_code"] in head
        names = [dataset.report.info.company.get(x) for x in ("en", lang if lang != EN else "zh-Hant")]
        assert all(n in head for n in names), f"company names {names} not in the masthead: {head!r}"
        buttons = page.eval_on_selector_all(".esg-masthead a.md-button", "as => as.map(a => [a.getAttribute('href'), a.getBoundingClientRect().bottom])")
        # the PDF, the Excel data pack and the downloads centre, in the first screen
        assert len(buttons) == 3 and all(bottom < (740 if width == PHONE else 800) for _, bottom in buttons), buttons
        for href, _ in buttons:
            target = (Path(site) / (page.url.split(server, 1)[1].lstrip("/")) / href).resolve()
            target = target / "index.html" if target.is_dir() else target
            assert target.is_file(), f"{href} leads nowhere"
        assert {Path(h).suffix for h, _ in buttons} == {".pdf", ".xlsx", ""}
        assert any(h.rstrip("/").endswith("downloads") for h, _ in buttons), buttons
        tiles = page.evaluate(TILES)
        assert len(tiles) >= 4
        kpi_tiles = [t for t in tiles if t["href"] and "#kpi-" in t["href"]]
        assert len(kpi_tiles) >= 4
        for t in kpi_tiles:
            kpi_id = t["href"].split("#kpi-", 1)[1]
            change = change_text(dataset, kpi_id, lang)
            if change:
                assert change in t["text"] and str(dataset.years[-2]) in t["text"], f"{kpi_id}: {t['text']!r}"
            assert t["linkCovers"], f"{kpi_id}: the tile's link does not cover the tile"
            kpi_page = (Path(site) / page.url.split(server, 1)[1].lstrip("/") / t["href"].split("#")[0]).resolve()
            assert f'data-kpi="{kpi_id}" id="kpi-{kpi_id}"' in (kpi_page / "index.html").read_text(encoding="utf-8")
        if width == PHONE:
            (l1, r1, t1), (l2, r2, t2), (_, _, t3) = [t["box"] for t in tiles[:3]]
            assert abs(t1 - t2) < 2 and t3 > t1 and r2 <= PHONE and l1 >= 0, "two tiles a row on a phone"
        scheme = page.evaluate("document.body.dataset.mdColorPrimary")
        assert scheme == "custom", "the report's own palette"
        context.close()


# ── the language switcher ─────────────────────────────────────────────────────
def test_switcher_keeps_the_readers_place(page, server, dataset):
    anchor = table_anchor(list(dataset.tables)[3])
    for src, dst in zip(LANGS, LANGS[1:] + LANGS[:1]):
        page.goto(server + page_url("kpis", src) + "#" + anchor)
        current = page.eval_on_selector_all("a.md-select__link", "as => as.filter(a => a.getAttribute('aria-current')).map(a => a.hreflang)")
        assert current == [src], f"current language marked: {current}"
        page.locator(".md-select").first.hover()
        page.locator(f'a.md-select__link[hreflang="{dst}"]').click()
        page.wait_for_load_state()
        assert page.url == server + page_url("kpis", dst) + "#" + anchor
        top = page.locator(f"#{anchor}").bounding_box()["y"]
        assert 0 <= top < 200, f"{src} → {dst}: #{anchor} at {top:.0f} px"
    # no #anchor in the address: the section being read
    page.goto(server + page_url("kpis", LANGS[0]))
    page.locator(f"#{anchor}").scroll_into_view_if_needed()
    page.locator(".md-select").first.hover()
    # at the section, as a reader who has scrolled there and stays: the tables passed on the way are laid out only
    # near the screen (content-visibility), at a guessed height until then, so one jump can leave the section lower
    # down, and a table laid out a moment later can move it again; the reader is there once it has stayed at the top
    # for a second (ten looks, 100 ms apart)
    page.wait_for_function("""id => { const e = document.getElementById(id);
        if (Math.abs(e.getBoundingClientRect().top) >= 2) { e.scrollIntoView(); window.__still = 0; return false; }
        window.__still = (window.__still || 0) + 1; return window.__still >= 10; }""", arg=anchor, polling=100)
    page.locator(f'a.md-select__link[hreflang="{LANGS[1]}"]').click()
    page.wait_for_load_state()
    assert page.url == server + page_url("kpis", LANGS[1]) + "#" + anchor


INTERFACE_LABELS = """() => [...document.querySelectorAll(
    '.md-header [title], .md-header [aria-label], .md-header [placeholder], .md-sidebar [title], .md-sidebar [aria-label],'
  + '.md-search [title], .md-search [aria-label], .md-search [placeholder], .md-footer [title], .md-footer [aria-label],'
  + 'nav[aria-label], .md-top, .md-skip')]
  .flatMap(e => ['title', 'aria-label', 'placeholder'].map(a => [e.tagName + '.' + e.className, a, e.getAttribute(a)]))
  .filter(([, , v]) => v)"""


on_every_page("desktop", "interface_labels")(lambda page: page.evaluate(INTERFACE_LABELS))


@pytest.mark.xdist_group(walk_group("desktop"))
def test_the_english_interface_is_english(walk):
    """Every label of the interface (header, sidebars, search, footer) on every English page, in the desktop walk."""
    problems, seen = [], 0
    for slug in page_slugs():
        for element, attr, value in walk("desktop")[page_url(slug, EN)]["interface_labels"]:
            seen += 1
            if HAN.search(value):
                problems.append(f"{slug}: {element} {attr}={value!r}")
    assert seen > 10 * len(page_slugs()), f"only {seen} labels found: is the check blind?"
    assert problems == []


NAV_LINES = """() => [...document.querySelectorAll('.md-sidebar--primary .md-nav__link')].filter(a => a.offsetParent)
  .map(a => [a.textContent.trim(), a.getBoundingClientRect().height / parseFloat(getComputedStyle(a).lineHeight)])"""


def test_english_navigation_fits_a_laptop_screen(browser, server):
    """At 1280×800 every entry of the English sidebar is on one line and none is hidden below the fold."""
    context = new_site_context(browser, server, 1280)
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    for slug in ("people", "kpis"):
        page.goto(server + page_url(slug, EN))
        wrap = page.locator(".md-sidebar--primary .md-sidebar__scrollwrap")
        assert wrap.evaluate("e => e.scrollHeight <= e.clientHeight + 1"), f"{slug}: the sidebar scrolls"
        lines = page.evaluate(NAV_LINES)
        assert len(lines) >= 12 and [t for t, n in lines if n >= 1.5] == [], f"{slug}: entries on more than one line"
    context.close()


# ── one table style ───────────────────────────────────────────────────────────
TABLE_TEXT = """() => [...document.querySelectorAll('article table')].map(t => ({
  cls: t.className, size: Math.min(...[...t.querySelectorAll('th, td')].filter(c => c.offsetParent)
    .map(c => parseFloat(getComputedStyle(c).fontSize))),
  head: (h => h ? [getComputedStyle(h).backgroundColor, getComputedStyle(h).fontWeight, getComputedStyle(h).borderBottomColor] : null)(
    t.querySelector('thead th'))}))"""


on_every_page("desktop", "tables")(lambda page: page.evaluate(TABLE_TEXT))


@pytest.mark.xdist_group(walk_group("desktop"))
@pytest.mark.parametrize("lang", LANGS)
def test_one_table_style_at_14_px_or_more(walk, lang):
    """Every table of every page of the edition (the desktop walk's records): Markdown's and the KPI tables alike,
    text at 14 px or more, one style of head."""
    seen = {"markdown": 0, "data": 0}
    heads = set()
    for slug in page_slugs():
        for t in walk("desktop")[page_url(slug, lang)]["tables"]:
            seen["data" if "esg-data" in t["cls"] else "markdown"] += 1
            assert t["size"] >= 14, f"{slug}: table text at {t['size']} px"
            heads.add(tuple(t["head"]))
    assert all(seen.values()), seen
    assert len(heads) == 1, f"table heads styled {len(heads)} ways: {heads}"


# ── bad input to the home page's macros ───────────────────────────────────────
@pytest.mark.parametrize("call", ["highlight", "kpi_change"])
def test_a_tile_for_an_unknown_figure_stops_the_build(dataset, call):
    """The macro refuses, naming the call, a suggestion and the page (the build stops with that message: the wiring
    is proven once, tests/test_build_errors.py)."""
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError) as refused:
        getattr(page_macros(dataset, "en", "index.en.md"), call)("employee_total")
    for word in (f"{call}('employee_total')", "did you mean employees_total", "index.en.md"):
        assert word in str(refused.value), f"{word!r} not in {refused.value}"


@pytest.mark.parametrize("lang", LANGS)
def test_tiles_build_from_data(dataset, lang):
    macros = page_macros(dataset, lang, "index.md")
    new = dataset.rows["employees_total"].values[dataset.year]
    tile, change = macros.highlight("employees_total"), macros.kpi_change("employees_total")
    assert f"<strong>{plain(new)}</strong>" in tile
    assert change_text(dataset, "employees_total", lang) in change, change
