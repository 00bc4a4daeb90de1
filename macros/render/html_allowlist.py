"""The final HTML of a page, header and footer included, checked against an allow-list by an HTML5 parser.

Why: every other check looks at one source (a page, a data text, a UI string) with its own rules; this one looks at
what the reader's browser gets, parsed the way the browser parses it (tinyhtml5: the WHATWG parsing algorithm, kept by
the WeasyPrint team; a pinned dependency of WeasyPrint already). Regexes miss what a parser sees: `<scr<b></b>ipt>`,
an attribute without quotes, an entity in a URL. So, after all rendering:

- the article (the report's text, figures and diagrams) may hold only the elements and attributes of CONTENT_* below:
  no script, style, form, iframe, object, embed, base, meta, link; no event handler; no style attribute;
- the theme around it (header, nav, footer, head) may hold what Material and overrides/ write, and nothing that runs
  or redirects: scripts only by `src` from the site's own files (plus Material's inert JSON configuration), no meta
  refresh, no base, forms without an action, no style element or attribute, no event handler;
- every URL anywhere is relative (the site's own), or https:// to a host listed in mkdocs.yml (`extra.link_hosts`,
  the site's own host included), or mailto:. No javascript:, data:, file:, or plain http://.

No MkDocs import: macros/plugin/safe_pages.py calls it on every built page (on_post_page) and names the source file.
"""

from __future__ import annotations

import hashlib
import json
import re
from urllib.parse import urlsplit

import tinyhtml5
from tinyhtml5 import inputstream


class _RegexCache(dict):
    """tinyhtml5 2.1.0 means to cache the regex of each `chars_until` call, but its chained assignment
    (`characters = cache[(characters, opposite)] = regex`) rebinds `characters` first, so every call compiles the
    regex again: half the parse time. This dict builds the same regex on a miss, so the lookup always hits. Same
    output (checked on the whole site); drop it when tinyhtml5 fixes inputstream.chars_until."""

    def __missing__(self, key):
        characters, opposite = key
        regex = "".join([f"\\x{ord(character):02x}" for character in characters])
        self[key] = compiled = re.compile(f"[{regex if opposite else '^' + regex}]+")
        return compiled


if isinstance(getattr(inputstream, "characters_until_regex", None), dict):
    inputstream.characters_until_regex = _RegexCache()

# ── the article: what Markdown, our macros and our diagrams write ───────────────────────────────────────────────
CONTENT_ELEMENTS = frozenset("""
a abbr article b blockquote br caption cite code col colgroup dd del details dfn div dl dt em figcaption figure
h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark nav ol p pre q s samp small span strong sub summary sup table tbody td
tfoot th thead time tr u ul var wbr
svg g path rect circle ellipse line polyline polygon text tspan title desc
""".split())
CONTENT_ATTRIBUTES = frozenset("""
id class title lang role tabindex href hreflang download src alt width height colspan rowspan scope headers datetime
open type d x y x1 y1 x2 y2 cx cy r rx ry points viewBox focusable text-anchor font-size transform fill stroke
stroke-width xmlns
""".split())
# ── the theme around it: what Material 9.8 and overrides/ write (no element that runs, embeds or redirects) ─────
THEME_ELEMENTS = CONTENT_ELEMENTS | frozenset("""
html head body title meta link script header footer main aside section form input button label
""".split())
THEME_ATTRIBUTES = CONTENT_ATTRIBUTES | frozenset("""
charset content name property http-equiv rel defer for hidden checked required placeholder autocomplete
autocapitalize autocorrect spellcheck dir aria-current aria-expanded
""".split())
REFUSED_EVERYWHERE = frozenset("""
script style iframe frame frameset object embed applet base form meta link portal template noscript
""".split())
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "srcset", "poster", "data", "cite", "background", "ping",
                  "xlink:href", "{http://www.w3.org/1999/xlink}href")
