from django.urls import path

from placements.municipalities import views

urlpatterns = [
    path("kommuner/", views.municipality_list, name="municipality_list"),
    path("kommuner/<str:number>/", views.municipality_detail, name="municipality_detail"),
    path("kommuner/<str:number>/legesentre/ny/", views.centre_create, name="centre_create"),
    path(
        "kommuner/<str:number>/malform/", views.municipality_language, name="municipality_language"
    ),
    path("legesentre/<int:pk>/", views.centre_detail, name="centre_detail"),
    path("legesentre/<int:pk>/endre/", views.centre_edit, name="centre_edit"),
]
