"""Synthetic data at a given scale, for benchmarks, load tests and query-count tests.

Every table is filled with INSERT … SELECT over generate_series: no per-row saves, no rows
built in Python. Pseudo-random choices come from hashint8extended(x, seed), so the same seed
and the same reference day give the same rows. Models that are not on this branch (yet) are
skipped: each step names the model it needs.

Sign-in for the generated people (password SYNTHETIC_PASSWORD):
  leder1@synthetic.alisvest.no        project leader of the synthetic programme
  styring1@synthetic.alisvest.no      steering group
  forsker1@synthetic.alisvest.no      researcher
  helseleder<N>@synthetic.alisvest.no manager of the N-th municipality (by number)
  veileder<N>@synthetic.alisvest.no   supervisor N
  alis<N>@synthetic.alisvest.no       the doctor of placement N (1..active are active now)
"""

import contextlib
import resource
import time
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from alisvest.roles import Role
from funding.services import NoData, issue_statements
from supervision.services import run_monthly_check

SYNTHETIC_PASSWORD = "synthetic-alisvest"
DOMAIN = "synthetic.alisvest.no"
PROGRAMME_SLUG = "synthetic-national"


@dataclass(frozen=True)
class Scale:
    municipalities: int
    centres: int
    placements: int
    active: int
    supervisors: int
    sessions: int
    checked_months: int  # monthly checks stored for this many past months


SCALES = {
    "small": Scale(6, 10, 30, 18, 12, 600, 3),
    # "medium" only exists for the query-count test: the same pages at four times the rows.
    "medium": Scale(20, 40, 120, 72, 40, 2400, 3),
    "national": Scale(357, 1500, 5000, 3000, 3000, 1_000_000, 24),
}


