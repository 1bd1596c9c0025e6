"""Hostile content never reaches outside: no network request, no file read from outside the
brochure, no embedded file, no link with a dangerous scheme; text in the YAML stays text.

A local HTTP server on 127.0.0.1 counts every connection. The first test shows that this
server and the PDF inspections below do see a leak when WeasyPrint runs without the project's
guards, so their "nothing happened" in the other tests means something.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pikepdf
import pytest
import weasyprint

from report.base import resources
from report.base.errors import UserError
from report.builder import run as builder
from report.builder.check import check as check_brochure
from report.builder.variant import STYLESHEETS
from report.content import load
from report.pdf import engine as pdfmod

from ..helpers import edit, normalize, pdf_text

pytestmark = pytest.mark.e2e

SAFE_SCHEMES = {"https", "http", "mailto", "tel"}


def _first_line(file: Path) -> str:
    if not file.is_file():
        return ""
    lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
    return lines[0] if lines else ""


PASSWD_FIRST_LINE = _first_line(Path("/etc/passwd"))  # what a leak of /etc/passwd would show
needs_passwd = pytest.mark.skipif(not PASSWD_FIRST_LINE, reason="no readable /etc/passwd")

# Lines of the shipped de.yaml that the tests replace (each must occur exactly once).
AUSBLICK_LAST_PARAGRAPH = """      - paragraph: >-
          Nach Einschätzung der Befragten bedarf gelungene Netzwerkarbeit einer zentrale
          Koordinierungsstelle (eine/n Hauptverantwortliche/n). Dabei wünschen sich die Befragten
          mehr Unterstützung durch die (Kommunal-) Politik.
