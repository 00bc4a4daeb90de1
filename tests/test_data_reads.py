"""Which data a page read, and which pages a save in data/ made stale (macros/model/data_reads.py), and what a save
under `make serve` renders again (macros/plugin/save_plan.py `what_to_render`). Pure functions on datasets
made here from the project's own data/: no build."""

from __future__ import annotations

import copy
from types import SimpleNamespace

import pytest

from macros.model.data_reads import (ANSWERED, DERIVED, ITEM, KEYS, PART, WHOLE, Recorder, changed,
                                     stale, unrecorded)
from macros.plugin.save_plan import EVERY_PAGE, MENU, what_to_render
from macros.plugin.state import Plan

pytestmark = pytest.mark.unit


def recorded(ds, read) -> set:
    """What `read(ds)` reads of a copy of `ds` that records."""
    ds = copy.copy(ds)
    ds.recorder = Recorder()
    ds.recorder.reads = reads = set()
    read(ds)
    return reads


def some_row(ds, other_than: str = ""):
    return next(row for row_id, row in ds.rows.items() if row_id != other_than)


def relabelled(ds, row_id: str, lang: str, text: str):
    """A copy of `ds` whose row `row_id` has another label in `lang`, as a save in data/kpis/ would load it."""
    new = copy.copy(ds)
    row = ds.rows[row_id]
    label = type(row.label).model_construct({**row.label.root, lang: text})
    new.rows = {**ds.rows, row_id: row.model_copy(update={"label": label})}
    return new


def test_an_item_its_keys_and_a_whole_field_are_told_apart(dataset):
    row_id = some_row(dataset).id
    assert recorded(dataset, lambda ds: ds.rows[row_id]) == {("rows", ITEM, row_id)}
    assert recorded(dataset, lambda ds: row_id in ds.rows) == {("rows", ITEM, row_id)}
    assert recorded(dataset, lambda ds: ds.rows.get("no-such-row")) == {("rows", ITEM, "no-such-row")}
    assert recorded(dataset, lambda ds: sorted(ds.rows)) == {("rows", KEYS)}
    assert recorded(dataset, lambda ds: list(ds.rows.values())) == {("rows", WHOLE)}
    assert recorded(dataset, lambda ds: ds.milestones) == {("milestones", WHOLE)}
    # a property is read as its value (the years), not as the KPI files it is made from
    assert recorded(dataset, lambda ds: ds.years) == {("years", WHOLE)}
    assert recorded(dataset, lambda ds: ds.value(row_id, ds.report.year)) == {
        ("rows", ITEM, row_id), ("report", PART, ("attr", "year"))}


def test_nothing_is_recorded_without_a_recorder_or_while_paused(dataset):
    ds = copy.copy(dataset)
    assert ds.recorder is None and isinstance(ds.rows, dict)   # a full build reads the plain dicts
    ds.recorder = Recorder()
    ds.recorder.reads = reads = set()
    with unrecorded(ds):
        list(ds.rows.items())
    assert reads == set() and ds.recorder.reads is reads


def test_a_save_makes_stale_exactly_the_pages_that_read_what_changed(dataset):
    row = some_row(dataset)
    other = some_row(dataset, other_than=row.id)
    new = relabelled(dataset, row.id, "en", "A label saved in the preview")
    pages = {
        "kpis/index.html": {("rows", ITEM, row.id), ("report", WHOLE)},
        "en/kpis/index.html": {("rows", ITEM, row.id)},
        "people/index.html": {("rows", ITEM, other.id), ("years", WHOLE)},
        "content-index/index.html": {("rows", KEYS)},          # which rows exist: a label does not change that
        "downloads/index.html": {("rows", WHOLE)},
        "about-us/index.html": {("facts", ITEM, "no-such-fact")},
    }
    assert stale(pages, dataset, new) == {"kpis/index.html", "en/kpis/index.html", "downloads/index.html"}
    assert stale(pages, dataset, copy.copy(dataset)) == set(), "a save that changes nothing makes nothing stale"
    assert changed({("rows", ITEM, row.id), ("rows", KEYS)}, dataset, new) == {("rows", ITEM, row.id)}


def test_a_key_added_or_removed_is_a_change_to_whoever_asked_for_it(dataset):
    row = some_row(dataset)
    fewer = copy.copy(dataset)
    fewer.rows = {k: v for k, v in dataset.rows.items() if k != row.id}
    pages = {"a": {("rows", ITEM, row.id)}, "b": {("rows", KEYS)}, "c": {("rows", ITEM, "never-there")}}
    assert stale(pages, dataset, fewer) == {"a", "b"}
    assert stale(pages, fewer, dataset) == {"a", "b"}


def with_board(ds, members=None, composition=None):
    """A copy of `ds` whose board has other members or composition rows, as a save in data/board.yaml loads it."""
    new = copy.copy(ds)
    update = {k: v for k, v in (("members", members), ("composition", composition)) if v is not None}
    new.board = ds.board.model_copy(update=update)
    return new


def test_a_page_that_prints_a_board_count_reads_the_count_not_the_member_list(dataset):
    """A director listed but not counted (appointed after the period) changes the member list, not a count: the
    pages that print counts (the governance chapter) are not stale, the page that lists the members is. A changed
    count makes them stale."""
    count = dataset.board.composition[0]
    year = dataset.board.as_of.year
    reads = recorded(dataset, lambda ds: ds.value(count.id, year))
    assert ("board", WHOLE) not in reads and any(read[1] == DERIVED for read in reads), reads
    listed = with_board(dataset, members=[*dataset.board.members, dataset.board.members[0].model_copy(
        update={"id": "appointed_later"})])
    recounted = with_board(dataset, composition=[count.model_copy(update={"count": count.count + 1}),
                                                 *dataset.board.composition[1:]])
    pages = {"governance": reads, "kpis": recorded(dataset, lambda ds: ds.board.members)}
    assert stale(pages, dataset, listed) == {"kpis"}
    assert stale(pages, dataset, recounted) == {"governance", "kpis"}   # the list shows the counts too


