"""Dates of mixed precision: parse curated date specs into earliest/latest bounds."""

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from kg.errors import InputError

WEEKDAYS = {
    name: i
    for i, names in enumerate(
        [
            ("monday", "maandag"),
            ("tuesday", "dinsdag"),
            ("wednesday", "woensdag"),
            ("thursday", "donderdag"),
            ("friday", "vrijdag"),
            ("saturday", "zaterdag"),
            ("sunday", "zondag"),
        ]
    )
    for name in names
}
MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "januari"),
            ("february", "februari"),
            ("march", "maart"),
            ("april",),
            ("may", "mei"),
            ("june", "juni"),
            ("july", "juli"),
            ("august", "augustus"),
            ("september",),
            ("october", "oktober"),
            ("november",),
            ("december",),
        ]
    )
    for name in names
}
LAST_WEEK = {"last week", "afgelopen week", "vorige week"}
THIS_YEAR = {"this year", "dit jaar"}
LAST_YEAR = {"last year", "vorig jaar", "afgelopen jaar"}
_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
DATE_KEYS = {"value", "relative", "same_as", "expression", "year_inferred", "reason"}


@dataclass(frozen=True)
class When:
    """A date known to lie between `earliest` and `latest` (inclusive), with how it was known."""

    earliest: date
    latest: date
    precision: str
    edtf: str
    expression: str | None = None
    resolved_against: date | None = None
    year_inferred: bool = False
    reason: str | None = None


def _part(text: str, where: str) -> tuple[date, date, str]:
    m = _PART.match(text)
    if not m:
        raise InputError(f"date {text!r} is not YYYY, YYYY-MM, YYYY-MM-DD or A/B of those", where)
    y = int(m[1])
    mo = int(m[2]) if m[2] else None
    d = int(m[3]) if m[3] else None
    try:
        if mo is not None and d is not None:
            day = date(y, mo, d)
            return day, day, "day"
        if mo is not None:
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]), "month"
    except ValueError as e:
        raise InputError(f"date {text!r} does not exist ({e})", where) from None
    return date(y, 1, 1), date(y, 12, 31), "year"


def parse_value(value: str, where: str) -> When:
    """Parse a stated date or span of dates, e.g. '1991-07' or '2016/2017'."""
    text = str(value).strip()
    if "/" in text:
        a, b = (_part(p, where) for p in text.split("/", 1))
        if a[0] > b[1]:
            raise InputError(f"date span {text!r} ends before it starts", where)
        return When(a[0], b[1], a[2], text)
    earliest, latest, precision = _part(text, where)
    return When(earliest, latest, precision, text)


def resolve_relative(words: str, published: When, where: str) -> When:
    """Resolve 'Thursday', 'afgelopen week', 'juni', 'last year' against a publication date."""
    key = str(words).strip().lower()
    pub = published.latest
    when = _resolve_words(key, words, published, where)
    return replace(when, expression=str(words), resolved_against=pub, year_inferred=published.year_inferred)


def _resolve_words(key: str, words: str, published: When, where: str) -> When:
    """The bounds of relative date `key` (lower-cased `words`), before noting how they were resolved."""
    pub = published.latest
    if key in WEEKDAYS:
        if published.precision != "day":
            raise InputError(f"cannot resolve weekday {words!r}: the publication date is not known to the day", where)
        day = pub - timedelta(days=(pub.weekday() - WEEKDAYS[key]) % 7)
        return When(day, day, "day", day.isoformat())
    if key in LAST_WEEK:
        first, last = pub - timedelta(days=7), pub - timedelta(days=1)
        return When(first, last, "week", f"{first.isoformat()}/{last.isoformat()}")
    if key in MONTHS:
        month = MONTHS[key]
        year = pub.year if month <= pub.month else pub.year - 1
        return parse_value(f"{year}-{month:02d}", where)
    if key in THIS_YEAR | LAST_YEAR:
        year = pub.year - (key in LAST_YEAR)
        return parse_value(str(year), where)
    known = ", ".join(sorted(WEEKDAYS) + sorted(LAST_WEEK | THIS_YEAR | LAST_YEAR) + sorted(MONTHS))
    raise InputError(f"unknown relative date {words!r}; known: {known}", where)


def parse(spec, published: When | None, where: str) -> When:
    """Turn a curated `date:` value (string or mapping without same_as) into a When."""
    if not isinstance(spec, dict):
        return parse_value(spec, where)
    unknown = set(spec) - DATE_KEYS
    if unknown:
        raise InputError(f"unknown date key(s) {sorted(unknown)}; use {sorted(DATE_KEYS)}", where)
    if ("value" in spec) == ("relative" in spec):
        raise InputError("a date mapping needs exactly one of `value`, `relative` or `same_as`", where)
    if "relative" in spec:
        if published is None:
            raise InputError("a relative date needs the article's publication date", where)
        when = resolve_relative(spec["relative"], published, where)
    else:
        when = parse_value(spec["value"], where)
    return replace(
        when,
        expression=spec.get("expression", when.expression),
        year_inferred=bool(spec.get("year_inferred", when.year_inferred)),
        reason=spec.get("reason"),
    )
