"""MkDocs hook: the downloadable report — one A4 PDF per edition, typeset by WeasyPrint from the pages just built.

Why from the built pages: the PDF is the site's own content (no second copy of the text to drift). Each language's
build collects every page's rendered article (`on_page_content`), its nav order (`on_nav`) and what the PDF needs
from that language's configuration (`on_env`: site name, author, address, language name). mkdocs-static-i18n runs
every MkDocs event once per language (the other languages are nested builds inside the default one's
`on_post_build`), so what is collected is kept per language, on the plugin's build state (`Collected`).

Why typeset in the background, while the site is still being built: WeasyPrint's layout is CPU-bound and takes
seconds per edition, and MkDocs renders all of a language's pages before it writes any (`on_env` comes between). So
each language's `on_env` turns its edition into one print document (cover, contents, the home page's introduction,
chapters, back page; template and CSS in overrides/pdf/) and starts typesetting it in a process of its own
(`Typesetter`), while MkDocs writes that language's pages and builds the next languages; the last `on_post_build`
(lowest priority, once static-i18n has finished the nested builds: the build state is not `nested`) waits for every edition.
Processes get plain strings and paths (`Job`) and send back WeasyPrint's complaints; the build stops on any.

Why a hook and not macros' `on_post_build`: macros sees one page at a time and has no page or nav events; a hook gets
them all, and keeps the macros package free of WeasyPrint. The footer link takes the file name and link text from
the `esg_pdf` template global set in `on_env`; the `pdf_link()` macro from the same data.

Heading ids repeat across pages (`#scope`), so in the PDF every id and reference is prefixed with the page's slug
(`about-this-report--scope`); a link to another page becomes a link inside the PDF (the content index and the
contents print the page it lands on: CSS `target-counter`), a link to any other file of the site (downloads) points
at the online site. The inline SVG charts colour themselves with the site's CSS variables, which WeasyPrint's SVG
renderer does not see: each chart gets overrides/pdf/chart.css, its var(--…) replaced by the values of report.css's
`:root` palette (the site's colours), and the edition's faces, as its own <style>. Each
KPI heading, its table and its chart are one block, kept on one page when the page has room. Short cells of the
narrative's tables (審核委員會, 客戶服務熱線) are marked so that the typesetter never breaks them.

Faces: data/report.yaml's `pdf_font` per edition, "text face[, face of headings, tables and captions]"; each must be
installed (fontconfig knows it), else the build stops saying which package to install (.ci/setup-system). Chinese
quoted inside another edition's text (lang="zh-Hant" spans) takes the face of the edition that prevails.
Any WeasyPrint warning (a link to a missing anchor, an ignored print CSS property) stops the build, as
`strict: true` does.

The PDF reads only our site. WeasyPrint would fetch any URL a page names — an image, a stylesheet, and the file of
an `<a rel="attachment" href="file:///…">`, which it embeds in the PDF — from the build machine or the network. Its
`url_fetcher` here (`SiteOnly`) serves files under the built site and the print template folder, and `data:` images;
anything else is refused and stops the build, naming the URL and the page that holds it. An image of a page
(`![…](../assets/x.png)`) is resolved against that page's place in the built site, so it appears in the PDF too.

The plugin's `pdf` option turns it on, or `ESG_PDF=1` (`make build`, the test `site` fixture); off in mkdocs.yml so `make serve` does not re-typeset
the PDFs on every reload. Wired in EsgPlugin.EVENTS (macros/plugin/__init__.py); checked by tests/test_pdf.py.
"""

from __future__ import annotations

import gc
import html
import itertools
import logging
import multiprocessing
import os
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from . import _project
from .languages import languages
import jinja2
import markupsafe
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from macros.model.han import HAN_CLASS
from macros.render.pdf_pages import as_parts, mark_continued   # issue 24: "(continued)"; chapter 三's parts
from macros.render.pdf_tags import add_header_scopes   # issue 24: /Scope on table header cells (UA-15-003)
from macros.render.pdf_breaks import keep_whole, words_broken_at_page_end   # issue 24: no word broken over a page

