"""SARIF 2.1.0, as GitHub code scanning accepts it."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .. import __version__
from ..diagnostics import CODES, Diagnostic, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def sarif(diagnostics: Sequence[Diagnostic], *, color: bool = False) -> str:
    codes = sorted(CODES)
    index = {code: i for i, code in enumerate(codes)}
    rules = [{
        "id": code,
        "name": CODES[code].name,
        "shortDescription": {"text": CODES[code].summary},
        "fullDescription": {"text": CODES[code].doc},
        "defaultConfiguration": {"level": _LEVEL[CODES[code].severity]},
        "help": {"text": CODES[code].doc},
    } for code in codes]
    results = [{
        "ruleId": d.code,
        "ruleIndex": index[d.code],
        "level": _LEVEL[d.severity],
        "message": {"text": d.message + (f" ({d.hint})" if d.hint else "")},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": d.path, "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": d.line, "startColumn": d.column},
        }}],
        "partialFingerprints": {"primaryLocationLineHash": f"{d.code}:{d.path}:{d.json_path}"},
    } for d in diagnostics]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "slmspec",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": "https://pypi.org/project/slmspec/",
                "rules": rules,
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": "./"}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)
