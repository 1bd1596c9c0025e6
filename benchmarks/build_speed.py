"""Build speed and memory, measured side by side in one run (not a test: machines are noisy).

    .venv/bin/python benchmarks/build_speed.py [--runs 3]

Every measure is the median of --runs whole-process runs (wall time), except the warm edit,
which is measured inside one long-running process, as the preview runs it. Compared, on the
shipped brochure (five languages):

  unchanged      `report build` with nothing changed since the last build
  full           `report build --force --jobs 1`: every language built again, on one core
  jobs 2         `report build --force --jobs 2`
  cold de        `report build --locale de --force --jobs 1` in a fresh process
  weasyprint     the plain `weasyprint` command on the same HTML, stylesheets, fonts and
                 pictures, with the options a screen build gives the engine: the engine's own
                 floor (run in turn with `cold de`, so that both meet the same machine)
  cold de, no cache   the cold build with no hyphenation cache file yet (the first build on
                 a machine: pyphen parses its patterns; see report/pdf/hyphenation.py)
  chromium       headless Chromium printing the same HTML and CSS to PDF (Debian's chromium)
  warm edit      one word changed on one page, rebuilt in a process that has built before
  peak memory    of the cold German build

and prints the ratios the issue sets as targets, each with its target. The `report` runs use a
cache folder of their own (XDG_CACHE_HOME in a temporary folder), which the first build fills.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHIPPED = ROOT / "content" / "lokale-buendnisse-2019"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]


def timed_process(
    command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Wall time and peak RSS (MiB) of one child process.

    The command runs under a small Python parent whose RUSAGE_CHILDREN then holds exactly
    this command's peak, not the largest of all earlier children.
    """
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
        "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", probe, *command],
        check=True,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
    )
    elapsed = time.perf_counter() - started
    return elapsed, int(result.stdout.strip()) / 1024


def median_of(
    runs: int, step: Callable[[], float], before: Callable[[], None] | None = None
) -> float:
    values = []
    for _ in range(runs):
        if before:
            before()
        values.append(step())
    return statistics.median(values)


def medians_in_turn(runs: int, steps: dict[str, Callable[[], float]]) -> dict[str, float]:
    """The median of each step, the steps run in turn (A B A B …): a slower or busier spell
    of the machine then falls on all of them alike, and their ratio stays fair."""
    values: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(runs):
        for name, step in steps.items():
            values[name].append(step())
    return {name: statistics.median(found) for name, found in values.items()}


def page_words(pdf: Path) -> list[list[str]]:
    """The words of each page (pdfium), to tell whether two PDFs show the same pages.

    A word hyphenated at a line end is joined again: the engine writes its hyphen as U+2010
    and a line break, our tagging as a soft hyphen, which pdfium reads as U+FFFE and no break.
    """
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        texts = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    return [re.sub("\u2010[ \t]*\r?\n", "", text).replace("\ufffe", "").split() for text in texts]


def weasyprint_command(page: Path, target: Path) -> list[str]:
    """The plain engine command on `page`, given what a screen build gives the engine: the
    PDF variant, the image options, the brochure folder as base URL (for its pictures)."""
    from report.pdf.profiles import PROFILES

    screen = PROFILES["screen"]
    images = ["--optimize-images", "--jpeg-quality", "85"] if screen.optimize_images else []
    if screen.dpi:
        images += ["--dpi", str(screen.dpi)]
    return [
        str(Path(sys.executable).parent / "weasyprint"),
        "--pdf-variant",
        screen.pdf_variant,
        *images,
        "--base-url",
        f"{SHIPPED.as_uri()}/",
        page.as_uri(),
        str(target),
    ]


def chromium_input(folder: Path) -> Path:
    """The German brochure's HTML with its stylesheets as files, for Chromium and for the
    plain `weasyprint` command: what the build hands to the engine (the theme stylesheet's
    @font-face rules name the bundled font files; the pictures are relative to the brochure
    folder, the base URL)."""
    from report.builder.variant import STYLESHEETS
    from report.design import brochure as brochures
    from report.design import theme
    from report.render.html import Renderer

    brochure = brochures.load(SHIPPED, ["de"])
    design = folder / "theme.css"
    design.write_text(theme.stylesheet(brochure.theme), encoding="utf-8")
    html = Renderer(brochure.template_path, "de", brochure.theme, brochure.inputs).document(
        brochure.variants["de"].content
    )
    links = "".join(
        f'<link rel="stylesheet" href="{sheet.as_uri()}">' for sheet in [design, *STYLESHEETS]
    )
    html = html.replace("<head>", f'<head><base href="{SHIPPED.as_uri()}/">{links}', 1)
    page = folder / "brochure.html"
    page.write_text(html, encoding="utf-8")
    return page