def test_a_row_added_to_a_table_leaves_its_captions_and_its_charts_frame_as_they_were(dataset):
    """The content index reads the headings of a KPI section (each table's caption), a chapter's chart the years
    and caption of its row's table: a row added to that table changes neither, a caption changed does."""
    from macros.model.dataset import row_frame, section_headings

    kfile = dataset.kpi_files[0]
    table, lang = kfile.tables[0], dataset.report.locales.hand[0]
    row = table.rows[0]
    reads = {"content-index": recorded(dataset, lambda ds: section_headings(ds, kfile.section, lang)),
             "chapter": recorded(dataset, lambda ds: row_frame(ds, row.id))}
    assert all(read[1] == DERIVED for page in reads.values() for read in page), reads

    def with_table(new_table):
        new = copy.copy(dataset)
        new_file = kfile.model_copy(update={"tables": [new_table, *kfile.tables[1:]]})
        new.kpi_files = [new_file, *dataset.kpi_files[1:]]
        new.row_file = {**dataset.row_file, **{r.id: new_file for t in new_file.tables for r in t.rows}}
        return new

    added = with_table(table.model_copy(update={"rows": [*table.rows, row.model_copy(update={"id": "added_row"})]}))
    caption = type(table.caption).model_construct({**table.caption.root, lang: "A caption saved in the preview"})
    recaptioned = with_table(table.model_copy(update={"caption": caption}))
    assert stale(reads, dataset, added) == set()
    assert stale(reads, dataset, recaptioned) == {"content-index", "chapter"}
    gone = copy.copy(dataset)
    gone.row_file = {k: v for k, v in dataset.row_file.items() if k != row.id}
    assert stale(reads, dataset, gone) == {"chapter"}, "a function that now fails is a change"


def test_two_loads_of_the_same_files_are_equal_and_a_changed_phrase_is_not(dataset):
    """The site's texts (the report, its editions) are compared after every save: equal when the files are, or
    every save would render every page. A converter compares by what it does (the preview reads what it does to
    each text: test_a_conversion_is_read_as_what_the_table_can_do_to_its_text)."""
    from conftest import ROOT
    from macros.model.dataset import load_dataset

    again = load_dataset(ROOT)
    assert again.report == dataset.report and again.rows == dataset.rows
    lang, converter = next(iter(again.report.locales.converters.items()))
    changed_converter = copy.copy(converter)
    changed_converter.phrases = {**converter.phrases, "预览": "預覽"}
    assert changed_converter != converter, f"a phrase added to {lang}'s table is a change"


# ── what a save renders again (save_plan.what_to_render) ─────────────────────────────────────────────────────────
def preview_after_build(dataset, reads: dict, site_reads=frozenset(), pending=None):
    stamp = {"data/kpis/environmental.yaml": (1, 1), "overrides/main.html": (1, 1), "macros/x.py": (1, 1),
             "data/outside-the-dataset.yaml": (1, 1)}
    return SimpleNamespace(stamp=stamp, dataset=dataset, reads=reads, site_reads=site_reads, writes={},
                           theme_reads=frozenset(), pending=set() if pending is None else pending)


def saved(preview, *paths) -> dict:
    return {path: (2, 1) if path in paths else when for path, when in preview.stamp.items()}


@pytest.fixture
def plugin_live_preview():
    from macros.plugin import live_preview

    return live_preview


def test_a_data_save_renders_the_pages_that_read_it_and_the_downloads_centre(dataset):
    row = some_row(dataset)
    rel = dataset.origin[row.id][0].file
    new = relabelled(dataset, row.id, "en", "A label saved in the preview")
    reads = {"en/kpis/index.html": frozenset({("rows", ITEM, row.id)}),
             "about-us/index.html": frozenset({("facts", ITEM, "x")}),
             "zh-Hans/downloads/index.html": frozenset()}
    preview = preview_after_build(dataset, reads)
    preview.stamp[rel] = (1, 1)
    what = what_to_render(preview, saved(preview, rel), new)
    assert what == Plan({"en/kpis/index.html", "zh-Hans/downloads/index.html"}, set())
    preview.pending = {"people/index.html"}   # left by a failed build
    assert what_to_render(preview, saved(preview, rel), new) == Plan(
        what.render | {"people/index.html"}, set())
    assert what_to_render(preview, saved(preview), dataset) == Plan({"people/index.html"}, set())


def test_a_template_the_code_data_outside_the_dataset_or_a_site_wide_read_renders_every_page(dataset):
    row = some_row(dataset)
    rel = dataset.origin[row.id][0].file
    new = relabelled(dataset, row.id, "en", "A label saved in the preview")
    preview = preview_after_build(dataset, {"en/kpis/index.html": frozenset({("rows", ITEM, row.id)})})
    preview.stamp[rel] = (1, 1)
    what = what_to_render
    assert what(preview, saved(preview, "overrides/main.html"), dataset) == Plan(set(), None), \
        "templates only: every page, each with the article its last rendering made"
    for path in ("macros/x.py", "data/outside-the-dataset.yaml"):
        assert what(preview, saved(preview, path), dataset) == EVERY_PAGE, path
    assert what(preview, saved(preview, "overrides/main.html", rel), new) == EVERY_PAGE, "a template and data"
    preview.site_reads = frozenset({("rows", ITEM, row.id)})   # read by the build's set-up: every page
    assert what(preview, saved(preview, rel), new) == EVERY_PAGE
    preview.site_reads, preview.pending = frozenset(), None   # a failed build that meant to render everything
    assert what(preview, saved(preview, rel), new) == EVERY_PAGE
    assert what(preview, saved(preview, "overrides/main.html"), dataset) == EVERY_PAGE, \
        "after a failed build, pages are read again"


