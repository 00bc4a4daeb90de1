"""Which data a page read while it was rendered, and which pages a save in data/ made stale (`make serve`, issue 20).

Why: under `make serve` a save in data/ rendered every page of every edition again (about 48 pages), though a
changed figure is shown on a few. While a page renders, every read of the `Dataset` is recorded (`Recorder`): a
field as a whole (`ds.laws`), which keys a field has (`code in ds.rows`, `set(ds.rows)`), or one item
(`ds.rows["electricity"]`). After a save the old and the new dataset are compared on exactly those reads
(`stale`): a page is rendered again only if something it read differs. The comparison is by value (pydantic models
and dataclasses compare field by field), so a save that changes a label re-renders the pages that show that row,
in every edition, and nothing else. Reads made outside any page (the macros' set-up, the site's texts) are kept as
the build's own: if one of them changed, every page is rendered again. Free of MkDocs: the plugin
(macros/plugin/live_preview.py) says when a page starts and ends.

A read can be finer than a field's item: a `derived` function of the dataset (a board count, the headings of a KPI
section, a chart's frame) is recorded as itself with its arguments, and compared by its answer, not by the fields
it is made from. Why: a director appointed after the period changes the board's member list but no count, and a
row added to a table changes its KPI file but not its captions; read as the whole board or the whole file, such a
save rendered the governance page, the content index and a chapter's chart again in every edition.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager

WHOLE, KEYS, ITEM, DERIVED = "whole", "keys", "item", "derived"
_MISSING = object()

PART = "part"   # a read of one part of the report: an attribute, a method's answer, a field of data/report.yaml
Read = tuple   # (field, WHOLE) | (field, KEYS) | (field, ITEM, key) | (function's name, DERIVED, arguments)
#              | (function's name, ANSWERED, arguments, its answer)
#              | ("report", PART, ("attr", name) | ("call", name, args, kwargs) | ("info", field))
_DERIVED: dict[str, Callable] = {}


class Recorder:
    """Collects the reads of one dataset into `reads` (a set the caller swaps from page to page; None: not now)."""

    def __init__(self):
        self.reads: set | None = None

    def note(self, read) -> None:
        """`read` is the current reader's (a view is kept between readers: the report the plugin reads once per
        build, first at its set-up, is read by every page after; each read goes to whoever reads now)."""
        if self.reads is not None:
            self.reads.add(read)

    def view(self, name: str, value):
        """What `ds.<name>` gives: a dict as a `DictReads` and the report as a `ReportReads`, which note each read
        when it is made (a view may be kept and read later, by another reader), anything else as it is (read whole).
        While nothing is recorded, a dict is given as it is (what checks the data reads, unrecorded, is plain)."""
        if name == "report":
            return ReportReads(value, self)
        if self.reads is None:
            return value
        if isinstance(value, dict):
            return DictReads(name, value, self)
        self.note((name, WHOLE))
        return value


class DictReads(Mapping):
    """A read-only view of one dict field of the dataset that notes which of its keys, or all, were read."""

    __slots__ = ("_name", "_data", "_recorder")

    def __init__(self, name: str, data: dict, recorder: Recorder):
        self._name, self._data, self._recorder = name, data, recorder

    def __getitem__(self, key):
        self._recorder.note((self._name, ITEM, key))
        return self._data[key]

    def get(self, key, default=None):
        self._recorder.note((self._name, ITEM, key))
        return self._data.get(key, default)

    def __contains__(self, key) -> bool:
        self._recorder.note((self._name, ITEM, key))
        return key in self._data

    def __iter__(self):
        self._recorder.note((self._name, KEYS))
        return iter(self._data)

    def __len__(self) -> int:
        self._recorder.note((self._name, KEYS))
        return len(self._data)

    def keys(self):
        self._recorder.note((self._name, KEYS))
        return self._data.keys()

    def values(self):
        self._recorder.note((self._name, WHOLE))
        return self._data.values()

    def items(self):
        self._recorder.note((self._name, WHOLE))
        return self._data.items()

    def __eq__(self, other) -> bool:
        self._recorder.note((self._name, WHOLE))
        return self._data == (other._data if isinstance(other, DictReads) else other)

    __hash__ = None

    def __repr__(self) -> str:
        return f"DictReads({self._name!r})"


class ReportReads:
    """The report (data/report.yaml and the UI strings) as a page reads it, noting each part: a UI string in a
    language (`t`, `t_text`, with its values), the title, the year, one field of data/report.yaml (`info.company`).
    Why: read whole, the report made every page stale at any save of report.yaml or ui_strings.yaml (the copyright
    line, which no article shows, rendered all 45 pages again). What it returns is the report's own (a method's
    answer, a field's value); a method that reads the report calls the report itself, unnoted."""

    __slots__ = ("_report", "_recorder")

    def __init__(self, report, recorder: Recorder):
        object.__setattr__(self, "_report", report)
        object.__setattr__(self, "_recorder", recorder)

    def __getattr__(self, name: str):
        value = getattr(self._report, name)
        if name == "info":
            return _InfoReads(value, self._recorder)
        if callable(value) and getattr(value, "__self__", None) is self._report:   # a method: its answer
            def answer(*args, **kwargs):
                read = ("call", name, args, tuple(sorted(kwargs.items())))
                try:
                    hash(read)
                except TypeError:            # an argument that cannot be compared later: the report read whole
                    self._recorder.note(("report", WHOLE))
                else:
                    self._recorder.note(("report", PART, read))
                return value(*args, **kwargs)
            return answer
        self._recorder.note(("report", PART, ("attr", name)))
        return value

    def __setattr__(self, name, value):
        raise AttributeError("the report is read-only while a page renders")


