"""The reader's edition, second pass (issue 23): every chapter carries its figures (data/chapter_figures.yaml),
breakdowns sit under their totals ("of which") in tables, cards and downloads, and no table scrolls sideways on a
phone (every table of every page of every edition, measured at 375 px). Expected values come from data/."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import (LANGS, PHONE, PHONE_HEIGHT, all_page_urls, html_path, new_site_context, on_every_page, page_macros,
                      page_url, walk_group)
from macros.model.breakdown import grouped, parents
from macros.model.chapter_figures import FILE as FIGURES_FILE
from macros.model.dataset import load_dataset
from macros.model.schema import NotDisclosed
from macros.model.yamlsrc import DataErrors
from macros.render import downloads
from macros.render.table_cards import label_tables

ROOT = Path(__file__).resolve().parent.parent


def plain(value: Decimal) -> str:
    """The figure as printed (thousands separators, the published decimals), written here, not imported."""
    whole, _, frac = f"{abs(value):f}".partition(".")
    return ("-" if value < 0 else "") + f"{int(whole):,}" + (f".{frac}" if frac else "")


@pytest.fixture(scope="module")
def figures(dataset):
    return dataset.chapter_figures


# ── 1. each chapter carries its figures ─────────────────────────────────────────
def test_the_chapters_with_kpis_have_figures(figures, dataset):
    """Environment, people, community and governance at least; three tiles or more where a chapter has them."""
    assert {"green-operations", "people", "community", "governance"} <= set(figures)
    tables_of = {kpi_id: t.id for t in dataset.tables.values() for kpi_id in (r.id for r in t.rows)}
    assert {tables_of[k] for k in figures["green-operations"]} >= {"ghg", "energy", "water", "waste"}


TILE = re.compile(r'<li>\s*<p><span class="esg-tile-figure"><strong>([^<]*)</strong>.*?<a href="([^"]*)#kpi-([\w-]+)"',
                  re.S)


@pytest.mark.parametrize("lang", LANGS)
def test_every_chapter_shows_its_figures_linked_to_their_rows(site, dataset, figures, lang):
    """Each chapter of data/chapter_figures.yaml shows its tiles in this edition, in order, each with the report
    year's figure and a link to a row of the KPI appendix that exists."""
    kpi_html = html_path(site, "kpis", lang).read_text(encoding="utf-8")
    for chapter, ids in figures.items():
        html = html_path(site, chapter, lang).read_text(encoding="utf-8")
        block = html.split('class="esg-tiles esg-chapter-figures"', 1)
        assert len(block) == 2, f"{chapter} ({lang}) shows no key figures"
        tiles = TILE.findall(block[1].split("</div>", 1)[0])
        assert [t[2] for t in tiles] == ids, f"{chapter} ({lang}): tiles {[t[2] for t in tiles]}, expected {ids}"
        for figure, href, kpi_id in tiles:
            value = dataset.value(kpi_id, dataset.year)
            assert isinstance(value, NotDisclosed) or figure == plain(value), f"{chapter}: {kpi_id} shows {figure}"
            assert href.rstrip("/").endswith("kpis"), href
            assert f'id="kpi-{kpi_id}"' in kpi_html


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_keeps_the_chapters_figures(site, dataset, figures, lang):
    """The environment chapter's figures are printed in the chapter, before Appendix 1 begins."""
    pdf = site / dataset.report.pdf_name(lang)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # the section's heading as the chapter's page has it now (an editor may reword it; its id stays)
    page = html_path(site, "green-operations", lang).read_text(encoding="utf-8")
    found = re.search(r'<h2 id="environmental-kpis"[^>]*>(.*?)</h2>', page, re.S)
    assert found, f"green-operations ({lang}) has no heading {{#environmental-kpis}}"
    heading = re.sub(r"\s+", " ", re.sub(r'<a class="headerlink".*?</a>|<[^>]+>', "", found.group(1))).strip()
    start = text.rindex(heading)          # the chapter's section (the table of contents names it first)
    chunk = text[start:start + 3000]
    for kpi_id in figures["green-operations"]:
        assert plain(dataset.value(kpi_id, dataset.year)) in chunk, f"{kpi_id} not in the PDF's chapter ({lang})"


