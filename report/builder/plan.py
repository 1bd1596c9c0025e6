"""Which PDFs a run builds: every (brochure, language) pair dealt into shares, so that the
machines of a CI matrix build everything once between them with no other coordination."""

from __future__ import annotations

from pathlib import Path


def share(
    wanted: dict[Path, list[str] | None], found: dict[Path, list[str]], index: int, count: int
) -> dict[Path, list[str] | None]:
    """The index-th of `count` shares of all (brochure, language) pairs, dealt out in a fixed
    order, so that every machine of a CI matrix computes the same split without talking to
    the others."""
    pairs = []
    for folder in sorted(wanted, key=lambda path: str(path.resolve())):
        languages = wanted[folder]
        if languages is None:
            languages = found[folder]
        pairs += [(folder, language) for language in languages]
    mine: dict[Path, list[str]] = {folder: [] for folder in wanted}
    for position, (folder, language) in enumerate(pairs):
        if position % count == index - 1:
            mine[folder].append(language)
    return dict(mine)
