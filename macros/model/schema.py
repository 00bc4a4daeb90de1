"""The shape of every file in data/, as pydantic models: one schema language for all of them.

Why: editors change these files by pull request. Unknown keys, missing translations, empty values and numbers typed
as text must stop the build with a message, never become a blank cell or a silent 0. Every model forbids extra keys;
every label needs both languages; a value is a number or the source's "/" (not disclosed).
"""

from __future__ import annotations

import datetime as dt
import re
import string
from decimal import Decimal
from typing import Annotated, Literal, Union

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, RootModel, StringConstraints,
                      ValidationInfo, field_validator, model_validator)

from .text import SIMPLIFIED_FIX, placeholder_problem, plain_phrase, simplified_problem, visible_text

ID_PATTERN = r"^[a-z][a-z0-9_]*$"


class NotDisclosed:
    """The source's "/": a figure the company did not disclose. Shown as a dash with a legend, never as 0."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_DISCLOSED"

    def __str__(self) -> str:
        return "/"


NOT_DISCLOSED = NotDisclosed()


class _LocatedValueError(ValueError):
    """A model-level error that knows which key path it is about (pydantic reports it at the model)."""

    def __init__(self, path, problem, fix=""):
        self.path, self.problem, self.fix = path, problem, fix
        super().__init__(problem)


def _to_value(raw):
    if isinstance(raw, NotDisclosed):
        return raw
    if isinstance(raw, bool):
        raise ValueError("expected a number or / (not disclosed), got yes/no")
    if isinstance(raw, Decimal):
        return raw
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, str):
        text = raw.strip()
        if text == "/":
            return NOT_DISCLOSED
        if text == "":
            raise ValueError("empty value; write the number, or / if the report does not disclose it")
        raise _LocatedValueError((), *number_text_problem(raw))
    if raw is None:
        raise ValueError("missing value; write the number, or / if the report does not disclose it")
    raise ValueError(f"expected a number or / (not disclosed), got {type(raw).__name__}")


_FULL_WIDTH = re.compile(r"[\uff01-\uff5e\u3000]")   # ０-９，．％－ and the ideographic space of a Chinese keyboard
NUMBER_FIX = "write the figure in plain digits with at most one decimal point (605, 0.180), or / if not disclosed"


def number_text_problem(raw: str) -> tuple[str, str]:
    """(what is wrong, how to fix) for a figure that YAML read as text: the slip named, and the figure as it was meant
    where that is clear. Why: '６０５', '1,605', '100 %' and '67.7.58' are each a different slip with its own mend."""
    import unicodedata

    text = raw.strip()
    if _FULL_WIDTH.search(text):
        meant = unicodedata.normalize("NFKC", text).replace(" ", "")
        return (f"'{raw}' is written with full-width characters (a Chinese input method)",
                f"switch the keyboard to English and retype it: {meant}")
    if re.fullmatch(r"[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?", text):
        return (f"'{raw}' is in quotes, so it is text, not a number", f"delete the quotes: {text}")
    if "%" in text:
        return (f"'{raw}' has a percent sign", "write the number only, e.g. "
                f"{text.replace('%', '').strip() or '100'}: the unit (data/units.yaml) shows the %")
    if "," in text:
        digits = text.replace(",", "")
        return (f"'{raw}' has a comma, so it is text, not a number",
                f"write it without the comma: {digits} if the comma separates thousands"
                + (f", or {text.replace(',', '.', 1)} if it was meant as a decimal point"
                   if text.count(",") == 1 and "." not in text else ""))
    if re.fullmatch(r"[-+]?[0-9.]+", text) and text.count(".") > 1:
        return (f"'{raw}' has {text.count('.')} decimal points", "keep one decimal point, as the report prints "
                "the figure (67.758, not 67.7.58)")
    if re.fullmatch(r"[-+]?[0-9][0-9 .]*[0-9]", text):
        return f"'{raw}' has a space inside the number", f"write it without spaces: {text.replace(' ', '')}"
    return f"expected a number or / (not disclosed), got '{raw}'", NUMBER_FIX


Value = Annotated[Union[Decimal, NotDisclosed], BeforeValidator(_to_value)]
Number = Annotated[Decimal, BeforeValidator(lambda v: _number_only(v))]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(visible_text)]


def _number_only(raw):
    value = _to_value(raw)
    if isinstance(value, NotDisclosed):
        raise ValueError("this must be a number; / (not disclosed) is not allowed here")
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, frozen=True)


def _site_locales(info: ValidationInfo, what: str):
    """The site's Locales, which dataset.py passes as the validation context of every per-language text."""
    locales = (info.context or {}).get("locales")
    if locales is None:
        raise ValueError(f"internal: {what} are validated with the site's locales (macros/model/dataset.py)")
    return locales


