"""The build's check that every sentence of the printed report is on the pages that prevail, and what it tells an editor
(macros/model/report_sentences.py; run at each build by macros/plugin/report_text.py).

Why: correcting a slip of the printed report on a page without recording its mend, deleting a sentence, or recording a
mend while the page keeps the slip, was caught by nothing (the sentence test allowed 2 % missing). Small printed
texts and pages of our own, then the real report's sentences reworded one by one: each message names the page and its
line, the printed sentence and its line, what differs, and a mend line that, once added, makes the sentence found.
"""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT
from macros.model.printed import PRINTED_TEXT, apply_mends, unwrapped
from macros.model.report_sentences import (MENDS_FILE, Figures, Page, TextMend, article_text, missing_sentences,
                                           narrative, printed_sentences, sentence_problems)
from macros.model.schema import Mend

PRINTED = "\n".join([
    "關於本報告",                                                            # a running header: not a sentence
    "氣候災害造成公司運營終端，如租賃資料中心因受災導致服務中斷。",          # line 2: a slip of the printed report
    "本公司每年開展員工培訓，提升員工的專業能力與安全意識。",                # line 3
    "本年度本公司共有90名供應商，均通過了資質審核。",                      # line 4: a figure
    "我們與供應商保持長期合作關係，共同推動可持續發展。",                  # line 5
])
SLIP, MENDED = "運營終端", "運營中斷"


def page(*sentences: str, slug: str = "governance") -> Page:
    """A page whose Markdown has a title, then one sentence a line; its article text is the same sentences."""
    markdown = "# 管治 {#governance}\n\n" + "\n\n".join(sentences) + "\n"
    return Page(f"docs/{slug}.zh-Hant.md", slug, markdown, "管治 " + " ".join(sentences))


def as_on_site(*replacements: tuple[str, str]) -> list[str]:
    """The printed sentences with some words replaced, as an editor's page would have them."""
    out = []
    for s in printed_sentences(PRINTED.split("\n")):
        text = s.text
        for old, new in replacements:
            text = text.replace(old, new)
        out.append(text)
    return out


def suggested_mends(problem: str) -> list[Mend]:
    """The mend lines a message proposes, read as YAML and validated as data/printed/mends.yaml's entries are."""
    lines = [line.strip() for line in problem.split("\n") if line.strip().startswith("- {printed:")]
    return [Mend.model_validate(yaml.safe_load(line)[0]) for line in lines]


def test_the_printed_text_reads_as_sentences_with_their_lines():
    found = printed_sentences(PRINTED.split("\n"))
    assert [s.line for s in found] == [2, 3, 4, 5]
    assert found[0].text.startswith("氣候災害") and found[-1].text.endswith("可持續發展。")


def test_the_real_report_gives_each_sentence_its_line():
    lines = (ROOT / PRINTED_TEXT).read_text(encoding="utf-8").split("\n")
    found = printed_sentences(narrative("\n".join(lines)))
    assert len(found) > 500
    # a sentence starts on its line (or on the line before, when a wrapped line ends just before it)
    assert all(s.text[:1] in lines[s.line - 1] for s in found), [s for s in found if s.text[:1] not in lines[s.line - 1]]


def test_a_sentence_reworded_without_its_mend_names_the_page_line_printed_line_and_mend():
    text = as_on_site((SLIP, MENDED))
    [problem] = sentence_problems(PRINTED, [], [page(*text)])
    assert problem.startswith("docs/governance.zh-Hant.md:3: "), problem     # the sentence's line on the page
    assert f"({PRINTED_TEXT}:2)" in problem and f"the report prints 「{SLIP}」, the page has 「{MENDED}」" in problem
    assert f'- {{printed: {SLIP}, site: {MENDED}, where: "governance"}}' in problem, problem
    assert "put the printed words back" in problem


def test_with_the_mend_it_proposes_the_sentence_is_found():
    text = as_on_site((SLIP, MENDED))
    [problem] = sentence_problems(PRINTED, [], [page(*text)])
    mends = [TextMend(m.printed, m.site) for m in suggested_mends(problem)]
    assert mends and sentence_problems(PRINTED, mends, [page(*text)]) == []


