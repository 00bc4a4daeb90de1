"""The search's words: synonyms readers type (data/search_synonyms.yaml) and the words jieba must keep whole.

Why: a reader searches with their own words (碳排放, 用電, staff) for figures the report words otherwise
(溫室氣體排放, 外購電力, employees). One reviewed table per language maps them; the glossary's alternative forms of a
term (員工總數 / 僱員總數) are synonyms too, read from data/glossary.yaml rather than repeated. The same terms are the
words Chinese segmentation keeps whole: the glossary's Chinese forms, the synonyms' Chinese words and the directors'
names are given to jieba from their one home; data/jieba_user_dict.txt holds only the words found nowhere else
(and the frequencies that tune jieba's cuts). A generated edition (zh-Hans) gets every word converted.
No MkDocs import: the hook (macros/plugin/search_by_language.py) and the tests use this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import schema
from .text import INVISIBLE
from .dataset import Dataset, _validate
from .yamlsrc import DataError, DataErrors, Located, load, read_source
from .han import HAN_CLASS

SYNONYMS = "data/search_synonyms.yaml"
HAN = re.compile(rf"^[{HAN_CLASS}]+$")
MIXED = re.compile(rf"^(?=.*[A-Za-z0-9])(?=.*[{HAN_CLASS}])[A-Za-z0-9{HAN_CLASS}]+$")


@dataclass(frozen=True)
class Group:
    """In one language: the report's words, and the words that find what they are in."""

    report: tuple[str, ...]
    readers: tuple[str, ...]
    origin: str          # where the group comes from, for error messages: "data/search_synonyms.yaml:12"


@dataclass
class SearchTerms:
    synonyms: schema.SynonymsFile
    located: Located

    def line(self, index: int) -> str:
        return f"{self.located.file}:{self.located.line_of(('groups', index))}"


def load_search_terms(ds: Dataset) -> SearchTerms:
    """data/search_synonyms.yaml, validated (file, line, what, how to mend on any mistake), checked against the
    glossary: a group may not restate what the glossary already says is one term."""
    path = Path(ds.root) / SYNONYMS
    if not path.exists():
        raise DataErrors([DataError(SYNONYMS, None, "", "the search synonyms file is missing",
                                    "restore it from git (it may hold a single group)")])
    located = load(path, SYNONYMS)
    synonyms = _validate(schema.SynonymsFile, located, ds.report.locales)
    errors = []
    same_term = _glossary_forms(ds)
    for i, group in enumerate(synonyms.groups):
        for lang in ds.report.locales.hand:
            for r in group.report.get(lang):
                for w in group.readers.get(lang):
                    term = same_term.get((lang, r.casefold()))
                    if term is not None and term == same_term.get((lang, w.casefold())):
                        errors.append(located.error(("groups", i, "readers", lang), f"'{w}' and '{r}' are forms of "
                                                    "one term in data/glossary.yaml already",
                                                    f"delete '{w}' here: the glossary makes them synonyms"))
    if errors:
        raise DataErrors(errors)
    return SearchTerms(synonyms, located)


def _glossary_forms(ds: Dataset) -> dict[tuple[str, str], int]:
    """{(language, form casefolded): glossary term number} for the languages written by hand (Chinese forms are
    the Traditional ones; a generated edition converts them)."""
    zh = _chinese_source(ds)
    out = {}
    for n, term in enumerate(ds.glossary):
        for form in term.zh:
            out[(zh, form.casefold())] = n
        for form in term.en:
            out[(_latin(ds), form.casefold())] = n
    return out


def _chinese_source(ds: Dataset) -> str:
    """The hand-written Chinese edition, which the glossary's `zh` forms are in (the one generated editions convert)."""
    sources = set(ds.report.locales.generated.values()) or {ds.report.prevailing}
    return next(iter(sources))


def _latin(ds: Dataset) -> str:
    """The hand-written edition the glossary's `en` forms are in: the one that is not the Chinese source."""
    zh = _chinese_source(ds)
    return next(lang for lang in ds.report.locales.hand if lang != zh)


