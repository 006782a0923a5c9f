"""Mail templates: Jinja2 text templates, built in per locale, overridable per project.

A project changes a text by putting a file of the same name under
``templates/mail/<locale>/`` at its root (``templates/mail/sv/body.txt.j2``);
every template it does not override keeps coming from the package.  The
templates render plain text, so autoescape is off; an undefined name is an
error (StrictUndefined), so a typo fails loudly instead of mailing a blank.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2

from ..safe_text import printable

OVERRIDE_FOLDER = "templates/mail"
SUBJECT = "subject.txt.j2"
BODY = "body.txt.j2"
MAX_SUBJECT = 200

_BUILT_IN = Path(__file__).resolve().parent.parent / "templates" / "mail"
_WHITESPACE = re.compile(r"\s+")


class TemplateProblem(Exception):
    """A template that does not parse or render; ``path`` is relative to the project root."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


def override_folder(root: Path) -> Path | None:
    """The project's template folder, when it exists and lies inside the project."""
    folder = root / OVERRIDE_FOLDER
    try:
        if folder.is_dir() and folder.resolve().is_relative_to(root.resolve()):
            return folder
    except OSError:
        return None
    return None


class _InsideLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that refuses a project template whose link leads out of the project."""

    def __init__(self, folders: list[Path], root: Path) -> None:
        super().__init__([str(f) for f in folders], encoding="utf-8")
        self.allowed = (root.resolve(), _BUILT_IN.resolve())

    def get_source(self, environment: jinja2.Environment, template: str):
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        if not any(real.is_relative_to(base) for base in self.allowed):
            raise TemplateProblem(f"{OVERRIDE_FOLDER}/{template}", 1,
                                  "symbolic link leads outside the project; not read")
        return source, filename, uptodate


def environment(root: Path) -> jinja2.Environment:
    """Project templates first, then the built-in ones."""
    folders = [f for f in (override_folder(root), _BUILT_IN) if f is not None]
    env = jinja2.Environment(
        loader=_InsideLoader(folders, root),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_printable,
    )
    env.globals["_slmspec_root"] = str(root)  # for error messages: paths relative to it
    return env


def _printable(value: Any) -> Any:
    """Every value a template prints loses control characters (a name from YAML with ESC)."""
    return printable(value) if isinstance(value, str) else value


def overridden(root: Path) -> list[str]:
    """Project template files (``templates/mail/sv/body.txt.j2``), sorted."""
    folder = override_folder(root)
    if folder is None:
        return []
    return sorted(p.relative_to(root).as_posix() for p in folder.rglob("*.j2") if p.is_file())


def syntax_problems(env: jinja2.Environment, root: Path) -> list[TemplateProblem]:
    """Every project template that does not parse (checked even when nothing is scheduled)."""
    problems = []
    for rel in overridden(root):
        name = Path(rel).relative_to(OVERRIDE_FOLDER).as_posix()
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as err:
            problems.append(TemplateProblem(rel, err.lineno or 1, err.message or "syntax error"))
        except TemplateProblem as problem:
            problems.append(problem)
    return problems


def render(env: jinja2.Environment, locale: str, name: str, context: dict[str, Any]) -> str:
    """Render ``<locale>/<name>``; any template error becomes a :class:`TemplateProblem`."""
    template_name = f"{locale}/{name}"
    try:
        template = env.get_template(template_name)
    except jinja2.TemplateSyntaxError as err:
        raise TemplateProblem(_shown(env, err.filename or template_name),
                              err.lineno or 1, err.message or "syntax error") from None
    except jinja2.TemplateNotFound:
        raise TemplateProblem(f"{OVERRIDE_FOLDER}/{template_name}", 1,
                              "template not found") from None
    try:
        return template.render(context)
    except jinja2.TemplateError as err:
        line = _failing_line(err, template.filename)
        raise TemplateProblem(_shown(env, template.filename or template_name), line,
                              err.message or type(err).__name__) from None
    except Exception as err:  # a filter or test blew up on odd data
        line = _failing_line(err, template.filename)
        raise TemplateProblem(_shown(env, template.filename or template_name), line,
                              f"{type(err).__name__}: {err}") from None


def render_subject(env: jinja2.Environment, locale: str, context: dict[str, Any]) -> str:
    """The subject on one line: whitespace collapsed, capped at a readable length."""
    text = _WHITESPACE.sub(" ", render(env, locale, SUBJECT, context)).strip()
    return text if len(text) <= MAX_SUBJECT else text[: MAX_SUBJECT - 1].rstrip() + "…"


def _shown(env: jinja2.Environment, filename: str) -> str:
    """A template's path as the user knows it: relative to the project, else to the package."""
    path = Path(filename)
    root = Path(env.globals.get("_slmspec_root", "."))
    for base in (root, _BUILT_IN.parent.parent.parent):
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except (ValueError, OSError):
            continue
    return filename


def _failing_line(err: BaseException, filename: str | None) -> int:
    """The template line a render error happened on (Jinja maps its frames to template lines)."""
    line = 1
    tb = err.__traceback__
    while tb is not None:
        if filename and tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
