"""How the tool counts things in its own (English) messages: "1 page", "2 pages"."""

from __future__ import annotations


def count(number: int, noun: str, plural: str | None = None) -> str:
    """`number` with the noun in the singular for one, else the plural (noun + "s")."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
