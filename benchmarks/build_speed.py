"""Build speed and memory, measured side by side in one run (not a test: machines are noisy).

    .venv/bin/python benchmarks/build_speed.py [--runs 3]

Every measure is the median of --runs whole-process runs (wall time), except the warm edit,
which is measured inside one long-running process, as the preview runs it. Compared, on the
shipped brochure (five languages):

  unchanged      `report build` with nothing changed since the last build
  full           `report build --force --jobs 1`: every language built again, on one core
  jobs 2         `report build --force --jobs 2`
  cold de        `report build --locale de --force --jobs 1` in a fresh process
  chromium       headless Chromium printing the same HTML and CSS to PDF (Debian's chromium)
  weasyprint     the plain `weasyprint` command on that HTML: the engine's own floor
  warm edit      one word changed on one page, rebuilt in a process that has built before
  peak memory    of the cold German build

and prints the ratios the issue sets as targets, each with its target.
"""

from __future__ import annotations

import argparse
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
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-pdf-header-footer"]


def timed_process(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall time and peak RSS (MiB) of one child process.

    The command runs under a small Python parent whose RUSAGE_CHILDREN then holds exactly
    this command's peak, not the largest of all earlier children.
    """
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
             "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", probe, *command], check=True,
                            capture_output=True, text=True, cwd=cwd)
    elapsed = time.perf_counter() - started
    return elapsed, int(result.stdout.strip()) / 1024


def median_of(runs: int, step: Callable[[], float], before: Callable[[], None] | None = None
              ) -> float:
    values = []
    for _ in range(runs):
        if before:
            before()
        values.append(step())
    return statistics.median(values)


def chromium_input(folder: Path) -> Path:
    """The German brochure's HTML with its stylesheets as files, for Chromium."""
    from report.builder.variant import STYLESHEETS
    from report.design import brochure as brochures
    from report.design import theme
    from report.render.html import Renderer

    brochure = brochures.load(SHIPPED, ["de"])
    design = folder / "theme.css"
    design.write_text(theme.stylesheet(brochure.theme), encoding="utf-8")
    html = Renderer(brochure.template_path, "de", brochure.theme, brochure.inputs).document(
        brochure.variants["de"].content)
    links = "".join(f'<link rel="stylesheet" href="{sheet.as_uri()}">'
                    for sheet in [design, *STYLESHEETS])
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
        source.write_text(text.replace("Bündnisse gewinnen", f"{word} gewinnen", 1),
                          encoding="utf-8")
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

        def run(name: str, command: list[str]) -> Callable[[], float]:
            def step() -> float:
                elapsed, memory = timed_process(command)
                peak[name] = max(peak.get(name, 0.0), memory)
                return elapsed
            return step

        seconds["full"] = median_of(runs, run("full", [*report, "--output", out, "--force",
                                                       "--jobs", "1"]))
        seconds["unchanged"] = median_of(runs, run("unchanged", [*report, "--output", out]))
        seconds["jobs 2"] = median_of(runs, run("jobs 2", [*report, "--output", out, "--force",
                                                           "--jobs", "2"]))
        seconds["cold de"] = median_of(runs, run("cold de", [
            *report, "--output", out, "--force", "--jobs", "1", "--locale", "de"]))
        page = chromium_input(folder)
        seconds["weasyprint"] = median_of(runs, run("weasyprint", [
            str(Path(sys.executable).parent / "weasyprint"), "--pdf-variant", "pdf/ua-1",
            page.as_uri(), str(folder / "weasyprint.pdf")]))
        if CHROMIUM:
            seconds["chromium"] = median_of(runs, run("chromium", [
                CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={folder / 'profile'}",
                f"--print-to-pdf={folder / 'chromium.pdf'}", page.as_uri()]))
        seconds["warm edit"] = warm_edit_seconds(folder, runs)

    print(f"{'measure':12} {'median s':>9} {'peak MiB':>9}")
    for name, value in seconds.items():
        memory = f"{peak[name]:9.0f}" if name in peak else f"{'-':>9}"
        print(f"{name:12} {value:9.2f} {memory}")
    print()
    chromium = seconds.get("chromium")
    rows = [
        ("unchanged rebuild of 5 languages / full build", seconds["unchanged"] / seconds["full"],
         "<= 0.05"),
        ("5 languages with --jobs 2 / with --jobs 1", seconds["jobs 2"] / seconds["full"],
         "<= 0.6"),
        ("cold report build --locale de / Chromium",
         seconds["cold de"] / chromium if chromium else None, "<= 1.5"),
        ("warm rebuild after a one-word edit / Chromium cold",
         seconds["warm edit"] / chromium if chromium else None, "<= 0.25"),
    ]
    for label, ratio, target in rows:
        shown = f"{ratio:6.2f}" if ratio is not None else "  n/a (no chromium)"
        print(f"{label:52} {shown}   target {target}")
    print(f"{'peak memory of the cold German build (MiB)':52} {peak['cold de']:6.0f}   "
          "target <= 150")
    if chromium:
        print(f"\n(the engine alone: the weasyprint command on the same HTML / Chromium "
              f"{seconds['weasyprint'] / chromium:.2f})")


if __name__ == "__main__":
    main()
