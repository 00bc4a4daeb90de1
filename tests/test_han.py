"""One definition of a Han character (macros/model/han.py), used by every check, index and marker."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from macros.plugin.accessible_html import mark_chinese
from macros.model.han import has_han, is_han
from macros.model.search_terms import HAN as SEARCH_WORD

pytestmark = pytest.mark.unit

# one character from each range: Extension A, unified, compatibility, Extension B, Extension G
HAN_CHARS = ["\u3400", "醫", "\uf900", "\U00020000", "\U00030000"]
NOT_HAN = ["。", "「", "A", "1", "\u3000", "ｅ", "😀"]


@pytest.mark.parametrize("char", HAN_CHARS)
def test_every_range_is_han_to_every_user(char):
    assert is_han(char) and has_han(f"a{char}b")
    assert SEARCH_WORD.match(char * 2), "the search dictionary's word pattern"
    assert 'lang="zh-Hant"' in mark_chinese(f"<p>Medlive {char}通 app</p>", "en", chinese="zh-Hant"), "Chinese inside English"


@pytest.mark.parametrize("char", NOT_HAN)
def test_punctuation_latin_and_symbols_are_not_han(char):
    assert not is_han(char) and not has_han(char)


def test_no_module_writes_its_own_han_range():
    own = [f"{p.relative_to(ROOT)}:{n}" for p in (ROOT / "macros").rglob("*.py") if p.name != "han.py"
           for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
           if re.search(r"\\u4e00|\\u3400|\\uf900", line)]
    assert own == [], "use macros/model/han.py"