# The theme's own classes an article may carry (the article element itself, and the buttons our macros write). Any
# other md-… class, a data-md-… attribute, or an id the theme also uses, in the article, is the theme's: Material's
# scripts and styles act on them (data-md-component="dialog" is mounted as its dialog, id="__search" is its search
# switch), so a page that sets one with attr_list ({.md-banner}, {#__drawer}) would drive the theme.
ARTICLE_THEME_CLASSES = frozenset({"md-content__inner", "md-typeset", "md-button", "md-button--secondary"})
# The one http-equiv the theme writes: the page's Content-Security-Policy (overrides/partials/meta.html).
HTTP_EQUIV_ALLOWED = {"content-security-policy"}
THEME_LINK_RELS = {"stylesheet", "icon", "apple-touch-icon", "canonical", "prev", "next", "alternate"}


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def preview_base(site_url: str | None) -> str | None:
    """The site's own address when it is the local preview's (`mkdocs serve` sets site_url to http://127.0.0.1:…/,
    so every canonical link is http): a page may name it. None for a published address, which must be https."""
    parts = urlsplit(site_url or "")
    if parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1"):
        return site_url
    return None


def url_problem(url: str, hosts: frozenset[str] | None, own_base: str | None = None) -> str | None:
    """What is wrong with a URL the page names; None when it is the site's own (relative, or under `own_base`, the
    local preview's address: preview_base) or https to a listed host, or mailto:."""
    clean = re.sub(r"[\x00-\x20\x7f]+", "", url)
    if own_base and clean.startswith(own_base):
        return None
    # A browser reads a backslash as a slash in a web address (WHATWG URL: http, https and relative ones): the
    # hrefs \\evil.example/ and /\evil.example/ are protocol-relative; https://evil.example\@ours/ is evil.example's
    if not re.match(r"(?i)(mailto|tel):", clean):
        clean = clean.replace("\\", "/")
    parts = urlsplit(clean)
    scheme = parts.scheme.lower()
    if not scheme and not clean.startswith("//"):
        return None
    if scheme == "mailto":
        return None
    if scheme in ("javascript", "vbscript", "livescript", "data", "file", "blob", "filesystem"):
        return f"a {scheme}: URL"
    if scheme != "https":
        return f"a {scheme or 'protocol-relative'} URL ({clean[:60]}): links are https only"
    host = (parts.hostname or "").lower()
    if "@" in parts.netloc:   # https://ir.medlive.cn@evil.example/: the name before @ is not the host
        return f"a link with a user name before '@' ({clean[:60]}): write the address without it"
    if not host:   # https:evil.example: a browser goes to evil.example; urlsplit finds no host
        return f"an https address without '//' ({clean[:60]}): write https://host/…"
    if hosts is not None and host not in hosts:
        return f"a link to {host}, which is not in mkdocs.yml extra.link_hosts"
    return None


class _Where:
    """A short path to the element, for a message (article > table > tr > td > a): worked out only when a problem
    is told, as most elements have none."""

    def __init__(self, element, parents: dict):
        self.element, self.parents = element, parents

    def __str__(self) -> str:
        names, element = [], self.element
        while element is not None and len(names) < 5:
            names.append(_local(element.tag))
            element = self.parents.get(element)
        return " > ".join(reversed(names))


def fragment_problems(fragment: str, hosts: frozenset[str] | set[str] | None = None) -> list[str]:
    """What in an article's HTML (before the theme wraps it) is not on the content allow-list."""
    return final_html_problems(f"<!doctype html><html><body><article>{fragment}</article></body></html>", set(), hosts)


def final_html_problems(html: str, own_scripts: frozenset[str] | set[str],
                        hosts: frozenset[str] | set[str] | None, own_base: str | None = None) -> list[str]:
    """What in a built page is not on the allow-list: each problem in words, with where in the page it is.
    `own_scripts` are the site's script files (site paths such as assets/javascripts/bundle.…min.js), `hosts` the
    hosts an https:// link may name (None: any host, for a fragment checked before the configuration is at hand),
    `own_base` the local preview's own address (preview_base), if any.

    Remembered by a digest of the page and the inputs: under `make serve` a save re-renders every page, most come
    out byte for byte as before, and parsing them again was a quarter of the rebuild. The answer is a pure function
    of these inputs, so a page seen before is answered as before."""
    hosts = None if hosts is None else frozenset(h.lower() for h in hosts)
    key = hashlib.blake2b("\0".join([html, *sorted(own_scripts), *sorted(hosts or ["*"]), own_base or ""])
                          .encode("utf-8", "surrogatepass"), digest_size=20).digest()
    if key not in _CHECKED:
        if len(_CHECKED) > 4000:   # a few hundred pages a build: the memory of a long preview session stays small
            _CHECKED.clear()
        _CHECKED[key] = _page_problems(html, own_scripts, hosts, own_base)
    return list(_CHECKED[key])