def _hand_written(key: str, locales) -> None:
    """A language key of a per-language text must be one written by hand; a generated one is made at build."""
    if key in locales.generated:
        raise _LocatedValueError((key,), f"'{key}' is generated from {locales.generated[key]} at build",
                                 f"delete the line '{key}: …'")
    if key not in locales.hand:
        raise _LocatedValueError((key,), f"unknown language '{key}'", f"the languages written by hand are "
                                 f"{', '.join(locales.hand)} (data/report.yaml); check the spelling")


class Label(RootModel[dict[str, str]]):
    """A text in every language of the site. The languages written by hand (data/report.yaml: zh-Hant, en) are
    required; a generated edition's text (zh-Hans) is converted from its source here and may not be written by hand.
    Never a fallback to another language: `get` of a language the label lacks is an error."""

    model_config = ConfigDict(frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _per_locale(cls, data, info: ValidationInfo):
        locales = _site_locales(info, "labels")
        if not isinstance(data, dict):
            raise ValueError(f"expected a text per language ({', '.join(locales.hand)}: …), got '{data}'")
        for key, text in data.items():
            _hand_written(key, locales)
            if not isinstance(text, str) or not text.strip():
                raise _LocatedValueError((key,), f"the {key} text must be written out (got '{text}')",
                                         "write the text; put quotes around a text that is only a number")
            visible_text(text)
            if key in locales.traditional:
                problem = simplified_problem(text)
                if problem:
                    raise _LocatedValueError((key,), problem, SIMPLIFIED_FIX)
        missing = [lang for lang in locales.hand if lang not in data]
        if missing:
            raise ValueError(f"the {' and '.join(missing)} text is missing; add a line "
                             f"'{missing[0]}: …' — every label needs {', '.join(locales.hand)}")
        out = dict(data)  # as written: a leading space is meant (" pp", " million")
        for lang, source in locales.generated.items():
            out[lang] = cls._convert(locales, lang, out[source])
        return out

    @staticmethod
    def _convert(locales, lang: str, text: str) -> str:
        return locales.convert(lang, text)

    def get(self, lang: str) -> str:
        try:
            return self.root[lang]
        except KeyError:
            raise KeyError(f"no text in '{lang}' for label '{next(iter(self.root.values()))}'") from None


# ── units ───────────────────────────────────────────────────────────────────
class Unit(Strict):
    """A unit and the range a value in it may take (a count or an amount is never below 0, a share not above 100):
    a value outside it stops the build, unless its row widens the range with a reason (`range:`)."""

    id: Id
    label: Label
    percent: bool = False  # a share in %: year-on-year change is shown in percentage points
    min: Number            # required: every unit says what its smallest value is
    max: Number | None = None

    @model_validator(mode="after")
    def _ordered(self):
        if self.max is not None and self.max < self.min:
            raise ValueError(f"unit '{self.id}': max {self.max} is below min {self.min}")
        return self


class Range(Strict):
    """A row's own range, wider than its unit's, and why (e.g. a change that may be negative)."""

    min: Number | None = None
    max: Number | None = None
    reason: Text


class UnitsFile(Strict):
    units: list[Unit]


# ── KPI tables ──────────────────────────────────────────────────────────────
class Ratio(Strict):
    """value = sum(numerator) / sum(denominator) × scale, rounded to the value's own decimals."""

    numerator: list[Id] = Field(min_length=1)
    denominator: list[Id] = Field(min_length=1)
    scale: Number = Decimal(1)

    @field_validator("numerator", "denominator", mode="before")
    @classmethod
    def _one_or_many(cls, v):
        return [v] if isinstance(v, str) else v


class Deviation(Strict):
    """An accepted departure of the source from half-up rounding, with the reason, for this row only."""

    rounding: Literal["down", "up"]
    reason: Text


class Check(Strict):
    """A consistency rule the build enforces: the row equals the sum of other rows, or a ratio of rows."""

    sum: list[Id] | None = Field(default=None, min_length=2)
    ratio: Ratio | None = None
    deviation: Deviation | None = None

    @model_validator(mode="after")
    def _exactly_one(self):
        if (self.sum is None) == (self.ratio is None):
            raise ValueError("a check needs exactly one of 'sum' or 'ratio'")
        return self


def _one_or_more_checks(v):
    """`check:` takes one rule or a list of rules (a total may equal several breakdowns)."""
    return [v] if isinstance(v, dict) else v


Checks = Annotated[list[Check], BeforeValidator(_one_or_more_checks), Field(min_length=1)]


class KpiRow(Strict):
    id: Id
    label: Label
    unit: Id
    level: Literal[0, 1] = 0  # 1 = an indented breakdown of the row above
    hkex: list[str] = []      # HKEX KPI codes this row discloses, e.g. A1.2
    values: dict[int, Value]
    check: Checks | None = None
    website_note: Label | None = None   # ours, not the report's: shown as "網站註：…" / "Website note: …"
    range: Range | None = None  # widens the unit's range for this row, with the reason
    added: dt.date | None = None  # a row the printed report lacks, added on this date (shown as added)


class KpiTable(Strict):
    id: Id
    caption: Label
    rows: list[KpiRow] = Field(min_length=1)
    change: bool = True       # show a year-on-year change column
    chart: Literal["bars", "none"] = "none"
    chart_rows: list[Id] = []


class KpiFile(Strict):
    section: Id               # anchor of this group on the KPI page
    title: Label
    years: list[int] = Field(min_length=1)
    tables: list[KpiTable] = Field(min_length=1)

    @model_validator(mode="after")
    def _years_complete(self):
        for t_i, table in enumerate(self.tables):
            for r_i, row in enumerate(table.rows):
                missing = [y for y in self.years if y not in row.values]
                extra = [y for y in row.values if y not in self.years]
                if missing or extra:
                    raise _LocatedValueError(
                        ("tables", t_i, "rows", r_i, "values"),
                        f"row '{row.id}' must give a value for each year {self.years} "
                        f"(missing: {missing or 'none'}, unexpected: {extra or 'none'})",
                        "write the number for every year listed under 'years:', or / if not disclosed")
        return self


# ── facts quoted in the narrative ───────────────────────────────────────────
class Fact(Strict):
    id: Id
    label: Label
    value: Number
    unit: Id
    as_of: dt.date | int | str | None = None
    format: Literal["plain", "wan"] = "plain"
    range: Range | None = None    # widens the unit's range for this fact, with the reason
    check: Checks | None = None   # a fact derived from KPIs (e.g. a share) is checked against them for its year
    added: dt.date | None = None  # a fact the printed report does not quote, added on this day

    @model_validator(mode="after")
    def _check_needs_year(self):
        if self.check and not isinstance(self.as_of, (dt.date, int)):
            raise ValueError(f"fact '{self.id}' has a check, so 'as_of' must say its year (2022) or date (2022-12-31)")
        return self

    @property
    def year(self) -> int | None:
        return self.as_of.year if isinstance(self.as_of, dt.date) else self.as_of if isinstance(self.as_of, int) else None


class FactsFile(Strict):
    facts: list[Fact] = Field(min_length=1)


# ── board of directors ──────────────────────────────────────────────────────
Role = Literal["executive", "non_executive", "independent_non_executive"]


class Director(Strict):
    id: Id
    name: Label
    gender: Literal["female", "male"]
    age: int = Field(ge=18, le=120)
    role: Role
    appointed: dt.date | None = None  # set when the appointment falls after the reporting period
    resigned: dt.date | None = None
    note: Label | None = None
    added: dt.date | None = None      # a director the printed report does not list, added on this date


class CompositionRow(Strict):
    """A count of directors and its share of the board. Given, both are checked against the member list; left out,
    both are computed from it (the share to two decimals, a whole share written whole)."""

    id: Id
    label: Label
    where: dict[Literal["role", "gender", "age_band"], list[str]] = {}
    count: Number | None = None
    share: Number | None = None
    website_note: Label | None = None   # ours, not the report's: shown as "網站註：…" / "Website note: …"


class AgeBand(Strict):
    id: Id
    min: int
    max: int | None = None
    label: Label


class BoardFile(Strict):
    as_of: dt.date
    caption: Label
    members_caption: Label
    roles: dict[Role, Label]
    age_bands: list[AgeBand]
    members: list[Director] = Field(min_length=1)
    composition: list[CompositionRow] = Field(min_length=1)


# ── the printed report and its restatements (data/printed/figures.yaml, data/restatements.yaml) ─────────
class PrintedFigures(Strict):
    """What the printed report says, figure by figure: the answer key the data is compared with at every build.
    Editors own it; it changes only when a new report is printed."""

    report: Text                                  # which printed document this is
    kpis: dict[Id, dict[int, Value]]              # every KPI row of the appendix: {year: value as printed}
    facts: dict[Id, dict[int, Value]] = {}        # every figure its text quotes (data/facts/): {year: as printed}
    shares: dict[Id, Number] = {}                 # board diversity: each row's share (%) as printed
    directors: list[Id] = Field(min_length=1)     # the directors it lists (ids of data/board.yaml)


class Restatement(Strict):
    """A figure the site shows differently from the printed report, on purpose: what was printed, what it is now,
    when and why. The site marks the figure as restated in every edition, the PDF and the downloads."""

    kpi: Id | None = None    # a KPI row's id (data/kpis/), or a count of data/board.yaml
    fact: Id | None = None   # or a figure the text quotes (data/facts/)
    year: int
    printed: Value
    value: Value
    date: dt.date
    reason: Label

    @model_validator(mode="after")
    def _one_figure(self):
        if (self.kpi is None) == (self.fact is None):
            raise ValueError("a restatement names one figure: `kpi: <id>` (data/kpis/, data/board.yaml) or "
                             "`fact: <id>` (data/facts/)")
        return self

    @property
    def figure(self) -> str:
        """The id of the figure restated, a KPI's or a fact's (the two never share an id: dataset.read_facts)."""
        return self.kpi or self.fact


class RestatementsFile(Strict):
    restatements: list[Restatement] = []


class Mend(Strict):
    """A slip of the printed text and how the site writes it: the tests apply these to the printed text before
    comparing it with the pages. With `label_of:` (a KPI row's or board count's id) the mend is that label's alone:
    an editor rewords a label the report prints, and the report's sentences that use the same words stay as printed."""

    printed: Text
    site: Text
    where: Text
    label_of: Id | None = None


class MendsFile(Strict):
    mends: list[Mend] = Field(min_length=1)


# ── milestones ──────────────────────────────────────────────────────────────
class Milestone(Strict):
    date: Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
    text: Label

    @field_validator("date", mode="before")
    @classmethod
    def _date_text(cls, v):
        if isinstance(v, (dt.date,)):
            raise ValueError("write the month as YYYY-MM, e.g. 2022-06")
        return str(v) if isinstance(v, (int, Decimal)) else v


class MilestonesFile(Strict):
    milestones: list[Milestone] = Field(min_length=1)


# ── glossary ────────────────────────────────────────────────────────────────
class Term(Strict):
    zh: list[Text] = Field(min_length=1)   # the Chinese forms that count as this term on a zh-Hant page
    en: list[Text] = Field(min_length=1)   # the English rendering (first), then only its short or plural forms
    avoid: list[Text] = []                 # English variants that must appear on no English page nor English label
    title: bool = False                    # a law's or document's title: italic on English pages
    note: str | None = None
    check: bool = True                     # false: too generic to check page by page
    allow_zh_on_en: bool = False           # a name whose Chinese may stand in parentheses on English pages

    @field_validator("zh", "en", "avoid", mode="before")
    @classmethod
    def _one_or_many(cls, v):
        if isinstance(v, str):
            return [v]
        if isinstance(v, list) and any(not isinstance(x, str) for x in v):
            i = next(i for i, x in enumerate(v) if not isinstance(x, str))
            raise _LocatedValueError((i,), f"each form is a text; got {v[i]!r}", "put quotes around it")
        return v

    @model_validator(mode="after")
    def _avoid_is_not_accepted(self):
        def same(a: str, e: str) -> bool:  # as the check matches: a form with capitals exactly, else in any case
            return a == e if a != a.lower() else a.casefold() == e.casefold()

        clash = [i for i, a in enumerate(self.avoid) if any(same(a, e) for e in self.en)]
        if clash:
            raise _LocatedValueError(("avoid", clash[0]), f"{self.zh[0]}: '{self.avoid[clash[0]]}' is both an "
                                     "accepted English form (en) and a form to avoid", "keep it in one list only")
        return self

    @field_validator("zh")
    @classmethod
    def _traditional(cls, forms):
        for i, form in enumerate(forms):
            problem = simplified_problem(form)
            if problem:
                raise _LocatedValueError((i,), problem, SIMPLIFIED_FIX)
        return forms


class GlossaryFile(Strict):
    terms: list[Term] = Field(min_length=1)


# ── HKEX Guide wording and this report's content index ──────────────────────
class QuotedLabel(Label):
    """A Label quoting another body's wording (the HKEX Guide): a generated edition converts its characters and
    punctuation only, never its words, because the wording is the Guide's, not ours."""

    @staticmethod
    def _convert(locales, lang: str, text: str) -> str:
        return locales.convert_quoted(lang, text)


class GuideEntry(Strict):
    code: Annotated[str, StringConstraints(pattern=r"^(A|B|A[1-4]|B[1-8]|A[1-4]\.\d|B[1-8]\.\d|[AB]\d?-[A-Z]+)$")]
    kind: Literal["subject_area", "category", "aspect", "general_disclosure", "kpi"]
    text: QuotedLabel


class GuideFile(Strict):
    source: Text
    entries: list[GuideEntry] = Field(min_length=1)


class SectionRef(Strict):
    """A place in this report: a page (its slug) and a heading id on it, checked to exist at build."""

    page: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$")]
    anchor: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$")] | None = None


class IndexEntry(Strict):
    """Where the report covers a Guide item, or `not_applicable: true` where the report prints 不適用 (and only
    that: the report gives no reason). `website_note` is an explanation of ours, shown marked as the website's."""

    code: str
    sections: list[SectionRef] = []
    not_applicable: bool = False
    website_note: Label | None = None

    @field_validator("not_applicable", mode="before")
    @classmethod
    def _yes_or_no(cls, v):
        if not isinstance(v, bool):
            raise ValueError(f"write 'not_applicable: true' (the report prints only 不適用), got '{v}'; "
                             "an explanation of ours goes under 'website_note:' with a text per language")
        return v

    @model_validator(mode="after")
    def _where_or_why(self):
        if bool(self.sections) == self.not_applicable:
            raise ValueError(f"{self.code}: give either 'sections' (where the report covers it) "
                             "or 'not_applicable: true' (the report prints 不適用), not both and not neither")
        return self


class ContentIndexFile(Strict):
    entries: list[IndexEntry] = Field(min_length=1)


# ── laws and regulations ────────────────────────────────────────────────────
class LawGroup(Strict):
    id: Id
    aspect: Label
    laws: list[Label] = Field(min_length=1)
    compliance: Label


class LawsFile(Strict):
    groups: list[LawGroup] = Field(min_length=1)


# ── the report and its editions (data/report.yaml), the UI strings, the Simplified phrase table ─────────────
Locale = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$")]


class LargeNumbers(Strict):
    """6200000 → 620萬 / 6.2 million: from `from` on, divide by `divide` and write `suffix`."""

    from_: Number = Field(alias="from")
    divide: Number
    suffix: Annotated[str, StringConstraints(min_length=1)]   # as written, spaces included: " million"


class NumberFormats(Strict):
    large: LargeNumbers
    money: dict[Literal["rmb", "rmb_10k"], Text]   # "{v}元", "RMB{v×10000}"
    small_words: list[Text] = []                   # 零 … 十: counts written in words where the report does


class DateFormats(Strict):
    month: Text                                    # "{y}年{m}月", "{month} {y}"
    months: list[Text] = []                        # month names, when `month` uses {month}

    @field_validator("month")
    @classmethod
    def _month_template(cls, value: str) -> str:
        return _template(value, ("y", "m", "month"))


def face_names(pdf_font: str) -> list[str]:
    """The font families of an edition's `pdf_font`, "text face[, face of headings, tables and captions]"."""
    return [name.strip() for name in pdf_font.split(",")]


class EditionSpec(Strict):
    """One language of the site. Written by hand (numbers and dates given) or converted from another edition."""

    locale: Locale
    og_locale: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}_[A-Z]{2}$")]
    pdf_font: Text
    # the hyphenation patterns of the PDF's text (pyphen's name, e.g. en_US), chosen by the breaks they make;
    # none: those of the edition's language
    pdf_hyphenation: str | None = None
    description_chars: int = Field(ge=40, le=300)
    converted_from: Locale | None = None
    opencc: Literal["hk2s", "t2s", "tw2s", "tw2sp"] | None = None
    phrases: str | None = None
    numbers: NumberFormats | None = None
    dates: DateFormats | None = None

    @field_validator("pdf_font")
    @classmethod
    def _one_or_two_faces(cls, value: str) -> str:
        names = face_names(value)
        if not 1 <= len(names) <= 2 or not all(names):
            raise ValueError(f"pdf_font '{value}' should name one font family, or two separated by a comma (text "
                             "face, then the face of headings, tables and captions), e.g. 'Noto Serif, Noto Sans'")
        return value

    @field_validator("pdf_hyphenation")
    @classmethod
    def _known_patterns(cls, value: str | None) -> str | None:
        import pyphen  # WeasyPrint's hyphenation library, which sets the PDF's breaks

        if value is not None and value not in pyphen.LANGUAGES:
            near = sorted(name for name in pyphen.LANGUAGES if name.split("_")[0] == value.split("_")[0][:2].lower())
            raise ValueError(f"pdf_hyphenation '{value}' names no hyphenation patterns pyphen has; "
                             f"use one of {near or sorted(pyphen.LANGUAGES)[:12]}")
        return value

    @model_validator(mode="after")
    def _hand_or_generated(self):
        if self.converted_from:
            if not self.opencc or self.numbers or self.dates:
                raise ValueError(f"edition {self.locale} is converted from {self.converted_from}: give 'opencc' "
                                 "(and 'phrases'), not 'numbers' or 'dates' (they are converted too)")
        elif not (self.numbers and self.dates) or self.opencc or self.phrases:
            raise ValueError(f"edition {self.locale} is written by hand: give 'numbers' and 'dates' "
                             "(no 'opencc' or 'phrases')")
        if self.dates and "{month}" in self.dates.month and len(self.dates.months) != 12:
            raise ValueError(f"edition {self.locale}: 'dates.month' uses {{month}}, so 'months' needs 12 names")
        return self


