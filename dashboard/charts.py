"""The dashboard's charts as compact JSON for Chart.js (static/js/dashboard-charts.js draws them
from one json_script block), each with the same figures in a sentence for screen readers."""

from dataclasses import dataclass
from datetime import date

from accounts.models import User
from contacts.models import Tier
from interactions.models import HealthBand
from interactions.selectors.activity import (
    activity_per_week_and_month,
    month_starts,
    week_starts,
)
from interactions.selectors.network import NOT_YET, NetworkBreakdown

WEEKS = 26
MONTHS = 12
BAND_LABELS = {**dict(HealthBand.choices), NOT_YET: "Not contacted yet"}
TIER_LABELS = dict(Tier.choices)


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    # {"labels": [...], "series": [{"label": ..., "data": [...]}, ...]}
    data: dict
    # The figures in words: the chart's text alternative.
    text: str
    # Nothing to draw: the card says so instead of showing an empty canvas.
    empty: bool


@dataclass(frozen=True)
class Charts:
    charts: list[Chart]

    def as_json(self) -> dict:
        """What json_script puts in the page: {key: {"labels", "series"}} for the drawn charts."""
        return {chart.key: chart.data for chart in self.charts if not chart.empty}


def _listing(pairs) -> str:
    return "; ".join(f"{label}: {value}" for label, value in pairs)


def _band_chart(network: NetworkBreakdown) -> Chart:
    pairs = [(BAND_LABELS[band], count) for band, count in network.by_band.items()]
    return Chart(
        key="bands",
        title="Health by band",
        data={
            "labels": [label for label, _ in pairs],
            "keys": list(network.by_band),
            "series": [{"label": "Contacts", "data": [count for _, count in pairs]}],
        },
        text=f"Active contacts by relationship health: {_listing(pairs)}.",
        empty=network.total == 0,
    )


def _tier_chart(network: NetworkBreakdown) -> Chart:
    pairs = [(TIER_LABELS[tier], count) for tier, count in network.by_tier.items()]
    return Chart(
        key="tiers",
        title="Network by tier",
        data={
            "labels": [label for label, _ in pairs],
            "series": [{"label": "Contacts", "data": [count for _, count in pairs]}],
        },
        text=f"Active contacts by how close they are: {_listing(pairs)}.",
        empty=network.total == 0,
    )


def _weekly_chart(weeks: list[tuple[date, int]]) -> Chart:
    counts = [count for _, count in weeks]
    busiest = max(weeks, key=lambda week: week[1])
    return Chart(
        key="weekly",
        title=f"Interactions per week, last {WEEKS} weeks",
        data={
            "labels": [f"{monday.day} {monday:%b}" for monday, _ in weeks],
            "series": [{"label": "Interactions", "data": counts}],
        },
        text=(
            f"{sum(counts)} interactions over the last {WEEKS} weeks, {counts[-1]} this week; "
            f"the busiest was the week of {busiest[0].day} {busiest[0]:%B} with {busiest[1]}. "
            f"Week by week from the oldest: {', '.join(map(str, counts))}."
        ),
        empty=not any(counts),
    )


def _value_chart(months: list[tuple[date, int, int]]) -> Chart:
    gave = [given for _, given, _ in months]
    received = [got for _, _, got in months]
    return Chart(
        key="value",
        title="Value given and received per month",
        data={
            "labels": [f"{month:%b %Y}" for month, _, _ in months],
            "series": [
                {"label": "I gave", "data": gave},
                {"label": "I received", "data": received},
            ],
        },
        text=(
            f"Over the last {MONTHS} months you gave value {sum(gave)} times and received it "
            f"{sum(received)} times. "
            + _listing((f"{month:%B %Y}", f"gave {g}, received {r}") for month, g, r in months)
            + "."
        ),
        empty=not any(gave) and not any(received),
    )


def dashboard_charts(*, user: User, today: date, network: NetworkBreakdown) -> Charts:
    """Four charts in one query beside the network breakdown passed in: the stored days of
    activity summed into weeks and months."""
    weeks, months = activity_per_week_and_month(
        user=user,
        mondays=week_starts(today=today, weeks=WEEKS),
        firsts=month_starts(today=today, months=MONTHS),
    )
    return Charts(
        charts=[
            _band_chart(network),
            _weekly_chart(weeks),
            _value_chart(months),
            _tier_chart(network),
        ]
    )