PRINT_DIR = _project.ROOT / "overrides" / "pdf"
# WeasyPrint's PDF/UA-1 variant: a tagged PDF (headings, tables, reading order, /Lang) for screen readers. Measured
# on this report (2 cores): +17% size in Chinese (783 → 918 KB), +24% in English (647 → 799 KB); the time is within
# run-to-run noise (under 0.5 s per language).
PDF_VARIANT = "pdf/ua-1"
# The back page prints the report's own feedback section (page, heading id): the contact the report gives.
BACK_PAGE_SECTION = ("about-this-report", "feedback")
# A table cell of the narrative this short, without a space, is a term (政府與監管機構, 2021.12.31): never broken.
TERM_CHARS = 8

log = logging.getLogger("mkdocs.hooks.pdf")


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
class Job:
    """One edition's print document, ready for a worker process: plain strings only."""

    lang: str
    document: str
    out: str
    sources: tuple[tuple[str, str], ...] = ()  # (chapter slug, its Markdown file): where a refused URL comes from


class Collected:
    """Per language: the pages of its nav in order, each page's article as published, and its configuration."""

    def __init__(self):
        self.nav: dict[str, list[Page]] = {}
        self.pages: dict[str, dict[str, str]] = {}
        self.sites: dict[str, Site] = {}

    def start(self, lang: str) -> None:
        self.nav[lang], self.pages[lang] = [], {}
        self.sites.pop(lang, None)


def _lang(config) -> str:
    return languages(config).current


def _slug(page: Page, lang_root: str) -> str:
    """'about-us' for en/about-us/, 'index' for the home page: unique per page, the same in every language."""
    path = page.url[len(lang_root):] if lang_root and page.url.startswith(lang_root) else page.url
    return path.strip("/").replace("/", "-") or "index"


def _lang_root(config) -> str:
    langs = languages(config)
    return langs.prefix(langs.current)


def on_pre_build(config, *, state) -> None:
    if not state.nested:  # a new build (make serve rebuilds): nothing of the last one runs on
        state.typesetter.stop()
    state.pdf.start(_lang(config))


def on_files(files, config):
    """The print template and CSS are the PDF's, not the site's: keep them out of site/."""
    for file in [f for f in files if Path(f.abs_src_path or "").parent == PRINT_DIR]:
        files.remove(file)
    return files


def on_env(env, config, files, *, state):
    """`esg_pdf` for the footer partial (overrides/partials/copyright.html): file name and text in this language.
    Also keeps what this language's PDF needs from its configuration, and starts typesetting that PDF."""
    lang, report = _lang(config), _project.report(config)
    env.globals["esg_pdf"] = {"href": report.pdf_name(lang), "text": report.t("pdf_link", lang), "lang": lang}
    state.pdf.sites[lang] = Site(lang=lang, site_url=config.site_url or "", site_author=config.site_author or "",
                             site_description=config.site_description or "", site_dir=str(config.site_dir),
                             lang_root=_lang_root(config), language_name=languages(config).names[lang])
    pages = state.pdf.pages.get(lang, {})
    if state.pdf_enabled and state.pdf.nav.get(lang) and all(p.url in pages for p in state.pdf.nav[lang]):
        # every page of this language is rendered (MkDocs renders them all, then calls on_env, then writes them);
        # else (a dirty rebuild) on_post_build says which pages are missing
        _start(lang, config, state)
    return env


def _start(lang: str, config, state) -> None:
    report = _project.report(config)
    check_faces({lang: list(dict.fromkeys(report.editions[lang].pdf_faces))}, installed_families())
    state.typesetter.start(prepare(lang, config, state.pdf))


def on_nav(nav, config, files, *, state):
    state.pdf.nav[_lang(config)] = list(nav.pages)
    return nav


def on_page_content(html_text: str, page, config, files, *, state) -> str:
    if state.pdf_enabled:
        state.pdf.pages.setdefault(_lang(config), {})[page.url] = html_text
    return html_text


