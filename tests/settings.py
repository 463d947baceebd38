"""The suite's own settings: SQLite in memory by default, another database from DATABASE_URL.

Stand-alone on purpose (not the example site's): the tests describe a site that installs
wagtail-kb as README says. The example site's ``demo`` app is added only so that its content
loader is tested too.
"""

import importlib.util
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "example_site"))

SECRET_KEY = "tests-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "tests.urls"

INSTALLED_APPS = [
    "wagtail_kb",
    "wagtail_modeladmin",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    # Reach (tests/reach): sitemaps, CDN purging, Wagtail's API.
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]
if importlib.util.find_spec("wagtail.api.v3") is not None:  # Wagtail 8's API v3
    INSTALLED_APPS.append("wagtail.api.v3")

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "wagtail_kb.middleware.RatingCsrfMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [ROOT / "tests" / "templates", ROOT / "tests" / "host" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
if os.environ.get("DATABASE_URL"):
    import dj_database_url

    DATABASES["default"] = dj_database_url.parse(os.environ["DATABASE_URL"])
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        INSTALLED_APPS.append("django.contrib.postgres")
    elif DATABASES["default"]["ENGINE"].endswith("mysql"):
        # MySQL 8 / MariaDB: utf8mb4, with the same collation for the connection and the test
        # database (a mix breaks Wagtail's migration wagtailcore.0075: README, "Databases").
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options.setdefault("charset", "utf8mb4")
        options.setdefault("collation", "utf8mb4_general_ci")
        DATABASES["default"]["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": options["collation"]}

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = ROOT / ".test-static"
MEDIA_URL = "/media/"
MEDIA_ROOT = ROOT / ".test-media"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Test help centre"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAIL_GRAVATAR_PROVIDER_URL = None
X_FRAME_OPTIONS = "SAMEORIGIN"
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Tests never touch the network: embeds come from an offline finder.
WAGTAILEMBEDS_FINDERS = [{"class": "tests.embed_finders.OfflineFinder"}]
# Wagtail 7.0 queues index updates until a commit that never comes inside TestCase.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "ENQUEUE_ON_COMMIT": False,
    }
}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

TEST_RUNNER = "tests.runner.KBTestRunner"
