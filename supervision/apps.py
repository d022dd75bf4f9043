from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Veiledning")

    def ready(self):
        from . import signals  # noqa: F401 (connects the receivers; models are loaded now)
