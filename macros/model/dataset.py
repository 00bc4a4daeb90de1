"""Load and validate everything in data/ once, before any page is rendered. No MkDocs import: tests use it directly.

Why: one home for every number. Pages, charts, downloads and the PDF all read the same `Dataset`; if any file is
wrong (shape, missing translation, unknown unit or id, a breakdown that does not add up) the build stops with every
problem listed by file and line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, fields
from decimal import Decimal
from pathlib import Path
from typing import Any, Type

from pydantic import BaseModel, ValidationError

from . import chapter_figures as chapters, menu as menus, schema
from .breakdown import check_breakdowns
from .data_reads import WHOLE, Recorder, derived, unrecorded
from .consistency import check_board, check_kpis, computed_composition
from .printed import PRINTED_FILE, PRINTED_TEXT, check_labels, check_mends, check_printed
from .editions import Locales, Report, read_locales, resolve_editions
from .schema import NOT_DISCLOSED, NotDisclosed
from .yamlsrc import DataError, DataErrors, Located, did_you_mean, load

HEADING_ID = re.compile(r"^#{1,6}\s.*\{#([a-z0-9-]+)[^}]*\}\s*$", re.M)
KPI_SECTION_CALL = re.compile(r"\{\{\s*kpi_section\(\s*[\"']([a-z0-9_]+)[\"']\s*\)\s*\}\}")


def table_anchor(table_id: str) -> str:
    """The heading id a KPI table gets on the page that shows it with kpi_section()."""
    return table_id.replace("_", "-")


@dataclass
class Dataset:
    root: Path
    report: Report | None = None
    units: dict[str, schema.Unit] = field(default_factory=dict)
    kpi_files: list[schema.KpiFile] = field(default_factory=list)
    tables: dict[str, schema.KpiTable] = field(default_factory=dict)
    rows: dict[str, schema.KpiRow] = field(default_factory=dict)
    row_file: dict[str, schema.KpiFile] = field(default_factory=dict)
    facts: dict[str, schema.Fact] = field(default_factory=dict)
    board: schema.BoardFile | None = None
    milestones: list[schema.Milestone] = field(default_factory=list)
    glossary: list[schema.Term] = field(default_factory=list)
    guide: dict[str, schema.GuideEntry] = field(default_factory=dict)
    guide_order: list[str] = field(default_factory=list)
    content_index: dict[str, schema.IndexEntry] = field(default_factory=dict)
    laws: list[schema.LawGroup] = field(default_factory=list)
    diagrams: dict[str, schema.Diagram] = field(default_factory=dict)
    # each chapter's tiles and small chart: {chapter page name: [KPI id, …]} (data/chapter_figures.yaml)
    chapter_figures: dict[str, list[str]] = field(default_factory=dict)
    chapter_charts: dict[str, list[str]] = field(default_factory=dict)
    # the menu beside every page: pages, sections and their titles in each language (data/menu.yaml)
    menu: tuple[menus.MenuEntry, ...] = ()
    sources: dict[str, Located] = field(default_factory=dict)
    origin: dict[str, tuple[Located, tuple]] = field(default_factory=dict)  # KPI id → (file, key path)
    restated: dict[tuple[str, int], schema.Restatement] = field(default_factory=dict)  # (KPI id, year) → entry
    # `make serve` only: while set, every read of a field above is noted (macros/model/data_reads.py)
    recorder: Recorder | None = field(default=None, repr=False, compare=False)

    def __getattribute__(self, name: str):
        if name in _DERIVED:   # a property: read as itself (its value), not as the fields it is made from
            recorder = object.__getattribute__(self, "recorder")
            if recorder is not None and recorder.reads is not None:
                recorder.reads.add((name, WHOLE))
                with unrecorded(self):
                    return object.__getattribute__(self, name)
        value = object.__getattribute__(self, name)
        if name in _RECORDED:
            recorder = object.__getattribute__(self, "recorder")
            if recorder is not None:
                return recorder.view(name, value)
        return value

    @property
    def years(self) -> list[int]:
        """The years with KPI data, oldest first, up to the report year (a later column would be a forecast)."""
        return sorted({y for f in self.kpi_files for y in f.years})

    @property
    def year(self) -> int:
        """The report year (data/report.yaml): the current year of every table, chart, tile and file name."""
        return self.report.year

    @property
    def locales(self) -> list[str]:
        return self.report.locales.all

    def value(self, kpi_id: str, year: int) -> Decimal | NotDisclosed:
        """A KPI's value for a year, from the KPI tables or the board composition."""
        if kpi_id in self.rows:
            values = self.rows[kpi_id].values
            if year not in values:
                raise KeyError(f"KPI '{kpi_id}' has no value for {year}; years with data: {sorted(values)}")
            return values[year]
        count = board_count(self, kpi_id, year)
        if count is not None:
            return count
        raise KeyError(f"unknown KPI id '{kpi_id}'" + did_you_mean(kpi_id, self.rows))

    def unit_of(self, kpi_id: str) -> schema.Unit:
        return self.units[self.rows[kpi_id].unit] if kpi_id in self.rows else self.units["person"]