def _break(root: Path, old: str, new: str) -> int:
    path = root / FIGURES_FILE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


@pytest.mark.parametrize("old,new,words", [
    ("electricity, water,", "electricity, watr,", ["unknown KPI id 'watr'", "did you mean water"]),
    ("[volunteer_hours, donations]", "[volunteer_hours, volunteer_hours]", ["listed twice"]),
    ("[volunteer_hours, donations]", "volunteer_hours", ["expected a list of KPI ids"]),
], ids=["unknown id", "twice", "not a list"])
def test_a_bad_chapter_figure_stops_with_file_and_line(data_copy, dataset, old, new, words):
    line = _break(data_copy, old, new)
    with pytest.raises(DataErrors) as err:
        load_dataset(data_copy)   # with the rest of data/: the figures are the dataset's (Dataset.chapter_figures)
    message = str(err.value)
    assert f"{FIGURES_FILE}:{line}" in message, message
    for word in words:
        assert word in message, message


@pytest.mark.parametrize("lang", LANGS)
def test_a_page_naming_an_unknown_chapter_stops_the_build(dataset, lang):
    """The macro refuses with the page, the data file and a suggestion (the macros' wiring into the build is proven
    once, tests/test_build_errors.py)."""
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError) as refused:
        page_macros(dataset, lang, "index.md").chapter_figures("green-operation")
    for word in ("index.md: ", "chapter_figures('green-operation')", "did you mean green-operations",
                 "data/chapter_figures.yaml"):
        assert word in str(refused.value), refused.value


# ── 3. breakdowns belong to their totals ────────────────────────────────────────
def _ratio(row) -> bool:
    return any(c.ratio is not None for c in row.check or [])


def test_every_breakdown_follows_its_total_never_a_ratio(dataset):
    """A part named by a total's `check: sum:` is shown under that total; no breakdown hangs under a ratio (per
    employee, a rate of a total); each breakdown comes after its total with only its siblings between."""
    sums = 0
    for table in dataset.tables.values():
        par = parents(table)
        rows = {r.id: r for r in table.rows}
        for row in table.rows:
            for check in row.check or []:
                for part in check.sum or []:
                    if part in par:
                        sums += 1
                        assert par[part] == row.id, f"{part} is shown under {par[part]}, not its total {row.id}"
        for child, parent in par.items():
            assert not _ratio(rows[parent]), f"{child} sits under the ratio {parent}"
        order = grouped(table)
        for i, (row, parent) in enumerate(order):
            if parent:
                above = [r for r, _ in order[:i]]
                j = max(k for k, r in enumerate(above) if r.id == parent)
                assert all(par.get(r.id) == parent for r in above[j + 1:]), f"{row.id} is not under {parent}"
        assert sorted(r.id for r, _ in order) == sorted(rows)
    assert sums >= 10


def test_a_breakdown_without_a_total_is_reported_at_its_line(data_copy):
    path = data_copy / "data" / "kpis" / "environmental.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      - id: ghg_scope1\n"
    path.write_text(text.replace(old, old + "        level: 1\n"), encoding="utf-8")
    with pytest.raises(DataErrors) as caught:   # load_dataset checks every breakdown (check_breakdowns)
        load_dataset(data_copy)
    message = str(caught.value)
    line = text[: text.index(old)].count("\n") + 1
    assert "data/kpis/environmental.yaml:" in message and "ghg_scope1" in message and "How to fix" in message
    assert int(re.search(r"environmental\.yaml:(\d+)", message).group(1)) >= line


def test_downloads_name_each_breakdowns_total(dataset):
    expected = {c: p for t in dataset.tables.values() for c, p in parents(t).items()}
    rows = list(csv.DictReader(io.StringIO(downloads.csv_bytes(dataset).decode("utf-8-sig"))))
    assert {r["kpi_id"]: r["parent_kpi_id"] for r in rows if r["parent_kpi_id"]} == expected
    assert rows[[r["kpi_id"] for r in rows].index("waste_batteries")]["parent_kpi_id"] == "hazardous_waste_total"
    doc = json.loads(downloads.json_bytes(dataset))
    assert {k["id"]: k["parent"] for k in doc["kpis"] if k["parent"]} == expected