"""
AUSBLICK_FIRST_PARAGRAPH = (
    '      - paragraph: "Die befragten Bündnisse möchten ihre '
    'zukünftige Arbeit erweitern, zum Beispiel:"\n'
)
INTRO_LAST_PARAGRAPH = (
    "      - paragraph: Aus den Interviews wurden nachfolgende Erfolgsfaktoren "
    "für die Bündnisarbeit abgeleitet.\n"
)
VISIBILITY_ITEM = (
    "          - Hauptamtliche der Stadt kümmern sich um Pressetexte und deren Veröffentlichung.\n"
)
CARD_ITEM = "          - Kommunikation auf **Augenhöhe**\n"
BACK_MORE_ITEM = '        - "@Service_LoBue"\n'
ICON_SRC = "src: images/icon-structures.svg"


# --- a local server that counts what reaches it -------------------------------------------


class _CountingHandler(BaseHTTPRequestHandler):
    def parse_request(self) -> bool:
        ok = super().parse_request()
        self.server.request_lines.append(self.requestline)  # type: ignore[attr-defined]
        return ok

    def _not_found(self) -> None:
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD = do_POST = do_PUT = do_OPTIONS = _not_found

    def log_message(self, format: str, *args: object) -> None:
        pass


class CountingServer(ThreadingHTTPServer):
    """HTTP on 127.0.0.1 (free port) that counts every accepted connection and request line."""

    daemon_threads = True

    def __init__(self) -> None:
        self.connections = 0
        self.request_lines: list[str] = []
        super().__init__(("127.0.0.1", 0), _CountingHandler)

    def process_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        self.connections += 1
        super().process_request(request, client_address)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def seen(self) -> tuple[int, list[str]]:
        return self.connections, list(self.request_lines)


@pytest.fixture
def server() -> Iterator[CountingServer]:
    httpd = CountingServer()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


# --- helpers ------------------------------------------------------------------------------


def yaml_str(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def paragraphs(strings: list[str]) -> str:
    return "".join(f"      - paragraph: {yaml_str(s)}\n" for s in strings)


def items(strings: list[str], indent: int = 10) -> str:
    return "".join(f"{' ' * indent}- {yaml_str(s)}\n" for s in strings)


def line_col(text: str, needle: str) -> tuple[int, int]:
    """The 1-based line and column where `needle` starts."""
    index = text.index(needle)
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def pdf_name(brochure: Path) -> str:
    return f"{load.open_folder(brochure).slug}-de.pdf"


def output_with_earlier_pdf(brochure: Path, tmp_path: Path) -> tuple[Path, Path]:
    out = tmp_path / "out"
    out.mkdir()
    earlier = out / pdf_name(brochure)
    earlier.write_bytes(b"%PDF-1.7 a good earlier build")
    return out, earlier


def link_uris(pdf: pikepdf.Pdf) -> list[str]:
    return [
        str(annot.A.URI)
        for page in pdf.pages
        for annot in page.get("/Annots", [])
        if "/A" in annot and "/URI" in annot.A
    ]


def action_types(pdf: pikepdf.Pdf) -> set[str]:
    return {
        str(annot.A.S) for page in pdf.pages for annot in page.get("/Annots", []) if "/A" in annot
    }


def file_attachment_annotations(pdf: pikepdf.Pdf) -> int:
    return sum(
        1
        for page in pdf.pages
        for annot in page.get("/Annots", [])
        if annot.get("/Subtype") == "/FileAttachment"
    )


def all_stream_bytes(pdf: pikepdf.Pdf) -> bytes:
    """Every stream of the file, decompressed (content, fonts, images, embedded files)."""
    return b"\n".join(obj.read_bytes() for obj in pdf.objects if isinstance(obj, pikepdf.Stream))


def assert_nothing_escaped(pdf_file: Path) -> None:
    """No embedded file, no non-link action, no unsafe link, no trace of /etc/passwd."""
    with pikepdf.open(pdf_file) as pdf:
        assert list(pdf.attachments) == []
        assert file_attachment_annotations(pdf) == 0
        assert action_types(pdf) <= {"/URI", "/GoTo"}
        unsafe = [uri for uri in link_uris(pdf) if urlsplit(uri).scheme.lower() not in SAFE_SCHEMES]
        assert unsafe == []
        if PASSWD_FIRST_LINE:
            assert PASSWD_FIRST_LINE.encode() not in all_stream_bytes(pdf)
    if PASSWD_FIRST_LINE:
        assert "root:x:0:0" not in " ".join(pdf_text(pdf_file))


# --- the detectors work -------------------------------------------------------------------


@needs_passwd
def test_detectors_see_what_an_unguarded_weasyprint_leaks(
    server: CountingServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WeasyPrint's own fetcher requests from the server and embeds /etc/passwd, and the
    helpers used below notice both: their silence elsewhere is evidence, not blindness."""
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    html = (
        f'<html><head><link rel="attachment" href="file:///etc/passwd"></head><body>'
        f'<img src="{server.url}/control.png" alt="">'
        f'<p><a rel="attachment" href="file:///etc/passwd">Anhang</a></p></body></html>'
    )
    target = tmp_path / "unguarded.pdf"
    weasyprint.HTML(string=html, base_url=tmp_path.as_uri() + "/").write_pdf(target)

    connections, lines = server.seen()
    assert connections >= 1 and any("/control.png" in line for line in lines)
    with pikepdf.open(target) as pdf:
        assert len(pdf.attachments) >= 1
        assert file_attachment_annotations(pdf) >= 1
        assert PASSWD_FIRST_LINE.encode() in all_stream_bytes(pdf)


# --- 1. hostile text is data --------------------------------------------------------------


