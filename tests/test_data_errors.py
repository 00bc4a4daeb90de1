"""Bad input stops the build and says where: each mistake an editor can make, on a copy of the real data."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from conftest import ROOT, edit
from figures import (bare_publication, data_line, dataset as data_now, figure, report_year, row_path, row_text,
                     value_of, values_text, with_value)
from macros.model.dataset import DataErrors, load_dataset
from macros.model.yamlsrc import load as load_yaml


ENV = "data/kpis/environmental.yaml"
SOCIAL = "data/kpis/social.yaml"
CI = "data/content_index.yaml"
GLOSSARY = "data/glossary.yaml"

# the rows' values as data/ writes them now, and figures that break a sum or a ratio (tests/figures.py): the cases
# follow an editor's change of a figure
YEAR = report_year()
V = {k: values_text(k)[1] for k in ("ghg_scope2", "water", "electricity", "hazardous_waste_total",
                                      "water_per_employee", "waste_lamps", "employees_total")}
OFF_SUM = f"{Decimal(figure('hazardous_waste_total', grouped=False)) + Decimal('0.001'):f}"
OFF_RATIO = f"{Decimal(figure('water_per_employee', grouped=False)) + Decimal('0.018'):f}"
# a director's age, the board's date and a fact, as data/ writes them now
AGE = f"    age: {data_now().board.members[0].age}\n"
AS_OF = f"as_of: {data_now().board.as_of}"
FACT = f"    value: {data_now().facts['rare_disease_genetic_diseases'].value}\n"
TERM_ZH = data_now().glossary[0].zh[0]   # the first term of data/glossary.yaml, written again above it
# the texts a case breaks, as data/ writes them now, found by their keys: an editor who renames a label, rewords a
# note or changes an address changes the fixture with it (tests/figures.py data_line)
LAMPS = row_path("waste_lamps")                                  # a breakdown row
LAMP_ZH, LAMP_EN = data_line(LAMPS[0], *LAMPS[1], "label", "zh-Hant", lines=2).splitlines(keepends=True)
CAPTION = data_line(ENV, "tables", 0, "caption", lines=0)        # "    caption:\n      zh-Hant: …\n      en: …\n"
CAPTION_KEY, CAPTION_ZH, CAPTION_EN = CAPTION.splitlines(keepends=True)
UNKNOWN_KEY = row_text("ghg_scope1")[1]
AVOIDING = next(i for i, term in enumerate(data_now().glossary) if term.avoid)   # a term with forms to avoid
AVOID = data_line(GLOSSARY, "terms", AVOIDING, "avoid")
AVOID_AT = AVOID[:AVOID.index("avoid:")]
NOTED = next(i for i, entry in enumerate(load_yaml(ROOT / CI, CI).data["entries"]) if entry.get("website_note"))
NOTE_EN = data_line(CI, "entries", NOTED, "website_note", "en", lines=0)
REPORT, UI = "data/report.yaml", "data/ui_strings.yaml"
IR_SITE, EMAIL = data_line(REPORT, "contact", "ir_website"), data_line(REPORT, "contact", "email")
HANS_NAMES, EN_NAMES = data_line(REPORT, "edition_names", "zh-Hans"), data_line(REPORT, "edition_names", "en")
SITE_NAME_EN, COPYRIGHT_ZH = data_line(REPORT, "site", "name", "en"), data_line(REPORT, "site", "copyright", "zh-Hant")
SITE_URL, HKEXNEWS = data_line(REPORT, "site", "url"), data_line(REPORT, "publication", "hkexnews")
NOT_FOUND = data_line(UI, "strings", "not_found_text")          # one line: {zh-Hant: "…{home}…", en: "…{home}…"}
NOT_FOUND_ZH, NOT_FOUND_EN = NOT_FOUND.split(" en: ", 1)

# (case, file, old text, new text, words the message must contain)
CASES = [
    ("yaml syntax error", ENV, CAPTION_KEY + CAPTION_ZH, CAPTION_KEY + CAPTION_ZH[1:] + "   bad\n",
     ["YAML syntax error"]),
    ("unknown key", ENV, UNKNOWN_KEY, UNKNOWN_KEY.replace("values:", "valeus:"), ["unknown key 'valeus'"]),
    ("wrong type", ENV, V["ghg_scope2"], with_value(V["ghg_scope2"], YEAR, "abc"), ["expected a number", "'abc'"]),
    ("number written as text", ENV, V["water"], with_value(V["water"], YEAR, f'"{figure("water")}"'),
     ["is text, not a number"]),
    ("empty value", ENV, V["electricity"], with_value(V["electricity"], YEAR, ""), ["missing value"]),
    ("comma inside a number", ENV, V["electricity"], with_value(V["electricity"], YEAR, "1,23.4"),
     ["the comma split your number", "without thousands commas"]),
    ("comma inside a larger number", SOCIAL, V["employees_total"], with_value(V["employees_total"], YEAR, "1,605"),
     ["the comma split your number"]),
    ("dedented en", LAMPS[0], LAMP_ZH + LAMP_EN, LAMP_ZH + LAMP_EN[2:],
     ["'en:' is not a key of this entry", "check the indentation of line"]),
    ("dedented en of a caption", ENV, CAPTION_ZH + CAPTION_EN, CAPTION_ZH + CAPTION_EN[2:],
     ["check the indentation of line"]),
    ("a year without data", "data/report.yaml", f"\nyear: {YEAR}\n", f"\nyear: {YEAR + 1}\n",
     [f"the report year {YEAR + 1} has no KPI data", f"add {YEAR + 1} to 'years:'", f"back to {YEAR}"]),
    ("missing English label", LAMPS[0], LAMP_ZH + LAMP_EN, LAMP_ZH, ["the en text is missing"]),
    ("duplicate id", ENV, "      - id: waste_lamps", "      - id: waste_batteries", ["duplicate KPI id 'waste_batteries'"]),
    ("duplicate key", ENV, "        unit: mwh\n", "        unit: mwh\n        unit: mwh\n", ["appears twice"]),
    ("unknown unit", ENV, "        unit: mwh\n", "        unit: mhw\n", ["unknown unit 'mhw'", "did you mean mwh"]),
    ("sum mismatch", ENV, V["hazardous_waste_total"], with_value(V["hazardous_waste_total"], YEAR, OFF_SUM),
     [f"hazardous_waste_total {YEAR} is {OFF_SUM} but waste_batteries + waste_lamps + waste_ink_cartridges = "
      f"{figure('hazardous_waste_total', grouped=False)}"]),
    ("ratio mismatch", ENV, V["water_per_employee"], with_value(V["water_per_employee"], YEAR, OFF_RATIO),
     [f"water_per_employee {YEAR} is {OFF_RATIO} but (water) / (employees_total) = ",
      f"rounds to {figure('water_per_employee', grouped=False)}"]),
    ("missing year", ENV, V["waste_lamps"], re.sub(rf",?\s*\b{YEAR}:[^,}}]*", "", V["waste_lamps"]),
     [f"missing: [{YEAR}]"]),
    ("check names unknown row", ENV, "sum: [waste_paper, waste_household]", "sum: [waste_paper, waste_houshold]",
     ["unknown KPI id(s) ['waste_houshold']"]),
    # the content index: the report prints only 不適用; a reason of ours is a website note
    ("not applicable given a reason", CI, "- code: B6.4\n  not_applicable: true\n",
     "- code: B6.4\n  not_applicable:\n    zh-Hant: 沒有實體產品。\n    en: No physical products.\n",
     ["write 'not_applicable: true'", "website_note"]),
    ("not applicable and sections", CI, "- code: B6.4\n  not_applicable: true\n",
     "- code: B6.4\n  not_applicable: true\n  sections:\n  - {page: governance}\n", ["not both and not neither"]),
    ("website note in one language", CI, NOTE_EN, "", ["website_note: the en text is missing"]),
    # the glossary: forms to avoid are texts, and never an accepted form
    ("glossary avoid empty", GLOSSARY, AVOID, AVOID_AT + 'avoid: [""]\n', ["avoid[0]: empty text"]),
    ("glossary avoid not text", GLOSSARY, AVOID, AVOID_AT + "avoid: [3]\n", ["each form is a text"]),
    ("glossary avoid is accepted", GLOSSARY, AVOID,
     AVOID_AT + f"avoid: [{json.dumps(data_now().glossary[AVOIDING].en[0], ensure_ascii=False)}]\n",
     ["both an accepted English form (en) and a form to avoid"]),
    ("three PDF faces", "data/report.yaml", "pdf_font: Noto Serif, Noto Sans\n",
     "pdf_font: Noto Serif, Noto Sans, DejaVu Sans\n", ["should name one font family, or two"]),
    ("IR website not https", REPORT, IR_SITE, IR_SITE.replace("https://", "http://"), ["contact.ir_website", "https://"]),
    ("contact email without a domain", REPORT, EMAIL, re.sub(r"@([^.\s]+)\.\S*", r"@\1", EMAIL), ["contact.email"]),
    ("unknown hyphenation patterns", "data/report.yaml", "pdf_hyphenation: en_US\n", "pdf_hyphenation: en_UK\n",
     ["pdf_hyphenation 'en_UK' names no hyphenation patterns", "en_US"]),
    ("edition without a name", REPORT, HANS_NAMES, "",
     ["'edition_names' names ['en', 'zh-Hant'], but the editions are ['en', 'zh-Hans', 'zh-Hant']"]),
    ("edition name in one language", REPORT, EN_NAMES, re.sub(r"zh-Hant: [^,}]*, ", "", EN_NAMES),
     ["the zh-Hant text is missing"]),
    ("site name with an unknown placeholder", REPORT, SITE_NAME_EN, SITE_NAME_EN.replace("{year}", "{yaer}"),
     ["site.name.en", "'{yaer}' is not a value", "{year}"]),
    ("copyright with a stray brace", REPORT, COPYRIGHT_ZH, COPYRIGHT_ZH.replace("{published}", "{published", 1),
     ["site.copyright.zh-Hant", "a brace that opens or closes nothing"]),
    ("site address not https", REPORT, SITE_URL, SITE_URL.replace("https://", "http://"), ["site.url", "https://"]),
    ("site address without its closing slash", REPORT, SITE_URL, re.sub(r'/"\n$', '"\n', SITE_URL),
     ["site.url", "ending in /"]),
    ("filed PDF's address with a quote", REPORT, HKEXNEWS,
     HKEXNEWS + '  document: "https://www1.hkexnews.hk/x\\"><img src=x>.pdf"\n', ["publication.document"]),
    ("placeholder left out of one language", UI, NOT_FOUND,
     NOT_FOUND_ZH + " en: " + NOT_FOUND_EN.replace("{home}", "home page"),
     ["'not_found_text' fills in nothing in en but {home} in zh-Hant"]),
    ("placeholder misspelt in one language", UI, NOT_FOUND, NOT_FOUND_ZH.replace("{home}", "{hom}") + " en: " + NOT_FOUND_EN,
     ["fills in {home} in en but {hom} in zh-Hant"]),
    # a figure YAML read as text: each slip named with its own mend, the figure as it was meant where that is clear
    ("full-width digits", ENV, V["ghg_scope2"], with_value(V["ghg_scope2"], YEAR, "６７.７５８"),
     ["full-width characters", "retype it: 67.758"]),
    ("comma in a block value", ENV, V["ghg_scope2"], V["ghg_scope2"].replace("values: {", "values:\n          ")
     .replace(", ", "\n          ").replace(f"{YEAR}: {value_of(V['ghg_scope2'], YEAR)}}}", f"{YEAR}: 67,758"),
     ["'67,758' has a comma", "67758 if the comma separates thousands", "or 67.758 if it was meant as a decimal"]),
    ("two decimal points", ENV, V["ghg_scope2"], with_value(V["ghg_scope2"], YEAR, "67.7.58"),
     ["'67.7.58' has 2 decimal points", "How to fix: keep one decimal point"]),
    ("percent sign", ENV, V["ghg_scope2"], with_value(V["ghg_scope2"], YEAR, "67 %"),
     ["'67 %' has a percent sign", "How to fix: write the number only, e.g. 67"]),
    ("a word for a year", ENV, V["ghg_scope2"], V["ghg_scope2"].replace(f"{YEAR}:", "twenty22:"),
     ["'twenty22' is not a year", "write the year in four digits"]),
    ("full-width digits in a fact", "data/facts/community.yaml", FACT, "    value: ７８４８\n",
     ["value: '７８４８' is written with full-width", "retype it: 7848"]),
    ("content index: a heading the page lacks", CI, "  - {page: kpis, anchor: ghg}\n", "  - {page: kpis, anchor: ghgs}\n",
     ["has no heading {#ghgs} (docs/kpis.", "did you mean ghg", "the id of one of its headings"]),
    ("a glossary term written twice", GLOSSARY, "terms:\n", f"terms:\n  - zh: [{TERM_ZH}]\n    en: [ESG]\n",
     [f"'{TERM_ZH}' is already a term (line", "keep the form in one term"]),
    ("a chart row misspelt", ENV, "    chart_rows: [ghg_scope2]\n", "    chart_rows: [ghg_scop2]\n",
     ["chart row 'ghg_scop2' is not a row of table 'ghg'; did you mean ghg_scope2", "How to fix: use the id"]),
    ("an HKEX code misspelt", ENV, "        hkex: [A1.2]\n", "        hkex: [A1.22]\n",
     ["'A1.22' is not an HKEX KPI code", "How to fix: use a code of data/hkex_guide.yaml"]),
    ("a check naming a misspelt row", ENV, "sum: [waste_paper, waste_household]", "sum: [waste_paper, waste_houshold]",
     ["did you mean waste_household?"]),
    ("a milestone out of order", "data/milestones.yaml", "  - date: ", "  - date: 2099-01\n    text: {zh-Hant: 新, "
     "en: New}\n  - date: ", ["milestones are not in date order", "move this one up"]),
    # YAML's syntax in plain words, at the line to mend
    ("a tab for indentation", ENV, "        unit: mwh\n", "\tunit: mwh\n",
     ["is indented with a tab", "How to fix: replace the tab with spaces"]),
    ("a quote left open", LAMPS[0], LAMP_EN, LAMP_EN.replace("en: ", 'en: "', 1),
     ["a quote opened on this line is not closed"]),
    ("a brace left open", ENV, V["ghg_scope2"], V["ghg_scope2"].rstrip("}"),
     ["a { opened on this line is not closed", "How to fix: close it with }"]),
    ("a colon inside a text", LAMPS[0], LAMP_EN, LAMP_EN.replace("en: ", "en: Note: ", 1),
     ["a ': ' on this line is read as a second key", "put the text in double quotes"]),
    ("a key out of step", ENV, "        unit: mwh\n", "         unit: mwh\n", ["not lined up", "check the indentation of line"]),
    # pydantic's kinds in plain words, with the fix
    ("an age in full-width digits", "data/board.yaml", AGE, "    age: ６８\n",
     ["age: '６８' is not a whole number", "How to fix: write plain digits"]),
    ("an age below the least", "data/board.yaml", AGE, "    age: -68\n",
     ["'-68' is too small: the least allowed is 18", "How to fix:"]),
    ("a year for a date", "data/board.yaml", AS_OF, "as_of: '2022'",
     ["as_of: '2022' is not a date", "YYYY-MM-DD"]),
    ("a report year in full-width digits", "data/report.yaml", f"\nyear: {YEAR}\n", "\nyear: ２０２２\n",
     ["year: '２０２２' is not a whole number"]),
]


@pytest.mark.parametrize("case,rel,old,new,words", CASES, ids=[c[0] for c in CASES])
def test_bad_data_is_reported_with_file_line_and_key(data_copy, case, rel, old, new, words):
    bare_publication(data_copy)   # a recorded filing day would be the first problem of a new report year
    line = edit(data_copy, rel, old, new)
    with pytest.raises(DataErrors) as info:
        load_dataset(data_copy)
    message = str(info.value)
    for word in words:
        assert word in message, f"{case}: {word!r} not in:\n{message}"
    # every reported problem names the file and a line near the edit
    first = info.value.errors[0]
    assert first.file == rel, message
    assert first.line is not None and abs(first.line - line) <= 6, f"{case}: line {first.line}, edit at {line}\n{message}"
    assert re.search(rf"{re.escape(rel)}:\d+: ", message)


def test_real_data_loads_whole(dataset):
    """The real data loads, passes every declared check, and holds what the printed report has
    (data/printed/figures.yaml): each printed row and director, plus those marked added; one KPI file a section."""
    import yaml

    from macros.model.consistency import serving_members

    printed = yaml.safe_load((ROOT / "data/printed/figures.yaml").read_text(encoding="utf-8"))
    board_ids = {r.id for r in dataset.board.composition}
    assert set(dataset.rows) == {k for k in printed["kpis"] if k not in board_ids} | {
        r for r, row in dataset.rows.items() if row.added}
    assert [m.id for m in dataset.board.members if not m.added] == printed["directors"]
    assert sorted(f.section for f in dataset.kpi_files) == sorted(p.stem for p in (ROOT / "data/kpis").glob("*.yaml"))
    assert dataset.value("board_total", dataset.board.as_of.year) == len(serving_members(dataset.board))
    assert set(dataset.content_index) == {c for c, e in dataset.guide.items() if e.kind in ("general_disclosure", "kpi")}


def test_a_changed_headcount_breaks_every_per_capita_figure(data_copy, dataset):
    """Mutating the denominator shows the checks are live, not decoration: the rows divided by it are named."""
    values = V["employees_total"]
    edit(data_copy, SOCIAL, values, with_value(values, YEAR, str(int(value_of(values, YEAR)) + 1)))
    with pytest.raises(DataErrors) as info:
        load_dataset(data_copy)
    message = str(info.value)
    per_capita = [r for r, row in dataset.rows.items() for c in row.check or []
                  if c.ratio and "employees_total" in c.ratio.denominator]
    named = [r for r in per_capita if f"{r} {YEAR} is" in message]   # some still round to the printed figure
    assert f"employees_total {YEAR} is" in message and len(named) >= 2, message


def test_every_value_is_kept_as_written(dataset):
    """Each figure is the text data/ writes, decimals kept (0.180 stays 0.180); "/" (not disclosed) is never 0."""
    from macros.model.schema import NotDisclosed

    for kpi_id, row in dataset.rows.items():
        _, values = values_text(kpi_id)
        for year, value in row.values.items():
            written = value_of(values, year)
            if written == "/":
                assert isinstance(value, NotDisclosed), kpi_id
            else:
                assert not isinstance(value, NotDisclosed) and f"{value:f}" == written, (kpi_id, year, written)
    values = [v for row in dataset.rows.values() for v in row.values.values()]
    assert any(isinstance(v, NotDisclosed) for v in values)
    assert any(v == 0 for v in values if not isinstance(v, NotDisclosed))


def test_an_address_of_the_report_to_an_unlisted_host_is_named_at_its_line(data_copy, dataset):
    """data/report.yaml's addresses (the IR website, HKEXnews, the filing's PDF) are links of the site and the PDFs:
    their hosts are mkdocs.yml extra.link_hosts', as every link of a page (macros/plugin/safe_pages.py on_config)."""
    from conftest import mkdocs_config
    from macros.model.dataset import link_host_problems

    hosts = mkdocs_config()["extra"]["link_hosts"]
    assert link_host_problems(dataset, hosts) == []
    website = dataset.report.info.contact.ir_website
    line = edit(data_copy, "data/report.yaml", f"ir_website: {website}", "ir_website: https://ir.example.com/")
    problems = [str(p) for p in link_host_problems(load_dataset(data_copy), hosts)]
    assert problems == [f"data/report.yaml:{line}: contact.ir_website: 'https://ir.example.com/' links to "
                        "ir.example.com, which is not in mkdocs.yml extra.link_hosts\n    How to fix: check the "
                        "address; if it is right, ask an engineer to add the host to extra.link_hosts"]


