"""Batches of brochures split into shares (report/builder/plan.py): every language of every
brochure in exactly one share, the shares about equal."""

from __future__ import annotations

from report.builder import plan, uptodate

from ..helpers import SECOND, SHIPPED


def test_shares_split_every_language_of_every_brochure_once() -> None:
    wanted = {SHIPPED: None, SECOND: None}
    found = {folder: uptodate.languages_of(folder) for folder in wanted}
    everything = {(folder, language) for folder in wanted for language in found[folder]}
    shares = [plan.share(wanted, found, k, 3) for k in (1, 2, 3)]
    dealt = [
        (folder, language)
        for share in shares
        for folder, languages in share.items()
        for language in languages or []
    ]
    assert sorted(dealt) == sorted(everything) and len(dealt) == len(everything) == 8
    assert all(2 <= sum(len(v or []) for v in share.values()) <= 3 for share in shares)
