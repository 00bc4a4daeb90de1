"""Hostile or careless input: markup is data, the PDF reads only our site, downloads are inert, numbers are what an
editor meant. Each case is one bad change; the build stops with file, line and how to mend it, or the output carries
the text inert. CONTRIBUTING.md ("What the build refuses") lists the same cases for editors.

Data cases load a copy of data/ (no site build); page cases run the hook's check of a page as written, and two
builds of a two-page site (mini_project) carry every bad line of a page to prove the hook stops the build at each;
the browser case loads the real site in Chromium and listens for Content-Security-Policy violations.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import markdown
import pytest

from conftest import (HAND, LANGS, LOCALES, PREFIX, ROOT, all_page_urls, before_every_page, edit, mkdocs_config,
                      new_site_context, on_every_page, walk_group)
from figures import dataset as data_now, report_year, restate, value_of, values_text, with_value
from macros.model.dataset import DataErrors, load_dataset

SOCIAL = "data/kpis/social.yaml"
ENV = "data/kpis/environmental.yaml"
TRAD = next(lang for lang in HAND if lang in LOCALES.traditional)   # zh-Hant: the Traditional text that prevails
OTHER = next(lang for lang in HAND if lang != TRAD)                 # en


# ── 5. numbers an editor meant; every text visible; zh-Hant text Traditional ─────────────────────────────────
# (case, file, old, new, line offset of the bad value from the edit, words the message must contain)
# the rows' values as data/ writes them now (tests/figures.py): a case follows an editor's change of a figure
YEAR = report_year()
ROW = values_text("employees_total")[1]          # unit person
RATE = values_text("contract_signing_rate")[1]   # unit percent
HK = values_text("employees_hk_overseas")[1]     # unit person
# the texts broken below, as data/ writes them now: an editor may rename a label or add a glossary term at the top
_NOW = data_now()
_RATE = _NOW.rows["contract_signing_rate"].label
_FIRST, _REST = _RATE.get("en").split(" ", 1)
LABEL_EN = f"en: {_RATE.get('en')}"
LABEL_ZH = f"zh-Hant: {_RATE.get('zh-Hant')}"
TERM = _NOW.glossary[0]   # the first term of data/glossary.yaml, whatever it is


def simplified_slip(text: str) -> tuple[str, str]:
    """`text` with its first character that has a Simplified-only form written that way, and the words the build's
    message names it with: the slip of an editor typing on a Simplified keyboard."""
    from macros.model.chinese import Converter
    from macros.model.text import simplified_only

    to_simplified = Converter("hk2s")
    for i, char in enumerate(text):
        slip = text[:i] + to_simplified(char) + text[i + 1:]
        if simplified_only(slip):
            return slip, f"{to_simplified(char)} (Traditional: {char})"
    raise AssertionError(f"no character of {text!r} has a Simplified-only form")


ZH_SLIP, ZH_SLIP_WORDS = simplified_slip(_RATE.get("zh-Hant"))
TERM_SLIP, TERM_SLIP_WORDS = simplified_slip(TERM.zh[0])
DATA_CASES = [
    ("base-60 number", SOCIAL, ROW, with_value(ROW, YEAR, "10:05"), ["base-60", "605", f"values.{YEAR}"]),
    ("hexadecimal number", SOCIAL, ROW, with_value(ROW, YEAR, "0x25d"), ["hexadecimal", "plain decimal"]),
    ("octal number", SOCIAL, ROW, with_value(ROW, YEAR, "0605"), ["octal", "drop the leading zero"]),
    ("yes as a number", SOCIAL, RATE, with_value(RATE, YEAR, "yes"), ["true/false", "write a number as digits"]),
    ("on as a number", SOCIAL, RATE, with_value(RATE, YEAR, "on"), ["true/false"]),
    (".nan", SOCIAL, ROW, with_value(ROW, YEAR, ".nan"), ["not-a-number", "not disclose"]),
    (".inf", SOCIAL, ROW, with_value(ROW, YEAR, ".inf"), ["infinity"]),
    ("underscore separators", SOCIAL, ROW, with_value(ROW, YEAR, "6_05"), ["underscores", "without separators"]),
    ("exponent", SOCIAL, ROW, with_value(ROW, YEAR, "6.05e+2"), ["exponent", "in full"]),
    ("negative count", SOCIAL, HK, with_value(HK, YEAR, "-1"), ["-1 is outside the range", "'person'", "range:"]),
    ("140 % rate", SOCIAL, RATE, with_value(RATE, YEAR, "140"), ["140 is outside the range", "'percent'", "to 100"]),
    ("zero-width space in a label", SOCIAL, LABEL_EN, f"en: {_FIRST}\u200b {_REST}",
     ["invisible character U+200B", "label.en"]),
    ("control character in a label", SOCIAL, LABEL_EN, f"en: {_FIRST}\x01 {_REST}",
     ["U+0001", "control character"]),
    ("direction mark in a fact label", "data/facts/about-us.yaml", "en: ", "en: \u202e", ["U+202E", "label.en"]),
    ("zero-width space in the glossary", "data/glossary.yaml", TERM.en[0], TERM.en[0][:3] + "\u200b" + TERM.en[0][3:],
     ["U+200B", "terms[0].en[0]"]),
    ("BOM inside a UI string", "data/ui_strings.yaml", "en: ", "en: \ufeff", ["U+FEFF", "strings."]),
    ("Simplified character in a zh-Hant label", SOCIAL, LABEL_ZH, f"zh-Hant: {ZH_SLIP}", [ZH_SLIP_WORDS, "Traditional"]),
    ("Simplified character in a zh-Hant law title", "data/laws.yaml", "zh-Hant: 《", "zh-Hant: 《这",
     ["这 (Traditional: 這)"]),
    ("Simplified character in a glossary form", "data/glossary.yaml", TERM.zh[0], TERM_SLIP,
     [TERM_SLIP_WORDS, "terms[0].zh[0]"]),
    ("no as a label word", SOCIAL, LABEL_EN, "en: no", ["true/false", "put a word in quotes"]),
]


@pytest.mark.parametrize("case,rel,old,new,words", DATA_CASES, ids=[c[0] for c in DATA_CASES])
def test_data_that_no_editor_means_stops_with_file_line_and_fix(data_copy, case, rel, old, new, words):
    line = edit(data_copy, rel, old, new)
    with pytest.raises(DataErrors) as info:
        load_dataset(data_copy)
    message = str(info.value)
    assert re.search(rf"{re.escape(rel)}:{line}: ", message), f"{case}: no {rel}:{line} in\n{message}"
    assert "How to fix:" in message, message
    for word in words:
        assert word in message, f"{case}: {word!r} not in\n{message}"


def test_a_row_may_widen_its_units_range_with_a_reason(data_copy):
    edit(data_copy, SOCIAL, RATE, with_value(RATE, YEAR, "140") + "\n        range: {max: 200, reason: a test of a wider share}")
    restate(data_copy, "contract_signing_rate", YEAR, value_of(RATE, YEAR), "140")
    ds = load_dataset(data_copy)
    assert str(ds.rows["contract_signing_rate"].values[YEAR]) == "140"


def test_plain_numbers_keep_their_decimals(data_copy):
    written = value_of(ROW, YEAR)
    edit(data_copy, SOCIAL, ROW, with_value(ROW, YEAR, written + ".0"))
    restate(data_copy, "employees_total", YEAR, written, written + ".0")
    ds = load_dataset(data_copy)
    assert str(ds.rows["employees_total"].values[YEAR]) == written + ".0"


def test_the_real_data_and_pages_pass_the_checks():
    """The checks have no false alarm on the report itself (its zh-Hant text included)."""
    from macros.plugin.safe_pages import source_problems
    from macros.model.pages import page_pairs

    load_dataset(ROOT)
    for slug, files in page_pairs(ROOT / "docs", list(HAND)).items():
        for lang, path in files.items():
            assert source_problems(path.read_text(encoding="utf-8"), lang == TRAD) == [], path


# ── 2. markup is data: texts from data/ come out as text ─────────────────────────────────────────────────────
def _markdown(text: str) -> str:
    """Markdown rendered with the site's own extensions (mkdocs.yml), as MkDocs renders a page after the macros."""
    exts = [e if isinstance(e, str) else next(iter(e)) for e in mkdocs_config()["markdown_extensions"]]
    return markdown.Markdown(extensions=exts).convert(text)


