"""MkDocs hook: a page is text and markup, never code; and its characters are ones an editor meant.

Why: pages are edited by pull request and published under the company's name. A `<script>`, an inline event handler
(`onerror=`, `onclick=`) or a `javascript:` link in a page would run in every reader's browser; an `<iframe>`,
`<object>`, `<embed>`, `<base>`, `<form>`, `<meta>` or `<link>` would pull in or redirect to something that is not
the report. Invisible characters (zero-width spaces, control characters) break search and copy-paste silently, and a
Simplified-only character in the Traditional text that prevails is a slip. So:

- `on_config`: the macros render in Jinja's sandbox; the menu's titles (data/menu.yaml) are checked as page text.
- `on_files`, first: no symbolic link, no stray file kind, no unused script or style in docs/; every page UTF-8
  without BOM, its front matter bounded YAML with known keys only (MkDocs reads it before any page hook).
- `on_page_markdown`, before the macros run (priority 100): the page's source file as written is checked, its
  {{ }} and {% %} parsed by Jinja (our macros with plain arguments only: macros/model/page_template.py), and every
  problem is reported with the file and line and how to mend it; the build stops.
- `on_post_page`, last: the built page, with the theme's header and footer, is parsed as a browser parses it and
  checked against an allow-list (macros/render/html_allowlist.py), whatever made it (an HTML entity such as
  `javascript&#58;`, a macro's output, a UI string in the footer). This is the net under the escaping of data/ texts
  (macros/render/escaping.py); nothing the build writes should ever trip it.

The page head carries a Content-Security-Policy (overrides/partials/meta.html) as a last line: even a script that
got through would not run. Wired in EsgPlugin.EVENTS (macros/plugin/__init__.py); tests in tests/test_hostile_input.py and
tests/test_safe_by_construction.py (the hostile suite, by route).
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from . import _project
from mkdocs.exceptions import PluginError



_FORBIDDEN_ELEMENT = re.compile(
    r"<\s*(script|style|iframe|object|embed|base|form|meta|link|frame|frameset|applet|template|math|input|button)\b",
    re.I)
_EVENT_HANDLER = re.compile(r"<[a-zA-Z][^<>]*?[\s\"'/](on[a-z]+|style)\s*=", re.I | re.S)
# attr_list sets any attribute written in braces after a heading, a paragraph or a link: {#id onclick="…"}
_ATTR_LIST_HANDLER = re.compile(r"\{:?[^{}\n]*?(?<![\w-])(on[a-z]+|style)\s*=", re.I)
# attr_list can also give an element the theme's hooks: a data-md-… attribute, an md-… class, a __… id (Material's
# scripts mount on them; macros/render/html_allowlist.py ARTICLE_THEME_CLASSES)
_ATTR_LIST_THEME = re.compile(r"\{:?[^{}\n]*?(?<![\w-])(data-md-[\w-]*|\.md-[\w-]+|#__[\w-]*)", re.I)
_FIX_THEME = ("delete it: the look and behaviour of the theme's parts (buttons, banners, search, menus) are the "
              "theme's; a heading takes {#id} with a plain id (letters, digits, -), a link is [text](page.md)")
# An explicit anchor {#id}: the same in both languages, in links, the search index and the PDF (prefixed by the page):
# lower-case letters, digits and '-' (CONTRIBUTING). Not a Jinja comment {#~ … ~#}.
_ATTR_LIST_ID = re.compile(r"\{(?!#~):?[^{}\n]*?(?<![\w&-])#(?!~)([^\s}]*)")
_ANCHOR = re.compile(r"[a-z][a-z0-9-]*")
_FIX_ANCHOR = "write the id with lower-case letters a-z, digits and -, starting with a letter: {#water-use}"
# A script URL where a link or a resource is named: Markdown links and images, autolinks, URL attributes.
_URL_ATTRS = r"(?:href|src|action|formaction|xlink:href|poster|data|srcset|background|cite|ping)"
_SCRIPT_URL_SOURCE = re.compile(
    rf"(?:\]\(\s*<?|\]:\s*<?|<|{_URL_ATTRS}\s*=\s*[\"']?)\s*((?:java|vb|live)script\s*:|data\s*:\s*text/html)", re.I)
# A link or resource by plain http, file or ftp: CONTRIBUTING says https only (the final check also names the host)
_PLAIN_URL_SOURCE = re.compile(
    rf"(?:\]\(\s*<?|\]:\s*<?|<|{_URL_ATTRS}\s*=\s*[\"']?)\s*((?:http|file|ftp)\s*:)", re.I)
_FIX_PLAIN_URL = "write https:// (the host must be in mkdocs.yml extra.link_hosts), or link to a page of the report"
# A link or resource by https: its host must be one mkdocs.yml lists (extra.link_hosts), told at the link's line
# here rather than only by the built page's check (which knows no line); the rule is html_allowlist.url_problem's
_HTTPS_URL_SOURCE = re.compile(rf"(?:\]\(\s*<?|\]:\s*<?|<|{_URL_ATTRS}\s*=\s*[\"']?)\s*(https:[^\s)\"'<>]*)", re.I)
_FIX_HOST = ("link to a page of the report ([text](page.md)) instead, or ask an engineer to list the host in "
             "mkdocs.yml extra.link_hosts (CONTRIBUTING.md)")
_COMMENT = re.compile(r"<!--")
_FIX_COMMENT = "delete the comment: the page source is published; a note for editors belongs in the pull request"
_NOT_URL_CHARS = re.compile(r"[\s\x00-\x1f\x7f]+")

_FIX_ELEMENT = ("pages hold text and Markdown only: delete the element (a chart or a table comes from data/ through "
                "a macro; ask an engineer if the page needs something new)")
_FIX_HANDLER = "delete the attribute: pages carry no scripts (a link is [text](page.md))"
_FIX_URL = "link to a page or an https:// address: [text](page.md) or [text](https://…)"


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def source_problems(text: str, traditional: bool, hosts: frozenset[str] | None = None) -> list[tuple[int, str, str]]:
    """(line, what is wrong, how to fix) for each problem in a page's source as written; with `hosts`, each https
    link to a host not among them too."""
    from macros.render.html_allowlist import url_problem
    from macros.model.text import (INVISIBLE, INVISIBLE_FIX, SIMPLIFIED_FIX, char_name, mixed_script_problem,
                                   simplified_problem)

    problems = []
    for m in _FORBIDDEN_ELEMENT.finditer(text):
        problems.append((_line(text, m.start()), f"<{m.group(1).lower()}> element", _FIX_ELEMENT))
    for pattern in (_EVENT_HANDLER, _ATTR_LIST_HANDLER):
        for m in pattern.finditer(text):
            name = m.group(1).lower()
            problems.append((_line(text, m.start(1)), "a style attribute (the site's look is in its stylesheet)"
                             if name == "style" else f"inline event handler {name}=", _FIX_HANDLER))
    for m in _ATTR_LIST_THEME.finditer(text):
        problems.append((_line(text, m.start(1)), f"the theme's own '{m.group(1)}' in an attribute list", _FIX_THEME))
    for m in _ATTR_LIST_ID.finditer(text):
        if not _ANCHOR.fullmatch(m.group(1)) and not m.group(1).startswith("__"):   # __…: the theme's, told above
            problems.append((_line(text, m.start(1)), f"the id '{m.group(1)}' in an attribute list", _FIX_ANCHOR))
    for m in _SCRIPT_URL_SOURCE.finditer(text):
        problems.append((_line(text, m.start(1)), f"script URL '{_NOT_URL_CHARS.sub('', m.group(1)).lower()}'",
                         _FIX_URL))
    for m in _PLAIN_URL_SOURCE.finditer(text):
        problems.append((_line(text, m.start(1)), f"a link by '{m.group(1).lower()}' (not https)", _FIX_PLAIN_URL))
    for m in _HTTPS_URL_SOURCE.finditer(text) if hosts is not None else ():
        problem = url_problem(m.group(1), hosts)
        if problem:
            problems.append((_line(text, m.start(1)), problem, _FIX_HOST))
    for m in _COMMENT.finditer(text):
        problems.append((_line(text, m.start()), "an HTML comment <!-- … -->", _FIX_COMMENT))
    for number, line in enumerate(text.split("\n"), start=1):
        decoded = html.unescape(line)
        if decoded != line and not _SCRIPT_URL_SOURCE.search(line):
            for m in _SCRIPT_URL_SOURCE.finditer(decoded):
                problems.append((number, f"script URL '{_NOT_URL_CHARS.sub('', m.group(1)).lower()}' written with "
                                 "character references", _FIX_URL))
        found = INVISIBLE.search(line.rstrip("\r"))
        if found:
            problems.append((number, f"invisible character {char_name(found.group(0))} at column {found.start() + 1}",
                             INVISIBLE_FIX))
        mixed = mixed_script_problem(line)
        if mixed:
            problems.append((number, mixed, INVISIBLE_FIX))
        if traditional:
            problem = simplified_problem(line)
            if problem:
                problems.append((number, problem, SIMPLIFIED_FIX))
    return sorted(problems)


def html_problems(content: str, hosts=None) -> list[str]:
    """What in a page's rendered HTML is not on the content allow-list (a script, an event handler, a script URL, a
    style …), parsed as a browser parses it (macros/render/html_allowlist.py): text that merely reads like markup, as
    an escaped `onerror=` inside an attribute value, is text."""
    from macros.render.html_allowlist import fragment_problems

    return fragment_problems(content, hosts)


def _jinja_syntax(config) -> dict[str, str] | None:
    """The delimiters mkdocs-macros gives Jinja (mkdocs.yml j2_*), or None when the macros plugin is not in use."""
    plugin = config.plugins.get("macros")
    if plugin is None:
        return None
    return {key[3:]: value for key, value in plugin.config.items() if key.startswith("j2_") and value}


def template_check(text: str, config) -> list[tuple[int, str, str]]:
    """Every {{ }} / {% %} of `text` parsed by Jinja before the macros render it: our macros with plain arguments
    only (macros/model/page_template.py)."""
    syntax = _jinja_syntax(config)
    if syntax is None:
        return []
    from macros.model.page_template import template_problems
    from macros.page_macros import PAGE_CALLS, PAGE_MACROS, PAGE_VARIABLES

    return template_problems(text, PAGE_MACROS, PAGE_VARIABLES, syntax, PAGE_CALLS.get("check"))


def sandboxed(env):
    """The same Jinja environment, sandboxed: the second wall behind template_check. Jinja's sandbox refuses
    attributes that start with an underscore and Python internals even if something got past the parse."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    options = {name: getattr(env, name) for name in (
        "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
        "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
        "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "undefined", "autoescape",
        "loader")}
    wall = ImmutableSandboxedEnvironment(**options)
    wall.globals.update(env.globals)
    wall.filters.update(env.filters)
    wall.tests.update(env.tests)
    return wall