@pytest.mark.parametrize("lang", LANGS)
def test_of_which_opens_each_group_of_parts_in_the_tables(site, dataset, lang):
    html = html_path(site, "kpis", lang).read_text(encoding="utf-8")
    for table in dataset.tables.values():
        par = parents(table)
        for child, parent in par.items():
            row = re.search(rf'<tr data-kpi="{child}"[^>]*>', html).group(0)
            assert f'data-parent="{parent}"' in row and "esg-sub" in row, row
    waste = html.split('data-kpi="waste_batteries"', 1)[1][:300]
    assert 'class="esg-of"' in waste, "the first part of the hazardous waste total does not say 'of which'"
    ratio = re.search(r'<tr data-kpi="hazardous_waste_per_employee"[^>]*>', html).group(0)
    assert "data-parent" not in ratio


# ── 2. no table scrolls sideways on a phone ─────────────────────────────────────
def test_cells_are_labelled_from_their_headers():
    html = ("<table><thead><tr><th>Aspect</th><th>Laws &amp; rules</th></tr></thead>"
            "<tbody><tr><td>A</td><td><ul><li>x</li></ul></td></tr></tbody></table>")
    out = label_tables(html)
    assert 'data-cards="row"' in out
    assert '<td data-label="Aspect">A</td>' in out and '<td data-label="Laws &amp; rules">' in out
    assert label_tables(out) == out, "labelling twice changes the table again"
    own = '<table data-cards="own"><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>'
    assert label_tables(own) == own
    assert label_tables("<table><tbody><tr><td>1</td></tr></tbody></table>").count("data-label") == 0


TABLES_ON_PHONE = """() => [...document.querySelectorAll('article table')].map(t => {
  let scrolls = false;
  for (let e = t; e && e !== document.body; e = e.parentElement)
    if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible') scrolls = true;
  const r = t.getBoundingClientRect();
  const head = [...t.querySelectorAll('thead th')].map(th => th.textContent.trim());
  const labels = t.dataset.cards === 'row' ? [...t.querySelectorAll('tbody tr:first-child > *')].slice(1)
    .map(c => getComputedStyle(c, '::before').content.replace(/^"|"$/g, '')) : null;
  const caption = t.caption && getComputedStyle(t.caption).position !== 'absolute' ? t.caption.getBoundingClientRect().width : null;
  return {name: t.dataset.table || head.join(' | '), scrolls, left: r.left, right: r.right, head, labels, caption};
})"""


on_every_page("phone", "tables")(lambda page: page.evaluate(TABLES_ON_PHONE))


@pytest.mark.xdist_group(walk_group("phone"))
@pytest.mark.parametrize("lang", LANGS)
def test_no_table_scrolls_sideways_on_a_phone(walk, lang):
    """Every table of every page of this edition fits 375 px, none in a box that scrolls sideways; a table shown
    as cards labels each value with its column's header (measured in the shared phone walk, conftest.py)."""
    urls = [u for u in all_page_urls() if u.startswith(page_url("index", lang)) and
            (lang != LANGS[0] or not any(u.startswith(page_url("index", x)) for x in LANGS[1:]))]
    seen, problems = 0, []
    for url in urls:
        for t in walk("phone")[url]["tables"]:
            seen += 1
            if t["scrolls"] or t["left"] < 0 or t["right"] > PHONE + 0.5:
                problems.append(f"{url} {t['name'][:60]}: {t['left']:.0f}–{t['right']:.0f} px, scrolls={t['scrolls']}")
            if t["caption"] is not None and t["caption"] < 0.8 * (t["right"] - t["left"]):   # not a letter a line
                problems.append(f"{url} {t['name'][:60]}: caption squeezed to {t['caption']:.0f} px")
            if t["labels"] is not None and t["labels"] != t["head"][1:]:
                problems.append(f"{url} {t['name'][:60]}: card labels {t['labels']} ≠ headers {t['head'][1:]}")
    assert seen >= 20, f"only {seen} tables measured"
    assert not problems, "\n".join(problems)


