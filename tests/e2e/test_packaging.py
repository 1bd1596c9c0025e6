"""The tool installs as a package: the wheel carries templates, styles and fonts, and an
installed (non-editable) copy renders a brochure with no source tree in reach."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pikepdf
import pytest

from ..helpers import ROOT, SHIPPED, bundled_font_of, embedded_fonts

pytestmark = pytest.mark.e2e


def test_wheel_installed_outside_the_checkout_renders_the_brochure(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--wheel-dir",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("report-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for shipped in (
        "report/templates/base.html",
        "report/templates/pages/cover.html",
        "report/styles/brochure.css",
        "report/styles/fonts/NotoSans-Regular.ttf",
        "report/styles/fonts/OFL.txt",
        "report/templates/locales/de.po",
    ):
        assert shipped in names, shipped

    # A fresh environment elsewhere; the dependencies (not `report`) come from the test's own
    # environment through a path entry, so nothing is downloaded.
    venv = tmp_path / "elsewhere" / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    work = tmp_path / "work"
    brochure = work / "my-brochure"
    shutil.copytree(SHIPPED, brochure)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}

    where = subprocess.run(
        [
            str(python),
            "-c",
            "import report, report.base.resources as r; "
            "print(report.__file__); print(r.TEMPLATES); print(r.FONTS)",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=work,
        env=env,
    ).stdout.split()
    assert all(Path(path).is_relative_to(venv) for path in where), where
    assert not any(Path(path).is_relative_to(ROOT) for path in where)

    done = subprocess.run(
        [
            str(venv / "bin" / "report"),
            "build",
            str(brochure),
            "--locale",
            "de",
            "--output",
            str(work / "out"),
            "--strict",
        ],
        capture_output=True,
        text=True,
        cwd=work,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    pdf_path = work / "out" / "lokale-buendnisse-befragung-2019-teil-2-de.pdf"
    with pikepdf.open(pdf_path) as pdf:
        assert len(pdf.pages) == 9
    # the installed copy's fonts, which are the checkout's files
    fonts = {
        name: program and bundled_font_of(program)
        for name, program in embedded_fonts(pdf_path).items()
    }
    assert fonts and None not in fonts.values(), fonts
