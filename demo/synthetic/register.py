"""Medical centres, placements, supervisor assignments and absences."""

from .base import DOMAIN, Steps


class RegisterSteps(Steps):
    def centres(self):
        MedicalCentre = self.model("placements.MedicalCentre")
        m = self.scale.municipalities
        # Every municipality gets one centre; the rest land where the hash says.
        return self.insert(
            MedicalCentre,
            {
                "municipality_id": "m.id",
                "name": "initcap(split_part(mm.name, ' ', 1)) || ' legesenter ' || g",
                "ownership": f"CASE WHEN {self.h('g', 30, 3)} = 0 THEN 'private' "
                "ELSE 'municipal' END",
                "address": "'Storgata ' || g",
                "doctor_count": "3 + " + self.h("g", 31, 8),
                "specialist_count": "1 + " + self.h("g", 32, 3),
                "support_staff_count": "2 + " + self.h("g", 33, 6),
                "equipment": "ARRAY['ekg', 'spirometri', 'laboratorium']::varchar[]",
                "accepts_alis": "true",
            },
            f"generate_series(1, %(count)s) g "
            f"JOIN {self._municipality_cte()} "
            f"  ON m.k = CASE WHEN g <= {m} THEN g ELSE 1 + {self.h('g', 34, m)} END "
            f"JOIN placements_municipality mm ON mm.id = m.id",
            {"count": self.scale.centres, "numbers": self.numbers},
        )

    def _placement_source(self):
        """Placement g (1..placements): 1..active are active today, the rest have ended.
        Active ones started within the last five years; ended ones five to ten years ago,
        one in four ended early."""
        s = self.scale
        span = 5 * 365 - 31
        return f"""
            (SELECT g, d.id AS doctor_id, c.id AS centre_id, c.municipality_id,
                    CASE WHEN g <= {s.active}
                         THEN %(today)s::date - 1 - {self.h("g", 40, span)}::int
                         ELSE %(today)s::date - 5 * 365 - 31 - {self.h("g", 41, span)}::int
                    END AS start
               FROM generate_series(1, {s.placements}) g
               JOIN placements_doctor d
                 ON d.hpr_number = (2000000 + {self.seed % 1000} * 10000 + g)::text
               JOIN (SELECT id, municipality_id,
                            substring(name from '[0-9]+$')::int AS k
                       FROM placements_medicalcentre
                      WHERE municipality_id IN (SELECT id FROM placements_municipality
                                                 WHERE valid_to IS NULL
                                                   AND number = ANY(%(numbers)s))) c
                 ON c.k = 1 + {self.h("g", 42, s.centres)}) src
        """

    def placements(self):
        Placement = self.model("placements.Placement")
        s = self.scale
        early = f"(g > {s.active} AND {self.h('g', 43, 4)} = 0)"
        ended = f"(g > {s.active})"
        end_expr = (
            f"CASE WHEN {early} THEN start + 90 + {self.h('g', 44, 1400)}::int "
            f"WHEN {ended} THEN (start + interval '5 years')::date END"
        )
        reasons = "ARRAY['familie', 'ikke_allmennpraksis', 'lonn_arbeidsvilkar', 'egen_liste']"
        destinations = (
            "ARRAY['egen_liste_samme_kommune', 'annen_kommunal_stilling', 'forlot_kommunen', "
            "'sykehus', 'ukjent']"
        )
        contracts = (
            "ARRAY['fastlonn', 'fastlonn_bonus', 'naeringsdrift', 'fastlonnet_vikariat', "
            "'introduksjonsstilling', 'kommunalt_ansatt']"
        )
        return self.insert(
            Placement,
            {
                "programme_id": "%(programme)s",
                "doctor_id": "doctor_id",
                "municipality_id": "municipality_id",
                "centre_id": "centre_id",
                "contract_type": f"({contracts})[1 + {self.h('g', 45, 6)}]",
                "position_percent": f"CASE WHEN {self.h('g', 46, 5)} = 0 THEN 80 ELSE 100 END",
                "list_length": "600 + " + self.h("g", 47, 300),
                "start": "start",
                "planned_end": "(start + interval '5 years')::date",
                "actual_end": end_expr,
                "end_reason": f"CASE WHEN {early} THEN ({reasons})[1 + {self.h('g', 48, 4)}] "
                f"WHEN {ended} THEN 'spesialist' ELSE '' END",
                "destination": f"CASE WHEN {ended} THEN ({destinations})"
                f"[1 + {self.h('g', 49, 5)}] ELSE '' END",
            },
            self._placement_source(),
            {"programme": self.programme_obj.pk, "today": self.today, "numbers": self.numbers},
        )

    def assignments(self):
        Assignment = self.model("placements.SupervisorAssignment")
        User = self.model("alisvest.User")
        s = self.scale
        # One in five placements changed supervisor halfway.
        split = f"({self.h('p.g', 50, 5)} = 0 AND p.upto - p.start > 60)"
        mid = "(p.start + (p.upto - p.start) / 2)"
        params = {"today": self.today, "programme": self.programme_obj.pk}
        rows = self.insert(
            Assignment,
            {
                "placement_id": "p.id",
                "supervisor_id": "u.id",
                "start": "p.start",
                "end": f"CASE WHEN {split} THEN {mid} END",
                "is_specialist": f"{self.h('p.g', 51, 6)} <> 0",
                "same_centre": f"{self.h('p.g', 52, 8)} <> 0",
            },
            f"{self._placements_cte()} JOIN {User._meta.db_table} u "
            f"  ON u.email = 'veileder' || (1 + {self.h('p.g', 53, s.supervisors)}) "
            f"|| '@{DOMAIN}'",
            params,
        )
        rows += self.insert(
            Assignment,
            {
                "placement_id": "p.id",
                "supervisor_id": "u.id",
                "start": f"{mid} + 1",
                "is_specialist": "true",
                "same_centre": "true",
            },
            f"{self._placements_cte()} JOIN {User._meta.db_table} u "
            f"  ON u.email = 'veileder' || (1 + {self.h('p.g', 54, s.supervisors)}) "
            f"|| '@{DOMAIN}' WHERE {split}",
            params,
        )
        return rows

    def absences(self):
        Absence = self.model("placements.Absence")
        kinds = "ARRAY['kurs', 'sykdom', 'permisjon', 'institusjonstjeneste']"
        offset = self.h("p.g * 7 + n", 61, "greatest(p.upto - p.start - 45, 1)")
        params = {"today": self.today, "programme": self.programme_obj.pk}
        # One placement in three has one to three short absences; one in twelve a parental
        # leave of three to six months (whole months exempt from the requirement).
        rows = self.insert(
            Absence,
            {
                "placement_id": "p.id",
                "kind": f"({kinds})[1 + {self.h('p.g * 7 + n', 60, 4)}]",
                "start": f"p.start + {offset}::int",
                "end": f"p.start + {offset}::int + 2 + {self.h('p.g * 7 + n', 62, 30)}::int",
                "substitute_arranged": f"{self.h('p.g * 7 + n', 63, 2)} = 0",
            },
            f"{self._placements_cte()} CROSS JOIN generate_series(1, 3) n "
            f"WHERE {self.h('p.g', 64, 3)} = 0 AND n <= 1 + {self.h('p.g', 65, 3)} "
            "AND p.upto - p.start > 60",
            params,
        )
        rows += self.insert(
            Absence,
            {
                "placement_id": "p.id",
                "kind": "'foreldrepermisjon'",
                "start": "p.start + (p.upto - p.start) / 3",
                "end": f"p.start + (p.upto - p.start) / 3 + 90 + {self.h('p.g', 66, 90)}::int",
                "substitute_arranged": "true",
            },
            f"{self._placements_cte()} WHERE {self.h('p.g', 67, 12)} = 0 "
            "AND p.upto - p.start > 400",
            params,
        )
        return rows