# ── 8. a figure on the first phone screen ───────────────────────────────────────
@pytest.mark.parametrize("lang", LANGS)
def test_a_figure_shows_on_the_home_pages_first_phone_screen(browser, server, dataset, lang):
    """At 375 × 667 (an iPhone SE), before any scrolling, the first highlight tile's figure and unit, and the first
    change on the year before, are whole inside the screen, below the masthead's title and buttons."""
    context = new_site_context(browser, server, PHONE)
    page = context.new_page()
    page.set_viewport_size({"width": PHONE, "height": 667})
    page.goto(server + page_url("index", lang))
    first = page.evaluate("""() => {
      const tile = document.querySelector('article .esg-tiles li');
      const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
      const change = document.querySelector('article .esg-tiles li .esg-tile-change');   // the first tile with one
      return {figure: box(tile.querySelector('.esg-tile-figure')), change: box(change),
              text: tile.querySelector('.esg-tile-figure strong').textContent.trim(), scrollY: scrollY,
              buttons: [...document.querySelectorAll('.esg-masthead .md-button')].map(b => b.getBoundingClientRect().bottom)};
    }""")
    context.close()
    assert first["scrollY"] == 0
    for name in ("figure", "change"):
        left, top, right, bottom = first[name]
        assert 0 <= left and right <= PHONE and 0 < top and bottom <= 667, f"{lang}: the first tile's {name} at {first[name]}"
    assert max(first["buttons"]) < first["figure"][1], "the tiles come after the masthead's buttons"
    assert re.match(r"\d", first["text"]), f"{lang}: the first tile shows {first['text']!r}, not a figure"


# ── 4. a way through long pages ─────────────────────────────────────────────────
LONG_SCREENS = 5
SECTIONS = """() => ({height: document.querySelector('.md-content article').offsetHeight, screen: innerHeight,
    sections: [...document.querySelectorAll('.md-content article h2[id]')].map(h => h.id),
    chips: [...document.querySelectorAll('.esg-sectionbar a')].map(a => a.getAttribute('href')),
    progress: !!document.querySelector('.esg-progress')})"""
on_every_page("phone", "sections")(lambda page: page.evaluate(SECTIONS))


