from django.urls import path

from . import views

app_name = "funding"
urlpatterns = [
    path("okonomi/", views.home, name="home"),
    path("okonomi/stilling/<int:pk>/<int:year>/", views.expenses, name="expenses"),
    path("okonomi/utgift/<int:pk>/endre/", views.expense_edit, name="expense_edit"),
    path("okonomi/utgift/<int:pk>/slett/", views.expense_delete, name="expense_delete"),
    path("okonomi/utgift/<int:pk>/vedlegg/", views.expense_attachment, name="expense_attachment"),
    path("okonomi/ordninger/", views.scheme_list, name="scheme_list"),
    path("okonomi/ordninger/ny/", views.scheme_create, name="scheme_create"),
    path("okonomi/ordninger/<int:pk>/endre/", views.scheme_edit, name="scheme_edit"),
    path("okonomi/oppgjor/", views.statement_list, name="statement_list"),
    path("okonomi/oppgjor/generer/", views.generate, name="generate"),
    path("okonomi/oppgjor/kjoring/<int:pk>/", views.run_detail, name="run"),
    path("okonomi/oppgjor/kjoring/<int:pk>/fremdrift/", views.run_progress, name="run_progress"),
    path("okonomi/oppgjor/<int:pk>/", views.statement_detail, name="statement_detail"),
    path("okonomi/oppgjor/<int:pk>/pdf/", views.statement_pdf, name="statement_pdf"),
    path("okonomi/oversikt/", views.overview, name="overview"),
    path("okonomi/oversikt/xlsx/", views.overview_xlsx, name="overview_xlsx"),
]
