"""The site's MkDocs plugin (`esg` under `plugins:` in mkdocs.yml): everything the build does besides the theme,
static-i18n, Material's search and the page macros.

Why one plugin: the build's own behaviour was fifteen hook files, each with its own event priorities; which ran
before which was spread over them. Here each module keeps one job (its docstring says why), and `EsgPlugin.EVENTS`
is the one list of what runs at which MkDocs event, in which order, and why there. MkDocs finds the plugin through
the entry point of macros/entry_point/ (installed by the Makefile), which imports this package from the folder of the
mkdocs.yml being built, so each checkout runs its own code.
"""

from __future__ import annotations

import inspect
import os
from typing import Callable, NamedTuple

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent

from . import (accessible_html, download_centre, editions, identity, interface, link_messages, live_preview,
               machine_data, macro_calls, menu, not_found, once_per_command, pdf, phone_tables, report_text, safe_pages,
               search_by_language, seo, social, typesetter, typography)
from .state import BuildState, Preview


class EsgConfig(Config):
    """The plugin's options in mkdocs.yml."""

    # Typeset the downloadable PDFs (seconds per edition). Off for `make serve`; the environment variable ESG_PDF
    # (0 or 1) overrides it: `make build` and the tests' site set ESG_PDF=1.
    pdf = c.Type(bool, default=False)
    # Every sentence of the printed report (data/printed/report.zh-Hant.txt) is on the pages of the edition that
    # prevails, with only the mends of data/printed/mends.yaml (macros/plugin/report_text.py). Off only for a copy of
    # the project whose pages are not the report: the tests' two-page sites (tests/conftest.py mini_project).
    printed_sentences = c.Type(bool, default=True)


def pdf_wanted(option: bool, environ) -> bool:
    """The PDFs are typeset when the `pdf` option says so, unless ESG_PDF says otherwise (1 or 0)."""
    value = environ.get("ESG_PDF", "")
    if value in ("0", "1"):
        return value == "1"
    if value:
        raise PluginError(f"ESG_PDF={value!r} in the environment: it must be 1 (typeset the PDFs) or 0 (not), "
                          "or unset (mkdocs.yml's `pdf:` option of the esg plugin decides)")
    return option


class Stage(NamedTuple):
    """One handler at one MkDocs event. Within an event MkDocs runs the higher priority first, and, at equal
    priority, the plugins in mkdocs.yml's order (this one is listed last) and a plugin's handlers in EVENTS' order.
    A handler is a module's function, called with the event's arguments (and `state=`, the plugin's BuildState, if
    it takes one), or the name of a method of the plugin."""

    event: str
    priority: int
    handler: Callable | str
    why: str = ""


