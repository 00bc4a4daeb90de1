"""The report's diagrams (governance structure, three lines of defence, material issues) as inline SVG, drawn at
build time from data/diagrams.yaml, each with its content as a list beside it.

Why: the printed report draws these as pictures, and the site had flattened them into nested lists. Drawn from data,
one source gives every edition its diagram; no JavaScript, nothing fetched. The drawing is 340 units wide like the
charts (macros/render/charts.py), so on a 375 px phone its text shows at about its own size (15/14/13 px); labels
are wrapped by measured width (a CJK character is one em, Latin text about half). Colours are CSS classes (esg-dg-*)
that follow the light and dark palettes on the site (docs/assets/extra.css) and overrides/pdf/chart.css in the PDF.
Each SVG has role="img", a <title>, and aria-describedby pointing at a list with the same content (and the duties
the report gives for each body): in a <details> when it only repeats the drawing, shown as text when it carries
the duties too (it replaces the report's table of them).
"""

from __future__ import annotations

from .escaping import escape

from ..model.dataset import Dataset
from ..model.schema import Diagram, DiagramGroup
from .textfit import fit_px, wrap

WIDTH = 340
NAME_PX = 15      # a box's name (tree)
ITEM_PX = 14      # a column's items and heading
TIER_PX = 13      # a tree level's label
LINE_GAP = 1.35   # line height, in ems
MIN_PX = 13       # a tree puts fewer boxes side by side rather than go below this
PAD = 8           # inside a box
GAP = 8           # between boxes side by side
LEVEL_GAP = 26    # between tree levels (the connector's room)
PER_ROW = 3       # boxes side by side at most in a tree level
SINGLE_W = 220    # a tree level's lone box
NUM_W = 24        # room for an item's number in a numbered column
BOLD = 1.08       # bold text is about this much wider
EDGE = 1          # room around the drawing for the outlines of boxes on its edge (stroke 1.5: 0.75 outside)
# a band of a bands diagram, with its top and height in SVG units: the PDF draws each band as a drawing of its own, so
# that a page may end between two (macros/render/pdf_pages.py split_bands)
BAND_CLASS = "esg-dg-band"

def _lines_svg(lines: list[str], cls: str, x: float, top: float, px: float, anchor: str = "middle",
               size: bool = False) -> str:
    """Lines of text whose first line's box starts at `top`, centred on (or starting at) x; `size` writes the font
    size on the element (when it differs from the class's) as SVG's presentation attribute, not a style attribute:
    the page has no inline style (the CSP allows none), and the class rules skip `text[font-size]`."""
    step = px * LINE_GAP
    style = f' font-size="{px:.1f}px"' if size else ""
    return "".join(
        f'<text class="{cls}" x="{x:.1f}" y="{top + px + i * step - px * 0.2:.1f}" text-anchor="{anchor}"{style}>'
        f"{escape(line)}</text>" for i, line in enumerate(lines))


def _block_h(n_lines: int, px: float) -> float:
    return n_lines * px * LINE_GAP


# ── tree: levels from top to bottom ─────────────────────────────────────────
def _tree(diagram: Diagram, lang: str) -> tuple[str, float]:
    parts, y = [], 0.0
    above: tuple[float, float] | None = None  # (x, y) where the line from the level above starts
    for group in diagram.groups:
        if group.label is not None:
            y += 2
            parts.append(_lines_svg([group.label.get(lang)], "esg-dg-tier", 0, y, TIER_PX, "start"))
            y += TIER_PX * LINE_GAP + 2
        names = [n.name.get(lang) for n in group.nodes]
        for per_row in range(min(len(names), PER_ROW), 0, -1):   # fewer boxes a row if a long word would shrink
            inner = WIDTH - 2 * PAD if len(names) > per_row else WIDTH   # several rows sit inside a frame
            box_w = SINGLE_W if per_row == 1 else (inner - (per_row - 1) * GAP) / per_row
            px = fit_px(names, box_w - 2 * PAD, NAME_PX)
            if px >= MIN_PX:
                break
        rows = [names[i:i + per_row] for i in range(0, len(names), per_row)]
        framed = len(rows) > 1          # several rows: one frame round them, one line into it
        top = y
        if framed:
            y += PAD
        row_tops, row_centres = [], []
        for row in rows:
            wrapped = [wrap(name, box_w - 2 * PAD, px) for name in row]
            h = _block_h(max(len(w) for w in wrapped), px) + 2 * PAD
            row_w = len(row) * box_w + (len(row) - 1) * GAP
            x0 = (WIDTH - row_w) / 2
            centres = []
            for i, lines in enumerate(wrapped):
                x = x0 + i * (box_w + GAP)
                parts.append(f'<rect class="esg-dg-box" x="{x:.1f}" y="{y:.1f}" width="{box_w:.1f}" height="{h:.1f}" '
                             f'rx="4"/>')
                text_top = y + (h - _block_h(len(lines), px)) / 2
                parts.append(_lines_svg(lines, "esg-dg-name", x + box_w / 2, text_top, px, size=px != NAME_PX))
                centres.append(x + box_w / 2)
            row_tops.append(y)
            row_centres.append(centres)
            y += h + GAP
        y -= GAP
        if framed:
            y += PAD
            parts.append(f'<rect class="esg-dg-frame" x="0.5" y="{top:.1f}" width="{WIDTH - 1}" '
                         f'height="{y - top:.1f}" rx="6"/>')
        if above is not None:
            ax, ay = above
            targets = [WIDTH / 2] if framed else row_centres[0]
            target_y = top if framed else row_tops[0]
            bus = target_y - LEVEL_GAP / 2 if group.label is None else ay + LEVEL_GAP / 2
            bus = min(bus, target_y - 6)
            parts.append(f'<path class="esg-dg-line" d="M{ax:.1f} {ay:.1f}V{bus:.1f}'
                         + (f'M{min(targets):.1f} {bus:.1f}H{max(targets):.1f}' if len(targets) > 1 else "")
                         + "".join(f"M{tx:.1f} {bus:.1f}V{target_y:.1f}" for tx in targets) + '"/>')
        above = (WIDTH / 2, y)
        y += LEVEL_GAP
    return "".join(_behind_lines(parts)), y - LEVEL_GAP