def test_a_recorded_mend_whose_words_are_not_on_the_page_is_reported_at_its_line():
    [problem] = sentence_problems(PRINTED, [TextMend(SLIP, MENDED, 11)], [page(*as_on_site())])
    assert problem.startswith("docs/governance.zh-Hant.md:3: the page still has 「運營終端」"), problem
    assert f"{MENDS_FILE}:11 mends into 「運營中斷」" in problem and "delete that mend" in problem
    assert sentence_problems(PRINTED, [TextMend(SLIP, MENDED, 11)], [page(*as_on_site((SLIP, MENDED)))]) == []


def test_a_deleted_sentence_is_put_back_after_the_sentence_before_it():
    text = as_on_site()
    del text[2]                                           # the figure's sentence
    other = page(text[0], slug="green-operations")        # the first sentence on a page of its own
    [problem] = sentence_problems(PRINTED, [], [other, page(*text[1:])])
    assert problem.startswith("docs/governance.zh-Hant.md:3: "), problem   # where the sentence before it is
    assert f"({PRINTED_TEXT}:4)" in problem and "本年度本公司共有90名供應商" in problem
    assert "put the sentence back, after 「本公司每年開展員工培訓" in problem


def test_no_mend_is_proposed_that_would_not_work():
    """A comma doubled next to the printed one: a mend of those words would change nothing (apply_mends leaves words
    that already read as the site's), so none is proposed; the editor is told to put the printed words back."""
    [problem] = sentence_problems(PRINTED, [], [page(*as_on_site(("員工培訓，提升", "員工培訓，，提升")))])
    assert problem.startswith("docs/governance.zh-Hant.md:5: ") and "- {printed:" not in problem, problem
    assert "put the printed words back on the page" in problem and f"({PRINTED_TEXT}:3)" in problem


def test_a_mend_is_widened_until_the_report_prints_its_words_only_there():
    """供應商 is printed twice: a slip in one of them is mended with words around it, so the other stays as
    printed (a mend applies to every place the report prints its words)."""
    text = as_on_site(("長期合作關係，共同", "長期合作關係，一同"))
    [problem] = sentence_problems(PRINTED, [], [page(*text)])
    [mend] = suggested_mends(problem)
    assert PRINTED.count(mend.printed) == 1 and len(mend.printed) >= 4, mend
    assert apply_mends(PRINTED, [(mend.printed, mend.site)]).count("一同") == 1


def test_a_figure_of_data_in_a_sentence_is_found_as_data_has_it_now():
    """A figure inside a sentence comes from data/ (a fact, a KPI), where its changes are checked: the sentence is
    found with the figure data/ has now (restated: data_figures), in digits, or in words (九 → 十); a number that
    is no such figure (typed by hand on the page) is still a difference."""
    text = " ".join(as_on_site(("90名", "95名")))
    assert missing_sentences(PRINTED, [], text, Figures(frozenset({"95"}))) == []
    [missing] = missing_sentences(PRINTED, [], text, Figures(frozenset({"96"})))
    assert missing.line == 4
    [missing] = missing_sentences(PRINTED, [], text)
    assert missing.line == 4
    in_words = " ".join(as_on_site(("90名", "九十五名")))
    printed = PRINTED.replace("90名", "九十名")
    assert missing_sentences(printed, [], in_words, Figures(restated=(("九十", "九十五"),))) == []
    assert len(missing_sentences(printed, [], in_words, Figures(frozenset({"95"})))) == 1


def test_the_figures_a_sentence_may_show_otherwise_are_the_restated_ones_only(dataset):
    """data_figures (macros/plugin/report_text.py) gives the sentence check the figures that differ from print on
    purpose, no other: with every figure of data/ accepted in a printed sentence's place, a fact changed without its
    restatement, or a 3 typed as 5 where some KPI is 5, passed."""
    import dataclasses
    from types import SimpleNamespace

    from macros.plugin.report_text import data_figures

    edition = dataset.report.editions[dataset.report.prevailing]
    unrestated = dataclasses.replace(dataset, restated={})
    assert data_figures(unrestated, edition) == Figures(frozenset(), ()), "nothing restated: nothing else accepted"
    fact = next(f for f in dataset.facts.values() if f.format == "plain" and f.value > 10)
    restated = SimpleNamespace(figure=fact.id, printed=fact.value, value=fact.value + 1)
    figures = data_figures(dataclasses.replace(dataset, restated={(fact.id, dataset.year): restated}), edition)
    assert figures.numbers == frozenset({f"{fact.value + 1:f}"}), figures
    assert (f"{fact.value:f}", f"{fact.value + 1:f}") in figures.restated