def test_the_filing_pdf_the_contributing_guide_asks_for_is_a_listed_host(data_copy):
    """CONTRIBUTING ('The report as filed') tells editors to add `document: https://www1.hkexnews.hk/….pdf`: the
    host the schema requires for it must be one a page may link to, or that legitimate change fails the build."""
    from conftest import mkdocs_config
    from macros.model.dataset import link_host_problems

    bare_publication(data_copy)
    text = (data_copy / "data/report.yaml").read_text(encoding="utf-8")
    hkexnews = re.search(r"\n  hkexnews: .*\n", text).group(0)
    edit(data_copy, "data/report.yaml", hkexnews,
         hkexnews + "  document: https://www1.hkexnews.hk/listedco/listconews/sehk/2023/0428/2023042800001.pdf\n")
    assert link_host_problems(load_dataset(data_copy), mkdocs_config()["extra"]["link_hosts"]) == []


# A line moved out of its block, in every data file, as an editor's slip moves it: to the left margin, or two spaces
# left. PyYAML stops at the first line no block can take, often a later one (the next line, still indented like the
# moved key's old block, or several lines on when the moved key opened a block): the message names the moved line.
# The cases are, in each file, the first lines whose move PyYAML reports elsewhere (the kind of slip in question).
def _lines_moved_out_of_step(per_file: int = 3):
    import yaml

    cases = []
    for path in sorted((ROOT / "data").rglob("*.yaml")):
        rel, lines, found = str(path.relative_to(ROOT)), path.read_text(encoding="utf-8").split("\n"), 0
        for i, line in enumerate(lines):
            if found >= per_file or not line.startswith("  ") or line.lstrip().startswith("#"):
                continue
            for col in (0, len(line) - len(line.lstrip()) - 2):
                moved = lines[:i] + [" " * col + line.lstrip()] + lines[i + 1:]
                try:
                    yaml.compose("\n".join(moved), Loader=yaml.SafeLoader)
                except yaml.MarkedYAMLError as exc:
                    if exc.problem_mark and exc.problem_mark.line != i:   # PyYAML stops elsewhere
                        cases.append((rel, i + 1, col, "\n".join(moved)))
                        found += 1
                        break
    return cases


