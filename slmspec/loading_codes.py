"""The codes of the loading stage (SLM0xx), each with its user documentation."""

from __future__ import annotations

from .diagnostics import Severity, define

YAML_SYNTAX = define("SLM001", "yaml-syntax", Severity.ERROR, """
    The file is not well-formed YAML.

    Why: nothing in a file that does not parse can be checked.  The message is the
    parser's, at the place it stopped.

    Fail:
        spec:
          owner: anna
         status: active
    Pass:
        spec:
          owner: anna
          status: active
""")
DUPLICATE_KEY = define("SLM002", "duplicate-key", Severity.ERROR, """
    A mapping has the same key twice.

    Why: YAML loaders silently keep one of the two values; which one a reader
    meant is unknowable.  The first value is kept and the second reported.

    Fail:
        notice: P3M
        notice: P1M
    Pass:
        notice: P3M
""")
UNSUPPORTED_TAG = define("SLM003", "unsupported-tag", Severity.ERROR, """
    A node carries a tag other than YAML's core ones.

    Why: application tags (``!!python/object``, ``!include``) either execute code
    or mean something only one loader knows.  Only ``!!str``, ``!!int``,
    ``!!float``, ``!!bool``, ``!!null``, ``!!map`` and ``!!seq`` are accepted.

    Fail:
        owner: !!python/name:os.system anna
    Pass:
        owner: anna
""")
ALIAS_EXPANSION = define("SLM004", "alias-expansion", Severity.ERROR, """
    Aliases expand to too many nodes, refer to themselves, or to no anchor.

    Why: a few lines of anchors and aliases can expand to billions of nodes
    ("billion laughs").  Aliases may expand to at most 10,000 nodes per document.

    Fail:
        a: &a [x, x, x, x, x, x, x, x, x, x]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
    Pass:
        services: &svc [workplace, printing]
        covers: *svc
""")
TOO_DEEP = define("SLM005", "too-deep", Severity.ERROR, """
    The document nests more than 64 levels deep.

    Why: no slmspec document needs more than a handful of levels; a deeper one
    is a mistake or an attack on the parser.

    Fail:
        a: [[[[[[[[ ... 65 levels ... x]]]]]]]]
    Pass:
        a: [x]
""")
FILE_TOO_LARGE = define("SLM006", "file-too-large", Severity.ERROR, """
    The file is larger than 1 MiB.

    Why: a contract, SLA or matrix is a few kilobytes; a file this large is
    generated or misplaced, and reading it would slow every run.

    Fail:
        (a 2 MiB file)
    Pass:
        (one file per contract)
""")
INVALID_ENCODING = define("SLM007", "invalid-encoding", Severity.ERROR, """
    The file is not valid UTF-8.

    Why: YAML files in a project are UTF-8; a file saved as Latin-1 or UTF-16
    turns "Skrivarleasing Söder" into garbage in feeds and mails.

    Fail:
        displayName: "Skrivarleasing S\\xf6der"   (a Latin-1 byte)
    Pass:
        displayName: "Skrivarleasing Söder"      (UTF-8)
""")
CONTROL_CHARACTER = define("SLM008", "control-character", Severity.ERROR, """
    The file contains a NUL byte or another control character YAML forbids.

    Why: control characters are invisible in review and break mails and
    calendar feeds.

    Fail:
        displayName: "Ricoh\\x00"
    Pass:
        displayName: "Ricoh"
""")
EMPTY_FILE = define("SLM009", "empty-file", Severity.WARNING, """
    The file (or one document in it) is empty or holds only comments.

    Why: an empty source is usually a file whose content was lost or not yet
    written; it defines nothing.

    Fail:
        # nothing here yet
    Pass:
        apiVersion: slmspec/v1
        kind: Contract
        ...
""")
OUTSIDE_PROJECT = define("SLM010", "outside-project", Severity.ERROR, """
    A symbolic link leads out of the project.

    Why: a project is read as a whole from its own folder; a link to a file
    elsewhere would make the result depend on the machine it runs on, and
    could expose files that are not meant to be published.

    Fail:
        contracts.d/shared.yaml -> /etc/passwd
    Pass:
        contracts.d/shared.yaml -> ../common/shared.yaml   (inside the project)
""")
UNREADABLE = define("SLM011", "unreadable-file", Severity.ERROR, """
    The file or folder cannot be read (permissions, a broken link, a link loop).

    Why: a file that cannot be read may hold contracts whose deadlines would then
    silently go missing from every feed and reminder.

    Fail:
        contracts.d/x.yaml -> missing.yaml
    Pass:
        contracts.d/x.yaml
""")
COMPLEX_KEY = define("SLM012", "complex-key", Severity.ERROR, """
    A mapping key is itself a mapping or a sequence.

    Why: every key in slmspec is a name; complex keys cannot be written as JSON
    and have no meaning here.

    Fail:
        ? [a, b]
        : value
    Pass:
        a: value
""")