def title_problems(titles: list[tuple[str, bool, str]], template=lambda title: []) -> list[str]:
    """'data/menu.yaml:12: menu title '…': what' for each (title, is Traditional, where) checked as a page line is
    (markup, invisible and look-alike characters, Simplified-only characters in a Traditional title) and by
    `template` (the Jinja check: the macros render a page's title too)."""
    problems = []
    for title, traditional, where in titles:
        found = [what for _, what, _ in source_problems(title, traditional) + template(title)]
        problems += [f"{where}: menu title {title!r}: {what}" for what in found]
    return problems


def menu_title_problems(config) -> list[str]:
    """The menu's titles (data/menu.yaml), in every language written by hand."""
    from macros.model.menu import FILE, walk

    ds = _project.dataset(config)
    traditional = ds.report.locales.traditional
    titles = [(title, lang in traditional, f"{FILE}:{line}" if line else FILE)
              for entry in walk(ds.menu) for lang, title, line in entry.titles]
    return title_problems(titles, lambda title: template_check(title, config))


def on_config(config):
    plugin = config.plugins.get("macros")
    if plugin is not None and getattr(plugin, "_env", None) is not None:
        plugin._env = sandboxed(plugin._env)
    from macros.model.data_reads import unrecorded
    from macros.model.dataset import cached_dataset, link_host_problems

    hosts = config.extra.get("link_hosts") or []
    ds = cached_dataset(Path(config.config_file_path).parent)
    with unrecorded(ds):   # a check's reads are no page's (make serve): a failed one stops the build
        unlisted = link_host_problems(ds, hosts)
        problems = menu_title_problems(config)
    if unlisted:
        raise PluginError("\n".join(str(e) for e in unlisted))
    if problems:
        raise PluginError("The menu's titles are text, in the language of the edition:\n"
                          + "\n".join(f"  - {p}" for p in problems)
                          + "\n    How to fix: write the title as plain text without {{ }}, invisible or "
                            "Simplified-only characters in a Traditional title")
    return config


