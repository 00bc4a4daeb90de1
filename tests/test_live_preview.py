"""`make serve` (mkdocs serve --dirty): a save rebuilds what changed, and the preview stays whole save after save.

The rebuilds run as `mkdocs serve` runs them: in one process, a fresh configuration per save, the plugins that keep
state across saves kept (macros/plugin/live_preview.py). Two saves of one page: both rebuild without error, the page
shows the new text, the downloads centre keeps its table, and the search index does not grow from save to save (it
did, by every earlier entry, when Material's dirty-search trick met static-i18n's merged languages). Then a save in
data/ shows at once in every edition. One session for all: one first build. How fast a save comes back is measured
by `make bench`, not here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import PREFIX, ROOT

pytestmark = pytest.mark.slow   # builds a copy of the project, then rebuilds it three times

DRIVER = r"""
import json, os, shutil, sys
sys.argv.append("--dirty")   # what `make serve` passes; the hooks read it
from mkdocs.commands.build import build
from mkdocs.config import load_config

site, page, rel, old, new = sys.argv[1:6]
KEPT = ("about-us/index.html", "downloads/index.html", "en/kpis/index.html")

def rebuild(step):   # one save's rebuild, as `mkdocs serve` runs it; the pages the test reads, as this step left them
    config = load_config("mkdocs.yml", site_dir=site)
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    config.plugins.on_shutdown()
    for kept in KEPT:
        os.makedirs(os.path.dirname(os.path.join(f"{site}-{step}", kept)), exist_ok=True)
        shutil.copy(os.path.join(site, kept), os.path.join(f"{site}-{step}", kept))
    index = json.load(open(os.path.join(site, "search", "search_index.json"), encoding="utf-8"))
    return len(index["docs"])

def save_page(token):   # a paragraph in both languages: the build refuses a page whose languages part
    for path, text in ((page, token), (page.replace(".zh-Hant.md", ".en.md"), "Preview save.")):
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"\n{text}\n")

def save_data():
    text = open(rel, encoding="utf-8").read()
    assert old in text, old
    open(rel, "w", encoding="utf-8").write(text.replace(old, new, 1))

counts = [rebuild("first")]
for step, token in (("page1", "預覽第一次保存"), ("page2", "預覽第二次保存")):
    save_page(token)
    counts.append(rebuild(step))
save_data()
counts.append(rebuild("data"))
print(json.dumps(counts))
"""


def test_saves_of_a_page_and_of_data_rebuild_and_keep_the_preview_whole(tmp_path, dataset):
    """One preview session: a first build, two saves of a page, then a save in data/. After the page saves the page
    shows the new text, the downloads centre keeps its table and the search index has not grown; after the data save
    the label shows at once in another edition's page whose own file did not change (a dirty build renders only
    pages whose own file changed)."""
    project = tmp_path / "project"
    for name in ("data", "docs", "macros", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project)
    site = tmp_path / "site"
    row = dataset.rows["electricity"]
    old = f"en: {row.label.get('en')}\n"
    new = f"en: {row.label.get('en')} (saved in the preview)\n"
    rel = dataset.origin["electricity"][0].file
    run = subprocess.run([sys.executable, "-c", DRIVER, str(site), "docs/about-us.zh-Hant.md", rel, old, new],
                         cwd=project, capture_output=True, text=True, timeout=900,
                         env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert run.returncode == 0, run.stderr[-3000:]
    first, after_one, after_two, _ = json.loads(run.stdout.strip().splitlines()[-1])
    assert after_two == after_one, f"the search index grew from save to save: {first}, {after_one}, {after_two}"
    saved = tmp_path / "site-page2"
    assert "預覽第二次保存" in (saved / "about-us" / "index.html").read_text(encoding="utf-8")
    downloads = (saved / "downloads" / "index.html").read_text(encoding="utf-8")
    assert "<tr data-file=" in downloads and "esg-downloads-fill" not in downloads, \
        "the downloads centre lost its table (or kept its empty mark) in a rebuild that did not render it"
    assert "(saved in the preview)" not in (saved / "en" / "kpis" / "index.html").read_text(encoding="utf-8")
    assert "(saved in the preview)" in (tmp_path / "site-data" / "en" / "kpis" / "index.html").read_text(encoding="utf-8")


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

    project = tmp_path / "project"
    for name in ("data", "docs", "macros", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project)
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
rendered = []
for step, files in enumerate(saves):   # a save: one or more files, each with its (old, new) replacements
    before = pages()
    time.sleep(0.05)   # a page written again has a later mtime
    for rel, changes in files:
        text = open(rel, encoding="utf-8").read()
        for old, new in changes:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        open(rel, "w", encoding="utf-8").write(text)
    try:
        rebuild()
    except (Exception, SystemExit):   # a save the build refuses (MkDocs' Abort is a SystemExit): nothing rendered
        rendered.append(None)
        continue
    after = pages()
    rendered.append(sorted(page for page in after if after[page] != before.get(page)))
    shutil.copytree(site, f"{site}-{step}")
print(json.dumps(rendered))
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


def _figure_save(dataset) -> tuple[str, list[list[str]]]:
    """A fact's value saved with another value: a figure the pages show (the first fact shown on more than one page)."""
    fact = dataset.facts["registered_users"]
    rel = dataset.origin[fact.id][0].file
    return rel, [[f"    value: {fact.value}\n", f"    value: {fact.value + 100000}\n"]]