def test_hostile_text_is_printed_literally_and_fetches_nothing(
    brochure: Path, tmp_path: Path, server: CountingServer
) -> None:
    """Raw HTML, markdown images and Jinja syntax in content strings are printed as typed:
    nothing is requested, nothing embedded, no template code runs."""
    url = server.url
    file = brochure / "de.yaml"
    edit(
        file,
        AUSBLICK_LAST_PARAGRAPH,
        paragraphs(
            [
                f'<img src="{url}/img.png">',
                '<link rel="attachment" href="file:///etc/passwd">',
                '<a rel="attachment" href="file:///etc/hostname">x</a>',
                f"<style>@import url({url}/x.css); body{{background:url(file:///etc/passwd)}}</style>",
            ]
        ),
    )
    edit(
        file,
        INTRO_LAST_PARAGRAPH,
        paragraphs(
            [
                f'<iframe src="{url}/frame.html"></iframe>',
                f'<object data="{url}/object.svg"></object>',
                f"![x]({url}/md.png)",
            ]
        ),
    )
    edit(
        file,
        VISIBILITY_ITEM,
        items(
            [
                "vorher {{ 7*7 }} nachher",
                "{% include 'base.html' %}",
                "{{ config }}",
            ]
        ),
    )
    edit(file, CARD_ITEM, items([f'<b>{{{{ 6*7 }}}}</b><img src="{url}/card.png">']))

    (result,) = builder.build(brochure, languages=["de"], output_dir=tmp_path / "out")

    assert server.seen() == (0, [])
    assert_nothing_escaped(result.path)
    text = normalize(" ".join(pdf_text(result.path)))
    for literal in [
        '<img src="',
        '<link rel="attachment"',
        '<a rel="attachment"',
        "x</a>",
        "<style>@import url(",
        "</style>",
        "<iframe src=",
        "<object data=",
        "vorher {{ 7*7 }} nachher",
        "{% include 'base.html' %}",
        "{{ config }}",
        "<b>{{ 6*7 }}</b>",
    ]:
        assert literal in text
    assert "vorher 49 nachher" not in text
    # `![x](…)` is no picture (images are off): at most a plain link, and never fetched.
    with pikepdf.open(result.path) as pdf:
        assert f"{url}/md.png" in link_uris(pdf)


def test_hostile_text_in_metadata_and_attributes_stays_text(
    brochure: Path, tmp_path: Path, server: CountingServer
) -> None:
    """Strings that end up in <title>, <meta>, alt="…", the footer's CSS string and the key
    figures cannot close their context: they arrive verbatim in the PDF, nothing is loaded."""
    url = server.url
    title = f'Titel </title><img src="{url}/title.png">'
    author = f'Autor"><img src="{url}/author.png">'
    alt = f'Weg"><img src="{url}/alt.png">'
    file = brochure / "de.yaml"
    edit(
        file,
        '  title: "Bundesweite Befragung der Lokalen Bündnisse für Familie 2019 – '
        'Teil 2: Ergebnisse aus den Telefoninterviews"\n',
        f"  title: {yaml_str(title)}\n",
    )
    edit(
        file,
        "  author: Servicebüro „Lokale Bündnisse für Familie“\n",
        f"  author: {yaml_str(author)}\n",
    )
    edit(
        file,
        "  footer: Bundesweite Befragung der Lokalen Bündnisse für Familie 2019\n",
        "  footer: "
        + yaml_str(f'Fuß </style><link rel="stylesheet" href="{url}/footer.css">')
        + "\n",
    )
    edit(
        file,
        "      alt: Illustration eines Weges, der zu einer Fahne auf einem Hügel mit Sonne "
        "führt; eine Person blickt nach vorn\n",
        f"      alt: {yaml_str(alt)}\n",
    )
    edit(file, '      - value: "10"\n', f"      - value: {yaml_str(f'<img src={url}/fig.png>')}\n")

    # The long URL of the hostile key figure does not fit its box; it is shown as text all the same.
    (result,) = builder.build(
        brochure, languages=["de"], output_dir=tmp_path / "out", allow_overflow=True
    )

    assert server.seen() == (0, [])
    assert_nothing_escaped(result.path)
    with pikepdf.open(result.path) as pdf:
        assert (str(pdf.docinfo.Title), str(pdf.docinfo.Author)) == (title, author)
        alts = [
            str(obj.Alt)
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and "/Alt" in obj
        ]
        assert alt in alts
    text = normalize(" ".join(pdf_text(result.path)))
    assert 'Fuß </style><link rel="stylesheet" href=' in text
    assert "<img src=" in text  # the key figure


# --- 2. a hostile template override ------------------------------------------------------

