"""What a text written by an editor may contain: no invisible characters, and in a Traditional Chinese text no
character that exists only in Simplified Chinese.

Why: text pasted from Word, a PDF or a chat carries characters a reader cannot see (zero-width spaces, direction
marks, control characters): they break search, word counts and the downloads, silently. And a Simplified character
typed into the Traditional text that prevails is a slip no spell checker flags. Both are checked in data/ (every
string, macros/model/yamlsrc.py and schema.py) and in the pages (macros/plugin/safe_pages.py), naming file and line.
No MkDocs import.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .han import is_han

# Characters an editor never means to type and a reader cannot see: control characters (but tab and newline), the
# soft hyphen, zero-width spaces and joiners, direction marks, embeddings and isolates (U+202A–202E, U+2066–2069),
# invisible operators, line/paragraph separators, Hangul fillers, interlinear annotation marks, the BOM, tag
# characters (U+E0000–E007F, which can spell hidden text), and a lone surrogate (half a character, from a broken
# escape). Pasted from Word or a PDF, they break search and downloads silently, or hide what a text says.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\uffa0\ufeff\ufff9-\ufffb\ud800-\udfff"
    "\U000e0000-\U000e007f]")


def char_name(char: str) -> str:
    """U+00AD SOFT HYPHEN: the code and the Unicode name, so that an editor can look the character up."""
    if "\ud800" <= char <= "\udfff":
        return f"U+{ord(char):04X} (a lone surrogate: half a character)"
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'unnamed control character')})"


def invisible_problem(text: str) -> str | None:
    """The first invisible character of `text` (or the first word mixing scripts), told so that an editor can find
    it; None if there is none."""
    found = INVISIBLE.search(text)
    if not found:
        return mixed_script_problem(text)
    start = max(found.start() - 20, 0)
    before = text[start:found.start()]
    where = f"after '{INVISIBLE.sub('', before)}'" if found.start() else "at the start"
    return f"invisible character {char_name(found.group(0))} at position {found.start() + 1} ({where})"


# A word that mixes Latin letters with Cyrillic or Greek ones (Medlivе with a Cyrillic е) reads as the word but is
# not it: search misses it, and it can pass for a name it is not. A word all of Cyrillic letters that look Latin
# (Соре) is the same trick. The report has no Cyrillic or Greek text; a real one would be a whole word of it.
_WORD = re.compile(r"[^\W\d_]+")
_LOOKALIKE = set("АВЕКМНОРСТХаеорсухіјѕԁԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧονρ")


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    for script in ("LATIN", "CYRILLIC", "GREEK"):
        if name.startswith(script):
            return script
    return ""


_FOREIGN = re.compile("[\u0370-\u03ff\u0400-\u052f\u1c80-\u1c8f\u1f00-\u1fff\u2de0-\u2dff\ua640-\ua69f]")


def mixed_script_problem(text: str) -> str | None:
    """'the word 'Medlivе' mixes Latin and Cyrillic letters: U+0435 (CYRILLIC SMALL LETTER IE)', or None."""
    if not _FOREIGN.search(text):   # no Greek or Cyrillic letter at all: the common case, answered at once
        return None
    for word in _WORD.finditer(text):
        scripts = {_script(c) for c in word.group(0)} - {""}
        foreign = [c for c in word.group(0) if _script(c) in ("CYRILLIC", "GREEK")]
        if len(scripts) > 1 or (foreign and len(word.group(0)) > 1 and all(c in _LOOKALIKE for c in foreign)
                                and len(foreign) == len(word.group(0))):
            return (f"the word '{word.group(0)}' at position {word.start() + 1} mixes scripts or is written in "
                    f"letters that look Latin: {char_name(foreign[0])}")
    return None


INVISIBLE_FIX = ("delete it: retype the text around it (it was probably pasted from Word, a PDF or a chat); a look-alike "
                 "letter: retype the word on an English keyboard")


def visible_text(text: str) -> str:
    """Refuse invisible characters, naming the first one and where it is (a pydantic validator)."""
    problem = invisible_problem(text)
    if problem:
        raise ValueError(f"{problem}; {INVISIBLE_FIX}")
    return text


# (s2t, not s2hk: s2hk also turns standard Traditional characters into Hong Kong variants, 溫→温, 說→説. s2t leaves
# 面 系 志 才 只 周 alone already.)
# Characters OpenCC's s2t changes although they are standard Traditional characters too (a Traditional text may
# well contain them). Each with the reason; a character missing here and used rightly in a Traditional text stops
# the build: add it here with its reason.
TRADITIONAL_TOO: dict[str, str] = {
    "后": "皇后, 太后: its own Traditional character (後 is 'after')",
    "干": "干擾, 干涉, 干預: its own Traditional character (幹 and 乾 are others)",
    "里": "公里, 鄰里: Traditional (裏/裡 is 'inside')",
    "台": "台灣, 舞台, 平台: the usual Hong Kong form beside 臺",
    "准": "批准, 准許: Traditional (準 is 'standard')",
    "余": "a surname and 'I' in Traditional text (餘 is 'surplus'; the printed report writes 余 for 餘 at times)",
    "云": "人云亦云: Traditional (雲 is 'cloud')",
    "丰": "丰采: Traditional (豐 is 'abundant')",
    "范": "a surname in Traditional text (範 is 'model')",
    "床": "床位: the standard Traditional form (牀 is a variant)",
    "峰": "高峰, 碳達峰: the standard Traditional form (峯 is a variant)",
    "群": "群體, 社群: the standard Traditional form (羣 is a variant)",
    "夸": "Traditional in 夸父 (誇 is 'boast')",
    "朴": "a surname in Traditional text (樸 is 'plain')",
    "仆": "前仆後繼: Traditional (僕 is 'servant')",
    "吁": "呼吁 is Simplified, but 吁 alone is Traditional ('sigh')",
    "征": "征服: Traditional (徵 is 'levy')",
}


def _allowed(char: str) -> bool:
    return char in TRADITIONAL_TOO


@lru_cache(maxsize=None)
def _s2t():
    import opencc  # the PyPI package `opencc`

    return opencc.OpenCC("s2t")


@lru_cache(maxsize=65536)
def _traditional_form(char: str) -> str:
    return _s2t().convert(char)


def simplified_only(text: str) -> list[tuple[str, str]]:
    """The characters of `text` that exist only in Simplified Chinese, each with its Traditional form, in order of
    first appearance. A character counts when OpenCC's s2t changes it and it is not in TRADITIONAL_TOO."""
    found: dict[str, str] = {}
    for char in text:
        if is_han(char) and char not in found and not _allowed(char):
            traditional = _traditional_form(char)
            if traditional != char:
                found[char] = traditional
    return list(found.items())


