"""MkDocs hook: the rendered HTML says which language each text is in, and carries no invalid theme markup.

Why: English pages quote Chinese product names, e.g. "Yizhiyuan (醫知源)". Without `lang="zh-Hant"` on them a screen
reader reads the characters with an English voice (or skips them) and the browser may pick Japanese glyphs (WCAG 3.1.2).
Marking them by hand would be forgotten, so every run of Han characters in text whose language is not Chinese is
wrapped in `<span lang="…">`, the language of the edition that prevails (data/report.yaml), in which those names are
written: in the article (`on_page_content`, so the search index and the PDF see it too),
then in the whole page (`on_post_page`; `on_post_template` for 404.html): navigation, table of contents, switcher.
Text already inside an element with a Chinese `lang` is left alone, so running twice changes nothing.

Material 9.8's `partials/nav-item.html` writes `tabindex=""` on section labels (`{% set tabindex = "0" if not
is_section %}`), which is invalid HTML (the Nu checker: "The empty string is not a valid integer"); browsers treat it
as absent, so removing it changes no behaviour. Wired in EsgPlugin.EVENTS (macros/plugin/__init__.py); tests in
tests/test_accessibility.py.
"""

from __future__ import annotations

import re

from . import _project
from .languages import languages
from macros.model.han import HAN_CLASS, has_han

_CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef"
# A word containing Han characters: Han, CJK punctuation and letters/digits stuck to them ("e研通", "2022年").
_RUN = re.compile(rf"(?:[^\W_]|[{_CJK_PUNCT}])*[{HAN_CLASS}](?:[^\W_]|[{_CJK_PUNCT}])*")
# Markup that is copied unchanged: comments, raw-text elements, foreign content (SVG/MathML cannot hold an HTML
# <span>), and the <title> (plain text only).
_OPAQUE = re.compile(r"<!--.*?-->|<(script|style|textarea|title|svg|math)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)([^>]*)>")
_LANG_ATTR = re.compile(r"""(?:^|\s)lang\s*=\s*["']?([\w-]+)""", re.I)  # not hreflang=, data-lang=
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_PIECE = re.compile(rf"{_OPAQUE.pattern}|{_TAG.pattern}", re.S | re.I)
_EMPTY_TABINDEX = re.compile(r'(<label class="md-nav__link[^"]*"[^>]*?) tabindex=""')


def _is_chinese(lang: str | None) -> bool:
    return bool(lang) and lang.lower().startswith("zh")


def _wrap(text: str, chinese: str) -> str:
    return _RUN.sub(lambda m: f'<span lang="{chinese}">{m.group(0)}</span>', text)


def mark_chinese(html: str, lang: str | None = None, *, chinese: str) -> str:
    """Wrap Han runs in `<span lang="{chinese}">` wherever the text's language (nearest `lang`, else `lang`) is not
    Chinese. Tags, attribute values and opaque elements are copied unchanged. Every page goes through it at every
    build (make serve: all 45 after a template save), so a text with no Han character, or in Chinese, is copied
    without a search for runs, a tag is read from the one match that found it, and a page in Chinese (its <html>
    says so) is read only where an element in another language stands (the language switcher's "English"): two
    thirds of the pages, a third of a template save's time."""
    if not has_han(html):
        return html
    root = _CHINESE_PAGE.match(html) if lang is None else None
    if root and not has_han(html[:root.start(1)]) and not has_han(html[html.rfind("</html"):]):
        return _mark_other_languages(html, root.end(), html.rfind("</html"), chinese)
    return _marked(html, lang, chinese)


_CHINESE_PAGE = re.compile(r"(?:\s|<!.*?>)*(<html\b[^>]*?\slang\s*=\s*[\"']?zh[\w-]*[^>]*>)", re.S | re.I)
_OTHER_LANGUAGE = re.compile(r"<[a-zA-Z][\w:-]*\b[^>]*?\slang\s*=\s*[\"']?(?!zh)[\w-]", re.I)


def _mark_other_languages(html: str, start: int, end: int, chinese: str) -> str:
    """`mark_chinese` of a page in Chinese between `start` and `end` (its <html> element's content): only the
    elements with a `lang` of another language (outside comments and opaque elements) can hold text to mark."""
    out, pos = [], 0
    opaque = [(m.start(), m.end()) for m in _OPAQUE.finditer(html, start, end)]
    for found in _OTHER_LANGUAGE.finditer(html, start, end):
        at = found.start()
        if at < pos or any(a <= at < b for a, b in opaque):
            continue
        close = _element_end(html, at)
        out += [html[pos:at], _marked(html[at:close], "zh", chinese)]
        pos = close
    return "".join(out) + html[pos:] if out else html


def _element_end(html: str, at: int) -> int:
    """Where the element whose start tag is at `at` ends (after its end tag; the end of `html` if it has none), read
    as `mark_chinese` reads elements (an end tag closes the nearest open element of its name)."""
    names: list[str] = []
    for piece in _PIECE.finditer(html, at):
        if piece.group(3) is None:
            continue
        name, attrs = piece.group(3).lower(), piece.group(4)
        if piece.group(2):
            for i in range(len(names) - 1, -1, -1):
                if names[i] == name:
                    if i == 0:
                        return piece.end()
                    del names[i:]
                    break
        elif name not in _VOID and not attrs.rstrip().endswith("/"):
            names.append(name)
        if not names:   # a void or self-closed element: nothing inside it
            return piece.end()
    return len(html)


def _marked(html: str, lang: str | None, chinese: str) -> str:
    out: list[str] = []
    names, foreign = [""], [not _is_chinese(lang)]   # the open elements, and whether their text is not Chinese
    pos = 0
    for piece in _PIECE.finditer(html):   # groups: 1 an opaque element; 2 "/", 3 the name, 4 the attributes of a tag
        if piece.start() > pos:
            text = html[pos:piece.start()]
            out.append(_wrap(text, chinese) if foreign[-1] and has_han(text) else text)
        out.append(piece.group(0))
        pos = piece.end()
        if piece.group(3) is None:  # comment or opaque element
            continue
        name, attrs = piece.group(3).lower(), piece.group(4)
        if piece.group(2):
            for i in range(len(names) - 1, 0, -1):   # pop to the matching open tag (tolerates omitted end tags)
                if names[i] == name:
                    del names[i:], foreign[i:]
                    break
        elif name not in _VOID and not attrs.rstrip().endswith("/"):
            own = _LANG_ATTR.search(attrs) if "lang" in attrs.lower() else None
            names.append(name)
            foreign.append(not _is_chinese(own.group(1)) if own else foreign[-1])
    text = html[pos:]
    out.append(_wrap(text, chinese) if foreign[-1] and has_han(text) else text)
    return "".join(out)


def drop_empty_tabindex(html: str) -> str:
    """Remove Material's invalid `tabindex=""` from navigation section labels."""
    return _EMPTY_TABINDEX.sub(r"\1", html)


def on_page_content(html: str, page, config, files) -> str:
    lang = languages(config).current
    return html if _is_chinese(lang) else mark_chinese(html, lang, chinese=_project.report(config).prevailing)


def on_post_page(output: str, page, config) -> str:
    return drop_empty_tabindex(mark_chinese(output, chinese=_project.report(config).prevailing))


def on_post_template(output_content: str, template_name: str, config) -> str:
    """The 404 page is a theme template, not a page: it gets the same treatment."""
    return on_post_page(output_content, None, config) if template_name.endswith(".html") else output_content