class _InfoReads:
    """data/report.yaml as the report's `info`: each field read is noted (`company`, `contact`, `site` …)."""

    __slots__ = ("_info", "_recorder")

    def __init__(self, info, recorder: Recorder):
        object.__setattr__(self, "_info", info)
        object.__setattr__(self, "_recorder", recorder)

    def __getattr__(self, name: str):
        self._recorder.note(("report", PART, ("info", name)))
        return getattr(self._info, name)

    def __setattr__(self, name, value):
        raise AttributeError("the report is read-only while a page renders")


def _report_part(report, part: tuple):
    """What a `ReportReads` read saw in `report`: an attribute, a method's answer, a field of `info`."""
    kind, name, *call = part
    if kind == "info":
        return getattr(report.info, name)
    if kind == "attr":
        return getattr(report, name)
    args, kwargs = call
    try:
        return getattr(report, name)(*args, **dict(kwargs))
    except Exception as exc:   # noqa: BLE001 - a string or field that is gone now answers otherwise: a change
        return ("failed", type(exc), str(exc))


@contextmanager
def unrecorded(ds):
    """Reads that only check the data are no one's: a failed check stops the build, a passed one changes no page."""
    recorder = object.__getattribute__(ds, "recorder")
    reads = recorder.reads if recorder is not None else None
    if recorder is not None:
        recorder.reads = None
    try:
        yield
    finally:
        if recorder is not None:
            recorder.reads = reads


def derived(fn: Callable) -> Callable:
    """`fn(ds, *args)`, a pure function of the dataset with hashable arguments, read as one read: what it answers
    (see the module's docstring). Its own reads of the dataset are not recorded."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    _DERIVED[name] = fn

    def note(ds, *args) -> None:
        """The read noted, not answered: for a caller that uses what the read stands for its own way (a text
        converted is read as what of the conversion can act on it, macros/model/dataset.py `conversion`)."""
        recorder = object.__getattribute__(ds, "recorder")
        if recorder is not None:
            recorder.note((name, DERIVED, args))

    @functools.wraps(fn)
    def read(ds, *args):
        note(ds, *args)
        with unrecorded(ds):
            return fn(ds, *args)

    read.note = note
    return read


ANSWERED = "answered"   # (function's name, ANSWERED, arguments, what it answered): a read of files outside data/


def answered(fn: Callable) -> Callable:
    """`fn(ds, *args)`, a function of the dataset and of files outside it (a page's headings, read from docs/), read
    with what it answered: such a read is stale when the function answers otherwise now (the dataset of the last
    build cannot say what a file said then). Its answer must be hashable. Why: the content index names the pages'
    headings; a heading reworded in one page left the index with the former words under `make serve`."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    _DERIVED[name] = fn

    @functools.wraps(fn)
    def read(ds, *args):
        recorder = object.__getattribute__(ds, "recorder")
        with unrecorded(ds):
            answer = _answer(fn, ds, args)
        if recorder is not None:
            recorder.note((name, ANSWERED, args, answer))
        if answer[:1] == ("failed",):
            return fn(ds, *args)   # the error, as the reader would have met it
        return answer

    return read


def _answer(fn, ds, args):
    """What `fn(ds, *args)` answers; a function that fails (a file gone, an id removed) answers otherwise: a change."""
    try:
        return fn(ds, *args)
    except Exception as exc:   # noqa: BLE001 - see the docstring
        return ("failed", type(exc), str(exc))


def _value(ds, read: Read):
    """What `read` saw in `ds` (read without recording)."""
    if read[1] == DERIVED:
        with unrecorded(ds):
            return _answer(_DERIVED[read[0]], ds, read[2])
    with unrecorded(ds):
        value = getattr(ds, read[0])
    if read[1] == PART:
        return _report_part(value, read[2])
    if read[1] == WHOLE:
        return value
    if read[1] == KEYS:
        return set(value)
    return value.get(read[2], _MISSING) if isinstance(value, dict) else _MISSING


def _differs(read: Read, old, new) -> bool:
    if read[1] == ANSWERED:   # what it answered then, against what it answers now
        with unrecorded(new):
            return _answer(_DERIVED[read[0]], new, read[2]) != read[3]
    return _value(old, read) != _value(new, read)


def changed(reads: Iterable[Read], old, new) -> set[Read]:
    """The reads whose answer differs between the dataset `old` and the dataset `new`."""
    return {read for read in reads if _differs(read, old, new)}


def stale(pages: Mapping[str, Iterable[Read]], old, new) -> set[str]:
    """The pages (any key: the site's path of each page, in every edition) that read something the save changed."""
    verdict: dict[Read, bool] = {}
    out = set()
    for page, reads in pages.items():
        for read in reads:
            if read not in verdict:
                verdict[read] = _differs(read, old, new)
            if verdict[read]:
                out.add(page)
                break
    return out
