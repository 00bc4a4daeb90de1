"""The menu is data/menu.yaml's (macros/model/menu.py): an editor adds a page, moves it or gives it a shorter title
there, in every language written by hand, and each mistake is told with the file and its line."""

from __future__ import annotations

import pytest

from conftest import HAND, ROOT
from macros.model.menu import FILE, MenuEntry, mkdocs_nav, page_titles, pages, read_menu, walk
from macros.model.yamlsrc import DataErrors, load

pytestmark = pytest.mark.unit

MENU = """\
menu:
  - page: index
    title: {zh-Hant: 首頁, en: Home}
  - page: about-us
  - title: {zh-Hant: 附錄, en: Appendices}
    pages:
      - page: kpis
        title:
          zh-Hant: 附錄一 關鍵績效
          en: "Appendix 1: KPIs"
"""


def menu_of(tmp_path, text: str):
    path = tmp_path / "menu.yaml"
    path.write_text(text, encoding="utf-8")
    return read_menu(load(path, FILE), list(HAND))


def problems_of(tmp_path, text: str) -> str:
    with pytest.raises(DataErrors) as exc:
        menu_of(tmp_path, text)
    return str(exc.value)


def test_the_menu_is_each_editions_nav_with_its_own_titles(tmp_path):
    menu = menu_of(tmp_path, MENU)
    assert pages(menu) == ["index", "about-us", "kpis"]
    assert mkdocs_nav(menu, "en") == [{"Home": "index.md"}, "about-us.md",
                                      {"Appendices": [{"Appendix 1: KPIs": "kpis.md"}]}]
    assert mkdocs_nav(menu, "zh-Hant")[2] == {"附錄": [{"附錄一 關鍵績效": "kpis.md"}]}
    assert mkdocs_nav(menu, "zh-Hans", "zh-Hant") == mkdocs_nav(menu, "zh-Hant"), "converted later, in on_nav"
    assert page_titles(menu, "en") == {"index": "Home", "kpis": "Appendix 1: KPIs"}
    kpis = walk(menu)[-1]
    assert kpis.line == 7 and [line for _, _, line in kpis.titles] == [9, 10], "each title at its own line"


@pytest.mark.parametrize("text,words", [
    (MENU.replace("en: Home", "fr: Accueil"), ["data/menu.yaml:3", "'fr' is not a language written by hand",
                                               "no en title: the en menu would show the words of another language",
                                               "add `en: …`"]),
    (MENU.replace('          en: "Appendix 1: KPIs"\n', ""), ["data/menu.yaml:8", "no en title"]),
    (MENU.replace("  - page: about-us\n", "  - page: about-us.en.md\n"), [
        "data/menu.yaml:4", "'about-us.en.md' is not a page's name", "`page: about-us`"]),
    (MENU.replace("  - page: about-us\n", "  - page: about-us\n  - page: index\n"), [
        "data/menu.yaml:5", "'index' is listed twice (first on line 2)"]),
    (MENU.replace("    pages:\n", "    page:\n"), ["data/menu.yaml:6", "`page:` names one page",
                                                  "a section's pages go under `pages:`"]),
    (MENU.replace("  - page: about-us\n", "  - page: about-us\n    pages: []\n"), [
        "data/menu.yaml:4", "either a page (`page:`) or a section (`pages:`)"]),
    (MENU.replace("  - title: {zh-Hant: 附錄, en: Appendices}\n    pages:\n", "  - pages:\n"), [
        "data/menu.yaml:5", "a section needs its `title:`"]),
    (MENU.replace("  - page: about-us\n", "  - about-us\n"), ["data/menu.yaml:4", "expected a page or a section",
                                                            "- page: about-us"]),
    (MENU.replace("    title: {zh-Hant: 首頁, en: Home}\n", "    titel: {zh-Hant: 首頁, en: Home}\n"), [
        "data/menu.yaml:3", "unknown key 'titel'", "did you mean"]),
    ("pages:\n  - page: index\n", ["expected `menu:`"]),
])
def test_a_mistake_in_the_menu_is_told_at_its_line_with_the_fix(tmp_path, text, words):
    message = problems_of(tmp_path, text)
    for word in words:
        assert word in message, message
    assert "How to fix:" in message and "Traceback" not in message


