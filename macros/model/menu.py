"""The menu beside every page (data/menu.yaml): which pages, in which order, under which section titles, and the
short title a page may have there, in each language written by hand.

Why in data/ and not in mkdocs.yml's `nav:`: adding a page, moving it or shortening its menu title is an editor's
task, and editors change docs/ and data/ only (issue 20); mkdocs.yml is the build's. Here a title is given once per
language beside the page it names, where static-i18n's `nav_translations` keyed each translation by the other
language's words (a reworded Chinese title silently lost its English). A mistake is told with the file and line.
Loaded with the rest of data/ (dataset.py `read_menu`, `Dataset.menu`); the plugin gives it to MkDocs as the
edition's `nav` (macros/plugin/menu.py). A page without a title here is shown by its own first heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .yamlsrc import DataError, DataErrors, Located, did_you_mean

FILE = "data/menu.yaml"
_PAGE_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*")
_ENTRY_KEYS = ("page", "title", "pages")
_FORMS = ("write a page as `- page: about-us` (docs/about-us.zh-Hant.md and its translations), or a section as "
          "`- title: {zh-Hant: …, en: …}` with its pages under `pages:`")


@dataclass(frozen=True)
class MenuEntry:
    """A page of the menu (`page`: its name in docs/ without its language, 'about-us') or a section (`pages`)."""

    page: str | None
    titles: tuple[tuple[str, str, int | None], ...] = ()   # (language, title, line); none: the page's own heading
    pages: tuple["MenuEntry", ...] = ()
    line: int | None = None

    def title(self, lang: str, source: str | None = None) -> str | None:
        """The title in `lang`; for an edition generated from another (`source`), the source's, converted later."""
        titles = {given: title for given, title, _ in self.titles}
        return titles.get(lang) or (titles.get(source) if source else None)


def read_menu(located: Located, hand: list[str]) -> tuple[MenuEntry, ...]:
    """The menu of data/menu.yaml, checked: every entry a page or a section, each page listed once, each title given
    in every language written by hand (`hand`, the first the site's own). Every problem is told with its line."""
    errors: list[DataError] = list(located.problems)
    data = located.data
    items = data.get("menu") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise DataErrors([located.error(("menu",), "expected `menu:` with one line per page, in reading order",
                                        _FORMS)])
    seen: dict[str, int | None] = {}

    def entry(item, where: tuple) -> MenuEntry | None:
        if not isinstance(item, dict):
            errors.append(located.error(where, f"expected a page or a section, found {item!r}", _FORMS))
            return None
        for key in item:
            if key not in _ENTRY_KEYS:
                errors.append(located.error((*where, key), f"unknown key '{key}'" + did_you_mean(str(key), _ENTRY_KEYS),
                                            _FORMS))
        line = located.line_of(where)
        titles = _titles(item.get("title"), (*where, "title")) if "title" in item else ()
        if ("page" in item) == ("pages" in item):
            errors.append(located.error(where, "an entry is either a page (`page:`) or a section (`pages:`)", _FORMS))
            return None
        if "pages" in item:
            if "title" not in item:
                errors.append(located.error(where, "a section needs its `title:`", "add `title: {" + ", ".join(
                    f"{lang}: …" for lang in hand) + "}` above its `pages:`"))
            children = item["pages"]
            if not isinstance(children, list) or not children:
                errors.append(located.error((*where, "pages"), "expected the section's pages, one `- page: …` a line",
                                            _FORMS))
                return None
            found = [entry(child, (*where, "pages", i)) for i, child in enumerate(children)]
            return MenuEntry(None, titles, tuple(e for e in found if e is not None), line)
        name = item["page"]
        if isinstance(name, list):
            errors.append(located.error((*where, "page"), "`page:` names one page, and a list follows it",
                                        "a section's pages go under `pages:` (with an s)"))
            return None
        if not isinstance(name, str) or not _PAGE_NAME.fullmatch(name):
            bare = re.sub(r"(\.(" + "|".join(map(re.escape, hand)) + r"))?\.md$", "", str(name))
            errors.append(located.error((*where, "page"), f"'{name}' is not a page's name",
                                        f"write the name of its files in docs/ without language and .md: "
                                        f"`page: {bare if _PAGE_NAME.fullmatch(bare) else 'about-us'}`"))
            return None
        if name in seen:
            errors.append(located.error((*where, "page"), f"'{name}' is listed twice (first on line {seen[name]})",
                                        "keep one of the two lines: a page has one place in the menu"))
        seen[name] = line
        return MenuEntry(name, titles, (), line)

    def _titles(value, where: tuple) -> tuple[tuple[str, str, int | None], ...]:
        example = "{" + ", ".join(f"{lang}: …" for lang in hand) + "}"
        if not isinstance(value, dict):
            errors.append(located.error(where, "expected the title in each language", f"write `title: {example}`"))
            return ()
        for lang, text in value.items():
            if lang not in hand:
                errors.append(located.error((*where, lang), f"'{lang}' is not a language written by hand"
                                            + did_you_mean(str(lang), hand),
                                            f"give the title in {', '.join(hand)} (other editions convert it)"))
            elif not isinstance(text, str) or not text.strip():
                errors.append(located.error((*where, lang), f"the {lang} title is empty", f"write it: {example}"))
        for lang in hand:
            if lang not in value:
                errors.append(located.error(where, f"no {lang} title: the {lang} menu would show the words of "
                                            "another language", f"add `{lang}: …` to it: {example}"))
        return tuple((str(lang), str(text), located.line_of((*where, lang))) for lang, text in value.items()
                     if lang in hand and isinstance(text, str))

    menu = tuple(e for e in (entry(item, ("menu", i)) for i, item in enumerate(items)) if e is not None)
    if errors:
        raise DataErrors(errors)
    return menu


def walk(menu) -> list[MenuEntry]:
    """Every entry, sections before their pages, in reading order."""
    return [e for entry in menu for e in (entry, *walk(entry.pages))]


def pages(menu) -> list[str]:
    """The pages of the menu in reading order (the PDFs' order too)."""
    return [entry.page for entry in walk(menu) if entry.page is not None]


def mkdocs_nav(menu, lang: str, source: str | None = None) -> list:
    """The menu as MkDocs' `nav` for an edition: `{title: 'about-us.md'}`, or the bare file where the page's
    heading titles it, and `{title: [...]}` for a section."""
    def item(entry: MenuEntry):
        title = entry.title(lang, source)
        if entry.page is None:
            return {title: [item(child) for child in entry.pages]}
        return {title: f"{entry.page}.md"} if title else f"{entry.page}.md"

    return [item(entry) for entry in menu]


def page_titles(menu, lang: str, source: str | None = None) -> dict[str, str]:
    """Page → the title the menu gives it in `lang` (the short names of the chapters), for pages that have one."""
    return {entry.page: title for entry in walk(menu)
            if entry.page is not None and (title := entry.title(lang, source))}
