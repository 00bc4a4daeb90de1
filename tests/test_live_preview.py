"""`make serve` (mkdocs serve --dirty): a save rebuilds what changed, and the preview stays whole save after save.

The rebuilds run as `mkdocs serve` runs them: in one process, a fresh configuration per save, the plugins that keep
state across saves kept (macros/plugin/live_preview.py). One session goes through every kind of save (a page twice,
data/ broken then mended, a template), each checked against a full build of the same files: one first build for
all. The real server shows a refused save in the browser. How fast a save comes back is measured by `make bench`,
not here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import GENERATED, PREFIX, ROOT

pytestmark = pytest.mark.slow   # builds a copy of the project, then rebuilds it save after save

def _serve_command(port: int) -> list[str]:
    """`make serve`'s own command (the Makefile's line), on a free port."""
    line = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nserve:", 1)[1].split("\n")[1].strip()
    return [sys.executable, "-m", "mkdocs", *line.split()[1:-2], "-a", f"127.0.0.1:{port}"]


def test_a_broken_save_is_shown_in_the_browser_and_the_next_good_save_brings_the_page_back(tmp_path, dataset):
    """The real `mkdocs serve --dirty` on a copy: a bad value saved in data/ makes every page show the build's message
    (file:line, what is wrong, how to fix) instead of hanging; saving the value back serves the page again."""
    import re
    import socket
    import time
    import urllib.request

    project = _project_copy(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ESG_PDF": "0", "SITE_URL": f"http://127.0.0.1:{port}/"}
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")
    server = subprocess.Popen(_serve_command(port), cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)

    def served(path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=120) as response:
            return response.read().decode("utf-8")

    def wait_for(path: str, words: str, within: float) -> str:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline and server.poll() is None:
            try:
                page = served(path)
                if words in page:
                    return page
            except OSError:
                pass
            time.sleep(0.3)
        log.seek(0)
        pytest.fail(f"/{path} never showed {words!r} within {within} s; make serve's log:\n{log.read()[-3000:]}")

    row = dataset.rows["electricity"]
    english = row.label.get("en")
    source = dataset.origin["electricity"][0].file
    data_file = project / source
    good = data_file.read_text(encoding="utf-8")
    assert f"en: {english}\n" in good
    try:
        wait_for("en/kpis/", english, 300)                                     # the first, full build
        data_file.write_text(good.replace(f"en: {english}\n", 'en: ""\n', 1), encoding="utf-8")
        line = good[:good.index(f"en: {english}\n")].count("\n") + 1
        title = {lang: dataset.report.t_text("preview_error_title", lang) for lang in dataset.report.editions}
        for path, lang in (("en/kpis/", "en"), ("about-us/", "zh-Hant"), ("zh-Hans/", "zh-Hans")):
            page = wait_for(path, title[lang], 120)                            # every page, in its own edition
            where = re.search(rf"<strong>{re.escape(source)}:(\d+)</strong>", page)
            assert where and 0 <= line - int(where[1]) <= 3, f"file:line of the label saved (line {line}): {page[:3000]}"
            assert "the en text must be written out" in page
            assert "livereload" in page, "the error page reloads by itself at the next build"
        data_file.write_text(good, encoding="utf-8")
        assert title["en"] not in wait_for("en/kpis/", english, 120)
        assert title["zh-Hant"] not in served("about-us/") and "</article>" in served("about-us/")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


SAVES = r"""
import json, os, shutil, sys, time
sys.argv.append("--dirty")   # what `make serve` passes; static-i18n reads it
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

site, saves = sys.argv[1], json.loads(sys.argv[2])

def pages():
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in Path(site).rglob("index.html")}

def rebuild():   # one save's rebuild, as `mkdocs serve` runs it: a fresh configuration, the kept plugin instance
    config = load_config("mkdocs.yml", site_dir=site)
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)

