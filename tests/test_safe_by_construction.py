"""Safe by construction: the project's own hostile suite, organised by the route by which content enters the output.

Routes: page text (Jinja in pages, characters, files), front matter, nav titles, every kind of data file (YAML
loading, texts), UI strings and the phrase table (escaping), the final HTML (header and footer included), assets.
Each case asserts a refusal that names the file and the line, or a neutralised output that the test checks. Almost
every case is a unit test on a pure function; two build a two-page site to prove the hooks are wired.
"""

from __future__ import annotations

import re

import pytest

from conftest import HAND, LOCALES, ROOT, edit, mkdocs_config

TRAD = next(lang for lang in HAND if lang in LOCALES.traditional)
OTHER = next(lang for lang in HAND if lang != TRAD)


# ── route: page text — Jinja in a page is a call of our macros with plain arguments, nothing else ──────────────
def _jinja_syntax() -> dict[str, str]:
    plugin = next(p["macros"] for p in mkdocs_config()["plugins"] if isinstance(p, dict) and "macros" in p)
    return {key[3:]: value for key, value in plugin.items() if key.startswith("j2_")}


MACROS = frozenset({"kpi", "fact", "money", "kpi_table", "masthead"})
VARIABLES = frozenset({"report_year"})

# (case, the page's Jinja, words the problem must contain)
JINJA_REFUSED = [
    ("globals through self", "{{ self.__init__.__globals__['os'].popen('id').read() }}", ["attribute or item access"]),
    ("plugin's macros_info", "{{ macros_info() }}", ["'macros_info' is not one of our macros"]),
    ("string assembled into markup", '{{ "<meta http-equiv" ~ "=refresh>" }}', ["expression (Concat)"]),
    ("undocumented filter", '{{ kpi("x") | safe }}', ["filter |safe"]),
    ("filter on a literal", '{{ "<b>" | e }}', ["filter |e"]),
    ("if statement", "{% if true %}x{% endif %}", ["{% if %} statement"]),
    ("set statement", "{% set x = 1 %}", ["statement"]),
    ("include of a machine file", '{% include "/etc/passwd" %}', ["{% include %} statement"]),
    ("import", '{% import "x" as y %}', ["statement"]),
    ("for loop", "{% for i in range(3) %}{{ i }}{% endfor %}", ["{% for %} statement"]),
    ("macro definition", "{% macro m() %}x{% endmacro %}", ["{% macro %} statement"]),
    ("config variable", "{{ config }}", ["'config' is not one of the page variables"]),
    ("page object", "{{ page.file.abs_src_path }}", ["attribute or item access .abs_src_path"]),
    ("environment variable lookup", "{{ environment }}", ["'environment' is not one of the page variables"]),
    ("Jinja global range", "{{ range(10**9) }}", ["'range' is not one of our macros"]),
    ("Jinja global cycler", "{{ cycler.__init__.__globals__ }}", ["attribute or item access"]),
    ("method on a macro's result", '{{ kpi("x").upper() }}', ["a call of attribute or item access .upper"]),
    ("expression as argument", '{{ kpi("employees" ~ "_total") }}', ["argument is an expression"]),
    ("name as argument", "{{ kpi(report_year) }}", ["argument is the name 'report_year'"]),
    ("attribute as argument", "{{ fact(self.x) }}", ["argument is attribute or item access"]),
    ("**kwargs", "{{ kpi(**{'kpi_id': 'x'}) }}", ["*args or **kwargs"]),
    ("conditional expression", '{{ kpi("x") if true else "" }}', ["expression (CondExpr)"]),
    ("macro not called", "{{ kpi }}", ["named but not called"]),
    ("arithmetic", "{{ 7 * 191 }}", ["expression (Mul)"]),
    ("a bare literal", '{{ "<script>" }}', ["a literal value"]),
    ("unclosed", "{{ kpi('x')", ["a {{ is not closed with }}"]),
]


@pytest.mark.parametrize("case,text,words", JINJA_REFUSED, ids=[c[0] for c in JINJA_REFUSED])
def test_jinja_other_than_a_macro_call_is_refused_with_its_line(case, text, words):
    from macros.model.page_template import template_problems

    page = f"# Title {{#t}}\n\nSome text.\n{text}\n"
    problems = template_problems(page, MACROS, VARIABLES, _jinja_syntax())
    assert problems, f"{case}: passed"
    line, what, fix = problems[0]
    assert line == 4, f"{case}: line {line}: {what}"
    assert fix, case
    for word in words:
        assert word in what, f"{case}: {word!r} not in {what!r}"


JINJA_ALLOWED = ['{{ kpi("employees_total") }}', '{{ kpi("employees_total", 2021) }}',
                 '{{ kpi("board_total", words=True) }}', "{{ report_year }}", '{{ kpi_table("ghg", [2021, 2022]) }}',
                 "{{ masthead() }}", "## Scope {#scope}", "{#~ a comment ~#}", "{%raw%}{{ shown }}{%endraw%}"]


@pytest.mark.parametrize("text", JINJA_ALLOWED)
def test_the_documented_forms_pass(text):
    from macros.model.page_template import template_problems

    assert template_problems(text, MACROS, VARIABLES, _jinja_syntax()) == []


def test_a_pages_calls_are_checked_against_the_data_of_each_build_not_the_first():
    """A page's parse is kept per text (make serve checks every page at every save); its calls are not: a save in
    data/ that leaves a page's call naming nothing is told, though the page's text is the same."""
    from macros.model.page_template import template_problems

    page = '# Title {#t}\n\n{{ kpi("employees_total") }} and {{ kpi("board_total", words=True) }}\n'
    known = {"employees_total", "board_total"}

    def check(name, args, kwargs):
        return None if args[0] in known else (f"unknown KPI id '{args[0]}'", "use an id of data/kpis/")

    assert template_problems(page, MACROS, VARIABLES, _jinja_syntax(), check) == []
    known.discard("board_total")   # the data changed, the page did not
    told = template_problems(page, MACROS, VARIABLES, _jinja_syntax(), check)
    assert [(line, what) for line, what, _ in told] == [(3, "kpi('board_total', words=True): unknown KPI id "
                                                            "'board_total'")]


def test_every_page_of_the_report_uses_only_the_documented_forms():
    """No false alarm on the report itself, with the macros the build registers."""
    from macros.model.page_template import template_problems
    from macros.page_macros import PAGE_VARIABLES

    names = set(re.findall(r"^    def (\w+)\(", (ROOT / "macros" / "page_macros.py").read_text(), re.M))
    for path in sorted((ROOT / "docs").glob("*.md")):
        assert template_problems(path.read_text(encoding="utf-8"), names, PAGE_VARIABLES, _jinja_syntax()) == [], path


def test_the_sandbox_is_a_second_wall():
    """Even if a construct got past the parse, the environment the macros render with refuses Python internals."""
    from jinja2 import Environment
    from jinja2.exceptions import SecurityError

    from macros.plugin.safe_pages import sandboxed

    wall = sandboxed(Environment(comment_start_string="{#~", comment_end_string="~#}"))
    with pytest.raises(SecurityError):
        wall.from_string("{{ ''.__class__.__mro__[1].__subclasses__() }}").render()
    assert wall.from_string("{#~ c ~#}{#id}").render() == "{#id}"   # the project's delimiters are kept


