"""MkDocs' warnings about a page's links, rewritten with the page's line and the mend (macros/plugin/link_messages.py);
the build's wiring is proven by tests/test_build_errors.py (a broken link and anchor stop a tiny site's build)."""

from __future__ import annotations

import pytest

from macros.plugin.link_messages import rewrite


@pytest.fixture
def docs(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for lang, title in (("zh-Hant", "人員"), ("en", "People")):
        (docs / f"people.{lang}.md").write_text(f"# {title} {{#people}}\n\n## Training {{#training}}\n\nText.\n",
                                                encoding="utf-8")
        (docs / f"index.{lang}.md").write_text("# Home {#home}\n\nIntro.\n\nSee [x](peple.md) and [y](people.md"
                                               "#traning) and [z](kpis.md#kpi-employes_total).\n", encoding="utf-8")
    return docs


def test_a_link_to_no_page_gets_the_line_and_the_nearest_page(docs):
    told = rewrite("Doc file 'index.en.md' contains a link 'peple.md', but the target is not found among "
                   "documentation files. Did you mean 'people.md'?", docs)
    assert told == ("docs/index.en.md:5: the link 'peple.md' goes to no page of docs/\n    How to fix: link to a page "
                    "by its file name without the language, [text](about-us.md) or [text](about-us.md#heading-id); "
                    "did you mean people.md?")


def test_a_link_to_a_missing_heading_gets_the_line_and_the_nearest_id(docs):
    told = rewrite("Doc file 'index.zh-Hant.md' contains a link 'people.md#traning', but the doc "
                   "'people.zh-Hant.md' does not contain an anchor '#traning'.", docs)
    assert told.startswith("docs/index.zh-Hant.md:5: the link 'people.md#traning' goes to '#traning', which "
                           "docs/people.zh-Hant.md does not have\n    How to fix:"), told
    assert told.endswith("did you mean #training?"), told


def test_a_link_to_a_missing_kpi_row_suggests_the_row(docs):
    (docs / "kpis.en.md").write_text("# KPIs {#kpis}\n\n{{ kpi_section(\"social\") }}\n", encoding="utf-8")
    told = rewrite("Doc file 'index.en.md' contains a link 'kpis.md#kpi-employes_total', but the doc 'kpis.en.md' "
                   "does not contain an anchor '#kpi-employes_total'.", docs, ["employees_total", "water"])
    assert "docs/index.en.md:5:" in told and told.endswith("did you mean #kpi-employees_total?"), told


def test_other_messages_are_left_alone(docs):
    assert rewrite("Doc file 'index.en.md' contains an unrecognized relative link 'x', it was left as is.", docs) is None
