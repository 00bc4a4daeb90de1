"""`make bench`: how fast the site builds and how light it is for a reader — a benchmark, not a test.

Why a separate script: speed depends on the machine, so these numbers are printed for people to compare between
changes, never asserted by pytest. One run prints:
  1. build time of every edition, HTML only and with the PDFs (ESG_PDF=1), the PDF step (the difference: the PDFs
     are typeset while the pages are written) with each PDF's size and CPU seconds from the build's log, and the
     ratio to a plain `mkdocs build`
     of the same pages without our plugins (every edition as a plain folder; no macros, no i18n, no jieba, no hooks
     or overrides); and the time from a save under `make serve` to the changed page being served (a page, a
     label, a template, and an editor's saves of data/: a figure restated, a KPI row, a director and a zh-Hans
     phrase added; the worst counts), with the server's CPU for it (`--reload` runs only this);
  2. per page kind (home, a chapter, the KPI, laws and content-index appendices, the 404 page; every edition) the
     bytes of its first view, gzipped: what Chromium really fetches on load (HTML, CSS, JS, fonts — the search index
     and worker only load on first use), each body compressed with gzip -9;
  3. the search index of each language, gzipped, and what the first search fetches (index and worker), and on a
     phone profile (375 px, CPU slowed 4x) how long the search takes to be ready after the first focus and to answer
     a keystroke once ready;
  4. Lighthouse mobile scores (npm `lighthouse`, pinned in .ci/node/package-lock.json; `make bench` installs it) for
     the home and KPI pages in every edition, against the targets below.
`tests/benchmark.py --suite` (`make bench-suite`) times the whole test suite as `make test` runs it instead.
The site is served as GitHub Pages serves it: gzip for text, from a site built with its own address as site_url
(canonical links must be on the served host).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import (CHROMIUM_FLAGS, GENERATED, LANGS, LOCALES, NODE_MODULES, PREFIX, ROOT,  # noqa: E402
                      SEARCH_READY, chromium_path, mkdocs_config, page_url, run_mkdocs, search_placeholder)

import yaml  # noqa: E402

PAGES = ("index", "governance", "kpis", "laws", "content-index", "404")   # every kind of page
LIGHTHOUSE_PAGES = ("index", "kpis")
SUITE_TARGET = 300                                # seconds: the whole `make test`, tools installed, quiet machine
RELOAD_TARGET = 2.0                               # seconds from saving a page to the reloaded page under `make serve`
FIRST_VIEW_TARGET = 90_000                        # bytes, gzipped, of any page before the reader does anything
ANSWER_TARGET_MS = 300                            # a keystroke answered on a phone, once the index is ready
TARGETS = {"performance": 0.98, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
LIGHTHOUSE_RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
INDEX_TARGET = 60_000                             # bytes, gzipped: the search index one page fetches
LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv")


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ── build times ───────────────────────────────────────────────────────────────
def timed_build(site_dir: Path, pdf: bool) -> tuple[float, str]:
    """Seconds of one build, and its log."""
    start = time.perf_counter()
    result = run_mkdocs(ROOT, site_dir, pdf=pdf)
    if result.returncode:
        sys.exit(f"build failed:\n{result.stdout}\n{result.stderr}")
    return time.perf_counter() - start, result.stdout + result.stderr


# Each edition's PDF costs no more CPU than before issue 24 (English about 12 CPU-s, Traditional Chinese about 10, on
# the 2-core machine shared with the HTML build): the slowest edition's figure is the goal for every edition.
PDF_CPU_TARGET = 12.0


def pdf_costs(lines: list[str]) -> list[tuple[str, int, float]]:
    """(PDF file, pages, CPU seconds) of each edition, from macros/plugin/pdf.py's report lines."""
    return [(m.group(1), int(m.group(2)), float(m.group(3))) for line in lines
            if (m := re.search(r"PDF (\S+\.pdf): .*?(\d+) pages, ([\d.]+) s of CPU", line))]