# ── faces ────────────────────────────────────────────────────────────────────
def installed_families() -> set[str]:
    """Every font family fontconfig (WeasyPrint's font lookup) knows, in lower case."""
    try:
        listing = subprocess.run(["fc-list", ":", "family"], check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise PluginError(f"macros/plugin/pdf.py: cannot list the installed fonts with fc-list ({exc}); install "
                          "fontconfig (.ci/setup-system does)") from None
    return {name.strip().lower() for line in listing.splitlines() for name in line.split(",") if name.strip()}


def check_faces(wanted: dict[str, list[str]], installed: set[str]) -> None:
    """Every face an edition names must be installed: WeasyPrint would silently set the text in another one."""
    missing = [f"edition {lang}: '{name}'" for lang, names in wanted.items() for name in names
               if name.lower() not in installed]
    if missing:
        raise PluginError("data/report.yaml: pdf_font names a font that is not installed: " + "; ".join(missing)
                          + ". Install its package (the Noto faces: fonts-noto-core, fonts-noto-cjk; "
                          ".ci/setup-system lists them) or name an installed family (fc-list : family)")


# ── turning pages into chapters ──────────────────────────────────────────────
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_REF_ATTR = re.compile(r'(?<=\s)(id|href|src|for|headers|aria-labelledby|aria-describedby|aria-controls)="([^"]*)"')
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_HEADING = re.compile(r'<h([12]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAGS = re.compile(r"<[^>]+>")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_H1 = re.compile(r"<h1\b.*?</h1>", re.S)
# a KPI heading (with the section heading just before it: a heading never ends a page), its table (class esg-table,
# with more classes: esg-kpi), the table's legend and its chart (when it has them): macros/render/tables.py
# kpi_section_md and macros/render/charts.py
_KPI_BLOCK = re.compile(r'(?:<h2\b[^>]*>(?:(?!</h2>).)*</h2>\s*)?<h3\b[^>]*>(?:(?!</h3>).)*</h3>\s*<div class="esg-table(?: [^"]*)?"(?:(?!</table>).)*</table></div>'
                        r'(?:\s*<p class="esg-legend">(?:(?!</p>).)*</p>)?(?:\s*<figure class="esg-chart">.*?</figure>)?', re.S)
_CHART = '<figure class="esg-chart">'
# a narrative (Markdown) table: no attribute but the phone cards' mark (macros/render/table_cards.py)
_PLAIN_TABLE = re.compile(r'<table(?: data-cards="row")?>.*?</table>', re.S)
# the content index's column of sections: each link's text is followed by a leader and its page (report.css)
_CI_WHERE = re.compile(r'<td class="esg-ci-where"[^>]*>.*?</td>', re.S)
_LINK_TEXT = re.compile(r'(<a href="#[^"]*"[^>]*>)(.*?)(</a>)', re.S)
_CELL = re.compile(r"<(td|th)((?:\s[^>]*)?)>(.*?)</\1>", re.S)
# a KPI table's unit (macros/render/tables.py): it may break after a "/" only, never inside a word ("噸二氧化碳當/量/人")
_UNIT_CELL = re.compile(r'(<td class="esg-unit"[^>]*>)([^<]*)(</td>)')
# A paragraph's (or item's) last word long enough to be hyphenated (report.css hyphenate-limit-chars: 7), followed by
# nothing but punctuation, figures and tags up to the end of its block (or of an item's lead before its own list or
# paragraph):
# "… shall prevail.</p>"
_LETTER = "A-Za-z\u00c0-\u024f"
_LAST_WORD = re.compile(rf"(?<![{_LETTER}\w-])([{_LETTER}][{_LETTER}'\u2019]{{6,}})(?=[^<>]*<)"
                        rf"((?:[^{_LETTER}<]|<(?!/?(?:p|li|dd|ul|ol)\b)[^>]*>)*(?:</(?:p|li|dd)>|<(?:ul|ol|p)\b))")
# A Chinese paragraph's (or table cell's) last two characters with the punctuation after them ("…當量。</p>"): kept
# on one line, so that a paragraph never ends on a line of one character
_CJK_END = re.compile(rf"([{HAN_CLASS}]{{2}}[\u3000-\u303f\uff00-\uffef]*)"
                      rf"(?=(?:</(?:a|em|strong|span|sub)>)*[\u3000-\u303f\uff00-\uffef]*</(?:p|li|dd|td)>)")
# an address in the text (https://…, www.…, an e-mail address): never hyphenated ("http://ncc-/nchina.org.cn")
_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s<>()]+[^\s<>().,;:]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# the parts of an article that are not text of HTML: tags, and inline SVGs and styles whole
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_NOT_TEXT = re.compile(r"(<svg\b.*?</svg>|<style\b.*?</style>|<[^>]+>)", re.S)


def _text(fragment: str) -> str:
    return html.unescape(_TAGS.sub("", fragment)).strip()


def _keep_terms(table: str) -> str:
    """Cells of a narrative table holding one short term get class esg-term (no break inside: 審核委員會)."""
    def cell(match: re.Match) -> str:
        tag, attrs, inner = match.groups()
        text = _text(inner)
        if not text or len(text) > TERM_CHARS or re.search(r"\s", text) or "class=" in attrs:
            return match.group(0)
        return f'<{tag}{attrs} class="esg-term">{inner}</{tag}>'
    return _CELL.sub(cell, table)


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
                 site_dir: Path | None = None) -> str:
    """A page's article made fit for one document: ids prefixed with the page's slug, links between pages pointed
    inside the PDF, other site files at the online site, images read from the built site (`site_dir`), permalink
    marks dropped, charts given their colours, each KPI heading kept with its table and chart, short terms in
    tables kept whole."""

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
    kept = []  # the charts inside a KPI block

    def block(match: re.Match) -> str:
        kept.append(match.group(0).count(_CHART))
        return f'<div class="esg-kpi-block">{match.group(0)}</div>'

    content = _KPI_BLOCK.sub(block, content)
    loose = content.count(_CHART) - sum(kept)
    if loose:
        raise PluginError(f"macros/plugin/pdf.py: {loose} chart(s) of the page '{slug}' do not follow a heading and its "
                          "table, so the PDF cannot keep them together: the markup of macros/render/tables.py or "
                          "charts.py changed; update _KPI_BLOCK to match it")
    content = _PLAIN_TABLE.sub(lambda m: _keep_terms(m.group(0)), content)
    content = _UNIT_CELL.sub(lambda m: m.group(1) + "/".join(
        f'<span class="esg-term">{part}</span>' if part and not re.search(r"\s", part) else part
        for part in m.group(2).split("/")) + m.group(3), content)
    content = _CI_WHERE.sub(lambda m: _LINK_TEXT.sub(lambda link: link.group(1) + ref_html(link.group(2))
                                                     + link.group(3), m.group(0)), content)
    content = typeset_text(content)
    return _SVG_OPEN.sub(lambda m: f"{m.group(0)}<style>{chart_css}</style>", content)