# (id, [(template, anchor in the project's copy, markup inserted before it)], refused URLs)
OVERRIDES = [
    (
        "stylesheet-link",
        [("base.html", "</head>", '<link rel="stylesheet" href="file:///etc/passwd">')],
        ["file:///etc/passwd"],
    ),
    (
        "attachment-link",
        [("base.html", "</head>", '<link rel="attachment" href="file:///etc/passwd">')],
        ["file:///etc/passwd"],
    ),
    (
        "attachment-anchor",
        [("pages/_image.html", "</figure>", '<a rel="attachment" href="file:///etc/passwd">A</a>')],
        ["file:///etc/passwd"],
    ),
    (
        "image",
        [("pages/_image.html", "</figure>", '<img src="{url}/override.png" alt="">')],
        ["{url}/override.png"],
    ),
    (
        "css-import-and-background",
        [
            (
                "base.html",
                "</head>",
                "<style>@import url({url}/import.css); "
                "body {{ background: url({url}/bg.png) }}</style>",
            )
        ],
        ["{url}/import.css", "{url}/bg.png"],
    ),
    (
        "all-at-once",
        [
            ("base.html", "</head>", '<link rel="stylesheet" href="file:///etc/passwd">'),
            (
                "pages/_image.html",
                "</figure>",
                '<a rel="attachment" href="file:///etc/passwd">A</a>'
                '<img src="{url}/all.png" alt="">',
            ),
        ],
        ["file:///etc/passwd", "{url}/all.png"],
    ),
]


@pytest.mark.parametrize(
    ("edits", "refused"), [c[1:] for c in OVERRIDES], ids=[c[0] for c in OVERRIDES]
)
def test_hostile_template_override_is_refused(
    brochure: Path,
    tmp_path: Path,
    server: CountingServer,
    edits: list[tuple[str, str, str]],
    refused: list[str],
) -> None:
    """A brochure's own template that loads outside files or network URLs fails the build,
    names each refused URL, contacts nobody and leaves the earlier PDF alone."""
    for name, anchor, insertion in edits:
        target = brochure / "templates" / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(resources.TEMPLATES / name, target)
        edit(target, anchor, insertion.format(url=server.url) + anchor)
    out, earlier = output_with_earlier_pdf(brochure, tmp_path)

    with pytest.raises(UserError) as caught:
        builder.build(brochure, languages=["de"], output_dir=out)

    message = str(caught.value)
    for url in refused:
        assert f"refused to load {url.format(url=server.url)}" in message
    assert "de.yaml" in message
    assert server.seen() == (0, [])
    assert earlier.read_bytes() == b"%PDF-1.7 a good earlier build"
    assert sorted(p.name for p in out.iterdir()) == [earlier.name]


# --- 3. picture paths stay inside the brochure ------------------------------------------


def _outside_svg(brochure: Path) -> Path:
    """A real SVG beside (not inside) the brochure folder."""
    outside = brochure.parent / "outside.svg"
    shutil.copyfile(brochure / "images" / "icon-structures.svg", outside)
    return outside


def _file_url(brochure: Path, server_url: str) -> str:
    return "file:///etc/passwd"


def _http_url(brochure: Path, server_url: str) -> str:
    return f"{server_url}/x.svg"


def _parent_folder(brochure: Path, server_url: str) -> str:
    _outside_svg(brochure)
    return "../outside.svg"


def _symlink_out_of_folder(brochure: Path, server_url: str) -> str:
    (brochure / "images" / "linked.svg").symlink_to(_outside_svg(brochure))
    return "images/linked.svg"


IMAGE_SOURCES = [
    ("file-url", _file_url, "not a URL"),
    ("http-url", _http_url, "not a URL"),
    ("parent-folder", _parent_folder, "outside the brochure folder"),
    ("symlink-out-of-folder", _symlink_out_of_folder, "outside the brochure folder"),
]


@pytest.mark.parametrize(
    ("make_src", "message"), [c[1:] for c in IMAGE_SOURCES], ids=[c[0] for c in IMAGE_SOURCES]
)
def test_image_source_outside_the_brochure_is_located(
    brochure: Path, tmp_path: Path, server: CountingServer, make_src, message: str
) -> None:
    """`src` may only name a file inside the brochure folder (a symlink is judged by where
    it points); anything else is a located error before anything is rendered or fetched."""
    src = make_src(brochure, server.url)
    text = edit(brochure / "de.yaml", ICON_SRC, f"src: {src}")
    out, earlier = output_with_earlier_pdf(brochure, tmp_path)

    with pytest.raises(UserError) as caught:
        builder.build(brochure, languages=["de"], output_dir=out)

    line, col = line_col(text, f"src: {src}")
    assert f"de.yaml:{line}:{col + len('src: ')}" in str(caught.value)
    assert message in str(caught.value)
    assert server.seen() == (0, [])
    assert earlier.read_bytes() == b"%PDF-1.7 a good earlier build"


