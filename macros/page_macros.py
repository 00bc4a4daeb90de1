"""The macros pages call (mkdocs-macros): every figure and table on a page comes from data/ through these.

Why: pages call small macros (`{{ kpi_table("ghg") }}`, `{{ kpi("employees_total") }}`) and every figure comes from
data/, validated once per change of data/ (`dataset.cached_dataset`). Each macro renders in the language being built
(`languages(env.conf).current`: macros/plugin/languages.py), the report year is data/report.yaml's, and a bad id or argument
stops the build with the page and a suggestion. The build's plugin (macros/plugin/) is apart: it acts on whole builds.
"""

from __future__ import annotations

import inspect
from pathlib import Path

from mkdocs.exceptions import PluginError

from .plugin.languages import languages
from .plugin.live_preview import keeps_data_files, making_data_files
from .model.data_reads import unrecorded
from .model.dataset import DataErrors, cached_dataset
from .model.menu import page_titles
from .model.pages import check_blocks_match, check_menu, check_page_pairs
from .model.yamlsrc import DataError, did_you_mean
from .render.escaping import escape
from .render import charts, diagrams, download_centre, downloads, formatting, home, machine_data, restated, tables
from .render.downloads import file_names as download_names
from .render.content_index import content_index_html

# The names a page may use in {{ }}: filled by define_env, read by macros/plugin/safe_pages.py before each page renders.
PAGE_MACROS: set[str] = set()
PAGE_VARIABLES = frozenset({"report_year"})
# The check of a call's arguments for the build under way (PageMacros._call_problem), read by the same hook: a
# misspelt id or a missing argument is told with its line before the page renders.
PAGE_CALLS: dict[str, object] = {}


def define_env(env):
    """mkdocs-macros' entry: check the pages against data/ (their menu too), then register each macro of PageMacros."""
    root = Path(env.conf["config_file_path"]).parent
    try:
        ds = cached_dataset(root)
        with unrecorded(ds):   # checks: no page's reads
            check_page_pairs(Path(env.conf["docs_dir"]), ds.report.locales.hand)
            check_menu(Path(env.conf["docs_dir"]), ds.report.locales.hand, ds.menu, env.conf["not_in_nav"])
    except (DataErrors, DataError, ValueError) as exc:
        raise PluginError(str(exc)) from None
    env.variables["report_year"] = ds.report.year  # `{{ report_year }}` in a page: the year this report covers
    macros = PageMacros(env, ds)
    PAGE_CALLS["check"] = macros._call_problem
    _check_every_call(env, macros)   # its reads are _call_problem's, unrecorded: no page's
    for name in PageMacros.MACROS:   # and only these: macros/model/page_template.py refuses any other name
        PAGE_MACROS.add(name)
        env.macro(_told(getattr(macros, name), name), name)


def _check_every_call(env, macros: "PageMacros") -> None:
    """Every page's macro calls, checked before any page renders: a misspelt id on one page would otherwise show
    first as its effect on another (the content index cannot find a table of a misspelt kpi_section())."""
    from .model.page_template import template_problems
    from .plugin.safe_pages import _jinja_syntax

    syntax = _jinja_syntax(env.conf)
    if syntax is None:
        return
    docs = Path(env.conf["docs_dir"])
    told = [f"  - {docs.name}/{page.name}:{line}: {what}\n    How to fix: {fix}"
            for page in sorted(docs.rglob("*.md"))
            for line, what, fix in template_problems(page.read_text(encoding="utf-8"), PageMacros.MACROS,
                                                     PAGE_VARIABLES, syntax, macros._call_problem)]
    if told:
        raise PluginError(f"{len(told)} problem(s) in the pages' {{{{ }}}} — the build stops until they are fixed:\n"
                          + "\n".join(told))


