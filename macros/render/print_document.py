"""The print document of one edition: the built pages' articles turned into one HTML document for WeasyPrint (cover,
contents, the home page's introduction, chapters, back page; template and CSS in overrides/pdf/).

Why pure: this is text in, text out — the pages as published, the report's data and texts, one language's site
settings — and most of what can go wrong in the PDF (a page without a heading, a website note worded otherwise, a
chart colour the palette lacks) is found here. Free of MkDocs, it is tested on small fixture chapters
(tests/test_print_document.py) without a build; macros/plugin/pdf.py collects the pages and hands them over, and
macros/render/typesetting.py typesets the result.

Heading ids repeat across pages (`#scope`), so every id and reference is prefixed with the page's slug
(`about-this-report--scope`); a link to another page becomes a link inside the PDF (the content index and the
contents print the page it lands on: CSS `target-counter`), a link to any other file of the site (downloads) points
at the online site. The inline SVG charts colour themselves with the site's CSS variables, which WeasyPrint's SVG
renderer does not see: each chart gets overrides/pdf/chart.css, its var(--…) replaced by the values of report.css's
`:root` palette, and the edition's faces, as its own <style>. Short cells of the narrative's tables (審核委員會,
客戶服務熱線) are marked so that the typesetter never breaks them.
"""

from __future__ import annotations

import html
import itertools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import jinja2
import markupsafe

from macros.model.han import HAN_CLASS
from macros.render.content_index import WHERE_CLASS
from macros.render.escaping import css_string, escape, text_of
# issue 24: "(continued)"; chapter 三's parts; drawings of bands a page may end between
from macros.render.pdf_pages import as_parts, mark_continued, print_drawings
from macros.render.table_cards import MARK as CARDS_MARK
from macros.render.tables import SITE_NOTE_CLASS, UNIT_CELL_CLASS

# The back page prints the report's own feedback section (page, heading id): the contact the report gives.
BACK_PAGE_SECTION = ("about-this-report", "feedback")
# A table cell of the narrative this short, without a space, is a term (政府與監管機構, 2021.12.31): never broken.
TERM_CHARS = 8


class PrintDocumentError(ValueError):
    """The pages cannot make a print document (the message says which page or file, and how to mend it)."""


@dataclass(frozen=True)
class Site:
    """What the PDF takes from one language's configuration, kept while that language is built (the config object
    is the last language's by the time the PDFs are typeset)."""

    lang: str
    site_url: str
    site_author: str
    site_description: str
    site_dir: str
    lang_root: str      # 'en/' for the English pages, '' for the default language's
    language_name: str  # 繁體中文, English, 简体中文: mkdocs.yml's name of the language


@dataclass(frozen=True)
class PageHtml:
    """One page of the edition's nav, in order: its address, its Markdown file, its article as published, and the
    nav section it sits in (pages of one section may be parts of one printed chapter)."""

    url: str
    src: str            # docs/about-us.en.md: where an editor mends it
    html: str
    group: object = None


@dataclass(frozen=True)
class PrintDocument:
    html: str
    sources: tuple[tuple[str, str], ...]   # (chapter slug, its Markdown file): where a refused URL comes from


def slug(url: str, lang_root: str) -> str:
    """'about-us' for en/about-us/, 'index' for the home page: unique per page, the same in every language."""
    path = url[len(lang_root):] if lang_root and url.startswith(lang_root) else url
    return path.strip("/").replace("/", "-") or "index"


