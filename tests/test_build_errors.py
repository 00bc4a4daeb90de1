"""Mistakes in pages stop the build and name the page: tiny sites built with the project's own config and code."""

from __future__ import annotations

import pytest

from conftest import ROOT, mkdocs_config, static_i18n
from figures import figure, report_year, values_text, with_value

HOME = ("# 首頁 {#home}\n\n## 範圍 {#scope}\n\n見[另一頁](other.md#part)。\n",
        "# Home {#home}\n\n## Scope {#scope}\n\nSee [the other page](other.md#part).\n")
OTHER = ("# 另一頁 {#other}\n\n## 部分 {#part}\n\n員工總數：{{ kpi(\"employees_total\") }}人。\n",
         "# Other {#other}\n\n## Part {#part}\n\nEmployees: {{ kpi(\"employees_total\") }}.\n")


def test_a_correct_mini_site_builds(mini_project):
    code, output = mini_project({"index": HOME, "other": OTHER})
    assert code == 0, output
    html = (mini_project.root / "site" / "en" / "other" / "index.html").read_text(encoding="utf-8")
    assert f"Employees: {figure('employees_total')}." in html


@pytest.mark.parametrize("case,pages,words", [
    ("unknown KPI id", {"index": HOME, "other": (OTHER[0].replace("employees_total", "employee_total"), OTHER[1])},
     ["employee_total", "did you mean employees_total", "other.zh-Hant.md"]),
    ("broken internal link and missing anchor (both told in one build)",
     {"index": (HOME[0].replace("other.md", "othr.md"), HOME[1].replace("#part", "#prat")), "other": OTHER},
     ["othr.md", "index.zh-Hant.md", "prat", "index.en.md"]),
    ("page missing in English", {"index": HOME, "other": (OTHER[0], None)},
     ["other.en.md", "every page needs zh-Hant, en"]),
], ids=lambda v: v if isinstance(v, str) else "")
def test_page_mistakes_stop_the_build(mini_project, case, pages, words):
    code, output = mini_project(pages)
    assert code != 0, f"{case}: the build passed:\n{output}"
    for word in words:
        assert word in output, f"{case}: {word!r} not in build output:\n{output}"


def test_an_unknown_macro_is_refused_at_its_line():
    """Refused before the macros render (macros/plugin/safe_pages.py template_check: our macros only); that hook's
    wiring into the build is proven in tests/test_safe_by_construction.py."""
    from macros.model.page_template import template_problems
    from macros.page_macros import PAGE_VARIABLES, PageMacros

    plugin = next(p["macros"] for p in mkdocs_config()["plugins"] if isinstance(p, dict) and "macros" in p)
    syntax = {key[3:]: value for key, value in plugin.items() if key.startswith("j2_")}
    page = OTHER[1] + "\n{{ unknown_macro() }}\n"
    problems = template_problems(page, set(PageMacros.MACROS), PAGE_VARIABLES, syntax)
    assert [(line, "'unknown_macro'" in what, bool(fix)) for line, what, fix in problems] == [
        (page.split("\n").index("{{ unknown_macro() }}") + 1, True, True)], problems


def test_data_mistake_stops_the_real_build(mini_project):
    rel, values = values_text("ghg_scope2")
    path = mini_project.root / rel
    path.write_text(path.read_text(encoding="utf-8").replace(values, with_value(values, report_year(), "67.7.58")),
                    encoding="utf-8")
    code, output = mini_project({"index": HOME, "other": OTHER})
    assert code != 0
    assert "data/kpis/environmental.yaml:" in output and "has 2 decimal points" in output, output


def _i18n(config) -> dict:
    return next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)


LANGUAGE_CASES = [
    ("an edition missing from mkdocs.yml",
     lambda c: _i18n(c).update(languages=[x for x in _i18n(c)["languages"] if x["locale"] != "zh-Hans"]),
     ["mkdocs.yml: the i18n plugin's languages ['zh-Hant', 'en']", "must be the editions of data/report.yaml"]),
    ("another default language",
     lambda c: [x.update(default=x["locale"] == "en") for x in _i18n(c)["languages"]],
     ["(default en)", "prevailing zh-Hant"]),
    ("a generated edition without fallback", lambda c: _i18n(c).update(fallback_to_default=False),
     ["a generated edition needs `fallback_to_default: true`"]),
]


