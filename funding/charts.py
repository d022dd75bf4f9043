"""Server-rendered SVG charts for the finance overview: geometry here, drawing in templates."""

from dataclasses import dataclass

ROW = 28
LABEL = 170
WIDTH = 640


@dataclass
class Bar:
    label: str
    grant: int
    own_share: int
    y: int
    grant_width: int
    own_share_width: int


def municipality_bars(rows):
    """Grant (long bar) and own share (short bar in front) per row (county or municipality)."""
    scale = max([r["grant"] or 0 for r in rows] + [r["own_share"] or 0 for r in rows] + [1])
    span = WIDTH - LABEL - 90
    bars = [
        Bar(
            label=r["label"],
            grant=r["grant"] or 0,
            own_share=r["own_share"] or 0,
            y=i * ROW,
            grant_width=max(1, round(span * (r["grant"] or 0) / scale)),
            own_share_width=max(1, round(span * (r["own_share"] or 0) / scale)),
        )
        for i, r in enumerate(rows)
    ]
    return {"bars": bars, "height": max(len(bars), 1) * ROW, "width": WIDTH, "label": LABEL}


def budget_bar(budget, granted):
    """One bar: the budget, with what has been granted so far drawn in front."""
    span = WIDTH - 20
    budget = float(budget or 0)
    share = min(float(granted) / budget, 1) if budget else 0
    return {
        "width": WIDTH,
        "span": span,
        "granted_width": round(span * share),
        "percent": round(100 * float(granted) / budget) if budget else None,
        "over": bool(budget) and granted > budget,
    }
