"""What report/pdf/patches.py changes in the PDF writer under WeasyPrint 70 (pydyf), seen in the
bytes it writes and in a reader's view of them."""

from __future__ import annotations

import zlib
from pathlib import Path

import pikepdf
import pydyf

from report.pdf import patches


def _ending_in_cr() -> bytes:
    """Content whose compressed stream ends in CR: the last byte of the deflate stream is the
    low byte of the Adler-32 sum of the content."""
    for first in range(33, 127):  # a two-letter comment moves the sum one by one
        for second in range(33, 127):
            content = b"0 0 m 10 10 l S %" + bytes((first, second))
            if zlib.compress(content, 9)[-1] == 13:
                return content
    raise AssertionError("no such content")


def test_a_stream_whose_data_ends_in_cr_has_an_unambiguous_end(tmp_path: Path) -> None:
    """PDF/A: /Length is the byte count from the LF after `stream` to the end-of-line before
    `endstream`. Data ending in CR followed by `LF endstream` reads one byte short as
    `CR LF endstream`; such a stream must end with its own CR LF."""
    content = _ending_in_cr()
    stream = pydyf.Stream([content], compress=True)
    patches.install()
    original = pydyf.Stream.data.fget.original  # pydyf's own
    assert original(stream).endswith(b"\r\nendstream")  # the ambiguous form, unpatched
    document = pydyf.PDF()
    document.add_object(stream)
    document.add_page(
        pydyf.Dictionary(
            {
                "Type": "/Page",
                "Parent": document.pages.reference,
                "Contents": stream.reference,
                "MediaBox": pydyf.Array([0, 0, 100, 100]),
            }
        )
    )
    target = tmp_path / "cr.pdf"
    with target.open("wb") as out:
        document.write(out)
    raw = target.read_bytes()
    start = raw.index(b"stream\n") + len(b"stream\n")
    length = len(zlib.compress(content, 9))
    assert raw[start + length - 1 : start + length + 11] == b"\r\r\nendstream"
    with pikepdf.open(target) as pdf:  # offsets and length still right for a reader
        assert pdf.pages[0].Contents.read_bytes() == content