class EditionsPart(Strict):
    """The part of data/report.yaml read first: which languages exist (labels are validated against it)."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    prevailing: Locale
    editions: list[EditionSpec] = Field(min_length=1)


# The characters an address's path may hold (RFC 3986's unreserved characters, %-escapes and ! $ ( ) * + , ; = : @ /).
# No quote, < > & ` \ { } | ^ or space: an address is written as it is into HTML attributes (the canonical link),
# the sitemap's XML and the PDF, and no address of the report needs one (a space is %20).
URL_PATH = r"[A-Za-z0-9._~!$()*+,;=:@%/-]"


class Publication(Strict):
    """Where the report was filed (HKEXnews, 披露易) and when: the downloads centre's link and dates. An address or a
    date not in our sources is left out, never guessed: the centre then links to HKEXnews itself and shows no date."""

    hkexnews: Annotated[str, StringConstraints(pattern=r"^https://www\.hkexnews\.hk/?$")]
    document: Annotated[str, StringConstraints(pattern=rf"^https://www1\.hkexnews\.hk/{URL_PATH}+\.pdf$")] | None = None
    date: dt.date | None = None


SITE_PLACEHOLDERS = ("year", "published", "company", "short_name", "stock_code", "title")


def _template_label(label: Label, allowed: tuple[str, ...]) -> Label:
    """Each language of a text filled in with str.format: text.template_problem, at its language's line."""
    from .text import template_problem

    for lang, text in label.root.items():
        problem = template_problem(text, allowed)
        if problem:
            raise _LocatedValueError((lang,), problem, f"write {', '.join('{' + n + '}' for n in allowed)} "
                                     "or the text itself; a brace shown as text is written {{ or }}")
    return label


