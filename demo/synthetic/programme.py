"""The programme, its municipalities and their recruitment rounds."""

from datetime import date

from django.db.models.expressions import RawSQL

from .base import PROGRAMME_SLUG, Steps


class ProgrammeSteps(Steps):
    def programme(self):
        Programme = self.model("placements.Programme")
        Municipality = self.model("placements.Municipality")
        Participation = self.model("placements.Participation")
        self.programme_obj = Programme.objects.create(
            name=f"Syntetisk ALIS ({self.name}, frø {self.seed})",
            slug=PROGRAMME_SLUG,
            started=date(self.today.year - 10, 1, 1),
            description="Syntetiske data for ytelsesmålinger.",
        )
        # The chosen municipalities: today's, in an order fixed by the seed.
        numbers = list(
            Municipality.objects.current()
            .annotate(k=RawSQL(self.h("number::int", 1, 1_000_003), []))  # noqa: S611
            .order_by("k", "number")
            .values_list("number", flat=True)[: self.scale.municipalities]
        )
        self.numbers = sorted(numbers)
        return self.insert(
            Participation,
            {
                "programme_id": "%(programme)s",
                "municipality_id": "m.id",
                "phase": "1 + " + self.h("m.number::int", 2, 3),
                "joined": "%(started)s::date + " + self.h("m.number::int", 3, 900) + "::int",
            },
            "placements_municipality m WHERE m.valid_to IS NULL AND m.number = ANY(%(numbers)s)",
            {
                "programme": self.programme_obj.pk,
                "started": self.programme_obj.started,
                "numbers": self.numbers,
            },
        )

    def recruitment(self):
        Round = self.model("placements.RecruitmentRound")
        rows = 0
        for offset, label in [(8, "Høst"), (5, "Vår"), (2, "Høst")]:
            year = self.today.year - offset
            rows += self.insert(
                Round,
                {
                    "programme_id": "%(programme)s",
                    "municipality_id": "m.id",
                    "label": f"'{label} {year}'",
                    "date": f"date '{year}-09-01'",
                    "applicants": f"2 + {self.h('m.k * 10 + ' + str(offset), 80, 20)}",
                    "hired": f"{self.h('m.k * 10 + ' + str(offset), 81, 2)}",
                },
                f"{self._municipality_cte()} WHERE {self.h('m.k * 10 + ' + str(offset), 82, 3)}"
                " = 0",
                {"programme": self.programme_obj.pk, "numbers": self.numbers},
            )
        return rows