rebuild()
shutil.copytree(site, f"{site}-first")
rendered, entries = [], []   # per save: the pages written again; the search index's entries (saves that built)
for step, files in enumerate(saves):   # a save: one or more files, each with its (old, new) replacements
    before = pages()
    time.sleep(0.05)   # a page written again has a later mtime
    for rel, changes in files:
        text = open(rel, encoding="utf-8").read() if os.path.exists(rel) else ""   # or a file added
        for old, new in changes:   # old None: `new` is a paragraph added at the end
            assert old is None or text.count(old) == 1, old
            text = text + f"\n{new}\n" if old is None else text.replace(old, new)
        open(rel, "w", encoding="utf-8").write(text)
    try:
        rebuild()
    except (Exception, SystemExit):   # a save the build refuses (MkDocs' Abort is a SystemExit): nothing rendered
        rendered.append(None)
        continue
    after = pages()
    rendered.append(sorted(page for page in after if after[page] != before.get(page)))
    shutil.copytree(site, f"{site}-{step}")
    entries.append(len(json.load(open(f"{site}/search/search_index.json", encoding="utf-8"))["docs"]))
print(json.dumps([rendered, entries]))
"""


def _project_copy(tmp_path):
    project = tmp_path / "project"
    for name in ("data", "docs", "macros", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project)
    return project


def _full_build(project, site, env):
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(site)], cwd=project,
                           capture_output=True, text=True, timeout=900, env=env)
    assert built.returncode == 0, built.stderr[-3000:]
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))


def _differing(pages, preview, full) -> list[str]:
    return [page for page in pages
            if (preview / page).read_text(encoding="utf-8") != (full / page).read_text(encoding="utf-8")]


def _article(page) -> str:
    """A built page's article: what its Markdown and macros made, without the header and footer around it."""
    html = page.read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


def _figure_save(dataset) -> tuple[str, list[list[str]]]:
    """A fact's value saved with another value: a figure the pages show (the first fact shown on more than one page),
    a figure of the printed report, so its restatement is saved with it (_restatement_save)."""
    fact = dataset.facts["registered_users"]
    rel = dataset.origin[fact.id][0].file
    return rel, [[f"    value: {fact.value}\n", f"    value: {fact.value + 100000}\n"]]


def _restatement_save(dataset) -> list:
    """data/restatements.yaml's save that goes with _figure_save: the fact as printed, and as now."""
    from figures import restated

    fact = dataset.facts["registered_users"]
    text = (ROOT / "data" / "restatements.yaml").read_text(encoding="utf-8")
    return ["data/restatements.yaml", [[text, restated(text, fact.id, fact.year or dataset.year, f"{fact.value}",
                                                        f"{fact.value + 100000}", field="fact")]]]