def test_a_save_of_the_site_texts_alone_writes_every_page_with_its_kept_article(dataset):
    """The site's texts (name, description, copyright: macros/plugin/editions.py gives them to MkDocs' config) go
    around every article, never inside one: a save that changes only them writes every page again with the article
    its last rendering made, as a template's save does (it rendered every article again: 3.4 s for the copyright
    line). A save that also changes what a page read, or another read of the build's own, renders every page."""
    lang = dataset.report.prevailing
    texts = ("report", PART, ("call", "site_texts", (lang,), ()))
    key = next(iter(dataset.report.strings))
    shown = ("report", PART, ("call", "t", (key, lang), ()))
    site = dataset.report.info.site
    renamed = with_report(dataset, site=site.model_copy(update={"name": site.description}))
    string = dataset.report.strings[key]
    reworded = with_report(renamed, strings={key: type(string).model_construct({**string.root, lang: "reworded"})})
    preview = preview_after_build(dataset, {"en/kpis/index.html": frozenset({shown})}, site_reads=frozenset({texts}))
    preview.stamp["data/report.yaml"] = (1, 1)
    what = what_to_render
    assert what(preview, saved(preview, "data/report.yaml"), renamed) == Plan(set(), None)
    assert what(preview, saved(preview, "data/report.yaml"), reworded) == Plan({"en/kpis/index.html"}, None), \
        "a page's string too: that page rendered again"
    preview.site_reads = frozenset({texts, shown})   # the string read by the build's set-up: inside articles
    assert what(preview, saved(preview, "data/report.yaml"), with_report(dataset, strings=reworded.report.strings)) \
        == EVERY_PAGE
    preview.site_reads, preview.pending = frozenset({texts}), {"people/index.html"}   # a failed build left pages
    assert what(preview, saved(preview, "data/report.yaml"), renamed) == Plan({"people/index.html"}, None)


def test_what_a_save_makes_again_follows_when_each_read_was_made(dataset):
    """A read's change makes again what the read went into, by when it was made (live_preview `_reads_go_to`): a
    page's article (that page rendered again), a page's template and the hooks after it (that page written again
    around its kept article), the theme (every page written again around its article: the footer's links), the
    build's set-up (every page rendered again), or what is made after the pages at every build (nothing more; the
    downloads centre is rendered at any save of data/). Before, any string the build's hooks read, the 404 page's
    and the downloads centre's included, rendered all 45 pages again (2 s); now such a save writes them or less."""
    lang = dataset.report.prevailing
    keys = iter(dataset.report.strings)
    in_article, in_template, in_theme, after_pages = (next(keys) for _ in range(4))

    def read(key):
        return ("report", PART, ("call", "t", (key, lang), ()))

    def reworded(*changed_keys):
        strings = {key: type(dataset.report.strings[key]).model_construct(
            {**dataset.report.strings[key].root, lang: f"{key} reworded"}) for key in changed_keys}
        return with_report(dataset, strings=strings)

    preview = preview_after_build(dataset, {"en/kpis/index.html": frozenset({read(in_article)}),
                                            "zh-Hans/downloads/index.html": frozenset()})
    preview.writes = {"en/laws/index.html": frozenset({read(in_template)}), "en/kpis/index.html": frozenset()}
    preview.theme_reads = frozenset({read(in_theme)})
    preview.stamp["data/ui_strings.yaml"] = (1, 1)
    what = what_to_render
    strings = saved(preview, "data/ui_strings.yaml")
    downloads = {"zh-Hans/downloads/index.html"}
    assert what(preview, strings, reworded(in_article)) == Plan({"en/kpis/index.html"} | downloads, set())
    assert what(preview, strings, reworded(in_template)) == Plan(downloads, {"en/laws/index.html"})
    assert what(preview, strings, reworded(in_theme)) == Plan(downloads, None)
    assert what(preview, strings, reworded(in_article, in_theme)) == Plan({"en/kpis/index.html"} | downloads, None)
    assert what(preview, strings, reworded(after_pages)) == Plan(downloads, set())
    preview.site_reads = frozenset({read(in_template)})   # the same string read by the set-up too: every page
    assert what(preview, strings, reworded(in_template)) == EVERY_PAGE


def test_a_save_of_the_search_words_writes_every_page_around_its_article(dataset):
    """The readers' words and jieba's user dictionary are the search's alone (search_by_language.search_only_files):
    a save of one renders no article; every page is written again, so the whole index is made with the new words."""
    row = some_row(dataset)
    rel = dataset.origin[row.id][0].file
    preview = preview_after_build(dataset, {"en/kpis/index.html": frozenset({("rows", ITEM, row.id)})})
    preview.stamp.update({rel: (1, 1), "data/search_synonyms.yaml": (1, 1), "data/jieba_user_dict.txt": (1, 1)})
    search = frozenset({"data/search_synonyms.yaml", "data/jieba_user_dict.txt"})
    what = what_to_render
    for path in search:
        assert what(preview, saved(preview, path), dataset, search) == Plan(set(), None), path
        assert what(preview, saved(preview, path), dataset) == EVERY_PAGE, f"{path}, not known as the search's"
    new = relabelled(dataset, row.id, "en", "A label saved in the preview")
    assert what(preview, saved(preview, rel, *search), new, search) == Plan({"en/kpis/index.html"}, None)


