"""The shipped brochure, built once per test session in every language (engine warnings
collected), for the end-to-end tests that read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from report.builder import run as builder

from ..helpers import SHIPPED


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
