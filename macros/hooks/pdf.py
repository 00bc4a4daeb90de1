"""MkDocs hook: the downloadable report — one A4 PDF per language, typeset by WeasyPrint from the pages just built.

Why from the built pages: the PDF is the site's own content (no second copy of the text to drift). Each language's
build collects every page's rendered article (`on_page_content`) and its nav order (`on_nav`); `on_post_build` puts
cover + table of contents + chapters into one print document (template and CSS in overrides/pdf/) and writes
`site/<files>-<lang>.pdf` (names, year, fonts and texts from data/report.yaml and data/ui_strings.yaml).
mkdocs-static-i18n runs every MkDocs event once per language (the other languages are nested builds inside the
default one's `on_post_build`), so what is collected is kept per language, on the hook's state object `STATE`.

Why a hook and not macros' `on_post_build`: macros sees one page at a time and has no page or nav events; a hook gets
them all, and keeps the macros package free of WeasyPrint. The footer link takes the file name and link text from
the `esg_pdf` template global set in `on_env`; the `pdf_link()` macro from the same data.

Heading ids repeat across pages (`#scope`), so in the PDF every id and reference is prefixed with the page's slug
(`about-this-report--scope`); a link to another page becomes a link inside the PDF, a link to any other file of the
site (downloads) points at the online site. The inline SVG charts colour themselves with the site's CSS variables,
which WeasyPrint's SVG renderer does not see: each chart gets overrides/pdf/chart.css as its own <style>. Any
WeasyPrint warning (a link to a missing anchor, an ignored print CSS property) stops the build, as `strict: true` does.

The PDF reads only our site. WeasyPrint would fetch any URL a page names — an image, a stylesheet, and the file of
an `<a rel="attachment" href="file:///…">`, which it embeds in the PDF — from the build machine or the network. Its
`url_fetcher` here (`SiteOnly`) serves files under the built site and the print template folder, and `data:` images;
anything else is refused and stops the build, naming the URL and the page that holds it. An image of a page
(`![…](../assets/x.png)`) is resolved against that page's place in the built site, so it appears in the PDF too.

`ESG_PDF=1` turns it on (`make build`, the test `site` fixture); off by default so `make serve` does not re-typeset
both PDFs on every reload. Registered under `hooks:` in mkdocs.yml; checked by tests/test_pdf.py.
"""

from __future__ import annotations

import html
import logging
import os
import re
import time
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import _project
import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

PRINT_DIR = _project.ROOT / "overrides" / "pdf"
# WeasyPrint's PDF/UA-1 variant: a tagged PDF (headings, tables, reading order, /Lang) for screen readers. Measured
# on this report (2 cores): +17% size in Chinese (783 → 918 KB), +24% in English (647 → 799 KB); the time is within
# run-to-run noise (under 0.5 s per language).
PDF_VARIANT = "pdf/ua-1"

log = logging.getLogger("mkdocs.hooks.pdf")

class Collected:
    """Per language: the pages of its nav in order, and each page's article as published."""

    def __init__(self):
        self.nav: dict[str, list[Page]] = {}
        self.pages: dict[str, dict[str, str]] = {}

    def start(self, lang: str) -> None:
        self.nav[lang], self.pages[lang] = [], {}


STATE = Collected()


def enabled() -> bool:
    return os.environ.get("ESG_PDF", "0") == "1"


def _lang(config) -> str:
    return config.plugins["i18n"].current_language


def _slug(page: Page, lang_root: str) -> str:
    """'about-us' for en/about-us/, 'index' for the home page: unique per page, the same in every language."""
    path = page.url[len(lang_root):] if lang_root and page.url.startswith(lang_root) else page.url
    return path.strip("/").replace("/", "-") or "index"


def _lang_root(config) -> str:
    i18n = config.plugins["i18n"]
    lang = i18n.current_language
    return "" if lang == i18n.default_language else i18n.get_language_config(lang).link.strip("/") + "/"


def on_pre_build(config) -> None:
    STATE.start(_lang(config))


def on_files(files, config):
    """The print template and CSS are the PDF's, not the site's: keep them out of site/."""
    for file in [f for f in files if Path(f.abs_src_path or "").parent == PRINT_DIR]:
        files.remove(file)
    return files


def on_env(env, config, files):
    """`esg_pdf` for the footer partial (overrides/partials/copyright.html): file name and text in this language."""
    lang, report = _lang(config), _project.report(config)
    env.globals["esg_pdf"] = {"href": report.pdf_name(lang), "text": report.t("pdf_link", lang), "lang": lang}
    return env


@event_priority(-150)  # after static-i18n (-100) has made the nav of the language being built
def on_nav(nav, config, files):
    STATE.nav[_lang(config)] = list(nav.pages)
    return nav


@event_priority(-100)  # last: the article as published, after every other hook and plugin changed it
def on_page_content(html_text: str, page, config, files) -> str:
    if enabled():
        STATE.pages.setdefault(_lang(config), {})[page.url] = html_text
    return html_text