# Front matter a page may carry (CONTRIBUTING.md): its summary, its title, and which side panels Material hides.
# Anything else is refused: `template:` would pick another theme template, `render_macros: false` would publish the
# {{ }} as written, and any other key becomes a page variable of the macros (`report_year: 1999`).
FRONT_MATTER = {"description": str, "title": str, "hide": list}
HIDE_VALUES = {"navigation", "toc", "footer", "path"}


def front_matter_problems(text: str, where: str) -> list[str]:
    """'docs/x.md:3: what — how' for the front matter of a page: bounded YAML (no anchors, aliases, tags or deep
    nesting: MkDocs reads it with PyYAML before any hook sees the page), and only the keys of FRONT_MATTER."""
    import yaml
    from mkdocs.utils.meta import YAML_RE

    from macros.model.text import invisible_problem
    from macros.model.yamlsrc import DataError, check_bounds

    found = YAML_RE.match(text)
    if not found:
        return []
    block = found.group(1)
    try:
        check_bounds(block, where, yaml.SafeLoader)
        meta = yaml.safe_load(block)
    except DataError as exc:
        return [f"{where}:{(exc.line or 0) + 1}: {exc.problem} — {exc.fix}"]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [f"{where}:{(mark.line + 2) if mark else 1}: the front matter is not valid YAML ({exc})"]
    if not isinstance(meta, dict):
        return [f"{where}:2: the front matter must be `key: value` lines"]
    lines = block.split("\n")
    problems = []
    for key, value in meta.items():
        line = next((n for n, text in enumerate(lines, start=2) if text.startswith(f"{key}:")), 2)
        if key not in FRONT_MATTER:
            problems.append(f"{where}:{line}: front matter '{key}:' is not one a page may set — use "
                            f"{', '.join(sorted(FRONT_MATTER))} only")
        elif not isinstance(value, FRONT_MATTER[key]):
            problems.append(f"{where}:{line}: front matter '{key}:' must be {FRONT_MATTER[key].__name__}")
        elif key == "hide" and not set(map(str, value)) <= HIDE_VALUES:
            problems.append(f"{where}:{line}: 'hide:' names {sorted(set(map(str, value)) - HIDE_VALUES)}; "
                            f"Material hides {', '.join(sorted(HIDE_VALUES))}")
        elif isinstance(value, str) and invisible_problem(value):
            problems.append(f"{where}:{line}: front matter '{key}:': {invisible_problem(value)}")
    return problems


