"""What a Han (Chinese) character is, in one place.

Why: the page checks, the search index, the language marking of Chinese inside English pages and the description
cutter must agree on it. Each once wrote its own range, and they differed (Extension A, the compatibility ideographs
and the supplementary planes were in some and not in others), so a character could be Chinese to one and not to
another.
"""

from __future__ import annotations

import re

# Extension A, the unified ideographs, the compatibility ideographs, and Extensions B–H (planes 2 and 3).
HAN_CLASS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"   # for use inside [...] of a pattern
HAN = re.compile(f"[{HAN_CLASS}]")


def has_han(text: str) -> bool:
    """Whether `text` holds at least one Han character."""
    return HAN.search(text) is not None


def is_han(char: str) -> bool:
    """Whether the one character `char` is a Han character."""
    return HAN.fullmatch(char) is not None
