"""Learning objectives, education plans and the progress on each objective."""

from .base import Steps


class ObjectiveSteps(Steps):
    def objectives(self):
        Objective = self.model("placements.LearningObjective")
        Plan = self.model("placements.EducationPlan")
        Progress = self.model("placements.ObjectiveProgress")
        count = 40
        rows = self.insert(
            Objective,
            {
                "programme_id": "%(programme)s",
                "code": "'ALM-' || n",
                "group": "(ARRAY['Klinisk arbeid', 'Samhandling', 'Kommunikasjon', "
                "'Fag og forskning'])[1 + (n - 1) / 10]",
                "text": "'Læringsmål ' || n",
                "order": "n",
            },
            f"generate_series(1, {count}) n",
            {"programme": self.programme_obj.pk},
        )
        params = {"today": self.today, "programme": self.programme_obj.pk}
        rows += self.insert(Plan, {"placement_id": "p.id"}, self._placements_cte(), params)
        # Each placement has worked through objectives in order, in step with its time so
        # far: the first ones approved, then signed, then with activity logged.
        done = f"least({count}, (p.upto - p.start) * {count} / 1826 + 1)"
        status = (
            f"CASE WHEN o.n <= {done} * 6 / 10 THEN 'godkjent' "
            f"WHEN o.n <= {done} * 8 / 10 THEN 'signert' ELSE 'aktivitet' END"
        )
        at = "(p.start + (p.upto - p.start) * o.n / greatest(1, " + done + "))::timestamptz"
        rows += self.insert(
            Progress,
            {
                "placement_id": "p.id",
                "objective_id": "o.id",
                "status": status,
                "activity_note": "'Gjennomført i praksis'",
                "logged_at": at,
                "signed_at": f"CASE WHEN ({status}) <> 'aktivitet' THEN {at} END",
                "approved_at": f"CASE WHEN ({status}) = 'godkjent' THEN {at} END",
            },
            f'{self._placements_cte()} JOIN (SELECT id, "order" AS n '
            "  FROM placements_learningobjective WHERE programme_id = %(programme)s) o "
            f"ON o.n <= {done}",
            params,
        )
        return rows
