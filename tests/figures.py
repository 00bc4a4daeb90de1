"""Figures for the tests, read from data/ (never typed here): the tests follow the data an editor changes.

Why: the printed report's figures live in data/printed/figures.yaml and data/kpis/; a test that typed 129.480 would
fail the day an editor restates electricity with the restatement the build asks for.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

import yaml

from conftest import ROOT


@functools.lru_cache(maxsize=4)
def _dataset(root: Path, stamp: tuple):
    from macros.model.dataset import load_dataset

    return load_dataset(root)


def _stamp(root: Path) -> tuple:
    return tuple(p.stat().st_mtime_ns for p in sorted((root / "data").rglob("*.yaml")))


def report_year(root: Path = ROOT) -> int:
    """The report year (data/report.yaml)."""
    return _dataset(root, _stamp(root)).year


def values_text(kpi_id: str, root: Path = ROOT) -> tuple[str, str]:
    """(file, the row's `values: {…}` text as written there) of a KPI row, found through the data layer."""
    located, path = _dataset(root, _stamp(root)).origin[kpi_id]
    line = (root / located.file).read_text(encoding="utf-8").split("\n")[located.line_of(path + ("values",)) - 1]
    found = re.search(r"values: \{[^}]*\}", line)
    assert found, f"{located.file}: the row {kpi_id} does not write its values as one line `values: {{…}}`"
    return located.file, found.group(0)


def with_value(values: str, year: int, new: str) -> str:
    """`values: {2021: 1, 2022: 2}` with the value of `year` replaced by `new` (written as is: text, empty, …)."""
    out, n = re.subn(rf"(\b{year}:)\s*[^,}}]*", rf"\g<1> {new}" if new else r"\g<1> ", values)
    assert n == 1, f"no {year} in {values}"
    return out.replace(": }", ": }")


def value_of(values: str, year: int) -> str:
    """The value of `year` as written in a `values: {…}` text."""
    return re.search(rf"\b{year}:\s*([^,}}]*)", values).group(1).strip()


def restate(root: Path, kpi_id: str, year: int, printed: str, value: str, field: str = "kpi") -> None:
    """Record in a copy's data/restatements.yaml that `kpi_id` `year` changed from `printed` to `value`, as an editor
    who corrects a published figure does (the build refuses the change without it); `field`: kpi, or fact."""
    path = root / "data" / "restatements.yaml"
    path.write_text(restated(path.read_text(encoding="utf-8"), kpi_id, year, printed, value, field), encoding="utf-8")


def restated(text: str, kpi_id: str, year: int, printed: str, value: str, field: str = "kpi") -> str:
    """data/restatements.yaml's `text` with the entry `restate` adds."""
    return (text.replace("restatements: []", "restatements:")
            + f"  - {field}: {kpi_id}\n    year: {year}\n    printed: {printed}\n    value: {value}\n"
            "    date: 2023-05-01\n    reason: {zh-Hant: 供電公司更正了電費單。, en: The power company corrected "
            "its bill.}\n")


def editor_saves(root: Path, tag: int = 0) -> dict[str, tuple[list[tuple[str, str, str]], str]]:
    """An editor's everyday saves of data/ (CONTRIBUTING "The printed report, and changes since printing"), made one
    after the other on a copy: {save: ([(file, old text, new text), …], what every edition's KPI page then shows)}.
    A figure restated (electricity, with its entry), a KPI row marked added, a director appointed after the period
    (listed, not counted) marked added. `tag` makes each save new (a benchmark saves on a copy it has saved before)."""
    ds = dataset(root)
    rel, values = values_text("electricity", root)
    now = value_of(values, ds.year)
    new = f"{float(now) + 0.001 * (1 + tag % 50):.3f}"   # its per-employee row, computed from it, still agrees
    restatements = (root / "data" / "restatements.yaml").read_text(encoding="utf-8")
    entries = yaml.safe_load(restatements)["restatements"] or []
    earlier = next((i for i, r in enumerate(entries) if r.get("kpi") == "electricity" and r.get("year") == ds.year),
                   None)
    if earlier is None:
        restatement = ("data/restatements.yaml", restatements, restated(restatements, "electricity", ds.year, now, new))
    else:   # restated before (an editor's earlier correction): its entry's value follows the figure
        line = data_line("data/restatements.yaml", "restatements", earlier, "value", root=root)
        restatement = ("data/restatements.yaml", line, line.replace(now, new, 1))
    n = tag   # ids no row or director has yet (a copy may hold an editor's earlier additions)
    while f"added_row_{n}" in ds.rows or any(m.id == f"added_director_{n}" for m in ds.board.members):
        n += 1
    row_id, director_id = f"added_row_{n}", f"added_director_{n}"
    years = ", ".join(f"{y}: 1.000" for y in ds.years)
    row = (f"      - id: {row_id}\n        label:\n          zh-Hant: 新增指標\n          en: A new indicator\n"
           f"        unit: tonne\n        values: {{{years}}}\n        added: 2023-05-01\n")
    appointed = ds.board.as_of + dt.timedelta(days=152)   # after the period: listed, not counted (any year)
    director = (f"  - id: {director_id}\n    name:\n      zh-Hant: 王新\n      en: Wang Xin\n    gender: female\n"
                f"    age: 45\n    role: independent_non_executive\n    appointed: {appointed}\n"
                f"    added: {appointed + dt.timedelta(days=1)}\n")
    at_row = "      - id: electricity\n"
    return {
        "restatement": ([(rel, values, with_value(values, ds.year, new)), restatement], new),
        "KPI row added": ([(rel, at_row, row + at_row)], f'data-kpi="{row_id}"'),
        "director added": ([("data/board.yaml", "members:\n", "members:\n" + director)],
                           f'data-director="{director_id}"'),
    }


def chapter_figure_saves(root: Path = ROOT) -> dict[str, tuple[tuple[str, str, str], str, list[str]]]:
    """Two saves of data/chapter_figures.yaml as an editor makes them (a list written anew on its key's line), one
    after the other: one chapter's tiles reordered, then a row of its table and unit added to another chapter's chart.
    Chapters other than governance's (the director's save of `editor_saves` leaves that page as it was).
    {save: ((file, old text, new text), chapter, the KPI ids its tiles or chart then list)}"""
    from macros.model.chapter_figures import FILE, MAX_CHART_ROWS

    ds = dataset(root)

    def written(path: tuple, ids: list[str]) -> tuple[tuple[str, str, str], str, list[str]]:
        block = data_line(FILE, *path, root=root, lines=0)
        indent = block[:len(block) - len(block.lstrip(" "))]
        return (FILE, block, f"{indent}{path[-1]}: [{', '.join(ids)}]\n"), path[-1], ids

    def more_rows(chapter) -> list[str]:   # rows of the chart's table and unit its chapter shows nowhere yet
        first = ds.rows[ds.chapter_charts[chapter][0]]
        table = next(t for t in ds.tables.values() if first.id in {r.id for r in t.rows})
        shown = {*ds.chapter_charts[chapter], *ds.chapter_figures[chapter]}
        return [r.id for r in table.rows if r.unit == first.unit and r.id not in shown]

    chapters = [c for c in ds.chapter_figures if "governance" not in c]
    tiles = next(c for c in chapters if len(ds.chapter_figures[c]) > 1)
    ids = ds.chapter_figures[tiles]
    chart = next(c for c in chapters if c != tiles and c in ds.chapter_charts and more_rows(c)
                 and len(ds.chapter_charts[c]) < MAX_CHART_ROWS)
    return {"chapter tiles reordered": written(("chapters", tiles), [*ids[1:], ids[0]]),
            "chapter chart row added": written(("charts", chart), [*ds.chapter_charts[chart], more_rows(chart)[0]])}


def phrase_saves(project: Path, report, spared: str = "") -> list[tuple[str, list, str, set[str]]]:
    """Three saves of a generated edition's phrase table, chosen from the report's own words (none typed here): a
    phrase added whose word stands (jieba's cut) in a page's title in the menu (a page's heading, where
    data/menu.yaml gives none, before a title it gives), shown on every page of the edition;
    a phrase added whose word stands on one or two pages and nowhere else in data/ or in mkdocs.yml; an existing phrase's
    form changed where its word is on one page: [(what, save, the edition's new form, the pages (site paths) that
    show it)]. Pages named `spared` keep their text (another check of the test reads their article)."""
    from conftest import PREFIX
    from macros.model.chinese import Converter, cut_boundaries
    from macros.model.dataset import cached_dataset
    from macros.model.menu import mkdocs_nav

    spec = next(e for e in report.info.editions if e.phrases)
    lang, rel = spec.locale, spec.phrases
    table = report.locales.converters[lang]
    plain = Converter(table.opencc_config)
    texts = {path.name.split(".")[0]: path.read_text(encoding="utf-8")
             for path in sorted((project / "docs").glob(f"*.{spec.converted_from}.md"))}
    elsewhere = (project / "mkdocs.yml").read_text(encoding="utf-8") + "".join(
        path.read_text(encoding="utf-8") for path in (project / "data").rglob("*.yaml") if path != project / rel)

    def pages_with(word: str) -> set[str]:
        return {name for name, text in texts.items() if word in text}

    def site_paths(names) -> set[str]:
        return {f"{PREFIX[lang]}{'' if name == 'index' else f'{name}/'}index.html" for name in names}

    def fires(printed: str, mainland: str) -> bool:
        return all(Converter(table.opencc_config, [(printed, mainland)]).fired(texts[name])[printed]
                   for name in pages_with(printed))

    def candidates(texts):
        for text in texts:
            simplified = plain(text)
            bounds = sorted(cut_boundaries(simplified)) if len(simplified) == len(text) else []
            for start, end in zip(bounds, bounds[1:]):
                printed, key = text[start:end], simplified[start:end]
                if end - start >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", printed) and key != key[::-1]:
                    yield printed, key

    def usable(printed: str, key: str, most: int) -> bool:
        return (0 < len(pages_with(printed)) <= most and not (spared and any(spared in name for name in pages_with(printed)))
                and printed not in elsewhere and not any(key in q for q in table.verbatim))

    shown = [plain(text) for text in texts.values()]

    def unseen(form: str) -> bool:   # a form no page has yet: the test tells a page that shows it from one that did
        return not any(form in text for text in shown)

    def new_word(printed: str, key: str) -> bool:
        return (not any(k in key or key in k for k in table.phrases) and plain(key[::-1]) == key[::-1]
                and not any(key in q for q in table.verbatim) and unseen(key[::-1]))

    def nav_titles(items, headings: list) -> list:
        """Titles the menu gives; a page it names without one goes by its heading (into `headings`)."""
        out = []
        for item in items:
            if isinstance(item, str):
                heading = re.search(r"^# (.+?)(?:\s*\{[^}]*\})?\s*$", texts[item.removesuffix(".md")], re.M)
                headings += [heading.group(1)] if heading else []
            for title, under in (item.items() if isinstance(item, dict) else ()):
                out += [title, *nav_titles(under if isinstance(under, list) else (), headings)]
        return out

    headings: list[str] = []
    titles = nav_titles(mkdocs_nav(cached_dataset(project).menu, spec.converted_from), headings)
    titles = headings + titles   # a heading first: its page's title is in every page's nav as well
    title_word = next(key for printed, key in candidates(titles) if new_word(printed, key)
                      and not (spared and any(spared in name for name in pages_with(printed)))
                      and any(Converter(table.opencc_config, [(printed, key[::-1])])(t) != plain(t) for t in titles))
    printed, key = next((printed, key) for printed, key in candidates(texts.values())
                        if usable(printed, key, 2) and new_word(printed, key) and fires(printed, key[::-1]))
    last = data_line(rel, "phrases", len(table.phrases) - 1, root=project)

    def added(printed: str, form: str) -> list:
        entry = f'{last[:last.index("-")]}- {{printed: {printed}, mainland: {form}, why: "saved in the preview"}}\n'
        return [[rel, [[last, last + entry]]]]

    index, word, form = next((i, word, form) for i, (word, form) in enumerate(table.phrases.items())
                             if form != word and usable(table.printed[word], word, 1)   # a guard keeps its word
                             and unseen(form[::-1]) and fires(table.printed[word], form[::-1]))
    line = data_line(rel, "phrases", index, "mainland", root=project)
    at = line.index(form, line.index("mainland"))
    title_printed = next(t[at:at + len(title_word)] for t in titles for at in range(len(t))
                         if plain(t[at:at + len(title_word)]) == title_word)
    return [("phrase in a page title", added(title_printed, title_word[::-1]), title_word[::-1], site_paths(texts)),
            ("phrase added", added(printed, key[::-1]), key[::-1], site_paths(pages_with(printed))),
            ("phrase changed", [[rel, [[line, line[:at] + form[::-1] + line[at + len(form):]]]]], form[::-1],
             site_paths(pages_with(table.printed[word])))]


def dataset(root: Path = ROOT):
    """The data as it is now (loaded once per change of data/)."""
    return _dataset(root, _stamp(root))


def figure(kpi_id: str, year: int | None = None, grouped: bool = True, whole: bool = False) -> str:
    """A KPI's figure as written in data/ (0.180, 129.480), with thousands separators when `grouped` (1,823.000) and
    without decimals when `whole` (1823): the text a table shows, or a reader types in the search box."""
    ds = dataset()
    value = ds.value(kpi_id, year or ds.year)
    if whole:
        value = value.to_integral_value()
    return f"{value:,f}" if grouped else f"{value:f}"


def bare_publication(root: Path) -> None:
    """A copy's data/report.yaml `publication:` with its HKEXnews address only, as before the filing's PDF and day
    are known: a test of those (or of a new report year, which a filing day must follow) sets them itself, whatever
    an editor has recorded since."""
    path = root / "data" / "report.yaml"
    text = path.read_text(encoding="utf-8")
    block = re.search(r"(?m)^publication:\n(?:  .*\n)*", text)
    assert block, "data/report.yaml has no publication: block"
    kept = [line for line in block.group(0).split("\n")[1:] if line.startswith("  hkexnews:")]
    path.write_text(text[:block.start()] + "publication:\n" + "".join(f"{line}\n" for line in kept)
                    + text[block.end():], encoding="utf-8")


def label(kpi_id: str, lang: str) -> str:
    """A KPI row's or board count's label in a language, as data/ has it now (an editor may rename it)."""
    ds = dataset()
    rows = {**ds.rows, **{r.id: r for r in ds.board.composition}}
    return rows[kpi_id].label.get(lang)


def director(lang: str, index: int = 0) -> tuple[str, str]:
    """(name in `lang`, id) of a director of data/board.yaml, as listed now."""
    member = dataset().board.members[index]
    return member.name.get(lang), member.id



def data_line(rel: str, *path, root: Path = ROOT, lines: int = 1) -> str:
    """The line of data file `rel` that writes key `path`, exactly as written there, newline included; with `lines`
    the lines after it too, or with lines=0 the key's whole block (the lines indented under it). A bad-input test
    breaks what an editor's file says now, found by its keys (ids and key names, which editors keep), never by a
    label or a sentence typed in the test."""
    from macros.model.yamlsrc import load

    located = load(root / rel, rel)
    assert path in located.lines, f"{rel} writes no {path}"   # exactly that key, not the nearest one above it
    at = located.lines[path]
    text = (root / rel).read_text(encoding="utf-8").split("\n")
    if not lines:
        indent = len(text[at - 1]) - len(text[at - 1].lstrip(" "))
        lines = 1
        while at - 1 + lines < len(text) and (len(text[at - 1 + lines]) - len(text[at - 1 + lines].lstrip(" "))
                                               > indent):
            lines += 1
    return "\n".join(text[at - 1:at - 1 + lines]) + "\n"


def row_path(kpi_id: str, root: Path = ROOT) -> tuple[str, tuple]:
    """(file, key path) of a KPI row, found through the data layer by its id."""
    located, path = _dataset(root, _stamp(root)).origin[kpi_id]
    return located.file, path


def row_text(kpi_id: str, root: Path = ROOT) -> tuple[str, str]:
    """(file, the text of a KPI row from its `- id:` line through its `values:` line), unique in its file."""
    from macros.model.yamlsrc import load

    rel, path = row_path(kpi_id, root)
    located = load(root / rel, rel)
    first, last = located.line_of(path + ("id",)), located.line_of(path + ("values",))
    return rel, data_line(rel, *path, "id", root=root, lines=last - first + 1)


def words_jieba_keeps_apart(project: Path, count: int) -> list[str]:
    """`count` words a zh-Hant page holds that the search cuts in two (two words of two characters, side by side),
    and keeps whole there once it has learned them without a count of their own (search_terms.learn): a save of one
    is a save of a word some entries hold."""
    import re

    import jieba

    from macros.model.chinese import default_dictionary, share_dictionary
    from macros.model.han import HAN_CLASS
    from macros.model.search_terms import Word, learn, user_dictionary

    rel = "data/jieba_user_dict.txt"
    words = user_dictionary(project / rel, rel)
    tokenizer = jieba.Tokenizer()

    def taught(*more: str):
        share_dictionary(tokenizer)
        learn(tokenizer, words + [Word(w) for w in more], lambda w: set(), default_dictionary())
        return tokenizer

    found: list[str] = []
    from conftest import GENERATED

    zh = next(iter(GENERATED.values()))   # the Chinese edition written by hand
    for page in sorted((project / "docs").glob(f"*.{zh}.md")):
        text = re.sub(r"\{[{%#].*?[%}#]\}|<[^>]+>|\{#[^}]*\}", " ", page.read_text(encoding="utf-8"))
        for run in re.findall(f"[{HAN_CLASS}]{{4,}}", text):
            cut = taught().lcut(run)
            for a, b in zip(cut, cut[1:]):
                word = a + b
                if len(a) == len(b) == 2 and word not in found and word not in tokenizer.FREQ \
                        and word in taught(word).lcut(run):
                    found.append(word)
                    if len(found) == count:
                        return found
    raise AssertionError("no two words of the zh-Hant pages stand side by side")
