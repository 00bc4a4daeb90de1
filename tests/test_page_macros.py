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
