"""The report's diagrams (data/diagrams.yaml): drawn on the pages that call them, in every edition, with a text
alternative that says what the drawing says, legible on a phone; bad diagram data stops the build.

Expected texts come from the data (the labels of data/diagrams.yaml, in each edition's language) and where each
diagram stands from the pages' own `{{ diagram("…") }}` calls in docs/.
"""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from conftest import GENERATED, LANGS, PHONE, ROOT, html_path, page_macros, page_url
from macros.model.dataset import DataErrors, load_dataset
from test_data_outputs import STRAIGHT

CALL = re.compile(r"\{\{\s*diagram\(\s*[\"']([a-z0-9_]+)[\"']\s*\)\s*\}\}")


def placements() -> list[tuple[str, str]]:
    """(page slug, diagram id) for every diagram a zh-Hant page calls."""
    return [(path.name.split(".")[0], did) for path in sorted((ROOT / "docs").glob("*.zh-Hant.md"))
            for did in CALL.findall(path.read_text(encoding="utf-8"))]


PLACED = placements()


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unescape(text))


def figure(html: str, did: str) -> str:
    anchor = "diagram-" + did.replace("_", "-")
    m = re.search(rf'<figure class="esg-diagram" id="{anchor}">(.*?)</figure>', html, re.S)
    assert m, f"no diagram {anchor}"
    return m.group(1)


def test_the_pages_show_every_diagram_of_the_data(dataset):
    assert PLACED, "no page calls diagram()"
    assert sorted({d for _, d in PLACED}) == sorted(dataset.diagrams)
    for slug, did in PLACED:   # the English page makes the same call (both languages move together)
        assert did in CALL.findall((ROOT / "docs" / f"{slug}.en.md").read_text(encoding="utf-8")), (slug, did)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug,did", PLACED)
def test_diagram_is_an_image_with_a_title_and_its_text_equals_the_data(site, dataset, slug, did, lang):
    html = html_path(site, slug, lang).read_text(encoding="utf-8")
    fig = figure(html, did)
    diagram = dataset.diagrams[did]
    svg = re.search(r"<svg\b([^>]*)>(.*?)</svg>", fig, re.S)
    attrs, inner = svg.groups()
    assert 'role="img"' in attrs
    title_id = re.search(r'aria-labelledby="([^"]+)"', attrs).group(1)
    title = re.search(rf'<title id="{title_id}">(.*?)</title>', inner, re.S)
    assert title and squash(title.group(1)) == squash(diagram.title.get(lang))
    # the text alternative: the element aria-describedby names, holding every label, name and duty of the data
    described = re.search(r'aria-describedby="([^"]+)"', attrs).group(1)
    alt = re.search(rf'<div[^>]*id="{described}"[^>]*>(.*?)</div>', fig, re.S)
    assert alt, f"{did}: aria-describedby points at nothing"
    alt_text = squash(re.sub(r"<[^>]+>", "", alt.group(1))).translate(STRAIGHT)   # the page's quotes are curled
    expected = []
    for group in diagram.groups:
        if group.label:
            expected.append(group.label.get(lang))
        for node in group.nodes:
            expected.append(node.name.get(lang))
            if node.text:
                expected.append(node.text.get(lang))
    for text in expected:
        assert squash(text) in alt_text, f"{did} ({lang}): {text!r} missing from the text alternative"
    # the drawing's own words, in order, are the data's labels and names and nothing else (numbers of a ranked list)
    drawn = squash("".join(re.findall(r"<text\b[^>]*>(.*?)</text>", inner, re.S)))
    words = []
    for group in diagram.groups:
        if group.label:
            words.append(group.label.get(lang))
        for n, node in enumerate(group.nodes, start=1):
            words.extend([str(n)] if diagram.numbered else [])
            words.append(node.name.get(lang))
    assert drawn == squash("".join(words))


