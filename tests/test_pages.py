"""Both languages move together at paragraph level: macros/model/pages.py, on small pages of our own."""

from __future__ import annotations

import re

import pytest

from conftest import HAND, ROOT
from macros.model.pages import blocks, check_blocks_match, texts_part, where_they_part

ZH = """---
description: 摘要
---
# 標題 {#top}

第一段。

## 小節 {#part}

第二段。
第二段的續行。

- 一
- 二

| 甲 | 乙 |
| --- | --- |
| 1 | 2 |

!!! example "案例：標題"
    案例內容。

{{ kpi_table("ghg") }}
"""
EN = """# Title {#top}

First paragraph.

## Part {#part}

Second paragraph, wrapped
over two lines.

- one
- two

| A | B |
| --- | --- |
| 1 | 2 |

!!! example "Case study: Title"
    The case.

{{ kpi_table("ghg") }}
"""


def test_a_page_and_its_translation_have_the_same_blocks():
    assert [k for k, _ in blocks(ZH)] == [k for k, _ in blocks(EN)] == [
        "heading#top", "paragraph", "heading#part", "paragraph", "item", "item", "table", "callout:example",
        "paragraph", "macro:kpi_table"]
    assert where_they_part(blocks(ZH), blocks(EN)) is None


@pytest.mark.parametrize("case,en,first_kind,second_kind", [
    ("a paragraph missing", EN.replace("First paragraph.\n\n", ""), "paragraph", "heading#part"),
    ("a paragraph split in two", EN.replace("Second paragraph, wrapped\nover", "Second paragraph.\n\nOver"),
     "item", "paragraph"),
    ("a list item missing", EN.replace("- two\n", ""), "item", "table"),
    ("a heading id changed", EN.replace("{#part}", "{#section}"), "heading#part", "heading#section"),
    ("a call-out of another kind", EN.replace("!!! example", "!!! note"), "callout:example", "callout:note"),
    ("a macro left out", EN.replace('{{ kpi_table("ghg") }}\n', ""), "macro:kpi_table", None),
])
def test_where_the_languages_part_is_found(case, en, first_kind, second_kind):
    parted = where_they_part(blocks(ZH), blocks(en))
    assert parted, case
    _, a, b = parted
    assert a[0] == first_kind and (b[0] if b else None) == second_kind, (case, a, b)


def _parted(tmp_path, en: str) -> str:
    """check_blocks_match's message for the Chinese page ZH and this English."""
    (tmp_path / "page.zh-Hant.md").write_text(ZH, encoding="utf-8")
    (tmp_path / "page.en.md").write_text(en, encoding="utf-8")
    with pytest.raises(ValueError) as exc:
        check_blocks_match(tmp_path, ["zh-Hant", "en"])
    return str(exc.value)


def test_the_build_names_both_files_and_lines(tmp_path):
    message = _parted(tmp_path, EN.replace("First paragraph.\n\n", ""))
    zh_line = ZH.split("\n").index("第一段。") + 1
    assert f"page.zh-Hant.md:{zh_line} and {tmp_path.name}/page.en.md:3:" in message
    assert (f"a paragraph in zh-Hant (line {zh_line}) has no en translation; in en it would stand before a heading "
            "{#part} (line 3)\n    How to fix: translate it into en at that place") in message, message


# A section of paragraphs of different lengths, as a page has them: one added in one language only is named at its
# own line, not where the kinds first differ (the next heading, several paragraphs on). Lengths tell which one.
RUN_ZH = ("# 標題 {#top}\n\n短段。\n\n這是一個比較長的段落，內容多一些，字也多一些，一共有好幾句話。\n\n中等長度的段落。\n\n"
          "再一段稍長的文字，有十幾個字。\n\n## 小節 {#part}\n\n末段。\n")
RUN_EN = ("# Title {#top}\n\nShort one.\n\nThis is a rather longer paragraph, with more in it and more words to it, "
          "and it runs on for a while.\n\nA paragraph of middle length.\n\nOne more paragraph, a bit longer, some "
          "words.\n\n## Part {#part}\n\nLast one.\n")


def _line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), start=1) if line.startswith(start))


@pytest.mark.parametrize("case,zh,en,zh_at,en_at,has", [
    ("the long zh paragraph without its English", RUN_ZH, re.sub(r"This is a rather[^\n]*\n\n", "", RUN_EN),
     "這是一個比較長", "A paragraph of middle", "zh-Hant"),
    ("the first zh paragraph without its English", RUN_ZH, RUN_EN.replace("Short one.\n\n", ""),
     "短段", "This is a rather", "zh-Hant"),
    ("an English paragraph added in the middle", RUN_ZH, RUN_EN.replace(
        "Short one.\n\n", "Short one.\n\nAn English sentence the Chinese page does not have at all, a long one.\n\n"),
     "這是一個比較長", "An English sentence", "en"),
], ids=["long zh", "first zh", "en added"])
def test_a_block_in_one_language_only_is_named_at_its_own_line(tmp_path, case, zh, en, zh_at, en_at, has):
    (tmp_path / "page.zh-Hant.md").write_text(zh, encoding="utf-8")
    (tmp_path / "page.en.md").write_text(en, encoding="utf-8")
    with pytest.raises(ValueError) as exc:
        check_blocks_match(tmp_path, ["zh-Hant", "en"])
    message = str(exc.value)
    zh_line, en_line = _line_of(zh, zh_at), _line_of(en, en_at)
    assert f"page.zh-Hant.md:{zh_line} and {tmp_path.name}/page.en.md:{en_line}: a paragraph in {has} (line " \
           f"{zh_line if has == 'zh-Hant' else en_line}) has no" in message, f"{case}:\n{message}"