def pdf_lines(log: str) -> list[str]:
    """What macros/plugin/pdf.py says of each edition's PDF (size, CPU seconds, when it was done) and of the wait."""
    return [line.split("-  ", 1)[-1] for line in log.splitlines() if re.search(r"INFO\s+-\s+PDFs? ", line)]


def plain_project(work: Path) -> Path:
    """The same pages (every edition in its folder: zh-Hant at the root, en/, zh-Hans/ with the zh-Hant text) as a
    plain Material site: macro calls rendered as empty, no i18n, macros, hooks, overrides or jieba (a stub `jieba`
    module that fails to import, so Material's search does not segment)."""
    project = work / "plain"
    docs = project / "docs"
    docs.mkdir(parents=True)
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    from conftest import GENERATED

    for lang in LANGS:
        folder = docs / PREFIX[lang]
        folder.mkdir(exist_ok=True)
        suffix = f".{GENERATED.get(lang, lang)}.md"  # a generated edition's pages are its source's
        for page in (ROOT / "docs").glob("*" + suffix):
            text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", page.read_text(encoding="utf-8"), flags=re.S)
            (folder / page.name.replace(suffix, ".md")).write_text(text, encoding="utf-8")
    config = mkdocs_config()
    search = next(p["search"] for p in config["plugins"] if isinstance(p, dict) and "search" in p)
    search.pop("jieba_dict_user", None)
    config.update(plugins=[{"search": search}], strict=False)
    for key in ("hooks", "validation", "watch"):
        config.pop(key, None)
    config["theme"].pop("custom_dir", None)
    config["theme"]["language"] = "zh-Hant"
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    stub = work / "nojieba"
    stub.mkdir()
    (stub / "jieba.py").write_text('raise ImportError("plain build: no jieba")\n')
    return project


def build_times(work: Path) -> tuple[dict, Path]:
    html, _ = timed_build(work / "site-html", pdf=False)
    full_dir = work / "site-pdf"
    pdf, log = timed_build(full_dir, pdf=True)
    project = plain_project(work)
    os.environ["PYTHONPATH"] = str(work / "nojieba")
    try:
        start = time.perf_counter()
        result = run_mkdocs(project, work / "site-plain")
        plain = time.perf_counter() - start
    finally:
        del os.environ["PYTHONPATH"]
    if result.returncode:
        sys.exit(f"plain build failed:\n{result.stdout}\n{result.stderr}")
    return {"html": html, "pdf": pdf, "plain": plain, "reload": serve_reload(work), "pdf_log": pdf_lines(log)}, full_dir