# What docs/ may publish besides pages: images a page shows, and the style and script files the site names
# (mkdocs.yml extra_css / extra_javascript, or a template of overrides/). Anything else is a stray file.
ASSET_KINDS = {".png", ".jpg", ".jpeg", ".webp", ".gif"}
# A file name of docs/ is an address of the site: ASCII letters, digits, '-', '_' and '.' in each part, no '..'
_FILE_NAME_ODD = re.compile(r"[^A-Za-z0-9._/-]|\.\.")
# What each image kind's first bytes are. WeasyPrint draws an image Pillow cannot read as SVG (its last try), so an
# SVG named .png would be drawn in the PDF, with whatever it names; a browser shows such a file as a broken image.
IMAGE_SIGNATURES = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
                    ".gif": (b"GIF87a", b"GIF89a"), ".webp": (b"RIFF",)}


def image_problem(data: bytes, suffix: str) -> str | None:
    """What is wrong with an image file's content for its name's kind; None when its first bytes are that kind's."""
    ok = any(data.startswith(sig) for sig in IMAGE_SIGNATURES[suffix]) and (suffix != ".webp" or data[8:12] == b"WEBP")
    return None if ok else (f"the file is not a {suffix[1:].upper()} image (its first bytes are not one's) — export "
                            f"the picture again as {suffix[1:].upper()}, or name the file by its real kind")
NAMED_KINDS = {".css", ".js"}


