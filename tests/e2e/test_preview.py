"""`report preview`: the real command in its own process, looked at in a real headless Chromium.

A small one-language brochure keeps it short: the page shows the pages as images, a saved
title appears without a reload, broken YAML shows its location while the last pages stay,
the fix brings the pages back, and a page that does not fit is outlined with the draft's marks.
The page speaks the brochure's source language (German, English) and tells the time its way.
Connections reset mid-request are met with real sockets. The server alone, over a state nothing
renders into, shows what a hostile brochure name and a bug in a request do.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from report.cli import cli
from report.tools.preview import server as preview_server
from report.tools.preview.state import Preview

from .. import webdriver
from ..helpers import edit

pytestmark = pytest.mark.e2e

SETTINGS = "slug: preview-probe\nsource_language: de\n"
GERMAN = """\
meta:
  title: Probe der Vorschau
  author: Familienbüro Musterstadt

pages:
  - kind: cover
    title: Erster Titel
    subtitle: Eine kleine Broschüre

  - kind: text
    section: Einleitung
    title: Das Jahr im Überblick
    blocks:
      - paragraph: Wir haben **zwölf** neue Partner gewonnen.

  - kind: back
    title: Vielen Dank!
    contact:
      title: Kontakt
      address: [Familienbüro, Marktplatz 1, 12345 Musterstadt]
      email: info@example.org
"""
ENGLISH = """\
meta:
  title: Preview probe
  author: Family Office Musterstadt

pages:
  - title: First title
    subtitle: A small brochure

  - section: Introduction
    title: The year at a glance
    blocks:
      - paragraph: We have won **twelve** new partners.

  - title: Thank you!
    contact:
      title: Contact
      address: [Family Office, Marktplatz 1, 12345 Musterstadt]