def _template(text: str, allowed: tuple[str, ...]) -> str:
    from .text import template_problem

    problem = template_problem(text, allowed)
    if problem:
        raise ValueError(f"{problem} (a brace shown as text is written {{{{ or }}}})")
    return text


class SiteTexts(Strict):
    """The site's name, description and copyright in each edition, and its address: templates of the report's own
    facts, so a new year changes `year:` only. `{published}` is the year the report came out (publication.date's
    year, else the year after the report year)."""

    name: Label
    description: Label
    copyright: Label
    url: str                                       # the canonical address when the deploy gives none (SITE_URL)

    @field_validator("name", "description", "copyright")
    @classmethod
    def _known_placeholders(cls, label: Label) -> Label:
        return _template_label(label, SITE_PLACEHOLDERS)

    @field_validator("url")
    @classmethod
    def _https_folder(cls, value: str) -> str:
        _template(value, ("year",))
        folder = rf"https://[A-Za-z0-9.-]+\.[A-Za-z]{{2,}}/({URL_PATH}*/)?"
        if not re.fullmatch(folder, value.replace("{year}", "2000")):
            raise ValueError(f"'{value}' should be the site's https:// address ending in / (e.g. "
                             "https://example.github.io/esg-report-{year}/); {year} is the report year")
        return value


