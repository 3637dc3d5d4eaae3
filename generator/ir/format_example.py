"""Strings of a `format`, for the example values of generated tests: the one made for a
format, and whether a document's own example is of its format.

A validating server (Prism checks the formats JSON Schema and OpenAPI name) refuses a
`duration` of "TBD" or a `uuid` one digit short: such an example is left for a made one.
Formats this does not know (`google-datetime`, `slug`) are any string, as they are to
Prism.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import ipaddress
import re
from collections.abc import Callable

MADE = {
    "uri": "https://example.com/resource",
    "url": "https://example.com/resource",
    "iri": "https://example.com/resource",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "00:00:00Z",
    "duration": "P1D",
    "uuid": "123e4567-e89b-12d3-a456-426614174000",
    "ipv4": "127.0.0.1",
    "ipv6": "::1",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "byte": "c3RyaW5n",  # "string", base64-encoded
    "json-pointer": "/string",
    "relative-json-pointer": "0",
}

def _fractional(clock: str) -> Callable[[int], str | None]:
    """A time of `n` characters: `clock` and its zone, with fraction digits between."""
    return lambda n: clock + "Z" if n == len(clock) + 1 else clock + "." + "0" * (n - len(clock) - 2) + "Z" if n > len(clock) + 2 else None


def _lengthened(made: str, at: int, most: int | None = None) -> Callable[[int], str | None]:
    """A string of `n` characters: `made` with x's inserted at `at`, up to `most` of them."""
    return lambda n: made[:at] + "x" * (n - len(made)) + made[at:] if n >= len(made) and (most is None or n - len(made) <= most) else None


# A string of the format of a length, where the format has one of that length:
# fraction digits in a time, letters in a name (unicourt bounds a `date-time` to exactly 25
# characters, which its example is not, and x's after a made one are no date).
_LONGER: dict[str, Callable[[int], str | None]] = {
    "date-time": _fractional("2024-01-01T00:00:00"),
    "time": _fractional("00:00:00"),
    "email": _lengthened("user@example.com", 4, 60),
    "hostname": lambda n: "x" * n if 0 < n < 64 else None,
    **dict.fromkeys(("uri", "url", "iri"), _lengthened("https://example.com/", 20)),
}


def made_within(format_: object, low: int, high: int | None) -> str | None:
    """A string of the format `format_` whose length is within `low` and `high`: the made
    one, else the shortest, if the format has one of such a length."""
    if not isinstance(format_, str) or format_ not in MADE:
        return None
    made = MADE[format_]
    if low <= len(made) and (high is None or len(made) <= high):
        return made
    longer = _LONGER.get(format_)
    if longer is None:
        return None
    start = max(low, 1)
    for n in range(start, min(start + 64, start + 3 if high is None else high + 1)):
        found = longer(n)
        if found is not None:
            return found
    return None


_DATE = re.compile(r"\d{4}-\d\d-\d\d\Z")
_TIME = re.compile(r"(\d\d):(\d\d):(\d\d)(\.\d+)?([zZ]|[+-]\d\d(:?\d\d)?)?\Z")
_DURATION = re.compile(r"P(?!\Z)((\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?|(\d+W)?)\Z")
_UUID = re.compile(r"(urn:uuid:)?[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}\Z")
_EMAIL = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]*[a-z0-9])?\Z", re.IGNORECASE)
_HOSTNAME = re.compile(r"(?=.{1,253}\.?\Z)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\.?\Z")
_URI = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:\S*\Z")
# ajv-formats' `url` (Prism's validator): a public IPv4 address or a name with a top-level
# domain (zuora's example `https://***` is neither, and Prism refused the request).
_URL = re.compile(
    r"(?:https?|ftp)://(?:\S+(?::\S*)?@)?(?:(?!(?:10|127)(?:\.\d{1,3}){3})(?!(?:169\.254|192\.168)(?:\.\d{1,3}){2})(?!172\.(?:1[6-9]|2\d|3[0-1])(?:\.\d{1,3}){2})"
    r"(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3])(?:\.(?:1?\d{1,2}|2[0-4]\d|25[0-5])){2}(?:\.(?:[1-9]\d?|1\d\d|2[0-4]\d|25[0-4]))"
    r"|(?:(?:[a-z0-9\u00a1-\uffff]+-)*[a-z0-9\u00a1-\uffff]+)(?:\.(?:[a-z0-9\u00a1-\uffff]+-)*[a-z0-9\u00a1-\uffff]+)*(?:\.(?:[a-z\u00a1-\uffff]{2,})))"
    r"(?::\d{2,5})?(?:/[^\s]*)?\Z",
    re.IGNORECASE,
)
_JSON_POINTER = re.compile(r"(/([^~/]|~[01])*)*\Z")
_RELATIVE_JSON_POINTER = re.compile(r"(0|[1-9][0-9]*)(#|(/([^~/]|~[01])*)*)\Z")


def is_of_format(text: str, format_: object) -> bool:
    """Whether `text` is a string of `format_` (any string for a format not known here)."""
    check = _CHECKS.get(format_) if isinstance(format_, str) else None
    return check is None or check(text)


def _date(text: str) -> bool:
    try:
        return _DATE.match(text) is not None and bool(datetime.date.fromisoformat(text))
    except ValueError:
        return False


def _time(text: str) -> bool:
    found = _TIME.match(text)
    if found is None:
        return False
    hour, minute, second = (int(found.group(i)) for i in (1, 2, 3))
    return hour < 24 and minute < 60 and second < 61


def _date_time(text: str) -> bool:
    day, sep, rest = text.partition(text[10:11]) if len(text) > 10 and text[10] in "tT " else ("", "", "")
    return bool(sep) and _date(day) and _time(rest)  # (a time without its zone passes, as Prism has it)


def _ip(version: type[ipaddress.IPv4Address] | type[ipaddress.IPv6Address]) -> Callable[[str], bool]:
    def check(text: str) -> bool:
        try:
            version(text)
        except ValueError:
            return False
        return True

    return check


def _byte(text: str) -> bool:
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


_CHECKS: dict[str, Callable[[str], bool]] = {
    "date": _date,
    "time": _time,
    "date-time": _date_time,
    "duration": lambda text: _DURATION.match(text) is not None,
    "uuid": lambda text: _UUID.match(text) is not None,
    "email": lambda text: _EMAIL.match(text) is not None,
    "hostname": lambda text: _HOSTNAME.match(text) is not None,
    "ipv4": _ip(ipaddress.IPv4Address),
    "ipv6": _ip(ipaddress.IPv6Address),
    "uri": lambda text: _URI.match(text) is not None,
    "url": lambda text: _URL.match(text) is not None,
    "byte": _byte,
    "json-pointer": lambda text: _JSON_POINTER.match(text) is not None,
    "relative-json-pointer": lambda text: _RELATIVE_JSON_POINTER.match(text) is not None,
}
