"""`make build` gives a whole new site/ or an error, never a half-written one: on a small copy of the project, a build
that fails (bad data, a broken page, a missing translation) or is interrupted leaves the previous site/ byte for byte
as it was and no temporary folder behind; a good build replaces site/ whole."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BUILD_SITE, ROOT, build_site
from figures import figure, report_year, values_text, with_value

HOME = ("# 首頁 {#home}\n\n見[另一頁](other.md#part)。\n", "# Home {#home}\n\nSee [the other page](other.md#part).\n")
OTHER = ("# 另一頁 {#other}\n\n## 部分 {#part}\n\n員工總數：{{ kpi(\"employees_total\", 2022) }}人。\n",
         "# Other {#other}\n\n## Part {#part}\n\nEmployees: {{ kpi(\"employees_total\", 2022) }}.\n")


def tree(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder`: relative path → sha256 of the bytes (or "folder")."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
            for p in sorted(folder.rglob("*"))}


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(("site.tmp-", "site.old-")))


@pytest.fixture
def project(mini_project) -> Path:
    """A two-page copy of the project with its .ci/build-site, and a previous site/ (a few files, as a reader's
    browser or a deployment would have them) that a failed build must not touch."""
    mini_project.write({"index": HOME, "other": OTHER})
    root = mini_project.root
    (root / ".ci").mkdir()
    shutil.copy2(ROOT / BUILD_SITE, root / BUILD_SITE)
    previous = root / "site"
    (previous / "en" / "other").mkdir(parents=True)
    (previous / "index.html").write_text("<!doctype html><title>previous</title>", encoding="utf-8")
    (previous / "en" / "other" / "index.html").write_text("<!doctype html><title>previous en</title>",
                                                           encoding="utf-8")
    (previous / "medlive.pdf").write_bytes(bytes(range(256)) * 4)
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# (case, the mistake, words the error must contain): one mistake for each stage at which a build stops — reading
# the project (on_config: data/, the page pairs, the menu), rendering the pages, and after the first edition is written
BROKEN = [
    ("bad figure in a data file",
     lambda root: edit(root, *values_text("ghg_scope2"), with_value(values_text("ghg_scope2")[1], report_year(), "67.7.58")),
     ["data/kpis/environmental.yaml:", "has 2 decimal points"]),
    ("unknown KPI id in a page",
     lambda root: edit(root, "docs/other.zh-Hant.md", "employees_total", "employee_total"),
     ["employee_total", "other.zh-Hant.md"]),
    # fails in the English build, when the Chinese edition is already written: half a site, without the swap
    ("broken anchor in the English edition",
     lambda root: edit(root, "docs/index.en.md", "other.md#part", "other.md#prat"),
     ["prat", "index.en.md"]),
]


@pytest.mark.parametrize("case,break_it,words", BROKEN, ids=[c[0] for c in BROKEN])
def test_a_failed_build_leaves_the_previous_site_untouched(project, case, break_it, words):
    site = project / "site"
    before, inode = tree(site), site.stat().st_ino
    break_it(project)
    result = build_site(project, site, pdf=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{case}: the build passed:\n{output}"
    for word in words:
        assert word in output, f"{case}: {word!r} not in the build's output:\n{output}"
    assert tree(site) == before and site.stat().st_ino == inode, f"{case}: site/ changed"
    assert leftovers(project) == []


def test_a_good_build_replaces_the_site_whole(project):
    site = project / "site"
    edit(project, "docs/other.en.md", "Employees:", "Employees at the end of the year:")
    result = build_site(project, site, pdf=False)
    assert result.returncode == 0, result.stdout + result.stderr
    files = tree(site)
    for page in ("index.html", "en/index.html", "other/index.html", "en/other/index.html", "404.html",
                 "search/search_index.json", "en/search/search_index.json", "sitemap.xml"):
        assert page in files, f"{page} missing from the new site"
    assert "medlive.pdf" not in files, "a file of the previous site survived: site/ was not replaced whole"
    assert any(p.startswith("downloads/") for p in files)
    html = (site / "en" / "other" / "index.html").read_text(encoding="utf-8")
    assert f"Employees at the end of the year: {figure('employees_total')}." in html
    assert leftovers(project) == []


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["Ctrl-C", "terminated"])
def test_an_interrupted_build_leaves_the_previous_site_untouched(project, how):
    """Stopped when the Chinese edition is written and the English one is not: the half-built folder goes."""
    site = project / "site"
    before, inode = tree(site), site.stat().st_ino
    env = {**os.environ, "PYTHON": sys.executable, "ESG_PDF": "0"}
    build = subprocess.Popen([str(project / BUILD_SITE), "site"], cwd=project, env=env, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    try:
        while not any(project.glob("site.tmp-*/other/index.html")):
            assert build.poll() is None, "the build ended before it could be interrupted"
            assert time.monotonic() < deadline, "the build wrote no page in 300 s"
            time.sleep(0.05)
        os.killpg(build.pid, how)   # the whole process group, as a terminal's Ctrl-C or a CI runner's cancel does
        code = build.wait(timeout=120)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
    assert code != 0
    assert tree(site) == before and site.stat().st_ino == inode, "site/ changed"
    assert leftovers(project) == []


def test_make_build_builds_only_through_build_site():
    """What `make build` would run (make -n prints without running): MkDocs only by way of .ci/build-site."""
    result = subprocess.run(["make", "-n", "build"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    commands = result.stdout.splitlines()
    assert any(BUILD_SITE + " site" in c for c in commands), commands
    assert not any("mkdocs build" in c for c in commands), commands