def docs_file_problems(docs_dir: Path, rel_paths: list[str], named: set[str]) -> list[str]:
    """'docs/x: what is wrong — how to fix' for each file of docs/ that must not be published as it is: a symbolic
    link (it would publish the machine file it points to), a page that is not UTF-8 or starts with a byte-order mark
    (the content index would misread its first heading), a file of a kind the site does not publish, a script or
    style file nothing names."""
    problems = []
    for rel in rel_paths:
        path = docs_dir / rel
        where = f"docs/{rel}"
        odd = _FILE_NAME_ODD.search(rel)
        if odd:   # the name becomes the page's address, written into links, the sitemap and the search index as it is
            from macros.model.text import char_name

            what = char_name(odd.group(0)) if len(odd.group(0)) == 1 else f"'{odd.group(0)}'"
            problems.append(f"docs/{rel!r}: the file name holds {what} — name files with letters "
                            "a-z, digits and - only (about-us.en.md, assets/chart-2022.png)")
            continue
        if any(p.is_symlink() for p in [path, *path.parents][:len(Path(rel).parts)]):
            problems.append(f"{where}: a symbolic link — docs/ holds the files themselves; replace the link with the "
                            "file (or delete it)")
            continue
        suffix = path.suffix.lower()
        if suffix == ".md":
            raw = path.read_bytes()
            if raw.startswith(b"\xef\xbb\xbf"):
                problems.append(f"{where}:1: the file starts with a byte-order mark (U+FEFF) — save it as UTF-8 "
                                "without BOM (the editor's 'Encoding' menu)")
            try:
                problems += front_matter_problems(raw.decode("utf-8"), where)
            except UnicodeDecodeError as exc:
                line = raw.count(b"\n", 0, exc.start) + 1
                problems.append(f"{where}:{line}: not UTF-8 text (byte "
                                f"{exc.start + 1}, 0x{raw[exc.start]:02X}) — save the file as UTF-8")
        elif suffix in NAMED_KINDS:
            if rel not in named:
                problems.append(f"{where}: no page or template uses this file — delete it, or name it in mkdocs.yml "
                                "(extra_css / extra_javascript) with an engineer")
        elif suffix in ASSET_KINDS:
            with open(path, "rb") as image:
                problem = image_problem(image.read(16), suffix)
            if problem:
                problems.append(f"{where}: {problem}")
        else:
            problems.append(f"{where}: the site does not publish {suffix or 'extensionless'} files — pages are "
                            f"Markdown (.md), images {', '.join(sorted(ASSET_KINDS))}; delete the file")
    return problems


def named_assets(extra_css, extra_javascript, custom_dir) -> set[str]:
    """The style and script files of docs/ that the configuration or a template of the theme (overrides/) names."""
    named = {str(x) for x in extra_css} | {str(getattr(x, "path", x)) for x in extra_javascript}
    for template in (Path(custom_dir).rglob("*.html") if custom_dir else []):
        # a path in quotes, or after the site root a template computes ({{ base_url }}/assets/…js)
        named |= set(re.findall(r"['\"/]((?:[\w.-]+/)*[\w.-]+\.(?:js|css))['\"]",
                                template.read_text(encoding="utf-8")))
    return named


def on_files(files, config, *, state):
    docs_dir = Path(config.docs_dir)
    ours = [f for f in files if Path(f.src_dir or "") == docs_dir]
    problems = docs_file_problems(docs_dir, [f.src_uri for f in ours], named_assets(config.extra_css, config.extra_javascript, config.theme.custom_dir))
    if problems:
        raise PluginError(f"{len(problems)} problem(s) with files of docs/ — the build stops until they are fixed:\n"
                          + "\n".join(f"  - {p}" for p in problems))
    for file in list(files):  # the theme's source maps: a map of Material's code, not a page of the report
        if file.src_uri.endswith(".map") and file not in ours:
            files.remove(file)
    state.safe_pages.files = files
    return files


_SOURCE_MAP_REF = re.compile(rb"\n?(?://# sourceMappingURL=[^\n]*|/\*# sourceMappingURL=[^*]*\*/)\s*$")