class Generator:
    def __init__(self, scale, seed=1, today=None, stdout=None):
        self.name = scale
        self.scale = SCALES[scale]
        self.seed = int(seed)
        self.today = today or timezone.localdate()
        self.stdout = stdout
        self.timings = []

    # --- helpers ----------------------------------------------------------------------

    def h(self, expr, salt, modulo):
        """A deterministic pseudo-random integer in [0, modulo) from expr and the seed."""
        return (
            f"mod(abs(hashint8extended(({expr})::bigint, {self.seed * 1000 + salt}::bigint)),"
            f" ({modulo}))"
        )

    def log(self, text):
        if self.stdout:
            self.stdout.write(text)

    def insert(self, model, values, select_from, params=None):
        """INSERT INTO model's table (columns) SELECT <values> FROM <select_from>.

        `values` maps column names to SQL expressions; every other column gets its field's
        default (as a parameter), '' for blank text, NULL where nullable, now() for
        auto_now(_add). So a field another app adds with a default does not break this."""
        params = dict(params or {})
        columns, exprs = [], []
        for field in model._meta.concrete_fields:
            column = field.column
            if column in values:
                columns.append(f'"{column}"')
                exprs.append(values[column])
                continue
            if field.primary_key:
                continue
            columns.append(f'"{column}"')
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                exprs.append("now()")
            elif field.has_default():
                key = f"default_{column}"
                params[key] = field.get_db_prep_save(field.get_default(), connection)
                exprs.append(f"%({key})s::{field.db_type(connection)}")
            elif field.null:
                exprs.append("NULL")
            elif isinstance(field, models.CharField | models.TextField | models.FileField):
                exprs.append("''")
            else:
                raise ValueError(f"{model.__name__}.{field.name} needs a value")
        sql = (
            f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {', '.join(exprs)} FROM {select_from}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount

    def step(self, label, function):
        start = time.perf_counter()
        rows = function()
        elapsed = time.perf_counter() - start
        self.timings.append((label, rows, elapsed))
        self.log(f"  {label:<28} {rows or 0:>9} rader  {elapsed:6.1f} s")

    @staticmethod
    def model(label):
        try:
            return apps.get_model(label)
        except LookupError:
            return None

    def scalar(self, sql, params=None):
        with connection.cursor() as cursor:
            cursor.execute(sql, params or {})
            return cursor.fetchone()[0]

    # --- the run ----------------------------------------------------------------------

    def run(self):
        start = time.perf_counter()
        with transaction.atomic():
            if self.model("placements.Programme").objects.filter(slug=PROGRAMME_SLUG).exists():
                raise RuntimeError("Databasen har allerede syntetiske data; bruk en tom database.")
            self.step("program og kommuner", self.programme)
            self.step("brukere og roller", self.users)
            self.step("legesentre", self.centres)
            self.step("ALIS-leger", self.doctors)
            self.step("utdanningsstillinger", self.placements)
            self.step("veilederoppdrag", self.assignments)
            self.step("fravær", self.absences)
            self.step("veiledningstimer", self.sessions)
            self.step("månedskontroller", self.monthly_checks)
            self.step("rekrutteringsrunder", self.recruitment)
            self.step("utlysninger og søknader", self.applications)
            for label, function in self.extensions():
                self.step(label, function)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.elapsed = time.perf_counter() - start
        # ru_maxrss is in KiB on Linux: this process only (the database server is apart).
        self.peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.log(
            f"Ferdig på {self.elapsed:.1f} s, høyeste minnebruk (RSS) {self.peak_rss_mib:.0f} MiB"
        )
        return self

    def extensions(self):
        """Steps for models other apps add; each runs only when its models exist."""
        steps = []
        if self.model("placements.ObjectiveProgress") and self.model("placements.EducationPlan"):
            steps.append(("læringsmål og fremdrift", self.objectives))
        if self.model("funding.Expense") and self.model("funding.GrantScheme"):
            steps.append(("utgifter og årsoppgjør", self.funding))
        if self.model("research.SurveyResponse") and self.model("research.Study"):
            steps.append(("undersøkelser og svar", self.surveys))
        return steps

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

    def funding(self):
        from decimal import Decimal

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

    def surveys(self):
        from datetime import datetime, time

        Study = self.model("research.Study")
        Wave = self.model("research.SurveyWave")
        Question = self.model("research.Question")
        Response = self.model("research.SurveyResponse")
        Invitation = self.model("research.SurveyInvitation")
        study = Study.objects.create(
            programme=self.programme_obj,
            name="Syntetisk følgeforskning",
            started=self.programme_obj.started,
        )
        User = self.model("alisvest.User")
        study.members.set(
            User.objects.filter(email__in=[f"forsker1@{DOMAIN}", f"forsker2@{DOMAIN}"])
        )
        rows = 1
        zone = timezone.get_current_timezone()
        for offset in (3, 2, 1):
            year = self.today.year - offset
            wave = Wave.objects.create(
                study=study,
                title=f"Kommuneundersøkelse {year}",
                opens_at=datetime.combine(date(year, 3, 1), time(8), zone),
                closes_at=datetime.combine(date(year, 4, 1), time(16), zone),
            )
            questions = Question.objects.bulk_create(
                [
                    Question(wave=wave, position=1, text="Antall ALIS i kommunen", kind="tall"),
                    Question(
                        wave=wave,
                        position=2,
                        text="Hvordan er rekrutteringen?",
                        kind="ett_valg",
                        choices=["God", "Middels", "Vanskelig"],
                    ),
                    Question(wave=wave, position=3, text="Kommentar", kind="tekst"),
                ]
            )
            params = {"wave": wave.pk, "numbers": self.numbers}
            rows += self.insert(
                Invitation,
                {
                    "wave_id": "%(wave)s",
                    "municipality_id": "m.id",
                    "email": f"'helseleder' || m.k || '@{DOMAIN}'",
                    "nonce": f"md5(m.k || '-' || %(wave)s || '-{self.seed}')",
                    "sent_at": "%(opens)s",
                },  # fmt: skip
                self._municipality_cte(),
                {**params, "opens": wave.opens_at},
            )
            number, choice, text = (f"q{q.pk}" for q in questions)
            key = f"m.k * 10 + {offset}"
            rows += self.insert(
                Response,
                {
                    "wave_id": "%(wave)s",
                    "municipality_id": "m.id",
                    "answers": f"jsonb_build_object('{number}', {self.h(key, 110, 6)}, "
                    f"'{choice}', (ARRAY['God', 'Middels', 'Vanskelig'])"
                    f"[1 + {self.h(key, 111, 3)}], '{text}', '')",
                },
                f"{self._municipality_cte()} WHERE {self.h(key, 112, 5)} < 3",
                params,
            )
        return rows

    # --- steps ------------------------------------------------------------------------

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

    def _municipality_cte(self):
        return (
            "(SELECT id, number, row_number() OVER (ORDER BY number) AS k "
            "   FROM placements_municipality "
            "  WHERE valid_to IS NULL AND number = ANY(%(numbers)s)) m"
        )

    def users(self):
        User = self.model("alisvest.User")
        from django.contrib.auth.models import Group, Permission

        password = make_password(SYNTHETIC_PASSWORD)
        s = self.scale
        # (prefix, count, role, staff)
        people = [
            ("leder", 2, Role.PROJECT_LEADER, True),
            ("styring", 2, Role.STEERING_GROUP, False),
            ("forsker", 2, Role.RESEARCHER, False),
            ("helseleder", s.municipalities, Role.MANAGER, False),
            ("veileder", s.supervisors, Role.SUPERVISOR, False),
            ("alis", s.placements, Role.ALIS, False),
        ]
        rows = 0
        for prefix, count, role, staff in people:
            rows += self.insert(
                User,
                {
                    "email": f"'{prefix}' || g || '@{DOMAIN}'",
                    "name": self._person_name("g", len(prefix)),
                    "password": "%(password)s",
                    "is_staff": "true" if staff else "false",
                },
                "generate_series(1, %(count)s) g",
                {"password": password, "count": count},
            )
            group, _created = Group.objects.get_or_create(name=role.value)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"""
                    INSERT INTO {User.groups.through._meta.db_table} (user_id, group_id)
                    SELECT id, %(group)s FROM {User._meta.db_table}
                     WHERE email LIKE %(pattern)s
                    """,  # noqa: S608
                    {"group": group.pk, "pattern": f"{prefix}%@{DOMAIN}"},
                )
        # Object permissions: programme roles on the programme, managers on a municipality.
        ProgrammePerm = self.model("alisvest.ProgrammeUserObjectPermission")
        MunicipalityPerm = self.model("alisvest.MunicipalityUserObjectPermission")
        for prefix, codename in [
            ("leder", "lead_programme"),
            ("styring", "steer_programme"),
            ("forsker", "research_programme"),
        ]:
            permission = Permission.objects.get(
                codename=codename, content_type__app_label="placements"
            )
            rows += self.insert(
                ProgrammePerm,
                {
                    "user_id": "u.id",
                    "permission_id": "%(permission)s",
                    "content_object_id": "%(programme)s",
                },
                f"{User._meta.db_table} u WHERE u.email LIKE %(pattern)s",
                {
                    "permission": permission.pk,
                    "programme": self.programme_obj.pk,
                    "pattern": f"{prefix}%@{DOMAIN}",
                },
            )
        permission = Permission.objects.get(
            codename="manage_municipality", content_type__app_label="placements"
        )
        rows += self.insert(
            MunicipalityPerm,
            {"user_id": "u.id", "permission_id": "%(permission)s", "content_object_id": "m.id"},
            f"{self._municipality_cte()} JOIN {User._meta.db_table} u "
            f"  ON u.email = 'helseleder' || m.k || '@{DOMAIN}'",
            {"permission": permission.pk, "numbers": self.numbers},
        )
        return rows

    FIRST = [
        "Anne", "Ola", "Kari", "Per", "Ingrid", "Lars", "Sigrid", "Nils", "Marte", "Jonas",
        "Eli", "Håkon", "Ragnhild", "Tor", "Solveig", "Eirik", "Astrid", "Magnus", "Hilde",
        "Sindre",
    ]  # fmt: skip
    LAST = [
        "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
        "Jensen", "Karlsen", "Johnsen", "Haugen", "Eriksen", "Berg", "Dahl", "Lunde", "Moen",
        "Solberg", "Bakken", "Vik", "Aas", "Myhre", "Strand", "Lie", "Nygård",
    ]  # fmt: skip

    def _person_name(self, expr, salt):
        first = "ARRAY[" + ", ".join(f"'{n}'" for n in self.FIRST) + "]"
        last = "ARRAY[" + ", ".join(f"'{n}'" for n in self.LAST) + "]"
        return (
            f"({first})[1 + {self.h(expr, 10 + salt, len(self.FIRST))}] || ' ' || "
            f"({last})[1 + {self.h(expr, 20 + salt, len(self.LAST))}]"
        )

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

    def doctors(self):
        Doctor = self.model("placements.Doctor")
        User = self.model("alisvest.User")
        return self.insert(
            Doctor,
            {
                "programme_id": "%(programme)s",
                "name": "u.name",
                "email": "u.email",
                "hpr_number": f"(2000000 + {self.seed % 1000} * 10000 + g)::text",
                "user_id": "u.id",
            },
            f"generate_series(1, %(count)s) g "
            f"JOIN {User._meta.db_table} u ON u.email = 'alis' || g || '@{DOMAIN}'",
            {"programme": self.programme_obj.pk, "count": self.scale.placements},
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

    def _placements_cte(self):
        """The generated placements with their number g, last day so far, and supervisor."""
        return """
            (SELECT p.id, p.start, LEAST(COALESCE(p.actual_end, p.planned_end),
                                         %(today)s::date) AS upto,
                    substring(d.email from '^alis([0-9]+)@')::int AS g
               FROM placements_placement p
               JOIN placements_doctor d ON d.id = p.doctor_id
              WHERE p.programme_id = %(programme)s) p
        """

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

    def applications(self):
        Call = self.model("placements.Call")
        Application = self.model("placements.Application")
        Review = self.model("placements.Review")
        User = self.model("alisvest.User")
        if Call is None or Application is None:
            return 0
        counties = list(
            self.model("placements.Municipality")
            .objects.filter(valid_to=None, number__in=self.numbers)
            .values_list("county", flat=True)
            .distinct()
            .order_by("county")
        )
        # One call a year for ten years; this year's deadline is still ahead.
        rows = self.insert(
            Call,
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
        # About a third of the municipalities apply to each call.
        this_year = self.today.year
        key = "extract(year FROM c.deadline)::int * 1000 + m.k"
        status = (
            f"CASE WHEN extract(year FROM c.deadline) < {this_year} THEN "
            f"  (ARRAY['approved', 'approved', 'rejected'])[1 + {self.h(key, 90, 3)}]"
            f" ELSE (ARRAY['draft', 'submitted', 'under_review', 'more_info', 'resubmitted'])"
            f"[1 + {self.h(key, 91, 5)}] END"
        )
        params = {"programme": self.programme_obj.pk, "numbers": self.numbers}
        rows += self.insert(
            Application,
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
            params,
        )
        if Review is None:
            return rows
        # The two project leaders are the reviewers of every submitted application.
        submitted = (
            "placements_application ap "
            "JOIN (SELECT id, programme_id, extract(year FROM deadline)::int AS year "
            "        FROM placements_call) c ON c.id = ap.call_id "
            "CROSS JOIN (SELECT id, substring(email from '^leder([0-9]+)@')::int AS n, email "
            f"             FROM {User._meta.db_table}) u "
            "WHERE c.programme_id = %(programme)s AND ap.status <> 'draft' "
            f"AND u.email IN ('leder1@{DOMAIN}', 'leder2@{DOMAIN}')"
        )
        through = Application.reviewers.through
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {through._meta.db_table} (application_id, user_id) "  # noqa: S608
                f"SELECT ap.id, u.id FROM {submitted}",
                params,
            )
            rows += cursor.rowcount
        key = "ap.municipality_id * 100000 + c.year * 10 + u.n"
        score = "1 + " + self.h(key, 93, 5)
        rows += self.insert(
            Review,
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
            submitted + " AND ap.status NOT IN ('submitted', 'resubmitted')",
            params,
        )
        return rows


def generate(scale, seed=1, today=None, stdout=None):
    return Generator(scale, seed=seed, today=today, stdout=stdout).run()