@derived
def board_count(ds: Dataset, kpi_id: str, year: int) -> Decimal | None:
    """A count of the board's composition for its year (`as_of`), None if `kpi_id` is none or `year` another: what
    a page that prints a count reads of data/board.yaml (a director listed but not counted changes no count)."""
    if ds.board and year == ds.board.as_of.year:
        for row in ds.board.composition:
            if row.id == kpi_id:
                return row.count
    return None


@derived
def section_headings(ds: Dataset, section: str, lang: str) -> tuple[tuple[str, str], ...] | None:
    """(heading id, caption) of each table kpi_section(`section`) shows, in `lang`; None if there is no such
    section (a row added to a table changes none of them)."""
    kfile = next((f for f in ds.kpi_files if f.section == section), None)
    return None if kfile is None else tuple((table_anchor(t.id), t.caption.get(lang)) for t in kfile.tables)


@derived
def row_frame(ds: Dataset, kpi_id: str) -> tuple[tuple[int, ...], schema.Label]:
    """The years of the KPI file a row is in, and the caption of its table: what a chart of the row is framed by,
    not the file's other rows."""
    kfile = ds.row_file[kpi_id]
    table = next(tb for tb in kfile.tables if kpi_id in {r.id for r in tb.rows})
    return tuple(kfile.years), table.caption


@derived
def conversion(ds: Dataset, lang: str, text: str) -> tuple:
    """What of the conversion into the generated edition `lang` (OpenCC, data/zh_hans_phrases.yaml) can act on the
    Traditional `text`: a page's Markdown, a nav title, a front matter field, as the build converts them (Locales
    notes each). A phrase added, changed or removed then renders again only the zh-Hans texts with its word."""
    return ds.report.locales.converters[lang].acting_on(text)


_RECORDED = frozenset(f.name for f in fields(Dataset)) - {"root", "recorder"}
_DERIVED = frozenset({"years", "year", "locales"})
_cache: dict[tuple, Dataset] = {}


def _fingerprint(root: Path) -> tuple:
    """data/ as it is now: a page edit under `make serve` does not reload the data."""
    files = sorted((root / "data").rglob("*.yaml"))
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


def cached_dataset(root: str | Path) -> Dataset:
    """Load data/ once per change of its files: every language build, hook and serve reload reuses it."""
    root = Path(root)
    key = (str(root), _fingerprint(root))
    if key not in _cache:
        _cache.clear()
        _cache[key] = load_dataset(root)
    return _cache[key]


def _out_of_range(ds: Dataset, item, value, located: Located, path: tuple) -> list[DataError]:
    """A value outside its unit's range (data/units.yaml), or the item's own wider `range:`, is an error."""
    unit = ds.units.get(item.unit)
    if unit is None or not isinstance(value, Decimal):
        return []
    own = item.range
    low = own.min if own and own.min is not None else unit.min
    high = own.max if own and own.max is not None else unit.max
    if value < low or (high is not None and value > high):
        allowed = f"from {low}" + (f" to {high}" if high is not None else " up")
        where = f"row '{item.id}'" if own is None else f"row '{item.id}' (its own range: {own.reason})"
        return [located.error(path, f"{value} is outside the range of unit '{unit.id}': {allowed}, "
                                    f"for {where}",
                              "correct the figure (a count or an amount is never negative, a share at most 100); "
                              "if the figure is right, add to the row `range: {min: …, max: …, reason: …}` "
                              "saying why")]
    return []


def _validate(model: Type[BaseModel], located: Located, locales: Locales | None = None) -> Any:
    """Validate one file against its model; turn pydantic's errors into DataErrors with file and line."""
    if located.data is None:
        raise DataErrors([located.error((), "the file is empty", "see CONTRIBUTING.md for the file's shape")])
    try:
        return model.model_validate(located.data, context={"locales": locales})
    except ValidationError as exc:
        errors, told = [], set()
        errs = exc.errors(include_url=False)
        for err in errs:
            loc = tuple(err["loc"])
            ctx_err = (err.get("ctx") or {}).get("error")
            if isinstance(ctx_err, schema._LocatedValueError):
                errors.append(located.error(loc + tuple(ctx_err.path), ctx_err.problem, ctx_err.fix))
                continue
            plain = _editor_mistake(loc, err, located, locales)
            if plain:
                key = plain[0]
                if key not in told:   # one mistake may break several keys: told once
                    told.add(key)
                    errors.append(located.error(*plain))
                continue
            if not _consequence(loc, err, errs):
                errors.append(located.error(loc, *_explain(err)))
        raise DataErrors(errors) from None