def test_a_save_renders_again_exactly_what_a_full_build_would_change_in_every_edition(tmp_path, dataset):
    """Two saves under `make serve`: data (a KPI row's English label, and a figure: a fact's value), then a template
    (overrides/main.html). After each, the preview's site is page for page what a full build of the same files
    makes, in every edition. The data save rendered again every page whose text it changed (the pages showing the
    label or the figure, in every edition) and not half of the site; the template save wrote every page again (with
    the articles and search entries its last rendering made): every edition's search is then a full build's. (The
    prevailing edition's label is the printed report's words, which a save may not reword without its mend.)"""
    project = _project_copy(tmp_path)
    row = dataset.rows["electricity"]
    token = "Saved-In-Preview"
    label = [[f"en: {row.label.get('en')}\n", f"en: {row.label.get('en')}{token}\n"]]
    rel = dataset.origin["electricity"][0].file
    scripts = "{% block scripts %}\n"
    template = ["overrides/main.html", [[scripts, f'{scripts}  <span hidden>template-{token}</span>\n']]]
    preview = tmp_path / "preview"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ESG_PDF": "0"}
    saves = [[[rel, label], list(_figure_save(dataset))], [template]]
    run = subprocess.run([sys.executable, "-c", SAVES, str(preview), json.dumps(saves)],
                         cwd=project, capture_output=True, text=True, timeout=900, env=env)
    assert run.returncode == 0, run.stderr[-3000:]
    by_data, by_template = (set(step) for step in json.loads(run.stdout.strip().splitlines()[-1]))

    full = tmp_path / "full"
    pages = _full_build(project, full, env)                      # both saves
    assert by_template == set(pages), "a save of main.html writes every page again"
    assert _differing(pages, tmp_path / "preview-1", full) == [], "after the template save"
    indexes = sorted(p.relative_to(full).as_posix() for p in full.rglob("search_index.json"))
    assert len(indexes) == len(PREFIX) and _differing(indexes, tmp_path / "preview-1", full) == [], \
        "after a template save (every page written) every edition's search is a full build's"

    text = (project / template[0]).read_text(encoding="utf-8")   # the data save alone
    (project / template[0]).write_text(text.replace(template[1][0][1], template[1][0][0]), encoding="utf-8")
    full_data = tmp_path / "full-data"
    _full_build(project, full_data, env)
    assert _differing(pages, tmp_path / "preview-0", full_data) == [], "after the data save"
    changed = set(_differing(pages, tmp_path / "preview-first", full_data))   # what the data save changed
    for lang, prefix in PREFIX.items():   # in every edition (zh-Hans: converted from zh-Hant's)
        others = [p for other, p in PREFIX.items() if len(p) > len(prefix)]
        assert any(p.startswith(prefix) and not p.startswith(tuple(others)) for p in changed), \
            f"no {lang} page shows the saved label or figure"
    assert any(token in (full_data / p).read_text(encoding="utf-8") for p in changed)
    assert changed <= by_data, f"pages the save changed were not rendered again: {sorted(changed - by_data)}"
    assert len(by_data) < len(pages) / 2, f"a label's and a figure's save rendered {len(by_data)} of {len(pages)} pages"