def _chapters(lang: str, site: Site, chart_css: str, collected: Collected) -> list[dict]:
    nav, pages = collected.nav.get(lang) or [], collected.pages.get(lang) or {}
    missing = [p.url for p in nav if p.url not in pages]
    if not nav or missing:
        raise PluginError(f"macros/pdf.py: no rendered HTML for {missing or 'any page'} in the {lang} build; "
                          "the PDF is made from the pages of the same build")
    slugs = {p.url: _slug(p, site.lang_root) for p in nav}
    chapters = []
    for page in nav:
        slug = slugs[page.url]
        body = chapter_html(pages[page.url], page.url, slug, slugs, site.site_url, chart_css, Path(site.site_dir))
        headings = [(int(level), hid, _text(inner)) for level, hid, inner in _HEADING.findall(body)]
        h1 = next(((hid, title) for level, hid, title in headings if level == 1), None)
        if h1 is None:
            raise PluginError(f"macros/pdf.py: {page.file.src_uri} has no level-1 heading with an id; "
                              "the PDF needs one per page for its table of contents")
        chapters.append({"slug": slug, "id": h1[0], "title": h1[1], "html": body, "src": f"docs/{page.file.src_uri}",
                         "sections": [{"id": hid, "title": title} for level, hid, title in headings if level == 2],
                         "group": id(page.parent) if page.parent else None})   # the nav section it sits in
    return chapters