def test_fetcher_refuses_paths_that_leave_the_allowed_folders(
    brochure: Path, server: CountingServer
) -> None:
    """The second line of defence: even a URL that got past the model is not served when it
    resolves outside the allowed folders (symlink, `..`, encoded `..`, network)."""
    outside = _outside_svg(brochure)
    (brochure / "images" / "linked.svg").symlink_to(outside)
    inside = brochure / "images" / "icon-structures.svg"
    hostile = [
        (brochure / "images" / "linked.svg").as_uri(),
        brochure.as_uri() + "/images/../../outside.svg",
        brochure.as_uri() + "/images/%2e%2e/%2e%2e/outside.svg",
        "file:///etc/passwd",
        f"{server.url}/fetcher.svg",
    ]
    fetcher = pdfmod.SafeFetcher([brochure])
    for url in hostile:
        with pytest.raises(pdfmod.RefusedURL):
            fetcher.fetch(url)
    assert fetcher.refused == hostile
    assert fetcher.fetch(inside.as_uri()).read() == inside.read_bytes()
    assert server.seen() == (0, [])


# --- 4. pictures that point outside --------------------------------------------------------


def _capture_renders(monkeypatch: pytest.MonkeyPatch) -> list[pdfmod.Rendered]:
    """Record what pdf.render_pdf returns, to inspect the PDF of a build that is refused."""
    seen: list[pdfmod.Rendered] = []
    original = pdfmod.render_pdf

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(original(*args, **kwargs))
        return seen[-1]

    monkeypatch.setattr(pdfmod, "render_pdf", spy)
    return seen


def test_svg_with_external_references_is_refused_before_rendering(
    brochure: Path, tmp_path: Path, server: CountingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An SVG inside the brochure that points at /etc/passwd and the network: refused by the
    content model at the picture's src line, before anything is rendered or fetched."""
    url = server.url
    (brochure / "images" / "hostile.svg").write_text(HOSTILE_SVG.format(url=url), encoding="utf-8")
    text = edit(brochure / "de.yaml", "src: images/illu-outlook.svg", "src: images/hostile.svg")
    out, earlier = output_with_earlier_pdf(brochure, tmp_path)
    renders = _capture_renders(monkeypatch)

    with pytest.raises(UserError) as caught:
        builder.build(brochure, languages=["de"], output_dir=out)

    line, col = line_col(text, "src: images/hostile.svg")
    assert f"de.yaml:{line}:{col + len('src: ')}" in str(caught.value)
    assert f"images/hostile.svg refers to '{url}/font.woff'" in str(caught.value)
    assert renders == []
    assert server.seen() == (0, [])
    assert earlier.read_bytes() == b"%PDF-1.7 a good earlier build"
    assert sorted(p.name for p in out.iterdir()) == [earlier.name]


def test_fetcher_refuses_what_a_hostile_svg_asks_for(
    brochure: Path, tmp_path: Path, server: CountingServer
) -> None:
    """The second line of defence, for an SVG that got past the model: rendered directly,
    every outside URL is refused, nothing is requested, nothing of /etc/passwd is in the PDF."""
    url = server.url
    (brochure / "images" / "hostile.svg").write_text(HOSTILE_SVG.format(url=url), encoding="utf-8")
    rendered = pdfmod.render_pdf(
        '<html lang="de"><body><img src="images/hostile.svg" alt="x"></body></html>',
        base_dir=brochure,
        stylesheets=STYLESHEETS,
        allowed_roots=[brochure, resources.STYLES],
    )
    assert "file:///etc/passwd" in rendered.refused
    assert f"{url}/x.png" in rendered.refused
    assert server.seen() == (0, [])
    would_be = tmp_path / "would-be.pdf"
    would_be.write_bytes(rendered.pdf)
    assert_nothing_escaped(would_be)


HOSTILE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'width="100" height="100" viewBox="0 0 100 100">\n'
    "<style>@font-face {{ font-family: evil; src: url({url}/font.woff) }}</style>\n"
    '<rect width="100" height="100" fill="#cde"/>\n'
    '<image href="file:///etc/passwd" width="50" height="50"/>\n'
    '<image xlink:href="{url}/x.png" x="50" width="50" height="50"/>\n'
    '<use href="{url}/s.svg#a"/>\n'
    "</svg>\n"
)


