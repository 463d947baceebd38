from django.apps import apps
from django.core.checks import Warning, register

REQUIRED_APPS = (
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.snippets",
)


@register()
def check_required_apps(app_configs, **kwargs):
    missing = [name for name in REQUIRED_APPS if not apps.is_installed(name)]
    if not missing:
        return []
    return [
        Warning(
            "wagtail-kb needs these apps in INSTALLED_APPS: " + ", ".join(missing),
            hint="See the 'Install into an existing site' section of wagtail-kb's README.",
            id="wagtail_kb.W001",
        )
    ]
