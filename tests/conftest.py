"""Shared fixtures: the real site built once per test session, and tiny throw-away sites for failure cases."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / ".ci" / "node" / "node_modules"   # vnu-jar, lighthouse: `npm ci` in .ci/node (its lockfile)
sys.path.insert(0, str(ROOT))


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs does: `!ENV [NAME, ..., default]` is the first NAME set in the environment, else
    the default (`!ENV NAME` alone: None), so tests see the site_url the build uses."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    *names, default = loader.construct_sequence(node)
    return next((os.environ[n] for n in names if n in os.environ), default)


_ConfigLoader.add_constructor("!ENV", _env_tag)


def mkdocs_config() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)


def _editions():
    """The site's editions as data/report.yaml declares them (the tests read configuration, as the build does)."""
    from macros.model.dataset import load_locales

    return load_locales(ROOT)


LOCALES = _editions()
LANGS = tuple(LOCALES.all)            # every edition: zh-Hant, en, zh-Hans
HAND = tuple(LOCALES.hand)            # the editions written by hand: zh-Hant, en
GENERATED = dict(LOCALES.generated)   # zh-Hans → zh-Hant
DEFAULT = next(lang["locale"] for p in mkdocs_config()["plugins"] if isinstance(p, dict) and "i18n" in p
               for lang in p["i18n"]["languages"] if lang.get("default"))   # served at the root
PREFIX = {lang: "" if lang == DEFAULT else f"{lang}/" for lang in LANGS}


def _share_compiled_theme() -> None:
    """Every build this run starts (the site, some fifty copies of the project, the preview's saves) keeps the theme's
    compiled templates in one folder, so that each compiles only what the others have not (once_per_command.py,
    half a second a build). The folder is the run's: made by the first process (pytest-xdist's workers inherit it)
    and removed when that process ends."""
    import atexit
    import tempfile

    from macros.plugin.once_per_command import TEMPLATE_CACHE

    if not os.environ.get(TEMPLATE_CACHE):
        os.environ[TEMPLATE_CACHE] = folder = tempfile.mkdtemp(prefix="esg-compiled-theme-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)


_share_compiled_theme()


def run_mkdocs(project: Path, site_dir: Path, pdf: bool = False, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ESG_PDF": "1" if pdf else "0"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"),
                           "-d", str(site_dir)], cwd=project, env=env, capture_output=True, text=True,
                          timeout=timeout)


BUILD_SITE = ".ci/build-site"   # what `make build` runs: builds beside the folder, swaps it in only when whole


def build_site(project: Path, dest: Path, pdf: bool = True, timeout: int = 900) -> subprocess.CompletedProcess:
    """Build `project` into `dest` with the project's own .ci/build-site (this Python's MkDocs), as `make build` does."""
    return subprocess.run(**_build_site_call(project, dest, pdf), capture_output=True, text=True, timeout=timeout)


def _build_site_call(project: Path, dest: Path, pdf: bool) -> dict:
    env = {**os.environ, "PYTHON": sys.executable, "ESG_PDF": "1" if pdf else "0"}
    return {"args": [str(project / BUILD_SITE), str(dest)], "cwd": project, "env": env}


def site_out() -> Path | None:
    """Where the session's site is kept: ESG_SITE_OUT (relative to the project root), or None for a temporary folder.
    CI and deploy set ESG_SITE_OUT=site, so the site they upload is the very build these tests passed."""
    out = os.environ.get("ESG_SITE_OUT", "").strip()
    return (ROOT / out) if out else None


