"""No word broken across a page in the PDF (issue 24: "never across a page").

Why after the layout: CSS cannot ask for it. WeasyPrint 70 knows hyphenate-limit-chars and hyphenate-limit-zone only
(weasyprint/css/properties.py); `hyphenate-limit-last` and `hyphenate-limit-lines` are "unknown property" warnings.
So the typesetter reads the laid-out pages: a page whose last line of text ends with the hyphen the typesetter added
names the word it broke, and the document is typeset again with that word kept whole wherever it is (a word kept
whole costs a line a little looseness, nothing else). Typesetting again costs as much CPU as the first time, and only
happens when a page ends so. Free of MkDocs; the WeasyPrint
document is read by duck typing (pages, their boxes), so this module does not import WeasyPrint.
"""

from __future__ import annotations

import re

_NOT_TEXT = re.compile(r"(<svg\b.*?</svg>|<style\b.*?</style>|<[^>]+>)", re.S)
_WORD_CHARS = r"[\w\u2019'-]"


def _boxes(box, kind: str):
    """Every box of class `kind` (LineBox, TextBox) under `box`, in document order, not looking inside one."""
    for child in getattr(box, "children", None) or []:
        if type(child).__name__ == kind:
            yield child
        else:
            yield from _boxes(child, kind)


def words_broken_at_page_end(pages) -> list[str]:
    """The words the typesetter broke at the foot of a page: for each of WeasyPrint's laid-out `pages` (document.pages),
    the lowest line of its text (not its running head or footnotes: the page's root box only) ending with its
    hyphenate character; the whole word, as the source element writes it."""
    words = []
    for page in pages:
        root = page._page_box.children[0]   # the document's root box on this page; margins and footnotes apart
        lines = list(_boxes(root, "LineBox"))
        if not lines:
            continue
        last = max(lines, key=lambda line: line.position_y + line.height)
        texts = list(_boxes(last, "TextBox"))
        if not texts:
            continue
        text, hyphen = texts[-1].text, texts[-1].style["hyphenate_character"]
        if not hyphen or not text.endswith(hyphen):
            continue
        head = re.search(rf"{_WORD_CHARS}+$", text[: -len(hyphen)])
        element = texts[-1].element
        source = "".join(element.itertext()) if element is not None else ""
        whole = re.search(rf"(?<!\w){re.escape(head.group(0))}{_WORD_CHARS}*", source) if head else None
        if whole and whole.group(0) not in words:
            words.append(whole.group(0))
    return words


def keep_whole(document: str, words: list[str]) -> str:
    """The print document with every occurrence of `words` in its text (not in tags, drawings or styles) kept whole
    (report.css .esg-whole: never hyphenated)."""
    if not words:
        return document
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                         + r")(?![\w-])")
    return "".join(part if part.startswith("<") else pattern.sub(r'<span class="esg-whole">\1</span>', part)
                   for part in _NOT_TEXT.split(document))
