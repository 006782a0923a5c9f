"""Rules: the organisation's own fields, mandatory fields and secrets (SLM5xx)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Severity, did_you_mean
from ..loader import Document, YMap, YSeq
from ..model import ROLE_NAMES
from ..model.contract import ContractSpec
from .base import Rule, rule

if TYPE_CHECKING:
    from ..compiler import Compilation

SECRET_WORDS = ("password", "passwd", "secret", "token", "apikey", "privatekey", "credential")
OPTIONAL_BUILTINS = tuple(
    name for name, field in ContractSpec.model_fields.items() if not field.is_required()
)


@functools.lru_cache(maxsize=4096)  # the same few keys recur in every file
def _is_secret_key(key: str) -> bool:
    folded = re.sub(r"[^a-z]", "", key.lower())
    return any(word in folded for word in SECRET_WORDS)


def _secret_keys(doc: Document) -> Iterator[tuple[list[str | int], str]]:
    stack: list[tuple[object, list[str | int]]] = [(doc.data, [])]
    while stack:
        node, path = stack.pop()
        if isinstance(node, YMap):
            for key, value in node.items():
                if _is_secret_key(key):
                    yield [*path, key], key
                stack.append((value, [*path, key]))
        elif isinstance(node, YSeq):
            stack.extend((item, [*path, i]) for i, item in enumerate(node))


@rule("SLM501", "secret-in-yaml")
def secret_in_yaml(c: Compilation) -> Iterator[Diagnostic]:
    """A key that holds a credential (password, token, secret, apiKey …) appears in a file.

    Why: the files live in git, where every clone and every fork keeps them
    forever.  Credentials come from the environment only
    (``SLMSPEC_SMTP_USER``, ``SLMSPEC_SMTP_PASSWORD``).

    Fail:
        smtp: {host: smtp.norrvik.se, password: hunter2}
    Pass:
        smtp: {host: smtp.norrvik.se}   # SLMSPEC_SMTP_PASSWORD in the environment
    """
    for doc in c.project.documents:
        for path, key in _secret_keys(doc):
            yield secret_in_yaml.at(
                doc.locate(*path, key=True),
                f"'{key}' looks like a credential; secrets never belong in the repository",
                hint="set it in the environment (SLMSPEC_SMTP_USER, SLMSPEC_SMTP_PASSWORD)",
            )


@rule("SLM502", "unknown-custom-field")
def unknown_custom_field(c: Compilation) -> Iterator[Diagnostic]:
    """A contract sets a field in ``spec.fields`` that ``settings.fields`` does not define.

    Why: the organisation's fields are its dropdown lists and codes; a field
    nobody defined is a typo or an undocumented convention.

    Fail:
        fields: {categroy: hardware}
    Pass:
        fields: {category: hardware}
    """
    if c.settings is None:
        return
    defined = c.settings.fields
    for res in c.project.contracts.values():
        for key in res.spec.fields:
            if key not in defined:
                yield unknown_custom_field.at(
                    res.at("spec", "fields", key, key=True),
                    f"unknown field '{key}'; settings.fields defines: "
                    + (", ".join(sorted(defined)) or "none"),
                    hint=did_you_mean(key, defined))


@rule("SLM503", "inactive-field")
def inactive_field(c: Compilation) -> Iterator[Diagnostic]:
    """A contract uses a field that the settings switched off (``active: false``).

    Why: a switched-off field is no longer maintained; values in it go stale
    unseen.  Remove the value or switch the field on again.

    Fail:
        fields: {legacyRef: "A-1234"}     # legacyRef: {type: text, active: false}
    Pass:
        fields: {category: hardware}
    """
    if c.settings is None:
        return
    for res in c.project.contracts.values():
        for key in res.spec.fields:
            definition = c.settings.fields.get(key)
            if definition is not None and not definition.active:
                yield inactive_field.at(res.at("spec", "fields", key, key=True),
                                        f"field '{key}' is switched off (active: false)")


@rule("SLM504", "missing-custom-field")
def missing_custom_field(c: Compilation) -> Iterator[Diagnostic]:
    """A contract lacks a field that ``settings.fields`` marks ``required: true``.

    Why: the organisation made the field mandatory, as a mandatory field in a
    form; reports grouped by it would otherwise leave contracts out.

    Fail:
        fields: {costCenter: "4410"}      # category: {type: choice, required: true}
    Pass:
        fields: {category: hardware, costCenter: "4410"}
    """
    if c.settings is None:
        return
    required = [k for k, d in c.settings.fields.items() if d.required and d.active]
    for res in c.project.contracts.values():
        for key in required:
            if res.spec.fields.get(key) in (None, ""):
                yield missing_custom_field.at(res.at("spec", "fields", key=True),
                                              f"required field '{key}' is not set")


@rule("SLM505", "invalid-custom-value")
def invalid_custom_value(c: Compilation) -> Iterator[Diagnostic]:
    """A field's value is not on its dropdown list, breaks its pattern, or has the wrong type.

    Why: these are the organisation's own dropdown lists and codes; reports and
    filters only work on values that are on the list.

    Fail:
        fields: {category: hardwere, costCenter: "44-10"}
    Pass:
        fields: {category: hardware, costCenter: "4410"}
    """
    if c.settings is None:
        return
    for res in c.project.contracts.values():
        for key, value in res.spec.fields.items():
            definition = c.settings.fields.get(key)
            if definition is None or not definition.active or value is None:
                continue
            problem, hint = _field_problem(definition, value)
            if problem:
                yield invalid_custom_value.at(res.at("spec", "fields", key),
                                              f"{key}: {problem}", hint=hint)


def _field_problem(definition, value: str) -> tuple[str | None, str | None]:
    if definition.type == "choice":
        values = definition.values or []
        if values and value not in values:
            return (f"'{value}' is not one of: {', '.join(values)}",
                    did_you_mean(value, values))
    elif definition.type == "number":
        try:
            Decimal(value)
        except InvalidOperation:
            return f"'{value}' is not a number", None
    elif definition.type == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return f"'{value}' is not a date (YYYY-MM-DD)", None
    if definition.pattern:
        try:
            if not re.fullmatch(definition.pattern, value):
                return f"'{value}' does not match the pattern {definition.pattern}", None
        except re.error:
            return None, None  # reported by invalid-field-definition
    return None, None


@rule("SLM506", "missing-required-field")
def missing_required_field(c: Compilation) -> Iterator[Diagnostic]:
    """A built-in field that ``settings.required`` makes mandatory for the contract type is missing.

    Why: an organisation decides, per contract type, which optional fields every
    contract must have (a supplier contract without its value or signed
    document cannot be followed up).

    Fail:
        # settings: required: {supplier: [value, documents]}
        spec: {type: supplier, ...}                 # no value, no documents
    Pass:
        spec:
          type: supplier
          value: {amount: 120000, currency: SEK, per: year}
          documents: ["https://docs.norrvik.se/avtal/ricoh-2024.pdf"]
    """
    if c.settings is None:
        return
    for res in c.project.contracts.values():
        for name in getattr(c.settings.required, res.spec.type):
            if name in OPTIONAL_BUILTINS and getattr(res.spec, name, None) in (None, [], {}):
                yield missing_required_field.at(
                    res.at("spec", key=True),
                    f"'{name}' is required for {res.spec.type} contracts (settings.required)")


@rule("SLM507", "invalid-field-definition")
def invalid_field_definition(c: Compilation) -> Iterator[Diagnostic]:
    """The settings define a field or a requirement that cannot work.

    A choice field without values, values on a field that is not a choice, a
    pattern that is not a valid regular expression, or ``settings.required``
    naming a field contracts do not have.

    Why: a broken definition makes every contract using the field fail, or
    none; it is reported once, at its source in slmspec.yaml.

    Fail:
        fields:
          category: {type: choice}
          costCenter: {type: text, pattern: "^[0-9{4}$"}
        required: {supplier: [valeu]}
    Pass:
        fields:
          category: {type: choice, values: [hardware, software]}
          costCenter: {type: text, pattern: "^[0-9]{4}$"}
        required: {supplier: [value]}
    """
    if c.settings is None:
        return
    res = c.project.settings
    for key, definition in c.settings.fields.items():
        if definition.type == "choice" and not definition.values:
            yield invalid_field_definition.at(res.at("spec", "fields", key),
                                              f"choice field '{key}' has no values")
        if definition.type != "choice" and definition.values is not None:
            yield invalid_field_definition.at(res.at("spec", "fields", key, "values"),
                                              f"values are for choice fields; '{key}' is "
                                              f"{definition.type}")
        if definition.pattern is not None:
            try:
                re.compile(definition.pattern)
            except re.error as err:
                yield invalid_field_definition.at(res.at("spec", "fields", key, "pattern"),
                                                  f"invalid regular expression: {err}")
    for kind in ("supplier", "customer"):
        for i, name in enumerate(getattr(c.settings.required, kind)):
            if name not in OPTIONAL_BUILTINS:
                yield invalid_field_definition.at(
                    res.at("spec", "required", kind, i),
                    f"'{name}' is not an optional contract field",
                    hint=did_you_mean(name, OPTIONAL_BUILTINS))


@rule("SLM508", "role-name-clash", Severity.ERROR)
def role_name_clash(c: Compilation) -> Iterator[Diagnostic]:
    """A people key is also a role name (owner, moduleOwner, customerContracts, supplierContracts).

    Why: recipients are written as role names or people keys in one list; a
    person called ``owner`` would make ``to: [owner]`` ambiguous.

    Fail:
        people: {owner: {name: Olle Ek, email: olle@norrvik.se}}
    Pass:
        people: {olle: {name: Olle Ek, email: olle@norrvik.se}}
    """
    if c.settings is None:
        return
    for key in c.settings.people:
        if key in ROLE_NAMES:
            yield role_name_clash.at(c.project.settings.at("spec", "people", key, key=True),
                                     f"people key '{key}' is also a role name")


RULES: tuple[Rule, ...] = (
    secret_in_yaml, unknown_custom_field, inactive_field, missing_custom_field,
    invalid_custom_value, missing_required_field, invalid_field_definition, role_name_clash,
)
