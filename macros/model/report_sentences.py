"""Every sentence of the printed report is on the pages of the edition that prevails, with only the recorded mends.

Why: the zh-Hant pages are the printed report, word for word, except for the slips mended in data/printed/mends.yaml
(issue 20: changing the printed report is a visible, deliberate act). A sentence reworded on a page without its mend,
or deleted, or a mend recorded while the page still prints the slip, stops the build at the page's line, with the
printed sentence and its line, what differs, and the exact line to add to the mends. Pure functions of text: the
plugin (macros/plugin/report_text.py) gives them the printed text, the mends and each page's article; the tests
(tests/test_content.py) use the same ones.

How the printed text becomes sentences: the text was extracted from the PDF (wrapped lines, running headers, diagram
labels run together), so wrapped lines are joined, and split on 。！？；; diagram labels (short lines without
punctuation, or cells of a line split by spaces) count each on their own. The appendices (KPI tables, laws, the HKEX
index) are rendered from data/ and checked there, so only the narrative before them is read.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from html import unescape

from .han import HAN, HAN_CLASS
from .printed import PRINTED_TEXT, apply_mends, unwrapped

MENDS_FILE = "data/printed/mends.yaml"

# Running headers: chapter names printed at the top of each page, sometimes after the page number ("18智能化…").
RUNNING_HEADERS = {"關於本報告", "董事會聲明", "關於我們", "ESG策略與管理", "智能化工具助力醫生臨床決策",
                   "數字化營銷賦能藥企降本增效", "人性化經營打造有溫度的企業", "規範化治理確保業務穩健發展"}
# From here on the report is Appendix 1–3, rendered from data/ and checked against it (macros/model/printed.py).
APPENDIX_START = "2022年環境關鍵績效"
# Printed lines whose text is not in reading order, so each line is compared on its own rather than joined to the
# next: (first line, last line, why). Line numbers are those of data/printed/report.zh-Hant.txt.
LAYOUT = [
    (948, 951, "list of certifications printed without bullets or full stops"),
    (953, 964, "data-centre table: each row's label is printed after its text"),
]
# Diagram labels that the extraction ran together without a space: printed → the labels.
RUN_TOGETHER = {"銷售團隊中高管理層新員工": ["銷售團隊", "中高管理層", "新員工"],
                "履職與評價名單審查": ["履職與評價", "名單審查"]}
SENTENCE_END = "。！？；"
CLAUSE_PUNCT = "，。；：、！？,;:"
# cells of a diagram line: a space next to a Han character, with a letter or digit on the other side; or 2+ spaces;
# or a bullet "• " (not the dot inside a name such as 「禮贊生命•為愛而歌」)
CELL_GAP = re.compile(rf"(?<=[{HAN_CLASS}])\s+(?=[{HAN_CLASS}A-Za-z0-9])|(?<=[A-Za-z0-9])\s+(?=[{HAN_CLASS}])"
                      r"|\s{2,}|•(?=\s)")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the printed text and the line of data/printed/report.zh-Hant.txt it starts on."""

    text: str
    line: int


# the patterns of every build are compiled once: the build's many others push them out of re's cache
_PAGENUMBER, _PAGENUMBER_LEAD = re.compile(r"\d{1,3}"), re.compile(r"^\d{1,3}\s*")
_SENTENCE_SPLIT = re.compile(rf"(?<=[{SENTENCE_END}])")


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _is_running_header(line: str) -> bool:
    s = line.strip()
    return bool(_PAGENUMBER.fullmatch(s)) or _PAGENUMBER_LEAD.sub("", s) in RUNNING_HEADERS