HOSTILE_TEXTS = [
    ("script element", "<script>alert(1)</script>"),
    ("img onerror", "x<img src=x onerror=alert(1)>"),
    ("javascript link", "[click](javascript:alert(1))"),
    ("attr_list id and handler", "Water {#x onclick=alert(1)}"),
    ("markdown emphasis and heading marks", "*bold* _it_ `code` # ! <b>b</b>"),
]


def _with_caption(root: Path, text: str):
    """A copy of the data whose first environmental table caption (en) and first row label (en) are `text`."""
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    edit(root, ENV, "en: Greenhouse gas emissions", f"en: {quoted}")
    edit(root, ENV, "en: Direct GHG emissions (Scope 1)", f"en: {quoted}")
    return load_dataset(root)


@pytest.mark.parametrize("case,text", HOSTILE_TEXTS, ids=[c[0] for c in HOSTILE_TEXTS])
def test_a_hostile_caption_and_label_come_out_as_text(data_copy, case, text):
    from macros.plugin.safe_pages import html_problems
    from macros.render import tables

    ds = _with_caption(data_copy, text)
    kfile = next(f for f in ds.kpi_files if any(t.id == "ghg" for t in f.tables))
    page = _markdown(tables.kpi_section_md(ds, kfile, OTHER))
    assert html_problems(page) == [], f"{case}: code in the page:\n{page[:600]}"
    heading = re.search(r'<h3 id="([^"]+)">(.*?)</h3>', page)
    assert heading.group(1) == "ghg", f"{case}: the caption changed the heading id: {heading.group(0)}"
    import html as html_lib
    shown = html_lib.unescape(re.sub(r"<[^>]+>", "", heading.group(2)))
    assert shown == text, f"{case}: heading shows {shown!r}, not the text typed"
    assert "<b>" not in page and "<em>" not in page and "<strong>" not in page.split("</h3>")[0]
    assert html_lib.escape(text, quote=False) in page, f"{case}: the label is not shown escaped in the table"


