"""`make new-year`: every place in docs/, data/ and mkdocs.yml that still says the report year, with a suggestion.

Why: a new report year is configuration (data/report.yaml `year:`), but the pages' own words, the facts, the board's
date and a few settings name the year too. An editor starting the next report gets the whole list, file and line,
instead of finding the places one build error at a time. A year inside a longer number is not a year.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

SUGGEST = [  # (file pattern, text pattern, suggestion); the first match wins; {new} is the next year
    (r"^data/report\.yaml$", r"^year:", "set year: {new}"),
    (r"^data/kpis/", r"^years:", "add {new} to years: and a {new} value to every row (/ where not disclosed)"),
    (r"^data/kpis/", r"values:", "a figure of the row: add its {new} value beside it"),
    (r"^data/printed/", r"", "what the printed report says: replace it when the {new} report is printed"),
    (r"^data/restatements\.yaml$", r"", "a restatement of the printed report: keep it"),
    (r"^data/board\.yaml$", r"as_of", "the board as at the end of {new}: as_of: {new}-12-31"),
    (r"^data/facts/", r"as_of", "a fact of the report year: the {new} report's figure and date"),
    (r"^data/", r"", "check whether it still means the report year; say {new} if it does"),
    (r"^docs/", r"\{\{.*\b(kpi|money|kpi_change)\(", "a figure of that year: keep it, or name the year before {new}"),
    (r"^docs/", r"", "the report's own words: the {new} report's text, or {{{{ report_year }}}} where it means the "
                     "report year"),
    (r"^mkdocs\.yml$", r"site_name|site_description|copyright|site_url",
     "the site's name, description, copyright and address come from data/report.yaml (site:): remove it here"),
    (r"^mkdocs\.yml$", r"", "a setting that names the year: {new}"),
]


def places(root: Path, year: int) -> list[tuple[str, int, str, str]]:
    """(file, line, the line's text, suggestion) for each line that names `year`."""
    token = re.compile(rf"(?<![0-9]){year}(?![0-9])")
    files = sorted((root / "docs").rglob("*.md")) + sorted((root / "data").rglob("*.yaml")) + [root / "mkdocs.yml"]
    found = []
    for path in files:
        if not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            comment = rel.endswith((".yaml", ".yml")) and line.lstrip().startswith("#")   # a Markdown # is a heading
            if token.search(line) and not comment:
                found.append((rel, n, line.strip(), suggestion(rel, line, year)))
    return found


def suggestion(rel: str, line: str, year: int) -> str:
    for file_pattern, text_pattern, text in SUGGEST:
        if re.search(file_pattern, rel) and re.search(text_pattern, line.strip()):
            return text.format(new=year + 1)
    return f"check whether it still means {year}"


def main(argv: list[str] | None = None) -> int:
    import yaml

    root = Path(__file__).resolve().parents[2]
    year = int(yaml.safe_load((root / "data" / "report.yaml").read_text(encoding="utf-8"))["year"])
    found = places(root, year)
    for rel, n, text, hint in found:
        print(f"{rel}:{n}: {text[:100]}\n    → {hint}")
    print(f"\n{len(found)} line(s) name {year}. Start with data/report.yaml (year: {year + 1}) and data/kpis/*.yaml "
          f"(CONTRIBUTING.md, 'A new report year'); the build then names whatever still lacks {year + 1} data.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
