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