def test_the_downloads_are_kept_when_data_is_as_it_was_or_only_the_search_words_were_saved(dataset):
    """The files made from data/ (the KPI downloads, their archive) are written again only when what they are made of
    may have changed: not after a save of the search's words, which no download holds (the dataset is read again
    because one of its folder's files changed)."""
    from macros.plugin.save_plan import keeps_the_data_files

    row = some_row(dataset)
    rel = dataset.origin[row.id][0].file
    search = frozenset({"data/search_synonyms.yaml"})
    preview = preview_after_build(dataset, {})
    preview.stamp.update({rel: (1, 1), "data/search_synonyms.yaml": (1, 1)})
    again = copy.copy(dataset)   # data/ read again
    assert keeps_the_data_files(preview, saved(preview), dataset, search)
    assert keeps_the_data_files(preview, saved(preview, "data/search_synonyms.yaml"), again, search)
    assert not keeps_the_data_files(preview, saved(preview, rel), again, search)
    assert not keeps_the_data_files(preview, saved(preview, rel, "data/search_synonyms.yaml"), again, search)
    assert not keeps_the_data_files(preview, saved(preview, "data/search_synonyms.yaml"), again, frozenset())
    preview.dataset = None   # no build has succeeded yet
    assert not keeps_the_data_files(preview, saved(preview, "data/search_synonyms.yaml"), again, search)


def test_the_downloads_are_kept_at_a_save_of_what_they_do_not_read_and_made_again_at_one_of_what_they_do(
        dataset, tmp_path, plugin_live_preview):
    """make serve: what the files made from data/ read while they are written is noted with the dataset they were
    made from; a later save keeps them when those reads answer alike (another row's label saved), and makes them again
    when one does not (their row's label), when macros/ changed, or when a file is missing."""
    from macros.plugin.state import BuildState, Preview
    from macros.plugin.typesetter import Typesetter

    preview, made = Preview(dirty=True), tmp_path / "kpis.csv"
    made.write_text("made", encoding="utf-8")
    row, other = some_row(dataset), some_row(dataset, some_row(dataset).id)

    def build(ds, code=(1, 1)):   # a save's build: its dataset, recording, and the plugin MkDocs finds
        state = BuildState(pdf_enabled=False, preview=preview, typesetter=Typesetter(), depth=1,
                           dataset=copy.copy(ds), stamp={"macros/x.py": code})
        state.dataset.recorder = state.recorder
        return state.dataset, SimpleNamespace(plugins={"esg": SimpleNamespace(state=state)})

    first, config = build(dataset)
    with plugin_live_preview.making_data_files(config, first):
        first.rows[row.id]   # what the files read
    assert plugin_live_preview.keeps_data_files(build(relabelled(dataset, other.id, "en", "Saved"))[1], [made])
    assert not plugin_live_preview.keeps_data_files(build(relabelled(dataset, row.id, "en", "Saved"))[1], [made])
    assert not plugin_live_preview.keeps_data_files(build(dataset, code=(2, 1))[1], [made])
    assert not plugin_live_preview.keeps_data_files(build(dataset)[1], [made, tmp_path / "kpis.xlsx"])


def test_a_save_of_the_menu_writes_every_page_around_its_article(dataset):
    """Adding a page is a page pair and a line of data/menu.yaml. The menu is every page's (the sidebar, the
    previous and next links), given to MkDocs by the build's set-up (macros/plugin/menu.py): a save of it writes
    every page again around its kept article, and renders again the pages whose article reads the menu (the content
    index names chapters by its titles). Any other read of the set-up that changed renders every page.
    Before, no other page was written: the new page was missing from every other page's menu."""
    import dataclasses

    from macros.model.menu import MenuEntry, page_titles

    ci, kpis = "en/content-index/index.html", "en/kpis/index.html"
    menu = recorded(dataset, lambda ds: ds.menu)
    assert menu == {MENU}
    preview = preview_after_build(dataset, {ci: frozenset({MENU}), kpis: frozenset({("rows", ITEM, "x")})},
                                  site_reads=frozenset({MENU}))
    preview.stamp.update({"data/menu.yaml": (1, 1), "mkdocs.yml": (1, 1)})
    added = dataclasses.replace(dataset, menu=(*dataset.menu, MenuEntry("a-page-added")))
    titled = dataclasses.replace(dataset, menu=(*dataset.menu[:-1], dataclasses.replace(
        dataset.menu[-1], titles=(("zh-Hant", "附錄", 3), ("en", "Annexes", 3)))))
    assert page_titles(titled.menu, "en") == page_titles(dataset.menu, "en"), "a section's title: no page's"
    assert what_to_render(preview, saved(preview, "data/menu.yaml"), added) == Plan({ci}, None)
    assert what_to_render(preview, saved(preview, "data/menu.yaml"), titled) == Plan({ci}, None)
    assert what_to_render(preview, saved(preview, "data/menu.yaml"), dataset) == Plan(set(), set()), "as it was"
    preview.site_reads = frozenset({MENU, ("rows", ITEM, "x")})
    moved = relabelled(added, some_row(dataset).id, "en", "x")
    assert what_to_render(preview, saved(preview, "data/menu.yaml"), added) == Plan({ci}, None)
    preview.site_reads = frozenset({MENU, ("rows", ITEM, some_row(dataset).id)})
    assert what_to_render(preview, saved(preview, "data/menu.yaml"), moved) == EVERY_PAGE, "another set-up read"
    assert what_to_render(preview, saved(preview, "mkdocs.yml"), added) == EVERY_PAGE