@pytest.mark.xdist_group(walk_group("phone"))
@pytest.mark.parametrize("lang", LANGS)
def test_long_pages_have_a_section_bar_and_progress(walk, browser, server, lang):
    """On a phone, every page longer than five screens has a bar of its sections in reach (inside the sticky
    header), its chips are links to the page's sections reached by the keyboard, the section being read is marked,
    and a progress line follows the reading; shorter pages have neither; print shows neither. Which pages are long,
    and their chips, from the phone walk (375 × 667); the long ones are then read and used here."""
    from conftest import page_slugs

    context = new_site_context(browser, server, PHONE, PHONE_HEIGHT)
    page = context.new_page()
    long_pages = 0
    for slug in page_slugs():
        info = walk("phone")[page_url(slug, lang)]["sections"]
        assert info["screen"] == PHONE_HEIGHT
        is_long = info["height"] > LONG_SCREENS * PHONE_HEIGHT and len(info["sections"]) >= 3
        if not is_long:
            assert not info["chips"] and not info["progress"], f"{slug}: a short page with a section bar"
            continue
        page.goto(server + page_url(slug, lang))
        long_pages += 1
        assert info["chips"] == [f"#{s}" for s in info["sections"]], f"{slug}: chips {info['chips']}"
        assert info["progress"], f"{slug}: no progress line"
        page.evaluate("window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * 0.6)")
        page.wait_for_timeout(150)
        state = page.evaluate("""() => { const bar = document.querySelector('.esg-sectionbar').getBoundingClientRect();
            const m = document.querySelector('.esg-progress').style.transform.match(/scaleX\\(([\\d.]+)\\)/);
            return {top: bar.top, bottom: bar.bottom, current: document.querySelectorAll('.esg-sectionbar [aria-current=location]').length,
                    progress: m ? parseFloat(m[1]) : -1}; }""")
        assert 0 <= state["top"] and state["bottom"] < 160, f"{slug}: the bar is out of reach at {state}"
        assert state["current"] == 1, f"{slug}: no section marked as being read"
        assert 0.5 < state["progress"] < 0.7, f"{slug}: progress {state['progress']} at 60 % of the page"
        # by keyboard: the second chip, focused and activated with Enter, brings its section just below the bar,
        # and the bar then marks that section as the one being read
        page.focus(".esg-sectionbar li:nth-child(2) a")
        page.keyboard.press("Enter")
        page.wait_for_timeout(250)
        landed = page.evaluate("""(id) => ({hash: location.hash, top: document.getElementById(id).getBoundingClientRect().top,
            bar: document.querySelector('.esg-sectionbar').getBoundingClientRect().bottom,
            current: document.querySelector('.esg-sectionbar [aria-current=location]').getAttribute('href')})""",
                               info["sections"][1])
        assert landed["hash"] == f"#{info['sections'][1]}"
        assert landed["bar"] - 1 <= landed["top"] <= landed["bar"] + 60, f"{slug}: the section lands at {landed}"
        assert landed["current"] == landed["hash"], f"{slug}: the bar marks {landed['current']} after the jump"
        page.emulate_media(media="print")
        assert not page.locator(".esg-sectionbar").is_visible() and not page.locator(".esg-progress").is_visible()
        page.emulate_media(media="screen")
    context.close()
    assert long_pages >= 2, "the KPI appendix and governance at least are long pages"


# ── 9. Chinese search finds the words inside longer tokens ──────────────────────
def test_words_inside_a_token_become_search_words():
    from macros.render.search_entries import TEXT_SYNONYMS, TITLE_SYNONYMS, ZWSP, InnerWords

    inner = InnerWords(["溫室氣體排放", "溫室氣體", "排放", "排放量", "範疇二", "廢棄物"])
    title = f"間接{ZWSP}溫室氣體排放{ZWSP}量（{ZWSP}範疇二{ZWSP}）"
    assert inner.inside(title) == ["排放量", "排放"]          # 排放量 is read across 溫室氣體排放|量
    doc = inner.add_to({"title": title, "text": f"有害{ZWSP}廢棄物{ZWSP}總量"})
    assert doc[TITLE_SYNONYMS].split() == [f"{ZWSP}排放量{ZWSP}", f"{ZWSP}排放{ZWSP}"]
    assert TEXT_SYNONYMS not in doc, "廢棄物 begins a token already"
    assert inner.add_to(dict(doc)) == doc, "adding twice changes nothing"
    assert InnerWords([]).inside(title) == []


@pytest.mark.parametrize("lang", ["zh-Hant", "zh-Hans"])
def test_the_emissions_rows_answer_to_the_words_inside_their_labels(site, dataset, lang):
    """In the built index, each greenhouse-gas row's entry answers to 排放 and 排放量 (as a token of its own, in its
    title or its synonyms), and to 溫室氣體, in the edition's script."""
    from conftest import LOCALES, PREFIX

    convert = (lambda w: LOCALES.convert(lang, w)) if lang != "zh-Hant" else (lambda w: w)
    index = json.loads((site / PREFIX[lang] / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    rows = [d for d in index["docs"] if "#kpi-ghg_" in d["location"]]
    assert len(rows) == 3, [d["location"] for d in rows]
    for doc in rows:
        tokens = {t for f in ("title", "title_synonyms", "text", "text_synonyms")
                  for t in separator.split(re.sub(r"<[^>]+>", " ", doc.get(f, "")))}
        for word in ("排放", "排放量", "溫室氣體"):
            assert any(t.startswith(convert(word)) for t in tokens), f"{doc['location']}: no token for {word}"
