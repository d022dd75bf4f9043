"""The generator: every step in dependency order, in one transaction."""

import resource
import time

from django.db import connection, transaction
from django.utils import timezone

from .applications import ApplicationSteps
from .base import PROGRAMME_SLUG, SCALES
from .funding import FundingSteps
from .objectives import ObjectiveSteps
from .people import PeopleSteps
from .programme import ProgrammeSteps
from .register import RegisterSteps
from .sessions import SessionSteps
from .surveys import SurveySteps


class Generator(
    ProgrammeSteps,
    PeopleSteps,
    RegisterSteps,
    SessionSteps,
    ApplicationSteps,
    ObjectiveSteps,
    FundingSteps,
    SurveySteps,
):
    def __init__(self, scale, seed=1, today=None, stdout=None):
        self.name = scale
        self.scale = SCALES[scale]
        self.seed = int(seed)
        self.today = today or timezone.localdate()
        self.stdout = stdout
        self.timings = []

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


def generate(scale, seed=1, today=None, stdout=None):
    return Generator(scale, seed=seed, today=today, stdout=stdout).run()