def test_a_read_of_a_file_outside_data_is_stale_when_the_file_answers_otherwise(dataset, tmp_path):
    """The content index names other pages' headings, read from their files in docs/ (content_index._headings_of):
    such a read carries what it answered, and is stale when the file now answers otherwise (a heading reworded,
    the page gone), whatever the dataset; a save that leaves the headings as they were makes it stale no more."""
    from macros.render.content_index import _headings_of

    lang = dataset.report.prevailing
    page = tmp_path / f"page.{lang}.md"
    page.write_text("# A page {#top}\n\nText.\n\n## A section {#part}\n\nMore.\n", encoding="utf-8")
    reads = recorded(dataset, lambda ds: _headings_of(ds, str(page), lang))
    (read,) = reads
    assert read[1] == ANSWERED and dict(read[3]) == {"top": "A page", "part": "A section"}
    pages = {"content-index/index.html": reads}
    assert stale(pages, dataset, dataset) == set()
    page.write_text(page.read_text(encoding="utf-8") + "\nA paragraph added.\n", encoding="utf-8")
    assert stale(pages, dataset, dataset) == set(), "the headings are as they were"
    page.write_text(page.read_text(encoding="utf-8").replace("A section", "A section reworded"), encoding="utf-8")
    assert stale(pages, dataset, dataset) == {"content-index/index.html"}
    assert changed(reads, dataset, dataset) == reads
    page.unlink()
    assert stale(pages, dataset, dataset) == {"content-index/index.html"}, "the page gone"


def test_a_view_kept_from_the_set_up_notes_each_read_as_the_reader_of_the_moment(dataset):
    """The plugin reads the report once per build, first at its set-up, and keeps it (macros/plugin/_project.py):
    a string a page's hook reads through it later is that page's read, not the set-up's (which renders every
    page), and a read made while nothing records is no one's."""
    ds = copy.copy(dataset)
    ds.recorder = Recorder()
    set_up, page = set(), set()
    ds.recorder.reads = set_up
    report, rows = ds.report, ds.rows          # kept, as _project.report keeps the report
    key, lang, row = next(iter(dataset.report.strings)), dataset.report.prevailing, some_row(dataset)
    ds.recorder.reads = page
    report.t(key, lang), report.info.company, rows[row.id]
    ds.recorder.reads = None
    report.t(key, lang), report.title(lang)
    assert set_up == set()
    assert page == {("report", PART, ("call", "t", (key, lang), ())), ("report", PART, ("info", "company")),
                    ("rows", ITEM, row.id)}


def _entry(page: str, text: str) -> dict:
    return {"location": page, "title": page, "text": f"<p>{text}</p>"}


def test_the_search_entries_kept_are_dropped_when_they_hold_a_word_jieba_counts_otherwise(plugin_live_preview):
    """jieba's words (the directors' names among them) are the search's, read by no page: a save that changes them
    renders only the pages that show what changed. Of the entries kept of every other page, those that hold a word
    added, removed or counted otherwise are dropped (made afresh when next needed), rather than served as a full
    build would not cut them; the others are cut alike with either words (search_terms.learn) and kept."""
    from macros.plugin.state import BuildState, Preview

    def built(preview, learned, entries):
        state = BuildState(pdf_enabled=False, preview=preview, typesetter=None)
        state.search.learned, state.search_entries = learned, entries
        preview.built = state

    a, b, c = (f"{page}/index.html" for page in "abc")
    preview = Preview()
    built(preview, {"董事會": 5}, {a: [_entry(a, "董事會成員")], b: [_entry(b, "溫室氣體排放")],
                                  c: [_entry(c, "王新先生"), _entry(c, "其他")]})
    plugin_live_preview._settle(preview)
    built(preview, {"董事會": 5}, {a: [_entry(a, "董事會成員, saved")]})   # the same words: b's and c's are kept
    plugin_live_preview._settle(preview)
    assert set(preview.search_entries) == {a, b, c} and preview.search_entries[a][0]["text"].endswith("saved</p>")
    built(preview, {"董事會": 5, "王新": 3}, {a: [_entry(a, "董事會成員, cut with 王新")]})   # a director added
    plugin_live_preview._settle(preview)
    assert set(preview.search_entries) == {a, b}, "c holds the name added: its entries are dropped, b's kept"
    built(preview, {"董事會": 9, "王新": 3}, {})   # a count changed: the entries that hold the word
    plugin_live_preview._settle(preview)
    assert set(preview.search_entries) == {b}


