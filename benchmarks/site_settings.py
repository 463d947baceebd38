"""The example site as benchmark 3 serves it under gunicorn: as a site that outgrew one process.

Environment:
- ``DATABASE_URL``: PostgreSQL (else SQLite at ``BENCH_SQLITE_PATH``);
- ``BENCH_REDIS_URL``: the shared cache (Django's built-in RedisCache); else a per-process
  LocMemCache, to show what breaks without a shared cache;
- ``BENCH_LIMIT_VISITOR`` / ``BENCH_LIMIT_IP``: ``"requests,seconds"`` or ``"off"``.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "example_site"))

from example_site.settings import *  # noqa: E402,F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "benchmarks.site_urls"
INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.bareapp"]  # noqa: F405
MIDDLEWARE = ["benchmarks.bareapp.middleware.WorkerHeaderMiddleware", *MIDDLEWARE]  # noqa: F405

if os.environ.get("DATABASE_URL"):
    INSTALLED_APPS.append("django.contrib.postgres")
    DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405  (persistent connections per worker)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            # How long a writer waits for SQLite's lock before "database is locked" (Django's
            # default: 5 s); benchmark 3 shortens it to show what the package does then.
            "OPTIONS": {"timeout": float(os.environ.get("BENCH_SQLITE_TIMEOUT", "5"))},
            "NAME": os.environ.get(
                "BENCH_SQLITE_PATH", str(ROOT / "benchmarks" / "out" / "site.sqlite3")
            ),
        }
    }

if os.environ.get("BENCH_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["BENCH_REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def _limit(name, default):
    value = os.environ.get(name, default)
    if value == "off":
        return None
    requests, seconds = value.split(",")
    return (int(requests), int(seconds))


WAGTAILKB_RATING_RATE_LIMIT_VISITOR = _limit("BENCH_LIMIT_VISITOR", "20,600")
WAGTAILKB_RATING_RATE_LIMIT_IP = _limit("BENCH_LIMIT_IP", "200,600")
# Every simulated visitor comes from 127.0.0.1: the new-visitor cap per address stays on (its
# query is part of a vote's cost) but high enough for the load.
WAGTAILKB_RATING_NEW_VISITORS_PER_IP = int(os.environ.get("BENCH_NEW_VISITORS_PER_IP", "10000000"))

MEDIA_ROOT = Path(os.environ.get("BENCH_MEDIA_ROOT", str(ROOT / "benchmarks" / "out" / "media")))
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["stderr"], "level": "ERROR"}},
}
