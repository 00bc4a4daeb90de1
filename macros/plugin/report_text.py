"""MkDocs hook: every sentence of the printed report is on the pages of the edition that prevails, with only the
mends of data/printed/mends.yaml; else the build stops, saying where and how to mend (issue 20, points 1 and 5).

Why here, at `on_env` of that edition's build: every article is rendered by then (MkDocs renders all pages before
it writes any), so the check reads the articles as published, figures included, and a failed check writes nothing.
Under `make serve` a save renders a few pages; the others' articles are those their last rendering made (kept by
live_preview.py), so the check still reads every page, and a saved mend (a save in data/) is checked at once. The
check itself is macros/model/report_sentences.py; it costs 0.04 to 0.08 s of a full build (measured with
time.perf_counter around it, on a shared 2-core machine), most of it splitting the printed text into sentences and
mending them, which is kept for the saves of `make serve` until the printed text or the mends change. A figure
inside a sentence is data/'s (a fact, a KPI, a restated figure: `data_figures`), checked there: the sentence is found
with it as data/ has it now.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path

from mkdocs.exceptions import PluginError

from macros.model.data_reads import unrecorded
from macros.model.printed import PRINTED_TEXT
from macros.model.report_sentences import (MENDS_FILE, NUMBER, Figures, Page, TextMend, article_text,
                                           missing_sentences, normalise, sentence_problems)

from . import _project
from .languages import languages


SHOWN = 10   # a page deleted, or a copy of the project with other pages, misses hundreds: the first ones say why


def on_env(env, config, files, *, state):
    report = _project.report(config)
    lang = languages(config).current
    if lang != report.prevailing or not config.plugins["esg"].config.printed_sentences:
        return env
    root = Path(config.config_file_path).parent
    try:
        printed = (root / PRINTED_TEXT).read_text(encoding="utf-8")
    except FileNotFoundError:
        return env   # the data's own check says so (macros/model/printed.py check_mends)
    ds = _project.dataset(config)
    with unrecorded(ds):   # a check's reads are no page's (macros/model/data_reads.py)
        located = ds.sources.get(MENDS_FILE)
    entries = (located.data or {}).get("mends") or [] if located else []
    mends = [TextMend(m["printed"], m["site"], located.line_of(("mends", i))) for i, m in enumerate(entries)
             if not m.get("label_of")]
    articles = []
    for file in files.documentation_pages():
        html = _article(file, state)
        if html is None:
            return env   # a page never rendered in this `make serve`: nothing to compare yet
        articles.append((file, html))
    texts = [article_text(html) for _, html in articles]
    figures = data_figures(ds, report.editions[lang])
    with _no_collection():
        missing = missing_sentences(printed, [(m.printed, m.site) for m in mends], "\n".join(texts), figures)
    if not missing:
        return env
    pages = [_page(file, text, lang, root) for (file, _), text in zip(articles, texts)]
    problems = sentence_problems(printed, mends, pages, figures, limit=SHOWN)
    more = len(missing) - len(problems)
    raise PluginError(f"{len(missing)} sentence(s) of the printed report ({PRINTED_TEXT}) are not on the {lang} pages "
                      "as printed — the build stops until they are:\n"
                      + "\n".join(f"  - {problem}" for problem in problems)
                      + (f"\n  … and {more} more: mend these first, the build then shows the rest" if more > 0 else ""))


@contextmanager
def _no_collection():
    """Python's garbage collector paused while the check runs: it makes some ten thousand small objects, and a
    collection then walks the whole build's heap (every page, the theme's templates): with it, the check took 0.07 to
    0.13 s of a full build, without it 0.04 to 0.07 s."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def data_figures(ds, edition) -> Figures:
    """The figures of data/ that differ from the printed report on purpose (data/restatements.yaml: a KPI, a board
    count or a fact its text quotes), as the pages write them in `edition`: as printed and as now, in digits and in
    words (kpi(…, words=True)). Only these: a number of a printed sentence changed to any other figure of data/
    (an editor's 3 typed as 5, a count that happens to be a KPI's) was accepted, so a fact changed without its
    restatement passed."""
    from macros.render.formatting import fmt, words

    with unrecorded(ds):   # a check's reads are no page's
        restated = list(ds.restated.values())
        formats = {fact_id: fact.format for fact_id, fact in ds.facts.items()}
    pairs, now = [], []
    for r in restated:
        for form in (lambda v, e: fmt(v, e, formats.get(r.figure, "plain")), words):
            try:
                pairs.append((form(r.printed, edition), form(r.value, edition)))
            except (ValueError, TypeError, AttributeError, ArithmeticError):   # no words for it, or not disclosed
                continue
            now.append(pairs[-1][1])
    return Figures(frozenset(n for text in now for n in NUMBER.findall(normalise(text))), tuple(pairs))


def _article(file, state) -> str | None:
    """The page's article: rendered in this build, or (make serve) kept from its last rendering."""
    page = file.page
    if page is not None and page.content is not None:
        return page.content
    kept = state.preview.articles.get(file.dest_uri) if state is not None else None
    return kept.html if kept is not None else None


def _page(file, text: str, lang: str, root: Path) -> Page:
    """A page with its Markdown as written (read only when a sentence is missing: to give its line)."""
    path = Path(file.abs_src_path)
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else file.src_uri
    slug = file.src_uri.removesuffix(".md").removesuffix(f".{lang}")
    return Page(rel, slug, path.read_text(encoding="utf-8"), text)