HOME = ("# 首頁 {#home}\n\n正文。\n", "# Home {#home}\n\nText.\n")


def test_a_page_that_reaches_python_stops_the_build_before_rendering(mini_project, tmp_path):
    """The hook is wired: the page is refused with file and line, and the command never ran."""
    marker = tmp_path / "ran"
    bad = f"{{{{ self.__init__.__globals__.__builtins__.open('{marker}', 'w').write('x') }}}}"
    code, output = mini_project({"index": HOME, "other": ("# 另一頁 {#o}\n\n正文。\n", f"# Other {{#o}}\n\n{bad}\n")})
    assert code != 0, output[-2000:]
    assert "docs/other.en.md:3: {{ … }}: a call of attribute or item access" in output, output[-3000:]
    assert "How to fix:" in output
    assert not marker.exists()


# ── route: every kind of data file — bounded, plain YAML, refused with file and line before anything is built ──
DATA_FILES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "data").rglob("*.yaml"))
# (case, what is appended to the file, words the message must contain). The appended line is the file's last + 1.
YAML_APPENDED = [
    ("alias bomb", 'zz_a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]\nzz_b: [*a, *a, *a, *a, *a, *a, *a]\n',
     ["anchors and aliases"]),
    ("python name tag", "zz: !!python/name:os.system\n", ["tag", "python/name:os.system", "not allowed"]),
    ("python object tag", 'zz: !!python/object/apply:os.system ["id"]\n', ["tag", "not allowed"]),
    ("binary tag", "zz: !!binary aGk=\n", ["tag", "binary"]),
    ("deep nesting", "zz: " + "[" * 5000 + "]" * 5000 + "\n", ["nested more than"]),
    ("deep block nesting", "zz:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(30)) + " " * 31 + "x: 1\n",
     ["nested more than"]),
]


@pytest.mark.parametrize("rel", DATA_FILES)
@pytest.mark.parametrize("case,tail,words", YAML_APPENDED, ids=[c[0] for c in YAML_APPENDED])
def test_unbounded_or_unplain_yaml_is_refused_in_every_data_file(tmp_path, rel, case, tail, words):
    from macros.model.yamlsrc import DataError, DataErrors, load

    text = (ROOT / rel).read_text(encoding="utf-8").rstrip("\n") + "\n"
    path = tmp_path / "f.yaml"
    path.write_text(text + tail, encoding="utf-8")
    with pytest.raises((DataError, DataErrors)) as info:
        load(path, rel)
    message = str(info.value)
    first_bad = text.count("\n") + 1
    found = re.search(rf"{re.escape(rel)}:(\d+): ", message)
    assert found and first_bad <= int(found.group(1)) <= first_bad + tail.count("\n"), f"{case}: {message}"
    for word in words:
        assert word in message, f"{case}: {word!r} not in {message}"


@pytest.mark.parametrize("rel", DATA_FILES + ["data/jieba_user_dict.txt"])
def test_a_data_file_that_is_not_utf8_is_refused_at_its_line(tmp_path, rel):
    from macros.model.yamlsrc import DataError, read_source

    raw = (ROOT / rel).read_bytes()
    path = tmp_path / "f"
    path.write_bytes(raw + b"zz: caf\xe9\n")
    with pytest.raises(DataError) as info:
        read_source(path, rel)
    line = raw.count(b"\n") + 1
    assert f"{rel}:{line}: " in str(info.value) and "not UTF-8" in str(info.value), str(info.value)


def test_a_data_file_that_is_a_link_or_too_large_is_refused(tmp_path):
    from macros.model.yamlsrc import MAX_BYTES, DataError, load

    secret = tmp_path / "secret.yaml"
    secret.write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "units.yaml").symlink_to(secret)
    with pytest.raises(DataError, match=r"data/units.yaml: .*symbolic link"):
        load(tmp_path / "data" / "units.yaml", "data/units.yaml")
    (tmp_path / "data" / "kpis").symlink_to(tmp_path, target_is_directory=True)   # a linked folder
    with pytest.raises(DataError, match="symbolic link"):
        load(tmp_path / "data" / "kpis" / "secret.yaml", "data/kpis/secret.yaml")
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * MAX_BYTES + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="at most"):
        load(big, "data/big.yaml")


# (case, file, old, new, words): one value of a real file changed; the message names the line of the change
YAML_VALUES = [
    ("year as number and as text", "data/kpis/social.yaml", "values: {2021: 502, 2022: 605}",
     'values: {2021: 502, 2022: 605, "2022": 606}', ["'2022' appears twice", "once in quotes"]),
    ("key as text and as number", "data/kpis/social.yaml", "values: {2021: 502, 2022: 605}",
     'values: {"2021": 502, 2022: 605, 2021: 1}', ["'2021' appears twice"]),
    ("minus zero", "data/kpis/social.yaml", "values: {2021: 502, 2022: 605}", "values: {2021: 502, 2022: -0}",
     ["'-0' is zero with a minus sign"]),
    ("minus zero with decimals", "data/kpis/social.yaml", "values: {2021: 502, 2022: 605}",
     "values: {2021: 502, 2022: -0.00}", ["'-0.00' is zero with a minus sign"]),
    ("31-digit count", "data/kpis/social.yaml", "values: {2021: 502, 2022: 605}",
     "values: {2021: 502, 2022: 1234567890123456789012345678901}", ["has 31 digits"]),
    ("overlong decimal", "data/kpis/social.yaml", "values: {2021: 502, 2022: 605}",
     "values: {2021: 502, 2022: 0.1234567890123456789}", ["has 20 digits"]),
    ("site address breaking out of the canonical link", "data/report.yaml",
     '  url: "https://medlive-esg.github.io/esg-report-{year}/"',
     '  url: "https://medlive-esg.github.io/esg-report-{year}/\\"><img/src=x/onerror=alert(1)>/"', ["site.url"]),
    ("site address with an ampersand the sitemap's XML cannot hold", "data/report.yaml",
     '  url: "https://medlive-esg.github.io/esg-report-{year}/"', '  url: "https://medlive-esg.github.io/a&b/"',
     ["site.url"]),
    ("IR website breaking out of the PDF's link", "data/report.yaml", "  ir_website: https://ir.medlive.cn/",
     "  ir_website: \"https://ir.medlive.cn/'><svg/onload=alert(1)>\"", ["contact.ir_website"]),
    ("IR website with a space", "data/report.yaml", "  ir_website: https://ir.medlive.cn/",
     "  ir_website: https://ir.medlive.cn/a b", ["contact.ir_website"]),
    # texts the build fills in with str.format: names only, each one the code gives (text.template_problem)
    ("report title with a misspelt placeholder", "data/report.yaml",
     '  en: "{year} Environmental, Social and Governance Report"',
     '  en: "{yaer} Environmental, Social and Governance Report"', ["title.en", "'{yaer}' is not a value", "{year}"]),
    ("report title reaching Python internals", "data/report.yaml",
     '  en: "{year} Environmental, Social and Governance Report"', '  en: "{year.__class__} Report"',
     ["title.en", "{year.__class__} is not a plain name"]),
    ("report title padded to a hundred million characters", "data/report.yaml",
     '  en: "{year} Environmental, Social and Governance Report"', '  en: "{year:>99999999} Report"',
     ["{year:>99999999} is not a plain name"]),
    ("file names with an empty placeholder", "data/report.yaml", 'files: "medlive-esg-{year}"',
     'files: "medlive-esg-{}"', ["files", "{} is not a plain name"]),
    ("month with a misspelt placeholder", "data/report.yaml", 'month: "{y}年{m}月"', 'month: "{y}年{mm}月"',
     ["month", "'{mm}' is not a value", "{y}, {m}, {month}"]),
    ("site address with a misspelt placeholder", "data/report.yaml",
     '  url: "https://medlive-esg.github.io/esg-report-{year}/"',
     '  url: "https://medlive-esg.github.io/esg-report-{yaer}/"', ["site.url", "'{yaer}' is not a value"]),
    ("superscript year", "data/kpis/social.yaml", "values: {2021: 502, 2022: 605}", "values: {2021: 502, ²: 605}",
     ["'²' is not a year", "digits 0-9"]),
    ("full-width year", "data/kpis/social.yaml", "values: {2021: 502, 2022: 605}",
     "values: {2021: 502, ２０２２: 605}", ["'２０２２' is not a year"]),
    ("lone surrogate", "data/kpis/social.yaml", "en: Labour contract signing rate",
     'en: "Labour \\ud800 rate"', ["U+D800"]),
]


