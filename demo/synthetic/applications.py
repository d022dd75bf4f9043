"""Calls, applications, reviewers and reviews."""

from django.db import connection

from .base import DOMAIN, Steps


class ApplicationSteps(Steps):
    def applications(self):
        if self.model("placements.Call") is None or self.model("placements.Application") is None:
            return 0
        rows = self._calls()
        rows += self._applications()
        if self.model("placements.Review") is None:
            return rows
        rows += self._reviewers()
        rows += self._reviews()
        return rows

    def _calls(self):
        """One call a year for ten years; this year's deadline is still ahead."""
        counties = list(
            self.model("placements.Municipality")
            .objects.filter(valid_to=None, number__in=self.numbers)
            .values_list("county", flat=True)
            .distinct()
            .order_by("county")
        )
        return self.insert(
            self.model("placements.Call"),
            {
                "programme_id": "%(programme)s",
                "title": "'Utlysning av ALIS-stillinger ' || y",
                "description": "'Kommunene kan søke om tilskudd til ALIS-stillinger.'",
                "target_counties": "%(counties)s::varchar[]",
                "posts_offered": "10 + mod(y, 7) * 5",
                "deadline": "make_timestamptz(y, 12, 20, 12, 0, 0, 'Europe/Oslo')",
            },
            "generate_series(%(first)s, %(last)s) y",
            {
                "programme": self.programme_obj.pk,
                "counties": counties,
                "first": self.today.year - 9,
                "last": self.today.year,
            },
        )

    def _applications(self):
        """About a third of the municipalities apply to each call."""
        this_year = self.today.year
        key = "extract(year FROM c.deadline)::int * 1000 + m.k"
        status = (
            f"CASE WHEN extract(year FROM c.deadline) < {this_year} THEN "
            f"  (ARRAY['approved', 'approved', 'rejected'])[1 + {self.h(key, 90, 3)}]"
            f" ELSE (ARRAY['draft', 'submitted', 'under_review', 'more_info', 'resubmitted'])"
            f"[1 + {self.h(key, 91, 5)}] END"
        )
        return self.insert(
            self.model("placements.Application"),
            {
                "call_id": "a.call_id",
                "municipality_id": "a.municipality_id",
                "status": "a.status",
                "posts_requested": "1 + mod(a.k, 3)",
                "contact_name": "'Helseleder ' || a.k",
                "contact_email": f"'helseleder' || a.k || '@{DOMAIN}'",
                "recruitment_situation": "'Vanskelig å rekruttere fastleger.'",
                "list_solution": "'municipal'",
                "list_length": "700",
                "submitted_at": "CASE WHEN a.status <> 'draft' THEN a.deadline - interval '3 days'"
                " END",
                "posts_granted": "CASE WHEN a.status = 'approved' THEN 1 + mod(a.k, 2) END",
                "decided_at": "CASE WHEN a.status IN ('approved', 'rejected') "
                "THEN a.deadline + interval '30 days' END",
            },
            f"""
            (SELECT c.id AS call_id, c.deadline, m.id AS municipality_id, m.k,
                    {status} AS status
               FROM placements_call c CROSS JOIN {self._municipality_cte()}
              WHERE c.programme_id = %(programme)s
                AND {self.h(key, 92, 3)} = 0) a
            """,
            {"programme": self.programme_obj.pk, "numbers": self.numbers},
        )

    def _submitted(self):
        """Every submitted application of the programme with each project leader as u."""
        User = self.model("alisvest.User")
        return (
            "placements_application ap "
            "JOIN (SELECT id, programme_id, extract(year FROM deadline)::int AS year "
            "        FROM placements_call) c ON c.id = ap.call_id "
            "CROSS JOIN (SELECT id, substring(email from '^leder([0-9]+)@')::int AS n, email "
            f"             FROM {User._meta.db_table}) u "
            "WHERE c.programme_id = %(programme)s AND ap.status <> 'draft' "
            f"AND u.email IN ('leder1@{DOMAIN}', 'leder2@{DOMAIN}')"
        )

    def _reviewers(self):
        """The two project leaders are the reviewers of every submitted application."""
        through = self.model("placements.Application").reviewers.through
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {through._meta.db_table} (application_id, user_id) "  # noqa: S608
                f"SELECT ap.id, u.id FROM {self._submitted()}",
                {"programme": self.programme_obj.pk, "numbers": self.numbers},
            )
            return cursor.rowcount

    def _reviews(self):
        """Both reviewers have scored the applications past submission."""
        key = "ap.municipality_id * 100000 + c.year * 10 + u.n"
        score = "1 + " + self.h(key, 93, 5)
        return self.insert(
            self.model("placements.Review"),
            {
                "application_id": "ap.id",
                "reviewer_id": "u.id",
                "recruitment_need": score,
                "supervision_arrangement": "1 + " + self.h(key, 94, 5),
                "list_solution": "1 + " + self.h(key, 95, 5),
                "centre": "1 + " + self.h(key, 96, 5),
                "substitute_solution": "1 + " + self.h(key, 97, 5),
                "recommendation": f"(ARRAY['approve', 'approve_fewer', 'reject'])"
                f"[1 + {self.h('ap.municipality_id * 100000 + c.year', 98, 3)}]",
            },
            self._submitted() + " AND ap.status NOT IN ('submitted', 'resubmitted')",
            {"programme": self.programme_obj.pk, "numbers": self.numbers},
        )