def _behind_lines(parts: list[str]) -> list[str]:
    """Connectors first, so that a box is drawn over a line's end."""
    return [p for p in parts if p.startswith("<path")] + [p for p in parts if not p.startswith("<path")]


# ── columns: groups side by side ────────────────────────────────────────────
def _columns(diagram: Diagram, lang: str) -> tuple[str, float]:
    k = len(diagram.groups)
    col_w = (WIDTH - (k - 1) * GAP) / k
    parts, bottom = [], 0.0
    labels = [g.label.get(lang) for g in diagram.groups]
    head_w = (col_w - 2 * PAD) / BOLD   # headings are bold: wider
    head_px = fit_px(labels, head_w, ITEM_PX)
    heads = [wrap(label, head_w, head_px) for label in labels]
    head_h = _block_h(max(len(h) for h in heads), head_px) + 2 * PAD   # one height: the columns' items line up
    item_w = col_w - (NUM_W + PAD if diagram.numbered else 2 * PAD)
    names = [[n.name.get(lang) for n in g.nodes] for g in diagram.groups]
    px = fit_px([name for group in names for name in group], item_w, ITEM_PX)
    wrapped = [[wrap(name, item_w, px) for name in group] for group in names]
    # boxes side by side have one height, row by row
    row_h = [max(len(g[i]) for g in wrapped if i < len(g)) for i in range(max(len(g) for g in wrapped))]
    for c, group in enumerate(wrapped):
        x = c * (col_w + GAP)
        parts.append(f'<rect class="esg-dg-head" x="{x:.1f}" y="0" width="{col_w:.1f}" height="{head_h:.1f}" rx="4"/>')
        parts.append(_lines_svg(heads[c], "esg-dg-headtext", x + col_w / 2,
                                (head_h - _block_h(len(heads[c]), head_px)) / 2, head_px, size=head_px != ITEM_PX))
        y = head_h + GAP
        for n, lines in enumerate(group, start=1):
            if diagram.numbered:
                h = _block_h(len(lines), px)
                parts.append(_lines_svg([str(n)], "esg-dg-num", x + NUM_W - 5, y + 3, px, "end", px != ITEM_PX))
                parts.append(_lines_svg(lines, "esg-dg-item", x + NUM_W, y + 3, px, "start", px != ITEM_PX))
                y += h + 6
                parts.append(f'<path class="esg-dg-rule" d="M{x:.1f} {y:.1f}H{x + col_w:.1f}"/>')
                y += 3
            else:
                h = _block_h(row_h[n - 1], px) + 2 * PAD
                parts.append(f'<rect class="esg-dg-box" x="{x:.1f}" y="{y:.1f}" width="{col_w:.1f}" height="{h:.1f}" '
                             f'rx="4"/>')
                top = y + (h - _block_h(len(lines), px)) / 2
                parts.append(_lines_svg(lines, "esg-dg-item", x + col_w / 2, top, px, size=px != ITEM_PX))
                y += h + GAP
        if not diagram.numbered:
            y -= GAP
        bottom = max(bottom, y)
    return "".join(parts), bottom