def groups(ds: Dataset, terms: SearchTerms, lang: str) -> list[Group]:
    """Every synonym group in `lang`: the file's, then one per glossary term with several forms in that language
    (each form finds the others)."""
    out = []
    for i, g in enumerate(terms.synonyms.groups):
        report = g.report.get(lang)
        readers = tuple(w for w in dict.fromkeys(g.readers.get(lang)) if w not in report)  # zh-Hans may merge them
        if readers:
            out.append(Group(tuple(report), readers, terms.line(i)))
    source = ds.report.locales.generated.get(lang, lang)
    for n, term in enumerate(ds.glossary):
        forms = term.zh if source == _chinese_source(ds) else term.en if source == _latin(ds) else []
        if lang != source:
            forms = [ds.report.locales.convert(lang, f) for f in forms]
        forms = list(dict.fromkeys(forms))
        if len(forms) > 1:
            out.append(Group(tuple(forms), tuple(forms), f"data/glossary.yaml (term {n + 1}: {forms[0]})"))
    return out


# ── the words jieba keeps whole ─────────────────────────────────────────────
@dataclass(frozen=True)
class Word:
    word: str
    freq: int | None = None      # None: jieba suggests a frequency that keeps the word whole
    tag: str | None = None
    origin: str = ""


_USER_LINE = re.compile(r"(\S+)(?: ([0-9]{1,9}))?(?: ([a-z]+))?", re.ASCII)


def user_dictionary(path: Path, rel: str) -> list[Word]:
    """data/jieba_user_dict.txt: `word [frequency [kind]]` a line; a bad line stops the build with its number."""
    words, errors = [], []
    for n, line in enumerate(read_source(path, rel).splitlines(), 1):
        if not line.strip():
            continue
        if INVISIBLE.search(line):
            errors.append(DataError(rel, n, "", "an invisible character in the line", "retype the line"))
            continue
        # the line as jieba itself reads it (Material loads this file too): single spaces, ASCII digits, a lower-case
        # kind. A tab, '²' or '１０００' (which str.isdigit accepts and int() or jieba does not) is refused here.
        parts = _USER_LINE.fullmatch(line.strip())
        if not parts:
            wide = "".join(sorted({c for c in line if "\uff01" <= c <= "\uff5e" or c == "\u3000"}))
            why = f": '{wide}' written with full-width characters (a Chinese input method)" if wide else ""
            errors.append(DataError(rel, n, "", f"'{line.strip()}' is not `word frequency kind`{why}",
                                    "write the word, one space, a whole number in 0-9 digits (at most 9), one space, "
                                    "its kind in lower-case letters (e.g. 醫知源 1000 nz)"
                                    + (", with the input method switched to English for the digits, spaces and kind"
                                       if wide else "")))
            continue
        word, freq, tag = parts.groups()
        words.append(Word(word, int(freq) if freq else None, tag, f"{rel}:{n}"))
    if errors:
        raise DataErrors(errors)
    return words


def shared_words(ds: Dataset, terms: SearchTerms) -> list[Word]:
    """The Chinese words that have a home elsewhere: the glossary's forms, the synonyms' words, the directors' names
    (Traditional; only Han characters, or Han with Latin letters and digits as in e研通: jieba sees nothing else)."""
    zh = _chinese_source(ds)
    found: dict[str, str] = {}
    for n, term in enumerate(ds.glossary):
        for form in term.zh:
            found.setdefault(form, f"data/glossary.yaml (term {n + 1})")
    for i, group in enumerate(terms.synonyms.groups):
        for word in (*group.report.get(zh), *group.readers.get(zh)):
            found.setdefault(word, terms.line(i))
    if ds.board:
        for m in ds.board.members:
            found.setdefault(m.name.get(zh), "data/board.yaml")
    return [Word(w, origin=o) for w, o in found.items() if len(w) > 1 and (HAN.match(w) or MIXED.match(w))]


def _inner_word(title: str, words) -> str | None:
    """A word of the report standing inside a document's title after its start (反洗錢 in 中華人民共和國反洗錢法).
    Such a title is left for jieba to cut into its words: kept whole, it would be one search token, and a reader's
    反洗錢 (a prefix search) would never reach it. A whole title typed into the search box still finds its page (the
    query is cut the same way)."""
    return next((w for w in words if w != title and title.find(w) > 0), None)