def _cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU seconds used so far by a process and every process under it, and by the process alone (Linux /proc): what
    a save cost the server, whatever else the machine is doing (on a shared machine the wall time mostly says how
    busy the others are). The process alone is the build the browser waits for; its children (the pages' allow-list
    check) run beside it, on the other core of a quiet machine."""
    stats = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            stats[int(stat.parent.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
    tree = {pid}
    while True:
        more = {p for p, (ppid, _) in stats.items() if ppid in tree} - tree
        if not more:
            break
        tree |= more
    return sum(stats[p][1] for p in tree if p in stats), stats.get(pid, (0, 0.0))[1]


def serve_reload(work: Path) -> dict[str, tuple[float, float, float]]:
    """Seconds from a save under `make serve` (a copy of the project) to the changed page being served, and the CPU
    seconds the server spent on it: a page (docs/), a label in data/, a template in overrides/, and an editor's
    everyday saves of data/ (CONTRIBUTING "The printed report, and changes since printing"), each from its last file
    written to every page that shows it serving the new text: a figure restated (the figure and its entry in
    data/restatements.yaml), a KPI row added, a director added (data/board.yaml: read by many pages), a phrase
    added to the zh-Hans table (data/zh_hans_phrases.yaml: read, word by word, by the zh-Hans pages). Those are the
    slow ones (a save read by many pages renders them in every edition): the worst is the one to watch."""
    import urllib.request

    project = work / "serve-project"
    for name in ("data", "docs", "macros", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    port = free_port()
    command = (Path(ROOT / "Makefile").read_text(encoding="utf-8").split("\nserve:", 1)[1].split("\n")[1]
               .strip().replace("$(BIN)/", f"{ROOT}/.venv/bin/").replace("127.0.0.1:8000", f"127.0.0.1:{port}"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": f"http://127.0.0.1:{port}/"}
    server = subprocess.Popen(command.split(), cwd=project, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)

    def served(path: str = "about-us/") -> str:
        """The page as served; MkDocs holds a request while it rebuilds, so this waits for the rebuild."""
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=120) as response:
            return response.read().decode("utf-8")

    def save_and_wait(file: Path | list, change=None, token: str = "", path: str | tuple = "") -> tuple[float, float, float]:
        """`file` changed by `change`, or each (file, change) of a list written one after the other as an editor
        saves them (timed from the last); then every page of `path` polled until it shows `token`."""
        edits = file if isinstance(file, list) else [(file, change)]
        paths = (path,) if isinstance(path, str) else path
        names = " + ".join(f.name for f, _ in edits)
        time.sleep(1.5)  # let the watcher settle
        cpu = _cpu_seconds(server.pid)
        for each, edit in edits:
            start = time.perf_counter()
            each.write_text(edit(each.read_text(encoding="utf-8")), encoding="utf-8")
        for where in paths:
            while token not in (page := served(where)) or 'class="esg-build-error"' in page:
                if 'class="esg-build-error"' in page and time.perf_counter() - start > 5:   # the message quotes it
                    sys.exit(f"the save of {names} broke the build under make serve:\n{page[:2000]}")
                if time.perf_counter() - start > 120:
                    sys.exit(f"make serve did not show the save of {names} on /{where} within 120 s")
                time.sleep(0.05)
        return (time.perf_counter() - start, *(after - before for after, before in zip(_cpu_seconds(server.pid), cpu)))

    try:
        deadline = time.monotonic() + 300
        while True:  # the first full build
            with contextlib.suppress(OSError):
                if "</html>" in served():
                    break
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit("make serve did not start")
            time.sleep(0.2)
        stamp = int(time.time())
        token = f"重新載入測試{stamp}"
        english = project / "docs" / "about-us.en.md"   # the paragraph in both languages, as the build requires
        english.write_text(english.read_text(encoding="utf-8") + "\nA paragraph saved in the preview.\n", encoding="utf-8")
        out = {"page": save_and_wait(project / "docs" / "about-us.zh-Hant.md", lambda t: t + f"\n{token}\n", token,
                                     "about-us/")}
        label = "en: Purchased electricity consumption\n"
        out["data"] = save_and_wait(project / "data" / "kpis" / "environmental.yaml",
                                    lambda t: t.replace(label, label[:-1] + f" {stamp}\n", 1),
                                    f"Purchased electricity consumption {stamp}", "en/kpis/")
        out["template"] = save_and_wait(project / "overrides" / "main.html",   # inside the last block; an HTML
                                        lambda t: f"<span hidden>template-save-{stamp}</span>\n{{% endblock %}}".join(
                                            t.rsplit("{% endblock %}", 1)),   # comment is refused by the build
                                        f"template-save-{stamp}", "about-us/")
        out.update(_editor_saves(project, stamp, save_and_wait))
        out["phrase added"] = _phrase_save(project, save_and_wait)
        out["report.yaml field"] = _report_field_save(project, stamp, save_and_wait)
        return out
    finally:
        server.terminate()
        server.wait(timeout=30)


def _editor_saves(project: Path, stamp: int, save_and_wait) -> dict[str, tuple[float, float, float]]:
    """The editor's saves of tests/figures.py `editor_saves`, one after the other, each waited for on every edition's
    KPI page (the zh-Hans edition is built last)."""
    from figures import editor_saves

    return {what: save_and_wait([(project / rel, lambda t, old=old, new=new: t.replace(old, new, 1))
                                 for rel, old, new in files], token=shows, path=("en/kpis/", "zh-Hans/kpis/"))
            for what, (files, shows) in editor_saves(project, stamp).items()}


def _phrase_save(project: Path, save_and_wait) -> tuple[float, float, float]:
    """A phrase added to the zh-Hans table (tests/figures.py `phrase_saves`: a word of one or two pages), waited for
    on those pages: it renders the zh-Hans pages with its word, not every page of every edition."""
    from figures import dataset, phrase_saves

    _, [[rel, [[old, new]]]], form, shown = phrase_saves(project, dataset(project).report)[1]
    return save_and_wait(project / rel, lambda t: t.replace(old, new, 1), token=form,
                         path=tuple(page.removesuffix("index.html") for page in shown))


def _report_field_save(project: Path, stamp: int, save_and_wait) -> tuple[float, float, float]:
    """A field of data/report.yaml that every page shows (the English copyright line of the footer): a save of the
    report renders every page of every edition, the slowest data save there is."""
    from figures import dataset

    report = dataset(project).report
    line = f'en: "{report.info.site.copyright.get("en")}"\n'
    return save_and_wait(project / "data" / "report.yaml",
                         lambda t: t[:t.index("  copyright:\n")] + t[t.index("  copyright:\n"):].replace(
                             line, f'{line[:-2]} {stamp}"\n', 1),
                         token=f'{report.info.company.get("en")} {stamp}', path=("en/about-us/",))


# ── serving as GitHub Pages does ──────────────────────────────────────────────
class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text gzipped when the client accepts it (as GitHub Pages does), 10-minute cache like Pages."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()      # the redirect to the slash URL
            path = path / "index.html"
        if not (path.is_file() and path.suffix in COMPRESSIBLE
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site: Path, port: int):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        httpd.shutdown()


# ── first-view weight ─────────────────────────────────────────────────────────
def kind(url: str, content_type: str) -> str:
    if url.endswith("search_index.json"):
        return "search index"
    for name, marks in (("HTML", ("html",)), ("CSS", ("css",)), ("JS", ("javascript",)),
                        ("fonts", ("font", "woff")), ("images", ("image",))):
        if any(m in content_type for m in marks):
            return name
    return "other"


def _url(slug: str, lang: str) -> str:
    return f"/{PREFIX[lang]}404.html" if slug == "404" else page_url(slug, lang)   # each edition has its own


def _sizes(responses, base: str) -> tuple[dict[str, int], list[str]]:
    sizes: dict[str, int] = {}
    urls = []
    for r in responses:
        if r.status >= 300:
            continue
        k = kind(r.url, r.headers.get("content-type", ""))
        sizes[k] = sizes.get(k, 0) + gz(r.body())
        urls.append(r.url.replace(base, ""))
    return sizes, urls


def first_views(base: str) -> list[tuple[str, str, dict[str, int], list[str]]]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        for lang in LANGS:
            for slug in PAGES:
                context = browser.new_context(viewport={"width": 412, "height": 823})   # a fresh cache
                page = context.new_page()
                responses = []
                context.on("response", lambda r: responses.append(r))
                page.goto(base + _url(slug, lang), wait_until="networkidle")
                page.wait_for_timeout(500)
                rows.append((lang, slug, *_sizes(responses, base)))
                context.close()
        browser.close()
    return rows


# Types `query` into the emptied search box and resolves with the milliseconds until results are drawn. The value is
# set here, not by Playwright's fill(): fill() fires an input event that Material may answer before the observer
# watches, and a keyup with the same query then draws nothing (the wait never ended on a quiet machine). After 10 s
# it gives up with -1, reported as a miss.
ANSWER_JS = """query => new Promise(done => {
    const list = document.querySelector('.md-search-result__list');
    const box = document.querySelector('input[data-md-component=search-query]');
    const start = performance.now();
    const observer = new MutationObserver(() => {
        if (list.children.length) { observer.disconnect(); done(performance.now() - start); }
    });
    observer.observe(list, {childList: true});
    setTimeout(() => { observer.disconnect(); done(-1); }, 10000);
    box.value = query;
    box.dispatchEvent(new Event('input', {bubbles: true}));
    box.dispatchEvent(new KeyboardEvent('keyup', {key: 'End', bubbles: true}));
})"""


def _hand_queries() -> dict[str, list[str]]:
    """Per hand edition: a figure as printed, a reader's word and its report word (the first synonym group), an HKEX
    code; read from data/ as it is now, so that an editor's new figure or words are what the benchmark types."""
    from figures import figure

    group = yaml.safe_load((ROOT / "data/search_synonyms.yaml").read_text(encoding="utf-8"))["groups"][0]
    return {lang: [figure("ghg_scope2", grouped=False), group["readers"][lang][0], group["report"][lang][0], "A1.2"]
            for lang in LOCALES.hand}