_CHECKED: dict[bytes, tuple[str, ...]] = {}


# A whole start or end tag as the HTML tokenizer reads one: quoted attribute values may hold '>'
_WHOLE_TAG = re.compile(r"""</?[a-zA-Z][^\s/>]*(?:\s*/?\s*[^\s/>"'=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>""")
# Elements whose content is not parsed as markup (raw text, RCDATA): their text is read by the check (a JSON script)
_NOT_MARKUP = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
               "plaintext", "!--")
_NOT_PLAIN = re.compile(r"""[<>&"'=\x00\r]""")


def only_text_differs(old: str, new: str) -> bool:
    """Whether two pages differ only in one run of characters of a text node (the footer's copyright line saved),
    so an HTML5 parser makes of both the same elements, attributes, comments and scripts, and the allow-list
    (`final_html_problems`) answers alike. Why: a save of the site's texts writes every page again around its kept
    article, and parsing each page again for that answer was most of such a save under `make serve`. Conservative:
    False unless the run, and the text before it in its node, hold no markup character, the node starts after a whole
    tag, outside raw text (a script, a title, a comment), with a character other than space before the run (so a
    parser in any mode treats both nodes alike)."""
    if old == new:
        return True
    start, limit = 0, min(len(old), len(new))
    step = 1 << 12
    while step:   # the common beginning, in slices compared at C speed
        if start + step <= limit and old[start:start + step] == new[start:start + step]:
            start += step
        else:
            step >>= 1
    end, step = 0, 1 << 12   # the common end, not overlapping the beginning
    while step:
        if end + step <= limit - start and old[len(old) - end - step:len(old) - end] == new[len(new) - end - step:
                                                                                           len(new) - end]:
            end += step
        else:
            step >>= 1
    if _NOT_PLAIN.search(old, start, len(old) - end) or _NOT_PLAIN.search(new, start, len(new) - end):
        return False
    opened = old.rfind("<", 0, start)
    tag = _WHOLE_TAG.match(old, opened) if opened >= 0 else None
    if tag is None or tag.end() > start:
        return False
    before = old[tag.end():start]   # the node's text before the run
    if not before.strip() or _NOT_PLAIN.search(before):
        return False
    head = old[:start].lower()
    return not any(head.rfind(f"<{name}") > head.rfind(f"</{name}" if name != "!--" else "-->")
                   for name in _NOT_MARKUP)


