"""Mark what changed since the report was printed: a restated figure, a row or a director added afterwards.

Why: a listed company that corrects a published ESG figure says so beside the figure. The mark and its note come
from data/restatements.yaml and the rows' `added:` dates; they are the website's words (data/ui_strings.yaml), in
every edition, and the PDF shows them because it is made from the same page HTML.
"""

from __future__ import annotations

import datetime as dt

from .download_centre import day
from .escaping import Markup, escape
from .formatting import fmt
from ..model.dataset import Dataset
from ..model.printed import shown


def restated_mark(ds: Dataset, kpi_id: str, year: int, lang: str, note: bool = False) -> str:
    """The short "restated" mark right after a figure (a KPI's or a fact's); empty for a figure as printed. With
    `note` (a figure quoted in a sentence, which has no row to carry the note under its label): its note (when, what
    was printed, why) as its title, shown in the text when the mark is tapped or focused (docs/assets/extra.css)."""
    r = ds.restated.get((kpi_id, year))
    if r is None:
        return ""
    mark = ds.report.t("restated", lang)
    if not note:
        return Markup('<small class="esg-restated">{}</small>').format(mark)
    # Markup: kpi() and fact() add it to their escaped figure (Markup), which would escape a plain str again
    return Markup('<small class="esg-restated" tabindex="0" title="{}">{}</small>').format(_note(ds, year, r, lang),
                                                                                           mark)


def _note(ds: Dataset, year: int, r, lang: str) -> str:
    """A restatement's note as the pages say it, as plain text: when, what was printed, and why."""
    return ds.report.t_text("restated_note", lang, year=year, date=day(r.date, ds.report, lang),
                            printed=fmt(r.printed, ds.report.editions[lang]), reason=r.reason.get(lang))


def restated_notes_html(ds: Dataset, kpi_id: str, lang: str) -> str:
    """Under a row's label, one line per restated year: when, what was printed, and why."""
    out = []
    for (rid, year), r in sorted(ds.restated.items()):
        if rid != kpi_id:
            continue
        out.append(f'<br><small class="esg-site-note esg-restated-note">{escape(_note(ds, year, r, lang))}</small>')
    return "".join(out)


def added_note_html(ds: Dataset, added: dt.date | None, lang: str) -> str:
    """Under a row's label or a director's name: added after the report was printed, and when."""
    if added is None:
        return ""
    text = ds.report.t("added_note", lang, date=day(added, ds.report, lang))
    return f'<br><small class="esg-site-note esg-added-note">{escape(text)}</small>'


def restated_text(ds: Dataset, kpi_id: str, year: int, lang: str) -> str:
    """The same note as plain text, for the downloads (empty when the figure is as printed)."""
    r = ds.restated.get((kpi_id, year))
    if r is None:
        return ""
    return ds.report.t_text("restated_note", lang, year=year, date=r.date.isoformat(),
                       printed=shown(r.printed),
                       reason=r.reason.get(lang))
