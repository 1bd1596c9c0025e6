"""YAML syntax errors: each names the likely mistake, at the place to fix it, with what to type.

One row per mistake a person makes when writing a language file by hand: the file, where the
error must be reported (line:column, counted from 1), words of the message and of the hint.

The comment above each row says what was reported before the hints were rewritten: PyYAML's own
place (often lines after the mistake, e.g. the end of the file for an open quote) and a general
or wrong hint (e.g. "put in quotes" for a key indented too far). Every row whose place or hint
was wrong fails against that code; the rows marked "was right" (tabs, a second '---') pass
against it too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from report.base.errors import UserError
from report.content.yamlio import load

# The start of a language file, as in content/*/de.yaml; most rows add to it.
META = """\
meta:
  title: Jahresbericht 2019
  author: Familienbüro Musterstadt
"""

# (id, file text, "line:col", words of the message, words of the hint)
ROWS: list[tuple[str, str, str, str, str]] = [
    # --- ': ' inside a text, and keys indented too far (both "mapping values are not allowed")
    # before: same place: mapping values are not allowed here
    #   hint: put in quotes, e.g. title: "Teil 2: Ergebnisse"
    (
        "colon-space-in-text",
        META + "  subtitle: Teil 2: Auswertung\n  keywords:\n    - Befragung\n",
        "4:19",
        "mapping values are not allowed here",
        'e.g. subtitle: "Teil 2: Auswertung"',
    ),
    # before: same place: mapping values are not allowed here
    #   hint: put in quotes, e.g. title: "Teil 2: Ergebnisse"
    (
        "colon-space-in-list-entry",
        META + "  keywords:\n    - Teil 2: Auswertung der Interviews: Ergebnisse\n",
        "5:40",
        "mapping values are not allowed here",
        'e.g. - "Teil 2: Auswertung der Interviews: Ergebnisse"',
    ),
    # before: at 3:11: mapping values are not allowed here
    #   hint: put in quotes, e.g. title: "Teil 2: Ergebnisse"
    (
        "key-indented-too-far",
        "meta:\n  title: Jahresbericht\n    author: Familienbüro\n",
        "3:5",
        "indented further than the key 'title' above it",
        "start 'author' in column 3, like 'title' on line 2",
    ),
    # before: at 7:15: mapping values are not allowed here
    #   hint: put in quotes, e.g. title: "Teil 2: Ergebnisse"
    (
        "key-indented-too-far-in-page",
        META + "pages:\n  - kind: cover\n    title: Jahresbericht\n      subtitle: Teil 2\n",
        "7:7",
        "indented further than the key 'title' above it",
        "start 'subtitle' in column 5, like 'title' on line 6",
    ),
    # before: same place: the indentation … does not fit (found a key)
    #   hint: indent keys of the same level by the same number of spaces
    (
        "key-indented-too-far-after-quoted-text",
        'meta:\n  title: "Teil 2: Auswertung"\n    author: Familienbüro\n',
        "3:5",
        "indented further than the key 'title' above it",
        "start 'author' in column 3, like 'title' on line 2",
    ),
    # before: same place: mapping values are not allowed here
    #   hint: put in quotes, e.g. title: "Teil 2: Ergebnisse"
    (
        "colon-space-in-continued-text",
        META + "  subject: Erfolgsfaktoren der Bündnisarbeit, abgeleitet\n"
        "    aus zehn Interviews mit Fachleuten: Ergebnisse\n",
        "5:39",
        "': ' inside a text that starts on line 4",
        "from its first word on line 4 to its last, or write 'subject: >-'",
    ),
    # before: at 5:21: mapping values are not allowed here
    #   hint: put in quotes, e.g. title: "Teil 2: Ergebnisse"
    (
        "list-entry-indented-too-far-continues-text",
        "pages:\n  - kind: text\n    blocks:\n      - heading: Ausblick\n"
        "         - paragraph: Mehr dazu: bald\n",
        "5:10",
        "indented further than the key 'heading' above it",
        "start this one in column 7, like on line 4",
    ),
    # --- quotes -------------------------------------------------------------------------------
    # before: at 7:1: found unexpected end of stream
    #   hint: check the indentation and quoting
    (
        "unclosed-double-quote",
        META + '  subtitle: "Teil 2: Auswertung\n  keywords:\n    - Befragung\n',
        "4:13",
        "the quote that starts here is never closed",
        'close the quote at the end of the text, e.g. subtitle: "Teil 2: Auswertung"',
    ),
    # before: at 6:12: the indentation … does not fit (found a text)
    #   hint: indent keys of the same level by the same number of spaces
    (
        "unclosed-double-quote-before-next-quote",
        META + '  subtitle: "Teil 2\n  subject: Ergebnisse\n  footer: "Bundesweite Befragung"\n',
        "4:13",
        'not closed on its line (YAML reads on to the " on line 6)',
        'a " inside a text in double quotes must be written \\"',
    ),
    # before: at 6:1: found unexpected end of stream
    #   hint: check the indentation and quoting
    (
        "unclosed-single-quote",
        META + "  subtitle: 'Teil 2\n  subject: Ergebnisse\n",
        "4:13",
        "the quote that starts here is never closed",
        "a ' inside a text in single quotes must be doubled ('')",
    ),
    # before: at 10:13: the indentation … does not fit (found a text)
    #   hint: indent keys of the same level by the same number of spaces
    (
        "unclosed-quote-in-list",
        META + 'pages:\n  - kind: text\n    list:\n      - "Bundesweite Verteilung\n'
        '      - Ländliche Bündnisse\n  - kind: back\n    title: "Kontakt"\n',
        "7:9",
        "the quote that starts here is not closed on its line",
        'e.g. - "Bundesweite Verteilung"',
    ),
    # before: at 4:19: the indentation … does not fit (found a text)
    #   hint: indent keys of the same level by the same number of spaces
    (
        "double-quote-inside-double-quotes",
        META + '  subtitle: "Das "Projekt" im Überblick"\n',
        "4:18",
        "the quoted text ends here, but more text follows",
        'or put the whole text in the other kind of quotes, e.g. subtitle: \'Das "Projekt" im '
        "Überblick'",
    ),
    # before: at 4:34: the indentation … does not fit (found a text)
    #   hint: indent keys of the same level by the same number of spaces
    (
        "apostrophe-inside-single-quotes",
        META + "  subtitle: 'Bündnisse: was gibt's Neues?'\n",
        "4:33",
        "the quoted text ends here, but more text follows",
        "a ' inside a text in single quotes must be doubled (''), or put the whole text in the "
        'other kind of quotes, e.g. subtitle: "Bündnisse: was gibt\'s Neues?"',
    ),
    # before: at 4:23: found unknown escape character 'B'
    #   hint: check the indentation and quoting
    (
        "backslash-in-double-quotes",
        META + '  footer: "Ablage: C:\\Berichte\\2019"\n',
        "4:22",
        "'\\B' is not a valid escape in a text in double quotes",
        "write \\\\ for a backslash, or put the text in single quotes, e.g. "
        "footer: 'Ablage: C:\\Berichte\\2019'",
    ),
    # --- tabs (was right) ------------------------------------------------------------------------
    # was right
    (
        "tab-indents-a-key",
        "meta:\n\ttitle: Jahresbericht\n",
        "2:1",
        "a tab character is used for indentation",
        "indent with spaces only",
    ),
    # was right
    (
        "tab-after-a-key",
        "meta:\n  title:\tJahresbericht\n",
        "2:9",
        "a tab character is used after a key or dash",
        "replace the tab by a space",
    ),
    # --- list entries at the wrong place ----------------------------------------------------------
    # before: same place: the indentation … does not fit (found a list entry)
    #   hint: indent keys of the same level by the same number of spaces
    (
        "list-entry-indented-too-little",
        META + "  keywords:\n    - Befragung\n    - Telefoninterviews\n  - Netzwerkarbeit\n",
        "7:3",
        "the indentation of this line does not fit the lines above (found a list entry)",
        "start this one in column 5, like on line 6",
    ),
    # before: same place: the indentation … does not fit (found a list)
    #   hint: indent keys of the same level by the same number of spaces
    (
        "list-entry-indented-one-space-too-little",
        META + "  keywords:\n    - Befragung\n   - Telefoninterviews\n",
        "6:4",
        "does not fit the lines above (found a list entry)",
        "entries of one list need the same number of spaces before the '-': start this one in "
        "column 5, like on line 5",
    ),
    # before: same place: the indentation … does not fit (found a list)
    #   hint: indent keys of the same level by the same number of spaces
    (
        "page-indented-one-space-too-far",
        META + "pages:\n  - kind: cover\n    title: Jahresbericht\n   - kind: back\n",
        "7:4",
        "does not fit the lines above",
        "start this one in column 3, like on line 5",
    ),
    # before: same place: the indentation … does not fit (found a list entry)
    #   hint: indent keys of the same level by the same number of spaces
    (
        "dash-before-a-key",
        META + "  - subject: Erfolgsfaktoren\n",
        "4:3",
        "the indentation of this line does not fit the lines above (found a list entry)",
        "remove the '- ' before 'subject'",
    ),
    # before: same place: the indentation … does not fit (found a list entry)
    #   hint: indent keys of the same level by the same number of spaces
    (
        "key-with-text-and-list",
        META + "  keywords: Stichworte\n  - Befragung\n  - Netzwerkarbeit\n",
        "5:3",
        "'keywords' has both a text and a list",
        "leave only 'keywords:' on line 4 and put the entries below it, each starting with '- '",
    ),
    # before: at 7:3: could not find expected ':'
    #   hint: each line of a mapping needs 'key: value'
    (
        "list-entry-without-dash",
        META + "  keywords:\n    - Befragung\n    Netzwerkarbeit\n  footer: Seite\n",
        "6:5",
        "this line has neither ': ' nor '- '",
        "a list entry starts with '- ' like on line 5, e.g. - Netzwerkarbeit",
    ),
    # --- ':' without a space, a key without ':' --------------------------------------------------
    # before: at 3:9: mapping values are not allowed here
    #   hint: put in quotes, e.g. title: "Teil 2: Ergebnisse"
    (
        "no-space-after-colon",
        "meta:\n  title:Jahresbericht\n  author: Familienbüro\n",
        "2:8",
        "the ':' after 'title' must be followed by a space",
        "write a space after the ':', e.g. title: Jahresbericht",
    ),
    # before: at 4:3: could not find expected ':'
    #   hint: each line of a mapping needs 'key: value'
    (
        "no-space-after-colon-between-keys",
        "meta:\n  title: Jahresbericht\n  author:Familienbüro\n  subject: Befragung\n",
        "3:9",
        "the ':' after 'author' must be followed by a space",
        "e.g. author: Familienbüro",
    ),
    # before: at 6:10: mapping values are not allowed here
    #   hint: put in quotes, e.g. title: "Teil 2: Ergebnisse"
    (
        "no-space-after-colon-in-list-entry",
        META + "pages:\n  - kind:cover\n    title: Jahresbericht\n",
        "5:9",
        "the ':' after 'kind' must be followed by a space",
        "e.g. kind: cover",
    ),
    # before: at 3:9: mapping values are not allowed here
    #   hint: put in quotes, e.g. title: "Teil 2: Ergebnisse"
    (
        "no-colon-after-key",
        "meta:\n  title Jahresbericht\n  author: Familienbüro\n",
        "2:3",
        "this line has no ':' after its key",
        "e.g. title: Jahresbericht",
    ),
    # before: at 6:3: could not find expected ':'
    #   hint: each line of a mapping needs 'key: value'
    (
        "text-not-indented-below-its-key",
        META + "  subject: Erfolgsfaktoren der Bündnisarbeit,\n  abgeleitet aus Interviews\n"
        "  footer: Seite\n",
        "5:3",
        "this line has no ':' after a key",
        "if it continues the text of 'subject' above, indent it further than 'subject'",
    ),
    # before: same place: the indentation … does not fit (found ':')
    #   hint: indent keys of the same level by the same number of spaces
    (
        "colon-at-line-start",
        META + "  : Familienbüro\n",
        "4:3",
        "this line starts with ':', without a key before it",
        "write the key before the ':'",
    ),
    # --- texts that start with a character YAML reserves -----------------------------------------
    # before: at 7:31: the indentation … does not fit (found a text)
    #   hint: indent keys of the same level by the same number of spaces
    (
        "markdown-link-at-text-start",
        META + "pages:\n  - kind: text\n    blocks:\n"
        "      - paragraph: [Befragung](https://example.org) im Herbst 2019\n",
        "7:20",
        "a text starts with '[', which YAML reads as the start of a list in brackets",
        'must be put in quotes, e.g. - paragraph: "[Befragung](https://example.org) im Herbst '
        '2019"',
    ),
    # before: at 5:10: expected ',' or ']', but got ':'
    #   hint: check the indentation and quoting
    (
        "unclosed-bracket",
        META + "  subtitle: [Entwurf, bitte nicht weitergeben\n  subject: Befragung\n",
        "4:13",
        "a text starts with '['",
        "a text that starts with '[' must be put in quotes, e.g. subtitle: \"[Entwurf, bitte nicht "
        "weitergeben\"; a list in [ ] must end with ']'",
    ),
    # before: at 4:23: the indentation … does not fit (found a text)
    #   hint: indent keys of the same level by the same number of spaces
    (
        "text-in-braces-at-start",
        META + "  subtitle: {Entwurf} Teil 2\n",
        "4:13",
        "a text starts with '{'",
        'e.g. subtitle: "{Entwurf} Teil 2"',
    ),
    # before: at 5:8: expected alphabetic or numeric character, but found '*'
    #   hint: check the indentation and quoting
    (
        "bold-at-text-start",
        META + "  keywords:\n    - **Neu:** Netzwerkarbeit\n",
        "5:7",
        "a text starts with '*', which YAML reads as an alias",
        "a text that starts with '*' must be put in quotes, e.g. - \"**Neu:** Netzwerkarbeit\"",
    ),
    # before: at 3:12: expected alphabetic or numeric character, but found ' '
    #   hint: check the indentation and quoting
    (
        "ampersand-at-text-start",
        "meta:\n  title: Jahresbericht\n  author: & Partner\n",
        "3:11",
        "a text starts with '&', which YAML reads as an anchor",
        'e.g. author: "& Partner"',
    ),
    # before: at 4:18: expected URI, but found ' '
    #   hint: check the indentation and quoting
    (
        "exclamation-marks-at-text-start",
        META + "  subtitle: !Neu! Teil 2\n",
        "4:13",
        "a text starts with '!', which YAML reads as a tag",
        'e.g. subtitle: "!Neu! Teil 2"',
    ),
    # before: same place: found character '@' that cannot start any token
    #   hint: check the indentation and quoting
    (
        "at-sign-at-text-start",
        META + "  footer: @familienbuero auf Mastodon\n",
        "4:11",
        "a text starts with '@', which YAML reserves",
        'e.g. footer: "@familienbuero auf Mastodon"',
    ),
    # before: same place: found character '`' that cannot start any token
    #   hint: check the indentation and quoting
    (
        "backtick-at-text-start",
        META + "  footer: `Stand 2019`\n",
        "4:11",
        "a text starts with '`'",
        'e.g. footer: "`Stand 2019`"',
    ),
    # before: same place: found character '%' that cannot start any token
    #   hint: check the indentation and quoting
    (
        "percent-at-text-start",
        META + "pages:\n  - kind: text\n    figures:\n      - value: 58\n"
        "        label: % der Befragten\n",
        "8:16",
        "a text starts with '%', which YAML reserves",
        'e.g. label: "% der Befragten"',
    ),
    # before: at 4:15: expected a comment or a line break, but found 'E'
    #   hint: check the indentation and quoting
    (
        "block-marker-with-text-on-its-line",
        META + "  subject: >- Erfolgsfaktoren der Bündnisarbeit\n",
        "4:12",
        "a text starts with '>'",
        "for a long text write 'subject: >-' and the text on the lines below it",
    ),
    # before: same place: sequence entries are not allowed here
    #   hint: check the indentation and quoting
    (
        "dash-at-text-start",
        META + "  subtitle: - Entwurf -\n",
        "4:13",
        "a text starts with '-'",
        'e.g. subtitle: "- Entwurf -"',
    ),
    # --- more than one document ------------------------------------------------------------------
    # was right (the hint now says 'delete this '---' line')
    (
        "second-document",
        META + "---\npages:\n  - kind: cover\n",
        "4:1",
        "the file holds more than one YAML document ('---')",
        "'---' line",
    ),
    # before: at 5:1: expected '<document start>', but found '<block mapping start>'
    #   hint: check the indentation and quoting
    (
        "three-dots-line",
        META + "...\npages:\n  - kind: cover\n",
        "4:1",
        "the line '...' ends the YAML document",
        "delete the '...' line",
    ),
]


@pytest.mark.parametrize(
    ("text", "place", "message", "hint"), [row[1:] for row in ROWS], ids=[row[0] for row in ROWS]
)
def test_syntax_error_hint(tmp_path: Path, text: str, place: str, message: str, hint: str) -> None:
    """Each row is a file PyYAML itself refuses (not one that only the loader's own checks,
    such as aliases or duplicate keys, refuse): so it goes through the syntax hints."""
    with pytest.raises(yaml.MarkedYAMLError):
        yaml.safe_load(text)
    file = tmp_path / "de.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load(file)
    (issue,) = caught.value.issues
    assert issue.file == file
    assert f"{issue.line}:{issue.column}" == place, str(issue)
    assert issue.message.startswith("YAML syntax error: "), str(issue)
    assert message in issue.message, str(issue)
    assert hint in issue.hint, str(issue)
    assert issue.hint == issue.hint.strip() and not issue.hint.endswith(".")
    assert issue.hint[:1].islower() or not issue.hint[:1].isalpha()