def strip_source_map_refs(site_dir: Path, seen: dict | None = None) -> list[Path]:
    """The theme's script and style files name their source maps (not published, see on_files) in a last-line
    comment; drop that line so no browser asks for them. Returns the files changed. `seen` (make serve): each file's
    (mtime, size) once done, so a file not written since is not read again."""
    changed = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix in (".js", ".css") and path.is_file():
            if seen is not None and seen.get(path) == _when(path):
                continue
            data = path.read_bytes()
            stripped = _SOURCE_MAP_REF.sub(b"\n", data)
            if stripped != data:
                path.write_bytes(stripped)
                changed.append(path)
            if seen is not None:
                seen[path] = _when(path)
    return changed


def _when(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def on_post_build(config, *, state):
    if not state.nested:   # make serve: every edition's final checks (BackgroundChecks), in the order pages were built
        checks, state.safe_pages.checks = state.safe_pages.checks, []
        for where, answer, page, output, inputs in checks:
            problems = answer.result()
            if problems:
                raise _refused(where, problems)
            state.preview.checks.clean[page] = output, inputs
    strip_source_map_refs(Path(config.site_dir), state.preview.stripped if state.dirty else None)


class Checked:
    """Source files already checked in this build (every edition built from a file would check it again), and the
    site's files of the language being built (the final check's allowed scripts)."""

    def __init__(self):
        self.sources: set[tuple[str, int]] = set()
        self.files = None
        self.checks: list = []   # make serve: (page, its final check under way) of the language being built


def _source_path(page, config) -> str:
    """The page's file as an editor names it in the messages: docs/about-us.en.md."""
    return f"{config.docs_dir.rstrip('/').rpartition('/')[2]}/{page.file.src_uri}"


def _is_traditional(src_uri: str, config) -> bool:
    report = _project.report(config)
    lang = src_uri[:-3].rpartition(".")[2] if src_uri.endswith(".md") else ""
    return lang in report.locales.traditional


def on_page_markdown(markdown: str, page, config, files, *, state):
    source = page.file.content_string
    from macros.page_macros import PAGE_CALLS

    key = (page.file.src_uri, hash(source), id(PAGE_CALLS.get("check")))   # checked again when data/ changes
    if key in state.safe_pages.sources:
        return markdown
    from macros.model.pages import page_problems

    hosts = _allowlist_inputs(config, files)[1]

    def problems_of(text: str, src_uri: str, path: Path) -> list[tuple[int, str, str]]:
        return sorted(source_problems(text, _is_traditional(src_uri, config), hosts) + template_check(text, config)
                      + page_problems(text, path, Path(config.docs_dir)))

    problems = problems_of(source, page.file.src_uri, Path(page.file.abs_src_path))
    if problems:   # the page's other languages too: a link pasted into both is told in both at once
        reported = [(_source_path(page, config), problems)]
        for src_uri, path in _translations(page, config):
            found = problems_of(path.read_text(encoding="utf-8"), src_uri, path)
            if found:
                reported.append((f"{config.docs_dir.rstrip('/').rpartition('/')[2]}/{src_uri}", found))
        raise PluginError(f"{sum(len(found) for _, found in reported)} problem(s) in "
                          f"{' and '.join(where for where, _ in reported)} — the build stops until they are fixed:\n"
                          + "\n".join(f"  - {where}:{line}: {what}\n    How to fix: {fix}"
                                      for where, found in reported for line, what, fix in found))
    state.safe_pages.sources.add(key)
    return markdown


def _translations(page, config) -> list[tuple[str, Path]]:
    """(src_uri, file) of the page's files in the other languages written by hand (about-us.en.md for
    about-us.zh-Hant.md)."""
    stem, _, lang = page.file.src_uri[:-3].rpartition(".")
    out = []
    for other in _project.report(config).locales.hand:
        path = Path(config.docs_dir) / f"{stem}.{other}.md"
        if other != lang and path.is_file():
            out.append((f"{stem}.{other}.md", path))
    return out


def _allowlist_inputs(config, files) -> tuple[frozenset[str], frozenset[str]]:
    """The site's own script files (theme and docs/) and the hosts an https:// link may name: mkdocs.yml's
    extra.link_hosts and the site's own host (canonical links)."""
    from urllib.parse import urlsplit

    scripts = frozenset(f.dest_uri for f in files if f.dest_uri.endswith(".js"))
    hosts = set(config.extra.get("link_hosts") or [])
    if config.site_url:
        hosts.add(urlsplit(config.site_url).hostname or "")
    return scripts, frozenset(hosts)


def _final_check_inputs(config, files, serving: bool):
    from macros.render.html_allowlist import preview_base

    scripts, hosts = _allowlist_inputs(config, files)
    return scripts, hosts, (preview_base(config.site_url) if serving else None)   # make serve: its own address


def _refused(source: str, problems: list[str]) -> PluginError:
    return PluginError(f"{source}: the built page is not on the allow-list — the build stops:\n"
                       + "\n".join(f"  - {p}" for p in problems)
                       + "\n    How to fix: pages and data are text; a link is [text](page.md) or "
                         "[text](https://host/…) to a host in mkdocs.yml extra.link_hosts (ask an engineer to list "
                         "one); a comment belongs in the pull request; a script, style or form belongs to an "
                         "engineer's template")


def final_check(output: str, source: str, config, files, serving: bool = False) -> None:
    """The built page, header and footer included, against the allow-list (macros/render/html_allowlist.py)."""
    from macros.render.html_allowlist import final_html_problems

    problems = final_html_problems(output, *_final_check_inputs(config, files, serving))
    if problems:
        raise _refused(source, problems)


def _end_with(parent: int) -> None:
    """In the checking process: end when the process that started it has ended. `mkdocs serve` stopped by a signal
    (SIGTERM: the benchmark, the tests, a closed terminal) runs no shutdown event, and the checker, waiting on its
    queue, would stay for good."""
    import threading
    import time

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="end-with-the-build").start()


