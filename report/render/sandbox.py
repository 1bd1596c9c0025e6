"""The sandbox a brochure's templates run in, and template errors as located user errors.

A brochure folder comes from other hands, so its templates are untrusted: they run in Jinja2's
immutable sandbox (no attribute starting with `_`, no access to Python internals, no huge
repetitions), with only the globals and filters the environment gives them. A mistake in a
brochure's own template is reported at its file and line; one in the tool's own templates is a
bug and keeps its traceback.
"""

from __future__ import annotations

import operator
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from report.base import resources
from report.base.errors import Issue, UserError

# Jinja's default globals that no brochure template needs (and that template-injection
# payloads reach for): lorem ipsum, cycler and joiner objects.
DROPPED_GLOBALS = ("lipsum", "cycler", "joiner")
# The most characters or list entries one `*` may produce in a template, and the largest power.
MAX_REPEAT = 100_000
MAX_EXPONENT = 64


class BrochureSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, also refusing pydantic's `model_*` internals and repetition
    or powers large enough to exhaust memory."""

    intercepted_binops = frozenset({"*", "**"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr.startswith("model_"):
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

    def call_binop(self, context: jinja2.runtime.Context, op: str, left: Any, right: Any) -> Any:
        if op == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"the power {right} is larger than a template may compute")
        if op == "*":
            for seq, count in ((left, right), (right, left)):
                if (
                    isinstance(seq, (str, list, tuple))
                    and isinstance(count, int)
                    and len(seq) * count > MAX_REPEAT
                ):
                    raise SecurityError("this repetition is larger than a template may make")
        return {"*": operator.mul, "**": operator.pow}[op](left, right)


def render_template(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Render one template; a mistake in a brochure's own template is a located UserError."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise _template_error(
            env, exc, exc.filename, exc.lineno, f"template syntax error: {exc.message}"
        ) from None
    except (
        jinja2.TemplateError,
        SecurityError,
        ArithmeticError,
        TypeError,
        ValueError,
        RecursionError,
    ) as exc:
        filename, line = _template_frame(env, exc.__traceback__)
        if isinstance(exc, SecurityError):
            message = f"the template tried something templates may not do: {exc}"
        elif isinstance(exc, jinja2.UndefinedError):
            message = f"the template uses something that does not exist: {exc.message}"
        elif isinstance(exc, jinja2.TemplateNotFound):
            message = f"the template includes '{exc.name}', which does not exist"
        else:
            message = f"the template failed: {type(exc).__name__}: {exc}"
        raise _template_error(env, exc, filename, line, message) from None


def _own_template(env: jinja2.Environment, filename: str | None) -> bool:
    """Whether a template file comes from a brochure folder (not from the project)."""
    if not filename:
        return False
    return not Path(filename).resolve().is_relative_to(resources.TEMPLATES.resolve())


def _template_error(
    env: jinja2.Environment,
    exc: BaseException,
    filename: str | None,
    line: int | None,
    message: str,
) -> BaseException:
    if not _own_template(env, filename):
        return exc  # a mistake in the tool's own templates is a bug: show the traceback
    return UserError(
        Issue(
            Path(filename or "template"),
            line,
            None,
            message,
            hint=(
                "correct the brochure's own template (templates may only show the content: no "
                "Python, no attributes starting with '_'), or delete it to use the built-in one"
            ),
        )
    )


def _template_frame(
    env: jinja2.Environment, tb: types.TracebackType | None
) -> tuple[str | None, int | None]:
    """The innermost template file and line in a traceback (Jinja rewrites its frames so
    that they name the template)."""
    found: tuple[str | None, int | None] = (None, None)
    for frame, line in _frames(tb):
        filename = frame.f_code.co_filename
        if filename.endswith((".html", ".txt", ".xml", ".svg")):
            found = (filename, line)
    return found


def _frames(tb: types.TracebackType | None) -> Iterator[tuple[types.FrameType, int]]:
    while tb is not None:
        yield tb.tb_frame, tb.tb_lineno
        tb = tb.tb_next
