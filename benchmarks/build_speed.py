"""Build speed and memory, measured side by side in one run (not a test: machines are noisy).

    .venv/bin/python benchmarks/build_speed.py [--runs 3]

Compares, for the German variant of the shipped brochure:
  - `weasyprint` CLI on the same HTML (the hand-made baseline a team would otherwise use),
  - `report build --locale de` in a fresh process (what `make build` does per language),
  - a warm rebuild inside one process (what a watch mode or worker would do).
Prints medians, peak memory of the child processes and the ratios between them.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from report import build as builder  # noqa: E402
from report import load, render  # noqa: E402

SHIPPED = ROOT / "content" / "lokale-buendnisse-2019"


def timed_process(command: list[str]) -> tuple[float, float]:
    """Wall time and peak RSS (MiB) of one child process.

    The command runs under a small Python parent whose RUSAGE_CHILDREN then holds exactly
    this command's peak, not the largest of all earlier children.
    """
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
             "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", probe, *command], check=True,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    return elapsed, int(result.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        brochure = load.load(SHIPPED, ["de"])
        html = out / "brochure.html"
        html.write_text(render.render_html(template_path=brochure.template_path, language="de",
                                           content=brochure.variants["de"].content,
                                           theme=brochure.theme),
                        encoding="utf-8")
        css = [str(s) for s in builder.STYLESHEETS]

        rows: dict[str, list[float]] = {"weasyprint CLI": [], "report build (process)": [],
                                         "report build (warm, in process)": []}
        memory: dict[str, float] = {}
        builder.build(SHIPPED, languages=["de"], output_dir=out)  # warm up
        for _ in range(runs):
            seconds, peak = timed_process(
                [str(bin_dir / "weasyprint"), "--base-url", str(brochure.root), "-s", css[0],
                 "--pdf-variant", "pdf/ua-1", str(html), str(out / "baseline.pdf")])
            rows["weasyprint CLI"].append(seconds)
            memory["weasyprint CLI"] = peak
            seconds, peak = timed_process(
                [sys.executable, "-m", "report", "build", str(SHIPPED), "--locale", "de",
                 "--output", str(out)])
            rows["report build (process)"].append(seconds)
            memory["report build (process)"] = peak
            started = time.perf_counter()
            builder.build(SHIPPED, languages=["de"], output_dir=out)
            rows["report build (warm, in process)"].append(time.perf_counter() - started)

    baseline = statistics.median(rows["weasyprint CLI"])
    print(f"{'':34} {'median s':>9} {'vs weasyprint CLI':>18} {'peak MiB':>9}")
    for name, values in rows.items():
        median = statistics.median(values)
        mem = f"{memory[name]:9.0f}" if name in memory else f"{'-':>9}"
        print(f"{name:34} {median:9.2f} {median / baseline:17.2f}x {mem}")
    print("\nThe process build includes loading, validation, the fit check, glyph coverage and an "
          "atomic write; the warm build shows what a long-running process pays per rebuild.")


if __name__ == "__main__":
    main()
