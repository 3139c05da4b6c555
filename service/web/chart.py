"""A bar chart of quotations per month as plain numbers for a server-rendered SVG: no script, no colour
needed to read it (every bar carries its count and month as text)."""

from dataclasses import dataclass

WIDTH, HEIGHT, LABEL_ROOM = 640, 160, 34


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    month: str
    count: int
    labelled: bool  # every month label would not fit on a long timeline


def month_bars(counts: list[tuple[str, int]]) -> list[Bar]:
    """Bars for ("YYYY-MM", count) pairs, months without quotations filled in as empty bars."""
    months = _every_month(counts)
    if not months:
        return []
    by_month = dict(counts)
    top = max(by_month.values())
    slot = WIDTH / len(months)
    label_every = max(1, round(len(months) / 12))
    bars = []
    for index, month in enumerate(months):
        count = by_month.get(month, 0)
        height = (HEIGHT - LABEL_ROOM - 16) * count / top
        bars.append(
            Bar(
                x=index * slot + slot * 0.15,
                y=HEIGHT - LABEL_ROOM - height,
                width=slot * 0.7,
                height=height,
                month=month,
                count=count,
                labelled=index % label_every == 0,
            )
        )
    return bars


def _every_month(counts: list[tuple[str, int]]) -> list[str]:
    if not counts:
        return []
    first, last = counts[0][0], counts[-1][0]
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last and len(months) < 600:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