"""


def _has_browser() -> bool:
    """Chromium and chromedriver (`make test` installs them), else installed now from Debian
    where that is possible (as root with apt-get)."""
    if not webdriver.available() and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(
            "apt-get update -qq && apt-get install -y -qq --no-install-recommends "
            "chromium chromium-driver",
            shell=True,
            capture_output=True,
            check=False,
            timeout=900,
        )
    return webdriver.available()


class Running:
    """`report preview DIR --port 0` in its own process; its address from its first line."""

    def __init__(self, folder: Path, cwd: Path) -> None:
        self.log = cwd / "preview.out"
        self.errors = cwd / "preview.err"
        with self.log.open("w") as out, self.errors.open("w") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "report", "preview", str(folder), "--port", "0"],
                stdout=out,
                stderr=err,
                cwd=cwd,
            )
        deadline = time.monotonic() + 30
        while not self.lines() and time.monotonic() < deadline and self.process.poll() is None:
            time.sleep(0.05)
        first = (self.lines() or [""])[0]
        found = re.fullmatch(r"preview: (http://127\.0\.0\.1:(\d+)/)", first)
        assert found, f"first line {first!r}; stderr: {self.errors.read_text()}"
        self.url, self.port = found[1], int(found[2])

    def lines(self) -> list[str]:
        return self.log.read_text().splitlines()

    def wait_for_line(self, pattern: str, after: int, timeout: float = 60) -> int:
        """The index of the first line after `after` that matches."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for index, line in enumerate(self.lines()[after + 1 :], start=after + 1):
                if re.search(pattern, line):
                    return index
            time.sleep(0.05)
        raise TimeoutError(f"no line {pattern!r} in {self.lines()}")

    def stop(self) -> int:
        """Ctrl-C, as a person stops it."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


@pytest.fixture
def small(tmp_path: Path) -> Path:
    folder = tmp_path / "brochure"
    folder.mkdir()
    (folder / "brochure.yaml").write_text(SETTINGS, encoding="utf-8")
    (folder / "de.yaml").write_text(GERMAN, encoding="utf-8")
    return folder


@pytest.fixture
def running(small: Path, tmp_path: Path) -> Iterator[Running]:
    preview = Running(small, tmp_path)
    yield preview
    preview.stop()


@pytest.fixture
def browser() -> Iterator[webdriver.Browser]:
    if not _has_browser():
        pytest.skip(
            "needs Debian's chromium and chromium-driver, which are not installed and "
            "could not be installed (apt-get install chromium chromium-driver)"
        )
    with webdriver.Browser() as opened:
        yield opened


# Every page image has loaded its current picture, and none is an old one kept from before.
PAGES_SHOWN = """[...document.querySelectorAll('#grid img')].length === 3
    && [...document.querySelectorAll('#grid img')].every(i => i.complete && i.naturalWidth > 0
        && (window.__imageLoads[i.dataset.key] || [])[0] === i.getAttribute('src'))
    && document.querySelectorAll('.stale').length === 0"""


def test_preview_updates_in_place_shows_errors_and_recovers(
    running: Running, small: Path, browser: webdriver.Browser
) -> None:
    browser.open(running.url)
    browser.wait_for(f"return {PAGES_SHOWN};")
    # Its style and script are files of its own (the policy allows no inline ones): both ran.
    assert browser.run("return document.title") == "Vorschau: preview-probe"  # German source
    assert (
        browser.run("return getComputedStyle(document.querySelector('header.bar')).position")
        == "sticky"
    )
    alts = browser.run("return [...document.images].map(i => i.alt)")
    assert alts[0].startswith("Seite 1: ") and "Erster Titel" in alts[0]
    assert "Das Jahr im Überblick" in alts[1]
    cover = browser.run("return document.images[0].getAttribute('src')")

    # A saved title appears without a reload: only the cover's image changes.
    edit(small / "de.yaml", "title: Erster Titel", "title: Zweiter Titel")
    browser.wait_for("""const i = document.images[0];
        return i.alt.includes('Zweiter Titel') && i.complete && i.naturalWidth > 0
            && (window.__imageLoads['de/1'] || [])[0] === i.getAttribute('src');""")
    assert browser.run("return window.__loaded === true"), "the page was reloaded"
    sources = browser.run("return [...document.images].map(i => i.getAttribute('src'))")
    assert sources[0] != cover
    assert "Erster Titel" not in browser.run("return document.images[0].alt")

    # Broken YAML: its location in the page, the last good pages still shown (dimmed).
    edit(small / "de.yaml", "title: Zweiter Titel", 'title: "Zweiter Titel')
    panel = browser.wait_for("""const p = document.getElementById('problems');
        return !p.hidden && p.innerText.includes('de.yaml:') && p.innerText;""")
    assert re.search(
        r"de\.yaml:7:12: YAML syntax error: the quote that starts here is never "
        r"closed",
        panel,
    ), panel
    assert "Hinweis: close the quote" in panel  # the page's words German, the tool's English
    browser.wait_for(
        """const dimmed = [...document.querySelectorAll('#grid figure.stale img')];
        return dimmed.length === 3 && dimmed.every(i => i.naturalWidth > 0
            && Number(getComputedStyle(i).opacity) < 0.6);""",
        timeout=5,
    )
    assert browser.run("return window.__loaded === true")

    # Fixed: the error is gone and the pages are back, up to date.
    edit(small / "de.yaml", 'title: "Zweiter Titel', "title: Dritter Titel")
    browser.wait_for(f"""return {PAGES_SHOWN} && document.getElementById('problems').hidden
        && document.images[0].alt.includes('Dritter Titel');""")
    assert browser.run("return window.__loaded === true")

    # A page that does not fit: outlined and labelled, showing the draft's red marks.
    long_list = "\n".join(
        f"          - Punkt {n}, ein Angebot für Familien im Stadtteil, das gut angenommen wird"
        for n in range(60)
    )
    edit(
        small / "de.yaml",
        "      - paragraph: Wir haben **zwölf** neue Partner gewonnen.\n",
        "      - paragraph: Wir haben **zwölf** neue Partner gewonnen.\n      - list:\n"
        + long_list
        + "\n",
    )
    label = browser.wait_for("""const c = document.querySelector('figure.misfit figcaption');
        return c && c.textContent;""")
    assert label.startswith("does not fit: page 2")
    assert re.search(
        r"de\.yaml:\d+:\d+: pages\[\d\]\S*: does not fit",
        browser.run("return document.getElementById('problems').innerText"),
    )
    red = browser.run("""const i = document.querySelector('figure.misfit img');
        const c = document.createElement('canvas');
        c.width = i.naturalWidth; c.height = i.naturalHeight;
        const g = c.getContext('2d'); g.drawImage(i, 0, 0);
        const d = g.getImageData(0, 0, c.width, c.height).data;
        let red = 0;
        for (let k = 0; k < d.length; k += 4)
          if (d[k] > 180 && d[k + 1] < 80 && d[k + 2] < 80) red++;
        return red;""")
    assert red > 500, "the draft's red marks are not in the page image"
    assert browser.run("return window.__loaded === true")

    assert running.stop() == 0
    assert running.lines()[-1] == "preview: stopped"
    assert "Traceback" not in running.errors.read_text()


# "18:04:32": the hour 00-23, no AM or PM (the browser's own default here is en-US, 6:04:32 PM).
CLOCK = r"([01]\d|2[0-3]):[0-5]\d:[0-5]\d"


@pytest.mark.parametrize(
    ("language", "tag", "status", "words"),
    [
        ("de", "de-DE", f"Aktuell · {CLOCK}", r"\d+ Seiten · \d+(,\d+)? s"),
        ("en", "en-GB", f"Up to date · {CLOCK}", r"\d+ pages · \d+(\.\d+)? s"),
    ],
)
def test_the_page_speaks_the_brochures_language(
    tmp_path: Path,
    browser: webdriver.Browser,
    language: str,
    tag: str,
    status: str,
    words: str,
) -> None:
    """A brochure started with `report new --language X`: the page's words, its `lang`, its
    clock and its numbers are the source language's."""
    folder = tmp_path / "my-brochure"
    started = CliRunner().invoke(cli, ["new", str(folder), "--language", language])
    assert started.exit_code == 0, started.output
    preview = Running(folder, tmp_path)
    try:
        browser.open(preview.url)
        shown = browser.wait_for(
            """const s = document.getElementById('status').textContent;
            return s.includes(':') && !document.querySelector('.badge.busy') && s;""",
            timeout=120,
        )
        assert re.fullmatch(status, shown), shown
        assert browser.run("return document.documentElement.lang") == tag
        badge = browser.run("return document.querySelector('.badge').textContent")
        assert re.fullmatch(words, badge), badge
        tip = browser.run("return document.querySelector('.tip').textContent")
        assert (
            tip
            == {
                "de": "Klicken Sie auf eine Sprache, damit sie nach dem Speichern zuerst "
                "aktualisiert wird.",
                "en": "Click a language to update it first after a save.",
            }[language]
        )
        alt = browser.run("return document.images[0].alt")
        assert alt.startswith({"de": "Seite 1: ", "en": "Page 1: "}[language]), alt
    finally:
        assert preview.stop() == 0


