"""Typographic quotes in the text of a rendered page: "Board" → “Board”, Company's → Company’s; and CO₂ with a real
subscript wherever the report writes CO2 (tCO2e, CO2e, CO2).

Why: the pages' Markdown gets them from Python-Markdown's smarty (mkdocs.yml), but text rendered from data/ (KPI
labels, laws, milestones, notes) reaches the page as HTML, which Markdown passes through untouched: 50 straight
quotes were left in the English PDF. This curls the quotes of every text node of the article, written as characters
or as the references html.escape writes (&quot; &#x27;); markup, attributes, code, scripts, styles and drawings are
left as they are. A quote opens after a space, an opening bracket or a dash (or at the start), and closes otherwise;
an apostrophe inside or after a word, or before figures ('000s), is ’.
CO2's 2 becomes <sub>2</sub> in text, and the subscript character ₂ in a drawing's text (SVG text holds no <sub>); the
PDF takes both from the page, as it takes the quotes.
"""

from __future__ import annotations

import re

# what is never text to curl: comments, code and raw-text elements, drawings, and any tag with its attributes
_SKIP = re.compile(r"<!--.*?-->|<(script|style|pre|code|kbd|samp|textarea|svg|math)\b.*?</\1\s*>|<[^>]+>",
                   re.S | re.I)
_QUOTE = re.compile(r"&quot;|&#x27;|&#39;|&#34;|&#x22;|[\"']", re.I)
# carbon dioxide as the report writes it: tCO2e, CO2e, CO2 (not CO20, SCO2x)
CO2 = re.compile(r"(?<![A-Za-z])(t?CO)2(e?)(?![A-Za-z0-9])")
_SVG_TEXT = re.compile(r"(<svg\b.*?</svg>)", re.S | re.I)
_OPENS_AFTER = set(" \t\n\u00a0([{\u2014\u2013-/\u201c\u2018")


def curl_quotes(html_text: str) -> str:
    """The page's HTML with straight quotes in its text curled (see the module's docstring)."""
    out, last, previous = [], 0, " "
    for match in _SKIP.finditer(html_text):
        text = html_text[last:match.start()]
        out.append(_curl(text, previous))
        previous = _last_char(text, previous)
        if re.match(r"<(br|p|li|td|th|div|h\d|dd|dt)\b", match.group(0), re.I):
            previous = " "   # a new block or line: a quote after it opens
        out.append(match.group(0))
        last = match.end()
    out.append(_curl(html_text[last:], previous))
    return "".join(out)


def _last_char(text: str, previous: str) -> str:
    plain = re.sub(r"&[#\w]+;", "x", text)
    return plain[-1] if plain else previous


def _curl(text: str, previous: str) -> str:
    def one(match: re.Match) -> str:
        before = text[:match.start()]
        char = re.sub(r"&[#\w]+;$", "x", before)[-1:] if before else previous
        double = match.group(0).lower() in ('"', "&quot;", "&#34;", "&#x22;")
        opening = char in _OPENS_AFTER
        if double:
            return "\u201c" if opening else "\u201d"
        elided = text[match.end():match.end() + 1].isdigit()   # '000s, '90s: an apostrophe, never an opening quote
        return "\u2018" if opening and not elided else "\u2019"
    return _QUOTE.sub(one, text)


def subscript_co2(html_text: str) -> str:
    """The page's HTML with CO2's 2 set as a subscript in its text: <sub>2</sub> in HTML text, ₂ in SVG text."""
    out = []
    for part in _SVG_TEXT.split(html_text):
        if part[:4].lower() == "<svg":
            out.append(re.sub(r"(?<=>)([^<]*)", lambda m: CO2.sub("\\1\u2082\\2", m.group(1)), part))
            continue
        last = 0
        for match in _SKIP.finditer(part):
            out.append(CO2.sub(r"\1<sub>2</sub>\2", part[last:match.start()]))
            out.append(match.group(0))
            last = match.end()
        out.append(CO2.sub(r"\1<sub>2</sub>\2", part[last:]))
    return "".join(out)
