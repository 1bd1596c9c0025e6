"""The preview page's own words (its interface, not the brochure's), in the brochure's source
language where they are translated, else in English.

One table, served to the page with it: the server fills the page's static words in, and the
script takes the rest from the page (`data-text` on `<html>`), so the words are kept here only.
`{name}` marks a value the page fills in; a `.one`/`.other` pair is chosen by the language's
plural rules (Intl.PluralRules in the page). Times and numbers are formatted in the page by
the language's own conventions (Intl, with the `lang` tag of the page).
"""

from __future__ import annotations

import re

from report.base import languages

FALLBACK = "en"  # the words of a language with no translation of them
_MARK = re.compile(r"\{(\w+)\}")

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Preview: {slug}",
        "heading": "Preview",
        "tip": "Click a language to update it first after a save.",
        "connecting": "Connecting…",
        "grid": "Pages, one column per language",
        "problems.one": "{count} problem",
        "problems.other": "{count} problems",
        "note.stale": "dimmed pages are the last version that built",
        "note.misfit": "pages that do not fit are outlined in red",
        "kind.warning": "warning:",
        "kind.translation": "to review:",
        "hint": "hint:",
        "badge.updating": "updating…",
        "badge.waiting": "waiting",
        "badge.stale": "not updated: see problems",
        "badge.misfit": "does not fit",
        "badge.pages.one": "{count} page · {seconds} s",
        "badge.pages.other": "{count} pages · {seconds} s",
        "focus": "Update this language first",
        "pdf": "PDF",
        "pdf.draft": "draft PDF",
        "page": "Page {number}: {text}",
        "empty.problems": "Nothing to show yet: fix the problems above and save.",
        "empty.building": "Building the preview…",
        "status.building": "Updating {language}…",
        "status.problems.one": "{count} problem · updated {time}",
        "status.problems.other": "{count} problems · updated {time}",
        "status.ok": "Up to date · {time}",
        "status.offline": 'Disconnected: is "report preview" still running? Retrying…',
    },
    "de": {
        "title": "Vorschau: {slug}",
        "heading": "Vorschau",
        "tip": "Klicken Sie auf eine Sprache, damit sie nach dem Speichern zuerst "
        "aktualisiert wird.",
        "connecting": "Verbindung wird aufgebaut…",
        "grid": "Seiten, eine Spalte je Sprache",
        "problems.one": "{count} Problem",
        "problems.other": "{count} Probleme",
        "note.stale": "blasse Seiten sind der letzte Stand, der sich bauen ließ",
        "note.misfit": "Seiten, die nicht passen, sind rot umrandet",
        "kind.warning": "Warnung:",
        "kind.translation": "zu prüfen:",
        "hint": "Hinweis:",
        "badge.updating": "wird aktualisiert…",
        "badge.waiting": "wartet",
        "badge.stale": "nicht aktualisiert: siehe Probleme",
        "badge.misfit": "passt nicht",
        "badge.pages.one": "{count} Seite · {seconds} s",
        "badge.pages.other": "{count} Seiten · {seconds} s",
        "focus": "Diese Sprache zuerst aktualisieren",
        "pdf": "PDF",
        "pdf.draft": "Entwurfs-PDF",
        "page": "Seite {number}: {text}",
        "empty.problems": "Noch nichts zu zeigen: Beheben Sie die Probleme oben und speichern Sie.",
        "empty.building": "Die Vorschau wird erstellt…",
        "status.building": "{language} wird aktualisiert…",
        "status.problems.one": "{count} Problem · aktualisiert {time}",
        "status.problems.other": "{count} Probleme · aktualisiert {time}",
        "status.ok": "Aktuell · {time}",
        "status.offline": "Verbindung unterbrochen: Läuft „report preview“ noch? Neuer Versuch…",
    },
}


def language_for(source: str) -> str:
    """The language of the page's words for a brochure written in `source` ("" while the
    folder could not be read): the source language if they are translated into it."""
    code = languages.base(source) if source else FALLBACK
    return code if code in TEXTS else FALLBACK


def fill(text: str, **values: str) -> str:
    """`text` with each `{name}` replaced in one pass, as the page's script does it (a value
    is never searched for marks again)."""
    return _MARK.sub(lambda match: values[match.group(1)], text)