def test_a_hostile_hkex_wording_comes_out_as_text_in_the_content_index(data_copy):
    from macros.plugin.safe_pages import html_problems
    from macros.render.content_index import content_index_html

    edit(data_copy, "data/hkex_guide.yaml", "en: A. Environmental",
         'en: "A. <img src=x onerror=alert(1)> [x](javascript:alert(1))"')
    ds = load_dataset(data_copy)
    page = _markdown(content_index_html(ds, data_copy / "docs", OTHER))
    assert html_problems(page) == [], page[:600]
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    import html as html_lib
    assert "A. <img src=x onerror=alert(1)> [x](javascript:alert(1))" in html_lib.unescape(page)  # shown as typed


# ── 4. downloads are inert and reproducible ─────────────────────────────────────────────────────────────────
FORMULA_LABELS = [("equals", "=1+2"), ("plus", "+1+2"), ("minus", "-1+2"), ("at", "@SUM(A1)"),
                  ("hyperlink", '=HYPERLINK("http://x","y")')]


@pytest.mark.parametrize("text", ["\t=1+2", "\r=1+2", "=1", "+1", "-1", "@A1"])
def test_a_cell_starting_like_a_formula_gets_an_apostrophe_in_csv(text):
    """Tab and carriage return cannot reach a cell through a label (labels are trimmed), but any text can."""
    from macros.render.downloads import inert

    assert inert(text) == "'" + text
    assert inert("Water " + text) == "Water " + text


