"""Server-rendered SVG charts: geometry computed here, drawn by templates/partials/."""

from dataclasses import dataclass

ROW = 28
LABEL = 150
WIDTH = 640


@dataclass
class Bar:
    label: str
    applicants: int | None
    hired: int
    y: int
    applicants_width: int
    hired_width: int

    @property
    def value_x(self):
        """Where the figures start: right of the longer bar, so they never overlap it."""
        return LABEL + max(self.applicants_width, self.hired_width) + 6


def recruitment_bars(rounds):
    """Horizontal bars: applicants behind, hired in front, one row per municipality."""
    scale = max([r.applicants or r.hired for r in rounds] or [1]) or 1
    span = WIDTH - LABEL - 40
    bars = [
        Bar(
            label=r.municipality.name,
            applicants=r.applicants,
            hired=r.hired,
            y=i * ROW,
            applicants_width=round(span * (r.applicants or 0) / scale),
            hired_width=max(2, round(span * r.hired / scale)),
        )
        for i, r in enumerate(rounds)
    ]
    return {"bars": bars, "height": len(bars) * ROW, "width": WIDTH, "label": LABEL}
