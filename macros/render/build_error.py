"""The page `make serve` shows in the browser while the site cannot be built: the build's own messages, escaped.

Why: an editor previews in the browser, not in the terminal. When a save breaks the build, MkDocs' live-reload server
keeps the last good page (or leaves the browser waiting) and prints the reason only in the terminal. This page carries
the same words the terminal shows (file, line, what is wrong, how to fix it) and says that the next good save brings
the page back. Its texts come from data/ui_strings.yaml (`preview_error_*`), in the edition the reader was viewing.
The messages are text, never markup: a message may quote what the editor typed (`<script>` included).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from macros.render.escaping import escape

# "data/kpis/environmental.yaml:23: …", "docs/about-us.en.md:12 …" or "mkdocs.yml:165: …": where a message points, bold;
# the second of two files too ("docs/x.zh-Hant.md:9 and docs/x.en.md:9: …")
_WHERE = re.compile(r"(?m)(^\s*(?:-\s+)?|(?<=\S) and )"
                    r"((?:(?:data|docs|overrides|macros)/[\w./-]+|mkdocs\.yml)(?::\d+)?)")


def error_messages(records: Iterable[str], exception: BaseException | None) -> list[str]:
    """What to show, in order: each ERROR/WARNING message of the failed build once; then the exception's own
    message when no logged message already says it (an exception that is not a build error, named by its type).
    MkDocs' own last line, "Aborted with a BuildError!", says only that the build stopped, which the page's title
    says: it is shown only when nothing else was logged."""
    out: list[str] = []
    for text in records:
        text = _BLANKS.sub("\n\n", _TRACEBACK.sub("", text)).strip()
        if text and text not in out:
            out.append(text)
    if exception is not None and not isinstance(exception, SystemExit):
        said = str(exception).strip()
        if not any(said and said in text for text in out):
            out.append(f"{type(exception).__name__}: {said}")
    elif exception is not None and not out and not str(exception).strip().isdigit():
        out.append(str(exception))   # MkDocs' Abort, only when no message says why: it is no problem of its own
    return out


# mkdocs-macros logs a failed macro with the Python traceback in a ``` block: the terminal keeps it, the editor's
# page does not (the message above it says what is wrong)
_TRACEBACK = re.compile(r"```\s*\nTraceback \(most recent call last\):.*?```", re.S)
_BLANKS = re.compile(r"\n\s*\n+")


def edition_of(path: str, prefixes: dict[str, str]) -> str:
    """The edition a requested path belongs to: the one with the longest folder prefix ('' for the edition at /)."""
    path = path.lstrip("/")
    return max((lang for lang, prefix in prefixes.items() if path.startswith(prefix)),
               key=lambda lang: len(prefixes[lang]))


def error_page(messages: list[str], lang: str, texts: dict[str, str]) -> str:
    """A whole HTML page: `texts` holds `title`, `lead` and `recover` in `lang` (plain text, escaped here)."""
    items = "\n".join(f"<li><pre>{_marked(message)}</pre></li>" for message in messages)
    return (
        f'<!doctype html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(texts['title'])}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f'<main class="esg-build-error" role="alert">\n<h1>{escape(texts["title"])}</h1>\n'
        f"<p>{escape(texts['lead'])}</p>\n<ol>\n{items}\n</ol>\n<p>{escape(texts['recover'])}</p>\n</main>\n"
        "</body>\n</html>\n")


def _marked(message: str) -> str:
    """The message escaped, with each file:line it names in bold."""
    text = str(escape(message))
    return _WHERE.sub(lambda m: f"{m[1]}<strong>{m[2]}</strong>", text)


# System faces only (nothing from other hosts); long lines wrap on a phone.
_STYLE = ("body{font-family:system-ui,sans-serif;margin:0;padding:1rem;line-height:1.5;color:#1a1a1a;"
          "background:#fff}main{max-width:60rem;margin:auto}h1{color:#a40000;font-size:1.5rem}"
          "ol{padding-left:1.2rem}pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.9rem;"
          "background:#fff4f4;border-left:4px solid #a40000;padding:.6rem .8rem;margin:.4rem 0}")
