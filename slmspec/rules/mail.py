"""Rules: reminder mail can be sent — a real sender address, templates that render (SLM52x)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Location
from ..mail.compose import parse_mailbox
from ..mail.context import body_context, locale_of
from ..mail.templates import (
    BODY,
    TemplateProblem,
    environment,
    overridden,
    render,
    syntax_problems,
)
from .base import rule

if TYPE_CHECKING:
    from ..compiler import Compilation


@rule("SLM520", "mail-sender")
def mail_sender(c: Compilation) -> Iterator[Diagnostic]:
    """``spec.mail.from`` or ``spec.mail.replyTo`` is not an e-mail address.

    Why: every reminder is sent from this address; without one, ``remind --send``
    could not send anything, and it is better to learn that in review than on
    the morning a notice deadline comes due.

    Fail:
        mail: {from: "Avtal Norrvik"}
    Pass:
        mail: {from: "Avtal Norrvik <avtal@norrvik.se>"}
    """
    settings = c.settings
    if settings is None or settings.mail is None:
        return
    for field, value in (("from", settings.mail.from_), ("replyTo", settings.mail.replyTo)):
        if value is not None and parse_mailbox(value) is None:
            yield mail_sender.at(
                c.project.settings.at("spec", "mail", field),
                f"{field}: '{value}' is not an e-mail address",
                hint='write an address, optionally with a name: "Avtal <avtal@norrvik.se>"')


@rule("SLM521", "mail-template")
def mail_template(c: Compilation) -> Iterator[Diagnostic]:
    """A mail template of the project (``templates/mail/<locale>/*.j2``) does not render.

    Why: a project may change the subject and text of its reminder mails with
    its own Jinja2 templates; a syntax error or a misspelt name would otherwise
    only show on the day a reminder is sent.  Every template is rendered for
    every scheduled reminder, and an undefined name is an error.

    Fail:
        # templates/mail/sv/subject.txt.j2
        Påminnelse: {{ sumary }}
    Pass:
        Påminnelse: {{ summary }}
    """
    from ..reminders import schedule  # local: the schedule imports the rules' neighbours

    root = c.project.root
    if c.settings is None or not overridden(root):
        return
    env = environment(root)
    found = {(p.path, p.line, p.message): p for p in syntax_problems(env, root)}
    try:
        reminders = schedule(c, env)
    except TemplateProblem as problem:
        reminders = []
        found[(problem.path, problem.line, problem.message)] = problem
    locale = locale_of(c)
    for reminder in reminders:
        try:
            render(env, locale, BODY, body_context(c, reminder, reminder.recipients[0], c.today))
        except TemplateProblem as problem:
            found.setdefault((problem.path, problem.line, problem.message), problem)
    for path, line, message in sorted(found):
        yield mail_template.at(Location(path, line, 1), message)


RULES = (mail_sender, mail_template)