def test_a_page_rendered_again_into_the_same_article_gets_back_its_search_entries(plugin_live_preview):
    """A save that renders every page (the report's site texts) leaves most articles as they were: such a page gets
    back the search entries its last rendering made, not parsed and cut again. A page whose article, title or front
    matter changed is indexed afresh; once jieba's words changed (a save of the search's words), the entries kept
    that hold a word added, removed or counted otherwise are cut again, entry by entry, and only those."""
    from macros.plugin.state import BuildState, KeptArticle, Preview

    made, cut = [], []

    class Index:
        entries: list = []

        def add_entry_from_context(self, page):
            made.append(page.file.dest_uri)
            self.entries.append({"location": page.file.dest_uri, "title": page.title, "text": page.content})

        def _segment_chinese(self, text):
            cut.append(text)
            return f"cut again: {text}"

    def page(dest, content, title="T", meta=None):
        return SimpleNamespace(file=SimpleNamespace(dest_uri=dest), content=content, title=title, meta=meta or {})

    preview = Preview()
    preview.search_basis = (("董事會", 5),)
    for dest in ("a", "b", "c"):
        preview.articles[dest] = KeptArticle("md", {}, f"<p>{dest}</p>", None, "T", None)
        preview.search_entries[dest] = [{"location": dest, "title": "T", "text": f"<p>{dest}</p>", "kept": True}]
    preview.search_entries["b"].append({"location": "b#x", "title": "T", "text": "<p>王新\u200b先生</p>"})

    def build(learned, pages, restored=()):
        state = BuildState(pdf_enabled=False, preview=preview, typesetter=None)
        state.search.learned = learned
        state.restored = {dest: preview.articles[dest] for dest in restored}   # written around its kept article
        for p in pages:   # what on_page_content kept of each page in this build
            state.articles[p.file.dest_uri] = KeptArticle("md", dict(p.meta), p.content, None, p.title, None)
        index = Index()
        index.entries = []
        plugin_live_preview._keep_search_entries(index, state)
        for p in pages:
            p.meta["description"] = "added later, from the article"   # seo's on_page_context: not a change
            index.add_entry_from_context(p)
        return index, state

    index, _ = build({"董事會": 5}, [page("a", "<p>a</p>"), page("b", "<p>b, saved</p>"),
                                    page("c", "<p>c</p>", title="New")])
    assert made == ["b", "c"] and index.entries[0] == {"location": "a", "title": "T", "text": "<p>a</p>", "kept": True}
    made.clear()
    build({"董事會": 5}, [page("b", "<p>b</p>")], restored=["b"])   # a template saved: b's entries kept
    assert made == []
    index, state = build({"董事會": 5, "王新": 3}, [page("a", "<p>a</p>"), page("b", "<p>b</p>")], restored=["b"])
    assert made == [] and cut == ["T", "<p>王新先生</p>"], "a director added: the one entry with the name cut again"
    assert index.entries == [{"location": "a", "title": "T", "text": "<p>a</p>", "kept": True},
                             {"location": "b", "title": "T", "text": "<p>b</p>", "kept": True},
                             {"location": "b#x", "title": "cut again: T", "text": "cut again: <p>王新先生</p>"}]
    assert state.search_entries == {"b": index.entries[1:]}, "b's entries, cut with the new words, kept for later"


def with_report(ds, strings=None, **info):
    """A copy of `ds` whose report has other UI strings or other fields of data/report.yaml, as a save would load."""
    import dataclasses

    new = copy.copy(ds)
    new.report = dataclasses.replace(ds.report, info=ds.report.info.model_copy(update=info),
                                     strings={**ds.report.strings, **(strings or {})})
    return new


def test_a_page_reads_the_parts_of_the_report_it_shows(dataset):
    """A UI string in a language, a field of data/report.yaml, the year: each its own read, stale only when what it
    answers changes. Read whole, the report made every page stale at any save of report.yaml or ui_strings.yaml, the
    copyright line (which no article shows) included."""
    lang = dataset.report.prevailing
    key = next(iter(dataset.report.strings))
    page = recorded(dataset, lambda ds: (ds.report.t(key, lang), ds.report.info.company.get(lang), ds.report.year))
    assert page == {("report", PART, ("call", "t", (key, lang), ())), ("report", PART, ("info", "company")),
                    ("report", PART, ("attr", "year"))}
    site = dataset.report.info.site
    site_saved = with_report(dataset, site=site.model_copy(update={"name": site.description}))   # the site's texts
    assert changed(page, dataset, site_saved) == set(), "a field the page does not show made it stale"
    string = dataset.report.strings[key]
    reworded = with_report(dataset, strings={key: type(string).model_construct({**string.root, lang: "reworded"})})
    assert changed(page, dataset, reworded) == {("report", PART, ("call", "t", (key, lang), ()))}
    other = with_report(dataset, company=dataset.report.info.company.model_construct(
        {**dataset.report.info.company.root, lang: "another company"}))
    assert changed(page, dataset, other) == {("report", PART, ("info", "company"))}
    gone = with_report(dataset)
    gone.report.strings.pop(key)
    assert changed(page, dataset, gone) == {("report", PART, ("call", "t", (key, lang), ()))}, \
        "a string that is gone answers otherwise"


def with_chapters(ds, figures=None, charts=None):
    """A copy of `ds` whose data/chapter_figures.yaml lists other tiles or charts, as a save of it loads them."""
    new = copy.copy(ds)
    new.chapter_figures = {**ds.chapter_figures, **(figures or {})}
    new.chapter_charts = {k: v for k, v in {**ds.chapter_charts, **(charts or {})}.items() if v is not None}
    return new


