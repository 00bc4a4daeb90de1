"""Rules about the page files themselves, independent of MkDocs.

Why: a page that exists in one language only would be silently missing (or, with a fallback, shown in the wrong
language). Every page needs a file in each language written by hand (`x.zh-Hant.md` and `x.en.md`); the build stops
and names the missing file. A generated edition (zh-Hans) has no files: a file for it would be a hand-kept copy.
"""

from __future__ import annotations

import difflib
import functools
import re
from pathlib import Path

from .yamlsrc import told


def page_pairs(docs_dir: Path, hand: list[str]) -> dict[str, dict[str, Path]]:
    """{slug: {lang: path}} for every Markdown page in docs/; `hand` are the locales written by hand."""
    pairs: dict[str, dict[str, Path]] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        stem, _, lang = path.name[:-3].rpartition(".")
        rel = path.parent.relative_to(docs_dir) / stem
        if lang not in hand or not stem:
            raise ValueError(f"{docs_dir.name}/{path.relative_to(docs_dir).as_posix()}: page files are named "
                             + " and ".join(f"<page>.{x}.md" for x in hand)
                             + f" (found '{path.name}'); rename it, or delete it if it is a copy of a generated "
                             "edition (data/report.yaml)")
        pairs.setdefault(rel.as_posix(), {})[lang] = path
    return pairs


def check_page_pairs(docs_dir: Path, hand: list[str]) -> None:
    missing = [f"{docs_dir.name}/{slug}.{lang}.md" for slug, langs in page_pairs(docs_dir, hand).items()
               for lang in hand if lang not in langs]
    if missing:
        raise ValueError(f"every page needs {', '.join(hand)}; missing: " + ", ".join(missing)
                         + ". Add the translation (a page is never shown in the wrong language).")


# ── both languages, block by block ───────────────────────────────────────────
_HEADING = re.compile(r"^(#{1,6})\s.*?(\{#([A-Za-z0-9_-]+)[^}]*\})?\s*$")
_ITEM = re.compile(r"^([-*+]|\d+\.)\s")
_MACRO = re.compile(r"^\{\{\s*([a-z_]+)\s*\(")


def blocks(text: str) -> list[tuple[str, int]]:
    """A page's Markdown as its sequence of blocks, (kind, line): `heading#id`, `paragraph`, `item`, `table`, `term`,
    `definition`, `callout:type`, `macro:name`. Translation changes the words of a block, never the sequence."""
    lines = text.split("\n")
    out: list[tuple[str, int]] = []
    start = 0
    if lines and lines[0].strip() == "---":   # front matter (a description per language)
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
        start = end + 1
    in_comment = False
    previous_blank = True
    for n in range(start, len(lines)):
        raw = lines[n]
        line = raw.strip()
        if in_comment or line.startswith("<!--"):
            in_comment = "-->" not in line
            continue
        if not line:
            previous_blank = True
            continue
        heading = _HEADING.match(line)
        following = lines[n + 1].strip() if n + 1 < len(lines) else ""
        if heading:
            kind = "heading" + (f"#{heading.group(3)}" if heading.group(3) else "")
        elif line.startswith("|"):
            kind = "table"
            if out and out[-1][0] == "table" and not previous_blank:
                continue
        elif _ITEM.match(line):
            kind = "item"
        elif line.startswith(":   ") or line.startswith(": "):
            kind = "definition"
        elif line.startswith("!!!") or line.startswith("???"):
            kind = "callout:" + (line.split()[1] if len(line.split()) > 1 else "")
        elif _MACRO.match(line):
            kind = "macro:" + _MACRO.match(line).group(1)
        elif following.startswith(":"):
            kind = "term"
        elif not previous_blank and out and not raw.startswith(" ") and out[-1][0] == "paragraph":
            continue   # a paragraph wrapped over two lines is one paragraph
        else:
            kind = "paragraph"
        out.append((kind, n + 1))
        previous_blank = False
    return out


def block_sizes(text: str, found: list[tuple[str, int]]) -> list[int]:
    """How many characters (spaces aside) each block of `blocks(text)` holds, up to the next block: a paragraph's
    length in its language, which tells which of several paragraphs in a row has no translation."""
    lines = text.split("\n")
    ends = [line for _, line in found[1:]] + [len(lines) + 1]
    return [sum(len("".join(line.split())) for line in lines[start - 1:end - 1])
            for (_, start), end in zip(found, ends)]