def shared_tmp(tmp_path_factory) -> Path:
    """The temporary folder every process of this run shares: under pytest-xdist each worker has its own basetemp
    inside it; without xdist it is the run's basetemp."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


# ── the site every reading test shares: built once, started as soon as the run knows it needs it ──────────────
# The build (HTML and PDFs, about 30 CPU-s) starts in the background when collection ends, if any collected test reads
# the site, and the tests that do not read it run first (pytest_collection_modifyitems): mini builds, the data layer,
# the browser's own checks. Before, every worker's first test waited for the build, one worker building, the other
# idle. The first worker to take the lock starts it; the `site` fixture waits for it, on any worker.

SITE_FIXTURE = "site"


def _site_files(config) -> tuple[Path, Path, Path, Path]:
    """(the site folder, its lock, the 'built' and the 'failed' marker), in the folder every worker of the run shares."""
    shared = shared_tmp(config._tmp_path_factory)
    return site_out() or shared / "build" / "site", shared / "site.lock", shared / "site.built", shared / "site.failed"


def _build_shared_site(config) -> None:
    """Build the site unless this run already has (or is building) it; run under the lock, which it holds throughout,
    so a `site` fixture on any worker waits for the end. A failed build is kept as a log every asker reports."""
    import fcntl

    out, lock_path, done, failed = _site_files(config)
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)   # released when the file is closed, also if this worker dies
        if not done.exists() and not failed.exists():
            build = subprocess.Popen(**_build_site_call(ROOT, out, pdf=True), stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, start_new_session=True)
            config.stash[_SITE_BUILD] = build   # stopped, with its MkDocs, if the run ends first (-x, Ctrl-C)
            log = build.communicate(timeout=900)[0]
            if build.returncode == 0:
                done.write_text(str(out), encoding="utf-8")
            else:
                failed.write_text(log, encoding="utf-8")


def start_site_build(config, items) -> None:
    """In the background, if a collected test reads the site: the first worker to get here starts it, the others
    find it started (an atomic 'started' marker) and go on with their tests."""
    import threading

    if config.option.collectonly or not any(SITE_FIXTURE in getattr(item, "fixturenames", ()) for item in items):
        return
    lock_path = _site_files(config)[1]
    try:
        (lock_path.parent / "site.started").open("x").close()
    except FileExistsError:
        return
    threading.Thread(target=_build_shared_site, args=(config,), name="site-build", daemon=True).start()


_SITE_BUILD = pytest.StashKey()


def pytest_sessionfinish(session):
    """A run that ends before the site's build does (-x, Ctrl-C, only unit tests failing) stops it: nothing is left
    building in the background after pytest has gone."""
    import signal

    build = session.config.stash.get(_SITE_BUILD, None)
    if build is not None and build.poll() is None:
        os.killpg(build.pid, signal.SIGTERM)


@pytest.fixture(scope="session")
def site(request) -> Path:
    """The real site, every edition and its PDF, built once for the whole run by .ci/build-site (started in the
    background when collection ends, or here if it was not): every worker reads the same folder. A failed build is
    reported by every worker that asks, from the log the one that built it kept."""
    _build_shared_site(request.config)   # waits for a build under way; builds only if none has run
    out, _, _, failed = _site_files(request.config)
    if failed.exists():
        pytest.fail(f"the site does not build:\n{failed.read_text(encoding='utf-8')}", pytrace=False)
    return out


@pytest.fixture(scope="session")
def dataset():
    from macros.model.dataset import load_dataset

    return load_dataset(ROOT)


def page_slugs() -> list[str]:
    """Every page of the site by its path without language suffix (from docs/)."""
    from macros.model.pages import page_pairs

    return sorted(page_pairs(ROOT / "docs", list(HAND)))


def chapter_slugs() -> list[str]:
    """The pages that are chapters of the report (in the nav and the PDF): every page but those mkdocs.yml keeps
    out of the nav (`not_in_nav`: the downloads centre)."""
    import fnmatch

    patterns = (mkdocs_config().get("not_in_nav") or "").split()
    return [s for s in page_slugs() if not any(fnmatch.fnmatch(f"/{s}.{HAND[0]}.md", p) for p in patterns)]


def html_path(site_dir: Path, slug: str, lang: str) -> Path:
    base = site_dir / PREFIX[lang] if PREFIX[lang] else site_dir
    return base / "index.html" if slug == "index" else base / slug / "index.html"


def page_url(slug: str, lang: str) -> str:
    return "/" + PREFIX[lang] + ("" if slug == "index" else f"{slug}/")


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of data/ and docs/ to break one thing in: the project's own files are never edited by a test."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    return tmp_path


def edit(root: Path, rel: str, old: str, new: str, count: int = 1) -> int:
    """Replace `old` in a file of a copy (it must be there: a fixture that no longer matches fails loudly);
    return the 1-based line of the first change."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {rel}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