@pytest.mark.parametrize("case,label", FORMULA_LABELS, ids=[c[0] for c in FORMULA_LABELS])
def test_a_label_that_looks_like_a_formula_is_inert_in_csv_and_xlsx(data_copy, case, label):
    import csv

    import openpyxl

    from macros.render import downloads

    quoted = '"' + label.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'
    edit(data_copy, SOCIAL, LABEL_EN, f"en: {quoted}")
    ds = load_dataset(data_copy)
    rows = list(csv.reader(io.StringIO(downloads.csv_bytes(ds).decode("utf-8-sig"))))
    header, row = rows[0], next(r for r in rows if "contract_signing_rate" in r)
    cell = row[header.index(downloads.column("indicator", OTHER))]
    assert cell == "'" + label, f"{case}: CSV cell {cell!r}"
    assert row[header.index(str(ds.year))] == "100"  # the figure stays a number
    book = openpyxl.load_workbook(io.BytesIO(downloads.xlsx_bytes(ds)))
    sheet = book["workforce"]
    found = [c for r in sheet.iter_rows() for c in r if c.value == label]
    assert found and all(c.data_type == "s" for c in found), f"{case}: {[(c.value, c.data_type) for c in found]}"
    figures = [c for r in sheet.iter_rows() for c in r if r[0].value == "contract_signing_rate" and c.value == 100]
    assert figures and figures[0].data_type == "n"
    archive = zipfile.ZipFile(io.BytesIO(downloads.xlsx_bytes(ds)))
    for name in archive.namelist():
        assert b"<f>" not in archive.read(name), f"{case}: a formula element in {name}"


def test_xlsx_is_the_same_bytes_in_two_builds(dataset, monkeypatch):
    from macros.render import downloads

    first = downloads.xlsx_bytes(dataset)
    later = time.time() + 86400 + 7   # the second build a day and some seconds later (zip times step by 2 s)
    monkeypatch.setattr(time, "time", lambda: later)
    assert downloads.xlsx_bytes(dataset) == first
    core = zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml").decode()
    assert f"{dataset.year}-12-31T00:00:00Z" in core, core


# ── 2. and 5. pages: no code, no invisible or Simplified-only characters (a two-page site is built) ─────────
HOME = ("# 首頁 {#home}\n\n## 範圍 {#scope}\n\n見[另一頁](other.md#part)。\n",
        "# Home {#home}\n\n## Scope {#scope}\n\nSee [the other page](other.md#part).\n")
OTHER_PAGE = ("# 另一頁 {#other}\n\n## 部分 {#part}\n\n員工總數。\n",
              "# Other {#other}\n\n## Part {#part}\n\nEmployees.\n")


def with_line(which: int, line: str) -> tuple[str, str]:
    """OTHER_PAGE with `line` added to page `which` (0 zh-Hant, 1 en) and a plain block of the same kind to the other,
    so that the two languages still match block by block (macros/model/pages.py) and a refusal is about the line."""
    from macros.model.pages import blocks

    kind = blocks(line)[0][0] if blocks(line) else "paragraph"
    plain = {0: "平實的文字。", 1: "Plain text."}
    if kind.startswith("heading#"):
        plain = {0: f"## 更多 {{#{kind[8:]}}}", 1: f"## More {{#{kind[8:]}}}"}
    pages = [page + "\n" + plain[n] + "\n" for n, page in enumerate(OTHER_PAGE)]
    pages[which] = OTHER_PAGE[which] + "\n" + line + "\n"
    return pages[0], pages[1]