def jieba_words(ds: Dataset, terms: SearchTerms, user_dict: Path, rel: str) -> list[Word]:
    """Every word for jieba: the user dictionary's lines (with their frequencies) and the shared words it lacks; a
    document's title with another of these words inside it is left out (see `_inner_word`)."""
    own = user_dictionary(user_dict, rel)
    listed = {w.word for w in own}
    words = own + [w for w in shared_words(ds, terms) if w.word not in listed]
    titles = {form for term in ds.glossary if term.title for form in term.zh}
    plain = [w.word for w in words]
    return [w for w in words if not (w.word in titles and _inner_word(w.word, plain))]


# ── what jieba learns, and what it can change ───────────────────────────────
def common_as(forms, counts: dict) -> int | None:
    """A word without its own frequency is as common as its form in a generated edition is in jieba's (Simplified)
    dictionary: 員工 as 员工. Left to jieba (None), a Traditional word got the least count that keeps it whole on its
    own, and lost to its neighbours (全職員工 cut 全 / 職員 / 工, where a reader's 員工 missed it)."""
    return max((counts.get(form, 0) for form in forms), default=0) or None


def learn(tokenizer, words: list[Word], forms_of, dictionary) -> dict[str, int]:
    """Teach jieba's `tokenizer` (jieba's own `dictionary` and what Material loaded of data/jieba_user_dict.txt)
    every word and each of its forms in a generated edition (`forms_of(word)`: 範疇一 → {范畴一}), a later word's
    form over an earlier one's; score every cut against the dictionary's total; return {form: its count}.

    Why the total is fixed: a cut is the most probable path, each word weighing log(count / total). jieba's add_word
    adds each count to the total, so a word added anywhere moved every cut of every text, and a save of one word had
    the whole search index cut again. With the total fixed, a cut of a run of Han characters reads only the counts
    of the run's own substrings (jieba's DAG and route; its HMM, for runs of single characters, reads only the run
    and the words forced apart, count 0): a word changes only the cut of a text that holds it (`changed_words`).

    A word's count: its own (data/jieba_user_dict.txt), else as common as its generated form is in the dictionary
    (`common_as`), else the least that keeps it whole (jieba's suggestion), each form on its own, the shorter words
    first, against the dictionary and the words already taught: a count then reads only words inside the word, never
    the order or number of the others. The words forced apart are made afresh (jieba keeps one set per process, and a
    word whose 0 was deleted stayed forced apart)."""
    from jieba import finalseg

    counted: dict[str, tuple[int | None, str | None]] = {}
    for w in words:
        forms = set(forms_of(w.word)) - {w.word}
        count = w.freq if w.freq is not None else common_as(forms, dictionary.FREQ)
        for form in (w.word, *sorted(forms)):
            counted.pop(form, None)   # the last word to give a form its count gives it its place too
            counted[form] = (count, w.tag)
    finalseg.Force_Split_Words.clear()
    to_suggest = [form for form, (count, _) in counted.items() if count is None]
    for form in to_suggest:   # as the dictionary has it, not as Material's loading suggested it (over its own total)
        if form in dictionary.FREQ:
            tokenizer.FREQ[form] = dictionary.FREQ[form]
        else:
            tokenizer.FREQ.pop(form, None)
    for form, (count, kind) in counted.items():
        if count is not None:
            tokenizer.add_word(form, count, kind)
    tokenizer.total = dictionary.total
    learned = {form: count for form, (count, _) in counted.items()}
    for form in sorted(to_suggest, key=len):
        learned[form] = tokenizer.suggest_freq(form)
        tokenizer.add_word(form, learned[form], counted[form][1])
        tokenizer.total = dictionary.total
    return learned


def changed_words(old, new) -> frozenset[str]:
    """The forms whose count differs between two of `learn`'s answers (as items or dicts): added, removed or
    recounted. A cut of a text that holds none of them is the same with either (see `learn`)."""
    old, new = dict(old), dict(new)
    return frozenset(w for w in old.keys() | new.keys() if old.get(w) != new.get(w))


def holds_any(text: str, words) -> bool:
    """Whether `text` holds one of `words` (Latin words in any case: a reader's word matches as readers type it)."""
    folded = text.casefold()
    return any(w.casefold() in folded for w in words)