_PART_SEPARATOR = re.compile(r"[:：]\s*")


def shared_title(titles: list[str]) -> str:
    """The printed chapter that several pages are parts of: their titles' common beginning up to a colon ("三、人性化
    經營打造有溫度的企業：重視人才培養" and "…：持續奉獻公益事業" → "三、人性化經營打造有溫度的企業"); '' when they share none."""
    common = os.path.commonprefix(list(titles)) if len(titles) > 1 else ""
    cuts = list(_PART_SEPARATOR.finditer(common))
    return common[:cuts[-1].start()].strip() if cuts else ""


def contents(chapters: list[dict]) -> list[dict]:
    """The contents' entries in order: a chapter {title, id, sections, parts: []}, or a printed chapter whose pages
    are its parts (the pages of one nav section whose titles share "chapter：") {title, id, parts: [{title, id,
    sections}]}: the report prints chapter 三 once, with its three parts."""
    entries = []
    for key, pages in itertools.groupby(chapters, key=lambda c: c["group"]):
        pages = list(pages)
        title = shared_title([c["title"] for c in pages]) if key is not None else ""
        if not title:
            entries += [{"title": c["title"], "id": c["id"], "sections": c["sections"], "parts": []} for c in pages]
            continue
        entries.append({"title": title, "id": pages[0]["id"], "sections": [], "parts": [
            {"title": _PART_SEPARATOR.sub("", c["title"][len(title):], count=1).strip(), "id": c["id"],
             "sections": c["sections"]} for c in pages]})
    return entries


def notes_as_footnotes(body: str, web: str, pdf: str, where: str) -> str:
    """Our notes (data: website_note) as the PDF words them: 'Website note: {text}' on a line of its own in a table
    becomes the footnote (report.css .esg-site-note) 'Editor's note: {text}'. `web` and `pdf` are the two labels with
    the text replaced by NUL. A note in another form stops the build: it would print website wording."""
    before, after = (html.escape(part, quote=False) for part in web.split("\0"))
    pdf_before, pdf_after = (html.escape(part, quote=False) for part in pdf.split("\0"))
    note = re.compile(rf'(?:<br>)?<small class="esg-site-note">{re.escape(before)}(.*?){re.escape(after)}</small>', re.S)
    body, count = note.subn(rf'<small class="esg-site-note">{pdf_before}\1{pdf_after}</small>', body)
    if count != body.count('class="esg-site-note"'):
        raise PluginError(f"macros/plugin/pdf.py: a website note of {where} is not worded '{web.replace(chr(0), '…')}' "
                          "(macros/render/tables.py website_note_html), so the PDF cannot make it a footnote")
    return body


def section(chapters: list[dict], page: str, anchor: str) -> dict:
    """{title, html} of a level-2 section of a chapter (up to the next level-2 heading), its ids dropped: a copy of
    the report's own words for the back page."""
    chapter = next((c for c in chapters if c["slug"] == page), None)
    if chapter is None:  # a site without that page (a test's two-page site): a back page without the section
        return {"title": "", "html": ""}
    match = re.search(rf'<h2 id="{re.escape(page)}--{re.escape(anchor)}"[^>]*>(.*?)</h2>(.*?)(?=<h2\b|$)',
                      chapter["html"], re.S)
    if not match:
        raise PluginError(f"macros/plugin/pdf.py: the back page prints the section '#{anchor}' of the page '{page}' "
                          f"(BACK_PAGE_SECTION), which the built pages no longer have; give the section its id "
                          "again or change BACK_PAGE_SECTION")
    return {"title": _text(match.group(1)), "html": re.sub(r'\s(id|aria-labelledby)="[^"]*"', "", match.group(2))}


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
            raise PluginError(f"overrides/pdf/chart.css names var({match.group(1)}), which the `:root` palette of "
                              f"overrides/pdf/report.css does not define (it has {', '.join(colours) or 'none'})")
        return colours[match.group(1)]
    return _VAR.sub(value, " ".join(_CSS_COMMENT.sub("", css).split()))


