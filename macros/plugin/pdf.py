"""The downloadable report: one A4 PDF per edition, typeset by WeasyPrint from the pages just built. This module is
only the MkDocs side: what to collect at which event, and when to start and wait.

Why from the built pages: the PDF is the site's own content (no second copy of the text to drift). Each language's
build collects every page's article as published (`on_page_content`, last), its nav order (`on_nav`) and what the
PDF needs of that language's configuration (`on_env`: site name, author, address, language name). mkdocs-static-i18n
runs every MkDocs event once per language (the other languages are nested builds inside the default one's
`on_post_build`), so what is collected is kept per language, on the plugin's build state (`Collected`).

Where the rest lives: the print document (cover, contents, chapters, back page) is made by
macros/render/print_document.py, typeset by macros/render/typesetting.py, in a process per edition started by
macros/plugin/typesetter.py. Each language's `on_env` (its pages all rendered, none yet written) starts its edition;
the outer build's last `on_post_build` waits for every edition, and any problem stops the build. The footer link takes
the file name and text from the `esg_pdf` template global set in `on_env`; the `pdf_link()` macro from the same data.

The plugin's `pdf` option turns it on, or `ESG_PDF=1` (`make build`, the test `site` fixture); off in mkdocs.yml so
`make serve` does not re-typeset the PDFs on every reload. Wired in EsgPlugin.EVENTS (macros/plugin/__init__.py);
checked by tests/test_pdf.py (the built PDFs) and tests/test_print_document.py (no build).
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from macros.render.print_document import PageHtml, PrintDocumentError, Site, print_document
from macros.render.typesetting import Job, TypesettingError, check_faces, installed_families

from . import _project
from .languages import languages

PRINT_DIR = _project.ROOT / "overrides" / "pdf"

log = logging.getLogger("mkdocs.hooks.pdf")


class Collected:
    """Per language: the pages of its nav in order, each page's article as published, and its configuration."""

    def __init__(self):
        self.nav: dict[str, list[Page]] = {}
        self.pages: dict[str, dict[str, str]] = {}
        self.sites: dict[str, Site] = {}

    def start(self, lang: str) -> None:
        self.nav[lang], self.pages[lang] = [], {}
        self.sites.pop(lang, None)


def on_pre_build(config, *, state) -> None:
    if not state.nested:  # a new build (make serve rebuilds): nothing of the last one runs on
        state.typesetter.stop()
    state.pdf.start(languages(config).current)


def on_files(files, config):
    """The print template and CSS are the PDF's, not the site's: keep them out of site/."""
    for file in [f for f in files if Path(f.abs_src_path or "").parent == PRINT_DIR]:
        files.remove(file)
    return files


def on_nav(nav, config, files, *, state):
    state.pdf.nav[languages(config).current] = list(nav.pages)
    return nav


def on_page_content(html_text: str, page, config, files, *, state) -> str:
    if state.pdf_enabled:
        state.pdf.pages.setdefault(languages(config).current, {})[page.url] = html_text
    return html_text


def on_env(env, config, files, *, state):
    """`esg_pdf` for the footer partial (overrides/partials/copyright.html): file name and text in this language.
    Also keeps what this language's PDF needs from its configuration, and starts typesetting that PDF."""
    langs, report = languages(config), _project.report(config)
    lang = langs.current
    env.globals["esg_pdf"] = {"href": report.pdf_name(lang), "text": report.t("pdf_link", lang), "lang": lang}
    state.pdf.sites[lang] = Site(lang=lang, site_url=config.site_url or "", site_author=config.site_author or "",
                                 site_description=config.site_description or "", site_dir=str(config.site_dir),
                                 lang_root=langs.prefix(lang), language_name=langs.names[lang])
    pages = state.pdf.pages.get(lang, {})
    if state.pdf_enabled and state.pdf.nav.get(lang) and all(p.url in pages for p in state.pdf.nav[lang]):
        # every page of this language is rendered (MkDocs renders them all, then calls on_env, then writes them);
        # else (a dirty rebuild) on_post_build says which pages are missing
        _start(lang, config, state)
    return env


def _start(lang: str, config, state) -> None:
    report = _project.report(config)
    try:
        check_faces({lang: list(dict.fromkeys(report.editions[lang].pdf_faces))}, installed_families())
    except TypesettingError as exc:
        raise PluginError(str(exc)) from None
    state.typesetter.start(prepare(lang, config, state.pdf))


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
               print_dir=str(PRINT_DIR), sources=made.sources)


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
        raise PluginError("macros/plugin/pdf.py: WeasyPrint reported problems (print template and CSS in overrides/pdf/) "
                          "in " + "\n".join(failed))
    log.info(f"PDFs of {count} editions typeset: the build waited {time.monotonic() - last_page:.1f} s for them "
             "after writing its pages")


def on_build_error(error, *, state) -> None:
    state.typesetter.stop()  # the build stops: so do its typesetting processes
