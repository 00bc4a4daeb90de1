"""What the built site links to, is made of and fetches: lychee (offline) finds no broken link or #fragment, including
the site's own absolute URLs (canonical, hreflang); the Nu HTML checker (vnu.jar) finds no error but one that
Material's own markup causes; each tool is also shown a planted mistake, so a blind check fails. And in Chromium no
page, nor the search, requests anything from a host other than the site's own."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from urllib.parse import urlparse

import pytest

from conftest import (DESKTOP, LANGS, NODE_MODULES, ROOT, all_page_urls, new_site_context, page_url, site_base_path,
                      site_url, walk_group)

LYCHEE = Path(sys.executable).parent / "lychee"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Material's base.html has `<input class="md-toggle" type="checkbox" ... autocomplete="off">` for the drawer and
# search toggles (autocomplete="off" stops Firefox restoring a checked state on reload); the HTML standard allows
# `autocomplete` only on text-like inputs. Harmless, in Material's own template: only this message on those
# inputs is tolerated.
MATERIAL_TOGGLE_AUTOCOMPLETE = ("Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
                                "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, "
                                "“search”, “tel”, “text”, “time”, “url”, or “week”.")


def lychee(target: Path, root_dir: Path, *extra: str) -> dict:
    result = subprocess.run([str(LYCHEE), "--offline", "--include-fragments", "--index-files", "index.html",
                             "--root-dir", str(root_dir), "--no-progress", "--format", "json", *extra, str(target)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 2), f"lychee failed to run:\n{result.stdout}\n{result.stderr}"
    return json.loads(result.stdout)


def broken(report: dict) -> list[str]:
    return [f"{page}: {e['url']} ({e['status']['text']})" for page, errs in report["error_map"].items() for e in errs]


def test_no_broken_link_or_fragment(site, tmp_path):
    # Mount the site under its base path, as deployed: the home and 404 pages link to /<base>/… root-relatively.
    root = tmp_path / "root"
    mount = root / site_base_path().strip("/")
    mount.parent.mkdir(parents=True, exist_ok=True)
    if mount != root:
        mount.symlink_to(site, target_is_directory=True)
    # The site's own absolute URLs (canonical, hreflang alternates) are checked against the built files too.
    own = re.escape(site_url().rstrip("/") + "/")
    report = lychee(site, root if mount != root else site, "--remap", f"^{own}(.*)$ {site.as_uri()}/$1")
    assert broken(report) == []
    assert report["total"] > 500 and report["remaps"] > 0, f"too few links checked: {report['total']}"


def test_lychee_reports_a_missing_page_and_a_missing_fragment(tmp_path):
    (tmp_path / "a.html").write_text('<!doctype html><html lang="en"><title>a</title>'
                                     '<a href="b.html#here">ok</a><a href="b.html#nowhere">x</a><a href="gone/">y</a>')
    (tmp_path / "b.html").write_text('<!doctype html><html lang="en"><title>b</title><h1 id="here">b</h1>')
    found = broken(lychee(tmp_path, tmp_path))
    assert len(found) == 2 and "#nowhere" in found[0] + found[1] and "gone" in found[0] + found[1], found


def test_html_is_valid(site, tmp_path):
    assert VNU.exists(), f"{VNU.relative_to(ROOT)} is missing: `make test` installs it (npm ci in .ci/node)"
    planted = tmp_path / "planted.html"
    planted.write_text('<!doctype html><html lang="en"><title>x</title><p tabindex="">x</p>')
    result = subprocess.run(["java", "-jar", str(VNU), "--skip-non-html", "--errors-only", "--format", "json",
                             str(site), str(planted)], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr)["messages"]
    pages = {m.get("url", "") for m in messages}
    assert any(u.endswith("planted.html") for u in pages), f"vnu missed a planted error: {messages[:3]}"
    errors = [f"{m.get('url', '').split(str(site))[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
              if not m.get("url", "").endswith("planted.html")
              and not (m["message"] == MATERIAL_TOGGLE_AUTOCOMPLETE and 'class="md-toggle"' in m.get("extract", ""))]
    assert errors == []


@pytest.mark.xdist_group(walk_group("desktop"))
def test_no_request_goes_to_another_host(walk, browser, server):
    """Every request of every page (the shared desktop walk: each page until "load", every resource it names), and
    of the search, which loads its worker, index and language files on first use."""
    requests = [(url, u) for url, visit in walk("desktop").items() for u in visit["requests"]]
    context = new_site_context(browser, server, DESKTOP)
    context.on("request", lambda request: requests.append(("search", request.url)))  # pages and their workers
    page = context.new_page()
    for lang in LANGS:
        page.goto(server + page_url("index", lang))
        box = page.locator(".md-search__input")
        box.click()
        box.fill("ESG")
        box.press("End")
        page.locator(".md-search-result__item").first.wait_for()
        page.wait_for_load_state("networkidle")
    context.close()
    foreign = sorted({f"{where}: {u}" for where, u in requests
                      if not u.startswith(("data:", "blob:")) and urlparse(u).hostname != "127.0.0.1"})
    assert foreign == []
    assert len({where for where, _ in requests}) > len(all_page_urls()), "a page made no request at all: blind?"
    assert any(u.endswith("search_index.json") for _, u in requests), "the search index was never requested: blind?"
