"""MkDocs hook, right after the macros render a page: a call that a macro refused stops the build with the page, the
line of the call and the refusal, in the form of every other message about a page.

Why: mkdocs-macros catches any error of a macro, logs it with a traceback and exits with status 100; `mkdocs build
-q` prints nothing at all. Most refusals are told before the page renders (macros/model/page_template.py with
PageMacros._call_problem); this is the net for the rest (a figure that cannot be written in words, a content-index
heading that is missing). Wired in EsgPlugin.EVENTS (macros/plugin/__init__.py).
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError


def on_page_markdown(markdown: str, page, config, files):
    """A macro that refused its call while the page rendered (macros/page_macros.py _told) stops the build here, with
    the page, the line of the call and the refusal, instead of mkdocs-macros' traceback."""
    from macros.page_macros import PAGE_CALLS

    failed = PAGE_CALLS.pop("failed", [])
    if not failed:
        return markdown
    where = f"{config.docs_dir.rstrip('/').rpartition('/')[2]}/{page.file.src_uri}"
    lines = page.file.content_string.split("\n")
    told = []
    for name, args, kwargs, message in failed:
        line = call_line(lines, name, args, kwargs)
        message = message.removeprefix(f"{page.file.src_uri}: ")
        told.append(f"  - {where}{f':{line}' if line else ''}: {message}")
    raise PluginError(f"{len(told)} problem(s) in {where} — the build stops until they are fixed:\n" + "\n".join(told)
                      + "\n    How to fix: correct the call as the message says; CONTRIBUTING.md 'Change a number' "
                        "shows each macro")


def call_line(lines: list[str], name: str, args: tuple, kwargs: dict) -> int | None:
    """The line of a page that makes this call: the first that names the macro with all its arguments (the same
    macro may be called on other lines with others), else the first that names the macro and its first argument."""
    words = [str(a) for a in args] + [f"{key}=" for key in kwargs]
    for needed in (words, words[:1], []):
        for n, text in enumerate(lines, start=1):
            if f"{name}(" in text and all(word in text for word in needed):
                return n
    return None