def _told(macro, name: str):
    """The macro as the page calls it: a refusal is kept for the hook after the macros (safe_pages.after_macros),
    which stops the build with the page and the line. Why: mkdocs-macros turns any error into a traceback and exit
    status 100, which `mkdocs build -q` does not even print."""
    import functools

    @functools.wraps(macro)
    def call(*args, **kwargs):
        try:
            return macro(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - every refusal reaches the editor as a message
            PAGE_CALLS.setdefault("failed", []).append((name, args, kwargs, str(exc)))
            return ""
    return call


class PageMacros:
    """The macros pages call, for one build. Why a class: each macro needs the same few things (the dataset, the
    language being built, the page being rendered, a way to stop the build naming the page), which live here once;
    the macros are its public methods listed in MACROS, everything else is a helper."""

    MACROS = ("kpi", "money", "fact", "kpi_table", "kpi_section", "board_table", "milestones", "laws_table",
              "content_index", "diagram", "downloads", "kpi_change", "highlight", "chapter_figures", "masthead",
              "pdf_link", "downloads_centre", "contact_email")

    def __init__(self, env, ds):
        self.env, self.ds = env, ds

    @property
    def report(self):
        """The report, read afresh at each use: under make serve, a page's reads of it are then that page's (a UI
        string, the title), not the set-up's, which a save of report.yaml would make every page's."""
        return self.ds.report

    # ── a call's arguments, checked before the page renders ─────────────────────────────────────────────────────
    ARGUMENT_WORDS = {"kpi_id": "a KPI id", "fact_id": "a fact id", "table_id": "a table id",
                      "section": "a section (environmental, social, governance)", "chapter": "a chapter (page) name",
                      "diagram_id": "a diagram id", "figure_id": "a KPI or fact id", "year": "a year",
                      "words": "words=True", "years": "a list of years"}

    def _call_problem(self, name: str, args: list, kwargs: dict) -> tuple[str, str] | None:
        """(what is wrong, how to fix) with the arguments of a page's call of macro `name`, or None: the number of
        arguments, their kind, and that each id names something in data/. Pure: nothing is rendered, so what it
        reads is no page's to depend on (make serve: every page's calls are checked again at each build)."""
        with unrecorded(self.ds):
            return self._check_call(name, args, kwargs)

    def _check_call(self, name: str, args: list, kwargs: dict) -> tuple[str, str] | None:
        signature = inspect.signature(getattr(self, name))
        usage = f"{name}(" + ", ".join(self.ARGUMENT_WORDS.get(p.name, p.name) + (" (optional)" if p.default is not
                                       p.empty else "") for p in signature.parameters.values()) + ")"
        fix = f"write it as {usage}; CONTRIBUTING.md 'Change a number' shows each macro"
        try:
            given = signature.bind(*args, **kwargs).arguments
        except TypeError as exc:
            reason = str(exc)
            if "missing" in reason:
                return f"an argument is missing: {name} takes {usage.split('(', 1)[1][:-1] or 'none'}", fix
            if "unexpected keyword" in reason:
                return f"{name}() has no option {reason.rsplit(' ', 1)[-1]}", fix
            return f"too many arguments: {name} takes {usage.split('(', 1)[1][:-1] or 'none'}", fix
        for param, value in given.items():
            if param.endswith("_id") or param in ("section", "chapter"):
                if not isinstance(value, str):
                    return f"{self.ARGUMENT_WORDS[param]} is a text in quotes, got {value!r}", fix
            elif param == "year" and value is not None and not (isinstance(value, int) or str(value).isdigit()):
                return f"the year must be a number like {self.report.year}, got {value!r}", fix
            elif param == "years" and value is not None and (
                    not isinstance(value, list) or any(y not in self.ds.years for y in value)):
                return f"the years must be a list of years with data, {self.ds.years}, got {value!r}", fix
        return self._unknown_name(name, given)

    def _unknown_name(self, name: str, given: dict) -> tuple[str, str] | None:
        """The id of a call that names nothing in data/, with the nearest ids and the file that holds them."""
        ds = self.ds
        if "kpi_id" in given:
            year = int(given.get("year") or self.report.year)
            try:
                ds.value(given["kpi_id"], year)
            except KeyError as exc:
                if given["kpi_id"] in ds.rows:   # the id is right, the year has no data
                    return exc.args[0], "use a year listed under 'years:' in data/kpis/*.yaml, or none for the report year"
                return exc.args[0], "KPI ids are the `id:` of the rows of data/kpis/*.yaml and data/board.yaml"
            if name == "money" and ds.unit_of(given["kpi_id"]).id not in ("rmb", "rmb_10k"):
                return (f"'{given['kpi_id']}' is not an RMB amount (unit {ds.unit_of(given['kpi_id']).id})",
                        f"write {{{{ kpi(\"{given['kpi_id']}\") }}}} instead")
        known = {"fact_id": (ds.facts, "fact id", "data/facts/*.yaml"),
                 "table_id": (ds.tables, "table id", "data/kpis/*.yaml (a table's `id:`)"),
                 "section": ({f.section: f for f in ds.kpi_files}, "section", "data/kpis/*.yaml (`section:`)"),
                 "chapter": (ds.chapter_figures, "chapter", "data/chapter_figures.yaml"),
                 "diagram_id": (ds.diagrams, "diagram id", "data/diagrams.yaml"),
                 "figure_id": ({**ds.rows, **ds.facts}, "KPI or fact id", "data/kpis/*.yaml and data/facts/*.yaml")}
        for param, (names, what, home) in known.items():
            if param in given and given[param] not in names:
                return (f"unknown {what} '{given[param]}'{did_you_mean(given[param], names)}",
                        f"use one of {home}")
        return None

    # ── the page being rendered ─────────────────────────────────────────────────────────────────────────────────
    def _lang(self) -> str:
        return languages(self.env.conf).current

    def _edition(self):
        return self.report.editions[self._lang()]

    def _to_site_root(self) -> str:
        """The relative way from this page up to the site root, where the downloads and PDFs of every edition sit."""
        return "../" * self.env.page.url.count("/")

    def _to_downloads_centre(self) -> str:
        """The way from this page to its edition's downloads centre (/downloads/, /en/downloads/ …)."""
        return f"{self._to_site_root()}{languages(self.env.conf).prefix(self._lang())}downloads/"

    def _fail(self, message: str):
        """Stop the build, naming the page whose macro call is wrong."""
        page = getattr(self.env, "page", None)
        raise PluginError(f"{page.file.src_uri + ': ' if page else ''}{message}")

    def _year_of(self, call: str, year) -> int:
        if year is None:
            return self.report.year
        try:
            return int(year)
        except (TypeError, ValueError):
            self._fail(f"{call}: the year must be a number like {self.report.year}, got {year!r}")

    def _kpi_or_fail(self, call: str, kpi_id: str):
        try:
            self.ds.value(kpi_id, self.report.year)
        except KeyError as exc:
            self._fail(f"{call}: {exc.args[0]}. KPI ids are in data/kpis/*.yaml and data/board.yaml")

    def _needs(self, call: str, data, file: str):
        if not data:
            self._fail(f"{call}: {file} is missing")

    def _centre_link(self) -> str:
        return (f'<p class="esg-dl-centre"><a href="{self._to_downloads_centre()}">'
                f'{escape(self.report.t("dl_link", self._lang()))}</a></p>')

    def _nav_titles(self) -> dict[str, str]:
        """Page → the title the menu gives it in this language (data/menu.yaml): the short names of the chapters,
        for the content index's links. A generated edition's are its source's, converted with the page."""
        lang = self._lang()
        return page_titles(self.ds.menu, lang, self.report.locales.generated.get(lang))

    # ── figures ─────────────────────────────────────────────────────────────────────────────────────────────────
    def kpi(self, kpi_id: str, year: int | None = None, words: bool = False) -> str:
        """One KPI value (no unit) for the report year, or for `year`; `words=True` writes a small count in words
        where the report does (九名)."""
        ds, call = self.ds, f"kpi({kpi_id!r})"
        try:
            value = ds.value(kpi_id, self._year_of(call, year))
        except KeyError as exc:
            self._fail(f"{call}: {exc.args[0]}. KPI ids are in data/kpis/*.yaml and data/board.yaml")
        mark = restated.restated_mark(ds, kpi_id, self._year_of(call, year), self._lang(), note=True)
        try:
            shown = formatting.words(value, self._edition()) if words else formatting.fmt(value, self._edition())
        except ValueError as exc:
            self._fail(f"{call}: {exc}")
        return escape(shown) + mark

    def money(self, kpi_id: str, year: int | None = None) -> str:
        """An RMB amount KPI in words the reader expects: 10萬元 / RMB100,000."""
        ds, call = self.ds, f"money({kpi_id!r})"
        unit = ds.unit_of(kpi_id).id if kpi_id in ds.rows else None
        if unit not in ("rmb", "rmb_10k"):
            self._fail(f"{call}: not an RMB amount (unit {unit}); use kpi() instead")
        return escape(formatting.money(ds.value(kpi_id, self._year_of(call, year)), unit, self._edition()))

    def fact(self, fact_id: str) -> str:
        """A structured fact quoted in the narrative, from data/facts/*.yaml; marked where it is restated."""
        if fact_id not in self.ds.facts:
            self._fail(f"fact({fact_id!r}): unknown fact id{did_you_mean(fact_id, self.ds.facts)}. "
                       "Facts are in data/facts/*.yaml")
        f = self.ds.facts[fact_id]
        mark = restated.restated_mark(self.ds, fact_id, f.year or self.ds.year, self._lang(), note=True)
        return escape(formatting.fmt(f.value, self._edition(), f.format)) + mark

    def kpi_change(self, kpi_id: str) -> str:
        """The report year's change on the year before, in words: 較2021年 +2.0% / +2.0% vs 2021 ("not applicable"
        where the earlier year is zero or not disclosed)."""
        self._kpi_or_fail(f"kpi_change({kpi_id!r})", kpi_id)
        return home.change_text(self.ds, kpi_id, self._lang()) or self.report.t("not_applicable", self._lang())

    # ── tables, diagrams, tiles ─────────────────────────────────────────────────────────────────────────────────
    def kpi_table(self, table_id: str, years: list[int] | None = None) -> str:
        """A KPI table with a caption, a unit column and one column per year of data."""
        ds = self.ds
        if table_id not in ds.tables:
            self._fail(f"kpi_table({table_id!r}): unknown table id{did_you_mean(table_id, ds.tables)}")
        return tables.kpi_table_html(ds, ds.tables[table_id], self._lang(), years or ds.years)

    def kpi_section(self, section: str) -> str:
        """Every table of one KPI file, each under a heading whose id is the table id (for the content index)."""
        files = {f.section: f for f in self.ds.kpi_files}
        if section not in files:
            self._fail(f"kpi_section({section!r}): unknown section{did_you_mean(section, files)}")
        try:
            return tables.kpi_section_md(self.ds, files[section], self._lang())
        except ValueError as exc:
            self._fail(f"kpi_section({section!r}): {exc}")

    def board_table(self) -> str:
        """The board's members and composition, from data/board.yaml."""
        self._needs("board_table()", self.ds.board, "data/board.yaml")
        return tables.board_html(self.ds, self._lang())

    def milestones(self) -> str:
        """The year's milestones as a timeline, from data/milestones.yaml."""
        self._needs("milestones()", self.ds.milestones, "data/milestones.yaml")
        return tables.milestones_html(self.ds, self._lang())

    def laws_table(self) -> str:
        """Appendix 2: the laws and regulations, by ESG aspect, with the compliance statement."""
        self._needs("laws_table()", self.ds.laws, "data/laws.yaml")
        return tables.laws_html(self.ds, self._lang())

    def content_index(self) -> str:
        """Appendix 3: the HKEX Guide content index, linked to pages and headings in the reader's language."""
        self._needs("content_index()", self.ds.content_index, "data/content_index.yaml")
        try:
            return content_index_html(self.ds, Path(self.env.conf["docs_dir"]), self._lang(), self._nav_titles())
        except ValueError as exc:
            self._fail(str(exc))

    def diagram(self, diagram_id: str) -> str:
        """One of the report's diagrams (data/diagrams.yaml) as inline SVG, with its content as a list beside it."""
        if diagram_id not in self.ds.diagrams:
            self._fail(f"diagram({diagram_id!r}): unknown diagram id{did_you_mean(diagram_id, self.ds.diagrams)}. "
                       "Diagrams are in data/diagrams.yaml")
        return diagrams.diagram_html(self.ds, diagram_id, self._lang())

    def highlight(self, figure_id: str) -> str:
        """A home-page tile's figure: a KPI (value, unit, change on the year before) or a fact (data/facts/)."""
        ds, call = self.ds, f"highlight({figure_id!r})"
        if figure_id in ds.facts and figure_id in ds.rows:
            self._fail(f"{call}: '{figure_id}' is both a KPI and a fact id; rename one")
        if figure_id in ds.facts:
            return home.tile_fact_html(ds, figure_id, self._lang())
        self._kpi_or_fail(call, figure_id)
        return home.tile_kpi_html(ds, figure_id, self._lang())

    def chapter_figures(self, chapter: str) -> str:
        """A chapter's key figures as tiles linked to their KPI rows, and its small chart when it has one; which KPIs
        is data/chapter_figures.yaml's, read by its chapter (make serve: a save that changes another chapter's list
        does not render this page)."""
        figures, chart = self.ds.chapter_figures.get(chapter), self.ds.chapter_charts.get(chapter)
        if figures is None:
            self._fail(f"chapter_figures({chapter!r}): no chapter '{chapter}' in data/chapter_figures.yaml"
                       f"{did_you_mean(chapter, self.ds.chapter_figures)}; add it there with its KPI ids")
        to_docs_root = "../" * self.env.page.file.src_uri.count("/")
        tiles = home.chapter_tiles_md(self.ds, figures, self._lang(), to_docs_root)
        if chart is None:
            return tiles
        return tiles + "\n\n" + charts.chapter_chart_md(self.ds, chapter, chart, self._lang(), to_docs_root)

    def masthead(self) -> str:
        """The home page's masthead: the company in both scripts, the report's title as the page's <h1>, the stock
        code, and the PDF and Excel buttons."""
        lang, to_root = self._lang(), self._to_site_root()
        xlsx = download_names(self.ds)["xlsx"]
        actions = [tables.pdf_button_html(self.ds, lang, to_root),
                   f'<a class="md-button md-button--secondary" href="{to_root}downloads/{xlsx}" download>'
                   f'{self.report.t("data_pack_link", lang)}</a>',
                   f'<a class="md-button md-button--secondary" href="{self._to_downloads_centre()}">'
                   f'{escape(self.report.t("dl_link", lang))}</a>']
        return home.masthead_md(self.ds, lang, actions)

    # ── downloads ───────────────────────────────────────────────────────────────────────────────────────────────
    def downloads(self) -> str:
        """Links to the KPI data files (written by on_post_build into site/downloads/), and to the downloads centre."""
        return tables.downloads_html(self.ds, self._lang(), self._to_site_root()) + self._centre_link()

    def pdf_link(self) -> str:
        """A link to the whole report as a PDF in the reader's language (written by the macros/plugin/pdf.py hook),
        and to the downloads centre (every edition's PDF and the data files)."""
        return tables.pdf_link_html(self.ds, self._lang(), self._to_site_root()) + self._centre_link()

    def contact_email(self) -> str:
        """The company's e-mail address for readers (data/report.yaml contact.email, which the PDF prints too), as a
        link: one home for it, so a new address reaches every edition's page and the PDF alike."""
        address = escape(self.ds.report.info.contact.email)
        return f'<a href="mailto:{address}">{address}</a>'

    def downloads_centre(self) -> str:
        """The downloads centre's table: a mark that macros/plugin/download_centre.py fills once every build has
        written its files (the table lists what is on disk)."""
        return download_centre.mark(self._lang())


def on_post_build(env):
    """Compare the languages of each page block by block once every edition is built (after the pages' own checks,
    so a bad line is told as itself first); write the KPI downloads once, into the root of the site."""
    langs = languages(env.conf)
    if langs.current == langs.built[-1]:   # every edition's pages are built and checked by now
        ds = cached_dataset(Path(env.conf["config_file_path"]).parent)
        try:
            check_blocks_match(Path(env.conf["docs_dir"]), ds.report.locales.hand)
        except ValueError as exc:
            raise PluginError(str(exc)) from None
        folder = Path(env.conf["site_dir"]) / "downloads"
        made = [folder / name for name in (*download_names(ds).values(), machine_data.csvw_name(ds))]
        if keeps_data_files(env.conf, made):   # make serve: data/ as the last build left it
            return
        with making_data_files(env.conf, ds):   # make serve: what they read, for the next save
            paths = downloads.write_downloads(ds, Path(env.conf["site_dir"]))
            (paths["csv"].parent / machine_data.csvw_name(ds)).write_bytes(machine_data.csvw_bytes(ds))
