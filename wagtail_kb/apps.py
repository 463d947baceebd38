from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailKBAppConfig(AppConfig):
    name = "wagtail_kb"
    label = "wagtail_kb"
    verbose_name = _("Knowledge base")
    # Pinned so a host site's DEFAULT_AUTO_FIELD never produces phantom migrations.
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Both need the models loaded, so they are imported here rather than at the top.
        from . import checks  # noqa: F401  (registers the system checks)
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
