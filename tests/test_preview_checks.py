"""`make serve` checks each built page against the allow-list in a process of its own, beside the build
(macros/plugin/safe_pages.py `BackgroundChecks`): the build still stops at a page with a problem, with the same
message a full build gives, and passes a page without one. No build: the plugin's handlers on a page made here."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

pytestmark = pytest.mark.unit

GOOD = ("<!doctype html><html lang=\"en\"><head><title>t</title></head><body><article><p>A paragraph.</p>"
        "</article></body></html>")
BAD = GOOD.replace("<p>A paragraph.</p>", "<p>A paragraph.</p><!-- a note for the editors -->")


def _build(dirty: bool):
    from macros.plugin.state import BuildState, Preview
    from macros.plugin.typesetter import Typesetter

    return BuildState(pdf_enabled=False, preview=Preview(dirty=dirty), typesetter=Typesetter(), depth=1)


def _page(name: str):
    return SimpleNamespace(file=SimpleNamespace(src_uri=f"{name}.en.md", dest_uri=f"en/{name}/index.html"))


CONFIG = SimpleNamespace(docs_dir="/project/docs", extra={"link_hosts": []}, site_url="https://example.org/",
                         site_dir="/nonexistent-site")


def _refusal(output: str, dirty: bool) -> str | None:
    """The message that stops the build for `output`, or None; under make serve it comes at the build's end."""
    from macros.plugin import safe_pages

    state = _build(dirty)
    try:
        safe_pages.on_post_page(GOOD, _page("about-us"), CONFIG, state=state)
        safe_pages.on_post_page(output, _page("governance"), CONFIG, state=state)
        safe_pages.on_post_build(CONFIG, state=state)
    except PluginError as exc:
        return str(exc)
    finally:
        state.preview.checks.close()
    return None


def test_a_page_refused_in_a_full_build_is_refused_under_make_serve_with_the_same_message():
    full, preview = _refusal(BAD, dirty=False), _refusal(BAD, dirty=True)
    assert full is not None and "docs/governance.en.md" in full and "an HTML comment" in full
    assert preview == full


def test_a_404_page_refused_in_a_full_build_is_refused_under_make_serve_with_the_same_message():
    """The theme's 404 page of each edition is checked beside the build under make serve too, as a page is."""
    from macros.plugin import safe_pages

    messages = []
    for dirty in (False, True):
        state = _build(dirty)
        try:
            safe_pages.on_post_template(GOOD, "404.html", CONFIG, state=state)   # a clean one first, then the same
            safe_pages.on_post_template(BAD, "404.html", SimpleNamespace(**{**vars(CONFIG), "site_dir": "/en"}),
                                        state=state)   # page's name in another edition, with a comment
            safe_pages.on_post_build(CONFIG, state=state)
        except PluginError as exc:
            messages.append(str(exc))
        finally:
            state.preview.checks.close()
    assert len(messages) == 2 and messages[0] == messages[1], messages
    assert "the theme template 404.html" in messages[0] and "an HTML comment" in messages[0]


def test_good_pages_pass_under_make_serve_and_nothing_is_left_waiting():
    assert _refusal(GOOD, dirty=True) is None


def test_a_page_written_again_is_checked_again_unless_it_differs_only_in_a_text_from_its_last_clean_version():
    """make serve, three saves: a page found clean, then written again with a word of a text changed (the copyright
    line): its answer is known, no check runs; then written again with a comment: checked, and refused."""
    from macros.plugin import safe_pages
    from macros.plugin.state import BuildState, Preview
    from macros.plugin.typesetter import Typesetter

    preview = Preview(dirty=True)

    def checked(output: str) -> int:
        state = BuildState(pdf_enabled=False, preview=preview, typesetter=Typesetter(), depth=1)
        safe_pages.on_post_page(output, _page("governance"), CONFIG, state=state)
        submitted = len(state.safe_pages.checks)
        safe_pages.on_post_build(CONFIG, state=state)
        return submitted

    try:
        assert checked(GOOD) == 1
        assert checked(GOOD.replace("A paragraph.", "A paragraph saved.")) == 0
        with pytest.raises(PluginError, match="an HTML comment"):
            checked(BAD.replace("A paragraph.", "A paragraph saved."))
    finally:
        preview.checks.close()


def test_under_make_serve_a_script_not_written_since_is_not_read_again_and_a_new_one_is_stripped(tmp_path,
                                                                                                  monkeypatch):
    from pathlib import Path

    from macros.plugin.safe_pages import strip_source_map_refs

    js = tmp_path / "assets" / "bundle.js"
    js.parent.mkdir()
    js.write_bytes(b"let a = 1;\n//# sourceMappingURL=bundle.js.map\n")
    seen: dict = {}
    assert strip_source_map_refs(tmp_path, seen) == [js] and b"sourceMappingURL" not in js.read_bytes()
    with monkeypatch.context() as patch:   # not read again: reading any file now fails
        patch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read again"))
        assert strip_source_map_refs(tmp_path, seen) == []
    js.write_bytes(b"let b = 2;\n/*# sourceMappingURL=bundle.css.map */\n")   # copied again by the next build
    assert strip_source_map_refs(tmp_path, seen) == [js] and b"sourceMappingURL" not in js.read_bytes()
