"""Search entries for single figures, and the readers' words added to every entry.

Why: analysts search for a figure, not a page. Each KPI row, board row, director and content-index item becomes a
search entry of its own, written from data/ in the reader's language: its label as the title, and as text the label
with the values, unit and years, the year-on-year change, its table and its HKEX codes, separated by the edition's
punctuation (never cells run together). The entry links to the row itself (the hook gives each row an id).
Synonyms (macros/model/search_terms.py) go into two extra index fields, so a reader's word counts nearly as the
report's word would — with the title when the title has it, with the text when the text has it — and never shows in
a teaser.
Chinese is segmented as Material segments it (jieba, U+200B between words), so these entries search like its own.
"""

from __future__ import annotations

import re
from functools import reduce
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path

from . import formatting
from .content_index import section_title
from ..model.dataset import Dataset
from ..model.schema import NotDisclosed
from ..model.search_terms import Group
from ..model.han import HAN_CLASS, has_han

ZWSP = "\u200b"
TITLE_SYNONYMS = "title_synonyms"   # index fields: readers' words for what the title / the text says
TEXT_SYNONYMS = "text_synonyms"
_TAG = re.compile(r"<[^>]+>")
GENERAL_DISCLOSURE_BOOST = 2


@dataclass
class FigureEntry:
    """One figure's search entry; `attr` and `key` name the table row it is (data-kpi="ghg_scope2")."""

    attr: str
    key: str
    title: str
    text: str
    numbers: list[str] = field(default_factory=list)   # the values as readers type them: 1587, 1587.000
    boost: float | None = None                          # Material's per-entry boost (an aspect's own item)

    def doc(self, location: str) -> dict:
        doc = {"location": location, "title": segment(escape(self.title, quote=False)),
               "text": segment(escape(self.text, quote=False))}
        if self.numbers:
            doc[TEXT_SYNONYMS] = " ".join(self.numbers)
        if self.boost:
            doc["boost"] = self.boost
        return doc


def segment(text: str) -> str:
    """Chinese runs cut into words by jieba with U+200B around and between them: Material's own segmentation
    (material/plugins/search/plugin.py, SearchIndex._segment_chinese), so our entries tokenise like its entries."""
    import jieba
    from backrefs import bre

    han = bre.compile(r"(\p{script: Han}+)", bre.UNICODE)
    return han.sub(lambda m: ZWSP + ZWSP.join(jieba.cut(m.group(0))) + ZWSP, text).strip(ZWSP)


def _numbers(value) -> list[str]:
    """67.758 → ['67.758']; 1587.000 → ['1587.000', '1587'] (readers type a figure without thousands separators)."""
    if isinstance(value, NotDisclosed):
        return []
    text = f"{value:f}"
    out = [text]
    if "." in text and text.rstrip("0").endswith("."):
        out.append(text.split(".")[0])
    return out


def _join(ds: Dataset, lang: str, key: str, parts: list[str]) -> str:
    """Parts joined with the edition's list (，/ , ) or item (；/ ; ) separator."""
    return reduce(lambda a, b: ds.report.t_text(key, lang, a=a, b=b), parts)


def kpi_entries(ds: Dataset, lang: str) -> list[FigureEntry]:
    t = ds.report.t_text  # a search entry is plain text (escaped once, where the index is written)
    edition = ds.report.editions[lang]
    out = []
    for kfile in ds.kpi_files:
        years = kfile.years
        for table in kfile.tables:
            for row in table.rows:
                unit = ds.units[row.unit]
                said = [t("chart_value", lang, y=y, v=t("chart_nd", lang) if isinstance(row.values[y], NotDisclosed)
                          else formatting.fmt(row.values[y], edition)) for y in years]
                parts = [t("chart_item", lang, label=row.label.get(lang), unit=unit.label.get(lang),
                           values=_join(ds, lang, "search_list", said))]
                if row.website_note:  # marked as ours in the index as on the page
                    parts.append(t("website_note", lang, text=row.website_note.get(lang)))
                if table.change and len(years) >= 2:
                    delta = formatting.change(row.values[years[-2]], row.values[years[-1]], unit.percent, lang,
                                              ds.report)
                    if delta is not None:
                        parts.append(f'{t("change", lang, a=years[-2], b=years[-1])} {delta}')
                parts.append(table.caption.get(lang))
                if row.hkex:
                    parts.append(t("search_hkex", lang, codes=" ".join(row.hkex)))
                numbers = [n for y in years for n in _numbers(row.values[y])]
                out.append(FigureEntry("data-kpi", row.id, row.label.get(lang),
                                       _join(ds, lang, "search_items", parts), list(dict.fromkeys(numbers))))
    return out


