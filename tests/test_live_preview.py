"""`make serve` (mkdocs serve --dirty): a save rebuilds what changed, and the preview stays whole save after save.

The rebuilds run as `mkdocs serve` runs them: in one process, a fresh configuration per save, the plugins that keep
state across saves kept (macros/hooks/live_preview.py). Two saves of one page: both rebuild without error, the page
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

from conftest import ROOT

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