_HAND_QUERIES = _hand_queries()
# a generated edition's reader types its own script: its source's queries, converted (培訓 → 培训)
FIRST_QUERIES = {**_HAND_QUERIES, **{lang: [LOCALES.convert(lang, q) for q in _HAND_QUERIES[source]]
                                     for lang, source in GENERATED.items()}}


def first_searches(base: str) -> list[tuple[str, dict[str, int], float, list[float]]]:
    """Per edition, on a phone (375 px, CPU 4x slower): what the first use of search fetches, the seconds from the
    first tap on the search icon to a ready search, and the milliseconds each first keystroke of a few queries
    then takes to show results (median of three tries each)."""
    import statistics

    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        for lang in LANGS:
            context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True, has_touch=True)
            page = context.new_page()
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
            page.goto(base + page_url("about-this-report", lang), wait_until="networkidle")
            placeholder = search_placeholder(page)
            responses = []
            context.on("response", lambda r: responses.append(r))
            start = time.perf_counter()
            page.locator(".md-header label[for=__search]").first.click()
            page.wait_for_function(SEARCH_READY, arg=placeholder, timeout=60_000)
            ready = time.perf_counter() - start
            box = page.locator("input[data-md-component=search-query]")
            answers = []
            for query in FIRST_QUERIES[lang]:
                tries = []
                for _ in range(3):
                    box.fill("")   # an empty box: Material clears the results and shows its placeholder
                    box.press("End")
                    page.wait_for_function(SEARCH_READY, arg=placeholder)
                    tries.append(page.evaluate(ANSWER_JS, query))
                answers.append(-1 if -1 in tries else statistics.median(tries))
            rows.append((lang, _sizes(responses, base)[0], ready, answers))
            context.close()
        browser.close()
    return rows


