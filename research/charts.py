"""Geometry for the retention charts; templates/research/charts/*.svg draw it. The SVGs use
presentation attributes only (no CSS), so the same file renders on the page, in the PDF
(WeasyPrint) and as PNG (cairosvg)."""

from dataclasses import dataclass, field

WIDTH = 720
HEIGHT = 340
LEFT, RIGHT, TOP, BOTTOM = 56, 20, 20, 56
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
    x_label: str = ""
    y_label: str = ""
    note: str = ""

    @property
    def bottom(self):
        return self.top + self.plot_height

    @property
    def right(self):
        return self.left + self.plot_width


def step_chart(title, curves, x_label, y_label, note=""):
    """Kaplan–Meier step curves: x in months, y survival 0–1."""
    chart = Chart(title=title, x_label=x_label, y_label=y_label, note=note)
    max_t = max([p[0] for c in curves for p in c["points"]] or [12]) or 12
    max_t = 12 * (int(max_t) // 12 + 1)

    def x(t):
        return round(chart.left + chart.plot_width * t / max_t, 1)

    def y(s):
        return round(chart.top + chart.plot_height * (1 - s), 1)

    for i, curve in enumerate(curves):
        coords = []
        previous = None
        for t, s in curve["points"]:
            if previous is not None:
                coords.append(f"{x(t)},{y(previous)}")
            coords.append(f"{x(t)},{y(s)}")
            previous = s
        last_t = curve["points"][-1][0] if curve["points"] else 0
        if previous is not None and last_t < max_t:
            coords.append(f"{x(last_t)},{y(previous)}")
        chart.series.append(
            {
                "label": f"{curve['label']} (n={curve['n']})",
                "points": " ".join(coords),
                "colour": COLOURS[i % len(COLOURS)],
                "legend_y": chart.top + 14 + 18 * i,
            }
        )
    chart.x_ticks = [{"x": x(m), "label": str(m)} for m in range(0, max_t + 1, 12)]
    chart.y_ticks = [{"y": y(v / 4), "label": f"{v * 25} %"} for v in range(5)]
    return chart


def month_bars(title, series, y_label, note=""):
    """Vertical bars, one per month; None is a suppressed cell (drawn as a grey stub)."""
    chart = Chart(title=title, y_label=y_label, note=note)
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
                "title": f"{month:%m.%Y}: {'<3' if value is None else value}",
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


def horizontal_bars(title, items, note=""):
    """Label and count per row; "<3" is drawn as a short hatched stub."""
    row = 46
    chart = Chart(title=title, note=note, left=16)
    chart.plot_width = WIDTH - chart.left - 80
    chart.plot_height = max(len(items), 1) * row
    chart.height = chart.top + chart.plot_height + 40
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
