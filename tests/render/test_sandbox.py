"""A brochure folder's own templates are untrusted: they run in Jinja2's sandbox
(report/render/sandbox.py).

Each known template-injection payload, placed in a brochure's `templates/pages/cover.html`,
ends in a clear error that names the template file and line, and nothing it asks for runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from report.base import resources
from report.base.errors import UserError
from report.builder import run as builder

PDF_NAME = "lokale-buendnisse-befragung-2019-teil-2-de.pdf"
EARLIER = b"%PDF-1.7 an earlier build"


def payloads(mark: Path) -> list[tuple[str, str]]:
    """(id, template code) for each payload; each would create `mark` if it ran."""
    run = f"popen('touch {mark}').read()"
    return [
        ("cycler-globals", f"{{{{ cycler.__init__.__globals__.os.{run} }}}}"),
        ("joiner-globals", f"{{{{ joiner.__init__.__globals__.os.{run} }}}}"),
        ("namespace-globals", f"{{{{ namespace.__init__.__globals__.os.{run} }}}}"),
        ("class-mro-subclasses", "{{ ''.__class__.__mro__[1].__subclasses__() }}"),
        ("tuple-base-subclasses", "{{ ().__class__.__base__.__subclasses__() }}"),
        (
            "template-reference-context",
            f"{{{{ self._TemplateReference__context.cycler.__init__.__globals__.os.{run} }}}}",
        ),
        ("self-init-globals", "{{ self.__init__.__globals__ }}"),
        ("lipsum-globals", f"{{{{ lipsum.__globals__['os'].{run} }}}}"),
        (
            "request-application",
            f"{{{{ request.application.__globals__.__builtins__.__import__('os').{run} }}}}",
        ),
        ("config-class-globals", f"{{{{ config.__class__.__init__.__globals__['os'].{run} }}}}"),
        (
            "range-init-globals",
            f"{{{{ range.__init__.__globals__['__builtins__']['__import__']('os').{run} }}}}",
        ),
        ("content-object-class", "{{ page.__class__.__init__.__globals__ }}"),
        ("pydantic-internals", "{{ page.model_validate.__globals__ }}"),
        ("format-string-attribute", "{{ '{0.__class__.__mro__}'.format(page) }}"),
        ("huge-repetition", "{{ 'x' * 1000000000 }}"),
        ("huge-power", "{{ 9 ** 999999 }}"),
        ("huge-range", "{% for i in range(10000000000) %}{% endfor %}"),
        ("import-python-module", "{% import 'os' as os %}"),
        ("include-system-file", "{% include '/etc/passwd' %}"),
        ("include-outside-the-folder", "{% include '../../../../etc/passwd' %}"),
    ]


PAYLOAD_IDS = [case[0] for case in payloads(Path("x"))]


@pytest.mark.parametrize("payload_id", PAYLOAD_IDS)
def test_template_injection_is_refused_and_located(
    brochure: Path, tmp_path: Path, payload_id: str
) -> None:
    mark = tmp_path / "pwned"
    code = dict(payloads(mark))[payload_id]
    own = brochure / "templates" / "pages"
    own.mkdir(parents=True)
    original = (resources.TEMPLATES / "pages" / "cover.html").read_text(encoding="utf-8")
    template = own / "cover.html"
    template.write_text(
        "{# a brochure's own cover #}\n<!-- line 2 -->\n" + code + "\n" + original, encoding="utf-8"
    )
    out = tmp_path / "out"
    out.mkdir()
    (out / PDF_NAME).write_bytes(EARLIER)

    with pytest.raises(UserError) as caught:
        builder.build(brochure, languages=["de"], output_dir=out)

    (issue,) = caught.value.issues
    assert issue.file is not None and issue.file.resolve() == template.resolve()
    assert issue.line == 3, str(issue)
    assert "template" in issue.message
    assert "delete it to use the built-in one" in issue.hint
    assert not mark.exists()
    assert (out / PDF_NAME).read_bytes() == EARLIER
    assert "root:x:" not in str(caught.value)


@pytest.mark.e2e
def test_a_harmless_own_template_still_works(brochure: Path, tmp_path: Path) -> None:
    """The sandbox allows what templates are for: loops, conditions, filters, macros."""
    own = brochure / "templates" / "pages"
    own.mkdir(parents=True)
    original = (resources.TEMPLATES / "pages" / "cover.html").read_text(encoding="utf-8")
    (own / "cover.html").write_text(
        original.replace(
            "{% if page.subtitle %}",
            "{% for word in ['Sonder', 'ausgabe'] %}<span>{{ word | upper }}</span>{% endfor %}"
            "{% if page.subtitle %}",
        ),
        encoding="utf-8",
    )
    (result,) = builder.build(brochure, languages=["de"], output_dir=tmp_path)
    assert result.pages == 9


def test_a_mistake_in_an_own_template_is_located(brochure: Path, tmp_path: Path) -> None:
    own = brochure / "templates" / "pages"
    own.mkdir(parents=True)
    (own / "cover.html").write_text(
        "<section>\n{% if page.title %}\n<h1>{{ page.title }}</h1>\n", encoding="utf-8"
    )
    with pytest.raises(UserError) as caught:
        builder.build(brochure, languages=["de"], output_dir=tmp_path)
    (issue,) = caught.value.issues
    assert issue.file is not None and issue.file.name == "cover.html"
    # Jinja reports an unclosed block at the end of the template, naming the block
    assert issue.line == 3 and "template syntax error" in issue.message
    assert "needs to be closed is 'if'" in issue.message
