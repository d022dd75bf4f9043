"""The face of placements' models: every model and choice the rooms define.

Django finds the app's models here, and other apps import them from here; inside placements,
a room imports another room's models from that room."""

from placements.agreements.models import Agreement, AgreementSignature, AgreementVersion
from placements.applications.models import (
    Application,
    ApplicationAttachment,
    Call,
    MeetingSignup,
    Review,
)
from placements.municipalities.models import (
    Equipment,
    MedicalCentre,
    Municipality,
    Participation,
    Programme,
    ProgrammeScopedQuerySet,
    RecruitmentRound,
)
from placements.municipalities.offices import RegionalOffice
from placements.plans.models import (
    EducationPlan,
    LearningObjective,
    ObjectiveProgress,
    PeriodKind,
    PlannedCourse,
    PlanPeriod,
    PlanTemplate,
    TemplateCourse,
    TemplatePeriod,
)
from placements.register.cost_shares import CostShare
from placements.register.models import (
    Absence,
    Doctor,
    Placement,
    PlacementChildQuerySet,
    SupervisorAssignment,
)
from placements.register.substitutes import SubstituteCover

__all__ = [
    "Programme",
    "ProgrammeScopedQuerySet",
    "Municipality",
    "Participation",
    "RecruitmentRound",
    "Equipment",
    "MedicalCentre",
    "Doctor",
    "Placement",
    "PlacementChildQuerySet",
    "SupervisorAssignment",
    "Absence",
    "SubstituteCover",
    "CostShare",
    "Agreement",
    "AgreementVersion",
    "AgreementSignature",
    "RegionalOffice",
    "Call",
    "MeetingSignup",
    "Application",
    "ApplicationAttachment",
    "Review",
    "PeriodKind",
    "PlanTemplate",
    "TemplatePeriod",
    "TemplateCourse",
    "EducationPlan",
    "PlanPeriod",
    "PlannedCourse",
    "LearningObjective",
    "ObjectiveProgress",
]