@pytest.mark.parametrize("case,rel,old,new,words", YAML_VALUES, ids=[c[0] for c in YAML_VALUES])
def test_a_value_no_editor_means_is_refused_with_its_line(data_copy, case, rel, old, new, words):
    from macros.model.dataset import DataErrors, load_dataset
    from macros.model.yamlsrc import DataError

    line = edit(data_copy, rel, old, new)
    with pytest.raises((DataError, DataErrors)) as info:
        load_dataset(data_copy)
    message = str(info.value)
    assert f"{rel}:{line}: " in message, f"{case}: {message}"
    for word in words:
        assert word in message, f"{case}: {word!r} not in {message}"


# ── route: text — invisible, direction-control and look-alike characters, with the character's Unicode name ────
# (case, text, words): refused in a data text (yamlsrc), a page line (safe_pages) and a nav title alike
TEXT_REFUSED = [
    ("left-to-right isolate", "Scope\u2066 1", ["U+2066", "LEFT-TO-RIGHT ISOLATE"]),
    ("first strong isolate", "Scope\u2068 1", ["U+2068", "FIRST STRONG ISOLATE"]),
    ("pop directional isolate", "Scope 1\u2069", ["U+2069", "POP DIRECTIONAL ISOLATE"]),
    ("right-to-left override", "Scope\u202e 1", ["U+202E", "RIGHT-TO-LEFT OVERRIDE"]),
    ("soft hyphen", "Envi\u00adronment", ["U+00AD", "SOFT HYPHEN"]),
    ("tag characters", "Scope\U000e0041\U000e0042", ["U+E0041", "TAG LATIN CAPITAL LETTER A"]),
    ("word joiner", "Scope\u2060 1", ["U+2060", "WORD JOINER"]),
    ("zero width non-joiner", "Sco\u200cpe", ["U+200C", "ZERO WIDTH NON-JOINER"]),
    ("line separator", "Scope\u2028 1", ["U+2028", "LINE SEPARATOR"]),
    ("Hangul filler", "Scope \u3164", ["U+3164", "HANGUL FILLER"]),
    ("Mongolian vowel separator", "Sco\u180epe", ["U+180E"]),
    ("Arabic letter mark", "Scope\u061c 1", ["U+061C", "ARABIC LETTER MARK"]),
    ("Cyrillic e in an English word", "Medliv\u0435 users", ["Medliv\u0435", "CYRILLIC SMALL LETTER IE"]),
    ("Cyrillic o in a word", "Sc\u043epe 1", ["CYRILLIC SMALL LETTER O"]),
    ("Greek omicron in a word", "Sc\u03bfpe 1", ["GREEK SMALL LETTER OMICRON"]),
    ("a whole word of Cyrillic look-alikes", "\u0421\u043e\u0440\u0435 of reporting",
     ["CYRILLIC CAPITAL LETTER ES", "look Latin"]),
]


@pytest.mark.parametrize("case,text,words", TEXT_REFUSED, ids=[c[0] for c in TEXT_REFUSED])
def test_an_unseen_or_look_alike_character_is_refused_with_its_name(tmp_path, case, text, words):
    from macros.plugin.safe_pages import source_problems
    from macros.model.yamlsrc import DataErrors, load

    path = tmp_path / "f.yaml"
    path.write_text('a: 1\nlabel:\n  en: "' + text.encode("unicode_escape").decode("ascii") + '"\n', encoding="utf-8")
    with pytest.raises(DataErrors) as info:
        load(path, "data/x.yaml")
    assert "data/x.yaml:3: label.en:" in str(info.value), f"{case}: {info.value}"
    page = source_problems(f"# Title {{#t}}\n\n{text}\n", traditional=False)
    assert page and page[0][0] == 3, f"{case}: {page}"
    for word in words:
        assert word in str(info.value) and word in page[0][1], f"{case}: {word!r}: {info.value} / {page}"


@pytest.mark.parametrize("text", ["naïve café, Zürich", "Ελλάδα and Москва as whole words", "μ-free 醫脈通 2022",
                                  "tab\tseparated"])
def test_real_text_in_other_scripts_passes(text):
    from macros.model.text import invisible_problem

    assert invisible_problem(text) is None


# ── route: files of docs/ — links, encodings, stray files; source maps are not published ───────────────────────
def _docs(tmp_path, files: dict[str, bytes]):
    docs = tmp_path / "docs"
    for rel, content in files.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_bytes(content)
    return docs


