"""Bad input stops the build and says where: each mistake an editor can make, on a copy of the real data."""

from __future__ import annotations

import re

import pytest

from conftest import edit
from macros.model.dataset import DataErrors, load_dataset


ENV = "data/kpis/environmental.yaml"
SOCIAL = "data/kpis/social.yaml"
CI = "data/content_index.yaml"
GLOSSARY = "data/glossary.yaml"

# (case, file, old text, new text, words the message must contain)
CASES = [
    ("yaml syntax error", ENV, "    caption:\n      zh-Hant: 溫室氣體排放", "    caption:\n     zh-Hant: 溫室氣體排放\n   bad",
     ["YAML syntax error"]),
    ("unknown key", ENV, "        unit: tco2e\n        hkex: [A1.2]\n        values: {2021: 0, 2022: 0}",
     "        unit: tco2e\n        hkex: [A1.2]\n        valeus: {2021: 0, 2022: 0}", ["unknown key 'valeus'"]),
    ("wrong type", ENV, "values: {2021: 67.396, 2022: 67.758}", "values: {2021: 67.396, 2022: abc}",
     ["expected a number", "'abc'"]),
    ("number written as text", ENV, "values: {2021: 1587.000, 2022: 1823.000}",
     "values: {2021: 1587.000, 2022: \"1,823.000\"}", ["is text, not a number"]),
    ("empty value", ENV, "values: {2021: 116.000, 2022: 129.480}", "values: {2021: 116.000, 2022: }",
     ["missing value"]),
    ("missing English label", ENV, "          zh-Hant: 廢燈\n          en: Waste lamps\n", "          zh-Hant: 廢燈\n",
     ["the en text is missing"]),
    ("duplicate id", ENV, "      - id: waste_lamps", "      - id: waste_batteries", ["duplicate KPI id 'waste_batteries'"]),
    ("duplicate key", ENV, "        unit: mwh\n", "        unit: mwh\n        unit: mwh\n", ["appears twice"]),
    ("unknown unit", ENV, "        unit: mwh\n", "        unit: mhw\n", ["unknown unit 'mhw'", "did you mean mwh"]),
    ("sum mismatch", ENV, "values: {2021: 0.037, 2022: 0.041}", "values: {2021: 0.037, 2022: 0.042}",
     ["hazardous_waste_total 2022 is 0.042 but waste_batteries + waste_lamps + waste_ink_cartridges = 0.041"]),
    ("ratio mismatch", ENV, "values: {2021: 3.161, 2022: 3.013}", "values: {2021: 3.161, 2022: 3.031}",
     ["water_per_employee 2022 is 3.031 but (water) / (employees_total) = 3.0132", "rounds to 3.013"]),
    ("missing year", ENV, "values: {2021: 0.008, 2022: 0.007}", "values: {2021: 0.008}", ["missing: [2022]"]),
    ("check names unknown row", ENV, "sum: [waste_paper, waste_household]", "sum: [waste_paper, waste_houshold]",
     ["unknown KPI id(s) ['waste_houshold']"]),
    # the content index: the report prints only 不適用; a reason of ours is a website note
    ("not applicable given a reason", CI, "- code: B6.4\n  not_applicable: true\n",
     "- code: B6.4\n  not_applicable:\n    zh-Hant: 沒有實體產品。\n    en: No physical products.\n",
     ["write 'not_applicable: true'", "website_note"]),
    ("not applicable and sections", CI, "- code: B6.4\n  not_applicable: true\n",
     "- code: B6.4\n  not_applicable: true\n  sections:\n  - {page: governance}\n", ["not both and not neither"]),
    ("website note in one language", CI, "    en: >-\n      Medlive provides its services through online platforms; "
     "the report describes no product recall procedure.\n", "", ["website_note: the en text is missing"]),
    # the glossary: forms to avoid are texts, and never an accepted form
    ("glossary avoid empty", GLOSSARY, "    avoid: [three lines of defense]\n", "    avoid: [\"\"]\n",
     ["avoid[0]: empty text"]),
    ("glossary avoid not text", GLOSSARY, "    avoid: [three lines of defense]\n", "    avoid: [3]\n",
     ["each form is a text"]),
    ("glossary avoid is accepted", GLOSSARY, "    avoid: [three lines of defense]\n",
     "    avoid: [three lines of defence]\n",
     ["both an accepted English form (en) and a form to avoid"]),
    ("three PDF faces", "data/report.yaml", "pdf_font: Noto Serif, Noto Sans\n",
     "pdf_font: Noto Serif, Noto Sans, DejaVu Sans\n", ["should name one font family, or two"]),
    ("IR website not https", "data/report.yaml", "  ir_website: https://ir.medlive.cn/\n",
     "  ir_website: http://ir.medlive.cn/\n", ["contact.ir_website", "https://"]),
    ("contact email without a domain", "data/report.yaml", "  email: ir@kingyee.com.cn\n", "  email: ir@kingyee\n",
     ["contact.email"]),
    ("unknown hyphenation patterns", "data/report.yaml", "pdf_hyphenation: en_US\n", "pdf_hyphenation: en_UK\n",
     ["pdf_hyphenation 'en_UK' names no hyphenation patterns", "en_US"]),
    ("edition without a name", "data/report.yaml", "  zh-Hans: {zh-Hant: 簡體中文, en: Simplified Chinese}\n", "",
     ["'edition_names' names ['en', 'zh-Hant'], but the editions are ['en', 'zh-Hans', 'zh-Hant']"]),
    ("edition name in one language", "data/report.yaml", "  en: {zh-Hant: 英文, en: English}\n",
     "  en: {en: English}\n", ["the zh-Hant text is missing"]),
    ("placeholder left out of one language", "data/ui_strings.yaml", "Use the search above, or go to the {home}.",
     "Use the search above, or go to the home page.", ["'not_found_text' fills in nothing in en but {home} in zh-Hant"]),
    ("placeholder misspelt in one language", "data/ui_strings.yaml", "或返回{home}。", "或返回{hom}。",
     ["fills in {home} in en but {hom} in zh-Hant"]),
]


