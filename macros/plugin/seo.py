"""MkDocs hook: what search engines and link previews read — a description for every page, x-default in the sitemap.

Why: Material writes one site-wide `site_description` on every page unless the page has `description:` front
matter, so all pages of a language would share one summary in search results and shared links. Editors should not
have to write one per page, so a page without it is described by its own first paragraph, shortened at a sentence
end (`describe`). The meta tags themselves are written by overrides/partials/meta.html.

hreflang: static-i18n's sitemap lists each page with its zh-Hant and en alternates; we add `x-default` → zh-Hant (the
authoritative text, served at the root) for readers in neither language. hreflang lives only in the sitemap, not in
the page head: see overrides/partials/meta.html. Wired in EsgPlugin.EVENTS (macros/plugin/__init__.py); tested by tests/test_seo.py.
"""

from __future__ import annotations

import functools
import gzip
import re
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from . import _project
from .languages import languages
from macros.model.han import has_han

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


class _FirstParagraph(HTMLParser):
    """The text of the first <p> that is not inside another block (an admonition, a table, a card grid)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.inside, self.text, self.done = 0, False, [], False

    def handle_starttag(self, tag, attrs):
        if tag == "p" and ("role", "note") in attrs:  # a note about the page (zh-Hans: converted), not its summary
            self.depth += 1
        elif tag == "p" and self.depth == 0 and not self.done:
            self.inside = True
        elif tag in ("div", "table", "details", "ul", "ol", "dl", "blockquote", "figure", "p"):
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "p" and self.inside:
            self.inside, self.done = False, bool("".join(self.text).strip())
        elif tag in ("div", "table", "details", "ul", "ol", "dl", "blockquote", "figure", "p"):
            self.depth = max(0, self.depth - 1)

    def handle_data(self, data):
        if self.inside:
            self.text.append(data)


@functools.lru_cache(maxsize=256)   # a pure function: make serve writes a page whose article is kept again
def describe(html: str, limit: int) -> str:   # (a template save: every page), and parsing it was a seventh of that
    """The page's first paragraph as plain text, cut to `limit` characters (the edition's `description_chars`:
    about what a search result shows) at a sentence end, or at a word with …"""
    parser = _FirstParagraph()
    parser.feed(html)
    text = re.sub(r"\s+", " ", unescape("".join(parser.text))).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    # a sentence ends at 。！？； or at . ! ? ; before a space, but not after an abbreviation ("Co., Ltd. (the")
    ends = [m.end() for m in re.finditer(r"[。！？；]|(?<!\bLtd)(?<!\bCo)(?<!\bNo)[.!?;](?=\s)", cut)]
    if ends and ends[-1] >= limit // 2:
        return cut[:ends[-1]].strip()
    if " " in cut and not has_han(cut):
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip("，、：,;: ") + "…"


def on_page_context(context, page, config, nav):
    """A page without `description:` front matter is described by its first paragraph."""
    if not page.meta.get("description"):
        edition = _project.report(config).editions[languages(config).current]
        description = describe(page.content or "", edition.spec.description_chars)
        if description:
            page.meta["description"] = description
    return context


def on_post_build(config, *, state) -> None:
    if state.nested:  # a nested build of another language
        return
    default = languages(config).default
    path = Path(config.site_dir) / "sitemap.xml"
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    tree = ET.parse(path)
    link = f"{{{XHTML_NS}}}link"
    for url in tree.getroot().iter(f"{{{SITEMAP_NS}}}url"):
        alternates = {alt.get("hreflang"): alt.get("href") for alt in url.iter(link)}
        if default in alternates and "x-default" not in alternates:
            ET.SubElement(url, link, rel="alternate", hreflang="x-default", href=alternates[default])
    ET.indent(tree)
    tree.write(path, encoding="UTF-8", xml_declaration=True)
    # MkDocs writes a gzipped copy beside it; keep the two the same (mtime 0: a rebuild gives the same bytes)
    with gzip.GzipFile(Path(config.site_dir) / "sitemap.xml.gz", "wb", mtime=0) as gz:
        gz.write(path.read_bytes())