def test_one_preview_session_shows_after_each_save_what_a_full_build_would(tmp_path, dataset):
    """One session under `make serve` (one first build for all the saves; each save's rebuild as the server runs it):

    1. two saves of a page (a paragraph in both languages): the page shows the new text, the downloads centre keeps
       its table, and the search index does not grow from save to save (it did, by every earlier entry, when
       Material's dirty-search trick met static-i18n's merged languages);
    2. a save that breaks data/ (a bracket left open: the build stops while reading it), then the save that mends it,
       changing a figure (a fact's value, with its restatement) and a KPI row's English label: the preview is then, page for page, what a
       full build of the same files makes, in every edition. That save rendered again every page whose text it
       changed (in every edition) and not half of the site. Before, a build that stopped in data/ lost the last good
       one it was to be compared with, and the mending save rendered no page: the old figure stayed on every page,
       with no message (found redoing an editor's restatement under make serve);
    3. a save of a template (overrides/main.html): every page is written again (with the articles and search entries
       its last rendering made), and every page and every edition's search is a full build's.
    (The prevailing edition's label is the printed report's words, which a save may not reword without its mend.)"""
    project = _project_copy(tmp_path)
    token = "Saved-In-Preview"
    page, paragraphs = "docs/about-us.zh-Hant.md", ("預覽第一次保存", "預覽第二次保存")
    page_saves = [[[page, [[None, text]]], [page.replace(".zh-Hant.md", ".en.md"), [[None, "Preview save."]]]]
                  for text in paragraphs]
    row = dataset.rows["electricity"]
    label = [[f"en: {row.label.get('en')}\n", f"en: {row.label.get('en')}{token}\n"]]
    rel, ((old, new),) = _figure_save(dataset)
    broken = [[rel, [[old, "    value: [\n"]]]]
    mended = [[rel, [["    value: [\n", new]]], [dataset.origin["electricity"][0].file, label],
              _restatement_save(dataset)]
    scripts = "{% block scripts %}\n"
    template = ["overrides/main.html", [[scripts, f'{scripts}  <span hidden>template-{token}</span>\n']]]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ESG_PDF": "0"}
    saves = [*page_saves, broken, mended, [template]]
    run = subprocess.run([sys.executable, "-c", SAVES, str(tmp_path / "preview"), json.dumps(saves)],
                         cwd=project, capture_output=True, text=True, timeout=900, env=env)
    assert run.returncode == 0, run.stderr[-3000:]
    rendered, entries = json.loads(run.stdout.strip().splitlines()[-1])
    _, _, refused, by_data, by_template = rendered

    # 1. the page saves
    after_page = tmp_path / "preview-1"
    assert entries[0] == entries[1], f"the search index grew from save to save: {entries}"
    assert paragraphs[1] in (after_page / "about-us" / "index.html").read_text(encoding="utf-8")
    downloads = (after_page / "downloads" / "index.html").read_text(encoding="utf-8")
    assert "<tr data-file=" in downloads and "esg-downloads-fill" not in downloads, \
        "the downloads centre lost its table (or kept its empty mark) in a rebuild that did not render it"

    # 3. the template save (built first: the project's files are as the last save left them)
    full = tmp_path / "full"
    pages = _full_build(project, full, env)
    assert set(by_template) == set(pages), "a save of main.html writes every page again"
    assert _differing(pages, tmp_path / "preview-4", full) == [], "after the template save"
    indexes = sorted(p.relative_to(full).as_posix() for p in full.rglob("search_index.json"))
    assert len(indexes) == len(PREFIX) and _differing(indexes, tmp_path / "preview-4", full) == [], \
        "after a template save (every page written) every edition's search is a full build's"

    # 2. the refused save and the one that mends it
    assert refused is None, "the save that broke data/ built"
    text = (project / template[0]).read_text(encoding="utf-8")   # the files as the mending save left them
    (project / template[0]).write_text(text.replace(template[1][0][1], template[1][0][0]), encoding="utf-8")
    full_data = tmp_path / "full-data"
    _full_build(project, full_data, env)
    assert _differing(pages, tmp_path / "preview-3", full_data) == [], "after the save that mended data/"
    changed = set(_differing(pages, after_page, full_data))   # what the mending save changed
    for lang, prefix in PREFIX.items():   # in every edition (zh-Hans: converted from zh-Hant's)
        others = [p for other, p in PREFIX.items() if len(p) > len(prefix)]
        assert any(p.startswith(prefix) and not p.startswith(tuple(others)) for p in changed), \
            f"no {lang} page shows the saved label or figure"
    assert any(token in (full_data / p).read_text(encoding="utf-8") for p in changed)
    assert changed <= set(by_data), f"pages the save changed were not rendered again: {sorted(changed - set(by_data))}"
    assert len(by_data) < len(pages) / 2, f"a label's and a figure's save rendered {len(by_data)} of {len(pages)} pages"