def _consequence(loc: tuple, err: dict, errs: list[dict]) -> bool:
    """Whether the error only follows from a key moved out of its block, which is told at the moved key: a key
    dedented by one level (`en:` under a row instead of under its label) is a key the outer entry does not have, and
    leaves the inner entry without it. The editor moved one line; the inner entry's 'the en text is missing' (or
    'required key … is missing') is the same mistake, said again."""
    missing = (err["loc"][-1] if err["type"] == "missing" and err["loc"] else
               re.match(r"(?:Value error, )?the (\S+) text is missing", err["msg"]))
    key = missing.group(1) if isinstance(missing, re.Match) else missing
    if key is None:
        return False
    inner = loc[:-1] if err["type"] == "missing" else loc   # the entry that lacks the key
    return any(e["type"] == "extra_forbidden" and tuple(e["loc"]) == (*inner[:-1], key) for e in errs)


def _editor_mistake(loc: tuple, err: dict, located: Located, locales: Locales | None):
    """The everyday slips behind pydantic's jargon, told in plain words: (key path, what, how) or None."""
    if "values" in loc:
        i = loc.index("values")
        key = loc[i + 1] if len(loc) > i + 1 else None
        if key is not None and not (isinstance(key, int) and 1900 <= key <= 2200):
            if re.fullmatch(r"[0-9.]+", str(key)):   # `{2022: 1,823.000}`: the part after the comma is a key
                return (loc[:i + 2], f"the comma split your number: inside {{…}} a comma starts a new entry, so "
                                     f"'{key}' was read as a year of its own",
                        "write the number without thousands commas (1823.000, not 1,823.000)")
            # a word ('twenty22'), superscript or full-width digits ('²', '２０２２'), a number that is no year
            return (loc[:i + 2], f"'{key}' is not a year: each value stands after its year, as in 2022: 605",
                    "write the year in four digits 0-9 before the colon, e.g. {2021: 502, 2022: 605}")
    last = loc[-1] if loc else None
    if err["type"] == "extra_forbidden" and locales and last in locales.hand:
        line = located.line_of(loc)
        return (loc, f"'{last}:' is not a key of this entry",
                f"check the indentation of line {line}: a text's '{last}:' stands under its label, indented like "
                f"the '{locales.hand[0]}:' line above it")
    return None


def _explain(err: dict) -> tuple[str, str]:
    kind, loc, msg = err["type"], err["loc"], err["msg"]
    last = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        return (f"unknown key '{last}'", "check the spelling against the other entries in this file; "
                "allowed keys are listed in macros/model/schema.py and CONTRIBUTING.md")
    if kind == "missing":
        return f"required key '{last}' is missing", f"add '{last}:' to this entry"
    if kind == "string_pattern_mismatch":
        form, fix = _FORMS.get((err.get("ctx") or {}).get("pattern"), (f"a valid {last or 'value'}", _FORM_FIX))
        return f"'{err.get('input')}' is not {form}", fix
    if kind == "string_too_short":
        return "empty text", "write the text in this language"
    if kind in ("literal_error", "enum"):
        expected = (err.get("ctx") or {}).get("expected", "")
        return f"'{err.get('input')}' is not allowed here", f"write one of {expected}" if expected else ""
    plain = _PLAIN_WORDS.get(kind)
    if plain:
        what, fix = plain
        return what.format(value=_shown_input(err.get("input")), **(err.get("ctx") or {})), fix
    msg = msg.removeprefix("Value error, ")
    return msg, ""


def _shown_input(value) -> str:
    return "/" if isinstance(value, NotDisclosed) else f"{value:f}" if isinstance(value, Decimal) else str(value)


# The forms a text must take (schema.py's patterns), in words: (what it must be, how to write it)
_FORM_FIX = "ids use lower-case letters, digits and _ (e.g. ghg_scope1); page names use - ; dates YYYY-MM"
_FORMS = {
    schema.ID_PATTERN: ("a valid id", "ids use lower-case letters, digits and _ (e.g. ghg_scope1)"),
    r"^[a-z0-9-]+$": ("a page name or heading id", "write it in lower-case letters, digits and - (e.g. "
                      "green-operations), as the page's file name or its heading's {#id}"),
    r"^\d{4}-(0[1-9]|1[0-2])$": ("a month", "write the year and month as YYYY-MM (2022-06)"),
    r"^https://www\.hkexnews\.hk/?$": ("the HKEXnews address", "write https://www.hkexnews.hk"),
    r"^https://www1\.hkexnews\.hk/\S+\.pdf$": ("the address of a filing's PDF on HKEXnews",
                                                "copy it from HKEXnews: https://www1.hkexnews.hk/….pdf"),
    r"^\d{4,5}$": ("a stock code", "write the code's 4 or 5 digits (2192)"),
}