@pytest.fixture
def mini_project(tmp_path):
    """A copy of the project's code and data with a two-page docs/ — for build-failure cases.

    Returns a function that writes the pages (dict slug → (zh, en) Markdown) and builds, giving (returncode, output);
    its `.write` writes them without building, its `.root` is the project's folder; `pdf=True` makes the PDFs too,
    `before_build(root)` may add files first.
    """
    for name in ("macros", "overrides", "data"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "data" / "content_index.yaml").unlink(missing_ok=True)  # refers to the real chapters
    config = mkdocs_config()
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "esg" in plugin:   # its two pages are not the printed report's text
            plugin["esg"] = {**(plugin["esg"] or {}), "printed_sentences": False}
        if isinstance(plugin, dict) and "i18n" in plugin:
            for lang in plugin["i18n"]["languages"]:
                lang.pop("nav", None)

    def write(pages: dict[str, tuple[str, str]], edit_config=None, menu: str | None = None):
        """Write the pages, and mkdocs.yml after `edit_config(config)` if given (a copy of mkdocs.yml as a dict);
        data/menu.yaml is `menu`, or the pages in the order given (their headings title them)."""
        docs = tmp_path / "docs"
        shutil.rmtree(docs, ignore_errors=True)
        shutil.copytree(ROOT / "docs" / "assets", docs / "assets")  # the site's CSS and script files
        # every site has the downloads centre (the footer links to it; macros/plugin/download_centre.py fills it)
        pages = {"downloads": tuple((ROOT / "docs" / f"downloads.{x}.md").read_text(encoding="utf-8")
                                    for x in HAND), **pages}
        for slug, (zh, en) in pages.items():  # the two hand-written editions: zh-Hant and en
            if zh is not None:
                (docs / f"{slug}.zh-Hant.md").write_text(zh, encoding="utf-8")
            if en is not None:
                (docs / f"{slug}.en.md").write_text(en, encoding="utf-8")
        if menu is None:   # a page without a # title of its own (the home page's masthead) gets one in the menu
            menu = "menu:\n" + "".join(
                f"  - page: {slug}\n" + ("" if all(re.search(r"^# ", text or "", re.M) for text in texts) else
                                         "    title: {" + ", ".join(f"{lang}: {slug}" for lang in HAND) + "}\n")
                for slug, texts in pages.items() if slug != "downloads")
        (tmp_path / "data" / "menu.yaml").write_text(menu, encoding="utf-8")
        import copy

        this = copy.deepcopy(config)
        if edit_config:
            edit_config(this)
        (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(this, allow_unicode=True), encoding="utf-8")

    def build(pages: dict[str, tuple[str, str]], edit_config=None, pdf: bool = False, before_build=None,
              menu: str | None = None):
        """Write the pages, `edit_config(config)` if given (a copy of mkdocs.yml as a dict), the menu, build."""
        write(pages, edit_config, menu)
        if before_build:  # e.g. add an image to docs/
            before_build(tmp_path)
        result = run_mkdocs(tmp_path, tmp_path / "site", pdf=pdf)
        return result.returncode, result.stdout + result.stderr

    build.root = tmp_path
    build.write = write   # the project without building it
    return build


# ── a real browser over the built site ───────────────────────────────────────
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"]


# Material's search shows its placeholder ("Type to start searching") when it is ready and the box is empty, and
# something else (a count, "No matching documents") once it has answered a query, never nothing (a test empties it to
# see the next answer come: tests/test_search.py search). Functions with an argument, not
# expressions: Playwright polls an expression through eval, which the site's Content-Security-Policy refuses.
SEARCH_READY = "p => document.querySelector('.md-search-result__meta').textContent.trim() === p"
SEARCH_ANSWERED = "p => !['', p].includes(document.querySelector('.md-search-result__meta').textContent.trim())"


def search_placeholder(page) -> str:
    """The search placeholder in the page's language, from Material's configuration in the page. A locator waits for
    the element (the benchmark, on a CPU slowed 4x, once found it missing when read at once) and reads it through
    the browser's debugger, which the CSP does not govern."""
    config = json.loads(page.locator("#__config").text_content())
    return config["translations"]["search.result.placeholder"].strip()


def chromium_path() -> str:
    """Debian's chromium here; the runner's Chrome on GitHub (CHROMIUM_PATH). Never a downloaded browser."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("google-chrome"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("no Chromium or Chrome found: run `make test` (it installs Debian's chromium) or set CHROMIUM_PATH")


@pytest.fixture(scope="session")
def server(site):
    """The built site over HTTP on 127.0.0.1 (a random free port); yields its base URL, e.g. http://127.0.0.1:PORT"""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh desktop-size page; tests that need a phone open their own context with a 375 px viewport."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


# ── every page at a given width, as deployed ─────────────────────────────────
PHONE, DESKTOP = 375, 1280
PHONE_HEIGHT, SCREEN_HEIGHT = 667, 900   # a phone's screen (375 × 667, an iPhone SE); a laptop's


def all_page_urls() -> list[str]:
    """Every page of both languages, and the 404 page."""
    return [page_url(slug, lang) for lang in LANGS for slug in page_slugs()] + ["/404.html"]


def site_url() -> str:
    """site_url as the build sees it: SITE_URL when set (mkdocs.yml: `!ENV SITE_URL`), else data/report.yaml's."""
    from macros.model.dataset import cached_dataset

    return mkdocs_config()["site_url"] or cached_dataset(ROOT).report.site_url