@pytest.mark.parametrize("case,edit,words", LANGUAGE_CASES, ids=[c[0] for c in LANGUAGE_CASES])
def test_languages_must_be_the_editions_of_the_report(dataset, case, edit, words):
    """macros/plugin/editions.py check_languages on mkdocs.yml's i18n settings as the plugin reads them (its
    languages, the one marked default, fallback_to_default); the build below proves the hook runs it."""
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError

    from macros.plugin.editions import check_languages

    config = mkdocs_config()
    edit(config)
    with pytest.raises(PluginError) as refused:
        check_languages(SimpleNamespace(plugins={"i18n": static_i18n(config)}), dataset.report)
    for word in words:
        assert word in str(refused.value), f"{case}: {word!r} not in {refused.value}"


def test_a_default_language_other_than_the_prevailing_edition_stops_the_build(mini_project):
    case, edit, words = LANGUAGE_CASES[1]
    code, output = mini_project({"index": HOME, "other": OTHER}, edit_config=edit)
    assert code != 0, f"{case}: the build passed:\n{output}"
    for word in words:
        assert word in output, f"{case}: {word!r} not in build output:\n{output}"


def test_a_page_file_for_the_generated_edition_is_refused(mini_project):
    def add_copy(root):
        (root / "docs" / "other.zh-Hans.md").write_text(OTHER[0], encoding="utf-8")

    code, output = mini_project({"index": HOME, "other": OTHER}, before_build=add_copy)
    assert code != 0
    assert "other.zh-Hans.md" in output
    assert "copy of a generated edition" in output


def test_a_page_missing_from_the_menu_stops_the_build_with_its_files_and_the_fix(mini_project):
    code, output = mini_project({"index": HOME, "other": OTHER}, menu="menu:\n  - page: index\n")
    assert code != 0
    assert "docs/other.zh-Hant.md and docs/other.en.md: the page is in no menu" in output, output
    assert "add the line '  - page: other' to data/menu.yaml" in output and "Traceback" not in output, output



def test_a_paragraph_in_one_language_only_stops_the_build_with_both_files(mini_project):
    extra = (OTHER[0] + "\n新增的一段，尚未翻譯。\n", OTHER[1])
    code, output = mini_project({"index": HOME, "other": extra})
    assert code != 0
    line = extra[0].split("\n").index("新增的一段，尚未翻譯。") + 1
    assert (f"docs/other.zh-Hant.md:{line} and docs/other.en.md:end: a paragraph in zh-Hant (line {line}) has no en "
            "translation; in en it would stand at the end of the page\n    How to fix: ") in output, output
    assert "Traceback" not in output


MACRO_CALLS = [   # (a call an editor might write, words of the message)
    ('{{ kpi("employes_total") }}', ["unknown KPI id 'employes_total'", "did you mean employees_total"]),
    ('{{ fact("rare_disease_genes_data") }}', ["unknown fact id", "did you mean rare_disease_gene_data"]),
    ('{{ kpi_section("enviromental") }}', ["unknown section 'enviromental'", "did you mean environmental"]),
    ('{{ chapter_figures("comunity") }}', ["unknown chapter 'comunity'", "did you mean community"]),
    ('{{ kpi() }}', ["an argument is missing: kpi takes a KPI id"]),
    ('{{ fact("x", 2022, 3) }}', ["too many arguments: fact takes a fact id"]),
    ('{{ fact("rare_disease_gene_data", year=2022) }}', ["fact() has no option 'year'"]),
    ('{{ kpi("employees_total", "twenty") }}', ["the year must be a number like"]),
    ('{{ kpi(2022) }}', ["a KPI id is a text in quotes"]),
    ('{{ kpi_table("ghg", "water") }}', ["the years must be a list of years with data"]),
    ('{{ money("employees_total") }}', ["not an RMB amount"]),
]


@pytest.mark.parametrize("call,words", MACRO_CALLS, ids=[c[0] for c in MACRO_CALLS])
def test_a_wrong_macro_call_is_refused_at_its_line_before_it_renders(dataset, call, words):
    """macros/page_macros.py PageMacros._call_problem through page_template.template_problems, as the safe_pages hook
    runs them before the macros render: the page's line, what is wrong and how to write it; no traceback."""
    from conftest import page_macros
    from macros.model.page_template import template_problems
    from macros.page_macros import PAGE_VARIABLES, PageMacros

    plugin = next(p["macros"] for p in mkdocs_config()["plugins"] if isinstance(p, dict) and "macros" in p)
    syntax = {key[3:]: value for key, value in plugin.items() if key.startswith("j2_")}
    page = OTHER[1] + f"\nAlso {call} here.\n"
    problems = template_problems(page, set(PageMacros.MACROS), PAGE_VARIABLES, syntax,
                                 page_macros(dataset, "en")._call_problem)
    assert len(problems) == 1, problems
    line, what, fix = problems[0]
    assert line == page.split("\n").index(f"Also {call} here.") + 1 and fix, problems
    for word in words:
        assert word in what, f"{word!r} not in {what!r}"