# pydantic's error kinds in an editor's words: (what is wrong, how to fix); {value} is what the editor wrote
_NOT_WHOLE = ("'{value}' is not a whole number", "write plain digits (switch a Chinese keyboard to English), without "
              "quotes, commas or units: 2022, 54")
_NOT_DATE = ("'{value}' is not a date", "write the date as YYYY-MM-DD, without quotes: 2022-12-31")
_NOT_BOOL = ("'{value}' is not true or false", "write true or false")
_NOT_KEYS = ("keys are expected here, got '{value}'", "write 'key: value' lines indented under this one, as in the "
             "entries around it")
_PLAIN_WORDS = {
    **dict.fromkeys(("int_parsing", "int_type"), _NOT_WHOLE),
    **dict.fromkeys(("date_from_datetime_inexact", "date_from_datetime_parsing", "date_parsing", "date_type"),
                    _NOT_DATE),
    **dict.fromkeys(("bool_parsing", "bool_type"), _NOT_BOOL),
    **dict.fromkeys(("dict_type", "model_type"), _NOT_KEYS),
    "int_from_float": ("'{value}' has decimals, but this must be a whole number", "write it without decimals"),
    "greater_than_equal": ("'{value}' is too small: the least allowed is {ge}", "correct the figure"),
    "greater_than": ("'{value}' is too small: it must be above {gt}", "correct the figure"),
    "less_than_equal": ("'{value}' is too large: the most allowed is {le}", "correct the figure"),
    "less_than": ("'{value}' is too large: it must be below {lt}", "correct the figure"),
    "string_type": ("'{value}' should be a text", "write the text; put quotes around a text that is only a number "
                    "or a date"),
    "list_type": ("a list is expected here, got '{value}'", "write the items in brackets, [a, b], or one per line "
                  "starting with '- '"),
    "too_short": ("this list has {actual_length} item(s) and needs at least {min_length}", "add the missing item(s)"),
    "decimal_parsing": ("'{value}' is not a number", "write plain digits with at most one decimal point"),
}


FILE_KINDS: list[tuple[str, Type[BaseModel]]] = [
    ("report.yaml", schema.ReportFile),
    ("ui_strings.yaml", schema.UiStringsFile),
    ("units.yaml", schema.UnitsFile),
    ("kpis/*.yaml", schema.KpiFile),
    ("facts/*.yaml", schema.FactsFile),
    ("board.yaml", schema.BoardFile),
    ("milestones.yaml", schema.MilestonesFile),
    ("glossary.yaml", schema.GlossaryFile),
    ("hkex_guide.yaml", schema.GuideFile),
    ("content_index.yaml", schema.ContentIndexFile),
    ("laws.yaml", schema.LawsFile),
    ("diagrams.yaml", schema.DiagramsFile),
    ("printed/figures.yaml", schema.PrintedFigures),
    ("restatements.yaml", schema.RestatementsFile),
    ("printed/mends.yaml", schema.MendsFile),
]


def load_dataset(root: str | Path, docs_dir: str | Path | None = None) -> Dataset:
    """Load, validate and cross-check all of data/. Raises DataErrors listing every problem found."""
    return _DatasetLoader(Path(root), docs_dir).load()