def simplified_problem(text: str) -> str | None:
    """'Simplified character(s) 历 (Traditional: 歷) in a Traditional Chinese text', or None."""
    found = simplified_only(text)
    if not found:
        return None
    listed = ", ".join(f"{s} (Traditional: {t})" for s, t in found)
    return f"Simplified character(s) in Traditional Chinese text: {listed}"


SIMPLIFIED_FIX = ("write the Traditional character; if the character is right in Traditional Chinese, add it with the "
                  "reason to TRADITIONAL_TOO in macros/model/text.py")


def placeholder_problem(text: str) -> str | None:
    """A UI string's {placeholders} are names only: `{home}`, never `{text.__class__}` (which would publish Python
    internals), `{0}`, `{n!r}` or `{n:>30}` (a format code); a lone brace is a slip. None when the text is fine."""
    import string

    try:
        fields = list(string.Formatter().parse(text))
    except ValueError as exc:
        return f"a brace that opens or closes nothing ({exc}); write {{{{ or }}}} for a brace shown as text"
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            shown = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            return f"the placeholder {{{shown}}} is not a plain name"
    return None


def template_problem(text: str, allowed: tuple[str, ...]) -> str | None:
    """A text the build fills in with str.format (a report title's {year}, a date's {y}): names only
    (placeholder_problem), each one the code gives (`allowed`). Else '{yaer}' or '{}' stops the build with a bare
    KeyError or IndexError, and '{year:>99999999}' writes a title of a hundred million characters."""
    import string

    problem = placeholder_problem(text)
    if problem:
        return problem
    for _, name, _, _ in string.Formatter().parse(text):
        if name is not None and name not in allowed:
            return (f"'{{{name}}}' is not a value this text can use; it can use "
                    f"{', '.join('{' + n + '}' for n in allowed)}")
    return None


# Characters that make markup in HTML or Markdown: a phrase of the zh-Hans table is put into the converted page's
# Markdown, so it must be words only.
_MARKUP_CHARS = re.compile(r"[<>&\[\]()*_`{}#|!\\]")


def plain_phrase(text: str) -> str:
    """Refuse a phrase-table entry that carries markup characters (a pydantic validator)."""
    found = _MARKUP_CHARS.search(text)
    if found:
        raise ValueError(f"'{found.group(0)}' at position {found.start() + 1}: a phrase is words only, no markup; "
                         "delete the character")
    return text