_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_REF_ATTR = re.compile(r'(?<=\s)(id|href|src|for|headers|aria-labelledby|aria-describedby|aria-controls)="([^"]*)"')
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_HEADING = re.compile(r'<h([12]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_H1 = re.compile(r"<h1\b.*?</h1>", re.S)
# The markup the PDF treats apart is found by the classes and marks its renderers write, imported from them:
# a narrative (Markdown) table: no attribute but the phone cards' mark (macros/render/table_cards.py)
_PLAIN_TABLE = re.compile(rf'<table(?: {CARDS_MARK}="row")?>.*?</table>', re.S)
# the content index's column of sections: each link's text is followed by a leader and its page (report.css)
_CI_WHERE = re.compile(rf'<td class="{WHERE_CLASS}"[^>]*>.*?</td>', re.S)
_LINK_TEXT = re.compile(r'(<a href="#[^"]*"[^>]*>)(.*?)(</a>)', re.S)
_CELL = re.compile(r"<(td|th)((?:\s[^>]*)?)>(.*?)</\1>", re.S)
# a KPI table's unit (macros/render/tables.py): it may break after a "/" only, never inside a word ("噸二氧化碳當/量/人")
_UNIT_CELL = re.compile(rf'(<td class="{UNIT_CELL_CLASS}"[^>]*>)([^<]*)(</td>)')
# A paragraph's (or item's) last word long enough to be hyphenated (report.css hyphenate-limit-chars: 7), followed by
# nothing but punctuation, figures and tags up to the end of its block (or of an item's lead before its own list or
# paragraph):
# "… shall prevail.</p>"
_LETTER = "A-Za-z\u00c0-\u024f"
_LAST_WORD = re.compile(rf"(?<![{_LETTER}\w-])([{_LETTER}][{_LETTER}'\u2019]{{6,}})(?=[^<>]*<)"
                        rf"((?:[^{_LETTER}<]|<(?!/?(?:p|li|dd|ul|ol)\b)[^>]*>)*(?:</(?:p|li|dd)>|<(?:ul|ol|p)\b))")
# A Chinese paragraph's (or table cell's) last character with the punctuation after it and the character before it,
# whatever that is ("…當量。", "…284種。", "…情況；及"): kept on one line, so that a paragraph never ends on a line of
# one character (a figure does not break inside, and no line starts with "；"). Not the ";" of an entity.
_CJK_END = re.compile(rf"([^\s<>;&\0][{HAN_CLASS}][\u3000-\u303f\uff00-\uffef]*)"
                      rf"(?=(?:</(?:a|em|strong|span|sub)>)*[\u3000-\u303f\uff00-\uffef]*</(?:p|li|dd|td)>)")
# an address in the text (https://…, www.…, an e-mail address): never hyphenated ("http://ncc-/nchina.org.cn")
_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s<>()]+[^\s<>().,;:]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# the parts of an article that are not text of HTML: tags, and inline SVGs and styles whole
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_NOT_TEXT = re.compile(r"(<svg\b.*?</svg>|<style\b.*?</style>|<[^>]+>)", re.S)


def _keep_terms(table: str) -> str:
    """Cells of a narrative table holding one short term get class esg-term (no break inside: 審核委員會)."""
    def cell(match: re.Match) -> str:
        tag, attrs, inner = match.groups()
        text = text_of(inner)
        if not text or len(text) > TERM_CHARS or re.search(r"\s", text) or "class=" in attrs:
            return match.group(0)
        return f'<{tag}{attrs} class="esg-term">{inner}</{tag}>'
    return _CELL.sub(cell, table)


def units_of(pages_html: list[str]) -> tuple[str, ...]:
    """The Chinese units the KPI tables of these pages print (each part of one written with "/": 噸二氧化碳當量/人),
    longest first: words a line must never break inside, in a table and in the text alike."""
    parts = {part.strip() for cells in pages_html for *_, unit, _ in _UNIT_CELL.findall(cells)
             for part in unit.split("/")}
    return tuple(sorted((p for p in parts if len(p) > 1 and re.search(f"[{HAN_CLASS}]", p)), key=len, reverse=True))


def keep_units(content: str, units: tuple[str, ...]) -> str:
    """Every occurrence of `units` in the text (not in tags, drawings or styles, nor in a unit already kept whole)
    wrapped as a term that never breaks (report.css .esg-term): "67.8噸二氧化碳當|量" cannot happen in a paragraph."""
    if not units:
        return content
    pattern = re.compile("|".join(re.escape(unit) for unit in units))
    parts = _NOT_TEXT.split(content)
    return "".join(part if part.startswith("<") or (n and parts[n - 1] == '<span class="esg-term">')
                   else pattern.sub(lambda m: f'<span class="esg-term">{m.group(0)}</span>', part)
                   for n, part in enumerate(parts))


