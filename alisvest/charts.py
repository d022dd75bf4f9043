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


def _municipality_name(r):
    return r.municipality.name


def _field(r, name):
    return r[name] if isinstance(r, dict) else getattr(r, name)


def recruitment_bars(rounds, label=_municipality_name):
    """Horizontal bars: applicants behind, hired in front, one row per round (a
    municipality's) or per aggregated row (dicts with applicants and hired, e.g. a county's,
    with `label` naming the row)."""
    applicants = [_field(r, "applicants") for r in rounds]
    hired = [_field(r, "hired") or 0 for r in rounds]
    scale = max([a or h for a, h in zip(applicants, hired, strict=True)] or [1]) or 1
    span = WIDTH - LABEL - 40
    bars = [
        Bar(
            label=label(r),
            applicants=a,
            hired=h,
            y=i * ROW,
            applicants_width=round(span * (a or 0) / scale),
            hired_width=max(2, round(span * h / scale)),
        )
        for i, (r, a, h) in enumerate(zip(rounds, applicants, hired, strict=True))
    ]
    return {"bars": bars, "height": len(bars) * ROW, "width": WIDTH, "label": LABEL}