def warm_edit_seconds(folder: Path, runs: int) -> float:
    """One word changed on one page, rebuilt by a process that has built before and keeps
    its page layouts (as the preview does: report/builder/page_cache.py)."""
    from report.builder import page_cache
    from report.builder import run as builder

    copy = folder / "warm"
    shutil.copytree(SHIPPED, copy)
    out = folder / "warm-out"
    store = page_cache.Store()
    builder.build(copy, languages=["de"], output_dir=out, store=store)  # warm up
    source = copy / "de.yaml"
    text = source.read_text(encoding="utf-8")
    values = []
    for run in range(runs):
        word = "Bündnisse" if run % 2 == 0 else "Allianzen"
        source.write_text(
            text.replace("Bündnisse gewinnen", f"{word} gewinnen", 1), encoding="utf-8"
        )
        started = time.perf_counter()
        builder.build(copy, languages=["de"], output_dir=out, store=store)
        values.append(time.perf_counter() - started)
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    report = [sys.executable, "-m", "report", "build", str(SHIPPED)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        out = str(folder / "out")
        seconds: dict[str, float] = {}
        peak: dict[str, float] = {}
        # The tool's cache (the parsed hyphenation patterns) in a folder of this run's own:
        # the first build below fills it, as the first build on a machine does.
        cache = folder / "cache"
        env = {**os.environ, "XDG_CACHE_HOME": str(cache)}

        def run(name: str, command: list[str]) -> Callable[[], float]:
            def step() -> float:
                elapsed, memory = timed_process(command, env=env)
                peak[name] = max(peak.get(name, 0.0), memory)
                return elapsed

            return step

        seconds["full"] = median_of(
            runs, run("full", [*report, "--output", out, "--force", "--jobs", "1"])
        )
        seconds["unchanged"] = median_of(runs, run("unchanged", [*report, "--output", out]))
        seconds["jobs 2"] = median_of(
            runs, run("jobs 2", [*report, "--output", out, "--force", "--jobs", "2"])
        )
        cold = [*report, "--output", out, "--force", "--jobs", "1", "--locale", "de"]
        page = chromium_input(folder)
        engine_pdf = folder / "weasyprint.pdf"
        seconds.update(
            medians_in_turn(
                runs,
                {
                    "cold de": run("cold de", cold),
                    "weasyprint": run("weasyprint", weasyprint_command(page, engine_pdf)),
                },
            )
        )
        built = page_words(next(Path(out).glob("*-de.pdf")))
        plain = page_words(engine_pdf)
        seconds["cold de, no cache"] = median_of(
            runs,
            run("cold de, no cache", cold),
            before=lambda: shutil.rmtree(cache, ignore_errors=True),
        )
        if CHROMIUM:
            seconds["chromium"] = median_of(
                runs,
                run(
                    "chromium",
                    [
                        CHROMIUM,
                        *CHROMIUM_FLAGS,
                        f"--user-data-dir={folder / 'profile'}",
                        f"--print-to-pdf={folder / 'chromium.pdf'}",
                        page.as_uri(),
                    ],
                ),
            )
        seconds["warm edit"] = warm_edit_seconds(folder, runs)

    print(f"{'measure':18} {'median s':>9} {'peak MiB':>9}")
    for name, value in seconds.items():
        memory = f"{peak[name]:9.0f}" if name in peak else f"{'-':>9}"
        print(f"{name:18} {value:9.2f} {memory}")
    same = "the same" if built == plain else "NOT the same"
    print(
        f"\ncold de and the weasyprint command: {len(built)} and {len(plain)} pages, {same} "
        "words on every page"
    )
    print()
    chromium = seconds.get("chromium")
    rows = [
        (
            "unchanged rebuild of 5 languages / full build",
            seconds["unchanged"] / seconds["full"],
            "<= 0.05",
        ),
        (
            "5 languages with --jobs 2 / with --jobs 1",
            seconds["jobs 2"] / seconds["full"],
            "<= 0.6",
        ),
        (
            "cold report build --locale de / weasyprint command",
            seconds["cold de"] / seconds["weasyprint"],
            "<= 1.05",
        ),
        (
            "cold report build --locale de / Chromium",
            seconds["cold de"] / chromium if chromium else None,
            "<= 1.5",
        ),
        (
            "warm rebuild after a one-word edit / Chromium cold",
            seconds["warm edit"] / chromium if chromium else None,
            "<= 0.25",
        ),
    ]
    for label, ratio, target in rows:
        shown = f"{ratio:6.2f}" if ratio is not None else "  n/a (no chromium)"
        print(f"{label:52} {shown}   target {target}")
    print(
        f"{'peak memory of the cold German build (MiB)':52} {peak['cold de']:6.0f}   target <= 150"
    )
    print(
        f"\n(the first build on a machine, no hyphenation cache file yet / the weasyprint "
        f"command: {seconds['cold de, no cache'] / seconds['weasyprint']:.2f})"
    )
    if chromium:
        print(
            f"(the engine alone: the weasyprint command on the same HTML / Chromium "
            f"{seconds['weasyprint'] / chromium:.2f})"
        )


if __name__ == "__main__":
    main()