# (case, which page gets the bad line (0 zh-Hant, 1 en), the line, words the message must contain)
PAGE_CASES = [
    ("script element", 1, "<script>alert(1)</script>", ["<script> element"]),
    ("img onerror", 1, '<img src="x.png" onerror="alert(1)">', ["inline event handler onerror="]),
    ("onclick on a div", 0, '<div onclick="alert(1)">文字</div>', ["inline event handler onclick="]),
    ("onclick in an attribute list", 1, '## More {#more onclick="alert(1)"}', ["inline event handler onclick="]),
    ("javascript link", 1, "[click](javascript:alert(1))", ["script URL 'javascript:'"]),
    ("javascript href", 1, '<a href=" JavaScript:alert(1)">x</a>', ["script URL 'javascript:'"]),
    ("iframe", 1, '<iframe src="https://example.com"></iframe>', ["<iframe> element"]),
    ("zero-width space", 0, "文字\u200b文字。", ["invisible character U+200B"]),
    ("control character", 1, "Some\x07 text.", ["invisible character U+0007"]),
    ("the theme's search switch as a heading id", 1, "## More {#__search}", ["the theme's own '#__search'"]),
    ("the theme's class on a link", 0, "[連結](other.md){ .md-dialog }", ["the theme's own '.md-dialog'"]),
    ("the theme's component in an attribute list", 1, 'Text. {: data-md-component="announce" }',
     ["the theme's own 'data-md-component'"]),
    ("a quote in a heading id", 1, "## More {#a'b}", ["the id 'a'b'"]),
    ("a path as a heading id", 1, "## More {#../../etc}", ["the id '../../etc'"]),
    ("a capital letter in a heading id", 0, "## 更多 {#Water}", ["the id 'Water'"]),
    ("Simplified character on the zh-Hant page", 0, "我们的员工。", ["们 (Traditional: 們)", "员 (Traditional: 員)"]),
]


# and three the build must treat as the cases above did: a script URL hidden by an entity, a file of the build
# machine linked (a PDF would embed it), Simplified characters quoted on the English page (fine: no problem)
ENTITY = ("script URL hidden by an entity", 1, '<a href="javascript&#58;alert(1)">x</a>',
          ["script URL 'javascript:' written with character references"])
MACHINE_FILE = '<a rel="attachment" href="{uri}">notes</a>'
SIMPLIFIED_ON_EN = "In Simplified: 们."


def _problems_at(page: str, line: str, lang: str) -> list[tuple[str, str]]:
    """(what, how to fix) of each problem safe_pages finds on `line` of `page`, checked as a page of `lang`."""
    from macros.plugin.safe_pages import source_problems

    number = page.split("\n").index(line) + 1
    return [(what, fix) for n, what, fix in source_problems(page, lang in LOCALES.traditional) if n == number]


@pytest.mark.parametrize("case,which,line,words", PAGE_CASES + [ENTITY], ids=[c[0] for c in PAGE_CASES + [ENTITY]])
def test_a_page_with_code_or_unmeant_characters_is_refused_at_its_line(case, which, line, words):
    """The check of each page as written (macros/plugin/safe_pages.py source_problems): the bad line is named, with
    what is wrong and how to fix it. The two builds below prove the hook runs it on every page of the build."""
    found = _problems_at(with_line(which, line)[which], line, (TRAD, OTHER)[which])
    assert found, f"{case}: not refused"
    assert all(fix for _, fix in found), f"{case}: no fix given: {found}"
    for word in words:
        assert any(word in what for what, _ in found), f"{case}: {word!r} not in {found}"


def test_a_file_of_the_build_machine_linked_from_a_page_is_refused(tmp_path):
    line = MACHINE_FILE.format(uri=(tmp_path / "secret.txt").as_uri())
    assert [what for what, _ in _problems_at(with_line(1, line)[1], line, OTHER)] == ["a link by 'file:' (not https)"]


@pytest.mark.parametrize("line", ["See [x](https://www.example.org/).", "<https://www.example.org/a>",
                                  "[x]: https://www.example.org/", '<a href="https://www.example.org/">x</a>',
                                  "[x](<https://WWW.EXAMPLE.ORG/a b>)", "![x](https://www.example.org/x.png)"])
