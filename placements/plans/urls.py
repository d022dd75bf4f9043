from django.urls import path

from placements.plans import views

urlpatterns = [
    path("program/<slug:slug>/planmal/", views.template_edit, name="plan_template"),
    path("program/<slug:slug>/planmal/bruk/", views.template_apply, name="plan_template_apply"),
    path("program/<slug:slug>/laeringsmal/", views.objective_catalogue, name="objective_catalogue"),
    path(
        "program/<slug:slug>/laeringsmal/import/",
        views.objective_import,
        name="objective_import",
    ),
    path("stillinger/<int:pk>/plan/", views.plan_edit, name="plan_edit"),
    path("stillinger/<int:pk>/plan/opprett/", views.plan_create, name="plan_create"),
    path("stillinger/<int:pk>/plan/perioder/ny/", views.period_form, name="period_create"),
    path(
        "stillinger/<int:pk>/plan/perioder/<int:period_pk>/",
        views.period_form,
        name="period_edit",
    ),
    path(
        "stillinger/<int:pk>/plan/perioder/<int:period_pk>/slett/",
        views.period_delete,
        name="period_delete",
    ),
    path("stillinger/<int:pk>/plan/kurs/ny/", views.course_form, name="course_create"),
    path("stillinger/<int:pk>/plan/kurs/<int:course_pk>/", views.course_form, name="course_edit"),
    path(
        "stillinger/<int:pk>/plan/kurs/<int:course_pk>/slett/",
        views.course_delete,
        name="course_delete",
    ),
    path(
        "stillinger/<int:pk>/laeringsmal/", views.placement_objectives, name="placement_objectives"
    ),
    path(
        "stillinger/<int:pk>/laeringsmal/<int:objective_pk>/<str:step>/",
        views.objective_step,
        name="objective_step",
    ),
    path("min-plan/", views.my_plan, name="my_plan"),
]