class Contact(Strict):
    """How a reader reaches the company: the PDF's cover and back page print it."""

    ir_website: str
    email: str
    registered_address: Label | None = None        # as the annual report prints it; not printed when not given

    @field_validator("ir_website")
    @classmethod
    def _https(cls, value: str) -> str:
        if not re.fullmatch(rf"https://[A-Za-z0-9.-]+\.[A-Za-z]{{2,}}(/{URL_PATH}*)?", value):
            raise ValueError(f"'{value}' should be the website's https:// address (e.g. https://ir.example.com/): "
                             "a reader's browser warns on http://")
        return value

    @field_validator("email")
    @classmethod
    def _address(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", value):
            raise ValueError(f"'{value}' is not an e-mail address (name@domain.com)")
        return value


class ReportFile(Strict):
    year: int = Field(ge=2000, le=2100)
    stock_code: Annotated[str, StringConstraints(pattern=r"^\d{4,5}$")]
    company: Label
    short_name: Label
    contact: Contact
    title: Label                                   # "{year}年環境、社會及管治報告"
    site: SiteTexts                                # the site's name, description, copyright and address
    files: Annotated[str, StringConstraints(pattern=r"^[a-z0-9{}-]+$")]   # "medlive-esg-{year}"
    prevailing: Locale
    editions: list[EditionSpec] = Field(min_length=1)
    # after `editions`, which its check reads (fields are validated in this order)
    edition_names: dict[Locale, Label]             # zh-Hant → {zh-Hant: 繁體中文, en: Traditional Chinese}
    publication: Publication | None = None         # the report as filed on HKEXnews (the downloads centre)

    @field_validator("title")
    @classmethod
    def _title_template(cls, label: Label) -> Label:
        return _template_label(label, ("year",))

    @field_validator("files")
    @classmethod
    def _files_template(cls, value: str) -> str:
        return _template(value, ("year",))

    @field_validator("edition_names")
    @classmethod
    def _every_edition_named(cls, names: dict, info: ValidationInfo):
        if "editions" not in info.data:   # the editions have problems of their own, reported already
            return names
        declared = [e.locale for e in info.data["editions"]]
        if sorted(names) != sorted(declared):
            raise ValueError(f"'edition_names' names {sorted(names)}, but the editions are "
                             f"{sorted(declared)}: give each edition's name, and only theirs")
        return names

    @model_validator(mode="after")
    def _published_after_the_year(self):
        p = self.publication
        if p and p.date and p.date.year <= self.year:
            raise _LocatedValueError(("publication", "date"), f"the report on {self.year} cannot have been published "
                                     f"on {p.date} (within the year it reports on)",
                                     "write the date the report was filed on HKEXnews, e.g. 2023-04-28")
        return self


# UI strings whose languages fill in different values on purpose: a date is written in each language's own form
# ("{y}年{m}月{d}日", "{d} {month} {y}").
PLACEHOLDERS_PER_LANGUAGE = {"date_day"}


def placeholders(text: str) -> set[str]:
    """The {names} a text is filled with ('{home}' in "… or go to the {home}.")."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


class UiStringsFile(Strict):
    strings: dict[Id, Label] = Field(min_length=1)

    @model_validator(mode="after")
    def _placeholders_are_names(self):
        """Placeholders accept names only (macros/model/text.py placeholder_problem)."""
        for key, label in self.strings.items():
            for lang, text in label.root.items():
                problem = placeholder_problem(text)
                if problem:
                    raise _LocatedValueError(("strings", key, lang), problem,
                                             "write {name} with a plain name, as the other strings do")
        return self

    @model_validator(mode="after")
    def _same_placeholders_in_every_language(self):
        """A {placeholder} left out of one language, or misspelt there, would drop what the code puts in it (a link,
        a figure) or stop the build with a bare KeyError: it must be the same set in every language."""
        for key, label in self.strings.items():
            if key in PLACEHOLDERS_PER_LANGUAGE:
                continue
            (first, names), *others = [(lang, placeholders(text)) for lang, text in label.root.items()]
            for lang, other in others:
                if other != names:
                    raise _LocatedValueError(
                        ("strings", key, lang),
                        f"'{key}' fills in {', '.join(sorted('{' + n + '}' for n in other)) or 'nothing'} in {lang} "
                        f"but {', '.join(sorted('{' + n + '}' for n in names)) or 'nothing'} in {first}",
                        "write the same {names} in every language: they are where the site puts a link or a figure")
        return self


class Phrase(Strict):
    """One word of a generated edition's table: as the source pages print it → the form its readers use. A guard
    (`guard: true`) keeps its word as OpenCC gives it, so that a shorter entry inside it does not fire there."""

    printed: Annotated[Text, AfterValidator(plain_phrase)]
    mainland: Annotated[Text, AfterValidator(plain_phrase)]
    why: Text
    guard: bool = False


class Punctuation(Strict):
    """A punctuation mark of the source edition → the mark the generated edition's readers use (GB/T 15834)."""

    printed: Annotated[str, StringConstraints(min_length=1, max_length=1)]
    mainland: Annotated[str, StringConstraints(min_length=1, max_length=1)]
    why: Text


class PhrasesFile(Strict):
    phrases: list[Phrase] = Field(min_length=1)
    punctuation: list[Punctuation] = []


# ── diagrams (data/diagrams.yaml) ───────────────────────────────────────────
class DiagramNode(Strict):
    """A box of a diagram: a body or an item as the report names it, and its duties where the report gives them."""

    name: Label
    text: Label | None = None


class DiagramGroup(Strict):
    """A level of a tree (top to bottom) or a column of a columns diagram."""

    label: Label | None = None
    nodes: list[DiagramNode] = Field(min_length=1)


class Diagram(Strict):
    id: Id
    title: Label
    layout: Literal["tree", "columns", "bands"]
    numbered: bool = False        # columns, bands: number each group's items 1, 2, 3 … (a ranked list)
    groups: list[DiagramGroup] = Field(min_length=1)

    @model_validator(mode="after")
    def _shape(self):
        if self.layout in ("columns", "bands"):
            for i, group in enumerate(self.groups):
                if group.label is None:
                    raise _LocatedValueError(("groups", i, "label"), f"diagram '{self.id}': every group of a "
                                             f"{self.layout} diagram needs a label",
                                             "add 'label: {zh-Hant: …, en: …}' to this group")
            if self.layout == "columns" and len(self.groups) > 4:
                raise _LocatedValueError(("groups",), f"diagram '{self.id}' has {len(self.groups)} columns; at "
                                         "most 4 fit a phone", "split it into two diagrams or use layout: tree")
        else:
            if self.numbered:
                raise _LocatedValueError(("numbered",), f"diagram '{self.id}': 'numbered' is for columns and bands",
                                         "delete 'numbered: true' or use layout: columns or bands")
        return self


class DiagramsFile(Strict):
    diagrams: list[Diagram] = Field(min_length=1)
# ── search: the words readers type (data/search_synonyms.yaml) ──────────────
class TermLists(RootModel[dict[str, list[str]]]):
    """Words per language: {zh-Hant: [碳排放, …], en: [carbon, …]}. Any of the languages written by hand may be given
    (a word can be a synonym in one language only), at least one; a generated edition's words (zh-Hans) are converted
    from its source here and may not be written by hand. Each word once, visible, not empty."""

    model_config = ConfigDict(frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _per_locale(cls, data, info: ValidationInfo):
        locales = _site_locales(info, "word lists")
        if not isinstance(data, dict) or not data:
            raise ValueError(f"expected a list of words per language ({', '.join(locales.hand)}: [...]), got '{data}'")
        out: dict[str, list[str]] = {}
        for key, words in data.items():
            _hand_written(key, locales)
            if isinstance(words, str):
                words = [words]
            if not isinstance(words, list) or not words:
                raise _LocatedValueError((key,), f"the {key} words must be a list",
                                         f"write them in brackets: {key}: [word, other word]")
            clean = []
            for i, word in enumerate(words):
                if not isinstance(word, str) or not word.strip():
                    raise _LocatedValueError((key, i), f"an empty {key} word (got '{word}')",
                                             "write the word, in quotes if it is a number")
                visible_text(word)
                if word.strip().casefold() in (w.casefold() for w in clean):
                    raise _LocatedValueError((key, i), f"the {key} word '{word.strip()}' is listed twice",
                                             "delete one of the two")
                clean.append(word.strip())
            out[key] = clean
        for lang, source in locales.generated.items():
            if source in out:
                out[lang] = [locales.convert(lang, w) for w in out[source]]
        return out

    def get(self, lang: str) -> list[str]:
        return self.root.get(lang, [])


class SynonymGroup(Strict):
    """Readers' words for something the report words otherwise: every search entry whose title or text has one of
    the report's words also answers to the readers' words."""

    report: TermLists      # the report's own wording, as on the pages
    readers: TermLists     # what a reader types
    note: str | None = None

    @model_validator(mode="after")
    def _readers_need_report_words(self, info: ValidationInfo):
        generated = getattr((info.context or {}).get("locales"), "generated", {})
        for lang, words in self.readers.root.items():
            if lang in generated:   # a conversion may make two words one (資訊安全 → 信息安全): not the editor's doing
                continue
            if not self.report.get(lang):
                raise _LocatedValueError(("readers", lang), f"readers' {lang} words {words} need the report's "
                                         f"{lang} words to attach to", f"add report: {{{lang}: [...]}}")
            same = [i for i, w in enumerate(words) if w.casefold() in (r.casefold() for r in self.report.get(lang))]
            if same:
                raise _LocatedValueError(("readers", lang, same[0]), f"'{words[same[0]]}' is both a report word "
                                         "and a reader's word", "delete it from readers")
        return self


class SynonymsFile(Strict):
    groups: list[SynonymGroup] = Field(min_length=1)