def printed_sentences(lines: list[str], first_line: int = 1) -> list[Sentence]:
    """Sentences of printed text with their line: wrapped lines joined, split on 。！？；. Diagram labels (short lines
    with no punctuation, or cells of a line split by spaces) count each on their own."""
    layout = {n for a, b, _ in LAYOUT for n in range(a, b + 1)}
    pieces: list[tuple[str, bool, int]] = []  # (text, stands on its own, line)
    for number, line in enumerate(lines, first_line):
        if not line.strip() or _is_running_header(line):
            continue
        cells = [c.strip() for c in CELL_GAP.split(line.strip().lstrip("•")) if c.strip()]
        cells = [part for c in cells for part in RUN_TOGETHER.get(c, [c])]
        for c in cells:
            alone = len(cells) > 1 or number in layout or (len(c) <= 20 and not any(p in c for p in CLAUSE_PUNCT))
            pieces.append((c, alone, number))
    units: list[list[tuple[str, int]]] = []   # each unit: its pieces, with their lines
    current: list[tuple[str, int]] = []
    for i, (text, alone, number) in enumerate(pieces):
        if alone:
            units += [current, [(text, number)]] if current else [[(text, number)]]
            current = []
            continue
        current.append((text, number))
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        # a line that ends a sentence, introduces a list, or is clearly shorter than the next ends a paragraph
        if nxt is None or nxt[1] or text[-1] in SENTENCE_END + "：:" or _width(text) < 0.9 * _width(nxt[0]):
            units.append(current)
            current = []
    sentences = []
    for unit in units:
        joined = "".join(text for text, _ in unit)
        starts, at = [], 0   # the line of each character of the unit
        for text, number in unit:
            starts += [number] * len(text)
        for s in _SENTENCE_SPLIT.split(joined):
            begin, at = at, at + len(s)
            lead = len(s) - len(s.lstrip())
            s = s.strip()
            if len(s) <= 20 and s.endswith(("：", ":")):
                s = s[:-1]  # a label introducing a list or box is its title on the page ("環境承諾：")
            if len(HAN.findall(s)) >= 2:  # page numbers, "AI", "&", "2022.02" are not sentences
                sentences.append(Sentence(s, starts[min(begin + lead, len(starts) - 1)]))
    return sentences


def source_sentences(lines: list[str], first_line: int = 1) -> list[str]:
    """The sentences of printed text, without their lines."""
    return [s.text for s in printed_sentences(lines, first_line)]


def narrative(text: str) -> list[str]:
    """The lines of the printed text before its appendices (which are rendered from data/ and checked there)."""
    lines = text.split("\n")
    end = next((i for i, line in enumerate(lines) if line.strip() == APPENDIX_START), len(lines))
    return lines[:end]


_THOUSANDS, _SPACES = re.compile(r"(?<=\d),(?=\d{3})"), re.compile(r"\s+")
_QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})


def normalise(text: str) -> str:
    """What may differ between print and page without changing the text: width of punctuation and letters, spaces,
    thousands separators our number formatting adds, quote style, letter case. Counts the report writes in Chinese
    numerals (九名董事) must read so on the page too (`kpi(…, words=True)`), never as digits (9名董事)."""
    text = _THOUSANDS.sub("", unicodedata.normalize("NFKC", text))
    return _SPACES.sub("", text).lower().translate(_QUOTES)


def _normalise_map(text: str) -> tuple[str, list[int]]:
    """`normalise(text)` character by character, with the position in `text` of each character it keeps: a
    difference found in the normalised texts is shown, and written into a mend, as the editor typed it."""
    out: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        for d in unicodedata.normalize("NFKC", c).lower().translate(_QUOTES):
            if not d.isspace():
                out.append(d)
                where.append(i)
    drop = {k for k, d in enumerate(out) if d == "," and 0 < k and out[k - 1].isdigit()
            and "".join(out[k + 1:k + 4]).isdigit() and len(out[k + 1:k + 4]) == 3}
    return "".join(d for k, d in enumerate(out) if k not in drop), [w for k, w in enumerate(where) if k not in drop]