@pytest.mark.parametrize("lang", [None, "en"])
def test_a_chapter_page_reads_its_own_chapters_figures_and_chart_not_the_others(dataset, lang):
    """data/chapter_figures.yaml is the dataset's (Dataset.chapter_figures, .chapter_charts): a chapter page reads
    the lists of its own chapter, so a save that reorders one chapter's tiles, or changes its chart's rows or drops
    its chart, makes that chapter stale and no other. (Read outside the dataset, any save of the file rendered every
    page of every edition.) A chapter added that no page shows makes no page stale."""
    from conftest import page_macros

    lang = lang or dataset.report.prevailing
    charted = [c for c in dataset.chapter_figures if c in dataset.chapter_charts]
    chapter, other = charted[0], charted[1]
    pages = {c: recorded(dataset, lambda ds, c=c: page_macros(ds, lang, f"{c}.{lang}.md").chapter_figures(c))
             for c in (chapter, other)}
    for c, reads in pages.items():
        mine = {r for r in reads if r[0] in ("chapter_figures", "chapter_charts")}
        assert mine == {("chapter_figures", ITEM, c), ("chapter_charts", ITEM, c)}, (c, reads)
    tiles = dataset.chapter_figures[chapter]
    reordered = with_chapters(dataset, figures={chapter: [*tiles[1:], tiles[0]]})
    table = dataset.tables[next(t for t, tb in dataset.tables.items()
                                if dataset.chapter_charts[chapter][0] in {r.id for r in tb.rows})]
    more = next(r.id for r in table.rows if r.id not in dataset.chapter_charts[chapter])
    charted_more = with_chapters(dataset, charts={chapter: [*dataset.chapter_charts[chapter], more]})
    uncharted = with_chapters(dataset, charts={chapter: None})
    added = with_chapters(dataset, figures={"a-chapter-no-page-shows": tiles})
    for save in (reordered, charted_more, uncharted):
        assert stale(pages, dataset, save) == {chapter}
    assert stale(pages, dataset, added) == set()
    assert stale(pages, dataset, copy.copy(dataset)) == set()


def test_a_save_of_the_chapter_figures_renders_that_chapters_pages_not_the_site(dataset):
    """The file is one of the dataset's sources: a save of it is decided by the pages' reads, not as data outside
    the dataset (every page of every edition)."""
    from macros.model.chapter_figures import FILE

    assert FILE in dataset.sources
    chapter, other = list(dataset.chapter_figures)[:2]
    reads = {f"{prefix}{c}/index.html": frozenset({("chapter_figures", ITEM, c)})
             for prefix in ("", "en/") for c in (chapter, other)}
    preview = preview_after_build(dataset, reads)
    preview.stamp[FILE] = (1, 1)
    tiles = dataset.chapter_figures[chapter]
    new = with_chapters(dataset, figures={chapter: [*tiles[1:], tiles[0]]})
    assert what_to_render(preview, saved(preview, FILE), new) == Plan(
        {f"{chapter}/index.html", f"en/{chapter}/index.html"}, set())


# ── the zh-Hans conversion, read text by text (a save of data/zh_hans_phrases.yaml) ──────────────────────────────
def generated(ds) -> tuple[str, str]:
    """(a generated edition, the edition it is converted from): zh-Hans and zh-Hant, as data/report.yaml has them."""
    return next(iter(ds.report.locales.generated.items()))


def with_phrases(ds, change):
    """A copy of `ds` whose generated edition converts with the phrase table `change(pairs)` (a list of (printed,
    mainland) as data/zh_hans_phrases.yaml lists them), noting its conversions as a loaded dataset does."""
    import dataclasses
    import functools

    from macros.model.chinese import Converter
    from macros.model.dataset import conversion

    lang, _ = generated(ds)
    old = ds.report.locales.converters[lang]
    pairs = change([(printed, old.phrases[key]) for key, printed in old.printed.items()])
    converter = Converter(old.opencc_config, pairs, {chr(k): v for k, v in old._punctuation.items()})
    converter.verbatim = set(old.verbatim)
    new = copy.copy(ds)
    locales = dataclasses.replace(ds.report.locales, converters={**ds.report.locales.converters, lang: converter})
    locales.noted = functools.partial(conversion.note, new)
    new.report = dataclasses.replace(ds.report, locales=locales)
    return new


def test_what_a_phrase_table_can_do_to_a_text_is_the_entries_whose_word_is_in_it():
    """A converter's answer for a text: the entries whose word (in Simplified characters) is in it, and no other; a
    guard is an entry like any other. Equal answers convert alike; an entry added, changed or removed where its word
    stands answers otherwise."""
    from macros.model.chinese import Converter

    table = [("網路", "网络"), ("資料中心", "数据中心"), ("回饋", "反馈")]
    text = "本集團的網路與回饋機制。"
    answer = Converter("hk2s", table).acting_on(text)
    assert ("网路", "网络") in answer[2] and ("回馈", "反馈") in answer[2]
    assert all(key != "资料中心" for key, _ in answer[2]), "an entry whose word is not in the text is not its read"
    absent = Converter("hk2s", [*table, ("駭客", "黑客")])                 # its word is not in the text
    assert absent.acting_on(text) == answer and absent(text) == Converter("hk2s", table)(text)
    guard = Converter("hk2s", [*table, ("回饋機制", "回馈机制")])          # a guard: OpenCC's form, kept whole
    assert guard.acting_on(text) != answer and guard(text) != Converter("hk2s", table)(text)
    reworded = Converter("hk2s", [("網路", "互联网"), *table[1:]])        # a mainland form changed
    assert reworded.acting_on(text) != answer
    assert Converter("hk2s", table, {"「": "“"}).acting_on(text) != answer, "the punctuation acts on every text"
    quoting = Converter("hk2s", table)   # answers are kept per table and quotations: a quotation met later is new
    assert quoting.acting_on(text) == answer
    quoting.quoted("本集團的網路與回饋機制")
    assert quoting.acting_on(text) != answer and Converter("hk2s", table).acting_on(text) == answer