# ── Lighthouse ────────────────────────────────────────────────────────────────
def ensure_lighthouse() -> None:
    """Lighthouse comes only from the lockfile (`make bench` runs `npm ci` in .ci/node): say so before the long run."""
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE.relative_to(ROOT)} is missing: run `make bench`, which installs it from "
                 ".ci/node/package-lock.json")


def lighthouse_once(url: str, out: Path) -> dict:
    flags = " ".join(["--headless=new", *CHROMIUM_FLAGS])
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                    f"--chrome-flags={flags}", "--only-categories=performance,accessibility,best-practices,seo"],
                   check=True, env={**os.environ, "CHROME_PATH": chromium_path()}, timeout=300)
    report = json.loads(out.read_text())
    audits = report["audits"]
    scores = {k: c["score"] for k, c in report["categories"].items()}
    failing = {k: [f"{a['id']} ({audits[a['id']].get('displayValue') or audits[a['id']]['score']})"
                   for a in c["auditRefs"] if a["weight"] and (audits[a["id"]]["score"] or 0) < 1]
               for k, c in report["categories"].items() if (scores[k] or 0) < TARGETS[k]}
    metrics = {name: audits[audit].get("displayValue", "").replace("\xa0", " ") for name, audit in
               (("FCP", "first-contentful-paint"), ("LCP", "largest-contentful-paint"),
                ("TBT", "total-blocking-time"), ("CLS", "cumulative-layout-shift"))}
    return {"scores": scores, "failing": failing, "metrics": metrics}


