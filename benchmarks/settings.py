"""Settings for the in-process benchmarks (1 and 2): the test settings plus the bare baseline app.

SQLite in memory by default; PostgreSQL when ``DATABASE_URL`` is set (a ``test_…`` database is
created and dropped by the benchmark, as the test runner would). ``BENCH_REDIS_URL`` switches the
cache to Django's built-in RedisCache.
"""

import os

from tests.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.bareapp"]  # noqa: F405
DEBUG = False

if os.environ.get("BENCH_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["BENCH_REDIS_URL"],
        }
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "root": {"handlers": ["null"], "level": "WARNING"},
}
