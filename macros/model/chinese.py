"""Traditional → Simplified Chinese for the generated edition: OpenCC characters, then a reviewed table of words,
each replaced only where it stands as a word, then the edition's punctuation.

Why: the zh-Hans edition is converted at build from the zh-Hant text, never kept by hand, so it cannot drift from the
text that prevails. OpenCC's `hk2s` converts characters only; the printed report writes many words the Hong Kong or
Taiwan way (資料中心, 品質, 持份者, 範疇二) that a mainland reader writes otherwise, so `data/zh_hans_phrases.yaml`
lists those, reviewed one by one. A word of that table is replaced only where the text, cut into words by jieba
(the segmenter the site's search already uses), has a word boundary before and after it: 數位 is a word in 數位營銷
but not in 小數位數 (小数/位数), 品質 is not in 藥品質量 (药品/质量). A raw substring replacement broke both.
A longer entry wins over a shorter one at the same place, which is how a sense is kept (回饋社會 guards 回饋).
Quoted wording (the HKEX Guide's, `quoted`) gets characters and punctuation only, and keeps that form wherever a
later pass meets it again (the content index page that shows it).
`left_unconverted` tells whether a text has anything left to convert: a second pass that changes nothing is the proof
that no Traditional character is left.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from functools import lru_cache


@lru_cache(maxsize=None)
def _opencc(config: str):
    import opencc  # the PyPI package `opencc`

    return opencc.OpenCC(config)


@lru_cache(maxsize=None)
def _segmenter():
    """jieba's own dictionary (Simplified), without its HMM guesses, so a cut depends on known words only."""
    import jieba  # noqa: PLC0415  (loaded only where a generated edition is built)

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def share_dictionary(tokenizer) -> None:
    """Give another jieba `tokenizer` (jieba's global one, which Material's search loads its user words into) the
    dictionary this module has read, as its own copy: the words it learns later stay its own, and jieba's dictionary
    is read once per build, not twice (0.7 s each time). Each call starts it afresh, words learned since forgotten:
    jieba's add_word adds a word's count to the total each time, so the same words learned again at every edition of
    a build and at every save under `make serve` moved where the search cut (每项 in the preview, 每 项 in a full
    build); every edition's search now cuts from the same dictionary, in any build."""
    pristine = _segmenter()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(pristine.FREQ), pristine.total, True


def default_dictionary():
    """jieba's own dictionary as this module read it (a Tokenizer never taught a word: read it, never add to it).
    The search counts its words against it (macros/plugin/search_by_language.py `learn`): their frequencies and the
    total every cut is scored with are then the same whatever other words the search learns."""
    return _segmenter()


def cut_boundaries(text: str) -> frozenset[int]:
    """The offsets in a Simplified `text` where one word ends and the next begins (0 and len(text) included)."""
    bounds, at = {0}, 0
    for word in _segmenter().cut(text, HMM=False):
        at += len(word)
        bounds.add(at)
    return frozenset(bounds)


_line_boundaries = lru_cache(maxsize=50_000)(cut_boundaries)


def word_boundaries(text: str) -> frozenset[int]:
    """`cut_boundaries(text)`, cut line by line, each line's cut kept (a pure function of the line). Why by line:
    under `make serve` a save in data/ changes a line or two of a page (a row added to a table), and cutting the
    whole page's text again was most of its conversion (a second of a save). The same offsets: jieba cuts each run of
    Chinese, Latin letters and digits on its own, and a line break is a word of its own (a "\r\n" is one word, so
    such a text is cut whole)."""
    if "\r" in text:
        return _line_boundaries(text)
    bounds, at = set(), 0
    for line in text.split("\n"):
        bounds.update(at + b for b in _line_boundaries(line))
        at += len(line) + 1
    return frozenset(bounds)


_ACTING: dict[tuple, dict[str, tuple]] = {}   # a converter's definition → its answers (Converter.acting_on)


def _answers_of(definition: tuple) -> dict[str, tuple]:
    """The answers of every converter with this definition. Why shared: each save of data/ under `make serve` loads
    a new converter, and the preview compares the last one's answers with the new one's for every text the pages
    converted (a twentieth of a second, each time, when the table did not change)."""
    if definition not in _ACTING and len(_ACTING) >= 4:   # the table as it was a few saves ago is gone
        del _ACTING[next(iter(_ACTING))]
    return _ACTING.setdefault(definition, {})