_RESTATED_MARK = re.compile(r'<small class="esg-restated"[^>]*>.*?</small>', re.S)   # macros/render/restated.py
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_OTHER_LANGUAGE = re.compile(r'<(p|td|th|li|div)\b[^>]*\slang="[^"]+"[^>]*>.*?</\1>', re.S)
_DEFINITION, _IN_WORD, _TAG = re.compile(r"</dt>\s*<dd>"), re.compile(r"</?(sub|sup)\b[^>]*>"), re.compile(r"<[^>]+>")


def article_text(html: str, colon: str = "：") -> str:
    """A page's article (its rendered HTML) as plain text; a definition list reads `term：definition` as the report
    prints it (`colon`). Text its markup says is in another language on purpose (the masthead's company name in the
    other script, the downloads centre's language names) is left out; accessible_html's automatic <span lang> is
    not such markup."""
    html = _HEADERLINK.sub("", html)
    html = _RESTATED_MARK.sub("", html)   # the website's "restated" beside a figure: the figure is what is compared
    html = _OTHER_LANGUAGE.sub(" ", html)
    html = _DEFINITION.sub(colon, html)
    html = _IN_WORD.sub("", html)   # inside a word, as a reader reads it: tCO<sub>2</sub>e is tCO2e
    return unescape(_SPACES.sub(" ", _TAG.sub(" ", html))).strip()


def mended(sentence: str, pairs: list[tuple[str, str]]) -> str:
    """The sentence as the site has it: the mends of the printed text that touch it, applied (apply_mends)."""
    return _mended(sentence, _Ordered(pairs))


class _Ordered:
    """Mends in apply_mends' order (characters, then words), found by their first character: most sentences have
    none of them, and looking each mend up in each sentence was half the check's time."""

    def __init__(self, pairs):
        self.pairs = sorted(pairs, key=lambda pair: len(pair[0]) > 1)
        self.by_first: dict[str, list[int]] = {}
        for i, (old, _) in enumerate(self.pairs):
            self.by_first.setdefault(old[:1], []).append(i)


def _mended(sentence: str, ordered: _Ordered) -> str:
    todo = sorted(i for c in set(sentence) for i in ordered.by_first.get(c, ()))
    done: set[int] = set()
    while todo:
        i = todo.pop(0)
        old, new = ordered.pairs[i]
        done.add(i)
        if old in sentence:
            sentence = apply_mends(sentence, [(old, new)])
            # a later mend may start from what this one made (关系 → 關系 → 關係)
            todo = sorted(set(todo) | {j for c in set(new) for j in ordered.by_first.get(c, ()) if j > i} - done)
    return sentence


@functools.lru_cache(maxsize=4)
def _expected(text: str, pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[Sentence, str], ...]:
    """Each sentence of the narrative with its normalised, mended text: the same for every build until the printed
    text or the mends change (`make serve` saves pages far more often)."""
    ordered = _Ordered(pairs)
    return tuple((s, normalise(_mended(s.text, ordered))) for s in printed_sentences(narrative(text)))


def missing_sentences(text: str, pairs: list[tuple[str, str]], site_text: str,
                      figures: Figures | None = None) -> list[Sentence]:
    """The sentences of the printed narrative `text`, mended by `pairs` (as printed, as on the site), that are not
    in `site_text` (the pages' text, joined). A figure inside a sentence comes from data/ and is checked there
    (macros/model/printed.py, data/restatements.yaml): a sentence is found with its figures as data/ has them now
    (`figures`), tried on the sentences missing only."""
    site = normalise(site_text)
    missing = [s for s, expected in _expected(text, tuple(pairs)) if expected not in site]
    if missing and figures:
        missing = [s for s in missing if not figures.found(mended(s.text, pairs), site)]
    return missing


NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Figures:
    """The figures of data/ as the pages write them: `numbers`, each normalised (3720000, 620, 129.480), and the
    restated ones as (printed, now) in every form a page writes them (digits, words: 九 → 十)."""

    numbers: frozenset[str] = frozenset()
    restated: tuple[tuple[str, str], ...] = ()

    def found(self, sentence: str, site: str) -> bool:
        """The sentence is on the site (normalised) with its restated figures as now, or with each of its numbers
        either as printed or as a figure of data/ (a page's fact or KPI figure, changed since printing)."""
        changed = [pair for pair in self.restated if pair[0] != pair[1]]
        if changed and normalise(mended(sentence, changed)) in site:
            return True
        wanted = normalise(sentence)
        parts = NUMBER.split(wanted)
        if len(parts) == 1:
            return False
        pattern = r"(\d+(?:\.\d+)?)".join(re.escape(part) for part in parts)
        printed = NUMBER.findall(wanted)
        return any(all(n == was or n in self.numbers for n, was in zip(m.groups(), printed))
                   for m in re.finditer(pattern, site))


def coverage(text: str, pairs: list[tuple[str, str]], site_text: str,
             figures: Figures | None = None) -> tuple[int, list[Sentence]]:
    """(how many sentences the narrative has, those not on the site)."""
    return len(_expected(text, tuple(pairs))), missing_sentences(text, pairs, site_text, figures)


# ── what an editor is told ───────────────────────────────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class Page:
    """A page of the edition that prevails: its file (docs/…), its Markdown as written, its article as text."""

    file: str
    slug: str
    markdown: str
    text: str


@dataclass(frozen=True)
class TextMend:
    """A mend of the printed text (not a label's own) and its line in data/printed/mends.yaml."""

    printed: str
    site: str
    line: int | None = None


NEAR = 0.6   # a page passage that shares this share of a sentence's characters, in order, is that sentence reworded


def sentence_problems(text: str, mends: list[TextMend], pages: list[Page],
                      figures: Figures | None = None, limit: int | None = None) -> list[str]:
    """Every sentence of the printed narrative not on `pages`, told as an editor can mend it: the page where it most
    likely went and its line, the printed sentence and its line, what differs and the mend line to record, or
    that a recorded mend is not on the page, or "put the sentence back". The first `limit` of them only, if given
    (a page deleted misses a hundred: each costs a search of every page)."""
    pairs = [(m.printed, m.site) for m in mends]
    site_text = "\n".join(p.text for p in pages)
    missing = missing_sentences(text, pairs, site_text, figures)
    if not missing:
        return []
    expected = _expected(text, tuple(pairs))
    normalised = [(p, *_normalise_map(p.text)) for p in pages]

    def proves(sentence: Sentence, proposed: list[tuple[str, str]]) -> bool:
        """With the proposed mends the sentence is found, and no other goes missing (a passage that only looked
        like the sentence would propose mends that reword others)."""
        # not through _expected's cache, which keeps the sentences under the build's own mends for the next save
        site = normalise(site_text)
        after = {s for s, expected in _expected.__wrapped__(text, tuple(pairs + proposed))
                 if expected not in site and not (figures and figures.found(mended(s.text, pairs + proposed), site))}
        return sentence not in after and not after - set(missing)

    return [_problem(s, text, mends, pairs, normalised, expected, proves) for s in missing[:limit]]