def ref_html(inner: str) -> str:
    """A reference's text (HTML) as the contents and the content index print it before its leader and page number:
    its last word (the last two characters of Chinese, which has no spaces) is glued to the leader, so that a title
    that just fills its line never leaves the leader and the number alone on the next (report.css .esg-pdf-tail)."""
    match = re.search(r"(\s)([^\s<>]+)$", inner) or re.search(r"()([^\s<>]{1,2})$", inner)
    if not match:  # the text ends with markup: nothing to glue
        return f'<span class="esg-pdf-ref">{inner}</span>'
    return (f'<span class="esg-pdf-ref">{inner[:match.start(2)]}<span class="esg-pdf-tail">{match.group(2)}</span>'
            "</span>")


def typeset_text(content: str) -> str:
    """What a compositor does to the text that the web page leaves as typed (CO2's subscript is the page's own:
    macros/render/quotes.py): addresses and the last word of each paragraph kept whole (never "pre-/vail."), and a
    Chinese paragraph's last two characters on one line (never a last line of one character)."""
    def text(part: str) -> str:
        if part.startswith("<"):
            return part
        return _ADDRESS.sub(r'<span class="esg-whole">\g<0></span>', part)
    content = "".join(text(part) for part in _NOT_TEXT.split(content))
    drawings: list[str] = []   # SVG text is the drawing's, never a paragraph's: set aside while paragraphs are read

    def aside(match: re.Match) -> str:
        drawings.append(match.group(0))
        return f"\0{len(drawings) - 1}\0"
    content = _LAST_WORD.sub(r'<span class="esg-whole">\1</span>\2', _SVG.sub(aside, content))
    content = _CJK_END.sub(r'<span class="esg-tail">\1</span>', content)
    return re.sub("\0(\\d+)\0", lambda m: drawings[int(m.group(1))], content)


def chapter_html(content: str, page_url: str, slug: str, slugs: dict[str, str], site_url: str, chart_css: str,
                 site_dir: Path | None = None, units: tuple[str, ...] = ()) -> str:
    """A page's article made fit for one document: ids prefixed with the page's slug, links between pages pointed
    inside the PDF, other site files at the online site, images read from the built site (`site_dir`), permalink
    marks dropped, charts given their colours, short terms in tables kept whole, drawings of bands one a band, and
    the Chinese `units` (units_of) kept whole wherever the text writes them. (A KPI heading, its table and chart come
    as one block from the renderer: macros/render/tables.py KPI_BLOCK_CLASS.)"""

    def src(value: str) -> str:
        value = html.unescape(value)
        if urlsplit(value).scheme or site_dir is None:  # data:, or something the fetcher will refuse by name
            return value
        path = urlsplit(urljoin(f"http://site/{page_url}", value)).path.lstrip("/")
        return (site_dir / unquote(path)).resolve().as_uri()

    def href(value: str) -> str:
        value = html.unescape(value)
        if value.startswith("#"):
            return f"#{slug}--{value[1:]}" if value[1:] else f"#{slug}"
        if urlsplit(value).scheme:  # https:, mailto: …
            return value
        target = urlsplit(urljoin(f"http://site/{page_url}", value))
        path = target.path.lstrip("/")
        path = path[: -len("index.html")] if path.endswith("index.html") else path
        if path in slugs:
            return f"#{slugs[path]}--{target.fragment}" if target.fragment else f"#{slugs[path]}"
        return urljoin(site_url, path) + (f"#{target.fragment}" if target.fragment else "")

    def attr(match: re.Match) -> str:
        name, value = match.groups()
        if name == "href":
            return f'href="{html.escape(href(value))}"'
        if name == "src":
            return f'src="{html.escape(src(value))}"'
        return f'{name}="{" ".join(f"{slug}--{v}" for v in value.split())}"'

    content = _HEADERLINK.sub("", content)
    content = _REF_ATTR.sub(attr, content)
    content = _PLAIN_TABLE.sub(lambda m: _keep_terms(m.group(0)), content)
    content = _UNIT_CELL.sub(lambda m: m.group(1) + "/".join(
        f'<span class="esg-term">{part}</span>' if part and not re.search(r"\s", part) else part
        for part in m.group(2).split("/")) + m.group(3), content)
    content = _CI_WHERE.sub(lambda m: _LINK_TEXT.sub(lambda link: link.group(1) + ref_html(link.group(2))
                                                     + link.group(3), m.group(0)), content)
    content = typeset_text(keep_units(print_drawings(content), units))
    return _SVG_OPEN.sub(lambda m: f"{m.group(0)}<style>{chart_css}</style>", content)