_GAP, _OTHER_KIND = 1.0, 1.5   # a block without its translation; two blocks of different kinds at one place


def _align(first, second, pair) -> list[tuple[str, int, int]]:
    """The cheapest alignment of two block sequences, as steps ("pair" | "first" | "second", i, j): a block of each,
    or one of `first` (or `second`) without a partner. Of equal ones, the blocks are paired from the start as far as
    they can be (the later of two like blocks is the one left out)."""
    n, m = len(first), len(second)
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i or j:
                cost[i][j] = min(cost[i - 1][j] + _GAP if i else float("inf"),
                                 cost[i][j - 1] + _GAP if j else float("inf"),
                                 cost[i - 1][j - 1] + pair(i - 1, j - 1) if i and j else float("inf"))
    steps, i, j = [], n, m   # walked back from the ends
    while i or j:
        if i and cost[i][j] == cost[i - 1][j] + _GAP:
            steps.append(("first", i - 1, j))
            i -= 1
        elif j and cost[i][j] == cost[i][j - 1] + _GAP:
            steps.append(("second", i, j - 1))
            j -= 1
        else:
            steps.append(("pair", i - 1, j - 1))
            i, j = i - 1, j - 1
    return steps[::-1]


def where_they_part(first: list[tuple[str, int]], second: list[tuple[str, int]],
                    sizes: tuple[list[int], list[int]] | None = None):
    """Where two block sequences part, as (how, block of first, block of second), or None when they are the same
    sequence. `how` is "first" when `first` has a block the other lacks (the second's block is the one it would
    stand before, None at the end), "second" the other way round, "differ" for two blocks of different kinds.

    The sequences are aligned (fewest blocks without a translation, then kinds, headings by their {#id}), not
    compared position by position: a paragraph added in one language is named at its own line, not at the heading
    several paragraphs further on where the kinds first differ. Among paragraphs in a row, the one left out is the
    one whose removal pairs the others best by length (`sizes`: characters per block), measured against the
    languages' usual ratio (the median over blocks paired by kind alone)."""
    import math
    from statistics import median

    def kinds(i: int, j: int) -> float:
        return 0.0 if first[i][0] == second[j][0] else _OTHER_KIND
    steps = _align(first, second, kinds)
    if sizes:   # texts only: a heading pairs by its {#id}, a macro by its name
        text = [[max(x, 1) if not k.startswith(("heading", "macro")) else 0 for (k, _), x in zip(blocks_, size)]
                for blocks_, size in ((first, sizes[0]), (second, sizes[1]))]
        usual = (sum(text[0]) or 1) / (sum(text[1]) or 1)   # the languages' ratio, first over the page, then
        for _ in range(2):                                 # over the blocks the alignment pairs

            def pair(i: int, j: int) -> float:
                if first[i][0] != second[j][0]:
                    return _OTHER_KIND
                if not (text[0][i] and text[1][j]):
                    return 0.0
                return min(abs(math.log(text[0][i] / text[1][j] / usual)), _GAP * 0.9)

            steps = _align(first, second, pair)
            usual = median([text[0][i] / text[1][j] for how, i, j in steps
                            if how == "pair" and text[0][i] and text[1][j]] or [usual])
    for how, i, j in steps:
        x, y = first[i] if i < len(first) else None, second[j] if j < len(second) else None
        if how != "pair":
            return how, x, y
        if x[0] != y[0]:
            return "differ", x, y
    return None


_KIND_WORDS = {"paragraph": "a paragraph", "item": "a list item", "table": "a table", "term": "a defined term",
               "definition": "a definition"}


def _say(block) -> str:
    if block is None:
        return "the end of the page"
    kind = block[0]
    if kind.startswith("heading"):
        return f"a heading {{{kind[7:]}}}" if "#" in kind else "a heading"
    if kind.startswith("callout:"):
        return f"a call-out ({kind[8:]})"
    if kind.startswith("macro:"):
        return f"{kind[6:]}()"
    return _KIND_WORDS.get(kind, kind)


