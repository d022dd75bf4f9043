"""Supervision sessions and the monthly checks over them."""

from django.db import connection
from django.utils import timezone

from supervision.services import run_monthly_check

from .base import Steps


class SessionSteps(Steps):
    def sessions(self):
        Session = self.model("supervision.SupervisionSession")
        params = {"today": self.today, "programme": self.programme_obj.pk}
        # Each placement's share of the target follows its days so far times a diligence
        # of 0.6–1.4, so some months fall short; sessions are spread evenly with jitter.
        weight = f"((p.upto - p.start + 1) * (60 + {self.h('p.g', 70, 81)}))"
        total = self.scalar(
            f"SELECT sum({weight}) FROM {self._placements_cte()} WHERE p.upto >= p.start",
            params,
        )
        if not total:
            return 0
        params["target"] = self.scale.sessions
        params["total"] = int(total)
        assigned = """
            (SELECT a.placement_id, a.start, a."end", a.supervisor_id
               FROM placements_supervisorassignment a)
        """
        days = "(p.upto - p.start + 1)"
        per = f"greatest(1, round({weight}::numeric * %(target)s / %(total)s)::int)"
        jitter = self.h("p.g * 1000 + k", 71, 5)
        day = f"p.start + least({days} - 1, (k * {days}) / n.n + {jitter})::int"
        return self.insert(
            Session,
            {
                "placement_id": "x.placement_id",
                "supervisor_id": "a.supervisor_id",
                "date": "x.day",
                "minutes": f"15 * (1 + {self.h('x.g * 1000 + x.k', 72, 4)})",
                "kind": f"CASE WHEN {self.h('x.g * 1000 + x.k', 73, 10)} = 0 "
                "THEN 'annet' ELSE 'individuell' END",
                "topics": "'Konsultasjoner og journalføring'",
                "status": f"CASE WHEN {self.h('x.g * 1000 + x.k', 74, 50)} = 0 "
                "THEN 'bestridt' WHEN x.day > %(today)s::date - 30 THEN 'registrert' "
                "ELSE 'bekreftet' END",
                "created_at": "(x.day + time '16:00') AT TIME ZONE 'Europe/Oslo'",
            },
            f"""
            (SELECT p.id AS placement_id, p.g, k, {day} AS day
               FROM {self._placements_cte()}
               CROSS JOIN LATERAL (SELECT {per} AS n) n
               CROSS JOIN LATERAL generate_series(0, n.n - 1) k
              WHERE p.upto >= p.start) x
            JOIN {assigned} a
              ON a.placement_id = x.placement_id AND x.day >= a.start
             AND (a."end" IS NULL OR x.day <= a."end")
            """,
            params,
        )

    def monthly_checks(self):

        month = self.today.replace(day=1)
        for _ in range(self.scale.checked_months):
            month = (month - timezone.timedelta(days=1)).replace(day=1)
            run_monthly_check(month, notify=False)
        # Past deficits were notified when their month was checked: a re-run claims none.
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE supervision_monthlycheck SET notified_at = checked_at "
                "WHERE status = 'deficit' AND notified_at IS NULL AND placement_id IN "
                "(SELECT id FROM placements_placement WHERE programme_id = %s)",
                [self.programme_obj.pk],
            )
        return self.model("supervision.MonthlyCheck").objects.count()
