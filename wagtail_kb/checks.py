from django.apps import apps
from django.core.checks import Warning, register
from django.urls import NoReverseMatch, reverse

from .base_template import template_blocks
from .conf import kb_settings

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


RATING_MIDDLEWARE = "wagtail_kb.middleware.RatingCsrfMiddleware"
CSRF_MIDDLEWARE = "django.middleware.csrf.CsrfViewMiddleware"


@register()
def check_rating_middleware(app_configs, **kwargs):
    """W002: the rating endpoint needs ``RatingCsrfMiddleware`` before Django's CSRF middleware."""
    from django.conf import settings

    middleware = list(getattr(settings, "MIDDLEWARE", None) or [])
    hint = (
        f'Add "{RATING_MIDDLEWARE}" to MIDDLEWARE, just before "{CSRF_MIDDLEWARE}" '
        "(see the 'Install into an existing site' section of wagtail-kb's README)."
    )
    if RATING_MIDDLEWARE not in middleware:
        return [
            Warning(
                "wagtail-kb's rating middleware is not installed: readers' votes on articles "
                "served from a cache (without a CSRF cookie) will be refused by Django's CSRF "
                "check.",
                hint=hint,
                id="wagtail_kb.W002",
            )
        ]
    if CSRF_MIDDLEWARE in middleware and middleware.index(RATING_MIDDLEWARE) > middleware.index(
        CSRF_MIDDLEWARE
    ):
        return [
            Warning(
                "wagtail-kb's rating middleware comes after CsrfViewMiddleware, so Django's CSRF "
                "check runs first and refuses votes sent without a CSRF cookie.",
                hint=hint,
                id="wagtail_kb.W002",
            )
        ]
    return []


@register()
def check_kb_urls(app_configs, **kwargs):
    """W004: ``wagtail_kb.urls`` (llms.txt, llms-full.txt, index.html.md) is not included."""
    try:
        reverse("wagtail_kb_llms_txt", kwargs={"path": ""})
    except NoReverseMatch:
        return [
            Warning(
                "wagtail-kb's URLs are not included: llms.txt, llms-full.txt and the articles' "
                "index.html.md answer 404.",
                hint='Add path("", include("wagtail_kb.urls")) to your URLconf, before '
                "Wagtail's own URLs (see docs/reach.md).",
                id="wagtail_kb.W004",
            )
        ]
    return []


@register()
def check_base_template(app_configs, **kwargs):
    """W003: ``WAGTAILKB_BASE_TEMPLATE`` cannot be loaded, or has no ``content`` block."""
    from django.template import TemplateDoesNotExist, TemplateSyntaxError

    name = kb_settings.BASE_TEMPLATE
    hint = (
        "WAGTAILKB_BASE_TEMPLATE names the template KB pages extend; it needs a "
        "{% block content %} (see the 'Install into an existing site' section of wagtail-kb's "
        "README)."
    )
    try:
        blocks = template_blocks(name)
    except (TemplateDoesNotExist, TemplateSyntaxError, LookupError) as error:
        return [
            Warning(
                f"wagtail-kb's base template {name!r} cannot be loaded "
                f"({type(error).__name__}: {error}).",
                hint=hint,
                id="wagtail_kb.W003",
            )
        ]
    if blocks is not None and "content" not in blocks:
        return [
            Warning(
                f"wagtail-kb's base template {name!r} has no 'content' block: KB pages would "
                "show the site's template without any of the knowledge base.",
                hint=hint,
                id="wagtail_kb.W003",
            )
        ]
    return []