@functools.lru_cache(maxsize=64)
def texts_part(text: str, other: str):
    """`where_they_part` of two pages' texts (their blocks and sizes read from them). Remembered by the texts: a pure
    function, and `make serve` checks every page pair after every edition's build, where a save of data/ or of a
    template changes no page's text (the alignment was a sixth of the build of such a save). A page saved is a new
    text, aligned afresh; 64 pairs: those of the report, and the last versions of the pages being edited."""
    base, theirs = blocks(text), blocks(other)
    return where_they_part(base, theirs, (block_sizes(text, base), block_sizes(other, theirs)))


def check_blocks_match(docs_dir: Path, hand: list[str]) -> None:
    """Each page's languages have the same sequence of headings, paragraphs, list items, tables and call-outs; the
    first place they part is named with both files and lines."""
    problems = []
    for slug, files in sorted(page_pairs(docs_dir, hand).items()):
        first_lang, *others = [lang for lang in hand if lang in files]
        text = files[first_lang].read_text(encoding="utf-8")
        for lang in others:
            parted = texts_part(text, files[lang].read_text(encoding="utf-8"))
            if parted:
                how, a, b = parted
                fa, fb = files[first_lang], files[lang]
                where = (f"{docs_dir.name}/{fa.name}:{a[1] if a else 'end'} and {docs_dir.name}/{fb.name}:"
                         f"{b[1] if b else 'end'}")
                if how == "differ":
                    what = f"the languages part here: {_say(a)} in {first_lang}, {_say(b)} in {lang}"
                    fix = ("give every paragraph, list item, heading and table its translation, in the same order "
                           "(a paragraph split in two in one language is the usual cause)")
                    if a[0].startswith("heading") and b[0].startswith("heading"):
                        fix = (f"a heading has the same {{#id}} in every language: write the {first_lang} page's "
                               f"id in {lang} too (links and the content index use it)")
                else:
                    (has, lacks), (block, before) = ((first_lang, lang), (a, b)) if how == "first" else \
                        ((lang, first_lang), (b, a))
                    place = f"before {_say(before)} (line {before[1]})" if before else "at the end of the page"
                    what = (f"{_say(block)} in {has} (line {block[1]}) has no {lacks} translation; in {lacks} it "
                            f"would stand {place}")
                    fix = (f"translate it into {lacks} at that place, or delete it from {has} if it was added by "
                           "mistake (a paragraph split in two in one language also reads as one without its "
                           "translation)")
                problems.append(told(where, what, fix))
    if problems:
        raise ValueError("\n".join(problems))


# ── every page in the menu ──────────────────────────────────────────────────
def _kept_out(not_in_nav):
    """mkdocs.yml's `not_in_nav` (gitignore-style lines, or the spec MkDocs made of them) as a test of a file name."""
    if not not_in_nav:
        return lambda name: False
    if hasattr(not_in_nav, "match_file"):
        return not_in_nav.match_file
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(str(not_in_nav).splitlines()).match_file


def missing_from_menu(slugs: list[str], listed, not_in_nav, hand: list[str]) -> list[str]:
    """Pages (slugs) that are neither in the menu (`listed`, its pages) nor kept out of it by mkdocs.yml's
    `not_in_nav` (`/downloads.*.md`: the downloads centre, linked from every page's footer)."""
    listed, kept_out = set(listed), _kept_out(not_in_nav)
    return [slug for slug in slugs if slug not in listed and not any(kept_out(f"{slug}.{lang}.md") for lang in hand)]


def _has_own_title(text: str) -> bool:
    """Whether a page names itself: a `# Title` line, or `title:` in its front matter (as MkDocs reads them)."""
    front = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if front and re.search(r"^title:\s*\S", front.group(1), re.M):
        return True
    return bool(re.search(r"^#[ \t]+\S", text[front.end() if front else 0:], re.M))


