"""Shared fixtures: the shipped brochure built once per test session, a copy to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from report.builder import run as builder

from .helpers import (  # noqa: F401 - test modules import these from here too
    LANGUAGES,
    ROOT,
    SECOND,
    SEED,
    SEED_COPY,
    SHIPPED,
    edit,
    listed,
    load_variant,
    normalize,
    pdf_text,
    reader_form,
    render_html,
    run_cli,
    seed_lines,
)


@pytest.fixture(scope="session")
def shipped_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, builder.Output]:
    """Every language of the shipped brochure, built once, with engine warnings collected."""
    out = tmp_path_factory.mktemp("shipped")
    return {result.language: result for result in builder.build(SHIPPED, output_dir=out)}


@pytest.fixture(scope="session")
def shipped_build(shipped_builds: dict[str, builder.Output]) -> builder.Output:
    return shipped_builds["de"]


@pytest.fixture(scope="session")
def shipped_pdf(shipped_build: builder.Output) -> Path:
    return shipped_build.path


@pytest.fixture
def brochure(tmp_path: Path) -> Path:
    """A private copy of the shipped brochure folder, free to break."""
    target = tmp_path / "brochure"
    shutil.copytree(SHIPPED, target)
    return target
