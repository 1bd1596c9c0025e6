"""Fixtures every package's tests may use: a copy of the shipped brochure to break; and a cache
folder of the test run's own, so that no test reads or writes the user's (the hyphenation
patterns of report/pdf/hyphenation.py live there).
(Helpers are in tests/helpers.py; a package's own fixtures in its own conftest.py.)"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from .helpers import SHIPPED

_CACHE = tempfile.TemporaryDirectory(prefix="report-test-cache-")


def pytest_configure(config: pytest.Config) -> None:
    # Set before any test runs, so that the processes tests start inherit it too.
    os.environ["XDG_CACHE_HOME"] = _CACHE.name


@pytest.fixture
def brochure(tmp_path: Path) -> Path:
    """A private copy of the shipped brochure folder, free to break."""
    target = tmp_path / "brochure"
    shutil.copytree(SHIPPED, target)
    return target