def _page_problems(html: str, own_scripts, hosts: frozenset[str] | None, own_base: str | None) -> tuple[str, ...]:
    root = tinyhtml5.parse(html)
    parents = {child: parent for parent in root.iter() for child in parent}
    article = {id(e) for a in root.iter() if _local(str(a.tag)) == "article" for e in a.iter()}
    problems: list[str] = []
    ids: dict[str, int] = {}
    for element in root.iter():
        if not isinstance(element.tag, str):   # a comment: the page source is published, a note is not for readers
            problems.append(f"an HTML comment <!--{str(element.text)[:40]}-->")
            continue
        tag = _local(element.tag).lower()
        in_article = id(element) in article
        elements, attributes = ((CONTENT_ELEMENTS, CONTENT_ATTRIBUTES) if in_article
                                else (THEME_ELEMENTS, THEME_ATTRIBUTES))
        where = _Where(element, parents)
        if tag not in elements or (in_article and tag in REFUSED_EVERYWHERE):
            problems.append(f"a <{tag}> element ({where})")
        problems += _theme_element_problems(tag, element, own_scripts, where) if not in_article else []
        for name, value in element.attrib.items():
            attr = _local(name) if not name.startswith("{http://www.w3.org/1999/xlink}") else "xlink:href"
            attr = "xmlns" if name.startswith("{http://www.w3.org/2000/xmlns/}") else attr
            low = attr.lower()
            if low.startswith("on"):
                problems.append(f"an event handler {low}= ({where})")
            elif low == "style":
                problems.append(f"a style attribute ({where}): style=\"{value[:40]}\"")
            elif attr not in attributes and not low.startswith(("aria-", "data-")):
                problems.append(f"the attribute {attr}= ({where})")
            elif in_article and low.startswith("data-md-"):
                problems.append(f"the theme's attribute {attr}= in the article ({where})")
            elif in_article and low == "class" and set(value.split()) - ARTICLE_THEME_CLASSES and any(
                    c.startswith("md-") for c in set(value.split()) - ARTICLE_THEME_CLASSES):
                problems.append(f"the theme's class \"{value[:40]}\" in the article ({where})")
            if low == "id":
                ids[value] = ids.get(value, 0) + 1
                if ids[value] == 2:
                    problems.append(f"the id \"{value[:40]}\" twice in the page ({where}): a link or a script "
                                    "finds the first one")
            if low in URL_ATTRIBUTES:
                for url in (value.split(",") if low == "srcset" else [value]):
                    problem = url_problem(url.strip().split(" ")[0], hosts, own_base)
                    if problem:
                        problems.append(f"{problem} ({where}: {low}=\"{value[:80]}\")")
    return tuple(problems)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _theme_element_problems(tag: str, element, own_scripts, where: str) -> list[str]:
    """The theme's elements that are allowed only in their harmless form."""
    if tag == "script":
        src = element.get("src")
        if src is None:
            if element.get("type") == "application/json" and element.get("id") == "__config":
                return []  # Material's configuration: data, never run (and the CSP runs no inline script)
            if element.get("type") == "application/ld+json" and _is_json("".join(element.itertext())):
                return []  # schema.org data for search engines (macros/render/machine_data.py): never run
            return [f"an inline <script> ({where})"]
        path = urlsplit(src).path
        if urlsplit(src).scheme or src.startswith("//") or not any(
                path.lstrip("./").endswith(own) or re.sub(r"^(\.\./)+|^\./", "", path).endswith(own)
                for own in own_scripts):
            return [f"a <script src=\"{src}\"> that is not one of the site's own script files ({where})"]
    if tag == "meta":
        equiv = element.get("http-equiv")
        if equiv is not None and equiv.lower() not in HTTP_EQUIV_ALLOWED:
            return [f"a <meta http-equiv=\"{equiv}\"> ({where})"]
    if tag == "link" and not set((element.get("rel") or "").lower().split()) <= THEME_LINK_RELS:
        return [f"a <link rel=\"{element.get('rel')}\"> ({where})"]
    if tag == "form" and (element.get("action") is not None or element.get("method")):
        return [f"a <form> that sends somewhere ({where})"]
    return []


# ── the second wall: ammonia (nh3), an allow-list sanitiser of its own, on the article ───────────────────────────
# Cleaned twice, by the allow-list and by a setting that keeps nearly everything; the same text out means the
# sanitiser had nothing to remove. Both outputs come from one serialiser (html5ever), so markup spelt differently
# in the source compares equal, and only what the allow-list refuses makes them differ.
_ANY_SCHEME = {"http", "https", "mailto", "tel", "ftp", "file", "data", "blob", "javascript", "vbscript", "livescript"}


def _loose_tags() -> set[str]:
    import nh3

    return (set(nh3.ALLOWED_TAGS) | THEME_ELEMENTS | REFUSED_EVERYWHERE
            | set("iframe frame object embed applet marquee math input button textarea select option video audio "
                  "source track img svg foreignobject use animate set a dialog".split()))


def sanitiser_problem(fragment: str) -> str | None:
    """What nh3 (the Python binding of the Rust crate ammonia) would remove from an article, shown in context; None
    when it would remove nothing."""
    import nh3

    strict = nh3.clean(fragment, tags=set(CONTENT_ELEMENTS), attributes={"*": set(CONTENT_ATTRIBUTES)},
                       generic_attribute_prefixes={"data-", "aria-"}, url_schemes={"https", "mailto"},
                       link_rel=None, strip_comments=True)
    loose = nh3.clean(fragment, tags=_loose_tags(), clean_content_tags=set(), attributes={},
                      generic_attribute_prefixes={""}, url_schemes=_ANY_SCHEME, link_rel=None, strip_comments=True)
    if strict == loose:
        return None
    at = next((i for i, (a, b) in enumerate(zip(strict, loose)) if a != b), min(len(strict), len(loose)))
    return f"the sanitiser (nh3) would remove something here: …{loose[max(at - 40, 0):at + 80]}…"
