from django.urls import path

from placements.agreements import views

urlpatterns = [
    path("stillinger/<int:pk>/avtale/", views.agreement_detail, name="agreement_detail"),
    path("stillinger/<int:pk>/avtale/lag/", views.agreement_generate, name="agreement_generate"),
    path(
        "stillinger/<int:pk>/avtale/<int:version_pk>/pdf/",
        views.agreement_pdf,
        name="agreement_pdf",
    ),
    path(
        "stillinger/<int:pk>/avtale/<int:version_pk>/signer/",
        views.agreement_sign,
        name="agreement_sign",
    ),
    path(
        "stillinger/<int:pk>/avtale/<int:version_pk>/skann/",
        views.agreement_scan,
        name="agreement_scan",
    ),
    path(
        "stillinger/<int:pk>/avtale/<int:version_pk>/skann/last-ned/",
        views.agreement_scan_download,
        name="agreement_scan_download",
    ),
]