FILE_CASES = [
    ("page with a BOM", "x.en.md", "\ufeff# X {#x}\n".encode(), "docs/x.en.md:1: the file starts with a byte-order mark"),
    ("page not UTF-8", "x.en.md", b"# X {#x}\n\ncaf\xe9\n", "docs/x.en.md:3: not UTF-8 text"),
    ("front matter sets a page variable", "x.en.md", b"---\nreport_year: 1999\n---\n# X {#x}\n",
     "docs/x.en.md:2: front matter 'report_year:'"),
    ("stray script", "assets/evil.js", b"alert(1)", "docs/assets/evil.js: no page or template uses this file"),
    ("stray style", "assets/overlay.css", b"body{display:none}", "docs/assets/overlay.css: no page or template uses"),
    ("HTML file", "assets/page.html", b"<script>x</script>", "docs/assets/page.html: the site does not publish .html"),
    ("SVG with script", "assets/logo.svg", b"<svg onload=alert(1)/>", "does not publish .svg files"),
    ("environment file", "assets/settings.env", b"TOKEN=x", "does not publish .env files"),
    ("source map", "assets/extra.css.map", b"{}", "does not publish .map files"),
    # a file name is the page's address, written into links, the sitemap and the search index as it is
    ("right-to-left override in a name", "assets/chart\u202egnp.png", b"\x89PNG\r\n\x1a\n",
     "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ("quote in a page name", 'x" onmouseover="a.en.md', b"# X {#x}\n", "U+0022 (QUOTATION MARK)"),
    ("zero-width space in a page name", "about\u200bus.en.md", b"# X {#x}\n", "U+200B (ZERO WIDTH SPACE)"),
    ("space in an image name", "assets/my chart.png", b"\x89PNG\r\n\x1a\n", "U+0020 (SPACE)"),
    ("Chinese page name", "關於.en.md", b"# X {#x}\n", "U+95DC"),
    ("two dots in a name", "assets/a..png", b"\x89PNG\r\n\x1a\n", "'..'"),
    # WeasyPrint draws an image Pillow cannot read as SVG: an SVG named .png would be drawn in the PDF
    ("SVG named .png", "assets/logo.png",
     b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>',
     "docs/assets/logo.png: the file is not a PNG image"),
    ("HTML named .jpg", "assets/photo.jpg", b"<script>alert(1)</script>", "docs/assets/photo.jpg: the file is not a JPG"),
    ("RIFF that is not WebP", "assets/x.webp", b"RIFF\x00\x00\x00\x00WAVEfmt ", "not a WEBP image"),
]


@pytest.mark.parametrize("case,rel,content,words", FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_a_file_of_docs_that_must_not_be_published_is_refused(tmp_path, case, rel, content, words):
    from macros.plugin.safe_pages import docs_file_problems

    docs = _docs(tmp_path, {"index.en.md": b"# Home {#home}\n", "assets/extra.css": b"p{}", rel: content})
    problems = docs_file_problems(docs, ["index.en.md", "assets/extra.css", rel], {"assets/extra.css"})
    assert len(problems) == 1 and words in problems[0], f"{case}: {problems}"


def test_real_images_pass_the_kind_check():
    import io

    from PIL import Image

    from macros.plugin.safe_pages import image_problem

    for kind, suffix in (("PNG", ".png"), ("JPEG", ".jpg"), ("GIF", ".gif"), ("WEBP", ".webp")):
        out = io.BytesIO()
        Image.new("RGB", (2, 2), (0, 128, 128)).save(out, kind)
        assert image_problem(out.getvalue()[:16], suffix) is None, kind
        assert image_problem(out.getvalue()[:16], ".png" if suffix != ".png" else ".gif"), kind


def test_a_symbolic_link_in_docs_is_refused(tmp_path):
    from macros.plugin.safe_pages import docs_file_problems

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"machine file")
    docs = _docs(tmp_path, {"index.en.md": b"# Home {#home}\n"})
    (docs / "assets").mkdir()
    (docs / "assets" / "pic.png").symlink_to(secret)
    (docs / "linked").symlink_to(tmp_path, target_is_directory=True)
    problems = docs_file_problems(docs, ["index.en.md", "assets/pic.png", "linked/secret.png"], set())
    assert [p.split(":")[0] for p in problems] == ["docs/assets/pic.png", "docs/linked/secret.png"], problems
    assert all("symbolic link" in p for p in problems)


def test_the_real_docs_publish_only_what_is_used():
    from macros.plugin.safe_pages import docs_file_problems, named_assets

    rels = [p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*") if p.is_file()]
    config = mkdocs_config()
    named = named_assets(config["extra_css"], config["extra_javascript"], ROOT / "overrides")
    assert {"assets/extra.css", "assets/md-palette.js"} <= named, named
    assert docs_file_problems(ROOT / "docs", rels, named) == []


def test_a_stray_file_stops_the_build(mini_project):
    """The hook is wired (on_files): a stray script stops the build. (That a site that builds publishes no .map file
    is checked on the mini site of test_hostile_ui_strings_come_out_as_text_on_every_page_part.)"""
    pages = {"index": HOME, "other": ("# 另一頁 {#o}\n\n正文。\n", "# Other {#o}\n\nText.\n")}
    code, output = mini_project(pages, before_build=lambda root: (root / "docs" / "assets" / "x.js").write_text("1"))
    assert code != 0 and "docs/assets/x.js: no page or template uses this file" in output, output[-3000:]


# ── route: the final HTML — every built page, header and footer included, against the allow-list ─────────────
OWN_SCRIPTS = frozenset({"assets/javascripts/bundle.a5f9d56c.min.js", "assets/esg-reader.js"})
HOSTS = frozenset({"www.hkexnews.hk", "ir.medlive.cn", "medlive-esg.github.io"})


def _page(content: str = "<p>Text.</p>", head: str = "", header: str = "", footer: str = "") -> str:
    """A built page as the theme writes it, with `content` in the article and the other parts in the chrome."""
    return ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">'
            '<link rel="stylesheet" href="../assets/extra.css"><link rel="canonical" '
            'href="https://medlive-esg.github.io/esg-report-2022/en/">'
            '<script id="__config" type="application/json">{"base": ".."}</script>'
            f'{head}</head><body><input type="checkbox" id="__search"><header class="md-header">'
            '<form class="md-search__form" name="search">'
            f'<input type="text" name="query"></form>{header}</header><main><article class="md-content__inner">'
            f'{content}</article></main><footer>{footer}'
            '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
            '<script src="../assets/esg-reader.js"></script></footer></body></html>')


# (case, where: content/head/header/footer, markup, words the problem must contain)
FINAL_REFUSED = [
    ("script in the article", "content", "<script>alert(1)</script>", ["<script> element"]),
    ("script split by a tag", "content", "<scr<b></b>ipt>alert(1)</script>", ["a <scr<b> element"]),
    ("img onerror", "content", '<img src="x.png" onerror="alert(1)">', ["event handler onerror="]),
    ("unquoted handler", "content", "<p onclick=alert(1)>x</p>", ["event handler onclick="]),
    ("svg onload", "content", '<svg onload="alert(1)"></svg>', ["event handler onload="]),
    ("details ontoggle", "content", '<details open ontoggle="alert(1)"><summary>x</summary></details>',
     ["event handler ontoggle="]),
    ("style element", "content", "<style>body{display:none}</style>", ["<style> element"]),
    ("full-screen overlay by style attribute", "content",
     '<div style="position:fixed;inset:0;z-index:9999;background:#fff">x</div>', ["style attribute"]),
    ("form in the article", "content", '<form action="https://evil.example/"><input name="p"></form>',
     ["<form> element"]),
    ("iframe", "content", '<iframe src="https://www.hkexnews.hk/"></iframe>', ["<iframe> element"]),
    ("object", "content", '<object data="x.swf"></object>', ["<object> element"]),
    ("embed", "content", '<embed src="x.swf">', ["<embed> element"]),
    ("base in the article", "content", '<base href="https://evil.example/">', ["<base> element"]),
    ("meta refresh in the article", "content", '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
     ["<meta> element"]),
    ("link in the article", "content", '<link rel="stylesheet" href="x.css">', ["<link> element"]),
    ("input in the article", "content", '<input type="text" value="x">', ["<input> element"]),
    ("button with formaction", "content", '<button formaction="javascript:alert(1)">x</button>',
     ["<button> element", "javascript: URL"]),
    ("template", "content", "<template><img src=x onerror=alert(1)></template>", ["<template> element"]),
    ("math", "content", "<math><mi>x</mi></math>", ["<math> element"]),
    ("marquee", "content", "<marquee>x</marquee>", ["<marquee> element"]),
    ("javascript link", "content", '<a href="javascript:alert(1)">x</a>', ["javascript: URL"]),
    ("javascript link with an entity", "content", '<a href="&#106;avascript:alert(1)">x</a>', ["javascript: URL"]),
    ("javascript link with a tab", "content", '<a href="java\tscript:alert(1)">x</a>', ["javascript: URL"]),
    ("vbscript link", "content", '<a href="vbscript:msgbox(1)">x</a>', ["vbscript: URL"]),
    ("data: HTML link", "content", '<a href="data:text/html,<script>alert(1)</script>">x</a>', ["data: URL"]),
    ("data: image", "content", '<img src="data:image/svg+xml,<svg onload=alert(1)>">', ["data: URL"]),
    ("file link", "content", '<a href="file:///etc/passwd">x</a>', ["file: URL"]),
    ("plain http link", "content", '<a href="http://ir.medlive.cn/">IR</a>', ["https only"]),
    ("protocol-relative link", "content", '<a href="//evil.example/">x</a>', ["protocol-relative"]),
    ("https to an unlisted host", "content", '<a href="https://evil.example/">x</a>', ["evil.example",
                                                                                       "extra.link_hosts"]),
    # a browser reads a backslash in a web address as a slash, and the name before '@' is not the host
    ("protocol-relative by backslashes", "content", '<a href="\\\\evil.example/x">x</a>', ["protocol-relative"]),
    ("protocol-relative by slash and backslash", "content", '<a href="/\\evil.example/x">x</a>',
     ["protocol-relative"]),
    ("listed host after a backslash and @", "content", '<a href="https://evil.example\\@ir.medlive.cn/">x</a>',
     ["a link to evil.example"]),
    ("https without slashes", "content", '<a href="https:evil.example/x">x</a>', ["without '//'"]),
    ("user name before the host", "content", '<a href="https://ir.medlive.cn@evil.example/">x</a>',
     ["a user name before '@'"]),
    ("image by backslashes", "content", '<img src="\\\\evil.example/pixel.png" alt="x">', ["protocol-relative"]),
    ("srcset with a data URL", "content", '<img src="a.png" srcset="a.png 1x, data:image/png;base64,AA 2x">',
     ["data: URL"]),
    ("svg link by xlink", "content", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
     ["javascript: URL"]),
    ("ping attribute", "content", '<a href="page/" ping="https://evil.example/">x</a>', ["ping="]),
    ("meta refresh in the head", "head", '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
     ['<meta http-equiv="refresh">']),
    ("meta set-cookie", "head", '<meta http-equiv="set-cookie" content="a=b">', ["set-cookie"]),
    ("base in the head", "head", '<base href="https://evil.example/">', ["<base> element"]),
    ("style element in the head", "head", "<style>*{display:none}</style>", ["<style> element"]),
    ("link preload", "head", '<link rel="preload" href="https://evil.example/x.js">', ['<link rel="preload">']),
    ("script from a CDN in the header", "header", '<script src="https://cdn.example/x.js"></script>',
     ["not one of the site's own script files"]),
    ("script of an unknown file", "header", '<script src="../assets/stray.js"></script>',
     ["not one of the site's own script files"]),
    ("inline script in the footer", "footer", "<script>alert(1)</script>", ["inline <script>"]),
    ("form that sends in the header", "header", '<form action="https://evil.example/" method="post"></form>',
     ["<form> that sends somewhere"]),
    ("iframe in the footer", "footer", '<iframe src="https://www.hkexnews.hk/"></iframe>', ["<iframe> element"]),
    ("handler in the footer", "footer", '<a href="../" onmouseover="alert(1)">x</a>', ["event handler onmouseover"]),
    ("style attribute in the header", "header", '<div style="display:none">x</div>', ["style attribute"]),
    ("http link in the footer", "footer", '<a href="http://ir.medlive.cn/">IR</a>', ["https only"]),
    # the theme's hooks set on an element of the article (attr_list: {#__search}, {.md-dialog}, {data-md-…})
    ("the theme's search switch as an article id", "content",
     '<h2 id="__search">x</h2>', ['the id "__search" twice']),
    ("the same id twice in the article", "content", '<h2 id="water">x</h2><p id="water">y</p>', ['"water" twice']),
    ("the theme's component attribute", "content", '<p data-md-component="dialog">x</p>',
     ["the theme's attribute data-md-component="]),
    ("the theme's state attribute", "content", '<div data-md-state="lock">x</div>', ["data-md-state="]),
    ("the theme's banner class", "content", '<p class="md-banner">x</p>', ["the theme's class \"md-banner\""]),
]


@pytest.mark.parametrize("case,where,markup,words", FINAL_REFUSED, ids=[c[0] for c in FINAL_REFUSED])
def test_the_final_html_is_checked_against_the_allow_list(case, where, markup, words):
    from macros.render.html_allowlist import final_html_problems

    problems = final_html_problems(_page(**{where: markup}), OWN_SCRIPTS, HOSTS)
    text = "\n".join(problems)
    for word in words:
        assert word in text, f"{case}: {word!r} not in {problems}"


def test_the_theme_and_plain_content_pass():
    from macros.render.html_allowlist import final_html_problems

    content = ('<h1 id="t">T</h1><p>Text with javascript: and &lt;script&gt; as text. <a href="../kpis/#ghg">KPIs</a>'
               ' <a href="https://www.hkexnews.hk">HKEX</a> <a href="mailto:ir@kingyee.com.cn">mail</a></p>'
               '<table><caption>c</caption><tr><th scope="col">a</th><td>1</td></tr></table>'
               '<svg viewBox="0 0 10 10" role="img"><title>t</title><text x="1" y="2" font-size="13.1px">x</text>'
               '</svg>')
    assert final_html_problems(_page(content), OWN_SCRIPTS, HOSTS) == []


def test_a_comment_in_the_built_page_is_found():
    from macros.render.html_allowlist import final_html_problems

    assert final_html_problems(_page(footer="<!-- internal note -->"), OWN_SCRIPTS, HOSTS) == [
        "an HTML comment <!-- internal note -->"]


_FOOTER = '<div class="md-copyright" title="a > b">\n  © 2023 Medlive Co., Ltd.\n</div><a href="../x/">Next</a>'
_SAVED = _page(footer=_FOOTER)
# (case, the page written again, whether the last check's answer holds for it)
PAGE_WRITTEN_AGAIN = [
    ("the copyright line's words", _SAVED.replace("Co., Ltd.", "Co., Ltd. (saved)"), True),
    ("words of the article", _SAVED.replace("<p>Text.</p>", "<p>Text saved.</p>"), True),
    ("a link's address", _SAVED.replace('href="../x/"', 'href="http://x/"'), False),
    ("an event handler", _SAVED.replace('<a href="../x/"', '<a onclick="x()" href="../x/"'), False),
    ("an element in the text", _SAVED.replace("Co., Ltd.", "Co., <b>Ltd.</b>"), False),
    ("a comment in the text", _SAVED.replace("Co., Ltd.", "Co., <!-- note --> Ltd."), False),
    ("a character reference", _SAVED.replace("Co., Ltd.", "Co. &amp; Ltd."), False),
    ("an attribute's value holding '>'", _SAVED.replace("a > b", "a > c"), False),
    ("the JSON of the theme's script", _SAVED.replace('{"base": ".."}', '{"base": "..", x}'), False),
    ("the page's title", _page(head="<title>Site</title>", footer=_FOOTER).replace("Site", "Site saved"), False),
    ("the first word of a text", _SAVED.replace("© 2023", "(c) 2023"), False),
    ("a link's words after its first", _SAVED.replace(">Next<", ">Next page<"), True),
    ("a link's first word", _SAVED.replace(">Next<", ">Back<"), False),
]


@pytest.mark.parametrize("case,new,same", PAGE_WRITTEN_AGAIN, ids=[c[0] for c in PAGE_WRITTEN_AGAIN])
def test_make_serve_parses_again_every_page_a_save_changed_beyond_a_text(case, new, same):
    """make serve takes the last answer of the allow-list for a page written again only when it differs from the page
    last found clean in one run of a text node's characters (the saved copyright line); then both parses answer
    alike. Markup, an attribute, a script's text, a comment or a reference: parsed again."""
    from macros.render.html_allowlist import final_html_problems, only_text_differs

    assert only_text_differs(_SAVED, new) is same, case
    if same:
        assert final_html_problems(new, OWN_SCRIPTS, HOSTS) == final_html_problems(_SAVED, OWN_SCRIPTS, HOSTS) == []
    else:
        assert only_text_differs(new, _SAVED) is False, f"{case}: and back"


def test_a_page_with_an_http_link_or_a_comment_stops_the_build(mini_project):
    """The hooks are wired: the source check names the line; a link to a host not in mkdocs.yml extra.link_hosts is
    named at its line in the page and in its other language at once (the built page's check knows no line)."""
    code, output = mini_project({"index": HOME, "other": (
        "# 另一頁 {#o}\n\n正文。\n", "# Other {#o}\n\n[IR](http://ir.medlive.cn/)\n\n<!-- a note -->\n")})
    assert code != 0
    assert "docs/other.en.md:3: a link by 'http:' (not https)" in output, output[-3000:]
    assert "docs/other.en.md:5: an HTML comment" in output, output[-3000:]
    zh = "# 另一頁 {#o}\n\n正文，見[此處](https://evil.example/)。\n"
    en = "# Other {#o}\n\nText.\n\nSee [x](https://evil.example/).\n"
    code, output = mini_project({"index": HOME, "other": (zh, en)})
    assert code != 0
    for where in (f"docs/other.{TRAD}.md:3", "docs/other.en.md:5"):
        assert f"  - {where}: a link to evil.example, which is not in mkdocs.yml extra.link_hosts\n    How to fix: " \
               "link to a page of the report ([text](page.md)) instead, or ask an engineer to list the host" \
               in output, output[-3000:]


# ── route: UI strings and the phrase table — escaped by default, placeholders are names, phrases are words ────
def test_a_ui_string_is_escaped_and_its_values_too_unless_markup():
    from markupsafe import Markup

    from macros.model.dataset import load_dataset

    report = load_dataset(ROOT).report
    key = next(k for k, label in report.strings.items() if "{text}" in label.get(OTHER))
    hostile = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
    shown = report.t(key, OTHER, text=hostile)
    assert isinstance(shown, Markup) and "<meta" not in shown and "&lt;meta" in shown
    assert "<b>x</b>" in report.t(key, OTHER, text=Markup("<b>x</b>"))   # a fragment the code built stays markup
    assert hostile in report.t_text(key, OTHER, text=hostile)              # plain text for a spreadsheet cell


HOSTILE_UI = ' <meta http-equiv="refresh" content="0;url=https://evil.example/"><img src=x onerror=alert(1)>'


def test_hostile_ui_strings_come_out_as_text_on_every_page_part(mini_project):
    """Every English UI string, and the company's names in data/report.yaml (site name, title, copyright, author),
    carry a meta refresh and an event handler; the site builds, the final allow-list
    check (header, footer, tables, diagrams, downloads links, 404) finds nothing, and the text is shown escaped."""
    import yaml

    macros = ('{{ kpi_table("ghg") }}\n\n{{ board_table() }}\n\n{{ milestones() }}\n\n{{ laws_table() }}\n\n'
              '{{ diagram("materiality") }}\n\n{{ kpi_change("employees_total") }}\n\n{{ highlight("employees_total") }}'
              '\n\n{{ pdf_link() }}\n\n{{ downloads() }}\n')

    def hostile(root):
        path = root / "data" / "ui_strings.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for label in data["strings"].values():
            label[OTHER] = label[OTHER] + HOSTILE_UI
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        # the report's own names (data/report.yaml): the site name, title, copyright and author the theme writes
        path = root / "data" / "report.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key in ("short_name", "company"):
            data[key][OTHER] += HOSTILE_UI + "</title>\"'"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    pages = {"index": ("{{ masthead() }}\n", "{{ masthead() }}\n"),   # the masthead is the home page's <h1> (#home)
             "other": ("# 另一頁 {#o}\n\n" + macros, "# Other {#o}\n\n" + macros)}
    code, output = mini_project(pages, before_build=hostile)
    assert code == 0, output[-4000:]
    site = mini_project.root / "site"
    assert list(site.rglob("*.min.js")) and not list(site.rglob("*.map")), "a source map is published"
    built = (mini_project.root / "site" / "en" / "other" / "index.html").read_text(encoding="utf-8")
    assert "&lt;meta http-equiv=" in built and "<meta http-equiv=\"refresh\"" not in built
    assert "onerror=alert(1)>" not in built.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    title = re.search(r"<title>(.*?)</title>", built, re.S).group(1)   # "page – site name", the name escaped
    assert "&lt;/title&gt;&#34;&#39;" in title and "<" not in title, title


# (case, the English text of the string `website_note`, words)
PLACEHOLDERS_REFUSED = [
    ("attribute of a value", "Website note: {text.__class__.__mro__}", ["{text.__class__.__mro__}", "plain name"]),
    ("item of a value", "Website note: {text[0]}", ["{text[0]}"]),
    ("positional", "Website note: {0}", ["{0}"]),
    ("conversion", "Website note: {text!r}", ["{text!r}"]),
    ("format code", "Website note: {text:>99999}", ["{text:>99999}"]),
    ("lone brace", "Website note: {text", ["brace"]),
]


@pytest.mark.parametrize("case,text,words", PLACEHOLDERS_REFUSED, ids=[c[0] for c in PLACEHOLDERS_REFUSED])
def test_a_placeholder_is_a_name_only(data_copy, case, text, words):
    from macros.model.dataset import DataErrors, load_dataset

    line = edit(data_copy, "data/ui_strings.yaml", 'en: "Website note: {text}"', f'en: "{text}"')
    with pytest.raises(DataErrors) as info:
        load_dataset(data_copy)
    message = str(info.value)
    assert f"data/ui_strings.yaml:{line}: " in message and "How to fix:" in message, f"{case}: {message}"
    for word in words:
        assert word in message, f"{case}: {word!r} not in {message}"


@pytest.mark.parametrize("bad", ['<meta http-equiv="refresh">', "[x](https://evil.example/)", "**粗**", "&lt;"])
def test_a_phrase_table_entry_is_words_only(data_copy, bad):
    from macros.model.dataset import DataErrors, load_dataset
    from macros.model.yamlsrc import DataError

    text = (data_copy / "data" / "zh_hans_phrases.yaml").read_text(encoding="utf-8")
    old = re.search(r"mainland: ([^,}\s]+)", text).group(0)
    line = edit(data_copy, "data/zh_hans_phrases.yaml", old, f"mainland: '{bad}'")
    with pytest.raises((DataErrors, DataError)) as info:
        load_dataset(data_copy)
    assert f"data/zh_hans_phrases.yaml:{line}" in str(info.value) and "words only" in str(info.value), str(info.value)


# ── route: the page head — the Content-Security-Policy and the referrer policy every page carries ─────────────
def test_the_policy_allows_no_inline_style_no_base_and_no_form_target():
    template = (ROOT / "overrides" / "partials" / "meta.html").read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', template).group(1)
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    assert directives["style-src"] == ["'self'"] and directives["script-src"] == ["'self'"], policy
    assert directives["base-uri"] == ["'none'"] and directives["form-action"] == ["'none'"], policy
    assert directives["object-src"] == ["'none'"], policy
    assert not [d for d, values in directives.items() if "'unsafe-inline'" in values or "'unsafe-eval'" in values]
    assert re.search(r'<meta name="referrer" content="(same-origin|no-referrer|strict-origin)"', template)


# ── route: front matter — bounded YAML, and only the keys a page may set ─────────────────────────────────────
FRONT_MATTER_REFUSED = [
    ("a page variable", "report_year: 1999", ":2: front matter 'report_year:'"),
    ("another template", "template: overrides/evil.html", ":2: front matter 'template:'"),
    ("macros switched off", "render_macros: false", ":2: front matter 'render_macros:'"),
    ("alias bomb", "a: &a [x, x, x]\nb: [*a, *a, *a]", ":2: YAML anchors and aliases"),
    ("python tag", "description: !!python/object/apply:os.system [id]", "tag"),
    ("deep nesting", "description: " + "[" * 200 + "]" * 200, "nested more than"),
    ("hide something Material has no switch for", "hide: [sidebar]", "'hide:' names ['sidebar']"),
    ("description not text", "description: [a, b]", "must be str"),
    ("invisible character in the title", "title: Sco\u200bpe", "U+200B (ZERO WIDTH SPACE)"),
    ("broken YAML", "title: [", "not valid YAML"),
]


@pytest.mark.parametrize("case,block,words", FRONT_MATTER_REFUSED, ids=[c[0] for c in FRONT_MATTER_REFUSED])
def test_front_matter_is_bounded_and_limited_to_known_keys(case, block, words):
    from macros.plugin.safe_pages import front_matter_problems

    problems = front_matter_problems(f"---\n{block}\n---\n# T {{#t}}\n", "docs/x.en.md")
    assert len(problems) == 1 and problems[0].startswith("docs/x.en.md:") and words in problems[0], \
        f"{case}: {problems}"


def test_the_front_matter_the_report_uses_passes():
    from macros.plugin.safe_pages import front_matter_problems

    for path in sorted((ROOT / "docs").glob("*.md")):
        assert front_matter_problems(path.read_text(encoding="utf-8"), str(path)) == []
    assert front_matter_problems("---\ndescription: Scope 1 and 2.\nhide: [navigation, toc]\n---\n# T\n", "x") == []


# ── every route at once: mutated data files and pages stop with a message naming the file, never a traceback ──
# Hypothesis is not installed in this project's environment; the mutations are drawn from a seeded generator, so a
# failure is reproducible from its test id.
MUTATIONS = ["\x00", "\ufeff", "\u202e", "&a ", "*a", "!!python/name:os.system ", "[" * 60, "{", "}", ": ", "\t",
             "-0", "9" * 40, '"\\ud800"', "<<: ", "? ", "|", ">", "'", '"', "\n  - ", "\n", "#", "%YAML 1.1\n"]


def _mutants(text: str, seed: int, count: int):
    import random

    rng = random.Random(seed)
    for _ in range(count):
        pos = rng.randrange(len(text) + 1)
        kind = rng.randrange(3)
        if kind == 0:   # insert a hostile token
            yield text[:pos] + rng.choice(MUTATIONS) + text[pos:]
        elif kind == 1:  # delete a span
            yield text[:pos] + text[pos + rng.randrange(1, 40):]
        else:            # duplicate a line
            lines = text.split("\n")
            n = rng.randrange(len(lines))
            yield "\n".join(lines[:n + 1] + [lines[n]] + lines[n + 1:])


@pytest.mark.parametrize("rel", DATA_FILES)
def test_a_mutated_data_file_loads_or_stops_with_its_name(tmp_path, rel):
    from macros.model.yamlsrc import DataError, DataErrors, load

    text = (ROOT / rel).read_text(encoding="utf-8")
    for i, mutant in enumerate(_mutants(text, sum(map(ord, rel)), 12)):
        path = tmp_path / f"m{i}.yaml"
        path.write_text(mutant, encoding="utf-8", errors="surrogatepass")
        try:
            load(path, rel)
        except (DataError, DataErrors) as exc:
            assert rel in str(exc), f"mutant {i}: {exc}"


@pytest.mark.parametrize("rel", sorted(p.name for p in (ROOT / "docs").glob("*.md")))
def test_a_mutated_page_passes_or_is_refused_with_its_name(rel):
    from macros.plugin.safe_pages import front_matter_problems, source_problems
    from macros.model.page_template import template_problems

    text = (ROOT / "docs" / rel).read_text(encoding="utf-8")
    syntax = _jinja_syntax()
    for mutant in _mutants(text, sum(map(ord, rel)), 12):
        source_problems(mutant, traditional=rel.endswith(f".{TRAD}.md"))   # never raises
        template_problems(mutant, MACROS, VARIABLES, syntax)
        for problem in front_matter_problems(mutant, f"docs/{rel}"):
            assert problem.startswith(f"docs/{rel}:"), problem


# ── route: menu titles (data/menu.yaml) — text in the language of the edition ──────────────────────────────────
MENU_TITLE_REFUSED = [
    ("Simplified character in a zh-Hant title", "附录一 關鍵績效", True, ["录 (Traditional: 錄)"]),
    ("Jinja in a title", "{{ config.extra }}", False, ["attribute or item access"]),
    ("macro call of another plugin", "{{ macros_info() }}", True, ["'macros_info' is not one of our macros"]),
    ("direction isolate", "Appendix\u2066 1", False, ["U+2066 (LEFT-TO-RIGHT ISOLATE)"]),
    ("Cyrillic look-alike", "Appendix 1: KP\u0406s", False, ["CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I"]),
    ("soft hyphen", "Appen\u00addix", False, ["U+00AD (SOFT HYPHEN)"]),
    ("markup", "<img src=x onerror=alert(1)>", False, ["inline event handler onerror="]),
]


@pytest.mark.parametrize("case,title,traditional,words", MENU_TITLE_REFUSED, ids=[c[0] for c in MENU_TITLE_REFUSED])
def test_a_menu_title_is_text_in_its_language(case, title, traditional, words):
    from macros.plugin.safe_pages import title_problems
    from macros.model.page_template import template_problems

    problems = title_problems([(title, traditional, "data/menu.yaml:3")],
                              lambda t: template_problems(t, MACROS, VARIABLES, _jinja_syntax()))
    assert problems and all(p.startswith("data/menu.yaml:3: menu title") for p in problems), f"{case}: {problems}"
    for word in words:
        assert word in "\n".join(problems), f"{case}: {word!r} not in {problems}"


def test_the_report_menu_titles_pass(dataset):
    from macros.model.menu import walk
    from macros.plugin.safe_pages import title_problems

    traditional = dataset.report.locales.traditional
    titles = [(title, lang in traditional, "data/menu.yaml") for entry in walk(dataset.menu)
              for lang, title, _ in entry.titles]
    assert len(titles) > 20
    assert title_problems(titles) == []


def test_a_bad_menu_title_stops_the_build_at_its_line(mini_project):
    menu = "menu:\n  - page: index\n  - page: other\n    title:\n      zh-Hant: 附录 {{ macros_info() }}\n      en: Other\n"
    code, output = mini_project({"index": HOME, "other": ("# 另一頁 {#o}\n\n正文。\n", "# Other {#o}\n\nText.\n")},
                                menu=menu)
    assert code != 0
    assert "data/menu.yaml:5: menu title '附录 {{ macros_info() }}'" in output, output[-3000:]
    assert "录 (Traditional: 錄)" in output and "'macros_info' is not one of our macros" in output, output[-3000:]


# ── route: the workflows — what a pull request controls never becomes code or a credential ───────────────────
# (case, old text of ci.yml, new text, the zizmor audit that must name the line)
WORKFLOW_REFUSED = [
    ("PR title in a run step", "        run: make test",
     '        run: echo "${{ github.event.pull_request.title }}" && make test', "template-injection"),
    ("branch name in a run step", "        run: make test", "        run: echo ${{ github.head_ref }} && make test",
     "template-injection"),
    ("action by a moving tag", "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2",
     "actions/checkout@v4", "unpinned-uses"),
    ("credentials kept after checkout", "          persist-credentials: false", "          fetch-depth: 1",
     "artipacked"),
    ("pull_request_target trigger", "  pull_request:\n", "  pull_request_target:\n", "dangerous-triggers"),
]


@pytest.mark.parametrize("case,old,new,audit", WORKFLOW_REFUSED, ids=[c[0] for c in WORKFLOW_REFUSED])
def test_a_hostile_workflow_change_is_found_with_its_line(tmp_path, case, old, new, audit):
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    wf = tmp_path / ".github" / "workflows"
    shutil.copytree(ROOT / ".github" / "workflows", wf)
    text = (wf / "ci.yml").read_text(encoding="utf-8")
    assert old in text, f"{case}: fixture text not in ci.yml"
    line = text[: text.index(old)].count("\n") + 1
    (wf / "ci.yml").write_text(text.replace(old, new, 1), encoding="utf-8")
    tool = Path(sys.executable).parent / "zizmor"
    result = subprocess.run([str(tool if tool.exists() else shutil.which("zizmor")), "--offline", "--no-progress",
                             str(wf)], capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert f"[{audit}]" in output, f"{case}: {output[-2000:]}"
    named = [int(n) for n in re.findall(r"ci\.yml:(\d+)", output)]
    # the finding points at the changed line, or at the start of the step that holds it (a key two lines above)
    assert any(line - 2 <= n <= line for n in named), f"{case}: no ci.yml:{line} in {output[-2000:]}"


def test_the_theme_files_name_no_source_map(tmp_path):
    from macros.plugin.safe_pages import strip_source_map_refs

    (tmp_path / "assets").mkdir()
    js, css, ours = tmp_path / "assets" / "b.min.js", tmp_path / "assets" / "m.min.css", tmp_path / "assets" / "x.js"
    js.write_bytes(b"var a=1;\n//# sourceMappingURL=b.min.js.map")
    css.write_bytes(b"a{color:red}\n/*# sourceMappingURL=m.min.css.map*/\n")
    ours.write_bytes(b"// sourceMappingURL is a word here\nvar b;\n")
    assert strip_source_map_refs(tmp_path) == [js, css]
    assert js.read_bytes() == b"var a=1;\n" and css.read_bytes() == b"a{color:red}\n"
    assert ours.read_bytes() == b"// sourceMappingURL is a word here\nvar b;\n"


# ── Hypothesis: any text at any place of any data file or page loads, or stops with a message naming the file ──
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

_DATA_TEXTS = {rel: (ROOT / rel).read_text(encoding="utf-8") for rel in DATA_FILES}
_PAGES = {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md"))}
_INSERTS = st.one_of(st.sampled_from(MUTATIONS), st.text(max_size=12),
                     st.text(alphabet=st.characters(codec="utf-8"), max_size=6))
_FUZZ = settings(max_examples=120, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@_FUZZ
@given(rel=st.sampled_from(DATA_FILES), where=st.floats(0, 1), insert=_INSERTS, cut=st.integers(0, 30))
def test_hypothesis_any_edit_of_a_data_file_loads_or_names_the_file(tmp_path_factory, rel, where, insert, cut):
    from macros.model.yamlsrc import DataError, DataErrors, load

    text = _DATA_TEXTS[rel]
    pos = int(where * len(text))
    path = tmp_path_factory.mktemp("fuzz") / "f.yaml"
    path.write_text(text[:pos] + insert + text[pos + cut:], encoding="utf-8", errors="surrogatepass")
    try:
        load(path, rel)
    except (DataError, DataErrors) as exc:
        assert rel in str(exc)


@_FUZZ
@given(name=st.sampled_from(sorted(_PAGES)), where=st.floats(0, 1), insert=_INSERTS, cut=st.integers(0, 30))
def test_hypothesis_any_edit_of_a_page_is_checked_without_a_traceback(name, where, insert, cut):
    from macros.plugin.safe_pages import front_matter_problems, source_problems
    from macros.model.page_template import template_problems

    text = _PAGES[name]
    pos = int(where * len(text))
    mutant = text[:pos] + insert + text[pos + cut:]
    for line, what, fix in source_problems(mutant, traditional=name.endswith(f".{TRAD}.md")):
        assert 1 <= line <= mutant.count("\n") + 1 and what and fix
    for line, what, fix in template_problems(mutant, MACROS, VARIABLES, _jinja_syntax()):
        assert 1 <= line <= mutant.count("\n") + 1 and what and fix
    for problem in front_matter_problems(mutant, f"docs/{name}"):
        assert problem.startswith(f"docs/{name}:")


SANITISER_FLAGS = ["img onerror", "unquoted handler", "svg onload", "details ontoggle", "style element",
                   "full-screen overlay by style attribute", "form in the article", "iframe", "object", "embed",
                   "base in the article", "meta refresh in the article", "link in the article", "input in the article",
                   "template", "marquee", "javascript link", "javascript link with an entity", "vbscript link",
                   "data: HTML link", "data: image", "file link", "plain http link", "ping attribute",
                   "script in the article"]


@pytest.mark.parametrize("case,markup", [(c[0], c[2]) for c in FINAL_REFUSED if c[0] in SANITISER_FLAGS],
                         ids=[c[0] for c in FINAL_REFUSED if c[0] in SANITISER_FLAGS])
def test_the_sanitiser_is_a_second_wall_on_the_article(case, markup):
    """nh3 (ammonia) with the same allow-list removes each of these on its own: two independent parsers agree."""
    from macros.render.html_allowlist import sanitiser_problem

    assert sanitiser_problem(f"<p>Text.</p>{markup}"), case


def test_every_sanitiser_case_is_a_refused_case():
    assert set(SANITISER_FLAGS) <= {c[0] for c in FINAL_REFUSED}


def test_the_sanitiser_removes_nothing_from_plain_content():
    from macros.render.html_allowlist import sanitiser_problem

    assert sanitiser_problem('<h2 id="a">A</h2><p>x &lt;script&gt; <a href="../b/">b</a> <a href="https://www.hkexnews.hk">'
                             'h</a></p><svg viewBox="0 0 1 1"><text font-size="13.1px">t</text></svg>') is None