def test_a_heading_id_differing_between_the_languages_is_told_as_such(tmp_path):
    message = _parted(tmp_path, EN.replace("{#part}", "{#parts}"))
    assert "a heading {#part} in zh-Hant, a heading {#parts} in en" in message, message
    assert "How to fix: a heading has the same {#id} in every language: write the zh-Hant page's id in en" in message


def test_pages_checked_again_unchanged_are_not_aligned_again_and_a_saved_page_is(tmp_path):
    """make serve checks every page pair at every save: a pair whose texts did not change is answered from memory,
    and a page saved since (a paragraph dropped, then put back) is aligned afresh and told, then passes again."""
    zh, en = f"{ZH}\n末段 {tmp_path.name}。\n", f"{EN}\nLast {tmp_path.name}.\n"   # texts no other test aligned
    (tmp_path / "page.zh-Hant.md").write_text(zh, encoding="utf-8")
    (tmp_path / "page.en.md").write_text(en, encoding="utf-8")
    check_blocks_match(tmp_path, ["zh-Hant", "en"])
    aligned = texts_part.cache_info().misses
    check_blocks_match(tmp_path, ["zh-Hant", "en"])
    assert texts_part.cache_info().misses == aligned, "an unchanged pair was aligned again"
    (tmp_path / "page.en.md").write_text(en.replace("First paragraph.\n\n", ""), encoding="utf-8")
    with pytest.raises(ValueError, match="has no en translation"):
        check_blocks_match(tmp_path, ["zh-Hant", "en"])
    assert texts_part.cache_info().misses == aligned + 1
    (tmp_path / "page.en.md").write_text(en, encoding="utf-8")
    check_blocks_match(tmp_path, ["zh-Hant", "en"])


def test_the_real_pages_move_together():
    check_blocks_match(ROOT / "docs", list(HAND))


PAGE_STRUCTURE = [   # (case, page text, line, words): what MkDocs passes silently
    ("heading without its id", "# T {#t}\n\nText.\n\n## Scope\n\nMore.\n", 5, "a heading without its id"),
    ("id in another form", "# T {#t}\n\nText.\n\n## Scope {#Our Scope}\n", 5, "{#Our Scope} has characters"),
    ("id with capitals", "# T {#t}\n\nText.\n\n## Scope {#Scope}\n", 5, "{#Scope} has characters"),
    ("id used twice", "# T {#t}\n\n## A {#part}\n\nText.\n\n## B {#part}\n", 7, "{#part} is used twice on this page "
     "(first on line 3)"),
    ("missing image", "# T {#t}\n\nText.\n\n![A chart](assets/chart.png)\n", 5, "the image 'assets/chart.png' is not "
     "in docs/"),
    ("missing image as HTML", "# T {#t}\n\nText <img src=\"assets/chart.png\" alt=\"x\">.\n", 3, "the image "
     "'assets/chart.png'"),
    ("empty page", "", 1, "the page has no text"),
    ("title only", "---\ndescription: A page.\n---\n# T {#t}\n\n## Part {#part}\n", 1, "the page has no text"),
]


@pytest.mark.parametrize("case,text,line,words", PAGE_STRUCTURE, ids=[c[0] for c in PAGE_STRUCTURE])
def test_a_page_structure_mistake_is_named_at_its_line(tmp_path, case, text, line, words):
    from macros.model.pages import page_problems

    docs = tmp_path / "docs"
    (docs / "assets").mkdir(parents=True)
    problems = page_problems(text, docs / "page.en.md", docs)
    assert [(n, words in what, bool(fix)) for n, what, fix in problems] == [(line, True, True)], problems


def test_the_real_pages_have_sound_structure():
    """Every heading of docs/ has its own {#id}, every image its file, every page its text (the check refuses none
    of what the pages write, so it fails only on a mistake)."""
    from macros.model.pages import page_problems

    docs = ROOT / "docs"
    assert {p.name: page_problems(p.read_text(encoding="utf-8"), p, docs) for p in sorted(docs.glob("*.md"))
            if page_problems(p.read_text(encoding="utf-8"), p, docs)} == {}
    existing = next(p for p in (docs / "assets").rglob("*") if p.is_file()).relative_to(docs).as_posix()
    assert page_problems(f"# T {{#t}}\n\n![x]({existing})\n", docs / "page.en.md", docs) == []
