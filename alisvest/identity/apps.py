from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "alisvest.identity"
    label = "identity"
    verbose_name = "HelseID og ID-porten"
