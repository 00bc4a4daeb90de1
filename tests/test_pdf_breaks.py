"""macros/render/pdf_breaks.py on its own: which broken words the typesetter keeps whole on its next pass. The
laid-out pages are faked (the module reads WeasyPrint's boxes by their class names), so the rule is checked without
typesetting; one case typesets a real paragraph to prove the fake matches WeasyPrint. tests/test_pdf.py checks the
built PDFs."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from macros.render.pdf_breaks import keep_whole, words_broken_at_page_end, words_broken_in_runs

pytestmark = pytest.mark.unit

HYPHEN = "\u2010"   # WeasyPrint's hyphenate-character


class Box:
    def __init__(self, children=(), y=0.0):
        self.children, self.position_y, self.height = list(children), y, 10.0


class BlockBox(Box):
    pass


class LineBox(Box):
    pass


class TextBox(Box):
    def __init__(self, text: str, element):
        super().__init__()
        self.text, self.element, self.style = text, element, {"hyphenate_character": HYPHEN}


class Page:
    def __init__(self, *blocks):
        self._page_box = Box([Box(blocks)])   # the page box, its document root box, the blocks


def paragraph(*lines: str) -> BlockBox:
    """A laid-out paragraph: its element's text is its lines joined, a line ending with HYPHEN breaks a word."""
    element = ET.fromstring("<p/>")
    element.text = "".join(line[:-1] if line.endswith(HYPHEN) else line + " " for line in lines)
    return BlockBox([LineBox([TextBox(line, element)], y=10.0 * n) for n, line in enumerate(lines)])


H = HYPHEN


def test_the_third_broken_line_in_a_row_names_its_word():
    page = Page(paragraph(f"one environ{H}", f"mental respon{H}", f"sibilities of gover{H}", "nance end."))
    assert words_broken_in_runs([page]) == ["governance"]


def test_every_line_past_the_second_of_a_run_names_its_word_once():
    page = Page(paragraph(f"a environ{H}", f"mental respon{H}", f"sibilities gover{H}", f"nance sustain{H}",
                          f"ability gover{H}", "nance."))
    assert words_broken_in_runs([page]) == ["governance", "sustainability"]


@pytest.mark.parametrize("lines", [
    (f"one environ{H}", f"mental respon{H}", "sibilities end."),                            # two in a row: allowed
    (f"one environ{H}", "mental plain", f"respon{H}", "sibilities", f"gover{H}", "nance."),  # never three in a row
    ("a word's own hyphen anti-", "corruption sustain-", "able long-", "term."),           # the words' own hyphens
])
def test_two_broken_lines_in_a_row_or_a_words_own_hyphens_name_nothing(lines):
    assert words_broken_in_runs([Page(paragraph(*lines))]) == []


def test_a_run_is_the_lines_of_one_block_not_of_the_page():
    page = Page(paragraph(f"one environ{H}", f"mental respon{H}", "sibilities."),
                paragraph(f"gover{H}", "nance rule."))
    assert words_broken_in_runs([page]) == []


def test_a_block_inside_a_list_item_ends_its_run():
    item = BlockBox([paragraph(f"one environ{H}", f"mental respon{H}").children[0],
                     paragraph(f"one environ{H}", f"mental respon{H}").children[1],
                     BlockBox([paragraph(f"gover{H}", "nance.")])])
    assert words_broken_in_runs([Page(item)]) == []


def test_the_page_foot_names_the_word_broken_on_its_lowest_line():
    block = paragraph("first line", f"then environ{H}", "mental end.")
    block.children.pop()   # the paragraph's last line is on the next page; its element holds the whole word
    assert words_broken_at_page_end([Page(block)]) == ["environmental"]
    assert words_broken_at_page_end([Page(paragraph(f"one environ{H}", "mental end."))]) == []


def test_a_head_that_begins_several_words_names_them_all_without_quotes():
    """The line shows only "protec-": an earlier "protect" in the paragraph must not hide the broken "protection"
    (both are kept whole); quotes around a word are not part of it (the document writes them as entities)."""
    page = Page(paragraph("we protect the ‘stakeholders’ data and ensure protec" + H, "tion of privacy."))
    page._page_box.children[0].children[0].children.pop()   # the paragraph ends on the next page
    assert words_broken_at_page_end([page]) == ["protect", "protection"]
    page = Page(paragraph("we asked the stakeholders’ stake" + H, "holders’ view"))
    assert words_broken_in_runs([page], limit=0) == ["stakeholders"]


