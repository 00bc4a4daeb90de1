"""mkdocs-macros entry point: the macros pages call. With the hooks (pdf, search_by_language, seo, accessible_html,
not_found) the only modules here that know about MkDocs; the data modules do not, so tests use them directly.

Why: pages call small macros (`{{ kpi_table("ghg") }}`, `{{ kpi("employees_total", 2022) }}`) and every figure
comes from data/, validated once per build by `dataset.load_dataset`. Each macro renders in the language being built
(`env.conf.plugins['i18n'].current_language`), and a bad id stops the build with the page and a suggestion.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from . import charts, downloads, numbers, pdf, tables
from .content_index import content_index_html
from .dataset import Dataset, DataErrors, _suggest, load_dataset, table_anchor
from .pages import check_page_pairs

_cache: dict[tuple, Dataset] = {}


def _fingerprint(root: Path) -> tuple:
    files = sorted([*(root / "data").rglob("*.yaml"), *(root / "docs").rglob("*.md")])
    return tuple((str(p), p.stat().st_mtime_ns) for p in files)


def dataset_for(root: Path) -> Dataset:
    """Load data/ once per change of its files (each language build and each serve reload reuse it)."""
    key = _fingerprint(root)
    if key not in _cache:
        _cache.clear()
        _cache[key] = load_dataset(root)
    return _cache[key]


def define_env(env):
    root = Path(env.conf["config_file_path"]).parent
    try:
        ds = dataset_for(root)
        check_page_pairs(Path(env.conf["docs_dir"]))
    except DataErrors as exc:
        raise PluginError(str(exc)) from None
    except ValueError as exc:
        raise PluginError(str(exc)) from None

    def lang() -> str:
        return env.conf.plugins["i18n"].current_language

    def to_site_root() -> str:
        """The relative way from this page up to the site root, where the downloads and PDFs of both languages sit."""
        return "../" * env.page.url.count("/")

    def where() -> str:
        page = getattr(env, "page", None)
        return f"{page.file.src_uri}: " if page else ""

    def fail(message: str):
        raise PluginError(f"{where()}{message}")

    @env.macro
    def kpi(kpi_id: str, year: int) -> str:
        """One KPI value for a year, formatted for the page's language (no unit)."""
        try:
            return numbers.fmt(ds.value(kpi_id, int(year)), lang())
        except KeyError as exc:
            fail(f"kpi({kpi_id!r}, {year}): {exc.args[0]}. KPI ids are in data/kpis/*.yaml and data/board.yaml")

    @env.macro
    def money(kpi_id: str, year: int) -> str:
        """An RMB amount KPI in words the reader expects: 10萬元 / RMB100,000."""
        unit = ds.unit_of(kpi_id).id if kpi_id in ds.rows else None
        if unit not in ("rmb", "rmb_10k"):
            fail(f"money({kpi_id!r}, {year}): not an RMB amount (unit {unit}); use kpi() instead")
        return numbers.money(ds.value(kpi_id, int(year)), unit, lang())

    @env.macro
    def fact(fact_id: str) -> str:
        """A structured fact quoted in the narrative, from data/facts/*.yaml."""
        if fact_id not in ds.facts:
            fail(f"fact({fact_id!r}): unknown fact id{_suggest(fact_id, list(ds.facts))}. "
                 "Facts are in data/facts/*.yaml")
        f = ds.facts[fact_id]
        return numbers.fmt(f.value, lang(), f.format)

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
        parts = []
        for table in files[section].tables:
            anchor = table_anchor(table.id)
            part = (f"### {table.caption.get(lang())} {{#{anchor}}}\n\n"
                    + tables.kpi_table_html(ds, table, lang(), files[section].years, caption_hidden=True))
            if table.chart == "bars":
                part += "\n\n" + charts.chart_svg(ds, table, lang(), files[section].years)
            parts.append(part)
        return "\n\n".join(parts)

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

    @env.macro
    def content_index() -> str:
        """Appendix 3: the HKEX Guide content index, linked to pages and headings in the reader's language."""
        if not ds.content_index:
            fail("content_index(): data/content_index.yaml is missing")
        return content_index_html(ds, Path(env.conf["docs_dir"]), lang(), env.page.file.src_uri.rsplit(".", 2)[0])

    @env.macro
    def downloads() -> str:
        """Links to the KPI data files (written by on_post_build into site/downloads/)."""
        return tables.downloads_html(lang(), to_site_root())

    @env.macro
    def pdf_link() -> str:
        """A link to the whole report as a PDF in the reader's language (written by the macros/pdf.py hook)."""
        return pdf.link_html(lang(), to_site_root())


def on_post_build(env):
    """Write the KPI downloads once, into the root of the site (the default-language build)."""
    if env.conf.plugins["i18n"].current_language == "zh-Hant":
        root = Path(env.conf["config_file_path"]).parent
        downloads.write_downloads(dataset_for(root), Path(env.conf["site_dir"]))
