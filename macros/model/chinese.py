"""Traditional → Simplified Chinese for the generated edition: OpenCC characters plus a reviewed phrase table.

Why: the zh-Hans edition is converted at build from the zh-Hant text, never kept by hand, so it cannot drift from the
text that prevails. OpenCC's `hk2s` converts characters only; the printed report carries some Taiwan-style words
(資料中心, 品質, 程式) that a mainland reader writes otherwise, so `data/zh_hans_phrases.yaml` lists those, reviewed
one by one, and they are replaced first (longest first). `is_simplified` tells whether a text has anything left to
convert: a second pass that changes nothing is the proof that no Traditional character is left.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=None)
def _opencc(config: str):
    import opencc  # the PyPI package `opencc`

    return opencc.OpenCC(config)


class Converter:
    """One conversion: `Converter("hk2s", [("資料中心", "数据中心"), …])(text)`."""

    def __init__(self, opencc_config: str, phrases: list[tuple[str, str]] = ()):
        self.opencc_config = opencc_config
        self.phrases = dict(phrases)
        longest_first = sorted(self.phrases, key=len, reverse=True)
        self._phrase_re = re.compile("|".join(map(re.escape, longest_first))) if longest_first else None
        self._cache: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        if text in self._cache:
            return self._cache[text]
        out = self._phrase_re.sub(lambda m: self.phrases[m.group(0)], text) if self._phrase_re else text
        out = _opencc(self.opencc_config).convert(out)
        if len(self._cache) < 50_000:
            self._cache[text] = out
        return out

    def left_unconverted(self, text: str) -> list[str]:
        """The characters of `text` that a further pass would still change (empty: fully converted)."""
        again = _opencc(self.opencc_config).convert(text)
        return sorted({a for a, b in zip(text, again) if a != b}) if len(again) == len(text) else [text]