_PART_SEPARATOR = re.compile(r"[:：]\s*")


def shared_title(titles: list[str]) -> str:
    """The printed chapter that several pages are parts of: their titles' common beginning up to a colon ("三、人性化
    經營打造有溫度的企業：重視人才培養" and "…：持續奉獻公益事業" → "三、人性化經營打造有溫度的企業"); '' when they share none."""
    common = os.path.commonprefix(list(titles)) if len(titles) > 1 else ""
    cuts = list(_PART_SEPARATOR.finditer(common))
    return common[:cuts[-1].start()].strip() if cuts else ""


def contents(chapters: list[dict]) -> list[dict]:
    """The contents' entries in order: a chapter {title, id, sections, parts: []}, or a printed chapter whose pages
    are its parts (consecutive pages of one menu section whose titles share "chapter：") {title, id, parts: [{title,
    id, sections}]}: the report prints chapter 三 once, with its three parts. A page of the section whose title does
    not share it (a page an editor added) is a chapter of its own beside them, not the end of chapter 三."""
    entries = []
    for key, pages in itertools.groupby(chapters, key=lambda c: c["group"]):
        pages = list(pages)
        while pages:
            run = 1
            while key is not None and run < len(pages) and shared_title([c["title"] for c in pages[:run + 1]]):
                run += 1
            parts, pages = pages[:run], pages[run:]
            title = shared_title([c["title"] for c in parts])
            if not title:
                entries += [{"title": c["title"], "id": c["id"], "sections": c["sections"], "parts": []} for c in parts]
                continue
            entries.append({"title": title, "id": parts[0]["id"], "sections": [], "parts": [
                {"title": _PART_SEPARATOR.sub("", c["title"][len(title):], count=1).strip(), "id": c["id"],
                 "sections": c["sections"]} for c in parts]})
    return entries


def notes_as_footnotes(body: str, web: str, pdf: str, where: str) -> str:
    """Our notes (data: website_note) as the PDF words them: 'Website note: {text}' on a line of its own in a table
    becomes the footnote (report.css .esg-site-note) 'Editor's note: {text}'. `web` and `pdf` are the two labels with
    the text replaced by NUL. A note in another form stops the build: it would print website wording."""
    # the labels come escaped (Report.t, as the page has them): escaping again turned an '&' of the UI string into
    # '&amp;amp;', which the page never holds, and every note was then 'not worded' so
    before, after = (str(escape(part)) for part in web.split("\0"))
    pdf_before, pdf_after = (str(escape(part)) for part in pdf.split("\0"))
    note = re.compile(rf'(?:<br>)?<small class="{SITE_NOTE_CLASS}">{re.escape(before)}(.*?){re.escape(after)}</small>',
                      re.S)
    body, count = note.subn(rf'<small class="{SITE_NOTE_CLASS}">{pdf_before}\1{pdf_after}</small>', body)
    if count != body.count(f'class="{SITE_NOTE_CLASS}"'):
        raise PrintDocumentError(f"macros/render/print_document.py: a website note of {where} is not worded "
                                 f"'{text_of(web).replace(chr(0), '…')}' (data/ui_strings.yaml website_note, "
                                 "macros/render/tables.py website_note_html), so the PDF cannot make it a footnote")
    return body


