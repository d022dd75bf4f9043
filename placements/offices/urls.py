from django.urls import path

from placements.offices import views

urlpatterns = [
    path("kontor/", views.office_dashboard, name="office_dashboard"),
]