def test_keep_whole_finds_a_word_as_the_html_writes_it():
    assert keep_whole("<p>the Company&rsquo;s and Company’s, Companys; a Company&#39;s</p>", ["Company’s"]) == (
        '<p>the <span class="esg-whole">Company&rsquo;s</span> and <span class="esg-whole">Company’s</span>, '
        'Companys; a <span class="esg-whole">Company&#39;s</span></p>')


def test_a_real_paragraph_typeset_with_long_runs_is_found_and_mended_by_one_more_pass():
    """WeasyPrint itself: a narrow column of long words breaks line after line; the words named by the runs, kept
    whole, leave no run of three."""
    from weasyprint import HTML

    text = " ".join(["environmental responsibilities sustainability governance"] * 12)
    document = ('<html lang="en"><style>@page { size: 80mm 200mm; margin: 5mm } body { margin: 0; font: 10pt/12pt '
                'serif } p { width: 32mm; hyphens: auto; text-align: justify; hyphenate-limit-chars: 7 3 3 } '
                f'.esg-whole {{ hyphens: manual }}</style>\n<p>{text}</p></html>')
    words = words_broken_in_runs(HTML(string=document).render().pages)
    assert words and set(words) <= {"environmental", "responsibilities", "sustainability", "governance"}
    again = HTML(string=keep_whole(document, words)).render().pages
    assert words_broken_in_runs(again) == []


def fragments(pages) -> dict[object, list[int]]:
    """Each block of text (its element) and the number of its lines on each page it is laid out on."""
    out: dict[object, list[int]] = {}

    def walk(box):
        children = getattr(box, "children", None) or []
        lines = [child for child in children if type(child).__name__ == "LineBox"]
        if lines and box.element is not None and "::" not in box.element_tag:   # not a running head, nor a bullet
            out.setdefault(box.element, []).append(len(lines))
        for child in children:
            if type(child).__name__ != "LineBox":
                walk(child)
    for page in pages:
        walk(page._page_box)
    return out


def test_the_print_css_leaves_no_paragraph_item_or_definition_one_line_at_a_page_foot_or_head():
    """No one-line widows or orphans, by the print CSS (report.css: p, li, dd, td orphans and widows 2), which
    WeasyPrint 70 applies when it breaks a block of lines (weasyprint/layout/block.py): paragraphs, list items and
    definitions of every length, one after another on small pages so that pages end at every line of them, never leave
    one line of a block on a page. The same document with orphans and widows 1 does (so the check can fail)."""
    from weasyprint import CSS, HTML

    from conftest import ROOT

    words = "The Company continues to strengthen its management of environmental and social matters".split()
    blocks = "".join(f"<p>{' '.join(words * (n // 2 + 1))[: 60 * n]}.</p>" + (
        f"<ul><li>{' '.join(words * n)}.</li></ul>" if n % 3 == 0 else "") + (
        f"<dl><dt>Term</dt><dd>{' '.join(words * n)}.</dd></dl>" if n % 4 == 0 else "") for n in range(1, 14))
    document = f'<html lang="en"><body><section class="chapter"><h1>T</h1>{blocks}</section></body></html>'
    small = CSS(string="@page { size: 150mm 90mm }")
    print_dir = ROOT / "overrides" / "pdf"
    css = [CSS(filename=str(print_dir / "report.css")), small]
    split = {e: n for e, n in fragments(HTML(string=document, base_url=str(print_dir)).render(stylesheets=css).pages)
             .items() if len(n) > 1}
    assert len(split) >= 5 and {e.tag for e in split} >= {"p", "li"}, split
    assert all(min(n) >= 2 for n in split.values()), {e.tag: n for e, n in split.items()}
    loose = css + [CSS(string="p, li, dd { orphans: 1; widows: 1 }")]
    pages = HTML(string=document, base_url=str(print_dir)).render(stylesheets=loose).pages
    assert any(min(n) == 1 for n in fragments(pages).values() if len(n) > 1)