def test_an_editors_saves_of_data_render_what_a_full_build_changes_and_not_the_site(tmp_path, dataset):
    """An editor's everyday saves (tests/figures.py `editor_saves`: a figure restated, a KPI row added, a director
    appointed after the period), one after the other under `make serve`: after the last, the preview is page for page
    what a full build of the same files makes, in every edition. Each save rendered again a few pages, never the
    site: the build's own reads (the search's words, the KPI ids of link messages) are no page's, a chapter's chart
    reads its row's frame, the content index a section's captions, the governance chapter the board's counts (the
    director, listed but not counted, changes none), and a page skipped by such a shortcut would keep its old text
    here, as no later save renders it (the saves are in that order). Then three saves of the zh-Hans phrase table (a
    word of a page title, in every page's nav; a phrase added; a phrase's form changed): each renders the zh-Hans
    pages that show its word and the downloads centre, no other page of any edition. Then saves the build itself
    reads: the site's texts (the copyright line) and the footer's link (the theme's), each writing every page again
    with its kept article; the English permalink tooltip, which a hook writes into each English article (those
    pages rendered again, not the site); headings reworded (a page's title, which every page's menu shows: every
    page of its edition written again; a heading the content index names: that page rendered again); two saves of
    data/chapter_figures.yaml (one chapter's tiles reordered, a row added to another chapter's chart: each renders
    that chapter's page in every edition, and the downloads centre as every save of data/ does, no other page); a
    page added (its pair and its line in data/menu.yaml: every page written again, in the new menu; before, no
    other page listed it); a page's menu title removed (every page written again, the page named by its own title,
    which the preview kept its menu title for); last a reader's word added to the search's synonyms (every page
    written again). The
    preview is then still a full build's, page for page and search index for search index."""
    from figures import (chapter_figure_saves, data_line, dataset as data_of, editor_saves, phrase_saves,
                         words_jieba_keeps_apart)
    from macros.plugin import download_centre

    def appended(rel: str, path: tuple, text: str, more: str) -> list:
        """A save that adds `more` after `text` on the line of `rel` that writes key `path` (found by its keys)."""
        line = data_line(rel, *path, root=project)
        return [[rel, [[line, line.replace(text, text + more, 1)]]]]

    project = _project_copy(tmp_path)
    made = editor_saves(project)
    saves = [[[rel, [[old, new]]] for rel, old, new in files] for files, _ in made.values()]
    report = data_of(project).report
    unit = report.strings["unit"].get("en")
    # then three saves of the zh-Hans phrase table (a word of a page title, a phrase added, a phrase's form changed):
    # each renders the zh-Hans pages that show its word (and the downloads centre), nothing of the other editions
    phrases = phrase_saves(project, report, spared="governance")
    saves += [save for _, save, _, _ in phrases]
    # then the site's texts (the English copyright line of every page's footer): every page written again, each with
    # the article its last rendering made (what the site texts feed is the theme's, never an article's); then a UI
    # string the pages' tables show (their unit column's head), after that save which rendered no article
    saves += [appended("data/report.yaml", ("site", "copyright", "en"), report.info.site.copyright.get("en"),
                       " (saved in the preview)"),
              appended("data/ui_strings.yaml", ("strings", "unit", "en"), unit, " (saved)")]
    # then strings the build's hooks write: around every article (the footer's link to the downloads centre, put in
    # the theme's globals), and inside every English article (each heading's permalink tooltip); last a reader's
    # word added to the search's synonyms: every page written again, so the whole index is made with it
    footer, permalink = (report.strings[key].get("en") for key in ("dl_link", "permalink"))
    saves += [appended("data/ui_strings.yaml", ("strings", "dl_link", "en"), footer, " (saved)"),
              appended("data/ui_strings.yaml", ("strings", "permalink", "en"), permalink, " (saved)")]
    # then headings reworded, anchors kept: a page's title (the English about page's, which the menu shows) and a
    # section's heading the content index names (its words follow the page's title in its link): every English
    # page written again (the menu), the content index rendered again
    def headings(page_name: str) -> list[str]:
        text = (project / f"docs/{page_name}.en.md").read_text(encoding="utf-8")
        return [line for line in text.split("\n") if line.startswith("#") and " {#" in line]

    index = yaml.safe_load((project / "data/content_index.yaml").read_text(encoding="utf-8"))["entries"]
    section = next(line for entry in index for ref in entry.get("sections", []) if ref.get("anchor")
                   for line in headings(ref["page"])[1:] if line.endswith(f"{{#{ref['anchor']}}}"))
    section_page = next(ref["page"] for entry in index for ref in entry.get("sections", [])
                        if section in headings(ref["page"]))
    saves += [[[f"docs/{page_name}.en.md", [[line, line.replace(" {#", " reworded {#", 1)]]]
               for page_name, line in (("about-us", headings("about-us")[0]), (section_page, section))]]
    chapter_saves = list(chapter_figure_saves(project).values())   # no later save renders their chapters
    first_chapter = len(saves)
    saves += [[[rel, [[old, new]]]] for (rel, old, new), _, _ in chapter_saves]
    # then a page added (its pair and a line at the end of data/menu.yaml): every page written again, in the new
    # menu; then a page's menu title removed (the first page the menu titles that has a # title of its own): every
    # page written again, the page named by its own title in the menu, as a full build names it
    menu = (project / "data" / "menu.yaml").read_text(encoding="utf-8")
    added = "added-in-preview"
    saves += [[[f"docs/{added}.zh-Hant.md", [[None, f"# 預覽新增頁面 {{#{added}}}\n\n預覽新增的段落。"]]],
               [f"docs/{added}.en.md", [[None, f"# A page added in the preview {{#{added}}}\n\nA paragraph."]]],
               ["data/menu.yaml", [[menu[-200:], f"{menu[-200:]}  - page: {added}\n"]]]]]
    untitled, title_line = next((page, title) for page, title in re.findall(r"\n  - page: (\S+)\n(    title: .*\n)", menu)
                                if re.search(r"^# ", (project / "docs" / f"{page}.zh-Hant.md").read_text(
                                    encoding="utf-8"), re.M))
    saves += [[["data/menu.yaml", [[f"  - page: {untitled}\n{title_line}", f"  - page: {untitled}\n"]]]]]
    synonyms = "data/search_synonyms.yaml"
    group = next(i for i, g in enumerate(yaml.safe_load((project / synonyms).read_text(encoding="utf-8"))["groups"])
                 if g.get("readers", {}).get("en"))
    word = yaml.safe_load((project / synonyms).read_text(encoding="utf-8"))["groups"][group]["readers"]["en"][0]
    saves += [appended(synonyms, ("groups", group, "readers", "en"), word, ", previewsynonym")]
    # then a Chinese reader's word and a word of jieba's user dictionary, each a word a page holds (two of its words
    # jieba kept apart): the entries that hold it are cut again, every other entry kept as it was cut
    reader_word, dictionary_word = words_jieba_keeps_apart(project, 2)
    zh_groups = yaml.safe_load((project / synonyms).read_text(encoding="utf-8"))["groups"]
    zh = next(iter(GENERATED.values()))   # the Chinese edition written by hand
    zh_group = next(i for i, g in enumerate(zh_groups) if g.get("readers", {}).get(zh))
    zh_word = zh_groups[zh_group]["readers"][zh][0]
    saves += [appended(synonyms, ("groups", zh_group, "readers", zh), zh_word, f", {reader_word}"),
              [["data/jieba_user_dict.txt", [[None, f"{dictionary_word} 1000 n"]]]]]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ESG_PDF": "0"}
    run = subprocess.run([sys.executable, "-c", SAVES, str(tmp_path / "preview"), json.dumps(saves)],
                         cwd=project, capture_output=True, text=True, timeout=900, env=env)
    assert run.returncode == 0, run.stderr[-3000:]
    rendered, _ = json.loads(run.stdout.strip().splitlines()[-1])
    assert None not in rendered, f"a save was refused: {run.stderr[-3000:]}"
    rendered, chinese_words_saved = rendered[:-2], rendered[-2:]   # the reader's word and the dictionary's, last
    full = tmp_path / "full"
    pages = _full_build(project, full, env)
    for what, step in zip(made, rendered):   # (the editor's saves: those after them are checked below)
        assert len(step) <= len(pages) / 4, f"{what}: rendered {len(step)} of {len(pages)} pages: {step}"
    downloads = {p for p in pages if p.startswith(tuple(f"{PREFIX[lang]}{download_centre.PAGE}/" for lang in PREFIX))}
    for (what, _, form, shown), step in zip(phrases, rendered[len(made):]):
        assert shown <= set(step) <= shown | downloads, f"{what}: rendered {step}, its word is on {sorted(shown)}"
        assert all(form in (full / p).read_text(encoding="utf-8") for p in shown), f"{what}: '{form}' not shown"
        assert not any(form in (tmp_path / "preview-first" / p).read_text(encoding="utf-8") for p in shown)
    copyright, unit_saved, footer_saved, permalink_saved, retitled = rendered[len(made) + len(phrases):first_chapter]
    page_added, title_removed, synonym_saved = rendered[first_chapter + len(chapter_saves):]
    assert set(page_added) == set(pages), "a page added: every page written again, in the new menu"
    assert set(title_removed) == set(pages), "a menu title removed: every page written again, in the new menu"
    assert all(f"{added}/" in (full / p).read_text(encoding="utf-8") for p in pages), "the new page in every menu"
    before = {p for p in pages if f"{added}/" not in p}   # the pages before one was added
    assert set(copyright) == before, "a save of the site's texts writes every page again"
    assert set(footer_saved) == before, "a save of the footer's link writes every page again"
    english = {p for p in pages if p.startswith("en/")}
    assert english & before <= set(retitled), "a page's title reworded: every page of its edition written again"
    assert all(" reworded" in (full / p).read_text(encoding="utf-8") for p in english)
    words = section.replace(" {#", " reworded {#").split(" {#")[0].lstrip("# ")
    at_once = tmp_path / f"preview-{first_chapter - 1}" / f"{PREFIX['en']}content-index/index.html"   # that save's
    assert words in (full / f"{PREFIX['en']}content-index/index.html").read_text(encoding="utf-8")
    assert words in at_once.read_text(encoding="utf-8"), "the content index kept the heading's former words"
    assert english & before <= set(permalink_saved) and len(permalink_saved) < len(pages) / 2, \
        f"the English permalink tooltip rendered {len(permalink_saved)} pages: {permalink_saved}"
    assert set(synonym_saved) == set(pages), "a search word's save writes every page again"
    assert all(set(step) == set(pages) for step in chinese_words_saved), "a Chinese search word's save, every page"
    assert any(f"{unit} (saved)" in (full / p).read_text(encoding="utf-8") for p in pages)
    assert all(f"{footer} (saved)" in (full / p).read_text(encoding="utf-8") for p in english)
    assert all(f"{permalink} (saved)" in (full / p).read_text(encoding="utf-8") for p in english)
    assert all("(saved in the preview)" in (full / p).read_text(encoding="utf-8") for p in english)
    changed = {p for p in before if _article(tmp_path / "preview-first" / p)   # the footer changed too, and the
               != _article(full / p).replace(f"{permalink} (saved)", permalink)}   # English articles' tooltips
    assert {p for p in changed if "governance" in p} == set(), "the director, not counted, changed the governance page"
    assert any("green-operations" in p for p in changed), "the restated figure is on its chapter's chart"
    downloads = {p for p in pages if p.endswith("downloads/index.html")}
    for at, (_, chapter, _) in enumerate(chapter_saves, first_chapter):
        shown = {f"{prefix}{chapter}/index.html" for prefix in PREFIX.values()}
        prior = tmp_path / f"preview-{at - 1}"   # the preview before this save; no later save changes this chapter
        assert all(_article(prior / p) != _article(full / p) for p in shown), f"{chapter}: the save changed nothing"
        assert set(rendered[at]) - downloads == shown, f"{chapter}'s figures saved: rendered {rendered[at]}"
    assert _differing(pages, tmp_path / f"preview-{len(saves) - 1}", full) == [], "after the last save"
    files = sorted(p.relative_to(full).as_posix() for p in (full / "downloads").iterdir())   # the data files: kept
    assert len(files) >= 4 and [p for p in files if (tmp_path / f"preview-{len(saves) - 1}" / p).read_bytes()   # at
                                 != (full / p).read_bytes()] == [], "the data files after the last save"   # saves of
    # what they do not read (the copyright line, the footer's link), made again at those they read (the unit's head)
    indexes = sorted(p.relative_to(full).as_posix() for p in full.rglob("search_index.json"))
    assert "previewsynonym" in (full / f"{PREFIX['en']}search/search_index.json").read_text(encoding="utf-8")
    def whole(word: str, site) -> bool:   # a token of the zh-Hant search: between U+200B, or a field's first or last
        docs = json.loads((site / f"{PREFIX[zh]}search/search_index.json").read_text(encoding="utf-8"))["docs"]
        return any(word in doc[field].split("\u200b") for doc in docs for field in ("title", "text"))

    for word in (reader_word, dictionary_word):   # each kept whole: its entries were cut again, as a full build cuts
        assert whole(word, full) and not whole(word, tmp_path / "preview-first"), word
    assert _differing(indexes, tmp_path / f"preview-{len(saves) - 1}", full) == [], \
        "after the search word's save every edition's search is a full build's"