@pytest.mark.parametrize("lang", LANGS)
def test_diagram_text_fits_a_phone_at_body_size(browser, server, lang):
    """At 375 px every diagram's text is at least 12 px high on screen and stays inside its drawing."""
    ctx = browser.new_context(viewport={"width": PHONE, "height": 800})
    page = ctx.new_page()
    try:
        for slug in sorted({s for s, _ in PLACED}):
            page.goto(server + page_url(slug, lang))
            found = page.evaluate("""() => [...document.querySelectorAll('figure.esg-diagram svg')].map(svg => {
                const box = svg.getBoundingClientRect();
                const texts = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect(),
                    parseFloat(getComputedStyle(t).fontSize) * box.width / svg.viewBox.baseVal.width]);
                return {width: box.width,
                        small: texts.filter(([s, r, px]) => px < 12).map(([s, r, px]) => `${s} ${px.toFixed(1)}px`),
                        out: texts.filter(([s, r]) => r.left < box.left - 1 || r.right > box.right + 1).map(([s]) => s)};
            })""")
            assert found, f"{slug}: no diagram drawn"
            for d in found:
                assert d["width"] <= PHONE, d
                assert not d["small"], f"{slug} ({lang}): text smaller than 12 px on a phone: {d['small']}"
                assert not d["out"], f"{slug} ({lang}): text runs out of its drawing: {d['out']}"
    finally:
        ctx.close()


# ── bad input ────────────────────────────────────────────────────────────────
@pytest.fixture
def data_copy(tmp_path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    return tmp_path


@pytest.mark.parametrize("old,new,words", [
    ("      - label: {zh-Hant: 第二道防線, en: Second line of defence}\n", "      -\n",
     ["every group of a columns diagram needs a label"]),
    ("  - id: board_committees\n", "  - id: esg_governance\n", ["duplicate diagram id 'esg_governance'"]),
    ("    layout: bands\n", "    layout: matrix\n", ["'matrix' is not allowed"]),
    ("          - name: {zh-Hant: 綠色辦公, en: Green office}\n", "          - name: {zh-Hant: 綠色辦公}\n",
     ["en text is missing"]),
], ids=["column without label", "duplicate id", "unknown layout", "missing English"])
def test_bad_diagram_data_is_reported_with_its_line(data_copy, old, new, words):
    path = data_copy / "data" / "diagrams.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataErrors) as err:
        load_dataset(data_copy)
    message = str(err.value)
    assert "data/diagrams.yaml:" in message
    for word in words:
        assert word in message, message
    lines = [int(n) for n in re.findall(r"data/diagrams\.yaml:(\d+)", message)]
    assert any(abs(n - line) <= 2 for n in lines), f"line {line} not named: {message}"


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_diagram_id_stops_the_build(dataset, lang):
    """The macro refuses with the page and a suggestion (the macros' wiring into the build is proven once,
    tests/test_build_errors.py)."""
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError) as refused:
        page_macros(dataset, lang, "index.md").diagram("esg_governanse")
    output = str(refused.value)
    assert "index.md: " in output and "diagram('esg_governanse')" in output and "did you mean esg_governance" in output, output


def test_every_box_lies_inside_the_drawing_with_its_outline(dataset):
    """Issue 24: a box on the drawing's edge kept only half its outline (the PDF clipped the committees' right box):
    every rectangle with its stroke (1.5, half of it outside the shape) lies within the SVG's viewBox."""
    from macros.render.diagrams import diagram_html

    for diagram_id in dataset.diagrams:
        for lang in [lang for lang in LANGS if lang not in GENERATED]:
            svg = diagram_html(dataset, diagram_id, lang)
            x0, y0, w, h = map(float, re.search(r'viewBox="([^"]+)"', svg).group(1).split())
            for x, y, rw, rh in re.findall(r'<rect class="esg-dg-(?:box|head|frame)" x="([\d.]+)" y="([\d.]+)" '
                                           r'width="([\d.]+)" height="([\d.]+)"', svg):
                x, y, rw, rh = map(float, (x, y, rw, rh))
                assert x0 <= x - 0.75 and x + rw + 0.75 <= x0 + w, f"{diagram_id} ({lang}): a box at x={x} is cut"
                assert y0 <= y - 0.75 and y + rh + 0.75 <= y0 + h, f"{diagram_id} ({lang}): a box at y={y} is cut"