def test_a_link_to_a_host_not_listed_is_refused_at_its_line(line):
    """Every way a page names an https address, checked against mkdocs.yml extra.link_hosts where it is written."""
    from macros.plugin.safe_pages import source_problems

    hosts = frozenset(mkdocs_config()["extra"]["link_hosts"])
    page = with_line(1, line)[1]
    number = page.split("\n").index(line) + 1
    found = [(n, what, fix) for n, what, fix in source_problems(page, False, hosts)]
    assert [(n, what) for n, what, _ in found] == [(number, "a link to www.example.org, which is not in mkdocs.yml "
                                                    "extra.link_hosts")], found
    assert "ask an engineer to list the host" in found[0][2]
    listed = line.replace("www.example.org", sorted(hosts)[0]).replace("WWW.EXAMPLE.ORG", sorted(hosts)[0].upper())
    assert source_problems(with_line(1, listed)[1], False, hosts) == [], "a listed host passes"


def test_simplified_characters_are_fine_on_the_english_page():
    from macros.plugin.safe_pages import source_problems

    assert source_problems(with_line(1, SIMPLIFIED_ON_EN)[1], OTHER in LOCALES.traditional) == []


def _page_of(which: int, lines: list[str]) -> tuple[str, str]:
    """OTHER_PAGE with each of `lines` as a block of page `which`, and as many plain blocks on the other page."""
    plain = ("平實的文字。", "Plain text.")
    pages = [OTHER_PAGE[n] + "".join(f"\n{line if n == which else plain[n]}\n" for line in lines) for n in (0, 1)]
    return pages[0], pages[1]


def _reported(output: str, page: str, name: str, line: str, words: list[str]) -> None:
    number = page.split("\n").index(line) + 1
    assert f"{name}:{number}: " in output, f"{line!r}: no {name}:{number} in\n{output[-3000:]}"
    for word in words:
        assert word in output, f"{line!r}: {word!r} not in\n{output[-3000:]}"


def test_the_page_check_stops_the_build_at_every_bad_line_of_the_prevailing_page_and_no_pdf_embeds_a_file(
        mini_project, tmp_path):
    """The hook is wired and the zh-Hant page is checked as Traditional text: every case of that page in one build
    (the hook reports every problem of a page), with a file of the build machine linked in a PDF build: the build
    stops at the page, and no PDF embeds the file."""
    secret = tmp_path / "secret.txt"
    secret.write_text("build machine secret", encoding="utf-8")
    cases = [(line, words) for _, which, line, words in PAGE_CASES if which == 0]
    cases.append((MACHINE_FILE.format(uri=secret.as_uri()), ["a link by 'file:' (not https)"]))
    pages = _page_of(0, [line for line, _ in cases])
    code, output = mini_project({"index": HOME, "other": pages}, pdf=True)
    assert code != 0, "the PDF build passed"
    assert "How to fix:" in output
    for line, words in cases:
        _reported(output, pages[0], f"docs/other.{TRAD}.md", line, words)
    assert not list((mini_project.root / "site").glob("*.pdf")) or all(
        b"build machine secret" not in p.read_bytes() for p in (mini_project.root / "site").rglob("*.pdf"))


def test_the_page_check_stops_the_build_at_every_bad_line_of_the_other_page(mini_project):
    """The other edition's page, checked as a page that may quote Simplified characters (that line passes)."""
    cases = [(line, words) for _, which, line, words in PAGE_CASES + [ENTITY] if which == 1]
    pages = _page_of(1, [line for line, _ in cases] + [SIMPLIFIED_ON_EN])
    code, output = mini_project({"index": HOME, "other": pages})
    assert code != 0, "the build passed"
    assert "How to fix:" in output
    for line, words in cases:
        _reported(output, pages[1], f"docs/other.{OTHER}.md", line, words)
    fine = pages[1].split("\n").index(SIMPLIFIED_ON_EN) + 1
    assert f"docs/other.{OTHER}.md:{fine}: " not in output, f"Simplified refused on the {OTHER} page:\n{output[-3000:]}"


def test_the_rendered_page_is_checked_too():
    """The net under everything: whatever made it, markup that would run is found in the HTML of a page."""
    from macros.plugin.safe_pages import html_problems

    for bad in ['<p><a href="&#106;avascript:alert(1)">x</a></p>', '<h2 id="x" onclick="alert(1)">x</h2>',
                "<p><script>alert(1)</script></p>", '<img src=" java\tscript:alert(1)">']:
        assert html_problems(bad), bad
    assert html_problems('<p><a href="page/">x</a> onclick= in text, javascript: in text</p>') == []


