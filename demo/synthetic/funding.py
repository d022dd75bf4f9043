"""The grant scheme, documented expenses and last year's statements."""

import contextlib
from decimal import Decimal

from funding.services import NoData, issue_statements

from .base import Steps


class FundingSteps(Steps):
    def funding(self):
        GrantScheme = self.model("funding.GrantScheme")
        Expense = self.model("funding.Expense")
        GrantScheme.objects.create(
            programme=self.programme_obj,
            name="Syntetisk ordning, per ALIS-år",
            kind=1,
            valid_from=self.programme_obj.started,
            annual_cap=Decimal(200_000),
            annual_own_share=Decimal(50_000),
        )
        categories = "ARRAY['kursavgift', 'veiledningsgruppe', 'vikar', 'reise', 'veilederhonorar']"
        key = "p.g * 100 + (y - 2000) * 3 + n"
        # One to three documented expenses per placement and year, years up to last year.
        rows = self.insert(
            Expense,
            {
                "placement_id": "p.id",
                "year": "y",
                "category": f"({categories})[1 + {self.h(key, 100, 5)}]",
                "amount": f"(2000 + {self.h(key, 101, 60)} * 1000)::numeric",
                "description": "'Syntetisk utgift'",
            },
            f"{self._placements_cte()} "
            "CROSS JOIN LATERAL generate_series(extract(year FROM p.start)::int, "
            "  least(extract(year FROM p.upto)::int, %(last_year)s)) y "
            f"CROSS JOIN generate_series(1, 3) n WHERE n <= 1 + {self.h('p.g * 100 + y', 102, 3)}",
            {
                "today": self.today,
                "programme": self.programme_obj.pk,
                "last_year": self.today.year - 1,
            },
        )
        # Last year's statements, issued as the January job would (no PDFs, no e-mail).
        with contextlib.suppress(NoData):
            rows += len(issue_statements(self.today.year - 1, programmes=[self.programme_obj.pk]))
        return rows
