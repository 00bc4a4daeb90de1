"""MkDocs hook: MkDocs' own warnings about a page's links, told as every other message about a page is: the file,
the line, what is wrong and how to mend it.

Why: MkDocs checks each link to a page and an anchor (validation: in mkdocs.yml), but says only "Doc file
'x.en.md' contains a link 'othr.md', but the target is not found among documentation files": no line, no folder,
no way forward. A logging filter rewrites those warnings in place (they still count as warnings, and the strict build
still stops on them). Pure rewriting (`rewrite`) is apart from the wiring (`on_config`), for the tests.
"""

from __future__ import annotations

import difflib
import logging
import re
from pathlib import Path

NOT_FOUND = re.compile(r"Doc file '(?P<src>[^']+)' contains a link '(?P<link>[^']+)', but the target(?: '[^']+')? is "
                       r"not found among documentation files\.")
NO_ANCHOR = re.compile(r"Doc file '(?P<src>[^']+)' contains a link '(?P<link>[^']+)', but (?:the doc '(?P<to>[^']+)' "
                       r"does not contain an anchor|there is no such anchor on this page)")
HEADING_ID = re.compile(r"^\s*#{1,6}\s.*\{#([a-z0-9-]+)[^}]*\}\s*$", re.M)


def _line(text: str, link: str) -> int | None:
    for number, line in enumerate(text.split("\n"), start=1):
        if f"]({link}" in line or f"]: {link}" in line or f"<{link}>" in line:
            return number
    return next((n for n, line in enumerate(text.split("\n"), start=1) if link in line), None)


def rewrite(message: str, docs_dir: Path, kpi_ids=()) -> str | None:
    """MkDocs' warning about a link, with the page's line and the mend; None for any other message."""
    docs = docs_dir.name
    found = NOT_FOUND.match(message)
    if found:
        src, link = found["src"], found["link"]
        page = link.split("#")[0]
        slugs = sorted({p.name.split(".")[0] for p in docs_dir.glob("*.md")})
        close = difflib.get_close_matches(page.removesuffix(".md"), slugs, n=1)
        where = _where(docs_dir, src, link)
        return (f"{where}: the link '{link}' goes to no page of {docs}/\n    How to fix: link to a page by its file "
                f"name without the language, [text](about-us.md) or [text](about-us.md#heading-id)"
                + (f"; did you mean {close[0]}.md?" if close else ""))
    found = NO_ANCHOR.match(message)
    if found:
        src, link = found["src"], found["link"]
        anchor = link.partition("#")[2]
        target = docs_dir / (found["to"] or src)
        ids = HEADING_ID.findall(target.read_text(encoding="utf-8")) if target.is_file() else []
        ids += [f"kpi-{k}" for k in kpi_ids] if anchor.startswith("kpi-") else []
        close = difflib.get_close_matches(anchor, ids, n=1)
        return (f"{_where(docs_dir, src, link)}: the link '{link}' goes to '#{anchor}', which {docs}/"
                f"{found['to'] or src} does not have\n    How to fix: use the {{#id}} of one of its headings, or "
                f"kpi-<KPI id> for a row of Appendix 1" + (f"; did you mean #{close[0]}?" if close else ""))
    return None


def _where(docs_dir: Path, src: str, link: str) -> str:
    page = docs_dir / src
    line = _line(page.read_text(encoding="utf-8"), link) if page.is_file() else None
    return f"{docs_dir.name}/{src}" + (f":{line}" if line else "")


class _Rewrite(logging.Filter):
    """Rewrites MkDocs' link warnings for one build (its docs/ and KPI ids)."""

    def __init__(self, docs_dir: Path, kpi_ids: tuple):
        super().__init__()
        self.docs_dir, self.kpi_ids = docs_dir, kpi_ids

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            told = rewrite(record.getMessage(), self.docs_dir, self.kpi_ids)
            if told:
                record.msg, record.args = told, ()
        return True


def on_config(config):
    """The filter of this build replaces the last one's (a preview rebuilds; a test builds several sites)."""
    from macros.model.data_reads import unrecorded
    from macros.model.dataset import cached_dataset

    logger = logging.getLogger("mkdocs.structure.pages")
    for earlier in [f for f in logger.filters if isinstance(f, _Rewrite)]:
        logger.removeFilter(earlier)
    ds = cached_dataset(Path(config.config_file_path).parent)
    with unrecorded(ds):   # the KPI ids word a message, never a page: under make serve no page's read (a row added
        kpi_ids = tuple(ds.rows)   # rendered all 45 pages again)
    logger.addFilter(_Rewrite(Path(config.docs_dir), kpi_ids))
    return config
