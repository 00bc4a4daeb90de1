"""The report and its editions, read from data/report.yaml; the locale catalogue, from data/ui_strings.yaml.

Why: a report year or a language is configuration, never a literal in code. Everything the build writes in a
language (UI strings, number and date forms, PDF font, file names) is looked up here by locale, so a new language
or next year's report changes data and configuration only. A generated edition (zh-Hans) takes every text and
format of its source edition through its Converter (OpenCC, then data/zh_hans_phrases.yaml: words where they stand as
words, and punctuation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from markupsafe import Markup, escape

from . import schema
from .chinese import Converter


@dataclass
class Locales:
    """Which languages exist, and how a generated one is made. Passed to pydantic as the context of every Label.

    Two Locales are equal when their languages are: what a converter does to a text is that text's own read, noted
    at each conversion (`noted`: the dataset's `conversion`, macros/model/dataset.py). Why: compared whole, the
    converters made every page stale at any save of the phrase table (`make serve`), though a phrase can change
    only the zh-Hans texts its word is in."""

    hand: list[str]
    generated: dict[str, str] = field(default_factory=dict)      # zh-Hans → zh-Hant
    converters: dict[str, Converter] = field(default_factory=dict, compare=False)
    noted: Callable[[str, str], None] | None = field(default=None, compare=False, repr=False)   # (lang, text)

    @property
    def all(self) -> list[str]:
        return [*self.hand, *self.generated]

    @property
    def traditional(self) -> set[str]:
        """The editions written in Traditional Chinese: those a Simplified edition is converted from (OpenCC's
        Traditional → Simplified configurations). Their texts may not carry Simplified-only characters."""
        return set(self.generated.values())

    def convert(self, lang: str, text: str) -> str:
        if self.noted is not None:
            self.noted(lang, text)
        return self.converters[lang](text)

    def convert_quoted(self, lang: str, text: str) -> str:
        """Quoted wording (the HKEX Guide's): characters and punctuation only, kept so on every page."""
        if self.noted is not None:
            self.noted(lang, text)
        return self.converters[lang].quoted(text)


@dataclass
class Edition:
    """One language of the site with its formats resolved (a generated edition's converted from its source)."""

    spec: schema.EditionSpec
    numbers: schema.NumberFormats
    dates: schema.DateFormats

    @property
    def locale(self) -> str:
        return self.spec.locale

    @property
    def pdf_faces(self) -> tuple[str, str]:
        """(text face, face of headings, tables and captions): data/report.yaml `pdf_font`, one face or two."""
        names = schema.face_names(self.spec.pdf_font)
        return names[0], names[-1]


@dataclass
class Report:
    """The report (year, company, file names) and its editions, with the UI strings of every edition."""

    info: schema.ReportFile
    locales: Locales
    editions: dict[str, Edition]
    strings: dict[str, schema.Label]

    @property
    def year(self) -> int:
        return self.info.year

    @property
    def prevailing(self) -> str:
        return self.info.prevailing

    @property
    def files(self) -> str:
        """The base of every published file name: medlive-esg-2022."""
        return self.info.files.format(year=self.year)

    def pdf_name(self, lang: str) -> str:
        return f"{self.files}-{lang}.pdf"

    def t(self, key: str, lang: str, **values: Any) -> Markup:
        """A UI string in `lang` for HTML, with its {placeholders} filled: the text escaped, and each value escaped
        unless it is Markup already (a link the code built). Escaped by default: a UI string is data, never markup."""
        return escape(self._template(key, lang)).format(**values)

    def t_text(self, key: str, lang: str, **values: Any) -> str:
        """The same UI string as plain text, for what is not HTML: a spreadsheet cell, a picture, a CSS string."""
        return self._template(key, lang).format(**values)

    def _template(self, key: str, lang: str) -> str:
        if key not in self.strings:
            raise KeyError(f"UI string '{key}' is not in data/ui_strings.yaml")
        return self.strings[key].get(lang)

    def edition_name(self, edition: str, lang: str) -> str:
        """The language of `edition` as a reader of `lang` calls it: Traditional Chinese, 繁體中文."""
        return self.info.edition_names[edition].get(lang)

    def title(self, lang: str) -> str:
        return self.info.title.get(lang).format(year=self.year)

    @property
    def published(self) -> int:
        """The year the report came out: the filing's, when known; else the year after the one it reports on."""
        p = self.info.publication
        return p.date.year if p and p.date else self.year + 1

    @property
    def site_url(self) -> str:
        """The site's canonical address (data/report.yaml site.url), used when the deploy gives none."""
        return self.info.site.url.format(year=self.year)

    def site_values(self, lang: str) -> dict:
        """What the site texts' {placeholders} stand for in an edition: the names schema.SITE_PLACEHOLDERS lets an
        editor write (tests/test_editions.py holds the two to the same names)."""
        return {"year": self.year, "published": self.published, "company": self.info.company.get(lang),
                "short_name": self.info.short_name.get(lang), "stock_code": self.info.stock_code,
                "title": self.title(lang)}

    def site_texts(self, lang: str) -> dict[str, str]:
        """MkDocs' site_name, site_description, copyright and site_author of an edition, from data/report.yaml."""
        values = self.site_values(lang)
        site = self.info.site
        return {"site_name": site.name.get(lang).format(**values),
                "site_description": site.description.get(lang).format(**values),
                "copyright": site.copyright.get(lang).format(**values),
                "site_author": self.info.company.get(lang)}


def read_locales(spec: schema.EditionsPart, root: Path, load_phrases) -> Locales:
    """The Locales of an editions list; `load_phrases(path)` returns the validated PhrasesFile of a file."""
    hand = [e.locale for e in spec.editions if not e.converted_from]
    locales = Locales(hand=hand)
    for e in spec.editions:
        if e.converted_from:
            table = load_phrases(e.phrases) if e.phrases else None
            locales.generated[e.locale] = e.converted_from
            locales.converters[e.locale] = Converter(
                e.opencc, [(p.printed, p.mainland) for p in table.phrases] if table else [],
                {p.printed: p.mainland for p in table.punctuation} if table else {})
    return locales


def resolve_editions(specs: list[schema.EditionSpec], locales: Locales) -> dict[str, Edition]:
    """Each edition with its formats; a generated one's are its source's, every text in them converted."""
    by_locale = {e.locale: e for e in specs}
    out: dict[str, Edition] = {}
    for e in specs:
        if e.converted_from:
            source = by_locale[e.converted_from]
            convert = locales.converters[e.locale]
            out[e.locale] = Edition(e, _convert_model(source.numbers, convert), _convert_model(source.dates, convert))
        else:
            out[e.locale] = Edition(e, e.numbers, e.dates)
    return out


def _convert_model(model, convert):
    def walk(value):
        if isinstance(value, str):
            return convert(value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value

    return type(model).model_validate(walk(model.model_dump(by_alias=True)))
