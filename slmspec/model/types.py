"""Field types shared by the models: YAML scalars arrive as strings and are parsed here.

Each type validates a string from the loader, keeps a useful Python value,
serialises back to the text the user wrote, and describes itself in JSON
Schema so editors can check it too.
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import date
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel as _PydanticModel
from pydantic import BeforeValidator, ConfigDict, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError

from ..durations import ClockDuration, DurationError, Period

NAME_PATTERN = r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"
KEY_PATTERN = r"^[A-Za-z][A-Za-z0-9_-]{0,62}$"
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
EMAIL_PATTERN = rf"^[^@\s<>\"',;]+@{_LABEL}(\.{_LABEL})+$"
_NAME = re.compile(NAME_PATTERN)
_KEY = re.compile(KEY_PATTERN)
_EMAIL = re.compile(EMAIL_PATTERN)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")


class Model(_PydanticModel):
    """Base of every model: unknown fields are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


def _fail(kind: str, message: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, message, ctx)


def _name(value: Any) -> str:
    if not isinstance(value, str) or not _NAME.match(value):
        raise _fail(
            "slm_name",
            "'{value}' is not a valid name: use 1-63 lowercase letters, digits and '-', "
            "starting and ending with a letter or digit (e.g. sup-ricoh-print)",
            value=str(value),
        )
    return value


def _key(value: Any) -> str:
    if not isinstance(value, str) or not _KEY.match(value):
        raise _fail("slm_key", "'{value}' is not a valid key: use letters, digits, '_' and '-'",
                    value=str(value))
    return value


def _email(value: Any) -> str:
    if not isinstance(value, str) or not _EMAIL.match(value):
        raise _fail("slm_email", "'{value}' is not an e-mail address (e.g. anna.berg@norrvik.se)",
                    value=str(value))
    return value


def _date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _fail("slm_date", "'{value}' is not a date: write YYYY-MM-DD (e.g. 2026-12-31)",
                value=str(value))


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    raise _fail("slm_bool", "'{value}' is not a boolean: write true or false", value=str(value))


@cache
def known_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _timezone(value: Any) -> str:
    if not isinstance(value, str) or value not in known_timezones():
        raise _fail("slm_timezone", "'{value}' is not an IANA time zone (e.g. Europe/Stockholm)",
                    value=str(value))
    return value


def _time(value: Any) -> str:
    if not isinstance(value, str) or not _TIME.match(value):
        raise _fail("slm_time", "'{value}' is not a time: write HH:MM (e.g. 08:00)",
                    value=str(value))
    return value


def _duration(kind: type[Period] | type[ClockDuration], allowed: str, example: str):
    """A validator parsing an ISO 8601 duration of ``kind`` with only the ``allowed`` units."""

    def parse(value: Any) -> Period | ClockDuration:
        if isinstance(value, kind):
            return value
        if not isinstance(value, str):
            raise _fail("slm_duration", "expected an ISO 8601 duration such as {example}",
                        example=example)
        try:
            return kind.parse(value, allowed)
        except DurationError as err:
            raise _fail("slm_duration", "{reason} (e.g. {example})", reason=str(err),
                        example=example) from None

    return parse


_as_text = PlainSerializer(lambda v: v.text, return_type=str)
_as_iso = PlainSerializer(lambda v: v.isoformat(), return_type=str)

Name = Annotated[str, BeforeValidator(_name),
                 WithJsonSchema({"type": "string", "pattern": NAME_PATTERN})]
Key = Annotated[str, BeforeValidator(_key),
                WithJsonSchema({"type": "string", "pattern": KEY_PATTERN})]
Email = Annotated[str, BeforeValidator(_email),
                  WithJsonSchema({"type": "string", "format": "email"})]
IsoDate = Annotated[date, BeforeValidator(_date), _as_iso,
                    WithJsonSchema({"type": "string", "format": "date"})]
Bool = Annotated[bool, BeforeValidator(_bool), WithJsonSchema({"type": "boolean"})]
Timezone = Annotated[str, BeforeValidator(_timezone),
                     WithJsonSchema({"type": "string", "examples": ["Europe/Stockholm"]})]
ClockTime = Annotated[str, BeforeValidator(_time),
                      WithJsonSchema({"type": "string", "pattern": _TIME.pattern})]

_CAL = r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$"
CalendarPeriod = Annotated[Period, BeforeValidator(_duration(Period, "Y M W D", "P3M")), _as_text,
                           WithJsonSchema({"type": "string", "pattern": _CAL})]
DayPeriod = Annotated[Period, BeforeValidator(_duration(Period, "W D", "P14D")), _as_text,
                      WithJsonSchema({"type": "string", "pattern": r"^P(?!$)(\d+W)?(\d+D)?$"})]
TargetDuration = Annotated[ClockDuration,
                           BeforeValidator(_duration(ClockDuration, "H TM", "PT4H")), _as_text,
                           WithJsonSchema({"type": "string",
                                           "pattern": r"^PT(?=\d)(\d+H)?(\d+M)?$"})]
RefreshDuration = Annotated[ClockDuration,
                            BeforeValidator(_duration(ClockDuration, "D H TM", "PT12H")), _as_text,
                            WithJsonSchema({"type": "string",
                                            "pattern": r"^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?)?$"})]
