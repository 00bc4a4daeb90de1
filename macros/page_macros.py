"""The macros pages call (mkdocs-macros): every figure and table on a page comes from data/ through these.

Why: pages call small macros (`{{ kpi_table("ghg") }}`, `{{ kpi("employees_total") }}`) and every figure comes from
data/, validated once per change of data/ (`dataset.cached_dataset`). Each macro renders in the language being built
(`env.conf.plugins['i18n'].current_language`), the report year is data/report.yaml's, and a bad id or argument
stops the build with the page and a suggestion. Build hooks (macros/hooks/) are apart: they act on whole builds.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from mkdocs.exceptions import PluginError

from .hooks._project import edition_prefix
from .model.dataset import DataErrors, _suggest, cached_dataset
from .model.pages import check_page_pairs
from .model.yamlsrc import DataError
from .render import diagrams, download_centre, downloads, formatting, home, tables
from .render.downloads import file_names as download_names
from .render.content_index import content_index_html


def define_env(env):
    root = Path(env.conf["config_file_path"]).parent
    try:
        ds = cached_dataset(root)
        check_page_pairs(Path(env.conf["docs_dir"]), ds.report.locales.hand)
    except (DataErrors, DataError, ValueError) as exc:
        raise PluginError(str(exc)) from None
    report = ds.report
    env.variables["report_year"] = report.year  # `{{ report_year }}` in a page: the year this report covers

    def lang() -> str:
        return env.conf.plugins["i18n"].current_language

    def edition():
        return report.editions[lang()]

    def to_site_root() -> str:
        """The relative way from this page up to the site root, where the downloads and PDFs of every edition sit."""
        return "../" * env.page.url.count("/")

    def where() -> str:
        page = getattr(env, "page", None)
        return f"{page.file.src_uri}: " if page else ""

    def call_name(name: str, arg) -> str:
        return f"{name}({arg!r})"

    def fail(message: str):
        raise PluginError(f"{where()}{message}")

    def year_of(call: str, year) -> int:
        if year is None:
            return report.year
        try:
            return int(year)
        except (TypeError, ValueError):
            fail(f"{call}: the year must be a number like {report.year}, got {year!r}")

    @env.macro
    def kpi(kpi_id: str, year: int | None = None, words: bool = False) -> str:
        """One KPI value (no unit) for the report year, or for `year`; `words=True` writes a small count in words
        where the report does (九名)."""
        call = f"kpi({kpi_id!r})"
        try:
            value = ds.value(kpi_id, year_of(call, year))
        except KeyError as exc:
            fail(f"{call}: {exc.args[0]}. KPI ids are in data/kpis/*.yaml and data/board.yaml")
        try:
            return escape(formatting.words(value, edition()) if words else formatting.fmt(value, edition()))
        except ValueError as exc:
            fail(f"{call}: {exc}")

    @env.macro
    def money(kpi_id: str, year: int | None = None) -> str:
        """An RMB amount KPI in words the reader expects: 10萬元 / RMB100,000."""
        unit = ds.unit_of(kpi_id).id if kpi_id in ds.rows else None
        if unit not in ("rmb", "rmb_10k"):
            fail(f"money({kpi_id!r}): not an RMB amount (unit {unit}); use kpi() instead")
        return escape(formatting.money(ds.value(kpi_id, year_of(f"money({kpi_id!r})", year)), unit, edition()))

    @env.macro
    def fact(fact_id: str) -> str:
        """A structured fact quoted in the narrative, from data/facts/*.yaml."""
        if fact_id not in ds.facts:
            fail(f"fact({fact_id!r}): unknown fact id{_suggest(fact_id, list(ds.facts))}. "
                 "Facts are in data/facts/*.yaml")
        f = ds.facts[fact_id]
        return escape(formatting.fmt(f.value, edition(), f.format))

    @env.macro
    def kpi_table(table_id: str, years: list[int] | None = None) -> str:
        """A KPI table with a caption, a unit column and one column per year of data."""
        if table_id not in ds.tables:
            fail(f"kpi_table({table_id!r}): unknown table id{_suggest(table_id, list(ds.tables))}")
        return tables.kpi_table_html(ds, ds.tables[table_id], lang(), years or ds.years)

    @env.macro
    def kpi_section(section: str) -> str:
        """Every table of one KPI file, each under a heading whose id is the table id (for the content index)."""
        files = {f.section: f for f in ds.kpi_files}
        if section not in files:
            fail(f"kpi_section({section!r}): unknown section{_suggest(section, list(files))}")
        try:
            return tables.kpi_section_md(ds, files[section], lang())
        except ValueError as exc:
            fail(f"{call_name('kpi_section', section)}: {exc}")

    @env.macro
    def board_table() -> str:
        """The board's members and composition, from data/board.yaml."""
        if not ds.board:
            fail("board_table(): data/board.yaml is missing")
        return tables.board_html(ds, lang())

    @env.macro
    def milestones() -> str:
        """The year's milestones as a timeline, from data/milestones.yaml."""
        if not ds.milestones:
            fail("milestones(): data/milestones.yaml is missing")
        return tables.milestones_html(ds, lang())

    @env.macro
    def laws_table() -> str:
        """Appendix 2: the laws and regulations, by ESG aspect, with the compliance statement."""
        if not ds.laws:
            fail("laws_table(): data/laws.yaml is missing")
        return tables.laws_html(ds, lang())

    def nav_titles() -> dict[str, str]:
        """Page → the title mkdocs.yml's nav gives it, in this language (nav_translations): the short names of the
        chapters, for the content index's links. A generated edition's are its source's, converted with the page."""
        translate = env.conf.plugins["i18n"].current_language_config.nav_translations or {}
        found: dict[str, str] = {}

        def walk(items):
            for item in items or []:
                for title, target in (item.items() if isinstance(item, dict) else ()):
                    if isinstance(target, list):
                        walk(target)
                    elif isinstance(target, str) and target.endswith(".md"):
                        found[target[:-3]] = translate.get(title, title)

        walk(env.conf["nav"])
        return found

    @env.macro
    def content_index() -> str:
        """Appendix 3: the HKEX Guide content index, linked to pages and headings in the reader's language."""
        if not ds.content_index:
            fail("content_index(): data/content_index.yaml is missing")
        try:
            return content_index_html(ds, Path(env.conf["docs_dir"]), lang(), nav_titles())
        except ValueError as exc:
            fail(str(exc))

    @env.macro
    def diagram(diagram_id: str) -> str:
        """One of the report's diagrams (data/diagrams.yaml) as inline SVG, with its content as a list beside it."""
        if diagram_id not in ds.diagrams:
            fail(f"diagram({diagram_id!r}): unknown diagram id{_suggest(diagram_id, list(ds.diagrams))}. "
                 "Diagrams are in data/diagrams.yaml")
        return diagrams.diagram_html(ds, diagram_id, lang())

    def to_downloads_centre() -> str:
        """The way from this page to its edition's downloads centre (/downloads/, /en/downloads/ …)."""
        return f"{to_site_root()}{edition_prefix(env.conf.plugins['i18n'], lang())}downloads/"

    def centre_link() -> str:
        return (f'<p class="esg-dl-centre"><a href="{to_downloads_centre()}">'
                f'{escape(report.t("dl_link", lang()))}</a></p>')

    @env.macro
    def downloads() -> str:
        """Links to the KPI data files (written by on_post_build into site/downloads/), and to the downloads centre."""
        return tables.downloads_html(ds, lang(), to_site_root()) + centre_link()

    def kpi_or_fail(call: str, kpi_id: str):
        try:
            ds.value(kpi_id, report.year)
        except KeyError as exc:
            fail(f"{call}: {exc.args[0]}. KPI ids are in data/kpis/*.yaml and data/board.yaml")

    @env.macro
    def kpi_change(kpi_id: str) -> str:
        """The report year's change on the year before, in words: 較2021年 +2.0% / +2.0% vs 2021 ("not applicable"
        where the earlier year is zero or not disclosed)."""
        kpi_or_fail(f"kpi_change({kpi_id!r})", kpi_id)
        return home.change_text(ds, kpi_id, lang()) or report.t("not_applicable", lang())

    @env.macro
    def highlight(figure_id: str) -> str:
        """A home-page tile's figure: a KPI (value, unit, change on the year before) or a fact (data/facts/)."""
        call = f"highlight({figure_id!r})"
        if figure_id in ds.facts and figure_id in ds.rows:
            fail(f"{call}: '{figure_id}' is both a KPI and a fact id; rename one")
        if figure_id in ds.facts:
            return home.tile_fact_html(ds, figure_id, lang())
        kpi_or_fail(call, figure_id)
        return home.tile_kpi_html(ds, figure_id, lang())

    @env.macro
    def masthead() -> str:
        """The home page's masthead: the company in both scripts, the report's title as the page's <h1>, the stock
        code, and the PDF and Excel buttons."""
        to_root = to_site_root()
        xlsx = download_names(ds)["xlsx"]
        actions = [tables.pdf_button_html(ds, lang(), to_root),
                   f'<a class="md-button md-button--secondary" href="{to_root}downloads/{xlsx}" download>'
                   f'{report.t("data_pack_link", lang())}</a>',
                   f'<a class="md-button md-button--secondary" href="{to_downloads_centre()}">'
                   f'{escape(report.t("dl_link", lang()))}</a>']
        return home.masthead_md(ds, lang(), actions)

    @env.macro
    def pdf_link() -> str:
        """A link to the whole report as a PDF in the reader's language (written by the macros/hooks/pdf.py hook),
        and to the downloads centre (every edition's PDF and the data files)."""
        return tables.pdf_link_html(ds, lang(), to_site_root()) + centre_link()

    @env.macro
    def downloads_centre() -> str:
        """The downloads centre's table: a mark that macros/hooks/download_centre.py fills once every build has
        written its files (the table lists what is on disk)."""
        return download_centre.mark(lang())


def on_post_build(env):
    """Write the KPI downloads once, into the root of the site (the default language's build)."""
    i18n = env.conf.plugins["i18n"]
    if i18n.current_language == i18n.default_language:
        ds = cached_dataset(Path(env.conf["config_file_path"]).parent)
        downloads.write_downloads(ds, Path(env.conf["site_dir"]))