class EsgPlugin(BasePlugin[EsgConfig]):
    """The site's plugin. Other plugins' priorities, for the order below: mkdocs-static-i18n -100 at on_config,
    on_files, on_nav, on_post_page and on_post_build (where it builds every other language, nested, into the same
    folders), 50 at on_page_markdown and on_page_context; mkdocs-macros and Material's search 0."""

    EVENTS: tuple[Stage, ...] = (
        Stage("startup", 0, "start_session", "once per `mkdocs` command: is it a dirty preview"),
        Stage("startup", 0, live_preview.on_startup, "a dirty preview's one expected warning is dropped"),
        Stage("serve", 0, live_preview.on_serve, "make serve: a failed rebuild is a page in the browser, not a hang"),
        # ── once per build (and per language: static-i18n runs every event again for each nested language build)
        Stage("config", 1000, "begin_build", "first: a new outer build gets a new BuildState; a nested one shares it"),
        Stage("config", 20, live_preview.on_config,
              "make serve: before the macros (0) read data/, so their reads are recorded; which pages to render"),
        Stage("config", 15, menu.on_config,
              "after make serve records the set-up's reads (20): the menu's read is the theme's (save_plan)"),
        Stage("config", 10, editions.on_config,
              "before the macros (0) read the site's texts and static-i18n (-100) reads site_url for the switcher"),
        Stage("config", 5, once_per_command.on_config,
              "before Material's search (0) loads the user dictionary: jieba's dictionary read once, not twice; "
              "the theme's folders listed once, not per edition; "
              "before mkdocs-macros (0) asks git for the last commit: once per command"),
        Stage("config", -10, safe_pages.on_config, "after mkdocs-macros (0) has made its Jinja environment"),
        Stage("config", -10, link_messages.on_config, "MkDocs' link warnings come at the pages, after every config"),
        Stage("config", -120, search_by_language.on_config, "after Material's search has loaded the user dictionary"),
        Stage("pre_build", 0, pdf.on_pre_build, "a new outer build stops what the last one left typesetting"),
        Stage("files", 100, safe_pages.on_files, "before any other plugin reads a file"),
        Stage("files", 0, pdf.on_files, "the print template and CSS are not files of the site"),
        Stage("files", -200, live_preview.on_files, "after static-i18n (-100) makes each edition's file list anew"),
        Stage("nav", 1000, live_preview.on_nav, "first: make serve, what the menu reads is the theme's"),
        Stage("nav", -150, editions.on_nav, "after static-i18n (-100) has translated the nav for the language"),
        Stage("nav", -150, pdf.on_nav, "after static-i18n (-100) has made the nav of the language being built"),
        Stage("env", 100, live_preview.on_env, "first: the pages not read again get back what they had"),
        Stage("env", 0, editions.on_env),
        Stage("env", 0, interface.on_env),
        Stage("env", 0, not_found.on_env),
        Stage("env", 0, pdf.on_env, "every page of the language is rendered: its PDF starts typesetting"),
        Stage("env", 0, once_per_command.on_env, "before any template is compiled"),
        Stage("env", 0, social.on_env),
        Stage("env", 0, identity.on_env),
        Stage("env", 0, download_centre.on_env),
        Stage("env", -10, report_text.on_env,
              "every article of the edition is rendered, or kept (live_preview, 100): checked before any is written"),
        # ── once per page
        Stage("page_markdown", 200, live_preview.on_page_markdown, "first: what the page reads of data/ is its own"),
        Stage("page_markdown", 100, safe_pages.on_page_markdown, "before the macros: the page as its editor wrote it"),
        Stage("page_markdown", -10, macro_calls.on_page_markdown, "right after the macros (0): a call they refused"),
        Stage("page_markdown", -50, editions.on_page_markdown,
              "after the macros (0) and static-i18n (50): the whole page, its figures included"),
        Stage("page_content", 0, accessible_html.on_page_content),
        Stage("page_content", 0, phone_tables.on_page_content),
        Stage("page_content", 0, interface.on_page_content),
        Stage("page_content", -50, typography.on_page_content,
              "after the others have written the article, before the PDF collects it"),
        Stage("page_content", -90, safe_pages.on_page_content, "the article as the others left it, before the PDF"),
        Stage("page_content", -90, search_by_language.on_page_content,
              "after the macros and static-i18n; before Material's search reads the page (on_page_context)"),
        Stage("page_content", -100, pdf.on_page_content, "last: the article as published"),
        Stage("page_content", -1000, live_preview.on_page_content, "the very last: the page's reads end"),
        Stage("page_context", 1000, live_preview.on_page_context, "first: the page's reads go on (its template)"),
        Stage("page_context", 0, seo.on_page_context),
        Stage("page_context", 0, identity.on_page_context),
        Stage("page_context", 0, machine_data.on_page_context),
        Stage("post_page", 0, search_by_language.on_post_page),
        Stage("post_page", 0, accessible_html.on_post_page),
        Stage("post_page", 0, interface.on_post_page),
        Stage("post_page", 0, download_centre.on_post_page),
        Stage("post_page", -300, safe_pages.on_post_page,
              "the very last: the page as it is written, with the theme's header and footer"),
        Stage("post_page", -1000, live_preview.on_post_page, "after the last: the page's reads end"),
        Stage("post_template", 0, accessible_html.on_post_template),
        Stage("post_template", 0, not_found.on_post_template, "after accessible_html: the page as written"),
        Stage("post_template", -300, safe_pages.on_post_template, "the very last, as for pages"),
        # ── the end of each language's build; after static-i18n (-100) only in the outer build
        Stage("post_build", 100, live_preview.on_post_build,
              "make serve: the pages are done (reads are no page's); before static-i18n (-100) runs the others"),
        Stage("post_build", 0, not_found.on_post_build),
        Stage("post_build", 0, social.on_post_build),
        Stage("post_build", 0, identity.on_post_build),
        Stage("post_build", -150, safe_pages.on_post_build,
              "after static-i18n (-100): make serve's page checks, made beside every edition's build, are all in"),
        Stage("post_build", -200, search_by_language.on_post_build,
              "after static-i18n (-100) has built the other languages and merged their search entries"),
        Stage("post_build", -200, seo.on_post_build, "after static-i18n (-100) has written the sitemap of all languages"),
        Stage("post_build", -200, pdf.on_post_build, "after static-i18n (-100): wait for every edition's PDF"),
        Stage("post_build", -250, download_centre.on_post_build,
              "after every language's build and the PDFs: list every file written"),
        Stage("post_build", -1000, "end_build", "last: this (nested or outer) build is over"),
        Stage("build_error", 0, pdf.on_build_error, "a failed build stops its typesetting processes"),
        Stage("build_error", 0, live_preview.on_build_error, "make serve: the next save renders what this one left"),
        Stage("build_error", -1000, "abandon_build", "the next build starts afresh"),
        Stage("shutdown", 0, "end_session", "make serve: the pages' checking process stops"),
    )

    def __init__(self):
        self.preview = Preview()                   # for the life of one `mkdocs` command (serve: every rebuild)
        self.typesetter = typesetter.Typesetter()
        self.state: BuildState | None = None       # the build under way (see macros/plugin/state.py)

    def start_session(self, *, command, dirty) -> None:
        self.preview.dirty = dirty
        self.preview.serving = command == "serve"

    def end_session(self) -> None:
        self.preview.checks.close()

    def begin_build(self, config):
        warnings_count(config)
        if self.state is None or self.state.depth == 0:
            self.state = BuildState(pdf_enabled=pdf_wanted(self.config.pdf, os.environ), preview=self.preview,
                                    typesetter=self.typesetter)
        self.state.depth += 1
        return config

    def end_build(self, *, config) -> None:
        self.state.depth -= 1

    def abandon_build(self, *, error) -> None:
        if self.state is not None:
            self.state.depth = 0