# ── turning pages into chapters ──────────────────────────────────────────────
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_REF_ATTR = re.compile(r'(?<=\s)(id|href|src|for|headers|aria-labelledby|aria-describedby|aria-controls)="([^"]*)"')
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_HEADING = re.compile(r'<h([12]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAGS = re.compile(r"<[^>]+>")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_H1 = re.compile(r"<h1\b.*?</h1>", re.S)


def _text(fragment: str) -> str:
    return html.unescape(_TAGS.sub("", fragment)).strip()


def chapter_html(content: str, page_url: str, slug: str, slugs: dict[str, str], site_url: str, chart_css: str,
                 site_dir: Path | None = None) -> str:
    """A page's article made fit for one document: ids prefixed with the page's slug, links between pages pointed
    inside the PDF, other site files at the online site, images read from the built site (`site_dir`), permalink
    marks dropped, charts given their colours."""

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
    return _SVG_OPEN.sub(lambda m: f"{m.group(0)}<style>{chart_css}</style>", content)


def _chapters(lang: str, config) -> list[dict]:
    nav, pages = STATE.nav.get(lang) or [], STATE.pages.get(lang) or {}
    missing = [p.url for p in nav if p.url not in pages]
    if not nav or missing:
        raise PluginError(f"macros/pdf.py: no rendered HTML for {missing or 'any page'} in the {lang} build; "
                          "the PDF is made from the pages of the same build")
    root = _lang_root(config)
    slugs = {p.url: _slug(p, root) for p in nav}
    # inside <svg> a <style> is parsed as markup, not raw text: no comments (they may hold "<"), one line
    chart_css = " ".join(_CSS_COMMENT.sub("", (PRINT_DIR / "chart.css").read_text(encoding="utf-8")).split())
    chapters = []
    for page in nav:
        slug = slugs[page.url]
        body = chapter_html(pages[page.url], page.url, slug, slugs, config.site_url or "", chart_css,
                            Path(config.site_dir))
        headings = [(int(level), hid, _text(inner)) for level, hid, inner in _HEADING.findall(body)]
        h1 = next(((hid, title) for level, hid, title in headings if level == 1), None)
        if h1 is None:
            raise PluginError(f"macros/pdf.py: {page.file.src_uri} has no level-1 heading with an id; "
                              "the PDF needs one per page for its table of contents")
        chapters.append({"slug": slug, "id": h1[0], "title": h1[1], "html": body, "src": f"docs/{page.file.src_uri}",
                         "sections": [{"id": hid, "title": title} for level, hid, title in headings if level == 2]})
    return chapters


def render(lang: str, config) -> Path:
    """Write this language's PDF into site/ and return its path."""
    from weasyprint import HTML  # imported only when a PDF is made: `make serve` never loads it

    report = _project.report(config)
    chapters = _chapters(lang, config)
    home, chapters = chapters[0], chapters[1:]  # the home page is the cover; its chapter list gives way to the TOC
    home["html"] = _H1.sub("", home["html"], count=1)  # its title heads the cover
    loader = jinja2.FileSystemLoader(PRINT_DIR)
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)
    document = env.get_template("report.html").render(
        lang=lang, home=home, chapters=chapters, config=config, year=report.year,
        t={key: report.t("pdf_" + key, lang) for key in ("contents", "edition", "online")},
        page_footer=_page_footer(report.t("pdf_page", lang, n="\0n", total="\0total")),
        font=report.editions[lang].spec.pdf_font,
        css=(PRINT_DIR / "report.css").read_text(encoding="utf-8"))
    out = Path(config.site_dir) / report.pdf_name(lang)
    problems = _Problems()
    fetcher = site_only_fetcher(Path(config.site_dir), PRINT_DIR)
    logging.getLogger("weasyprint").addHandler(problems)
    try:
        HTML(string=document, base_url=str(PRINT_DIR), url_fetcher=fetcher).write_pdf(out, pdf_variant=PDF_VARIANT)
    finally:
        logging.getLogger("weasyprint").removeHandler(problems)
    if fetcher.refused:
        out.unlink(missing_ok=True)
        raise PluginError(f"macros/hooks/pdf.py: the {lang} PDF may only read files of the built site, and a page "
                          "names something else:\n  " + "\n  ".join(
                              f"{url} (in {_holder(url, chapters + [home], config)})" for url in fetcher.refused)
                          + "\n    How to fix: link to a file in docs/ (e.g. ../assets/x.png) or to an https:// "
                            "address with a normal link (no rel=\"attachment\"); the PDF never embeds other files")
    if problems.messages:
        out.unlink(missing_ok=True)
        raise PluginError(f"macros/pdf.py: WeasyPrint reported problems in the {lang} PDF (print template and CSS in "
                          "overrides/pdf/):\n  " + "\n  ".join(problems.messages))
    return out


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


def _holder(url: str, chapters: list[dict], config) -> str:
    """The page whose HTML names `url` (its source file), for the error message."""
    site = Path(config.site_dir).resolve()
    for chapter in chapters:
        text = html.unescape(chapter["html"])
        if url in text or unquote(url) in text:
            return chapter.get("src") or chapter["slug"]
    if url.startswith("file:"):
        try:
            return f"a file of the site: {Path(unquote(urlsplit(url).path)).relative_to(site)} not found"
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


def on_post_build(config) -> None:
    if not enabled():
        return
    lang = _lang(config)
    start = time.monotonic()
    out = render(lang, config)
    log.info(f"PDF {out.name}: {out.stat().st_size / 1e6:.2f} MB in {time.monotonic() - start:.1f} s")
