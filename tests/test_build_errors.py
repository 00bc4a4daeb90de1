"""Mistakes in pages stop the build and name the page: tiny sites built with the project's own config and code."""

from __future__ import annotations

import pytest

HOME = ("# 首頁 {#home}\n\n## 範圍 {#scope}\n\n見[另一頁](other.md#part)。\n",
        "# Home {#home}\n\n## Scope {#scope}\n\nSee [the other page](other.md#part).\n")
OTHER = ("# 另一頁 {#other}\n\n## 部分 {#part}\n\n員工總數：{{ kpi(\"employees_total\", 2022) }}人。\n",
         "# Other {#other}\n\n## Part {#part}\n\nEmployees: {{ kpi(\"employees_total\", 2022) }}.\n")


def test_a_correct_mini_site_builds(mini_project):
    code, output = mini_project({"index": HOME, "other": OTHER})
    assert code == 0, output
    html = (mini_project.root / "site" / "en" / "other" / "index.html").read_text(encoding="utf-8")
    assert "Employees: 605." in html


@pytest.mark.parametrize("case,pages,words", [
    ("unknown macro", {"index": HOME, "other": (OTHER[0], OTHER[1] + "\n{{ unknown_macro() }}\n")},
     ["unknown_macro", "other.en.md"]),
    ("unknown KPI id", {"index": HOME, "other": (OTHER[0].replace("employees_total", "employee_total"), OTHER[1])},
     ["employee_total", "did you mean employees_total", "other.zh-Hant.md"]),
    ("broken internal link", {"index": (HOME[0].replace("other.md", "othr.md"), HOME[1]), "other": OTHER},
     ["othr.md", "index.zh-Hant.md"]),
    ("missing anchor", {"index": (HOME[0], HOME[1].replace("#part", "#prat")), "other": OTHER},
     ["prat", "index.en.md"]),
    ("page missing in English", {"index": HOME, "other": (OTHER[0], None)},
     ["other.en.md", "every page needs zh-Hant, en"]),
], ids=lambda v: v if isinstance(v, str) else "")
def test_page_mistakes_stop_the_build(mini_project, case, pages, words):
    code, output = mini_project(pages)
    assert code != 0, f"{case}: the build passed:\n{output}"
    for word in words:
        assert word in output, f"{case}: {word!r} not in build output:\n{output}"


def test_data_mistake_stops_the_real_build(mini_project):
    path = mini_project.root / "data" / "kpis" / "environmental.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("2022: 67.758", "2022: 67.7.58"), encoding="utf-8")
    code, output = mini_project({"index": HOME, "other": OTHER})
    assert code != 0
    assert "data/kpis/environmental.yaml:" in output and "expected a number" in output, output