def prepare(lang: str, config, collected: Collected) -> Job:
    """This edition's print document: the template filled with its chapters, texts and faces (cheap; no layout)."""
    report = _project.report(config)
    site = collected.sites.get(lang)
    if site is None:
        raise PluginError(f"macros/plugin/pdf.py: the {lang} build did not pass on_env; no configuration for its PDF")
    text_face, display_face = report.editions[lang].pdf_faces
    quote_face = report.editions[report.prevailing].pdf_faces[0]
    css = (PRINT_DIR / "report.css").read_text(encoding="utf-8")
    # inside <svg> a <style> is parsed as markup, not raw text: no comments (they may hold "<"), one line, and the
    # palette's values written in (WeasyPrint's SVG renderer does not resolve var())
    chart_css = svg_css((PRINT_DIR / "chart.css").read_text(encoding="utf-8"), palette(css))
    chart_css = f'text {{ font-family: "{display_face}", "{quote_face}", sans-serif; }} {chart_css}'
    chapters = _chapters(lang, site, chart_css, collected)
    for chapter in chapters:
        chapter["html"] = notes_as_footnotes(chapter["html"], report.t("website_note", lang, text="\0"),
                                             report.t("pdf_note", lang, text="\0"), chapter["src"])
        chapter["html"] = mark_continued(chapter["html"], report.t_text("pdf_continued", lang, name="\0"))  # issue 24
    home, chapters = chapters[0], chapters[1:]  # the home page is the cover; its chapter list gives way to the TOC
    home["html"] = _H1.sub("", home["html"], count=1)  # its title heads the cover
    generated = lang in report.locales.generated
    toc = contents(chapters)   # issue 24
    chapters = as_parts(chapters, toc)   # issue 24: chapter 三 headed once, then its parts
    loader = jinja2.FileSystemLoader(PRINT_DIR)
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["ref"] = lambda text: markupsafe.Markup(ref_html(str(markupsafe.escape(text))))
    document = env.get_template("report.html").render(
        lang=lang, home=home, chapters=chapters, toc=toc, config=site, year=report.year, prevailing=report.prevailing,
        t={key: report.t("pdf_" + key, lang) for key in ("contents", "edition", "online", "ir_website", "email",
                                                         "address")},
        colon=report.t("colon", lang),   # a label's colon: the edition's own (full-width in Chinese)
        contact=report.info.contact, address=(report.info.contact.registered_address.get(lang)
                                              if report.info.contact.registered_address else ""),
        online=public_address(site.site_url, os.environ),
        stock_code=report.t("pdf_stock_code", lang, code=report.info.stock_code),
        prevails=report.t("converted_notice" if generated else "pdf_prevails", lang), generated=generated,
        back=section(chapters, *BACK_PAGE_SECTION),
        page_footer=_page_footer(report.t_text("pdf_page", lang, n="\0n", total="\0total")),
        font=text_face, display_font=display_face, quote_font=quote_face,
        hyphenation=report.editions[lang].spec.pdf_hyphenation,
        css=css)
    return Job(lang=lang, document=document, out=str(Path(site.site_dir) / report.pdf_name(lang)),
               sources=tuple((c["slug"], c["src"]) for c in [home, *chapters]))


def public_address(site_url: str, environ) -> str:
    """The site's address as the PDF prints it: only the real one. mkdocs.yml's site_url is the deploy's address when
    the deploy gives it (SITE_URL, .github/workflows/deploy.yml), else a stand-in a reader must not be sent to."""
    given = environ.get("SITE_URL", "").strip()
    return site_url if given and given.rstrip("/") == site_url.rstrip("/") else ""