def test_the_entries_a_page_does_not_hold_change_nothing_in_its_conversion(dataset):
    """The read's premise on the report's own pages: every entry of the phrase table whose word is not in a page's
    characters can go, and the page converts as it did (so a save of such an entry need not render it)."""
    from conftest import ROOT
    from macros.model.chinese import Converter

    lang, source = generated(dataset)
    converter = dataset.report.locales.converters[lang]
    punctuation = {chr(k): v for k, v in converter._punctuation.items()}
    for path in sorted((ROOT / "docs").glob(f"*.{source}.md")):
        text = path.read_text(encoding="utf-8")
        held = dict(converter.acting_on(text)[2])
        assert len(held) < len(converter.phrases), f"{path.name}: every entry's word is on the page"
        only = Converter(converter.opencc_config, [(converter.printed[k], m) for k, m in held.items()], punctuation)
        only.verbatim = set(converter.verbatim)
        assert only(text) == converter(text), path.name


def test_a_conversion_is_read_as_what_the_table_can_do_to_its_text(dataset):
    """Converting a text while a page renders is a read of the entries that can act on it: a phrase added where its
    word stands, or a mainland form changed, makes stale the pages whose text has the word, and no other; the
    languages (`report.locales`) stay equal, so no read of them is a change."""
    lang, _ = generated(dataset)
    ds = with_phrases(dataset, lambda pairs: pairs)
    ds.recorder = Recorder()
    pages = {}
    for page, text in {"zh-Hans/a/index.html": "我們的網路安全", "zh-Hans/b/index.html": "持份者的意見",
                       "zh-Hans/c/index.html": "醫生的臨床決策"}.items():
        ds.recorder.reads = pages[page] = set()
        ds.report.locales.convert(lang, text)
        ds.report.locales   # noqa: B018 - a read of which languages exist
    assert all(len(reads) == 2 for reads in pages.values()), pages
    assert stale(pages, ds, with_phrases(dataset, lambda pairs: pairs)) == set(), "the same table: nothing"
    added = with_phrases(dataset, lambda pairs: [*pairs, ("臨床決策", "临床决定")])
    assert stale(pages, ds, added) == {"zh-Hans/c/index.html"}
    reworded = with_phrases(dataset, lambda pairs: [(p, "互联网" if p == "網路" else m) for p, m in pairs])
    assert stale(pages, ds, reworded) == {"zh-Hans/a/index.html"}
    removed = with_phrases(dataset, lambda pairs: [(p, m) for p, m in pairs if p != "持份者"])
    assert stale(pages, ds, removed) == {"zh-Hans/b/index.html"}
    guarded = with_phrases(dataset, lambda pairs: [*pairs, ("網路安全", "网路安全")])   # a guard (OpenCC's form)
    assert stale(pages, ds, guarded) == {"zh-Hans/a/index.html"}


def test_a_save_of_the_phrase_table_renders_the_pages_whose_text_it_can_change(dataset):
    """The phrase table is a file of the dataset: its save renders the pages of its edition whose conversion it
    changes (and the downloads centre), not every page of every edition. A label of data/ it converts otherwise (read
    as a whole row by a page of every edition) renders no page of the editions written by hand; a nav title it
    converts otherwise (read while the menu is made: the theme's) writes every page again around its article, and a
    page's title (its heading, which the nav shows) renders that page, whose new title then has every page of its
    edition written again (live_preview.on_env; proven by tests/test_live_preview.py)."""
    lang, source = generated(dataset)
    rel = next(spec.phrases for spec in dataset.report.info.editions if spec.phrases)
    row = some_row(dataset)
    ds = with_phrases(dataset, lambda pairs: pairs)
    read = ("macros.model.dataset.conversion", DERIVED, (lang, "我們的網路安全"))
    nav = (read[0], DERIVED, (lang, "持份者"))
    preview = preview_after_build(ds, {"zh-Hans/a/index.html": frozenset({read, ("rows", ITEM, row.id)}),
                                       "zh-Hans/b/index.html": frozenset({(read[0], DERIVED, (lang, "醫生"))}),
                                       "a/index.html": frozenset({("report", PART, ("attr", "locales")),
                                                                  ("rows", ITEM, row.id)}),
                                       "zh-Hans/downloads/index.html": frozenset()},
                                  site_reads=frozenset({("report", PART, ("attr", "locales"))}))
    preview.theme_reads = frozenset({nav})   # the menu's titles
    preview.stamp[rel] = (1, 1)
    what = what_to_render
    downloads = {"zh-Hans/downloads/index.html"}
    reworded = with_phrases(dataset, lambda pairs: [(p, "互联网" if p == "網路" else m) for p, m in pairs])
    assert what(preview, saved(preview, rel), reworded) == Plan({"zh-Hans/a/index.html"} | downloads, set())
    label = relabelled(reworded, row.id, lang, "另一个标签")   # the row's label, converted otherwise
    assert what(preview, saved(preview, rel), label).render == {"zh-Hans/a/index.html"} | downloads
    retitled = with_phrases(dataset, lambda pairs: [(p, "利益相关者" if p == "持份者" else m) for p, m in pairs])
    assert what(preview, saved(preview, rel), retitled) == Plan(downloads, None), "a title in the menu"
    title = (read[0], DERIVED, nav[2])   # page b's title, in its Markdown (the nav of every page shows it)
    preview.reads["zh-Hans/b/index.html"] |= {title}
    preview.theme_reads = frozenset()
    assert what(preview, saved(preview, rel), retitled) == Plan({"zh-Hans/b/index.html"} | downloads, set())
