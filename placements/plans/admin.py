from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from placements.plans.models import (
    EducationPlan,
    LearningObjective,
    PlannedCourse,
    PlanPeriod,
    PlanTemplate,
    TemplateCourse,
    TemplatePeriod,
)


class TemplatePeriodInline(admin.TabularInline):
    model = TemplatePeriod
    extra = 0


class TemplateCourseInline(admin.TabularInline):
    model = TemplateCourse
    extra = 0


@admin.register(PlanTemplate)
class PlanTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["programme"]
    inlines = [TemplatePeriodInline, TemplateCourseInline]


class PlanPeriodInline(admin.TabularInline):
    model = PlanPeriod
    extra = 0


class PlannedCourseInline(admin.TabularInline):
    model = PlannedCourse
    extra = 0


@admin.register(EducationPlan)
class EducationPlanAdmin(SimpleHistoryAdmin):
    list_display = ["placement", "updated_at"]
    list_select_related = ["placement__doctor", "placement__municipality"]
    raw_id_fields = ["placement"]
    inlines = [PlanPeriodInline, PlannedCourseInline]


@admin.register(LearningObjective)
class LearningObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["code", "group", "programme"]
    list_filter = ["programme", "group"]
    search_fields = ["code", "text"]
