"""`report check` without rendering (report/builder/check.py): the shipped brochure is valid in
every language, the source first."""

from __future__ import annotations

from report.builder.check import check as check_brochure

from ..helpers import SHIPPED


def test_shipped_content_is_valid() -> None:
    assert list(check_brochure(SHIPPED)) == ["de", "ar", "en", "tr", "uk"]