def render(job: Job) -> tuple[str, float, int, list[str]]:
    """Typeset one edition's PDF (in a worker process); return its path, the CPU seconds it took, its pages and
    WeasyPrint's complaints (the file is removed when there are any)."""
    from weasyprint import HTML  # imported only when a PDF is made: `make serve` never loads it

    start = time.process_time()
    out = Path(job.out)
    problems = _Problems()
    fetcher = site_only_fetcher(out.parent, PRINT_DIR)  # the PDF sits at the root of the built site
    logging.getLogger("weasyprint").addHandler(problems)
    # No cyclic garbage collection while typesetting: WeasyPrint makes millions of short-lived objects (boxes, line
    # fragments), and Python's collector walked them again and again, a fifth of the time (measured: 16.4 → 13.0 CPU
    # seconds for the English PDF) for 5% more memory (226 → 238 MB). The worker's memory goes back when it ends.
    gc.disable()
    try:
        document = HTML(string=job.document, base_url=str(PRINT_DIR), url_fetcher=fetcher).render()
        kept: list[str] = []   # issue 24: a word broken at a page's foot is typeset again whole (two tries at most)
        for _ in range(2):
            broken = [word for word in words_broken_at_page_end(document.pages) if word not in kept]
            if not broken:
                break
            kept += broken
            document = HTML(string=keep_whole(job.document, kept), base_url=str(PRINT_DIR), url_fetcher=fetcher).render()
        pages = len(document.pages)
        document.write_pdf(out, pdf_variant=PDF_VARIANT)
        add_header_scopes(out)   # issue 24
    finally:
        gc.enable()
        logging.getLogger("weasyprint").removeHandler(problems)
    if fetcher.refused:
        out.unlink(missing_ok=True)
        return str(out), time.process_time() - start, pages, [
            "the PDF may only read files of the built site, and a page names something else:\n  " + "\n  ".join(
                f"{url} (in {_holder(url, job.document, out.parent, dict(job.sources))})" for url in fetcher.refused)
            + "\n    How to fix: link to a file in docs/ (e.g. ../assets/x.png) or to an https:// address with a "
              "normal link (no rel=\"attachment\"); the PDF never embeds other files"]
    if problems.messages:
        out.unlink(missing_ok=True)
    return str(out), time.process_time() - start, pages, problems.messages


def _work(job: Job, results) -> None:
    """The body of a typesetting process: render, send back what `render` says (or the error), end."""
    try:
        outcome = render(job)
    except BaseException as exc:  # noqa: BLE001  any failure is the build's to report, with its traceback
        import traceback

        outcome = (job.out, 0.0, 0, [f"the typesetter failed: {exc!r}\n" + traceback.format_exc()])
    results.send((*outcome, time.monotonic()))  # the clock is the machine's: the build reads when it was done
    results.close()


class Typesetter:
    """The editions' PDFs typeset in the background while the site is still being built.

    Why: WeasyPrint takes seconds of CPU per edition, and a language's pages are all rendered before its build writes
    them out (MkDocs renders every page, then calls `on_env`, then writes the HTML files). So each edition's PDF
    starts in its own process as soon as `on_env` of its language has run, and typesets while MkDocs writes that
    language's pages and builds the next languages; the last `on_post_build` only waits for them. With two cores the
    build keeps both busy instead of building HTML on one core and then typesetting on two.

    Each process is forked when its edition starts: it inherits its `Job` and the loaded WeasyPrint (MkDocs loads this
    hook from its file, so a freshly spawned process could not even import it), and sends `render`'s plain result back
    through a pipe. One process per edition, however many cores: the system shares them out, and the editions finish
    together instead of one waiting for a free worker. A build that fails stops the processes it started
    (`on_build_error`)."""

    def __init__(self):
        self.running: list[tuple[Job, multiprocessing.Process, object, float]] = []

    def start(self, job: Job) -> None:
        import weasyprint  # noqa: F401  # loaded before the fork, so each process starts with it

        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_work, args=(job, send), name=f"pdf-{job.lang}", daemon=True)
        process.start()
        send.close()  # the child's end: recv() then fails (EOFError) if the child dies without an answer
        self.running.append((job, process, receive, time.monotonic()))

    def finish(self) -> tuple[list[str], list[str]]:
        """Wait for every edition started; ([report line per PDF], [problems per failed PDF])."""
        done, failed = [], []
        for job, process, receive, started in self.running:
            try:
                out, cpu, pages, messages, ended = receive.recv()
            except EOFError:
                process.join()
                out, cpu, pages, messages, ended = job.out, 0.0, 0, [
                    f"the typesetting process ended without a result (exit code {process.exitcode})"], time.monotonic()
            process.join()
            receive.close()
            if messages:
                failed.append(f"the {job.lang} PDF:\n  " + "\n  ".join(messages))
            else:
                done.append(f"PDF {Path(out).name}: {Path(out).stat().st_size / 1e6:.2f} MB, {pages} pages, "
                            f"{cpu:.1f} s of CPU ({cpu / max(pages, 1):.3f} s a page), "
                            f"done {ended - started:.1f} s after its edition's pages were rendered")
        self.running = []
        return done, failed

    def stop(self) -> None:
        for _, process, receive, _ in self.running:
            process.kill()
            process.join()
            receive.close()
        self.running = []