# ── bands: groups one under another, each a heading across the width and its items two by two ───────────────
def _bands(diagram: Diagram, lang: str) -> tuple[str, float]:
    per_row = 2
    col_w = (WIDTH - (per_row - 1) * GAP) / per_row
    item_w = col_w - (NUM_W + 4 if diagram.numbered else 2 * PAD)
    names = [n.name.get(lang) for g in diagram.groups for n in g.nodes]
    px = fit_px(names, item_w, ITEM_PX)
    bands, y = [], 0.0
    for group in diagram.groups:
        parts, top = [], y
        head = wrap(group.label.get(lang), (WIDTH - 2 * PAD) / BOLD, ITEM_PX)
        head_h = _block_h(len(head), ITEM_PX) + PAD
        parts.append(f'<rect class="esg-dg-head" x="0" y="{y:.1f}" width="{WIDTH}" height="{head_h:.1f}" rx="4"/>')
        parts.append(_lines_svg(head, "esg-dg-headtext", PAD, y + PAD / 2, ITEM_PX, "start"))
        y += head_h + 4
        items = [wrap(n.name.get(lang), item_w, px) for n in group.nodes]
        for r in range(0, len(items), per_row):
            row = items[r:r + per_row]
            h = _block_h(max(len(lines) for lines in row), px)
            for c, lines in enumerate(row):
                x, n = c * (col_w + GAP), r + c + 1
                if diagram.numbered:
                    parts.append(_lines_svg([str(n)], "esg-dg-num", x + NUM_W - 5, y + 3, px, "end", px != ITEM_PX))
                parts.append(_lines_svg(lines, "esg-dg-item", x + (NUM_W if diagram.numbered else PAD), y + 3, px,
                                        "start", px != ITEM_PX))
            y += h + 6
            parts.append(f'<path class="esg-dg-rule" d="M0 {y:.1f}H{WIDTH}"/>')
            y += 3
        bands.append(f'<g class="{BAND_CLASS}" data-y="{top:.1f}" data-h="{y - top:.1f}">{"".join(parts)}</g>')
        y += GAP
    return "".join(bands), y - GAP


# ── the text beside it ──────────────────────────────────────────────────────
def _node_li(ds: Dataset, lang: str, group: DiagramGroup, node, inner: str = "") -> str:
    name = escape(node.name.get(lang))
    head = (ds.report.t("diagram_label", lang, label=escape(group.label.get(lang)), name=name)
            if group.label is not None and len(group.nodes) == 1 else name)
    text = f'<p>{escape(node.text.get(lang))}</p>' if node.text else ""
    return f"<li><strong>{head}</strong>{text}{inner}</li>" if node.text or group.label else f"<li>{head}{inner}</li>"


def text_html(ds: Dataset, diagram: Diagram, lang: str) -> str:
    """The diagram's content as a list: a tree as nested lists (each level inside the one above), columns as one
    item per column with its items (an ordered list when numbered)."""
    if diagram.layout == "tree":
        inner = ""
        for group in reversed(diagram.groups):
            if len(group.nodes) > 1 and group.label is None and not any(n.text for n in group.nodes):
                # bodies side by side with nothing more to say: one line, as the report writes them (財務部、法務部…)
                names = escape(group.nodes[0].name.get(lang))
                for node in group.nodes[1:]:
                    names = ds.report.t("diagram_join", lang, a=names, b=escape(node.name.get(lang)))
                inner = f"<ul><li>{names}{inner}</li></ul>"
                continue
            items = [_node_li(ds, lang, group, node) for node in group.nodes[:-1]]
            items.append(_node_li(ds, lang, group, group.nodes[-1], inner))
            inner = "<ul>" + "".join(items) + "</ul>"
        return inner
    items = []
    for group in diagram.groups:
        if len(group.nodes) == 1 and not diagram.numbered:
            items.append(_node_li(ds, lang, group, group.nodes[0]))
            continue
        tag = "ol" if diagram.numbered else "ul"
        sub = "".join(f"<li>{escape(n.name.get(lang))}</li>" for n in group.nodes)
        items.append(f"<li><strong>{escape(group.label.get(lang))}</strong><{tag}>{sub}</{tag}></li>")
    return "<ul>" + "".join(items) + "</ul>"


def diagram_html(ds: Dataset, diagram_id: str, lang: str) -> str:
    diagram = ds.diagrams[diagram_id]
    body, height = {"tree": _tree, "columns": _columns, "bands": _bands}[diagram.layout](diagram, lang)
    did = "diagram-" + diagram.id.replace("_", "-")
    title = diagram.title.get(lang)
    # the view has a unit of room on every side: a box on the edge (x=0, or ending at WIDTH) keeps its whole outline,
    # half of which lies outside the drawing's own width (the PDF clipped the right box of the committees)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-{EDGE} -{EDGE} {WIDTH + 2 * EDGE} '
           f'{height + 1 + 2 * EDGE:.0f}" role="img" '
           f'aria-labelledby="{did}-t" aria-describedby="{did}-d" focusable="false">'
           f'<title id="{did}-t">{escape(title)}</title>{body}</svg>')
    listing = text_html(ds, diagram, lang)
    has_text = any(n.text for g in diagram.groups for n in g.nodes)
    if has_text:
        text = f'<div class="esg-dg-text" id="{did}-d">{listing}</div>'
    else:
        summary = ds.report.t("diagram_text", lang, title=title)
        text = (f'<details class="esg-dg-text"><summary>{escape(summary)}</summary>'
                f'<div id="{did}-d">{listing}</div></details>')
    return f'<figure class="esg-diagram" id="{did}">{svg}{text}</figure>'