def test_preview_serves_only_its_own_things(running: Running) -> None:
    """Nothing but the page, its events, the images and PDFs by id; only to its own address."""
    running.wait_for_line(r"^preview: de: 3 pages", 0)
    state = json.load(urllib.request.urlopen(running.url + "state", timeout=10))
    image = state["languages"][0]["sheets"][0]["src"]

    def get(path: str, host: str | None = None) -> tuple[int, bytes, str]:
        connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=10)
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host or f"127.0.0.1:{running.port}")
        connection.endheaders()
        response = connection.getresponse()
        found = (response.status, response.read(), response.getheader("Content-Type") or "")
        connection.close()
        return found

    assert get(image)[2] == "image/png" and get(image)[1].startswith(b"\x89PNG")
    status, pdf, media_type = get("/pdf/de.pdf")
    assert (status, media_type) == (200, "application/pdf") and pdf.startswith(b"%PDF")
    for path in (
        "/../../etc/passwd",
        "/image/../de.yaml",
        "/de.yaml",
        "/brochure.yaml",
        "/pdf/../../de.yaml",
        "/pdf/xx.pdf",
        "/image/" + "0" * 32 + ".png",
        "/images/",
    ):
        assert get(path)[0] == 404, path
    assert get("/", host="attacker.example")[0] == 403  # a rebinding name gets nothing
    with urllib.request.urlopen(running.url, timeout=10) as page:
        policy = page.headers["Content-Security-Policy"]
        html = page.read().decode()
    # Style and script only as files from the preview itself: nothing inline, nothing else.
    assert "style-src 'self'; script-src 'self'" in policy and "default-src 'none'" in policy
    assert "unsafe" not in policy and "nonce" not in policy
    assert "<style" not in html and re.findall(r"<script[^>]*>", html) == [
        '<script src="/preview.js">'
    ]
    status, script, media_type = get("/preview.js")
    assert (status, media_type) == (200, "text/javascript; charset=utf-8")
    assert b"new EventSource('/events')" in script
    status, style, media_type = get("/preview.css")
    assert (status, media_type) == (200, "text/css; charset=utf-8") and b"#grid" in style
    assert not (running.log.parent / "output").exists()  # the real output is never touched