def board_entries(ds: Dataset, lang: str) -> list[FigureEntry]:
    t, board = ds.report.t_text, ds.board
    if not board:
        return []
    out = [FigureEntry("data-kpi", r.id, r.label.get(lang),
                       t("search_board_row", lang, label=r.label.get(lang), y=board.as_of.year,
                         count=formatting.plain(r.count), share=formatting.plain(r.share)))
           for r in board.composition]
    for m in board.members:
        text = t("search_director", lang, name=m.name.get(lang), gender=t(m.gender, lang), age=m.age,
                 role=board.roles[m.role].get(lang))
        if m.note:
            text = _join(ds, lang, "search_items", [text, m.note.get(lang)])
        out.append(FigureEntry("data-director", m.id, m.name.get(lang), text))
    return out


def content_index_entries(ds: Dataset, docs_dir: Path, lang: str) -> list[FigureEntry]:
    """One entry per general disclosure and KPI of the HKEX Guide: its code and aspect, the Guide's wording, and
    where this report covers it (or why not)."""
    t = ds.report.t_text  # a search entry is plain text (escaped once, where the index is written)
    out = []
    for code in ds.guide_order:
        entry = ds.guide[code]
        if entry.kind not in ("general_disclosure", "kpi") or code not in ds.content_index:
            continue
        aspect = ds.guide.get(re.split(r"[-.]", code)[0])
        aspect_text = aspect.text.get(lang) if aspect else ""
        if entry.kind == "general_disclosure":
            title = t("search_ci_title", lang, aspect=aspect_text, item=t("ci_general_disclosure", lang))
        else:
            title = f'{t("ci_kpi", lang)} {code}'
        mapping = ds.content_index[code]
        if mapping.not_applicable:  # as printed: 不適用; an explanation of ours, marked as the website's
            note = t("website_note", lang, text=mapping.website_note.get(lang)) if mapping.website_note else ""
            where = t("not_applicable", lang) + (" " + note if note else "")
        else:
            titles = [section_title(ds, docs_dir, s.page, s.anchor, lang) for s in mapping.sections]
            if lang in ds.report.locales.generated:   # read from the source edition's page
                titles = [ds.report.locales.convert(lang, title) for title in titles]
            where = t("search_labelled", lang, label=t("ci_where", lang), text=_join(ds, lang, "search_list", titles))
        # a general disclosure is the aspect's own item: its text names the aspect too (B5 finds it before B5.1)
        parts = [aspect_text] if entry.kind == "general_disclosure" and aspect_text else []
        parts += [entry.text.get(lang), where]
        # the general disclosure is where an aspect starts: B5 shows it before B5.1 … B5.4 (whose codes are rarer)
        out.append(FigureEntry("data-code", code, title, _join(ds, lang, "search_items", parts),
                               boost=GENERAL_DISCLOSURE_BOOST if entry.kind == "general_disclosure" else None))
    return out


def figure_entries(ds: Dataset, docs_dir: Path, lang: str) -> list[FigureEntry]:
    return kpi_entries(ds, lang) + board_entries(ds, lang) + content_index_entries(ds, docs_dir, lang)


# ── readers' words ──────────────────────────────────────────────────────────
def plain_text(html: str) -> str:
    """What a reader reads in an entry's field: no tags, no U+200B, entities resolved."""
    return unescape(_TAG.sub(" ", html)).replace(ZWSP, "")


_LATIN = re.compile(r"[A-Za-z0-9]")


def _matcher(word: str) -> re.Pattern:
    """Chinese: the word anywhere. Latin: the word whole (plural allowed), any case: 'power' is not 'empowering'."""
    if _LATIN.search(word):
        return re.compile(r"(?<![A-Za-z0-9])" + re.escape(word) + r"(?:e?s)?(?![A-Za-z0-9])", re.I)
    return re.compile(re.escape(word))