# Images a page may carry inline (data: URLs): pictures only, nothing a reader could open as a document or script.
DATA_IMAGES = ("data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp")


def site_only_fetcher(site_dir: Path, *more: Path):
    """WeasyPrint's URL fetcher limited to files under `site_dir` (and `more` folders) and data: images. Every
    refused URL is kept in `.refused`, in order, once; WeasyPrint is told it failed (and warns)."""
    from weasyprint.urls import URLFetcher

    roots = [p.resolve() for p in (site_dir, *more)]

    class SiteOnly(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols={"file", "data"})
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            if url.lower().startswith(DATA_IMAGES):
                return super().fetch(url, headers)
            parts = urlsplit(url)
            if parts.scheme == "file" and parts.netloc in ("", "localhost"):
                path = Path(unquote(parts.path)).resolve()
                if any(path.is_relative_to(root) for root in roots) and path.is_file():
                    return super().fetch(url, headers)
            if url not in self.refused:
                self.refused.append(url)
            raise ValueError(f"refused: the PDF reads only files of the built site ({url})")

    return SiteOnly()


def _holder(url: str, document: str, site_dir: Path, sources: dict[str, str]) -> str:
    """The page whose chapter of the print document names `url` (its slug and Markdown file), for the error
    message: the editor fixes the Markdown file."""
    at = max(document.find(url), document.find(unquote(url)))
    chapters = list(re.finditer(r'<section class="(?:chapter|opening)"[^>]* data-page="([^"]+)"', document[:at])) \
        if at >= 0 else []
    if chapters:
        slug = chapters[-1].group(1)
        return f"page '{slug}', {sources[slug]}" if slug in sources else f"page '{slug}'"
    if url.startswith("file:"):
        try:
            return f"a file of the site: {Path(unquote(urlsplit(url).path)).relative_to(site_dir.resolve())} not found"
        except ValueError:
            pass
    return "the print template or a page"


def _page_footer(text: str) -> str:
    """'第 \0n 頁，共 \0total 頁' → the CSS `content` value "第 " counter(page) " 頁，共 " counter(pages) " 頁"."""
    parts = re.split("\0(n|total)", text)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append("counter(page)" if part == "n" else "counter(pages)")
        elif part:
            out.append('"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(out)


class _Problems(logging.Handler):
    """Collects WeasyPrint's warnings and errors: a link to a missing anchor, a chart it could not draw, a property of
    the print CSS it ignores. Like `strict: true` for the pages, any of them stops the build."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def on_post_build(config, *, state) -> None:
    """Wait for every edition's PDF (started at each language's `on_env`); any problem stops the build."""
    if not state.pdf_enabled or state.nested:  # a nested language build: the outer build waits for all
        return
    last_page = time.monotonic()
    started = {job.lang for job, *_ in state.typesetter.running}
    for lang in [lang for lang in _project.report(config).editions if state.pdf.nav.get(lang) and lang not in started]:
        _start(lang, config, state)  # not started at its on_env: prepare() stops the build saying which pages it lacks
    count = len(state.typesetter.running)
    done, failed = state.typesetter.finish()
    for line in done:
        log.info(line)
    if failed:
        raise PluginError("macros/plugin/pdf.py: WeasyPrint reported problems (print template and CSS in overrides/pdf/) in "
                          + "\n".join(failed))
    log.info(f"PDFs of {count} editions typeset: the build waited {time.monotonic() - last_page:.1f} s for them "
             "after writing its pages")


def on_build_error(error, *, state) -> None:
    state.typesetter.stop()  # the build stops: so do its typesetting processes
