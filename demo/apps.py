from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and synthetic data. Stands on every app; no app imports it."""

    name = "demo"
    verbose_name = "Demodata"