_INLINE_RESTATED = re.compile(r'<small class="esg-restated"[^>]*?\stitle="([^"]*)"[^>]*>(.*?)</small>', re.S)


def restated_notes_as_footnotes(body: str) -> str:
    """A restated figure quoted in a sentence carries its note as its mark's title (macros/render/restated.py), which
    paper cannot show: the PDF prints the note as a footnote of the mark, as it does every note of ours."""
    return _INLINE_RESTATED.sub(rf'<small class="esg-restated">\2</small><small class="{SITE_NOTE_CLASS} '
                                r'esg-restated-note">\1</small>', body)


def section(chapters: list[dict], page: str, anchor: str) -> dict:
    """{title, html} of a level-2 section of a chapter (up to the next level-2 heading), its ids dropped: a copy of
    the report's own words for the back page."""
    chapter = next((c for c in chapters if c["slug"] == page), None)
    if chapter is None:  # a site without that page (a test's two-page site): a back page without the section
        return {"title": "", "html": ""}
    match = re.search(rf'<h2 id="{re.escape(page)}--{re.escape(anchor)}"[^>]*>(.*?)</h2>(.*?)(?=<h2\b|$)',
                      chapter["html"], re.S)
    if not match:
        raise PrintDocumentError(f"macros/render/print_document.py: the back page prints the section '#{anchor}' of the page '{page}' "
                          f"(BACK_PAGE_SECTION), which the built pages no longer have; give the section its id "
                          "again or change BACK_PAGE_SECTION")
    return {"title": text_of(match.group(1)), "html": re.sub(r'\s(id|aria-labelledby)="[^"]*"', "", match.group(2))}


_ROOT_RULE = re.compile(r":root\s*\{(.*?)\}", re.S)
_CUSTOM_PROPERTY = re.compile(r"(--[\w-]+)\s*:\s*([^;]+);")
_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*\)")


def palette(css: str) -> dict[str, str]:
    """The PDF's palette: the custom properties of report.css's `:root` rule ({'--esg-figure': '#0a5f7a', …})."""
    root = _ROOT_RULE.search(_CSS_COMMENT.sub("", css))
    return {name: value.strip() for name, value in _CUSTOM_PROPERTY.findall(root.group(1))} if root else {}


def svg_css(css: str, colours: dict[str, str]) -> str:
    """chart.css made fit for a <style> inside an SVG: comments dropped, one line, every var(--name) replaced by the
    palette's value (a name the palette lacks stops the build: the SVG would silently fall back to black)."""
    def value(match: re.Match) -> str:
        if match.group(1) not in colours:
            raise PrintDocumentError(f"overrides/pdf/chart.css names var({match.group(1)}), which the `:root` palette of "
                              f"overrides/pdf/report.css does not define (it has {', '.join(colours) or 'none'})")
        return colours[match.group(1)]
    return _VAR.sub(value, " ".join(_CSS_COMMENT.sub("", css).split()))


def public_address(site_url: str, environ) -> str:
    """The site's address as the PDF prints it: only the real one. mkdocs.yml's site_url is the deploy's address when
    the deploy gives it (SITE_URL, .github/workflows/deploy.yml), else a stand-in a reader must not be sent to."""
    given = environ.get("SITE_URL", "").strip()
    return site_url if given and given.rstrip("/") == site_url.rstrip("/") else ""


def _page_footer(text: str) -> str:
    """'第 \0n 頁，共 \0total 頁' → the CSS `content` value "第 " counter(page) " 頁，共 " counter(pages) " 頁"."""
    parts = re.split("\0(n|total)", text)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append("counter(page)" if part == "n" else "counter(pages)")
        elif part:
            out.append(css_string(part))
    return " ".join(out)


