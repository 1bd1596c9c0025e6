"""How long from saving a one-word edit to the new page image in the browser (not a test).

    .venv/bin/python benchmarks/preview_latency.py [--runs 5]

Runs `report preview` on a copy of the shipped five-language brochure, opens it in headless
Chromium (Debian's chromium and chromium-driver) and, per run, changes one word of page 3's
title, measured from the moment the file is saved to the moment the browser has loaded the new
image of that page (its load event, on the same clock):

  - in de.yaml (the source language, so all five languages are out of date) with German, the
    default, looked at first; also how long until all five languages are rebuilt;
  - in en.yaml with English looked at (only English is out of date).

Prints medians, and beside them the render time the preview reports for that language (load,
layout, fit check, page images), so the ratio shows what watching, serving and the browser add;
and, measured first in this process with nothing else running, a warm `render_variant` of the
language alone: the engine's share.
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import webdriver  # noqa: E402

SHIPPED = ROOT / "content" / "lokale-buendnisse-2019"
EDITS = {  # language -> (the title of page 3, with one word changed)
    "de": ("title: Das macht Bündnisse stark!", "title: Das macht Bündnisse stärker!"),
    "en": (
        "title: This is what makes alliances strong!",
        "title: This is what makes alliances stronger!",
    ),
}
PAGE = 3


def state(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url + "state", timeout=10) as response:
        found: dict[str, Any] = json.load(response)
        return found


def idle(url: str) -> bool:
    now = state(url)
    return not now["building"] and not now["waiting"]


def focused(url: str, language: str) -> bool:
    """Whether the preview renders `language` first now."""
    return bool(state(url)["focus"] == language)


def wait(check: Callable[[], bool], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError("the preview did not get there in time")
        time.sleep(0.1)


def one_edit(
    browser: webdriver.Browser, url: str, folder: Path, language: str, run: int
) -> tuple[float, float, float]:
    """Save one changed word; (seconds to the new image in the browser, seconds until every
    language is rebuilt, the render time the preview reports for the language)."""
    old, new = EDITS[language] if run % 2 == 0 else EDITS[language][::-1]
    word = new.split()[-1]
    key = f"{language}/{PAGE}"
    before = browser.run(f"return document.querySelector('img[data-key=\"{key}\"]').src")
    file = folder / f"{language}.yaml"
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    file.write_text(text.replace(old, new), encoding="utf-8")
    saved = time.time()
    loaded = browser.wait_for(
        f"""
        const img = document.querySelector('img[data-key="{key}"]');
        const load = window.__imageLoads['{key}'] || [];
        return img.src !== {json.dumps(before)} && img.alt.includes({json.dumps(word)})
            && load[0] === img.getAttribute('src') && img.naturalWidth > 0 && load[1];""",
        interval=0.1,
    )  # the page notes the time itself: no need to poll fast
    shown = loaded / 1000 - saved
    wait(lambda: idle(url))
    everything = time.time() - saved
    seconds = next(lang["seconds"] for lang in state(url)["languages"] if lang["code"] == language)
    return shown, everything, seconds


def warm_render(language: str, runs: int) -> float:
    """Median of a warm load + render_variant of one language, in this process."""
    from report.builder.variant import render_variant
    from report.design import brochure as brochures

    times = []
    for _ in range(runs + 1):  # the first warms the engine up
        started = time.perf_counter()
        brochure = brochures.load(SHIPPED, [language])
        render_variant(brochure, brochure.variants[language])
        times.append(time.perf_counter() - started)
    return statistics.median(times[1:])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    if not webdriver.available():
        sys.exit(
            "needs Debian's chromium and chromium-driver: apt-get install chromium chromium-driver"
        )
    engine = {language: warm_render(language, runs) for language in EDITS}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "brochure"
        shutil.copytree(SHIPPED, folder)
        log = Path(tmp) / "preview.out"
        with log.open("w") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "report", "preview", str(folder), "--port", "0"],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            wait(lambda: log.read_text().startswith("preview: http"), 30)
            url = log.read_text().split()[1]
            with webdriver.Browser(1500, 1000) as browser:
                browser.open(url)
                wait(lambda: idle(url) and len(state(url)["languages"]) == 5)
                sheets = sum(len(lang["sheets"]) for lang in state(url)["languages"])
                browser.wait_for(
                    f"return [...document.images].length === {sheets} && "
                    "[...document.images].every(i => i.complete && i.naturalWidth)"
                )
                for problem in state(url)["problems"]:
                    print(f"note: the brochure has a problem: {problem['text']}")
                results = {}
                for language in ("de", "en"):
                    browser.run(
                        f"document.querySelector('.lang[data-lang=\"{language}\"] button').click()"
                    )
                    wait(functools.partial(focused, url, language))
                    results[language] = [
                        one_edit(browser, url, folder, language, run) for run in range(runs)
                    ]
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)
    print(
        f"report preview, {SHIPPED.name} (5 languages, 9 pages each), {runs} edits each, medians:"
    )
    for language, label in (
        ("de", "de.yaml edited, de looked at (all 5 rebuilt)"),
        ("en", "en.yaml edited, en looked at (en rebuilt)"),
    ):
        shown, everything, seconds = (
            statistics.median(column) for column in zip(*results[language], strict=True)
        )
        print(f"  {label}:")
        print(
            f"    save -> new page image in the browser: {shown:.2f} s "
            f"(render in the preview {seconds:.2f} s, ratio {shown / seconds:.2f})"
        )
        print(f"    save -> every language rebuilt:        {everything:.2f} s")
        print(
            f"    warm load + render_variant alone:      {engine[language]:.2f} s "
            f"(ratio of the preview's latency to it {shown / engine[language]:.2f})"
        )
        print("    all runs: " + ", ".join(f"{run[0]:.2f}" for run in results[language]))


if __name__ == "__main__":
    main()
