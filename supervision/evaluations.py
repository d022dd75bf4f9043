"""The post evaluations in aggregate, for the project leader: means and counts per
municipality or medical centre. A group with fewer than MIN_ANSWERS answers shows no
figures and no texts, so no single doctor's answer can be read; nothing is per person."""

from dataclasses import dataclass

from django.db.models import Avg, Count, F

from .models import RATING_FIELDS, PostEvaluation

MIN_ANSWERS = 3
GROUPINGS = {
    "municipality": ("placement__municipality_id", "placement__municipality__name"),
    "centre": ("placement__centre_id", "placement__centre__name"),
}


@dataclass
class Group:
    name: str
    count: int
    means: dict  # rating field -> mean, None when suppressed
    texts: list

    @property
    def suppressed(self):
        return self.count < MIN_ANSWERS


def aggregate(programmes, year, by="municipality"):
    """Groups of the year's answers in the programmes, largest first. Two queries."""
    key, name = GROUPINGS.get(by, GROUPINGS["municipality"])
    answers = PostEvaluation.objects.filter(placement__programme__in=programmes, year=year)
    rows = (
        answers.values(group_id=F(key), group_name=F(name))
        .annotate(count=Count("pk"), **{f: Avg(f) for f in RATING_FIELDS})
        .order_by("-count", "group_name")
    )
    groups = {
        row["group_id"]: Group(
            name=row["group_name"] or "–",
            count=row["count"],
            means={f: (row[f] if row["count"] >= MIN_ANSWERS else None) for f in RATING_FIELDS},
            texts=[],
        )
        for row in rows
    }
    shown = [gid for gid, g in groups.items() if not g.suppressed]
    # Sorted, not in the order given, so a text cannot be matched to when it came in.
    texts = (
        answers.filter(**{f"{key}__in": shown})
        .exclude(stay="")
        .values_list(key, "stay")
        .order_by("stay")
    )
    for gid, text in texts:
        groups[gid].texts.append(text)
    return list(groups.values())
