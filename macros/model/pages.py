"""Rules about the page files themselves, independent of MkDocs.

Why: a page that exists in one language only would be silently missing (or, with a fallback, shown in the wrong
language). Every page needs a file in each language written by hand (`x.zh-Hant.md` and `x.en.md`); the build stops
and names the missing file. A generated edition (zh-Hans) has no files: a file for it would be a hand-kept copy.
"""

from __future__ import annotations

from pathlib import Path


def page_pairs(docs_dir: Path, hand: list[str]) -> dict[str, dict[str, Path]]:
    """{slug: {lang: path}} for every Markdown page in docs/; `hand` are the locales written by hand."""
    pairs: dict[str, dict[str, Path]] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        stem, _, lang = path.name[:-3].rpartition(".")
        rel = path.parent.relative_to(docs_dir) / stem
        if lang not in hand or not stem:
            raise ValueError(f"{path}: page files are named " + " and ".join(f"<page>.{x}.md" for x in hand)
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