class _DatasetLoader:
    """One pass over data/: parse every file, then file by file fill the Dataset and collect every mistake.

    Why a class: the steps share the dataset being filled, the errors found so far and the ids already claimed;
    each step is one data file's rules, so a new file kind is one more method, not a longer function.
    """

    REQUIRED = ("report.yaml", "ui_strings.yaml", "units.yaml", "kpis/*.yaml")

    def __init__(self, root: Path, docs_dir: str | Path | None):
        self.root = root
        self.docs_dir = Path(docs_dir or root / "docs")
        self.ds = Dataset(root=root)
        self.errors: list[DataError] = []
        self.parsed: dict[str, list[tuple[Located, Any]]] = {}
        self.ids_seen: dict[str, str] = {}

    def load(self) -> Dataset:
        self.parse_files()
        for step in (self.read_report, self.read_units, self.read_kpis, self.read_facts, self.read_board,
                     self.read_milestones, self.read_guide, self.read_content_index, self.read_lists,
                     self.check_kpi_codes, self.check_printed, self.read_chapter_figures, self.read_menu):
            step()
        if self.errors:
            raise DataErrors(self.errors)
        return self.ds

    # ── helpers shared by the steps ───────────────────────────────────────────────────────────────────────────
    def once(self, pattern: str):
        items = self.parsed.get(pattern) or []
        return items[0] if items else (None, None)

    def claim(self, kind: str, ident: str, located: Located, path: tuple):
        key = f"{kind}:{ident}"
        if key in self.ids_seen:
            self.errors.append(located.error(path, f"duplicate {kind} id '{ident}' (already used at "
                                                   f"{self.ids_seen[key]})", "give each entry its own id"))
        else:
            self.ids_seen[key] = f"{located.file}:{located.line_of(path)}"

    def need_unit(self, unit_id, located, path):
        if unit_id not in self.ds.units:
            self.errors.append(located.error(path, f"unknown unit '{unit_id}'" + did_you_mean(unit_id, self.ds.units),
                                             "use an id from data/units.yaml, or add the unit there with both labels"))

    # ── the steps, in order ──────────────────────────────────────────────────────────────────────────────────
    def parse_files(self):
        """Every file of every kind, validated against its schema; stops when a file cannot be read at all."""
        # every label is validated against these; stops if wrong. The phrase tables are files of the dataset: a save
        # of one is compared text by text (`conversion`), not taken as data outside the dataset (every page)
        locales = self.locales = load_locales(self.root, self.ds.sources)
        locales.noted = functools.partial(conversion.note, self.ds)
        for pattern, model in FILE_KINDS:
            for path in sorted((self.root / "data").glob(pattern)):
                rel = path.relative_to(self.root).as_posix()
                try:
                    located = load(path, rel)
                    self.ds.sources[rel] = located
                    self.parsed.setdefault(pattern, []).append((located, _validate(model, located, locales)))
                except DataError as e:
                    self.errors.append(e)
                except DataErrors as e:
                    self.errors.extend(e.errors)
        for required in self.REQUIRED:
            if required not in self.parsed and not any(required in str(e.file) for e in self.errors):
                self.errors.append(DataError(f"data/{required}", None, "", "required data file not found",
                                             "restore it from git; the site cannot be built without it"))
        if self.errors:
            raise DataErrors(self.errors)

    def read_report(self):
        _, info = self.once("report.yaml")
        strings = dict(self.once("ui_strings.yaml")[1].strings)
        self.ds.report = Report(info, self.locales, resolve_editions(info.editions, self.locales), strings)

    def read_units(self):
        loc, units = self.once("units.yaml")
        for i, unit in enumerate(units.units):
            self.claim("unit", unit.id, loc, ("units", i, "id"))
            self.ds.units[unit.id] = unit

    def read_kpis(self):
        ds = self.ds
        for located, kfile in self.parsed.get("kpis/*.yaml", []):
            ds.kpi_files.append(kfile)
            for t_i, table in enumerate(kfile.tables):
                self.claim("table", table.id, located, ("tables", t_i, "id"))
                ds.tables[table.id] = table
                for r_i, row in enumerate(table.rows):
                    path = ("tables", t_i, "rows", r_i)
                    self.claim("KPI", row.id, located, path + ("id",))
                    self.need_unit(row.unit, located, path + ("unit",))
                    ds.rows[row.id] = row
                    ds.row_file[row.id] = kfile
                    ds.origin[row.id] = (located, path)
                for c_i, cid in enumerate(table.chart_rows):
                    if cid not in [r.id for r in table.rows]:
                        self.errors.append(located.error(("tables", t_i, "chart_rows", c_i),
                                                         f"chart row '{cid}' is not a row of table '{table.id}'"
                                                         + did_you_mean(cid, [r.id for r in table.rows]),
                                                         "use the id of one of the table's rows"))
        for located, kfile in self.parsed.get("kpis/*.yaml", []):
            for t_i, table in enumerate(kfile.tables):
                for r_i, row in enumerate(table.rows):
                    for year, value in row.values.items():
                        path = ("tables", t_i, "rows", r_i, "values", year)
                        self.errors.extend(_out_of_range(ds, row, value, located, path))
        self.check_kpi_years()

    def check_kpi_years(self):
        """Every KPI file has the report year, and each section has one file."""
        ds = self.ds
        lacking = [f"data/kpis/ '{f.section}' (years {f.years})" for f in ds.kpi_files if ds.report.year not in f.years]
        if lacking:
            known = sorted({y for f in ds.kpi_files for y in f.years})
            self.errors.append(ds.sources["data/report.yaml"].error(
                ("year",), f"the report year {ds.report.year} has no KPI data in " + ", ".join(lacking),
                f"add {ds.report.year} to 'years:' and a value for it to every row of data/kpis/*.yaml (/ where not "
                f"disclosed), or set 'year:' back to {known[-1]}"))
        sections = [f.section for f in ds.kpi_files]
        for s in set(sections):
            if sections.count(s) > 1:
                self.errors.append(DataError("data/kpis/", None, "section", f"section '{s}' is used by two KPI files"))

    def read_facts(self):
        ds = self.ds
        for located, ffile in self.parsed.get("facts/*.yaml", []):
            for i, fact in enumerate(ffile.facts):
                self.claim("fact", fact.id, located, ("facts", i, "id"))
                ds.origin[fact.id] = (located, ("facts", i))
                self.need_unit(fact.unit, located, ("facts", i, "unit"))
                self.errors.extend(_out_of_range(ds, fact, fact.value, located, ("facts", i, "value")))
                if fact.id in ds.rows:
                    self.errors.append(located.error(
                        ("facts", i, "id"), f"'{fact.id}' is already a KPI in data/kpis/",
                        f"use {{{{ kpi(\"{fact.id}\", YEAR) }}}} in the page and delete this fact"))
                ds.facts[fact.id] = fact

    def read_board(self):
        loc, board = self.once("board.yaml")
        if not board:
            return
        for i, member in enumerate(board.members):
            self.claim("director", member.id, loc, ("members", i, "id"))
        for i, row in enumerate(board.composition):
            self.claim("KPI", row.id, loc, ("composition", i, "id"))
        self.errors.extend(check_board(board, loc))
        self.ds.board = computed_composition(board)

    def read_milestones(self):
        loc, ms = self.once("milestones.yaml")
        if not ms:
            return
        self.ds.milestones = list(ms.milestones)
        dates = [m.date for m in ms.milestones]
        early = next((i for i in range(1, len(dates)) if dates[i] < dates[i - 1]), None)
        if early is not None:
            self.errors.append(loc.error(("milestones", early, "date"), f"milestones are not in date order: "
                                         f"{dates[early]} comes after {dates[early - 1]} (line "
                                         f"{loc.line_of(('milestones', early - 1, 'date'))})",
                                         "order the entries by their date (YYYY-MM): move this one up"))

    def read_guide(self):
        loc, guide = self.once("hkex_guide.yaml")
        if not guide:
            return
        for i, entry in enumerate(guide.entries):
            self.claim("HKEX code", entry.code, loc, ("entries", i, "code"))
            self.ds.guide[entry.code] = entry
            self.ds.guide_order.append(entry.code)

    def read_content_index(self):
        ds = self.ds
        loc, index = self.once("content_index.yaml")
        if not index:
            return
        for i, entry in enumerate(index.entries):
            self.claim("index entry", entry.code, loc, ("entries", i, "code"))
            if entry.code not in ds.guide:
                self.errors.append(loc.error(("entries", i, "code"), f"'{entry.code}' is not an HKEX Guide code"
                                             + did_you_mean(entry.code, ds.guide_order),
                                             "use a code from data/hkex_guide.yaml"))
            ds.content_index[entry.code] = entry
            for s_i, ref in enumerate(entry.sections):
                problem = _missing_page(self.docs_dir, ref, ds)
                if problem:
                    self.errors.append(loc.error(("entries", i, "sections", s_i), problem,
                                                 "point to a page in docs/ (its name without .zh-Hant.md) and, as "
                                                 "anchor, the id of one of its headings ({#id} at its end)"))
        for code in ds.guide_order:
            if ds.guide[code].kind in ("general_disclosure", "kpi") and code not in ds.content_index:
                self.errors.append(loc.error(("entries",), f"HKEX item {code} is missing from the content index",
                                             "add an entry with its sections, or not_applicable with the reason"))

    def read_lists(self):
        """The files that are lists for pages to show: glossary, laws, diagrams."""
        g_loc, gl = self.once("glossary.yaml")
        if gl:
            self.ds.glossary = list(gl.terms)
            first: dict[str, tuple] = {}
            for i, term in enumerate(gl.terms):
                for j, form in enumerate(term.zh):
                    if form in first:
                        self.errors.append(g_loc.error(("terms", i, "zh", j), f"'{form}' is already a term (line "
                                                       f"{g_loc.line_of(first[form])}): a Chinese form has one English",
                                                       "keep the form in one term; add the other English to that "
                                                       "term's en: list if it is a short form of it"))
                    first.setdefault(form, ("terms", i, "zh", j))
        _, laws = self.once("laws.yaml")
        if laws:
            self.ds.laws = list(laws.groups)
        loc, diagrams = self.once("diagrams.yaml")
        if diagrams:
            for i, diagram in enumerate(diagrams.diagrams):
                self.claim("diagram", diagram.id, loc, ("diagrams", i, "id"))
                self.ds.diagrams[diagram.id] = diagram

    def check_kpi_codes(self):
        """Each KPI row's HKEX codes are the Guide's; then the cross-file rules, once each file is sound."""
        ds = self.ds
        for located, kfile in self.parsed.get("kpis/*.yaml", []):
            for t_i, table in enumerate(kfile.tables):
                for r_i, row in enumerate(table.rows):
                    for code in row.hkex:
                        if ds.guide and code not in ds.guide:
                            self.errors.append(located.error(("tables", t_i, "rows", r_i, "hkex"),
                                                             f"'{code}' is not an HKEX KPI code"
                                                             + did_you_mean(code, ds.guide_order),
                                                             "use a code of data/hkex_guide.yaml, as the report "
                                                             "prints it (A1.2, B6.4)"))
        if not self.errors:
            self.errors.extend(check_kpis(ds))
            self.errors.extend(check_breakdowns(ds))   # each breakdown has its total ("of which")

    def check_printed(self):
        """The site's figures against the printed report, through the restatements; the mends against its text."""
        p_loc, printed = self.once("printed/figures.yaml")
        r_loc, restatements = self.once("restatements.yaml")
        entries = list(restatements.restatements) if restatements else []
        if printed:
            if not self.errors:
                self.errors.extend(check_printed(self.ds, printed, p_loc, entries, r_loc))
            self.ds.restated = {(r.figure, r.year): r for r in entries}
        elif entries:
            self.errors.append(r_loc.error(("restatements",), f"restatements need the printed figures ({PRINTED_FILE})",
                                           "restore that file from git"))
        m_loc, mends = self.once("printed/mends.yaml")
        if mends:
            self.errors.extend(check_mends(mends.mends, m_loc, self.root / PRINTED_TEXT))
            if printed and not self.errors:
                self.errors.extend(check_labels(self.ds, mends.mends, self.root / PRINTED_TEXT,
                                                self.ds.report.prevailing, m_loc))

    def read_chapter_figures(self):
        """Which KPIs each chapter shows (macros/model/chapter_figures.py), optional. A field of the dataset, not a
        file the macros read: a chapter page then reads its own chapter, and a save of the file renders under make
        serve the pages of the chapters it changed (it rendered every page of every edition)."""
        located = self.single_file(chapters.FILE)
        if located is None:
            return
        for name, read in (("chapter_figures", lambda: chapters.chapter_figures(located, self.ds.rows)),
                           ("chapter_charts", lambda: chapters.chapter_charts(located, self.ds))):
            try:
                setattr(self.ds, name, read())
            except DataErrors as e:
                self.errors.extend(e.errors)

    def read_menu(self):
        """The menu (macros/model/menu.py), required: without it MkDocs would list the pages by their file names."""
        located = self.single_file(menus.FILE, DataError(
            menus.FILE, None, "", "the menu is missing", f"restore it from git (`git checkout -- {menus.FILE}`): it "
            "lists the pages beside every page, in reading order"))
        if located is None:
            return
        try:
            self.ds.menu = menus.read_menu(located, list(self.locales.hand))
        except DataErrors as e:
            self.errors.extend(e.errors)

    def single_file(self, rel: str, missing: DataError | None = None) -> Located | None:
        """A file of data/ read by a reader of its own (not a schema of FILE_KINDS), with its lines, among the
        dataset's sources; None when it is absent (told with `missing` when required) or cannot be read (told)."""
        path = self.root / rel
        if not path.exists():
            if missing is not None:
                self.errors.append(missing)
            return None
        try:
            located = load(path, rel)
        except DataError as e:
            self.errors.append(e)
            return None
        except DataErrors as e:
            self.errors.extend(e.errors)
            return None
        self.ds.sources[rel] = located
        return located