# ── 3. the PDF reads only our site ───────────────────────────────────────────────────────────────────────────
def png_1x1() -> bytes:
    from PIL import Image  # WeasyPrint's own dependency

    out = io.BytesIO()
    Image.new("RGB", (1, 1), (0, 128, 128)).save(out, "PNG")
    return out.getvalue()


def test_the_pdf_reads_only_files_of_the_site(tmp_path):
    """The wall behind the page checks: whatever URL reaches WeasyPrint, it reads only the built site."""
    from macros.render.typesetting import site_only_fetcher

    site = tmp_path / "site"
    site.mkdir()
    (site / "ok.png").write_bytes(png_1x1())
    secret = tmp_path / "secret.txt"
    secret.write_text("build machine secret", encoding="utf-8")
    fetcher = site_only_fetcher(site)
    fetcher.fetch((site / "ok.png").as_uri())
    for url in (secret.as_uri(), (site / ".." / "secret.txt").as_uri(), "https://example.com/x.png",
                "data:text/html,<script>x</script>"):
        with pytest.raises(ValueError, match="only files of the built site"):
            fetcher.fetch(url)
    assert fetcher.refused[0] == secret.as_uri()


def test_an_image_of_a_page_is_in_the_pdf(mini_project):
    import subprocess

    def with_image(root: Path):
        (root / "docs" / "assets" / "dot.png").write_bytes(png_1x1())

    image = "\n![dot](assets/dot.png)\n"
    code, output = mini_project({"index": HOME, "other": (OTHER_PAGE[0] + image, OTHER_PAGE[1] + image)}, pdf=True,
                                before_build=with_image)
    assert code == 0, output[-3000:]
    pdfs = sorted((mini_project.root / "site").rglob("*.pdf"))
    assert len(pdfs) == len(LANGS), pdfs
    for pdf in pdfs:
        listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout
        assert re.search(r"^\s+\d+\s+\d+\s+image\s+1\s+1\s", listing, re.M), f"{pdf.name}: no 1×1 image\n{listing}"


# ── 2. the browser runs only our scripts: no CSP violation, search and palette still work ───────────────────
CSP_WATCH = """window.__csp = [];
    document.addEventListener('securitypolicyviolation',
        e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"""
before_every_page("desktop", CSP_WATCH)
on_every_page("desktop", "csp")(lambda page: {
    "violations": page.evaluate("window.__csp"),
    "policies": page.locator("meta[http-equiv='Content-Security-Policy']").count()})


@pytest.mark.xdist_group(walk_group("desktop"))
@pytest.mark.parametrize("url", all_page_urls(), ids=[f"csp-{u}" for u in all_page_urls()])
def test_no_page_breaks_its_content_security_policy(walk, url):
    """Every page of every edition carries its policy and breaks none of it while it loads (the desktop walk)."""
    seen = walk("desktop")[url]["csp"]
    assert seen == {"violations": [], "policies": 1}, f"{url}: {seen}"


def test_the_site_works_under_its_policy_and_the_policy_bites(browser, server):
    """Search opens and finds, and the palette toggles, in every edition, with no violation; an inline script is
    refused."""
    context = new_site_context(browser, server, 1280)
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    console = []
    page.on("console", lambda m: console.append(m.text) if m.type in ("error", "warning") else None)
    try:
        for lang in LANGS:
            page.goto(f"{server}/{PREFIX[lang]}")
            page.locator("input[data-md-component=search-query]").click()
            box = page.locator("input[data-md-component=search-query]")
            box.fill("2022")
            box.press("End")  # Material searches on keyup
            page.wait_for_selector(".md-search-result__item", timeout=15000)
            # palette toggles
            page.keyboard.press("Escape")
            before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            page.locator("[data-md-component='palette'] label:visible").first.click()
            after = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            assert before != after, f"{lang}: the palette did not toggle ({before})"
            assert page.evaluate("window.__csp") == [], f"{lang}: {page.evaluate('window.__csp')}"
        assert not [m for m in console if "Content Security Policy" in m], console
        # and the policy bites: an inline script is refused
        page.goto(f"{server}/")
        page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
                      " document.body.appendChild(s); }")
        page.wait_for_timeout(300)
        assert page.evaluate("window.__ran") is None
        assert any("script-src" in v for v in page.evaluate("window.__csp")), page.evaluate("window.__csp")
    finally:
        context.close()


