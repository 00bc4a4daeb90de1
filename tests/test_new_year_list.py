"""`make new-year` lists every line that names the report year, with a suggestion (macros/model/new_year.py)."""

from __future__ import annotations

from macros.model.new_year import places, suggestion


def test_every_line_naming_the_year_is_listed_with_a_suggestion(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "data" / "kpis").mkdir(parents=True)
    (tmp_path / "docs" / "a.zh-Hant.md").write_text("# 2030年報告 {#top}\n\n數字 120301 不是年份。\n", encoding="utf-8")
    (tmp_path / "data" / "report.yaml").write_text("# 2030 in a comment\nyear: 2030\n", encoding="utf-8")
    (tmp_path / "data" / "kpis" / "x.yaml").write_text("years: [2029, 2030]\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("copyright: © 2030\n", encoding="utf-8")
    found = {(rel, n): hint for rel, n, _, hint in places(tmp_path, 2030)}
    assert set(found) == {("docs/a.zh-Hant.md", 1), ("data/report.yaml", 2), ("data/kpis/x.yaml", 1),
                          ("mkdocs.yml", 1)}
    assert found[("data/report.yaml", 2)] == "set year: 2031"
    assert "add 2031 to years:" in found[("data/kpis/x.yaml", 1)]
    assert "{{ report_year }}" in found[("docs/a.zh-Hant.md", 1)]
    assert "come from data/report.yaml (site:)" in found[("mkdocs.yml", 1)], "typed in mkdocs.yml: moved to data"


def test_the_site_texts_of_the_real_project_name_no_year():
    """The site's name, description, copyright and address are templates in data/report.yaml: nothing to change."""
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[1]
    year = yaml.safe_load((root / "data" / "report.yaml").read_text(encoding="utf-8"))["year"]
    listed = [(rel, text) for rel, _, text, _ in places(root, year)
              if rel == "mkdocs.yml" or (rel == "data/report.yaml" and not text.startswith("year:"))]
    assert listed == [], listed


def test_a_figure_of_that_year_in_a_page_is_told_apart():
    assert "a figure of that year" in suggestion("docs/p.en.md", 'Up {{ kpi("water", 2030) }} t.', 2030)
