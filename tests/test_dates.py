from datetime import date

import pytest

from kg.build.dates import parse, parse_value
from kg.errors import InputError

FRIDAY = parse("2021-03-26", None, "x")
WEDNESDAY_INFERRED = parse({"value": "2024-10-23", "year_inferred": True, "reason": "r"}, None, "x")


@pytest.mark.parametrize(
    "text,earliest,latest,precision",
    [
        ("1990-09-30", date(1990, 9, 30), date(1990, 9, 30), "day"),
        ("1991-07", date(1991, 7, 1), date(1991, 7, 31), "month"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2019", date(2019, 1, 1), date(2019, 12, 31), "year"),
        ("2016/2017", date(2016, 1, 1), date(2017, 12, 31), "year"),
    ],
)
def test_parse_value_gives_bounds_of_its_precision(text, earliest, latest, precision):
    when = parse_value(text, "x")
    assert (when.earliest, when.latest, when.precision, when.edtf) == (earliest, latest, precision, text)


def test_parse_relative_weekday_resolves_to_last_such_day_and_says_so():
    when = parse({"relative": "Thursday", "expression": "on Thursday"}, FRIDAY, "x")
    assert when.earliest == when.latest == date(2021, 3, 25)
    assert when.resolved_against == date(2021, 3, 26) and when.expression == "on Thursday"
    assert not when.year_inferred


def test_parse_dutch_relative_dates_inherit_inferred_year():
    tuesday = parse({"relative": "dinsdag"}, WEDNESDAY_INFERRED, "x")
    assert tuesday.earliest == date(2024, 10, 22) and tuesday.year_inferred
    week = parse({"relative": "afgelopen week"}, WEDNESDAY_INFERRED, "x")
    assert (week.earliest, week.latest, week.precision) == (date(2024, 10, 16), date(2024, 10, 22), "week")
    june = parse({"relative": "juni"}, WEDNESDAY_INFERRED, "x")
    assert (june.earliest, june.latest) == (date(2024, 6, 1), date(2024, 6, 30))


def test_parse_month_after_publication_month_is_last_year():
    december = parse({"relative": "December"}, FRIDAY, "x")
    assert december.earliest == date(2020, 12, 1)


@pytest.mark.parametrize(
    "spec,message",
    [
        ("26 March 2021", "is not YYYY, YYYY-MM, YYYY-MM-DD"),
        ("2021-02-30", "does not exist"),
        ("2019/2017", "ends before it starts"),
        ({"relative": "someday"}, "unknown relative date 'someday'"),
        ({"value": "2020", "when": 1}, "unknown date key"),
    ],
)
def test_parse_refuses_bad_dates_with_a_message(spec, message):
    with pytest.raises(InputError, match=f"f.yaml:7: .*{message}"):
        parse(spec, FRIDAY, "f.yaml:7")


def test_parse_weekday_needs_a_publication_day():
    month = parse("2020-10", None, "x")
    with pytest.raises(InputError, match="not known to the day"):
        parse({"relative": "Monday"}, month, "x")
