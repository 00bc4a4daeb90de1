"""Rules about the page files themselves, independent of MkDocs.

Why: a page that exists in one language only would be silently missing (or, with a fallback, shown in the wrong
language). Every `x.zh-Hant.md` needs its `x.en.md` and the reverse; the build stops and names the missing file.
"""

from __future__ import annotations

from pathlib import Path

LANG_SUFFIXES = ("zh-Hant", "en")


def page_pairs(docs_dir: Path) -> dict[str, dict[str, Path]]:
    """{slug: {lang: path}} for every Markdown page in docs/."""
    pairs: dict[str, dict[str, Path]] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        stem, _, lang = path.name[:-3].rpartition(".")
        rel = path.parent.relative_to(docs_dir) / stem
        if lang not in LANG_SUFFIXES or not stem:
            raise ValueError(f"{path}: page files are named <page>.zh-Hant.md and <page>.en.md "
                             f"(found '{path.name}'); rename it")
        pairs.setdefault(rel.as_posix(), {})[lang] = path
    return pairs


def check_page_pairs(docs_dir: Path) -> None:
    missing = [f"{docs_dir.name}/{slug}.{lang}.md" for slug, langs in page_pairs(docs_dir).items()
               for lang in LANG_SUFFIXES if lang not in langs]
    if missing:
        raise ValueError("every page needs both languages; missing: " + ", ".join(missing)
                         + ". Add the translation (a page is never shown in the wrong language).")