MOVED = _lines_moved_out_of_step()


@pytest.mark.parametrize("rel,line,col,text", MOVED, ids=[f"{c[0]}:{c[1]}->col{c[2]}" for c in MOVED])
def test_a_line_out_of_step_is_reported_at_the_line_that_moved(rel, line, col, text):
    from macros.model.yamlsrc import DataError, _parse

    with pytest.raises(DataError) as info:
        _parse(text, rel)
    assert info.value.line == line, f"moved line {line} to column {col}; the message says:\n{info.value}"
    assert f"check the indentation of line {line}" in str(info.value)


def test_every_data_file_has_a_line_to_move_out_of_step():
    """The cases above cover every YAML file of data/ that has an indented line (a file whose lines no move breaks
    would be left out silently)."""
    indented = {str(p.relative_to(ROOT)) for p in (ROOT / "data").rglob("*.yaml")
                if any(line.startswith("  ") for line in p.read_text(encoding="utf-8").split("\n"))}
    assert len(indented) > 10 and {c[0] for c in MOVED} == indented


# A mistake in one item of a list or one language of a text is told at that item's line, not at the line of the key
# that holds the list (a block's key stands a line or more above its items): a word listed twice, a reader's word
# that is a report word, a language written by hand that is generated, an empty text.
def _item_cases():
    syn, env = "data/search_synonyms.yaml", ENV
    located = load_yaml(ROOT / syn, syn)
    g = next(i for i, group in enumerate(located.data["groups"])   # a group whose readers' words stand below the key
             if located.lines[("groups", i, "readers", "zh-Hant")] > located.lines[("groups", i, "readers")])
    words = data_line(syn, "groups", g, "readers", "zh-Hant")
    group = located.data["groups"][g]
    first, report = group["readers"]["zh-Hant"][0], group["report"]["zh-Hant"][0]
    at = words[:words.index("zh-Hant:")]
    return [
        ("a reader's word listed twice", syn, words, words.replace("]", f", {first}]"), 0,
         [f"the zh-Hant word '{first}' is listed twice", "How to fix: delete one"]),
        ("a reader's word that is a report word", syn, words, words.replace("]", f", {report}]"), 0,
         [f"'{report}' is both a report word and a reader's word", "How to fix: delete it from readers"]),
        ("a generated edition's words written by hand", syn, words, words + f"{at}zh-Hans: [{first}]\n", 1,
         ["'zh-Hans' is generated from zh-Hant", "How to fix: delete the line 'zh-Hans: …'"]),
        ("an empty English text of a label", env, CAPTION_EN, CAPTION_EN[:CAPTION_EN.index("en:")] + 'en: " "\n', 0,
         ["the en text must be written out"]),
        ("a language misspelt in a label", env, CAPTION_EN, CAPTION_EN.replace("en:", "eng:"), 0,
         ["unknown language 'eng'"]),
    ]


