from django.urls import path

from . import views

urlpatterns = [
    path("innlogging/koble/", views.link_account, name="identity_link_account"),
    path("innlogging/logget-ut/", views.logged_out, name="identity_logged_out"),
]
# One set per provider, named so that the permission matrix needs no value for <provider>.
for _name in ("helseid", "idporten"):
    urlpatterns += [
        path(
            f"innlogging/{_name}/", views.start, {"provider": _name}, name=f"identity_start_{_name}"
        ),
        path(
            f"innlogging/{_name}/tilbake/",
            views.callback,
            {"provider": _name},
            name=f"identity_callback_{_name}",
        ),
        path(
            f"profil/innlogging/{_name}/fjern/",
            views.unlink,
            {"provider": _name},
            name=f"identity_unlink_{_name}",
        ),
    ]