def site_base_path() -> str:
    """The path the site is deployed under, e.g. /esg-report-2022/. The home and 404 pages link root-relatively
    under it: right on the deployed site, broken on a server at the root."""
    from urllib.parse import urlparse

    return urlparse(site_url()).path or "/"


def new_site_context(browser, server: str, width: int, height: int = SCREEN_HEIGHT, **options):
    """A browser context `width` px wide (more Playwright context `options`, e.g. color_scheme="dark") in which the
    site's base path maps to the served root, as when deployed."""
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    prefix = server + site_base_path()
    if prefix != server + "/":
        context.route(prefix + "**", lambda route: route.continue_(url=server + "/" + route.request.url[len(prefix):]))
    return context


# ── the fast unit layer: `make unit` (pytest -m unit) ───────────────────────
HEAVY_FIXTURES = {"site", "server", "browser", "page", "walk", "mini_project", "pdfs"}


def pytest_configure(config):
    config.addinivalue_line("markers", "unit: needs no site build and no browser (selected by `make unit`)")
    config.addinivalue_line("markers", "slow: builds a copy of the project (kept out of `make unit`)")


@pytest.hookimpl(tryfirst=True)   # before `-m unit` deselects by the marks: they must be set by then
def pytest_collection_modifyitems(config, items):
    """A test is a unit test when it uses none of the fixtures that build the site or start a browser, and is not
    marked slow: the data layer, formatting, labels, conversion, consistency rules, hook functions."""
    for item in items:
        if not HEAVY_FIXTURES & set(getattr(item, "fixturenames", ())) and not item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.unit)
    # The tests that read the shared site last, so that its build (started when collection ends) runs beside the
    # others. In each part the groups that one worker runs whole (`xdist_group`) first, the largest first: a walk
    # of every page started last would leave the other worker idle at the end. `make test` passes
    # --no-loadscope-reorder, so pytest-xdist hands the work out in this order. The sort is stable: each module's
    # order holds within each part.
    from collections import Counter

    def reads_site(item) -> bool:
        return SITE_FIXTURE in getattr(item, "fixturenames", ())

    group = {item: "_".join(xdist_groups(item)) for item in items}   # "" for a test in no group
    sizes = Counter(group.values())
    site_groups = {group[item] for item in items if group[item] and reads_site(item)}   # a group goes as one
    items.sort(key=lambda item: (reads_site(item) or group[item] in site_groups,
                                 -sizes[group[item]] if group[item] else 0))


@pytest.hookimpl(tryfirst=True)   # before pytest-xdist's, which sends the collected ids to the scheduler
def pytest_collection_finish(session):
    keep_xdist_groups(session.config, session.items)
    start_site_build(session.config, session.items)


def xdist_groups(item) -> list[str]:
    """The names of the `xdist_group`s a test is in, sorted, as pytest-xdist reads its marks."""
    return sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                   for m in item.iter_markers("xdist_group")})


def keep_xdist_groups(config, items):
    """`make test` runs `--dist loadgroup`: pytest-xdist sends the tests of one `xdist_group` to one worker by reading
    the group from a suffix it writes into each test's node id (`…::test[x]@group`). With pytest 9.2 its write no
    longer takes (the id became structured: pytest-xdist issue 1386), and every group was silently spread over both
    workers: the 2023 copy built twice, each walk of every page done twice. The suffix is written here the way
    pytest 9.2 keeps it, and only where it is missing (a fixed pytest-xdist writes it itself)."""
    if not getattr(config.option, "loadgroup", False):
        return
    from _pytest.nodeid import NodeId

    for item in items:
        names = xdist_groups(item)
        suffix = "@" + "_".join(names)
        if names and not item.nodeid.endswith(suffix) and isinstance(getattr(item, "_id", None), NodeId):
            item._id = NodeId.parse(item.nodeid + suffix)


# ── every page once per view: the page-wide browser checks share one walk ───
# Several tests look at every page of every edition in the same view (no failed request, no request to another host,
# nothing wider than a phone, every table on a phone, every text in its language, the tables and charts announced).
# Each page is visited once per view: the walk records what every request did, and runs each check's probe on the
# loaded page; the tests then assert on the records, each on its own condition, naming the page. A module registers
# its probes when it is imported (collection), so the walk runs only the probes of the tests collected.
# A page is left only when the network has been quiet for WALK_QUIET seconds since "load" and since its last request
# began, with nothing pending: the browser asks for some files after "load" (the favicon, 0-40 ms after it here), and
# a request the next navigation cut off would be charged to the wrong page, or its failure never seen. Playwright's
# `networkidle` waits a fixed 500 ms per page, 33 s of a phone walk spent idle; nothing on this site is asked for that
# late (measured: 1.5 s watched after "load" on every page, the favicon alone came).
WALK_VIEWS = {"phone": (PHONE, PHONE_HEIGHT), "desktop": (DESKTOP, SCREEN_HEIGHT)}
WALK_QUIET = 0.15
WALK_PROBES: dict[str, dict] = {view: {} for view in WALK_VIEWS}
WALK_LAST: set[str] = set()   # probes that change the page, run after the others
WALK_INIT: dict[str, list[str]] = {view: [] for view in WALK_VIEWS}   # scripts every page of the walk runs first