def _reset(sock: socket.socket) -> None:
    """Close as a browser does when it drops a connection: with an RST, not a FIN."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def test_a_reader_that_drops_its_connection_is_no_error(running: Running, small: Path) -> None:
    """A closed tab, a stopped download, a reload mid-request: the connection is reset. The
    preview goes on, prints no traceback and still answers."""
    running.wait_for_line(r"^preview: de: 3 pages", 0)
    state = json.load(urllib.request.urlopen(running.url + "state", timeout=10))
    image = state["languages"][0]["sheets"][0]["src"]
    host = f"Host: 127.0.0.1:{running.port}\r\n"
    begun = [  # (what the client sends, whether it reads the start of the answer) before it resets
        ("GET /state HT", False),  # half a request line
        ("GET /state HTTP/1.1\r\nHo", False),  # half the headers
        (f"GET /events HTTP/1.1\r\n{host}\r\n", True),  # an open page's event stream
        (f"GET {image} HTTP/1.1\r\n{host}\r\n", False),  # a page image
        (f"GET /pdf/de.pdf HTTP/1.1\r\n{host}\r\n", True),  # a PDF, partly downloaded
        (f"POST /focus HTTP/1.1\r\n{host}Content-Length: 10\r\n\r\nde", False),  # half a body
    ]
    for _ in range(4):
        for request, read in begun:
            sock = socket.create_connection(("127.0.0.1", running.port), timeout=10)
            sock.sendall(request.encode())
            if read:
                assert sock.recv(64).startswith(b"HTTP/1.1 200")
            time.sleep(0.05)  # the server reads or writes when the reset arrives
            _reset(sock)
    # A save: every event stream writes the new state, the reset ones find out now.
    mark = len(running.lines()) - 1
    edit(small / "de.yaml", "title: Erster Titel", "title: Zweiter Titel")
    running.wait_for_line(r"^preview: de: 3 pages", mark)
    with urllib.request.urlopen(running.url + "state", timeout=10) as answer:
        assert answer.status == 200 and "Zweiter Titel" in answer.read().decode()
    with urllib.request.urlopen(running.url, timeout=10) as answer:
        assert answer.status == 200 and "preview-probe" in answer.read().decode()
    assert running.stop() == 0
    errors = running.errors.read_text()
    assert "Traceback" not in errors and "Exception occurred" not in errors, errors


@pytest.fixture
def served(small: Path) -> Iterator[tuple[Preview, str]]:
    """The preview's server alone on a free port, over a state nothing renders into."""
    preview = Preview(small.resolve(), slug='<img src=x onerror="alert(1)">')
    server, thread = preview_server.start_server(preview, 0)
    yield preview, f"127.0.0.1:{server.server_address[1]}"
    preview.stop()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_the_brochure_name_is_escaped_in_the_page(served: tuple[Preview, str]) -> None:
    _, address = served
    with urllib.request.urlopen(f"http://{address}/", timeout=10) as answer:
        html = answer.read().decode()
    assert "<title>Preview: &lt;img src=x onerror=&quot;alert(1)&quot;&gt;</title>" in html
    assert "<img" not in html


def test_a_bug_in_a_request_still_shows_its_traceback(
    served: tuple[Preview, str], monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """Only a reader going away is quiet: any other exception is a bug and says where."""
    preview, address = served

    def broken() -> tuple[int, bytes]:
        raise RuntimeError("a bug in the state")

    monkeypatch.setattr(preview, "state_json", broken)
    connection = http.client.HTTPConnection(address, timeout=10)
    connection.request("GET", "/state")
    # The server closes the connection after it printed the traceback.
    with pytest.raises(http.client.RemoteDisconnected):
        connection.getresponse()
    connection.close()
    errors = capfd.readouterr().err
    assert "Traceback" in errors and "RuntimeError: a bug in the state" in errors, errors


def test_the_language_looked_at_is_rebuilt_first(small: Path, tmp_path: Path) -> None:
    (small / "en.yaml").write_text(ENGLISH, encoding="utf-8")
    preview = Running(small, tmp_path)
    try:
        first = preview.wait_for_line(r"^preview: de: 3 pages", 0)
        preview.wait_for_line(r"^preview: en: 3 pages", 0)
        request = urllib.request.Request(preview.url + "focus", data=b"en", method="POST")
        assert urllib.request.urlopen(request, timeout=10).status == 204
        edit(small / "de.yaml", "title: Erster Titel", "title: Zweiter Titel")  # both change
        mark = len(preview.lines()) - 1
        english = preview.wait_for_line(r"^preview: en: 3 pages", mark)
        german = preview.wait_for_line(r"^preview: de: 3 pages", mark)
        assert first < english < german
    finally:
        assert preview.stop() == 0