class BackgroundChecks:
    """`make serve`: the final check of each page in a process of its own, beside the build. Why: after a save of
    templates every page is written again, and parsing each one for this check was half of the rebuild, on one
    core while the other waited. The same function on the same inputs gives the same answer; the outer build waits
    for every edition's answers at its end (on_post_build) and stops at the first page with a problem. The
    process is started once (the first build's first page) and kept for the session, with its memory of pages
    already checked."""

    def __init__(self):
        self._pool = None
        self.clean: dict[str, tuple[str, tuple]] = {}   # page → the last of its outputs found clean, with the inputs

    def submit(self, html: str, inputs, page: str):
        """The check of a page under way (a future); None when it needs none: the page differs from the last of its
        outputs found clean only in a text's characters (html_allowlist.only_text_differs: a save of the copyright
        line or a footer string, which writes every page again around its kept article), so the answer is known."""
        from macros.render.html_allowlist import final_html_problems, only_text_differs

        last = self.clean.get(page)
        if last is not None and last[1] == inputs and only_text_differs(last[0], html):
            self.clean[page] = html, inputs
            return None
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # forked, as the typesetter's processes are (macros/plugin/typesetter.py): it starts with the code loaded
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                                             initializer=_end_with, initargs=(os.getpid(),))
        return self._pool.submit(final_html_problems, html, *inputs)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def on_post_page(output: str, page, config, *, state):
    _final_check(output, _source_path(page, config), page.file.dest_uri, config, state)
    return output


def on_post_template(output_content: str, template_name: str, config, *, state):
    if template_name.endswith(".html"):   # the 404 page of each edition (its site_dir), checked as a page is
        _final_check(output_content, f"the theme template {template_name}", f"{config.site_dir}/{template_name}",
                     config, state)
    return output_content


def _final_check(output: str, where: str, page: str, config, state) -> None:
    """The built page's allow-list check: here, or under make serve beside the build (BackgroundChecks), its answer
    awaited at the build's end (on_post_build)."""
    files = state.safe_pages.files or []
    if not state.dirty:
        final_check(output, where, config, files, state.preview.serving)
        return
    inputs = _final_check_inputs(config, files, state.preview.serving)
    answer = state.preview.checks.submit(output, inputs, page)
    if answer is not None:
        state.safe_pages.checks.append((where, answer, page, output, inputs))


def on_page_content(content: str, page, config, files):
    """The second wall: the article through ammonia's allow-list (nh3); anything it would remove stops the build."""
    from macros.render.html_allowlist import sanitiser_problem

    problem = sanitiser_problem(content)
    if problem:
        where = _source_path(page, config)
        raise PluginError(f"{where}: {problem}\n    How to fix: pages and data are text and Markdown; a link is "
                          "[text](page.md) or [text](https://…); a script, style or form belongs to an engineer")
    return content