def test_a_good_save_after_one_the_build_refused_in_data_shows_what_a_full_build_does(tmp_path, dataset):
    """A save that breaks data/ (the build stops while reading it), then the save that mends it and changes a figure:
    the preview then shows, page for page, what a full build of the same files makes. Before, a build that stopped
    in data/ lost the last good one it was to be compared with, and the mending save rendered no page: the old figure
    stayed on every page, with no message (found redoing an editor's restatement under make serve)."""
    project = _project_copy(tmp_path)
    rel, changes = _figure_save(dataset)
    (old, new), = changes
    broken = [[rel, [[old, "    value: [\n"]]]]        # a bracket left open: YAML cannot read the file
    mended = [[rel, [["    value: [\n", new]]]]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ESG_PDF": "0"}
    run = subprocess.run([sys.executable, "-c", SAVES, str(tmp_path / "preview"), json.dumps([broken, mended])],
                         cwd=project, capture_output=True, text=True, timeout=900, env=env)
    assert run.returncode == 0, run.stderr[-3000:]
    refused, rendered = json.loads(run.stdout.strip().splitlines()[-1])
    assert refused is None, "the broken save built"
    full = tmp_path / "full"
    pages = _full_build(project, full, env)
    changed = set(_differing(pages, tmp_path / "preview-first", full))
    assert changed, "the mended save changed no page of a full build: the test shows nothing"
    assert changed <= set(rendered), f"pages the save changed were not rendered again: {sorted(changed - set(rendered))}"
    assert _differing(pages, tmp_path / "preview-1", full) == [], "the preview after the mending save"


def test_an_editors_saves_of_data_render_what_a_full_build_changes_and_not_the_site(tmp_path, dataset):
    """An editor's everyday saves (tests/figures.py `editor_saves`: a figure restated, a KPI row added, a director
    appointed after the period), one after the other under `make serve`: after the last, the preview is page for page
    what a full build of the same files makes, in every edition. Each save rendered again a few pages, never the
    site: the build's own reads (the search's words, the KPI ids of link messages) are no page's, a chapter's chart
    reads its row's frame, the content index a section's captions, the governance chapter the board's counts (the
    director, listed but not counted, changes none), and a page skipped by such a shortcut would keep its old text
    here, as no later save renders it (the saves are in that order)."""
    from figures import editor_saves

    project = _project_copy(tmp_path)
    made = editor_saves(project)
    saves = [[[rel, [[old, new]]] for rel, old, new in files] for files, _ in made.values()]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ESG_PDF": "0"}
    run = subprocess.run([sys.executable, "-c", SAVES, str(tmp_path / "preview"), json.dumps(saves)],
                         cwd=project, capture_output=True, text=True, timeout=900, env=env)
    assert run.returncode == 0, run.stderr[-3000:]
    rendered = json.loads(run.stdout.strip().splitlines()[-1])
    assert None not in rendered, f"a save was refused: {run.stderr[-3000:]}"
    full = tmp_path / "full"
    pages = _full_build(project, full, env)
    for what, step in zip(made, rendered):
        assert len(step) <= len(pages) / 4, f"{what}: rendered {len(step)} of {len(pages)} pages: {step}"
    changed = set(_differing(pages, tmp_path / "preview-first", full))
    assert {p for p in changed if "governance" in p} == set(), "the director, not counted, changed the governance page"
    assert any("green-operations" in p for p in changed), "the restated figure is on its chapter's chart"
    assert _differing(pages, tmp_path / f"preview-{len(saves) - 1}", full) == [], "after the last save"