def test_a_page_missing_from_the_menu_names_its_files_and_where_to_add_it(tmp_path):
    from macros.model.pages import check_menu

    docs = tmp_path / "docs"
    docs.mkdir()
    for slug in ("index", "about-us", "kpis", "new-page", "downloads"):
        for lang in HAND:
            (docs / f"{slug}.{lang}.md").write_text("# x {#x}\n", encoding="utf-8")
    menu = menu_of(tmp_path, MENU)
    with pytest.raises(ValueError) as exc:
        check_menu(docs, list(HAND), menu, "/downloads.*.md\n")
    message = str(exc.value)
    assert "docs/new-page.zh-Hant.md and docs/new-page.en.md: the page is in no menu\n    How to fix: add" in message
    assert "add the line '  - page: new-page' to data/menu.yaml" in message and "downloads" not in message
    (docs / "new-page.zh-Hant.md").unlink()
    (docs / "new-page.en.md").unlink()
    check_menu(docs, list(HAND), menu, "/downloads.*.md\n")


@pytest.mark.parametrize("entry,words", [
    ("  - page: target\n", ["data/menu.yaml:5: the menu names 'target', but docs/target.zh-Hant.md and "
                            "docs/target.en.md do not exist", "did you mean targets?"]),
    ("  - title: {zh-Hant: 節, en: Section}\n    pages:\n      - page: nowhere\n", [
        "data/menu.yaml:7: the menu names 'nowhere'", "write both files, or delete the line"]),
])
def test_a_menu_entry_without_its_page_names_the_line(tmp_path, entry, words):
    """MkDocs only warns about it (and `mkdocs build -q` says nothing): the menu would show a dead entry."""
    from macros.model.pages import check_menu

    docs = tmp_path / "docs"
    docs.mkdir()
    for lang in HAND:
        for slug in ("index", "targets"):
            (docs / f"{slug}.{lang}.md").write_text("# x {#x}\n", encoding="utf-8")
    menu = menu_of(tmp_path, "menu:\n  - page: index\n  # a comment\n  # another\n" + entry + "  - page: targets\n")
    with pytest.raises(ValueError) as exc:
        check_menu(docs, list(HAND), menu, None)
    for word in words:
        assert word in str(exc.value), str(exc.value)
    assert "do not exist\n    How to fix: " in str(exc.value), "the fix on a line of its own, as in every message"
    assert "in no menu" not in str(exc.value)


def test_a_misspelt_page_of_the_menu_is_told_once_at_its_line(tmp_path):
    """The page it stands for is then in no menu too: told as the misspelt line's "did you mean", not twice."""
    from macros.model.pages import check_menu

    docs = tmp_path / "docs"
    docs.mkdir()
    for lang in HAND:
        for slug in ("index", "about-us", "kpis", "laws"):
            (docs / f"{slug}.{lang}.md").write_text("# x {#x}\n", encoding="utf-8")
    with pytest.raises(ValueError) as exc:
        check_menu(docs, list(HAND), menu_of(tmp_path, MENU.replace("page: about-us", "page: about-uss")), None)
    message = str(exc.value)
    assert "data/menu.yaml:4: the menu names 'about-uss'" in message and "did you mean about-us?" in message
    assert "docs/about-us.zh-Hant.md and docs/about-us.en.md: the page is in no menu" not in message, message
    assert "docs/laws.zh-Hant.md and docs/laws.en.md: the page is in no menu" in message, "another page still told"


