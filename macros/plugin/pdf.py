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
import logging
import multiprocessing
import os
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from macros.render.pdf_breaks import keep_whole, words_broken_at_page_end   # issue 24: no word broken over a page
from macros.render.pdf_tags import add_header_scopes   # issue 24: /Scope on table header cells (UA-15-003)
from macros.render.print_document import PageHtml, PrintDocumentError, Site, print_document

from . import _project
from .languages import languages

PRINT_DIR = _project.ROOT / "overrides" / "pdf"
# WeasyPrint's PDF/UA-1 variant: a tagged PDF (headings, tables, reading order, /Lang) for screen readers. Measured
# on this report (2 cores): +17% size in Chinese (783 → 918 KB), +24% in English (647 → 799 KB); the time is within
# run-to-run noise (under 0.5 s per language).
PDF_VARIANT = "pdf/ua-1"

log = logging.getLogger("mkdocs.hooks.pdf")


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


def prepare(lang: str, config, collected: Collected) -> Job:
    """This edition's print document (macros/render/print_document.py) from the pages collected, as a Job."""
    report = _project.report(config)
    site = collected.sites.get(lang)
    if site is None:
        raise PluginError(f"macros/plugin/pdf.py: the {lang} build did not pass on_env; no configuration for its PDF")
    nav, pages = collected.nav.get(lang) or [], collected.pages.get(lang) or {}
    missing = [p.url for p in nav if p.url not in pages]
    if not nav or missing:
        raise PluginError(f"macros/plugin/pdf.py: no rendered HTML for {missing or 'any page'} in the {lang} build; "
                          "the PDF is made from the pages of the same build")
    try:
        made = print_document(lang, [PageHtml(url=p.url, src=f"docs/{p.file.src_uri}", html=pages[p.url],
                                              group=id(p.parent) if p.parent else None) for p in nav],
                              site, report, PRINT_DIR, os.environ)
    except PrintDocumentError as exc:
        raise PluginError(f"macros/plugin/pdf.py: {exc}") from None
    return Job(lang=lang, document=made.html, out=str(Path(site.site_dir) / report.pdf_name(lang)),
               sources=made.sources)



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