def _problem(s: Sentence, text: str, mends: list[TextMend], pairs, pages, expected, proves) -> str:
    want = mended(s.text, pairs)
    want_n, want_at = _normalise_map(want)
    at_printed = f"{PRINTED_TEXT}:{s.line}"
    best = max(((page, norm, at, *_passage(norm, want_n)) for page, norm, at in pages), key=lambda x: x[3],
               default=None)
    if best is None or best[3] < NEAR * len(want_n):
        return _deleted(s, at_printed, pages, expected)
    page, norm, at, _, ops = best
    lo, hi = min(op[3] for op in ops), max(op[4] for op in ops)
    passage = page.text[at[lo]: at[hi - 1] + 1] if hi > lo else ""
    # a recorded mend whose printed words the page still has, where the sentence is
    unapplied = [m for m in mends if m.printed in s.text and normalise(m.printed) in norm[lo:hi]
                 and normalise(m.site) not in norm[lo:hi]]
    if unapplied:
        m = unapplied[0]
        where = f"{MENDS_FILE}:{m.line}" if m.line else MENDS_FILE
        line = _line_of(page.markdown, [m.printed] + _han_runs(passage))
        return (f"{page.file}{line}: the page still has 「{m.printed}」, which {where} mends into 「{m.site}」 "
                f"(the printed sentence, {at_printed}: {s.text})\n"
                f"    How to fix: write 「{m.site}」 on the page; or, to keep the printed words, delete that mend.")

    def printed(x1: int, x2: int) -> str:   # the sentence's words, as printed (and mended), from the positions
        return want[want_at[x1]: want_at[x2 - 1] + 1] if x2 > x1 else ""   # in its normalised text

    diffs = []
    for tag, a1, a2, b1, b2 in ops:
        if tag == "equal":
            continue
        a1, a2, b1, b2 = _unique(text, want_n, norm, (a1, a2, b1, b2), printed)
        printed_words = printed(a1, a2)
        site_words = page.text[at[b1]: at[b2 - 1] + 1] if b2 > b1 else ""
        site_words = _CJK_SPACE.sub("", site_words)
        if (printed_words, site_words) not in diffs:
            diffs.append((printed_words, site_words))
    line = _line_of(page.markdown, [w for _, w in diffs if w] + _han_runs(passage))
    said = "; ".join(f"the report prints 「{p}」, the page has 「{w}」" for p, w in diffs)
    if not proves(s, diffs):   # no mend of these words makes the sentence found without rewording others
        return (f"{page.file}{line}: a sentence of the printed report reads otherwise on this page, or is on no "
                f"page: {said}\n    The printed sentence ({at_printed}): {s.text}\n"
                "    How to fix: put the printed words back on the page (a mend of a meant change names words the "
                f"report prints only there: {MENDS_FILE}).")
    lines = "\n".join(f"      - {{printed: {_yaml(p)}, site: {_yaml(w)}, where: \"{page.slug}\"}}" for p, w in diffs)
    return (f"{page.file}{line}: a sentence of the printed report reads otherwise on this page: {said}\n"
            f"    The printed sentence ({at_printed}): {s.text}\n"
            f"    How to fix: if the change is meant, record it: add under mends: in {MENDS_FILE}\n{lines}\n"
            "    otherwise put the printed words back on the page.")


# spaces the page's markup leaves next to Chinese text (a tag's edge): not the editor's
_CJK = rf"[\u3000-\u303f\uff00-\uffef{HAN_CLASS}]"   # Han characters, CJK and full-width punctuation
_CJK_SPACE = re.compile(rf"\s+(?={_CJK})|(?<={_CJK})\s+")