class Synonyms:
    """The groups of one language, ready to add readers' words to entries.

    Why one pass: an index has thousands of entries and a language has about two hundred report words; searching
    each entry once per word took seconds of every build (and of every `mkdocs serve` reload). One regex finds, at
    every place in the text, the longest report word starting there; the shorter words that start at the same place
    are its prefixes, checked there alone. The result is exactly the words `_matcher` would find one by one."""

    def __init__(self, groups: list[Group]):
        self.groups = groups
        words = sorted({w for g in groups for w in g.report}, key=len, reverse=True)
        self._by_key = {w.lower(): w for w in words}
        self._prefixes = {w: [v for v in words if v != w and w.lower().startswith(v.lower())] for w in words}
        self._matchers = {w: _matcher(w) for w in words}
        latin = [w for w in words if _LATIN.search(w)]
        han = [w for w in words if not _LATIN.search(w)]
        self._finders = []
        if han:
            self._finders.append(re.compile("(?=(" + "|".join(map(re.escape, han)) + "))"))
        if latin:
            self._finders.append(re.compile(r"(?<![A-Za-z0-9])(?=(" + "|".join(map(re.escape, latin))
                                            + r")(?:e?s)?(?![A-Za-z0-9]))", re.I))

    def words_in(self, text: str) -> set[str]:
        """The report words found in `text` (each as written in data/search_synonyms.yaml)."""
        found = set()
        for finder in self._finders:
            for m in finder.finditer(text):
                longest = self._by_key[m.group(1).lower()]
                found.add(longest)
                found.update(p for p in self._prefixes[longest] if p not in found
                             and self._matchers[p].match(text, m.start()))
        return found

    def add_to(self, doc: dict) -> dict:
        in_title_words = self.words_in(plain_text(doc["title"]))
        in_text_words = self.words_in(plain_text(doc["text"]))
        in_title, in_text = [], []
        for group in self.groups:
            if any(w in in_title_words for w in group.report):
                in_title += group.readers
            elif any(w in in_text_words for w in group.report):
                in_text += group.readers
        for name, words in ((TITLE_SYNONYMS, in_title), (TEXT_SYNONYMS, in_text)):
            field = doc["title"] if name == TITLE_SYNONYMS else doc["text"]
            words = [w for w in dict.fromkeys(words) if not _has_word(field, w)]
            if words:
                doc[name] = " ".join(filter(None, [doc.get(name), *map(_token, words)]))
        return doc


class InnerWords:
    """The report's words that segmentation left inside a longer token, added to the entry as words of their own.

    Why: the search finds a word only at the start of a token (a prefix search). jieba keeps 溫室氣體排放 whole (a
    word of data/), so in 間接溫室氣體排放量 the reader's 排放 or 排放量 starts inside a token and was never found.
    Every word of the segmenter's dictionary (data/jieba_user_dict.txt, the glossary, the synonyms: `words`) that
    begins inside a token of a Chinese run, where the run is read across its tokens (排放量 over 溫室氣體排放|量), is
    added to the synonyms field of the field it stands in, so a query for a phrase the text contains finds it."""

    def __init__(self, words):
        han = sorted({w for w in words if len(w) > 1 and re.fullmatch(f"[{HAN_CLASS}]+", w)}, key=len, reverse=True)
        self._finder = re.compile("(?=(" + "|".join(map(re.escape, han)) + "))") if han else None

    def inside(self, field: str) -> list[str]:
        """The words that begin inside a token of `field` (its U+200B-separated Chinese runs), in order."""
        if not self._finder:
            return []
        found: dict[str, None] = {}
        for run in re.findall(rf"[{HAN_CLASS}{ZWSP}]+", _TAG.sub(" ", unescape(field))):
            starts, joined = set(), ""
            for token in run.split(ZWSP):
                starts.add(len(joined))
                joined += token
            for m in self._finder.finditer(joined):
                if m.start() not in starts:
                    for w in (m.group(1), *[w for w in self._prefixes(joined, m.start())]):
                        found.setdefault(w, None)
        return list(found)

    def _prefixes(self, text: str, at: int):
        """Shorter words starting at the same place (排放 under 排放量): the finder reports the longest only."""
        end = at + 1
        while end < len(text):
            end += 1
            m = self._finder.match(text[at:end])
            if m and m.group(1) == text[at:end]:
                yield text[at:end]

    def add_to(self, doc: dict) -> dict:
        for name, field in ((TITLE_SYNONYMS, "title"), (TEXT_SYNONYMS, "text")):
            words = [w for w in self.inside(doc[field]) if not _has_word(doc[field], w)
                     and w not in (doc.get(name) or "").split(ZWSP)]
            if words:
                doc[name] = " ".join(filter(None, [doc.get(name), *map(_token, words)]))
        return doc


def _has_word(field: str, word: str) -> bool:
    """Whether the field already answers to `word`: a Latin word anywhere in it, a Chinese word as a whole token
    (廢電池 is one token: 電池 alone would not find it)."""
    if has_han(word):
        return word in re.split(r"[\s\u200b，。；：、（）「」“”‘’《》()\[\]:;,!?<>/]+", field)
    return bool(_matcher(word).search(plain_text(field)))


def _token(word: str) -> str:
    """A reader's word as index tokens: Chinese kept whole (it is the reader's word, not jieba's), U+200B around."""
    return ZWSP + escape(word, quote=False) + ZWSP if has_han(word) else escape(word, quote=False)