def before_every_page(view: str, script: str) -> None:
    """Run `script` in every page of the `view` walk before the page's own (to record what happens as it loads)."""
    WALK_INIT[view].append(script)


def on_every_page(view: str, name: str, last: bool = False):
    """Register `probe(page) -> record` to run on every page of the `view` walk; its record is `walk[url][name]`.
    A test that reads the walk of a view is marked `xdist_group(walk_group(view))`, so one worker walks it once.
    A probe that changes the page (resizes it) is registered `last`: the others see the page as it loaded."""
    def register(probe):
        WALK_PROBES[view][name] = probe
        if last:
            WALK_LAST.add(name)
        return probe
    return register


def walk_group(view: str) -> str:
    return f"walk-{view}"


def _walk(browser, server: str, view: str) -> dict:
    import time

    context = new_site_context(browser, server, *WALK_VIEWS[view])
    visits: dict[str, dict] = {}
    now: dict = {}          # the visit under way: events land in it, and when its last request began
    pending: set = set()    # requests started and not yet answered

    def started(request):
        pending.add(request)
        now["last"] = time.monotonic()
        now["visit"]["requests"].append(request.url)   # pages and their workers

    def failed(request):
        pending.discard(request)
        now["visit"]["failed"].append(f"{request.failure} {request.url}")

    for script in WALK_INIT[view]:
        context.add_init_script(script)
    context.on("request", started)
    context.on("requestfinished", lambda request: pending.discard(request))
    context.on("requestfailed", failed)
    context.on("response", lambda r: now["visit"]["failed"].append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page = context.new_page()
    for url in all_page_urls():
        now["visit"] = visits[url] = {"requests": [], "failed": []}
        response = page.goto(server + url, wait_until="load")
        now["last"] = time.monotonic()
        visits[url]["status"] = response.status if response else None
        for name, probe in sorted(WALK_PROBES[view].items(), key=lambda item: item[0] in WALK_LAST):
            visits[url][name] = probe(page)
        deadline = time.monotonic() + 10
        while (pending or time.monotonic() - now["last"] < WALK_QUIET) and time.monotonic() < deadline:
            page.wait_for_timeout(25)
    context.close()
    return visits


@pytest.fixture(scope="session")
def walk(browser, server):
    """walk(view) → {url: {"status", "requests", "failed", probe name: record}} for every page of all_page_urls(),
    each visited once in that view for the whole run (per worker: see walk_group)."""
    done: dict[str, dict] = {}

    def get(view: str) -> dict:
        if view not in done:
            done[view] = _walk(browser, server, view)
        return done[view]

    return get


def static_i18n(config: dict, lang: str | None = None):
    """mkdocs-static-i18n as the build's one reader of it (macros/plugin/languages.py) sees it: the languages of the
    given mkdocs.yml (as a dict) and the one being built. For pure tests of code that asks which edition it is in."""
    from types import SimpleNamespace

    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    languages = [SimpleNamespace(locale=x["locale"], default=bool(x.get("default")), build=x.get("build", True),
                                 link=f"/{x['locale']}/", name=x.get("name", x["locale"]),
                                 nav_translations=x.get("nav_translations"))
                 for x in i18n["languages"]]
    return SimpleNamespace(config=SimpleNamespace(languages=languages,
                                                  fallback_to_default=i18n.get("fallback_to_default", False)),
                           current_language=lang)


def page_macros(dataset, lang: str, src_uri: str = "index.en.md", url: str = ""):
    """The page macros as a page of a build calls them, without MkDocs: all they read of the build is the language
    being built and the page being rendered (macros/page_macros.py PageMacros). For a macro's refusals and output;
    one mini build (tests/test_build_errors.py) proves the macros are wired into the build."""
    from types import SimpleNamespace

    from macros.page_macros import PageMacros

    env = SimpleNamespace(conf=SimpleNamespace(plugins={"i18n": static_i18n(mkdocs_config(), lang)}),
                          page=SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), url=url))
    return PageMacros(env, dataset)
