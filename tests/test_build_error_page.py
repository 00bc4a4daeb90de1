"""The page `make serve` shows while a save has broken the build (macros/render/build_error.py): the build's own
messages, escaped, with file:line, what is wrong and how to fix it, in the edition the reader was viewing."""

from __future__ import annotations

import pytest
from mkdocs.exceptions import Abort

from macros.render.build_error import edition_of, error_messages, error_page
from macros.render.html_allowlist import preview_base, url_problem

pytestmark = pytest.mark.unit

DATA_ERROR = ("1 problem(s) in data/ — the build stops until they are fixed:\n"
              "  - data/kpis/environmental.yaml:23: tables[0].rows[0].values.23.4: the comma split your number\n"
              "    How to fix: write the number without thousands commas (1823.000, not 1,823.000)")


@pytest.fixture
def texts(dataset):
    """The page's words, from data/ui_strings.yaml, in every edition (zh-Hans converted)."""
    return {lang: {key: dataset.report.t_text(f"preview_error_{key}", lang) for key in ("title", "lead", "recover")}
            for lang in dataset.report.editions}


def test_the_page_shows_file_line_what_and_fix_in_the_edition_language(texts):
    for lang, words in texts.items():
        page = error_page(error_messages([DATA_ERROR], Abort("Aborted with a BuildError!")), lang, words)
        assert f'<html lang="{lang}">' in page
        assert "<strong>data/kpis/environmental.yaml:23</strong>" in page
        assert "the comma split your number" in page and "How to fix: write the number" in page
        assert "Aborted with a BuildError!" not in page, "MkDocs' last line is no problem of its own"
        assert page.count("<li>") == 1
        for text in words.values():
            assert str(text) in page or text.replace("'", "&#39;") in page
    assert texts["zh-Hans"]["title"] != texts["zh-Hant"]["title"], "zh-Hans is converted, not zh-Hant's text"


def test_a_message_about_mkdocs_yml_shows_where_too(texts):
    message = ("mkdocs.yml:165: the menu names 'targets.md', but docs/targets.zh-Hant.md and docs/targets.en.md do not "
               "exist.\n    How to fix: write both files, or delete the line")
    assert "<strong>mkdocs.yml:165</strong>: the menu names" in error_page([message], "en", texts["en"])


def test_both_files_of_a_page_are_shown_in_bold(texts):
    message = ("docs/community.zh-Hant.md:9 and docs/community.en.md:9: a paragraph in zh-Hant (line 9) has no en "
               "translation, and docs/ is a folder")
    page = error_page([message], "en", texts["en"])
    assert "<strong>docs/community.zh-Hant.md:9</strong> and <strong>docs/community.en.md:9</strong>: a" in page
    assert page.count("<strong>") == 2, "a path in the words of the message is not a place"


def test_what_the_editor_typed_comes_out_as_text(texts):
    message = "docs/about-us.en.md:3: a <script>alert(1)</script> & <img src=x onerror=alert(2)> is refused"
    page = error_page(error_messages([message], None), "en", {**texts["en"], "title": "<b>title</b>"})
    assert "<script>alert" not in page and "<img" not in page and "<b>title" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;" in page
    assert "<strong>docs/about-us.en.md:3</strong>" in page


def test_messages_are_shown_once_without_the_python_traceback_or_an_exit_status():
    macro = ("[macros] - ERROR # _Macro Rendering Error_\n\n_PluginError_: about-us.zh-Hant.md: kpi('x'): unknown KPI id\n\n"
             "```\nTraceback (most recent call last):\n  File \"macros/page_macros.py\", line 125, in kpi\nKeyError: 'x'\n```\n")
    shown = error_messages([macro, macro], SystemExit(100))
    assert len(shown) == 1 and "unknown KPI id" in shown[0]
    assert "Traceback" not in shown[0] and "page_macros.py" not in shown[0] and "100" not in shown
    # an exception nothing logged is named by its type; one a message already says is not repeated
    assert error_messages([], KeyError("report.yaml")) == ["KeyError: 'report.yaml'"]
    assert error_messages(["bad: report.yaml is broken"], ValueError("report.yaml is broken")) == \
        ["bad: report.yaml is broken"]
    # MkDocs' Abort: no problem of its own beside the messages, but shown when nothing else says the build stopped
    assert error_messages([DATA_ERROR], Abort("Aborted with a BuildError!")) == [DATA_ERROR]
    assert error_messages([], Abort("Aborted with a BuildError!")) == ["Aborted with a BuildError!"]


def test_a_requested_page_is_shown_in_its_own_edition():
    prefixes = {"zh-Hant": "", "en": "en/", "zh-Hans": "zh-Hans/"}
    assert edition_of("/", prefixes) == "zh-Hant"
    assert edition_of("/about-us/", prefixes) == "zh-Hant"
    assert edition_of("/en/kpis/", prefixes) == "en"
    assert edition_of("/zh-Hans/index.html", prefixes) == "zh-Hans"
    assert edition_of("/english/", prefixes) == "zh-Hant", "a folder that merely starts like a prefix"


def test_only_the_local_preview_address_may_be_plain_http():
    """mkdocs serve sets site_url to http://127.0.0.1:port/: its canonical links are the site's own. A published
    site_url over http stays refused."""
    base = preview_base("http://127.0.0.1:8000/")
    assert base == "http://127.0.0.1:8000/"
    assert url_problem("http://127.0.0.1:8000/en/kpis/", frozenset(), base) is None
    assert url_problem("http://127.0.0.1:9999/x/", frozenset(), base) is not None, "another local server"
    assert preview_base("http://medlive-esg.github.io/esg-report-2022/") is None
    assert preview_base("https://127.0.0.1:8000/") is None
    assert url_problem("http://medlive-esg.github.io/x/", frozenset({"medlive-esg.github.io"}), None) is not None
