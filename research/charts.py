"""Geometry for the retention charts; templates/research/charts/*.svg draw it. The SVGs use
presentation attributes only (no CSS), so the same file renders on the page, in the PDF
(WeasyPrint) and as PNG (cairosvg). Every chart carries its title and axis labels inside
the SVG, so a downloaded figure explains itself."""

from dataclasses import dataclass, field

WIDTH = 720
HEIGHT = 360
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 44, 56
ROW = 18  # one line of the number-at-risk table
COLOURS = ["#0062ba", "#c01b1b", "#1a7f37", "#b35900", "#6f42c1", "#00838f"]


@dataclass
class Chart:
    title: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    plot_width: int = WIDTH - LEFT - RIGHT
    plot_height: int = HEIGHT - TOP - BOTTOM
    series: list = field(default_factory=list)
    bars: list = field(default_factory=list)
    x_ticks: list = field(default_factory=list)
    y_ticks: list = field(default_factory=list)
    at_risk: list = field(default_factory=list)
    at_risk_title_y: int = 0
    x_label: str = ""
    y_label: str = ""
    note: str = ""
    empty_text: str = ""

    @property
    def bottom(self):
        return self.top + self.plot_height

    @property
    def right(self):
        return self.left + self.plot_width

    @property
    def x_label_y(self):
        return self.bottom + 40

    @property
    def y_label_x(self):
        return 16

    @property
    def middle_y(self):
        return self.top + self.plot_height // 2

    @property
    def middle_x(self):
        return self.left + self.plot_width // 2


def _steps(points, x, y, key):
    coords, previous = [], None
    for p in points:
        if previous is not None:
            coords.append(f"{x(p['month'])},{y(previous)}")
        coords.append(f"{x(p['month'])},{y(p[key])}")
        previous = p[key]
    return coords


def _band(points, x, y):
    """The confidence interval as one closed polygon: upper steps out, lower steps back."""
    upper = _steps(points, x, y, "ci_high")
    lower = _steps(points, x, y, "ci_low")
    return " ".join(upper + list(reversed(lower)))


def _at_risk_rows(chart, curves, x):
    chart.at_risk_title_y = chart.bottom + 66
    for i, c in enumerate(curves):
        chart.at_risk.append(
            {
                "label": c["label"],
                "y": chart.at_risk_title_y + ROW * (i + 1),
                "colour": COLOURS[i % len(COLOURS)],
                "cells": [{"x": x(m), "value": n} for m, n in c["at_risk"]],
            }
        )
    chart.height += 66 - BOTTOM + 10 + ROW * (len(curves) + 1)


def step_chart(title, curves, x_label, y_label, note="", empty_text=""):
    """Kaplan–Meier step curves with their confidence bands: x in months, y survival 0–1,
    and below them the number still followed every 12 months."""
    chart = Chart(title=title, x_label=x_label, y_label=y_label, note=note, empty_text=empty_text)
    max_t = max([m for c in curves for m, _n in c["at_risk"]] or [0])
    max_t = 12 * (int(max_t) // 12 + 1)

    def x(t):
        return round(chart.left + chart.plot_width * t / max_t, 1)

    def y(s):
        return round(chart.top + chart.plot_height * (1 - s), 1)

    for i, c in enumerate(curves):
        chart.series.append(
            {
                "label": f"{c['label']} (n={c['n']})",
                "points": " ".join(_steps(c["points"], x, y, "survival")),
                "band": _band(c["points"], x, y),
                "colour": COLOURS[i % len(COLOURS)],
                "legend_y": chart.top + 14 + 18 * i,
            }
        )
    chart.x_ticks = [{"x": x(m), "label": str(m)} for m in range(0, max_t + 1, 12)]
    chart.y_ticks = [{"y": y(v / 4), "label": f"{v * 25} %"} for v in range(5)]
    _at_risk_rows(chart, curves, x)
    return chart


def month_bars(title, series, x_label, y_label, hidden_label, note=""):
    """Vertical bars, one per month; None is a hidden cell (drawn as a grey stub) and 0 is
    drawn as nothing above the axis, with its value in the tooltip."""
    chart = Chart(title=title, x_label=x_label, y_label=y_label, note=note)
    top_value = max([v for _m, v in series if v is not None] or [1]) or 1
    top_value = max(5, -(-top_value // 5) * 5)
    slot = chart.plot_width / max(len(series), 1)
    for i, (month, value) in enumerate(series):
        height = chart.plot_height * (value or 0) / top_value
        chart.bars.append(
            {
                "x": round(chart.left + i * slot + slot * 0.1, 1),
                "y": round(chart.bottom - height, 1) if value is not None else chart.bottom - 3,
                "width": round(max(slot * 0.8, 1), 1),
                "height": round(height, 1) if value is not None else 3,
                "suppressed": value is None,
                "title": f"{month:%m.%Y}: {hidden_label if value is None else value}",
            }
        )
        if month.month == 1 or (i == 0 and month.month < 10):
            chart.x_ticks.append({"x": round(chart.left + i * slot, 1), "label": f"{month:%Y}"})
    step = top_value // 5
    chart.y_ticks = [
        {"y": round(chart.bottom - chart.plot_height * v / top_value, 1), "label": str(v)}
        for v in range(0, top_value + 1, step)
    ]
    return chart


def horizontal_bars(title, items, x_label, note="", empty_text=""):
    """Label and count per row; a hidden count is drawn as a short grey stub."""
    row = 46
    chart = Chart(title=title, note=note, left=16, x_label=x_label, empty_text=empty_text)
    chart.plot_width = WIDTH - chart.left - 80
    chart.plot_height = max(len(items), 1) * row
    chart.height = chart.top + chart.plot_height + 48
    numbers = [n for _label, n in items if isinstance(n, int)]
    scale = max(numbers or [1]) or 1
    for i, (label, n) in enumerate(items):
        suppressed = not isinstance(n, int)
        width = 6 if suppressed else max(2, round(chart.plot_width * n / scale, 1))
        chart.bars.append(
            {
                "label": label,
                "value": n,
                "label_y": chart.top + i * row + 12,
                "y": chart.top + i * row + 18,
                "text_y": chart.top + i * row + 32,
                "width": width,
                "value_x": chart.left + width + 6,
                "suppressed": suppressed,
            }
        )
    return chart