class Converter:
    """One conversion: `Converter("hk2s", [("資料中心", "数据中心"), …], {"「": "“"})(text)`.

    `phrases` pairs a word as the Traditional text prints it with its form for the edition's readers; a pair whose
    two sides convert alike is a guard (it keeps a longer word, or a sense, from a shorter entry)."""

    VERBATIM_MIN = 6   # characters: a shorter quotation is a name or heading, kept by the words it is made of
    ANSWERS_KEPT = 2_000   # texts (a build converts some 30, pages of a few thousand characters): a long make serve
    #                        session of page saves keeps tens of megabytes at most, then answers afresh

    def __init__(self, opencc_config: str, phrases=(), punctuation: dict[str, str] | None = None):
        self.opencc_config = opencc_config
        char = _opencc(opencc_config)
        self.phrases: dict[str, str] = {}        # the word in Simplified characters → the edition's word
        self.printed: dict[str, str] = {}        # the same word → as the Traditional text prints it
        for printed, mainland in phrases:
            key = char.convert(printed)
            if key in self.phrases and self.phrases[key] != mainland:
                raise ValueError(f"'{printed}' and '{self.printed[key]}' are the same word in Simplified "
                                 f"characters ('{key}') but become '{mainland}' and '{self.phrases[key]}'")
            self.phrases[key], self.printed[key] = mainland, printed
        self._by_first: dict[str, list[str]] = {}
        for key in sorted(self.phrases, key=len, reverse=True):
            self._by_first.setdefault(key[0], []).append(key)
        self._punctuation = str.maketrans(punctuation or {})
        self._cache: dict[str, str] = {}
        self.verbatim: set[str] = set()          # quoted wording, converted: no table word is replaced inside it
        self._verbatim_re = None
        self._acting: dict[str, tuple] | None = None   # text → acting_on(text): _ACTING's, once looked up

    def __eq__(self, other) -> bool:
        """Two converters are equal when they convert alike: a preview compares the data before and after a save."""
        return isinstance(other, Converter) and self._definition() == other._definition()

    __hash__ = None

    def _definition(self) -> tuple:
        return self.opencc_config, self.phrases, self.printed, self._punctuation, self.verbatim

    def _chars(self, text: str) -> str:
        return _opencc(self.opencc_config).convert(text).translate(self._punctuation)

    def __call__(self, text: str) -> str:
        if text in self._cache:
            return self._cache[text]
        out = self._words(self._chars(text), None)
        if len(self._cache) < 50_000:
            self._cache[text] = out
        return out

    def quoted(self, text: str) -> str:
        """Wording quoted from another body (the HKEX Guide): characters and punctuation only, never the table's
        words, here and wherever a later conversion meets the result again."""
        out = self._chars(text)
        if len(out) >= self.VERBATIM_MIN and out not in self.verbatim:   # a name (社區) alone would hide a word
            self.verbatim.add(out)
            self._verbatim_re = None   # made again at its next use: one compilation, not one per quotation
            self._cache.clear()
            self._acting = None
        return out

    def acting_on(self, text: str) -> tuple:
        """What of this conversion can act on the Traditional `text`: OpenCC's configuration and the punctuation,
        each entry of the table whose word is in the text's characters (word → the edition's word) and each quoted
        wording there. Why: two converters that answer alike convert `text` alike (an entry replaces only where its
        word stands; where words stand is jieba's cut of the text alone), so under `make serve` a save of the phrase
        table renders again only the texts an added, changed or removed entry can change (data_reads: `conversion`)."""
        if self._acting is None:
            self._acting = _answers_of((self.opencc_config, tuple(self.phrases.items()),
                                        tuple(sorted(self._punctuation.items())), frozenset(self.verbatim)))
        if text in self._acting:
            return self._acting[text]
        chars = self._chars(text)
        present = set(chars)
        words = tuple(sorted((key, self.phrases[key]) for first in present & self._by_first.keys()
                             for key in self._by_first[first] if key in chars))
        quoted = tuple(sorted(q for q in self.verbatim if q[0] in present and q in chars))
        answer = (self.opencc_config, tuple(sorted(self._punctuation.items())), words, quoted)
        if len(self._acting) < self.ANSWERS_KEPT:
            self._acting[text] = answer
        return answer

    def fired(self, text: str) -> Counter:
        """How often each entry (as printed) stands as a word in the Traditional `text`: what the table does there."""
        used: Counter = Counter()
        self._words(self._chars(text), used)
        return used

    def _words(self, text: str, used: Counter | None) -> str:
        """`text` (Simplified characters) with each table word replaced where it starts and ends at a word boundary;
        at one place the longest entry that does wins."""
        if not self._by_first or not any(ch in self._by_first for ch in text):
            return text
        bounds = word_boundaries(text)
        if self.verbatim and self._verbatim_re is None:
            self._verbatim_re = re.compile("|".join(map(re.escape, sorted(self.verbatim, key=len, reverse=True))))
        kept = [m.span() for m in self._verbatim_re.finditer(text)] if self._verbatim_re else []
        out, done = [], 0
        for at in sorted(bounds):
            if at < done or at >= len(text) or text[at] not in self._by_first:
                continue
            for key in self._by_first[text[at]]:
                end = at + len(key)
                if end in bounds and text.startswith(key, at) and not any(a < end and at < b for a, b in kept):
                    out += [text[done:at], self.phrases[key]]
                    done = end
                    if used is not None:
                        used[self.printed[key]] += 1
                    break
        out.append(text[done:])
        return "".join(out)

    def left_unconverted(self, text: str) -> list[str]:
        """The characters of `text` that a further pass would still change (empty: fully converted)."""
        again = _opencc(self.opencc_config).convert(text)
        return sorted({a for a, b in zip(text, again) if a != b}) if len(again) == len(text) else [text]
