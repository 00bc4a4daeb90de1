"""Both languages move together at paragraph level: macros/model/pages.py, on small pages of our own."""

from __future__ import annotations

import pytest

from conftest import HAND, ROOT
from macros.model.pages import blocks, check_blocks_match, where_they_part

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


def test_the_build_names_both_files_and_lines(tmp_path):
    (tmp_path / "page.zh-Hant.md").write_text(ZH, encoding="utf-8")
    (tmp_path / "page.en.md").write_text(EN.replace("First paragraph.\n\n", ""), encoding="utf-8")
    with pytest.raises(ValueError) as exc:
        check_blocks_match(tmp_path, ["zh-Hant", "en"])
    message = str(exc.value)
    zh_line = ZH.split("\n").index("第一段。") + 1
    assert f"page.zh-Hant.md:{zh_line} and {tmp_path.name}/page.en.md:3:" in message
    assert "a paragraph in zh-Hant, a heading {#part} in en" in message and "How to fix" in message


def test_the_real_pages_move_together():
    check_blocks_match(ROOT / "docs", list(HAND))