def test_a_hostile_list_separator_comes_out_as_text_between_a_charts_links(data_copy):
    """The line under a chapter's chart joins its links with the UI string list_separator: escaped as every UI
    string (it was joined as raw HTML, so '<img onerror>' there reached the page)."""
    import html as html_lib

    from macros.plugin.safe_pages import html_problems
    from macros.render.charts import chapter_chart_md

    edit(data_copy, "data/ui_strings.yaml", 'list_separator: {zh-Hant: "，", en: ", "}',
         'list_separator: {zh-Hant: "，", en: ", <img src=x onerror=alert(1)> "}')
    ds = load_dataset(data_copy)
    table = next(t for f in ds.kpi_files for t in f.tables if len(t.rows) > 1)
    page = _markdown(chapter_chart_md(ds, "x", [r.id for r in table.rows[:2]], OTHER))
    assert html_problems(page) == [], page[-600:]
    assert ", <img src=x onerror=alert(1)> " in html_lib.unescape(page)   # shown as typed


@pytest.mark.parametrize("words", ["Page {n} of {total}", 'Page {n} </style><h1>x</h1> "of" \\ {total}\n'])
def test_the_pdf_footer_string_cannot_end_its_css_or_its_style_element(words):
    """The PDF's running footer is a UI string written into a <style> element as a CSS string: no quote, backslash,
    line break or '<' of it may end the string, the declaration or the element; the PDF shows the words as typed."""
    from macros.render.print_document import _page_footer

    css = _page_footer(words.replace("{n}", "\0n").replace("{total}", "\0total"))
    assert "<" not in css and "\n" not in css, css
    # the value is CSS strings (no raw quote, backslash or line break inside: CSS Syntax §4.3.5) and counters
    token = re.compile(r'"((?:[^"\\\n]|\\[0-9a-f]{1,6} ?)*)"|counter\((page|pages)\)|\s+')
    pos, shown = 0, ""
    while pos < len(css):
        m = token.match(css, pos)
        assert m, f"not a CSS string or counter at {css[pos:]!r}"
        if m.group(1) is not None:
            shown += re.sub(r"\\([0-9a-f]{1,6}) ?", lambda e: chr(int(e.group(1), 16)), m.group(1))
        elif m.group(2):
            shown += "{n}" if m.group(2) == "page" else "{total}"
        pos = m.end()
    assert shown == words, (css, shown)


@pytest.mark.parametrize("label", ["R&D note: {text}", "Website <note>: {text}", "Note — {text} (website only)"])
def test_a_website_note_label_with_markup_characters_still_becomes_the_pdf_footnote(label):
    """The PDF finds our website notes by the UI string's words as the page has them (escaped once by Report.t):
    an '&' or '<' in data/ui_strings.yaml website_note stopped the PDF with 'not worded' (they were escaped twice)."""
    from markupsafe import Markup, escape

    from macros.render.print_document import notes_as_footnotes
    from macros.render.tables import SITE_NOTE_CLASS

    def t(template: str, text):
        return escape(template).format(text=text)

    body = f'<td>1<br><small class="{SITE_NOTE_CLASS}">{t(label, "a & b")}</small></td>'
    out = notes_as_footnotes(body, t(label, Markup("\0")), t("Editor's note: {text}", Markup("\0")), "docs/x.en.md")
    assert out == f'<td>1<small class="{SITE_NOTE_CLASS}">Editor&#39;s note: a &amp; b</small></td>', out