def chapters_of(pages: list[PageHtml], site: Site, chart_css: str) -> list[dict]:
    """Each page as a chapter: {slug, id and title of its h1, html, src, sections (its h2s), group}."""
    slugs = {p.url: slug(p.url, site.lang_root) for p in pages}
    units = units_of([p.html for p in pages])
    chapters = []
    for page in pages:
        body = chapter_html(page.html, page.url, slugs[page.url], slugs, site.site_url, chart_css, Path(site.site_dir),
                            units)
        headings = [(int(level), hid, text_of(inner)) for level, hid, inner in _HEADING.findall(body)]
        h1 = next(((hid, title) for level, hid, title in headings if level == 1), None)
        if h1 is None:
            raise PrintDocumentError(f"{page.src} has no level-1 heading with an id; the PDF needs one per page for "
                                     "its table of contents")
        chapters.append({"slug": slugs[page.url], "id": h1[0], "title": h1[1], "html": body, "src": page.src,
                         "sections": [{"id": hid, "title": title} for level, hid, title in headings if level == 2],
                         "group": page.group})
    return chapters


def print_document(lang: str, pages: list[PageHtml], site: Site, report, print_dir: Path,
                   environ: Mapping[str, str]) -> PrintDocument:
    """This edition's print document: overrides/pdf/report.html filled with its chapters, the report's texts
    (`report`: data/report.yaml's Report) and faces (cheap; no layout). `environ` gives the deploy's SITE_URL."""
    text_face, display_face = report.editions[lang].pdf_faces
    quote_face = report.editions[report.prevailing].pdf_faces[0]
    css = (print_dir / "report.css").read_text(encoding="utf-8")
    # inside <svg> a <style> is parsed as markup, not raw text: no comments (they may hold "<"), one line, and the
    # palette's values written in (WeasyPrint's SVG renderer does not resolve var())
    chart_css = svg_css((print_dir / "chart.css").read_text(encoding="utf-8"), palette(css))
    chart_css = f'text {{ font-family: "{display_face}", "{quote_face}", sans-serif; }} {chart_css}'
    chapters = chapters_of(pages, site, chart_css)
    for chapter in chapters:
        chapter["html"] = notes_as_footnotes(chapter["html"], report.t("website_note", lang, text="\0"),
                                             report.t("pdf_note", lang, text="\0"), chapter["src"])
        chapter["html"] = restated_notes_as_footnotes(chapter["html"])
        chapter["html"] = mark_continued(chapter["html"], report.t_text("pdf_continued", lang, name="\0"))  # issue 24
    home, chapters = chapters[0], chapters[1:]  # the home page is the cover; its chapter list gives way to the TOC
    home["html"] = _H1.sub("", home["html"], count=1)  # its title heads the cover
    generated = lang in report.locales.generated
    toc = contents(chapters)   # issue 24
    chapters = as_parts(chapters, toc)   # issue 24: chapter 三 headed once, then its parts
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(print_dir), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["ref"] = lambda text: markupsafe.Markup(ref_html(str(markupsafe.escape(text))))
    document = env.get_template("report.html").render(
        lang=lang, home=home, chapters=chapters, toc=toc, config=site, year=report.year, prevailing=report.prevailing,
        t={key: report.t("pdf_" + key, lang) for key in ("contents", "edition", "online", "ir_website", "email",
                                                         "address")},
        colon=report.t("colon", lang),   # a label's colon: the edition's own (full-width in Chinese)
        contact=report.info.contact, address=(report.info.contact.registered_address.get(lang)
                                              if report.info.contact.registered_address else ""),
        online=public_address(site.site_url, environ),
        stock_code=report.t("pdf_stock_code", lang, code=report.info.stock_code),
        prevails=report.t("converted_notice" if generated else "pdf_prevails", lang), generated=generated,
        back=section(chapters, *BACK_PAGE_SECTION),
        page_footer=_page_footer(report.t_text("pdf_page", lang, n="\0n", total="\0total")),
        font=text_face, display_font=display_face, quote_font=quote_face,
        hyphenation=report.editions[lang].spec.pdf_hyphenation,
        css=css)
    return PrintDocument(html=document, sources=tuple((c["slug"], c["src"]) for c in [home, *chapters]))