def test_a_page_deleted_is_told_by_its_first_sentences_only():
    """A page deleted misses every sentence of it: the first ones are told (each is a search of every page)."""
    text = as_on_site()
    assert len(missing_sentences(PRINTED, [], " ".join(text[:1]))) == 3
    problems = sentence_problems(PRINTED, [], [page(text[0])], limit=2)
    assert len(problems) == 2 and all("put the sentence back, after 「氣候災害" in p for p in problems), problems


@pytest.mark.parametrize("words", ["http://x.cn: 站點", "a, b", "#1 {x}"])
def test_a_proposed_mend_line_is_valid_yaml_whatever_its_words(words):
    printed = "本公司官方網站為網址" + words + "，歡迎訪問本公司網站。"
    changed = printed.replace(words, words.upper() + "站")
    [problem] = sentence_problems(printed, [], [page(changed)])
    mends = [TextMend(m.printed, m.site) for m in suggested_mends(problem)]
    assert mends and sentence_problems(printed, mends, [page(changed)]) == [], problem


def test_the_article_text_leaves_out_the_restated_mark_and_header_links():
    html = ('<h2 id="x">標題<a class="headerlink" href="#x">¶</a></h2><p>共有95<small class="esg-restated">重述</small>'
            "名供應商。</p><dl><dt>目標</dt><dd>減排</dd></dl><p lang=\"en\">Medlive</p>")
    assert article_text(html) == "標題 共有95名供應商。 目標：減排"


