from django.urls import path

from . import views

app_name = "funding"
urlpatterns = [
    path("okonomi/", views.home, name="home"),
    path("okonomi/stilling/<int:pk>/<int:year>/", views.expenses, name="expenses"),
    path("okonomi/utgift/<int:pk>/endre/", views.expense_edit, name="expense_edit"),
    path("okonomi/utgift/<int:pk>/slett/", views.expense_delete, name="expense_delete"),
    path("okonomi/utgift/<int:pk>/vedlegg/", views.expense_attachment, name="expense_attachment"),
    path("okonomi/utgift/<int:pk>/godkjenn/", views.expense_approve, name="expense_approve"),
    path("okonomi/utgift/<int:pk>/returner/", views.expense_return, name="expense_return"),
    path("okonomi/utgifter/godkjenning/", views.expense_review, name="expense_review"),
    path("okonomi/betalinger/", views.payment_list, name="payments"),
    path("okonomi/betalinger/bankfil/", views.bank_import, name="bank_import"),
    path("okonomi/oppgjor/<int:pk>/betaling/", views.settlement, name="settlement"),
    path("okonomi/oppgjor/kjoring/<int:pk>/hovedbok/", views.ledger_export, name="ledger_export"),
    path("okonomi/ordninger/", views.scheme_list, name="scheme_list"),
    path("okonomi/ordninger/ny/", views.scheme_create, name="scheme_create"),
    path("okonomi/ordninger/<int:pk>/endre/", views.scheme_edit, name="scheme_edit"),
    path("okonomi/oppgjor/", views.statement_list, name="statement_list"),
    path("okonomi/oppgjor/generer/", views.generate, name="generate"),
    path("okonomi/oppgjor/kjoring/<int:pk>/", views.run_detail, name="run"),
    path("okonomi/oppgjor/kjoring/<int:pk>/fremdrift/", views.run_progress, name="run_progress"),
    path("okonomi/oppgjor/<int:pk>/", views.statement_detail, name="statement_detail"),
    path("okonomi/oppgjor/<int:pk>/pdf/", views.statement_pdf, name="statement_pdf"),
    path("okonomi/krav/", views.claim_list, name="claim_list"),
    path(
        "okonomi/krav/<slug:slug>/<str:number>/<int:year>/",
        views.claim_year,
        name="claim_year",
    ),
    path("okonomi/krav/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("okonomi/krav/<int:pk>/send/", views.claim_submit, name="claim_submit"),
    path("okonomi/krav/<int:pk>/ny-versjon/", views.claim_new_version, name="claim_new_version"),
    path("okonomi/krav/<int:pk>/attestasjon/", views.claim_audit, name="claim_audit"),
    path("okonomi/krav/<int:pk>/attestasjon/fil/", views.claim_audit_file, name="claim_audit_file"),
    path("okonomi/krav/<int:pk>/pdf/", views.claim_pdf, name="claim_pdf"),
    path("okonomi/krav/<int:pk>/xlsx/", views.claim_xlsx, name="claim_xlsx"),
    path("okonomi/stilling/<int:pk>/stillingstype/", views.post_job_type, name="post_job_type"),
    path("okonomi/oversikt/", views.overview, name="overview"),
    path("okonomi/oversikt/xlsx/", views.overview_xlsx, name="overview_xlsx"),
]
