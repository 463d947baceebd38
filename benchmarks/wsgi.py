"""WSGI entry point of benchmark 3: ``gunicorn benchmarks.wsgi`` from the repository root."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "example_site"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.site_settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
