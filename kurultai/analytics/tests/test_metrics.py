"""The responsiveness core: worked examples over Kazakhstan's calendar, and laws."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kurultai.analytics import charts, metrics
from kurultai.common.workdays import kazakhstan_calendar

CAL = kazakhstan_calendar()
TODAY = date(2026, 11, 2)


def rec(kind, registered, due, answered, **groups):
    return metrics.Record(kind, registered, due, answered, {k: tuple(v) for k, v in groups.items()})


def test_median_p90_on_time_and_overdue():
    # Registered Monday 2026-10-05; answers after 1, 3, 5, 10 and 20 working days.
    start = date(2026, 10, 5)
    answered = [CAL.add_working_days(start, n) for n in (1, 3, 5, 10, 20)]
    due = CAL.add_working_days(start, 15)
    records = [rec("appeal", start, due, a) for a in answered]
    records.append(rec("appeal", start, due, None))  # overdue on TODAY
    records.append(rec("appeal", TODAY, CAL.add_working_days(TODAY, 15), None))  # still within term
    f = metrics.figures(records, today=TODAY, calendar=CAL)
    assert (f.received, f.answered, f.answered_on_time, f.overdue, f.due) == (7, 5, 4, 1, 6)
    assert f.median_days == 5
    assert f.p90_days == 20
    assert f.on_time_share == 4 / 6


def test_records_without_a_term_never_count_in_on_time_or_overdue():
    f = metrics.figures([rec("proposal", date(2026, 1, 5), None, None)], today=TODAY, calendar=CAL)
    assert (f.due, f.overdue, f.on_time_share, f.median_days) == (0, 0, None, None)


def test_holidays_are_not_working_days_to_answer():
    # 2026-03-20 (Friday) to 2026-03-27: 21-25 March are Nauryz days off and the weekend.
    f = metrics.figures([rec("inquiry", date(2026, 3, 20), None, date(2026, 3, 27))], today=TODAY, calendar=CAL)
    assert f.median_days == 2


def test_groups_count_a_record_for_each_of_its_keys():
    r = rec("inquiry", date(2026, 10, 1), date(2026, 10, 30), date(2026, 10, 8), deputy=["a", "b"], state_body=["x"])
    table = metrics.group_figures([r], "deputy", today=TODAY, calendar=CAL)
    assert set(table) == {("inquiry", "a"), ("inquiry", "b")}
    assert metrics.group_figures([r], "region", today=TODAY, calendar=CAL) == {}


def test_trend_has_every_month_even_empty_ones():
    records = [rec("appeal", date(2026, 3, 10), date(2026, 3, 31), date(2026, 3, 12))]
    points = metrics.trend(records, today=TODAY, calendar=CAL)
    assert points[0].month == "2025-12"
    assert points[-1].month == "2026-11"
    assert sum(p.figures.received for p in points) == 1
    assert next(p for p in points if p.month == "2026-03").figures.median_days == 2


def test_summary_has_every_kind_and_all():
    assert set(metrics.summary([], today=TODAY, calendar=CAL)) == {*metrics.KINDS, "all"}


@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=40))
def test_p90_is_at_least_the_median_and_an_observed_value(days):
    start = date(2026, 1, 5)
    records = [rec("appeal", start, None, CAL.add_working_days(start, d) if d else start) for d in days]
    f = metrics.figures(records, today=TODAY, calendar=CAL)
    assert f.p90_days is not None
    assert f.median_days is not None
    assert f.p90_days >= f.median_days
    assert f.p90_days in days


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.booleans()), max_size=30))
def test_on_time_never_exceeds_due_and_due_never_exceeds_received(items):
    start = date(2026, 6, 1)
    records = [
        rec("appeal", start, start + timedelta(days=d), (start + timedelta(days=a)) if answered else None)
        for d, a, answered in items
    ]
    f = metrics.figures(records, today=TODAY, calendar=CAL)
    assert f.answered_on_time <= f.due <= f.received


def test_trend_chart_geometry_stays_inside_the_plot():
    chart = charts.trend_chart(["2026-01", "2026-02", "2026-03"], [10, 0, 35], [4.0, None, 12.5])
    assert len(chart.bars) == 3
    assert all(0 <= b.y <= chart.baseline and b.height >= 0 for b in chart.bars)
    assert len(chart.lines) == 2  # the month without answers breaks the line
    assert chart.count_max >= 35


def test_scatter_keeps_points_in_the_square():
    pts = charts.scatter([(-1.0, 0.0, 0), (1.0, 2.0, 1), (0.5, -3.0, 1)], size=400, pad=16)
    assert all(16 <= p.x <= 384 and 16 <= p.y <= 384 for p in pts)
    assert [p.group for p in pts] == [0, 1, 1]