def check_menu(docs_dir: Path, hand: list[str], menu, not_in_nav) -> None:
    """A page missing from the menu (data/menu.yaml) is named with its files and the line to add; a page the menu
    names without its files, at the menu's line (macros/model/menu.py)."""
    from .menu import FILE, pages, walk

    pairs = page_pairs(docs_dir, hand)
    last = max((entry.line or 0 for entry in walk(menu)), default=0)
    missing = missing_from_menu(sorted(pairs), pages(menu), not_in_nav, hand)
    problems, meant = [], set()   # meant: the pages a misspelt line of the menu stands for (told at that line)
    for entry in walk(menu):
        where = f"{FILE}:{entry.line}" if entry.line else FILE
        if entry.page is not None and entry.page in pairs and not entry.titles:
            untitled = [f"{docs_dir.name}/{entry.page}.{lang}.md" for lang in hand
                        if not _has_own_title((docs_dir / f"{entry.page}.{lang}.md").read_text(encoding="utf-8"))]
            if untitled:
                problems.append(told(
                    where, f"{' and '.join(untitled)}: no # title, so the menu would name the page by its file name",
                    "give the entry a menu title, `title: {" + ", ".join(f"{lang}: …" for lang in hand) + "}` "
                    "under its line, or start the page with its `# Title {#id}`"))
        if entry.page is not None and entry.page not in pairs:
            close = difflib.get_close_matches(entry.page, missing, n=1) or difflib.get_close_matches(
                entry.page, list(pairs), n=1)
            meant.update(close[:1])
            files = " and ".join(f"{docs_dir.name}/{entry.page}.{lang}.md" for lang in hand)
            problems.append(told(
                where, f"the menu names '{entry.page}', but {files} do not exist",
                (f"correct the name (did you mean {close[0]}?), " if close else "")
                + "write both files, or delete the line"))
    problems[:0] = [told(
        " and ".join(f"{docs_dir.name}/{slug}.{lang}.md" for lang in hand), "the page is in no menu",
        f"add the line '  - page: {slug}' to {FILE} where the page belongs (the menu shows its # heading; the last "
        f"entry is on line {last}), or delete both files")
        for slug in missing if slug not in meant]
    if problems:
        raise ValueError("\n".join(problems))


# ── a page's own headings and images ────────────────────────────────────────
_HEADING_LINE = re.compile(r"^\s*(#{1,6})\s+(.*?)\s*$")
_HEADING_ATTRS = re.compile(r"\{([^{}]*)\}$")
HEADING_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)|<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.I)
_ID_FIX = ("end the heading with its id, {#an-id}: lower-case letters, digits and -, the same id in both languages "
           "(CONTRIBUTING.md 'Change text', 4)")


def page_problems(text: str, page: Path, docs_dir: Path) -> list[tuple[int, str, str]]:
    """(line, what is wrong, how to fix) for a page's own structure: a page with no text, a heading without its
    {#id}, an id written in another form or used twice, an image whose file is not in docs/. Each of these passes
    MkDocs silently (an image shows as a broken icon, a twice-used id sends a link to the first heading)."""
    problems: list[tuple[int, str, str]] = []
    if not [kind for kind, _ in blocks(text) if not kind.startswith("heading")]:
        problems.append((1, "the page has no text", "write the page's text under its title (the same blocks as its "
                         "other language), or delete both files and its line in data/menu.yaml"))
    first_line: dict[str, int] = {}
    in_front = text.startswith("---")
    for number, line in enumerate(text.split("\n"), start=1):
        if in_front:
            in_front = not (number > 1 and line.strip() == "---")
            continue
        heading = _HEADING_LINE.match(line)
        if heading:
            attrs = _HEADING_ATTRS.search(heading.group(2))
            if not attrs or not attrs.group(1).lstrip().startswith("#"):
                problems.append((number, "a heading without its id", _ID_FIX))
            else:
                anchor = attrs.group(1).strip()[1:]
                if not HEADING_ID.fullmatch(anchor):
                    problems.append((number, f"the heading id {{#{anchor}}} has characters an id may not have",
                                     _ID_FIX))
                elif anchor in first_line:
                    problems.append((number, f"the id {{#{anchor}}} is used twice on this page (first on line "
                                     f"{first_line[anchor]})", "give this heading an id of its own, in both "
                                     "languages; links and the content index go to the first"))
                else:
                    first_line[anchor] = number
        for found in _IMAGE.finditer(line):
            src = (found.group(1) or found.group(2)).split("#")[0].split("?")[0]
            if "://" in src or src.startswith(("//", "data:", "/")) or not src:
                continue   # another host's (the allow-list refuses it) or an absolute path (MkDocs warns)
            if not (page.parent / src).resolve().is_file():
                problems.append((number, f"the image '{src}' is not in {docs_dir.name}/", "put the file in "
                                 f"{docs_dir.name}/assets/ and write its name exactly (capitals count), as in "
                                 "![description](assets/picture.png)"))
    return problems