def link_host_problems(ds: Dataset, hosts) -> list[DataError]:
    """The addresses of data/report.yaml that the site and the PDFs link to (the IR website, HKEXnews, the filing)
    must name a host of mkdocs.yml `extra.link_hosts`, as every link of a page must; told at the address's line."""
    from urllib.parse import urlsplit

    info, located = ds.report.info, ds.sources.get("data/report.yaml")
    found = [(("contact", "ir_website"), info.contact.ir_website if info.contact else None)]
    if info.publication:
        found += [(("publication", "hkexnews"), info.publication.hkexnews),
                  (("publication", "document"), info.publication.document)]
    return [located.error(path, f"'{url}' links to {urlsplit(url).hostname}, which is not in mkdocs.yml "
                                "extra.link_hosts",
                          "check the address; if it is right, ask an engineer to add the host to extra.link_hosts")
            for path, url in found if url and urlsplit(url).hostname not in set(hosts)]


HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*\{#([a-z0-9-]+)[^}]*\}\s*$|" + KPI_SECTION_CALL.pattern, re.M)
MACRO = re.compile(r"\{\{.*?\}\}")


def page_headings(text: str, ds: Dataset, lang: str) -> dict[str, str]:
    """{heading id: heading text} of a page in page order, including the table headings kpi_section() generates."""
    found: dict[str, str] = {}
    for title, anchor, section in HEADING.findall(text):
        if anchor:
            found[anchor] = MACRO.sub("", title).strip()
        elif (tables := section_headings(ds, section, lang)) is not None:
            found.update(tables)
    return found


def _missing_page(docs: Path, ref: schema.SectionRef, ds: Dataset) -> str | None:
    """The page a content-index entry names must exist in every hand-written language, with the heading id it names
    (told here at the entry's line; MkDocs would name only the built link)."""
    for lang in ds.report.locales.hand:
        page = docs / f"{ref.page}.{lang}.md"
        if not page.exists():
            return f"page '{ref.page}' does not exist ({docs.name}/{page.name} not found)"
        if ref.anchor:
            text = page.read_text(encoding="utf-8")
            sections = {f.section for f in ds.kpi_files}
            if any(s not in sections for s in KPI_SECTION_CALL.findall(text)):
                return None   # the page's misspelt kpi_section() is told at its own line
            found = page_headings(text, ds, lang)
            if ref.anchor not in found:
                return (f"page '{ref.page}' has no heading {{#{ref.anchor}}} ({docs.name}/{page.name})"
                        + did_you_mean(ref.anchor, found))
    return None


def _load_required(root: Path, rel: str, missing: DataError) -> Located:
    """A data file that must be there: `missing` says where it was named and how to mend its absence."""
    path = Path(root) / rel
    if not path.exists():
        raise DataErrors([missing])
    return load(path, rel)


def load_locales(root: Path, sources: dict[str, Located] | None = None) -> Locales:
    """The site's languages from data/report.yaml (`editions`), checked before any label is read; each phrase table
    read is put in `sources` (a dataset's files, by path from the root)."""
    rel = "data/report.yaml"
    located = _load_required(root, rel, DataError(rel, None, "", "required data file not found",
                                                  "restore it from git; it says which year and languages the site has"))
    part = _validate(schema.EditionsPart, located)
    errors: list[DataError] = []
    seen: list[str] = []
    for i, e in enumerate(part.editions):
        if e.locale in seen:
            errors.append(located.error(("editions", i, "locale"), f"edition '{e.locale}' is listed twice"))
        seen.append(e.locale)
    hand = [e.locale for e in part.editions if not e.converted_from]
    if part.prevailing not in hand:
        errors.append(located.error(("prevailing",), f"the prevailing edition '{part.prevailing}' must be one "
                                    f"written by hand: one of {hand}"))
    for i, e in enumerate(part.editions):
        if e.converted_from and e.converted_from not in hand:
            errors.append(located.error(("editions", i, "converted_from"), f"'{e.converted_from}' is not an edition "
                                        f"written by hand; convert from one of {hand}"))
    if errors:
        raise DataErrors(errors)

    def load_phrases(name: str):
        plocated = _load_required(root, name, DataError(rel, located.line_of(("editions",)), "editions.phrases",
                                                        f"phrase table '{name}' not found",
                                                        "give the path from the project root"))
        table = _validate(schema.PhrasesFile, plocated)
        if sources is not None:
            sources[name] = plocated
        return _checked_phrases(table, plocated)

    return read_locales(part, Path(root), load_phrases)


def _checked_phrases(table: schema.PhrasesFile, located: Located):
    """A phrase is the text as the Traditional pages print it → its mainland form, in Simplified characters."""
    from .chinese import Converter

    plain = Converter("hk2s")
    errors = []
    seen: dict[str, int] = {}
    for i, p in enumerate(table.phrases):
        if plain(p.mainland) != p.mainland:
            errors.append(located.error(("phrases", i, "mainland"), f"'{p.mainland}' still has Traditional characters "
                                        f"({', '.join(plain.left_unconverted(p.mainland))})",
                                        "write the mainland form in Simplified characters"))
        elif plain(p.printed) == p.mainland and not p.guard:
            errors.append(located.error(("phrases", i, "printed"), f"'{p.printed}' becomes '{p.mainland}' by "
                                        "OpenCC alone", "delete this phrase: it changes nothing (or, if it keeps a "
                                        "longer word or a sense from a shorter entry, mark it `guard: true`)"))
        elif plain(p.printed) != p.mainland and p.guard:
            errors.append(located.error(("phrases", i, "guard"), f"'{p.printed}' is marked as a guard but becomes "
                                        f"'{p.mainland}', not '{plain(p.printed)}'",
                                        "a guard keeps OpenCC's form: remove `guard: true` or write that form"))
        key = plain(p.printed)
        if key in seen:
            errors.append(located.error(("phrases", i, "printed"), f"'{p.printed}' is listed twice (as "
                                        f"'{table.phrases[seen[key]].printed}' too, both '{key}' in Simplified)",
                                        "keep one entry"))
        seen[key] = i
    for i, p in enumerate(table.punctuation):
        if p.printed == p.mainland:
            errors.append(located.error(("punctuation", i, "mainland"), f"'{p.printed}' is replaced by itself",
                                        "delete this line"))
    if errors:
        raise DataErrors(errors)
    return table


__all__ = ["Dataset", "load_dataset", "load_locales", "DataError", "DataErrors", "NOT_DISCLOSED"]