ITEM_CASES = _item_cases()


@pytest.mark.parametrize("case,rel,old,new,below,words", ITEM_CASES, ids=[c[0] for c in ITEM_CASES])
def test_a_mistake_in_one_item_is_reported_at_the_item(data_copy, case, rel, old, new, below, words):
    from macros.model.search_terms import load_search_terms

    line = edit(data_copy, rel, old, new) + below
    with pytest.raises(DataErrors) as info:
        load_search_terms(load_dataset(data_copy))   # the readers' words are read by the search (and the dataset)
    message = str(info.value)
    assert [(e.file, e.line) for e in info.value.errors] == [(rel, line)], f"{case}: expected {rel}:{line}\n{message}"
    for word in words:
        assert word in message, f"{case}: {word!r} not in:\n{message}"


# A key moved one level out of its block is one mistake, told once, at the moved line: not also as the text it left
# without that language ("the en text is missing"), which is a consequence, not a second thing to mend.
BOARD_EN = data_line("data/board.yaml", "caption", "en")
MOVED_OUT = [
    ("dedented en of a row's label", LAMPS[0], LAMP_ZH + LAMP_EN, LAMP_ZH + LAMP_EN[2:], 1, "en"),
    ("dedented en of a caption", ENV, CAPTION_ZH + CAPTION_EN, CAPTION_ZH + CAPTION_EN[2:], 1, "en"),
    ("dedented en of the board's caption, to the top level", "data/board.yaml", BOARD_EN, BOARD_EN[2:], 0, "en"),
]


