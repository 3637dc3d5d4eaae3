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
    "email": lambda n: _lengthened("user@example.com", 4, 60)(n) or ("x" * (n - 5) + "@x.co" if 6 <= n < 16 else None),
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
    return (hour < 24 and minute < 60 and second < 60) or (hour, minute, second) == (23, 59, 60)  # (a leap second ends a day)


def _date_time(text: str) -> bool:
    day, sep, rest = text.partition(text[10:11]) if len(text) > 10 and text[10] in "tT " else ("", "", "")
    return bool(sep) and _date(day) and _time(rest)  # (a time without its zone passes, as Prism has it)


def _ip(version: type[ipaddress.IPv4Address] | type[ipaddress.IPv6Address]) -> Callable[[str], bool]:
    def check(text: str) -> bool:
        if "%" in text:  # (a scope, `fe80::1%eth0`, which Python reads and ajv-formats refuses)
            return False
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


# A `uri` as RFC 3986 has it (as ajv-formats, Prism's validator, checks it): a scheme, then
# an authority and a path, or a path; the query and fragment. Only ASCII, no space, no `{`.
_CHARS = r"a-z0-9\-._~!$&'()*+,;="  # unreserved and sub-delims
_PCT = r"%[0-9a-f]{2}"
_PCHAR = rf"(?:[{_CHARS}:@]|{_PCT})"
_HOST = rf"(?:\[[0-9a-f:.]+\]|\[v[0-9a-f]+\.[{_CHARS}:]+\]|(?:[{_CHARS}]|{_PCT})*)"
_URI = re.compile(
    rf"[a-z][a-z0-9+\-.]*:"
    rf"(?:/?/(?:(?:[{_CHARS}:]|{_PCT})*@)?{_HOST}(?::\d*)?(?:/{_PCHAR}*)*|/(?:{_PCHAR}+(?:/{_PCHAR}*)*)?|{_PCHAR}+(?:/{_PCHAR}*)*)"
    rf"(?:\?(?:{_PCHAR}|[/?])*)?(?:#(?:{_PCHAR}|[/?])*)?\Z",
    re.IGNORECASE | re.ASCII,
)
# A `url` as ajv-formats checks it: http, https or ftp, a host that is a public IPv4 address
# or a name with a top-level domain of letters, a port of 2 to 5 digits, a path after a `/`
# (zuora's example `https://***` is none, and Prism refused the request).
_URL = re.compile(r"(?:https?|ftp)://(?:\S+(?::\S*)?@)?(?P<host>[^\s/:]+)(?::\d{2,5})?(?:/\S*)?\Z", re.IGNORECASE)
# ajv's label characters, `[a-z0-9\u00a1-\uffff]` without case, written as what they are
# not: so written, they compile in a millisecond, not the 40 ms every run paid at import.
_NOT_ALNUM = r"\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\xa0\U00010000-\U0010ffff"
_LABEL = re.compile(rf"(?:[^{_NOT_ALNUM}]+-)*[^{_NOT_ALNUM}]+\Z")
_TOP_LEVEL = re.compile(rf"[^0-9{_NOT_ALNUM}]{{2,}}\Z")
_NUMBERS = re.compile(r"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\Z")


def _url(text: str) -> bool:
    found = _URL.match(text)
    return found is not None and _public_host(found["host"])


def _public_host(host: str) -> bool:
    numbers = _NUMBERS.match(host)
    if numbers is not None:
        a, b, c, d = (int(n) for n in numbers.groups())
        private = a in (10, 127) or (a, b) in ((169, 254), (192, 168)) or (a == 172 and 16 <= b <= 31)
        return not private and 1 <= a <= 223 and b <= 255 and c <= 255 and 1 <= d <= 254 and all(n == str(int(n)) for n in numbers.groups())
    *names, top = host.split(".")
    return bool(names) and all(_LABEL.match(name) for name in names) and _TOP_LEVEL.match(top) is not None


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
    "url": _url,
    "byte": _byte,
    "json-pointer": lambda text: _JSON_POINTER.match(text) is not None,
    "relative-json-pointer": lambda text: _RELATIVE_JSON_POINTER.match(text) is not None,
}
