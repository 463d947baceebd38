from django.apps import AppConfig


class BareAppConfig(AppConfig):
    name = "benchmarks.bareapp"
    label = "bareapp"
    default_auto_field = "django.db.models.AutoField"