@pytest.mark.parametrize("case,rel,old,new,below,key", MOVED_OUT, ids=[c[0] for c in MOVED_OUT])
def test_a_key_moved_out_of_its_block_is_told_once(data_copy, case, rel, old, new, below, key):
    line = edit(data_copy, rel, old, new) + below
    with pytest.raises(DataErrors) as info:
        load_dataset(data_copy)
    message = str(info.value)
    assert [(e.file, e.line) for e in info.value.errors] == [(rel, line)], f"{case}:\n{message}"
    assert f"'{key}:' is not a key of this entry" in message and f"check the indentation of line {line}" in message


def test_a_key_dedented_to_the_margin_is_reported_at_its_line_though_yaml_stops_a_table_later():
    """A table's `rows:` moved to the left margin: YAML reads it as a key of the top level holding every row, and
    stops only at the next table, a hundred lines or more below (beyond the nearest lines, which are tried first)."""
    from macros.model.yamlsrc import DataError, _parse

    located = load_yaml(ROOT / ENV, ENV)
    lines = (ROOT / ENV).read_text(encoding="utf-8").split("\n")
    t = next(t for t in range(len(located.data["tables"]) - 1)
             if located.lines[("tables", t + 1)] - located.lines[("tables", t, "rows")] > 40)   # a long table
    moved = located.lines[("tables", t, "rows")]
    lines[moved - 1] = lines[moved - 1].lstrip()
    with pytest.raises(DataError) as info:
        _parse("\n".join(lines), ENV)
    assert info.value.line == moved, str(info.value)
