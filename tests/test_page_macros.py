"""The macros pages call are the public methods of PageMacros, each registered under its own name, and no other."""

from __future__ import annotations

import inspect

import pytest

from macros.page_macros import PageMacros

pytestmark = pytest.mark.unit


def test_every_public_method_is_a_registered_macro_and_every_macro_a_method():
    public = {name for name, _ in inspect.getmembers(PageMacros, inspect.isfunction) if not name.startswith("_")}
    assert public == set(PageMacros.MACROS)
    assert len(PageMacros.MACROS) == len(set(PageMacros.MACROS))


def test_every_macro_says_what_it_draws():
    """mkdocs-macros lists each macro with its docstring (macros_info); an editor reads it there and in the code."""
    assert [name for name in PageMacros.MACROS if not (getattr(PageMacros, name).__doc__ or "").strip()] == []


def test_the_contact_address_comes_from_data_in_every_edition(dataset):
    """The readers' e-mail address has one home, data/report.yaml contact.email (the PDF prints it from there): the
    about page calls contact_email() in both languages, and a new address is what the link says and goes to."""
    import dataclasses

    from conftest import HAND, LANGS, ROOT, page_macros

    address = dataset.report.info.contact.email
    for lang in HAND:
        page = (ROOT / "docs" / f"about-this-report.{lang}.md").read_text(encoding="utf-8")
        assert "{{ contact_email() }}" in page and address not in page, f"about-this-report.{lang}.md types it"
    for lang in LANGS:
        assert page_macros(dataset, lang).contact_email() == f'<a href="mailto:{address}">{address}</a>'
    info = dataset.report.info.model_copy(update={"contact": dataset.report.info.contact.model_copy(
        update={"email": "esg@example.com"})})
    moved = dataclasses.replace(dataset, report=dataclasses.replace(dataset.report, info=info))
    assert page_macros(moved, "en").contact_email() == '<a href="mailto:esg@example.com">esg@example.com</a>'