@pytest.mark.parametrize("case,rel,old,new,words", CASES, ids=[c[0] for c in CASES])
def test_bad_data_is_reported_with_file_line_and_key(data_copy, case, rel, old, new, words):
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
    """The real data loads, passes every declared check, and holds what the printed report has: 89 KPI rows in 3
    files, the board of 9, the 48 Guide items of the content index, 29 laws."""
    assert len(dataset.rows) == 89 and [f.section for f in dataset.kpi_files] == ["environmental", "governance", "social"]
    assert len(dataset.board.members) == 10 and dataset.value("board_total", 2022) == 9
    assert len(dataset.content_index) == 48
    assert sum(len(g.laws) for g in dataset.laws) == 29


def test_a_changed_headcount_breaks_every_per_capita_figure(data_copy):
    """Mutating the denominator shows the checks are live, not decoration."""
    edit(data_copy, SOCIAL, "values: {2021: 502, 2022: 605}", "values: {2021: 502, 2022: 606}")
    with pytest.raises(DataErrors) as info:
        load_dataset(data_copy)
    message = str(info.value)
    for row in ("employees_total", "water_per_employee", "non_hazardous_waste_per_employee"):
        assert f"{row} 2022" in message, message


def test_not_disclosed_is_kept_apart_from_zero(dataset):
    from macros.model.schema import NotDisclosed

    assert isinstance(dataset.value("training_spend", 2021), NotDisclosed)
    assert dataset.value("ghg_scope1", 2022) == 0 and not isinstance(dataset.value("ghg_scope1", 2022), NotDisclosed)


def test_precision_as_published(dataset):
    assert str(dataset.value("waste_paper", 2021)) == "0.180"
    assert str(dataset.value("electricity", 2022)) == "129.480"
