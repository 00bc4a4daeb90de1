"""What the plugin keeps between events: per build (`BuildState`, made anew when a build starts) and for the life of
one `mkdocs serve` (`Preview`, the typesetter), all of it on the plugin instance, none in a module.

Why per build, and what a build is here: mkdocs-static-i18n builds every other language inside the default language's
`on_post_build`, with the same plugin instance (nested builds). What one language's events collect is read by
another's (the zh-Hant site texts for zh-Hans, the default 404 page, every language's PDF pages and search rows,
which downloads pages were rendered), so the state is the outer build's, shared by its nested builds, and a new outer
build (a save under `make serve`) starts from nothing. `depth` tells the two apart: 1 in the outer build, 2 in a
nested one; the plugin counts it itself (EsgPlugin.EVENTS: its first `on_config`, its last `on_post_build`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from macros.model import data_reads

from . import not_found, pdf, safe_pages, search_by_language
from .once_per_command import CompiledTemplates
from .typesetter import Typesetter


class KeptArticle(NamedTuple):
    """What reading and rendering a page's Markdown made (MkDocs' Page attributes), as `on_page_content` left it."""

    markdown: str
    meta: dict
    html: str
    toc: object
    title: str | None
    anchors: set | None
    own_title: str | None = None   # without the menu's: its front matter's, its first heading's, its file name's


class Plan(NamedTuple):
    """What a save under `make serve` makes again (save_plan.what_to_render), besides the pages whose own file
    was saved: `render`, the pages read and rendered again; `rewrite`, the pages written again around the article
    their last rendering made (a template, a string of the theme's, changed). None: every page."""

    render: set[str] | None
    rewrite: set[str] | None


@dataclass
class Preview:
    """Kept across the rebuilds of one `mkdocs serve` (MkDocs keeps the plugin instance: it has `on_startup`)."""

    dirty: bool = False                  # `--dirty` (make serve): only changed pages are rendered again
    serving: bool = False                # `mkdocs serve`: site_url is the preview's own http:// address
    # what the next save is compared with (live_preview.py): the last build that succeeded
    stamp: dict | None = None            # the files pages are made with besides their own: data/, overrides/, macros/
    dataset: object = None               # data/ as it built
    reads: dict[str, frozenset] = field(default_factory=dict)   # page (site path) → what its article read of data/
    writes: dict[str, frozenset] = field(default_factory=dict)  # page → what its template and hooks read, writing it
    site_reads: frozenset = frozenset()  # what the build's set-up read of data/: a change renders every page
    theme_reads: frozenset = frozenset()   # what the theme read (on_env, between pages): every page is written again
    pending: set[str] | None = field(default_factory=set)   # pages a failed build left to render (None: all)
    articles: dict[str, KeptArticle] = field(default_factory=dict)   # page → its article, as last rendered
    search_entries: dict[str, list] = field(default_factory=dict)   # page → its search entries, as last made
    search_basis: tuple = ()             # the words those entries were cut with (search_by_language.search_basis)
    search_words: dict = field(default_factory=dict)   # search_by_language: each entry with its readers' words
    built: "BuildState | None" = None    # the last build, until it is known to have succeeded
    data_files: tuple | None = None      # the files made from data/ on disk: (their reads, dataset, macros/ stamps)
    theme_listing: dict[str, list[str]] = field(default_factory=dict)   # installed theme folders, listed once
    compiled_templates: CompiledTemplates = field(default_factory=CompiledTemplates)   # the theme, once per command
    git: dict = field(default_factory=dict)   # mkdocs-macros' facts of the last commit, asked once per command
    stripped: dict = field(default_factory=dict)   # script and style files without their source map line
    checks: safe_pages.BackgroundChecks = field(default_factory=safe_pages.BackgroundChecks)   # its own process


@dataclass
class BuildState:
    """One outer build and its nested language builds."""

    pdf_enabled: bool                    # typeset the PDFs (the plugin's `pdf` option, or ESG_PDF)
    preview: Preview
    typesetter: Typesetter               # the PDF processes: stopped when a new build starts or a build fails
    depth: int = 0
    report: object = None                # data/report.yaml's Report, read once per build (_project.report)
    not_found: not_found.NotFoundPage = field(default_factory=not_found.NotFoundPage)
    pdf: pdf.Collected = field(default_factory=pdf.Collected)
    safe_pages: safe_pages.Checked = field(default_factory=safe_pages.Checked)
    search: search_by_language.SearchState = field(default_factory=search_by_language.SearchState)
    downloads_rendered: set[str] = field(default_factory=set)   # editions whose downloads page this build rendered
    # make serve (live_preview.py): what this save renders again, and what each page read of data/
    recorder: data_reads.Recorder = field(default_factory=data_reads.Recorder)
    stamp: dict | None = None
    dataset: object = None
    plan: Plan = field(default_factory=lambda: Plan(set(), set()))   # make serve: what this save renders again
    data_unchanged: bool = False         # data/ is as the last build had it: files made from it are kept
    page_reads: dict[str, set] = field(default_factory=dict)
    page_writes: dict[str, set] = field(default_factory=dict)
    site_reads: set = field(default_factory=set)
    theme_reads: set = field(default_factory=set)
    articles: dict[str, KeptArticle] = field(default_factory=dict)
    search_entries: dict[str, list] = field(default_factory=dict)
    restored: dict[str, KeptArticle] = field(default_factory=dict)   # pages not read again: their kept article
    writing: bool = False                # MkDocs is writing the pages of the edition being built (after on_env)

    @property
    def nested(self) -> bool:
        """Inside a nested language build (static-i18n's); False in the outer build, before and after it runs them."""
        return self.depth > 1

    @property
    def dirty(self) -> bool:
        return self.preview.dirty