def warnings_count(config) -> None:
    """A strict build stops on a warning (a link to a missing page or anchor, a nav entry without its file) even
    when run quiet. Why: `mkdocs build -q` lowers MkDocs' logger to errors, so its warnings are neither shown nor
    counted, and strict mode then passes a broken link with exit status 0. Quiet keeps hiding the INFO lines."""
    import logging

    logger = logging.getLogger("mkdocs")
    if config.strict and logger.level > logging.WARNING:
        logger.setLevel(logging.WARNING)


def _handler(stage: Stage):
    """A method of the plugin that runs the stage's handler at the stage's priority."""
    method = isinstance(stage.handler, str)
    takes_state = not method and "state" in inspect.signature(stage.handler).parameters

    def run(self, *args, **kwargs):
        handler = getattr(self, stage.handler) if method else stage.handler
        return handler(*args, **kwargs, state=self.state) if takes_state else handler(*args, **kwargs)

    run.mkdocs_priority = stage.priority
    name = stage.handler if method else stage.handler.__module__.rpartition(".")[2]
    run.__name__ = f"_{stage.event}_{name}"   # never on_…: MkDocs would register it on its own
    return run


# MkDocs registers each `on_<event>` attribute; a CombinedEvent holds several handlers, each with its own priority.
for _event in dict.fromkeys(stage.event for stage in EsgPlugin.EVENTS):
    setattr(EsgPlugin, f"on_{_event}",
            CombinedEvent(*(_handler(stage) for stage in EsgPlugin.EVENTS if stage.event == _event)))
