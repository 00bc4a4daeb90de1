"""macros/render/typesetting.py without a build: a small print document typeset to a PDF, and one that names a file
outside the site refused with the page that names it (the file not written). tests/test_pdf.py checks the build's."""

from __future__ import annotations

import pytest

from conftest import ROOT
from macros.render.typesetting import Job, render

pytestmark = pytest.mark.unit

PRINT_DIR = str(ROOT / "overrides" / "pdf")


def test_a_small_document_is_typeset_to_a_tagged_pdf(tmp_path):
    out = tmp_path / "x.pdf"
    path, cpu, pages, problems, layouts = render(Job(lang="en", out=str(out), print_dir=PRINT_DIR, document=(
        '<html lang="en"><body><section class="chapter" data-page="about"><h1>About</h1><p>Text.</p></section>'
        "</body></html>")))
    assert (path, pages, problems, layouts) == (str(out), 1, [], 1)
    from pypdf import PdfReader

    assert "/StructTreeRoot" in PdfReader(out).trailer["/Root"], "PDF/UA: a tagged PDF"


def test_a_file_outside_the_site_is_refused_naming_the_page_and_no_pdf_is_left(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("x", encoding="utf-8")
    out = tmp_path / "site" / "x.pdf"
    out.parent.mkdir()
    _, _, _, problems, _ = render(Job(lang="en", out=str(out), print_dir=PRINT_DIR, sources=(("about", "docs/a.en.md"),),
                                   document=('<html lang="en"><body><section class="chapter" data-page="about"><h1>A</h1>'
                                             f'<img src="{secret.as_uri()}" alt=""></section></body></html>')))
    assert len(problems) == 1 and f"{secret.as_uri()} (in page 'about', docs/a.en.md)" in problems[0]
    assert not out.exists()


def test_any_weasyprint_warning_is_a_problem_and_no_pdf_is_left(tmp_path):
    """A print CSS property WeasyPrint ignores and a link to a missing anchor: each is told, in WeasyPrint's words,
    and the PDF is not written, as `strict: true` stops the pages' build on a warning."""
    out = tmp_path / "x.pdf"
    _, _, _, problems, _ = render(Job(lang="en", out=str(out), print_dir=PRINT_DIR, document=(
        '<html lang="en"><head><style>p { hyphenate-limit-lines: 2 }</style></head><body>'
        '<section class="chapter" data-page="about"><h1>About</h1><p><a href="#nowhere">Text</a>.</p></section>'
        "</body></html>")))
    assert any("hyphenate-limit-lines" in p for p in problems), problems
    assert any("nowhere" in p for p in problems), problems
    assert not out.exists()
