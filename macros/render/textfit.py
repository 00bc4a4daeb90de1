"""Text measured and wrapped for inline SVG, where the browser does no wrapping of its own.

Why: the diagrams and charts are drawn at build time, so their labels must be cut into lines by the build. A CJK
character is one em wide, Latin text about 0.6 em (a little wide on purpose, so a line never overruns its box);
Latin breaks at spaces, CJK between characters but never before closing punctuation; lines are evened out so that
no lone last character hangs; a word longer than its box makes the text smaller (fit_px), never overrun.
"""

from __future__ import annotations


# Characters after which a line may not break / before which it may not start (CJK punctuation stays with its word).
NO_START = set("、，。；：？！）」』》〉%")


def _char_em(ch: str) -> float:
    """Advance of a character in ems: full width for CJK and full-width forms, about half for Latin text."""
    code = ord(ch)
    if code >= 0x2E80:
        return 1.0
    if ch == " ":
        return 0.28
    if ch in "mwMW@%&":
        return 0.9
    if ch.isupper() or ch.isdigit():
        return 0.68
    if ch in "iljtf.,;:'!|()-":
        return 0.33
    return 0.6   # measured on Noto Sans and the system UI fonts: a little wide, so a line never overruns its box


def text_width(text: str, px: float) -> float:
    return sum(_char_em(ch) for ch in text) * px


def wrap(text: str, width: float, px: float) -> list[str]:
    """Lines of at most `width` units, as even as the same number of lines allows (no lone last character):
    Latin text breaks at spaces, CJK text between characters (never before closing punctuation). A single word
    longer than the width stays whole on its line."""
    lines = _fill(text, width, px)
    best, narrower = lines, width
    while len(lines) > 1 and narrower > px:
        narrower -= px / 2
        tried = _fill(text, narrower, px)
        if len(tried) > len(lines):
            break
        best = tried
    return best


def _tokens(text: str) -> list[str]:
    """Words and spaces; each CJK character is a word of its own (closing punctuation stays with the one before)."""
    tokens: list[str] = []
    for part in text.split(" "):
        word = ""
        for ch in part:
            if ord(ch) >= 0x2E80 and ch not in NO_START:
                if word:
                    tokens.append(word)
                word = ch
            else:
                word += ch
        if word:
            tokens.append(word)
        tokens.append(" ")
    return tokens[:-1]


def _fill(text: str, width: float, px: float) -> list[str]:
    tokens = _tokens(text)
    lines, line = [], ""
    for tok in tokens:
        if tok == " ":
            if line:
                line += " "
            continue
        if line.strip() and text_width(line + tok, px) > width:
            lines.append(line.rstrip())
            line = tok
        else:
            line += tok
    if line.strip():
        lines.append(line.rstrip())
    return lines or [text]


def fit_px(texts: list[str], width: float, px: float, least: float = 11) -> float:
    """The largest size up to `px` at which every word of `texts` fits `width` (a word is never split): a long
    English word in a narrow column makes the whole diagram's items a little smaller, never overrun."""
    words = [w for t in texts for w in _tokens(t) if w != " "]
    widest = max((text_width(w, 1) for w in words), default=0)
    return max(least, min(px, width / widest)) if widest else px