def test_the_real_menu_lists_every_page_and_titles_each_in_every_language(dataset):
    from conftest import mkdocs_config
    from macros.model.pages import missing_from_menu, page_pairs

    config = mkdocs_config()
    assert "nav" not in config, "the menu has one home: data/menu.yaml"
    assert missing_from_menu(sorted(page_pairs(ROOT / "docs", list(HAND))), pages(dataset.menu),
                             config.get("not_in_nav"), list(HAND)) == []
    for entry in walk(dataset.menu):
        assert entry.page is not None or entry.titles, entry
        assert not entry.titles or {lang for lang, _, _ in entry.titles} == set(HAND), entry
    assert MenuEntry("x").title("en") is None


@pytest.mark.parametrize("case", ["nav", "nav_translations"])
def test_a_menu_in_mkdocs_yml_is_refused_with_where_the_menu_lives(case):
    """One home for the menu: a `nav:` (or static-i18n's `nav_translations`) written back into mkdocs.yml, as
    MkDocs' documentation teaches, would be overridden without a word, and an editor's change to data/menu.yaml
    would seem to do nothing."""
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError

    from conftest import mkdocs_config, static_i18n
    from macros.plugin import menu

    config = mkdocs_config()
    nav = ["index.md"] if case == "nav" else None
    if case == "nav_translations":
        next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)["languages"][1][
            "nav_translations"] = {"首頁": "Home"}
    fake = SimpleNamespace(nav=nav, plugins={"i18n": static_i18n(config)})
    with pytest.raises(PluginError) as refused:
        menu.on_config(fake, state=SimpleNamespace(nested=False))
    assert "the menu is written in data/menu.yaml" in str(refused.value)
    assert "delete `nav:` and every `nav_translations:` from mkdocs.yml" in str(refused.value)


def test_a_page_without_a_title_of_its_own_needs_one_in_the_menu(tmp_path):
    """The home page opens with its masthead, no `# Title`: without a menu title MkDocs names it by its file
    ("Home" in the Chinese menu too)."""
    from macros.model.pages import check_menu

    docs = tmp_path / "docs"
    docs.mkdir()
    for lang in HAND:
        (docs / f"index.{lang}.md").write_text("---\nhide:\n  - toc\n---\n\n{{ masthead() }}\n\n## A {#a}\n",
                                               encoding="utf-8")
        (docs / f"about-us.{lang}.md").write_text("---\ntitle: T\n---\n\nText.\n", encoding="utf-8")
        (docs / f"kpis.{lang}.md").write_text("# K {#k}\n", encoding="utf-8")
    check_menu(docs, list(HAND), menu_of(tmp_path, MENU), None)
    with pytest.raises(ValueError) as exc:
        check_menu(docs, list(HAND), menu_of(tmp_path, MENU.replace("    title: {zh-Hant: 首頁, en: Home}\n", "")),
                   None)
    assert "data/menu.yaml:2: docs/index.zh-Hant.md and docs/index.en.md: no # title, so the menu would name" in str(exc.value)
    assert "`title: {zh-Hant: …, en: …}`" in str(exc.value)


def test_a_menu_file_missing_or_broken_stops_the_build_with_its_file(data_copy):
    """Without data/menu.yaml MkDocs would list the pages by their file names; a line YAML cannot read is told at it."""
    from macros.model.dataset import load_dataset

    menu = data_copy / FILE
    text = menu.read_text(encoding="utf-8")
    menu.unlink()
    with pytest.raises(DataErrors) as exc:
        load_dataset(data_copy)
    assert f"{FILE}: (top level): the menu is missing" in str(exc.value) and "git checkout" in str(exc.value)
    menu.write_text(text.replace("  - page: about-us\n", "  - page: [about-us\n"), encoding="utf-8")
    with pytest.raises(DataErrors) as exc:
        load_dataset(data_copy)
    assert f"{FILE}:" in str(exc.value) and "How to fix" in str(exc.value), str(exc.value)