def test_svg_external_entities_are_refused(
    brochure: Path, tmp_path: Path, server: CountingServer
) -> None:
    """An SVG with XML external entities (file and http): refused by the content model at the
    picture's src line (no DOCTYPE, no ENTITY); nothing is resolved or requested."""
    (brochure / "images" / "xxe.svg").write_text(
        '<?xml version="1.0"?>\n'
        "<!DOCTYPE svg [\n"
        '  <!ENTITY local SYSTEM "file:///etc/passwd">\n'
        f'  <!ENTITY remote SYSTEM "{server.url}/xxe.dtd">\n'
        "]>\n"
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100">'
        '<text x="0" y="20">&local;</text><text x="0" y="60">&remote;</text></svg>\n',
        encoding="utf-8",
    )
    text = edit(brochure / "de.yaml", "src: images/illu-visibility.svg", "src: images/xxe.svg")
    out, earlier = output_with_earlier_pdf(brochure, tmp_path)

    with pytest.raises(UserError) as caught:
        builder.build(brochure, languages=["de"], output_dir=out)

    line, col = line_col(text, "src: images/xxe.svg")
    assert f"de.yaml:{line}:{col + len('src: ')}" in str(caught.value)
    assert "images/xxe.svg declares a DOCTYPE" in str(caught.value)
    assert server.seen() == (0, [])
    assert earlier.read_bytes() == b"%PDF-1.7 a good earlier build"
    assert sorted(p.name for p in out.iterdir()) == [earlier.name]


# --- 5. dangerous link schemes in text ------------------------------------------------------

# (id, link in the text, expected words)
LINKS = [
    ("javascript", "[hier](javascript:alert(1))", "'javascript:' are not allowed"),
    (
        "javascript-mixed-case",
        "[hier](JaVaScRiPt:alert(document.title))",
        "'javascript:' are not allowed",
    ),
    ("javascript-angle-brackets", "[hier](<javascript:alert(1)>)", "'javascript:' are not allowed"),
    ("file", "[hier](file:///etc/passwd)", "'file:' are not allowed"),
    (
        "data-html",
        "[hier](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "'data:' are not allowed",
    ),
    # markdown-it itself would render this one as a link: the model is the only guard.
    ("data-image", "[hier](data:image/png;base64,iVBORw0KGgo=)", "'data:' are not allowed"),
    # A pattern would see "https://…"; markdown-it makes the relative link "%3Ehttps://…",
    # which WeasyPrint would resolve against the brochure folder: /URI file:///etc/passwd.
    (
        "relative-gt-before-https",
        "[hier](>https://example.org/../../../../../../../../etc/passwd)",
        "has no scheme",
    ),
    ("relative-nbsp-angle-brackets", "[hier](\u00a0<https://example.org>)", "has no scheme"),
    (
        "mailto-attachment",
        "[hier](mailto:a@example.org?attach=/etc/passwd)",
        "must not ask for attachments",
    ),
]
PLACES = [
    ("paragraph", AUSBLICK_FIRST_PARAGRAPH, lambda s: paragraphs([s])),
    ("card-item", CARD_ITEM, lambda s: items([s])),
    ("contact-line", BACK_MORE_ITEM, lambda s: items([s], indent=8)),
]
LINK_CASES = [
    pytest.param(link, message, old, new, id=f"{link_id}-{place}")
    for link_id, link, message in LINKS
    for place, old, new in PLACES
]


@pytest.mark.parametrize(("link", "message", "old", "new"), LINK_CASES)
def test_dangerous_link_in_text_is_located(
    brochure: Path, link: str, message: str, old: str, new
) -> None:
    """`javascript:`, `file:` and `data:` links (also disguised) are content errors reported
    at the line of the text that holds them."""
    replacement = new(f"Mehr dazu {link}.")
    text = edit(brochure / "de.yaml", old, replacement)

    with pytest.raises(UserError) as caught:
        check_brochure(brochure)

    line, col = line_col(text, replacement)
    value_col = col + replacement.index('"')  # where the quoted text starts
    assert f"de.yaml:{line}:{value_col}" in str(caught.value)
    assert message in str(caught.value)