def lighthouse(url: str, out: Path) -> tuple[dict, list[float]]:
    """The run with the median performance score of LIGHTHOUSE_RUNS, and all the performance scores: on a shared
    2-core machine the blocking time of one run swings by ±150 ms, so a single run says little (Lighthouse's own
    advice is the median of several runs)."""
    runs = sorted((lighthouse_once(url, out) for _ in range(LIGHTHOUSE_RUNS)),
                  key=lambda r: r["scores"]["performance"])
    return runs[len(runs) // 2], [r["scores"]["performance"] for r in runs]


def suite_time() -> tuple[float, str]:
    """Wall seconds of the whole suite exactly as `make test` runs it (tools already installed), and its last line."""
    start = time.perf_counter()
    result = subprocess.run(["make", "-s", "test"], cwd=ROOT, capture_output=True, text=True)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    return time.perf_counter() - start, (lines[-1] if lines else result.stderr.strip()[-300:])


def main() -> int:
    if sys.argv[1:] == ["--reload"]:  # only the `make serve` reload, e.g. while working on it
        with tempfile.TemporaryDirectory(prefix="esg-bench-") as tmp:
            for what, (seconds, cpu, build) in serve_reload(Path(tmp)).items():
                print(f"make serve: save ({what}) → changed page served   {seconds:4.1f} s   "
                      f"(server CPU {cpu:.1f} s, the build {build:.1f} s; load {os.getloadavg()[0]:.1f} on "
                      f"{os.cpu_count()} cores)")
        return 0
    if sys.argv[1:] == ["--suite"]:  # `make bench-suite`: the whole test suite's wall time, against its target
        seconds, last = suite_time()
        print(f"make test: {seconds:5.0f} s wall ({seconds / 60:.1f} min; target ≤ {SUITE_TARGET / 60:.0f} min on a quiet "
              f"{os.cpu_count()}-core machine)   {last}")
        return 0
    misses = []
    ensure_lighthouse()
    with tempfile.TemporaryDirectory(prefix="esg-bench-") as tmp:
        work = Path(tmp)
        port = free_port()
        os.environ["SITE_URL"] = f"http://127.0.0.1:{port}/"
        print("== Build time (one run each; 2 cores here) ==", flush=True)
        times, site = build_times(work)
        print(f"  HTML only, {len(LANGS)} editions       {times['html']:6.1f} s")
        print(f"  with PDFs (ESG_PDF=1)       {times['pdf']:6.1f} s")
        print(f"  the PDF step, {len(LANGS)} editions    {times['pdf'] - times['html']:6.1f} s   (with PDFs − HTML only; "
              "the PDFs are typeset while the pages are written)")
        for line in times["pdf_log"]:
            print(f"    {line}")
        for name, pages, cpu in pdf_costs(times["pdf_log"]):
            print(f"  PDF {name}: {cpu / pages:.3f} CPU-s per page ({cpu:.1f} CPU-s, {pages} pages; "
                  f"target ≤ {PDF_CPU_TARGET:.0f} CPU-s an edition)")
            if cpu > PDF_CPU_TARGET:
                misses.append(f"PDF {name}: {cpu:.1f} CPU-s > {PDF_CPU_TARGET:.0f}")
        print(f"  plain mkdocs, same pages    {times['plain']:6.1f} s   "
              f"(ours/plain: HTML {times['html'] / times['plain']:.1f}x, with PDFs {times['pdf'] / times['plain']:.1f}x)")
        for what, (seconds, cpu, build) in times["reload"].items():
            print(f"  make serve: save ({what}) → changed page served   {seconds:4.1f} s   (target < {RELOAD_TARGET:.0f} s;"
                  f" server CPU {cpu:.1f} s, the build {build:.1f} s)")
            if seconds >= RELOAD_TARGET:
                misses.append(f"reload after a save ({what}) {seconds:.1f} s ≥ {RELOAD_TARGET:.0f} s")

        print("\n== Search index, gzipped (fetched on first use of the search box, not with the page) ==")
        for lang in LANGS:
            path = site / PREFIX[lang] / "search" / "search_index.json"
            size = gz(path.read_bytes())
            docs = len(json.loads(path.read_text(encoding="utf-8"))["docs"])
            print(f"  {lang:8} {size / 1000:6.1f} KB  ({path.stat().st_size / 1000:.0f} KB raw, {docs} sections)")
            if size > INDEX_TARGET:
                misses.append(f"search index {lang} {size / 1000:.1f} KB > {INDEX_TARGET / 1000:.0f} KB")

        with serve(site, port) as base:
            print("\n== First view, gzipped bytes Chromium fetched on load (412 px wide, empty cache) ==")
            for lang, slug, sizes, urls in first_views(base):
                parts = ", ".join(f"{k} {v / 1000:.1f}" for k, v in sorted(sizes.items(), key=lambda kv: -kv[1]))
                total = sum(sizes.values())
                print(f"  {lang:8} {slug:14} {total / 1000:6.1f} KB  ({parts})")
                if "search index" in sizes:
                    misses.append(f"{lang} {slug} fetches the search index on load")
                if total > FIRST_VIEW_TARGET:
                    misses.append(f"{lang} {slug} first view {total / 1000:.1f} KB > {FIRST_VIEW_TARGET / 1000:.0f} KB")
                others = [u for u in urls if not u.startswith("/")]
                if others:
                    misses.append(f"{lang} {slug} fetched from other hosts: {others}")

            print("\n== First search on a phone (375 px, CPU 4x slower): what it fetches, gzipped; seconds to ready; "
                  "ms from a keystroke to results once ready ==")
            for lang, sizes, ready, answers in first_searches(base):
                parts = ", ".join(f"{k} {v / 1000:.1f}" for k, v in sorted(sizes.items(), key=lambda kv: -kv[1]))
                queries = FIRST_QUERIES[lang]
                print(f"  {lang:8} {sum(sizes.values()) / 1000:6.1f} KB ({parts}); ready in {ready:.1f} s; "
                      + ", ".join(f"{q} {a:.0f} ms" for q, a in zip(queries, answers)), flush=True)
                if sizes.get("search index", 0) > INDEX_TARGET:
                    misses.append(f"{lang} first search fetches a {sizes['search index'] / 1000:.1f} KB index")
                slow = [f"{q} {a:.0f} ms" if a >= 0 else f"{q}: no results within 10 s"
                        for q, a in zip(queries, answers) if a > ANSWER_TARGET_MS or a < 0]
                if slow:
                    misses.append(f"{lang} answers slower than {ANSWER_TARGET_MS} ms on a phone: {', '.join(slow)}")

            ensure_lighthouse()
            print(f"\n== Lighthouse, mobile, median of {LIGHTHOUSE_RUNS} runs (targets: "
                  + ", ".join(f"{k} ≥ {v}" for k, v in TARGETS.items()) + ") ==")
            for lang in LANGS[:2]:   # the third edition is the first one converted: same pages, same weight
                for slug in LIGHTHOUSE_PAGES:
                    result, perf = lighthouse(base + page_url(slug, lang), work / f"lh-{lang}-{slug}.json")
                    s = result["scores"]
                    print(f"  {lang:8} {slug:6} perf {s['performance']:.2f} ({min(perf):.2f}–{max(perf):.2f})  "
                          f"a11y {s['accessibility']:.2f}  best {s['best-practices']:.2f}  seo {s['seo']:.2f}   "
                          + "  ".join(f"{k} {v}" for k, v in result["metrics"].items()), flush=True)
                    for category, audits in result["failing"].items():
                        misses.append(f"{lang} {slug} {category} {s[category]:.2f}: {', '.join(audits)}")
    print("\n== Targets ==")
    print("\n".join(f"  MISSED {m}" for m in misses) if misses else "  all met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