def _passage(norm: str, want: str) -> tuple[int, list]:
    """The passage of a page's normalised text most like the sentence `want`: (how many characters they share, in
    order; the opcodes from the sentence to it, with positions of `norm` on the page's side)."""
    if not want or not norm:
        return 0, []
    anchor = difflib.SequenceMatcher(None, norm, want, autojunk=False).find_longest_match(0, len(norm), 0, len(want))
    if anchor.size == 0:
        return 0, []
    slack = max(8, len(want) // 3)
    start = max(0, anchor.a - anchor.b - slack)
    window = norm[start: anchor.a - anchor.b + len(want) + slack]
    blocks = [b for b in difflib.SequenceMatcher(None, want, window, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return 0, []
    # the passage runs from the first to the last character it shares with the sentence
    lo, hi = blocks[0].b, blocks[-1].b + blocks[-1].size
    ops = difflib.SequenceMatcher(None, want, window[lo:hi], autojunk=False).get_opcodes()
    ops = [(tag, a1, a2, b1 + start + lo, b2 + start + lo) for tag, a1, a2, b1, b2 in ops]
    # a sentence whose start or end is gone: what the page lacks there
    if blocks[0].a > 0:
        ops.insert(0, ("delete", 0, blocks[0].a, start + lo, start + lo))
    last = blocks[-1].a + blocks[-1].size
    if last < len(want):
        ops.append(("delete", last, len(want), start + hi, start + hi))
    return sum(b.size for b in blocks), ops


MEND_WORDS = 4


def _unique(text: str, want_n: str, norm: str, span: tuple[int, int, int, int], printed) -> tuple[int, int, int, int]:
    """A difference widened by the words around it until its printed side is printed only there (a mend applies
    everywhere the report prints its words: 終端 alone would change every 終端), of a word or two (MEND_WORDS
    characters at least), and the page's side a word too (two characters at least). The printed text is read with
    its wrapped lines joined, as the sentences are (and as check_mends reads a mend's words)."""
    a1, a2, b1, b2 = span
    joined = unwrapped(text)

    def done() -> bool:
        words = printed(a1, a2)
        return (len(words) >= min(MEND_WORDS, len(want_n)) and b2 - b1 >= min(2, len(norm))
                and joined.count(words) <= 1)

    while not done():
        left = a1 > 0 and b1 > 0 and want_n[a1 - 1] == norm[b1 - 1]
        right = a2 < len(want_n) and b2 < len(norm) and want_n[a2] == norm[b2]
        if not (left or right):
            break
        # a word around it, rather than a punctuation mark; left first
        if left and (HAN.match(want_n[a1 - 1]) or not (right and HAN.match(want_n[a2]))):
            a1, b1 = a1 - 1, b1 - 1
        else:
            a2, b2 = a2 + 1, b2 + 1
    return a1, a2, b1, b2


def _deleted(s: Sentence, at_printed: str, pages, expected) -> str:
    """A sentence no page has anything like: the page and line of the printed sentence before it (or after it)."""
    order = [x for x, _ in expected]
    i = order.index(s)
    neighbours = [expected[j] for j in range(i - 1, -1, -1)][:20] + [expected[j] for j in range(i + 1, len(order))][:20]
    for other, norm_other in neighbours:
        for page, norm, _ in pages:
            if norm_other in norm:
                line = _line_of(page.markdown, _han_runs(other.text))
                side = "after" if other.line <= s.line else "before"
                return (f"{page.file}{line}: a sentence of the printed report is on no page ({at_printed}): "
                        f"{s.text}\n    How to fix: put the sentence back, {side} 「{_short(other.text)}」; the "
                        "pages carry the whole printed report (a slip in it is mended, and the mend recorded in "
                        f"{MENDS_FILE}).")
    return (f"{at_printed}: a sentence of the printed report is on no page: {s.text}\n"
            "    How to fix: put the sentence back on its page.")


def _short(text: str, n: int = 24) -> str:
    return text if len(text) <= n else text[:n] + "…"


def _han_runs(text: str) -> list[str]:
    """Runs of four or more Han characters, longest first: words to look for in a page's Markdown."""
    return sorted(_HAN_RUN.findall(text), key=len, reverse=True)


_HAN_RUN = re.compile(f"[{HAN_CLASS}]{{4,}}")


def _line_of(markdown: str, words: list[str]) -> str:
    """':N', the line of the page's Markdown where the first of `words` it has stands; '' if none."""
    for w in words:
        k = markdown.find(w) if w else -1
        if k >= 0:
            return f":{markdown.count(chr(10), 0, k) + 1}"
    return ""


_YAML_PLAIN = re.compile(r"^[^\s:,{}\[\]#&*!|>'\"%@`?-][^:,{}\[\]#]*(?<!\s)$")


def _yaml(words: str) -> str:
    """Words as a value of a YAML flow mapping: plain when YAML reads them back as these words (not 20, a number;
    not yes, a truth value), else double-quoted (JSON is YAML)."""
    import yaml

    plain = _YAML_PLAIN.match(words) and yaml.safe_load(f"[{words}]") == [words]
    return words if plain else json.dumps(words, ensure_ascii=False)
