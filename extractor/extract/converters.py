"""Turn raw strings into typed values: ``text``, ``html``, ``int``, ``float``, ``url``, ``datetime``.

Each converter returns a value or raises ``FieldValueError`` with the reason; none raises anything else.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from extractor.errors import FieldValueError
from extractor.extract.text import collapse

_DIGITS = re.compile(r"\d")
_MINUS = "-\u2212"  # hyphen-minus and the typographic minus sign
_NUMBER = re.compile(rf"[{_MINUS}]?\d[\d.,\s\u00a0']*")
_RUPIAH = re.compile(r"\b(Rp|IDR)\b", re.IGNORECASE)
_URL_SCHEMES = frozenset({"http", "https", "ftp", "file"})
# Indonesian (and a few common) zone abbreviations dateparser does not know reliably.
_ZONES = {"WIB": "+07:00", "WITA": "+08:00", "WIT": "+09:00"}
_ZONE_WORD = re.compile(r"\b(WIB|WITA|WIT)\b")


def to_text(value: str, base_url: str) -> str:
    """Whitespace collapsed and trimmed."""
    return collapse(value)


def to_html(value: str, base_url: str) -> str:
    """The markup as it is."""
    return value.strip()


def to_int(value: str, base_url: str) -> int:
    """The digits of the value: ``"Rp 26.500"`` gives 26500; a leading minus sign is kept."""
    match = _NUMBER.search(value)
    if match is None:
        raise FieldValueError("no digits to make an int", value)
    digits = "".join(_DIGITS.findall(match.group()))
    sign = -1 if match.group()[0] in _MINUS else 1
    return sign * int(digits)


def to_float(value: str, base_url: str) -> float:
    """A decimal number in either convention: ``"4,5"``, ``"1.234,56"``, ``"1,234.56"``, ``"3.75"``."""
    match = _NUMBER.search(value)
    if match is None:
        raise FieldValueError("no number to make a float", value)
    number = re.sub(r"[\s\u00a0']", "", match.group()).replace("\u2212", "-").rstrip(".,")
    last_dot, last_comma = number.rfind("."), number.rfind(",")
    if _RUPIAH.search(value) and last_comma < 0:
        decimal = ""  # rupiah amounts group thousands with dots: "Rp 26.500" is 26500
    elif last_dot >= 0 and last_comma >= 0:
        decimal = "." if last_dot > last_comma else ","
    elif last_comma >= 0:
        groups = number.split(",")
        thousands = len(groups) > 2 or (len(groups) == 2 and len(groups[1]) == 3 and groups[0] not in ("0", "-0"))
        decimal = "" if thousands else ","
    elif number.count(".") > 1:
        decimal = ""
    else:
        decimal = "."
    separators = {".", ","} - {decimal}
    for separator in separators:
        number = number.replace(separator, "")
    if decimal:
        number = number.replace(decimal, ".")
    try:
        return float(number)
    except ValueError:
        raise FieldValueError("not a number", value) from None


def to_url(value: str, base_url: str) -> str:
    """Absolute against the page URL; ``javascript:``, ``data:`` and ``mailto:`` are refused."""
    value = value.strip()
    if not value:
        raise FieldValueError("empty URL", value)
    absolute = urljoin(base_url, value)
    scheme = urlsplit(absolute).scheme.lower()
    if scheme not in _URL_SCHEMES:
        raise FieldValueError(f"not a web URL (scheme {scheme or 'missing'!r})", value)
    return absolute


def to_datetime(value: str, base_url: str) -> str:
    """ISO 8601, keeping the offset when the page gives one; reads ISO, RFC 2822 and written dates
    in English or Indonesian with their time of day (``"Minggu, 01/12/2024 14:05 WIB"``), else the
    day of a date written in one of the languages htmldate reads, words around it allowed
    (``"Erstellt am Dienstag 6. Mai 2014 um 23:30"``)."""
    text = collapse(value)
    if not text:
        raise FieldValueError("empty date", value)
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    parsed = _parse_written_date(text) or _written_day(text)
    if parsed is None:
        raise FieldValueError("not a date", value)
    return parsed.isoformat()


def _written_day(text: str) -> datetime | None:
    """The day of a date in running text, by htmldate's patterns (many languages' month names,
    numeric day-month-year orders); None when it finds none. Only its fast patterns are used: its
    extensive search falls back to dateparser guessing the language, which can take seconds."""
    if not _DIGITS.search(text):
        return None
    from htmldate.extractors import try_date_expr  # imported on first use, as dateparser is

    try:
        day = try_date_expr(text, "%Y-%m-%d", False, datetime(1000, 1, 1), datetime(9999, 12, 31))
        return datetime.fromisoformat(day) if day else None
    except (ValueError, TypeError, OverflowError):
        return None


def _parse_written_date(text: str) -> datetime | None:
    import dateparser  # imported on first use: it is slow to load and most fields never need it

    text = _ZONE_WORD.sub(lambda match: _ZONES[match.group(1)], text)
    settings: Any = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"}
    try:
        parsed: datetime | None = dateparser.parse(text, languages=["id", "en"], settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed


CONVERTERS: dict[str, Callable[[str, str], Any]] = {
    "text": to_text,
    "html": to_html,
    "int": to_int,
    "float": to_float,
    "url": to_url,
    "datetime": to_datetime,
}


def convert(value: str, type_: str, base_url: str) -> Any:
    """Convert ``value`` to ``type_``; raises ``FieldValueError`` when it cannot."""
    return CONVERTERS[type_](value, base_url)