def test_the_real_report_reworded_sentence_by_sentence():
    """Sentences of the real report, each with one character changed on its page: each is reported at its page line
    with a mend line that the build's own mend check accepts (its printed words are printed, maybe over a wrapped
    line) and that, added, makes
    the sentence found, leaving every other sentence found."""
    printed = (ROOT / PRINTED_TEXT).read_text(encoding="utf-8")
    sentences = [s for s in printed_sentences(narrative(printed)) if len(s.text) > 30]
    picked = sentences[:: len(sentences) // 4][:4]
    for s in picked:
        k = next(i for i in range(len(s.text) // 2, len(s.text)) if re.match(r"[\u4e00-\u9fff]", s.text[i]))
        changed = s.text[:k] + ("甲" if s.text[k] != "甲" else "乙") + s.text[k + 1:]
        others = [x.text for x in sentences if x.text != s.text]
        pages = [page(*others[:300], slug="a"), page(changed, *others[300:], slug="b")]
        every = [x.text for x in printed_sentences(narrative(printed))]
        pages[1] = Page(pages[1].file, "b", pages[1].markdown, pages[1].text + " " + " ".join(
            x for x in every if len(x) <= 30))
        problems = sentence_problems(printed, [], pages)
        assert len(problems) == 1 and problems[0].startswith("docs/b.zh-Hant.md:3: "), (s, problems)
        mends = suggested_mends(problems[0])
        assert mends and all(m.printed in printed or m.printed in unwrapped(printed) for m in mends), problems[0]
        assert sentence_problems(printed, [TextMend(m.printed, m.site) for m in mends], pages) == [], problems[0]


@pytest.mark.slow
def test_an_unrecorded_correction_and_a_deleted_sentence_stop_the_build(tmp_path):
    """On a copy of the project, as an editor would: a slip of the printed report corrected on its page with its mend
    not recorded (a text mend of data/printed/mends.yaml taken out), and a sentence deleted from another page. The
    build stops, without a traceback, naming each page and line, the printed line, and the mend line to add or
    "put the sentence back"."""
    import shutil

    from conftest import run_mkdocs

    for name in ("data", "docs", "macros", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    printed = (ROOT / PRINTED_TEXT).read_text(encoding="utf-8")
    pages = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.zh-Hant.md")}
    mends_text = (ROOT / MENDS_FILE).read_text(encoding="utf-8")
    # a mend of words the report's narrative prints once, whose site words are on a page
    told = "\n".join(narrative(printed))
    line, old, new, page_file = next(
        (line, m["printed"], m["site"], rel) for line in mends_text.split("\n") if line.startswith("  - {")
        for m in [yaml.safe_load(line)[0]] if not m.get("label_of") and printed.count(m["printed"]) == 1
        and m["printed"] in told for rel, text in pages.items() if m["site"] in text)
    (tmp_path / MENDS_FILE).write_text(mends_text.replace(line + "\n", ""), encoding="utf-8")
    # a sentence of another page, on a line of its own there, deleted
    found = printed_sentences(narrative(printed))
    every_page = "".join(pages.values())

    def its_own(words: str) -> bool:   # no run of its words stands elsewhere: deleted, it is no other's slip
        return all(every_page.count(words[i:i + 8]) == 1 for i in range(0, len(words) - 8, 4))

    before, sentence, other = next((p.text, s.text, rel) for p, s in zip(found, found[1:]) if len(s.text) > 40
                                   for rel, text in pages.items()
                                   if rel != page_file and text.count(s.text) == 1 and p.text in text
                                   and its_own(s.text))
    text = pages[other]
    (tmp_path / other).write_text(text.replace(sentence, ""), encoding="utf-8")
    result = run_mkdocs(tmp_path, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output[-3000:]
    at = pages[page_file][: pages[page_file].index(new)].count("\n") + 1
    assert f"{page_file}:{at}: a sentence of the printed report reads otherwise on this page" in output, output[-3000:]
    assert re.search(rf"- {{printed: [^,]*{re.escape(old)}[^,]*, site: [^,]*{re.escape(new)}", output), output[-3000:]
    # where it goes: the line of the sentence before it
    at = text[: text.index(before)].count("\n") + 1
    assert re.search(rf"{re.escape(other)}:{at}: a sentence of the printed report is on no page \({PRINTED_TEXT}:\d+\):"
                     rf" {re.escape(sentence)}\n +How to fix: put the sentence back, after 「", output), output[-3000:]


@pytest.mark.slow
def test_make_serve_refuses_the_unrecorded_correction_and_takes_it_with_its_mend(tmp_path):
    """Under `make serve` (each save's rebuild as the server runs it, tests/test_live_preview.py): the page prints the
    report's slip and the mend is not recorded (it builds); the editor corrects the slip on the page: the rebuild
    is refused (the server shows its message in the browser); the editor saves the mend: the rebuild succeeds, the
    page shows the correction, and the save rendered the page again, not the site."""
    import json
    import os
    import subprocess
    import sys

    from test_live_preview import SAVES, _project_copy

    project = _project_copy(tmp_path)
    printed = (ROOT / PRINTED_TEXT).read_text(encoding="utf-8")
    told = "\n".join(narrative(printed))
    mends_text = (ROOT / MENDS_FILE).read_text(encoding="utf-8")
    pages = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.zh-Hant.md")}
    line, old, new, page_file = next(
        (line, m["printed"], m["site"], rel) for line in mends_text.split("\n") if line.startswith("  - {")
        for m in [yaml.safe_load(line)[0]] if not m.get("label_of") and printed.count(m["printed"]) == 1
        and m["printed"] in told for rel, text in pages.items() if text.count(m["site"]) == 1)
    # as if the page still printed the slip, with no mend: a site that builds
    (project / page_file).write_text(pages[page_file].replace(new, old), encoding="utf-8")
    (project / MENDS_FILE).write_text(mends_text.replace(line + "\n", ""), encoding="utf-8")
    at = "mends:\n"
    saves = [[[page_file, [[old, new]]]],                 # the correction, without its mend: refused
             [[MENDS_FILE, [[at, at + line + "\n"]]]]]    # the mend saved: taken
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ESG_PDF": "0"}
    run = subprocess.run([sys.executable, "-c", SAVES, str(tmp_path / "preview"), json.dumps(saves)],
                         cwd=project, capture_output=True, text=True, timeout=900, env=env)
    assert run.returncode == 0, run.stderr[-3000:]
    rendered, _ = json.loads(run.stdout.strip().splitlines()[-1])
    assert rendered[0] is None, "the correction without its mend built"
    dest = page_file.removeprefix("docs/").removesuffix(".zh-Hant.md") + "/index.html"
    assert dest in rendered[1], f"the page was not rendered again after the mend's save: {rendered[1]}"
    assert len(rendered[1]) < 10, f"the mend's save rendered {len(rendered[1])} pages"
    shown = (tmp_path / "preview-1" / dest).read_text(encoding="utf-8")
    assert new in shown and old not in shown