def test_the_ids_of_the_real_pages_calls_pass(dataset):
    """The check refuses nothing the real pages write (it cannot fail only on mistakes if it fails on these)."""
    from conftest import page_macros
    from macros.model.page_template import template_problems
    from macros.page_macros import PAGE_VARIABLES, PageMacros

    plugin = next(p["macros"] for p in mkdocs_config()["plugins"] if isinstance(p, dict) and "macros" in p)
    syntax = {key[3:]: value for key, value in plugin.items() if key.startswith("j2_")}
    check = page_macros(dataset, "en")._call_problem
    for path in sorted((ROOT / "docs").glob("*.md")):
        assert template_problems(path.read_text(encoding="utf-8"), set(PageMacros.MACROS), PAGE_VARIABLES, syntax,
                                 check) == [], path.name


@pytest.mark.parametrize("text,words", [
    ("a\n{{ kpi(\"employees_total\") \nmore text", ["a {{ is not closed with }}"]),
    ("a\n{{ kpi(\"employees_total\") } more", ["closed with a single }"]),
    ("a\n{{ kpi(\"employees_total) }} more", ["a quote inside {{ }} is not closed"]),
    ("a\n{{ kpi(\"employees_total\" 2021) }}", ["need a comma between them"]),
    ("a\n{{ kpi(\"employees_total) }} and {{ kpi(\"employees_total\", 2021) }}", ["a quote inside {{ }} is not closed"]),
    ("a\nMedlive's {{ kpi(\"employees_total\" }} here", ["the {{ }} here cannot be read"]),
    ("a\n{% if x \nmore", ["a {% is not closed"]),
    ("a\n{{ kpi(“employees_total”) }}", ["“ inside {{ }} is a typographic or full-width character"]),
    ("a\n{{ kpi（\"employees_total\"） }}", ["（ inside {{ }} is a typographic or full-width character"]),
])
def test_an_unclosed_bracket_is_named_at_the_line_it_opens(text, words):
    from macros.model.page_template import template_problems
    from macros.page_macros import PAGE_VARIABLES, PageMacros

    plugin = next(p["macros"] for p in mkdocs_config()["plugins"] if isinstance(p, dict) and "macros" in p)
    syntax = {key[3:]: value for key, value in plugin.items() if key.startswith("j2_")}
    problems = template_problems(text, set(PageMacros.MACROS), PAGE_VARIABLES, syntax)
    assert [line for line, _, _ in problems] == [2], problems
    for word in words:
        assert word in problems[0][1], problems


def test_a_macro_that_refuses_while_rendering_stops_the_build_at_the_line_without_a_traceback(mini_project):
    """The net behind the check before rendering (macros/plugin/macro_calls.py): a count too large for words is only
    known once the figure is read. mkdocs-macros alone would print a traceback and exit 100, and nothing with -q."""
    call = '{{ kpi("employees_total", words=True) }}'
    other = (OTHER[0], OTHER[1] + f"\nIn words: {call}.\n")
    code, output = mini_project({"index": HOME, "other": other})
    line = other[1].split("\n").index(f"In words: {call}.") + 1
    assert code == 1, output
    assert f"docs/other.en.md:{line}: kpi('employees_total'): " in output and "cannot be written in words" in output, output
    assert "Traceback" not in output and "Macro Rendering Error" not in output, output


def test_a_heading_id_used_twice_stops_the_build_at_its_line(mini_project):
    """macros/model/pages.py page_problems, run by the safe_pages hook on each page's source: MkDocs itself passes
    a page whose two headings share an id (a link then lands on the first)."""
    twice = (OTHER[0] + "\n## 再一部分 {#part}\n\n文字。\n", OTHER[1] + "\n## Another part {#part}\n\nText.\n")
    code, output = mini_project({"index": HOME, "other": twice})
    line = twice[0].split("\n").index("## 再一部分 {#part}") + 1
    assert code == 1, output
    assert f"docs/other.zh-Hant.md:{line}: the id {{#part}} is used twice on this page" in output, output
    assert "Traceback" not in output
