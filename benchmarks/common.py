"""What every benchmark shares: Django set-up, a throw-away database, alternating timers, stats.

Timings on a shared 2-core machine drift by up to 1.5x over minutes, so no figure here is an
absolute time compared with another run: subjects are timed *alternately in one process* (A, B,
A, B, ...) and reported as ratios of their medians and 95th percentiles.
"""

import gc
import json
import os
import platform
import statistics
import sys
import time
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


def setup_django(settings="benchmarks.settings"):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    for path in (ROOT, ROOT / "example_site"):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    import django

    django.setup()


@contextmanager
def throwaway_database():
    """A fresh, migrated database (SQLite in memory, or ``test_<name>`` on PostgreSQL).

    Created the way the test runner creates its own, but without ``setup_test_environment()``:
    that instruments every template render for the test client's benefit, which would charge
    each ``{% include %}`` a signal and a context copy and distort the comparison.
    """
    from django.db import connection

    template = os.environ.get("BENCH_SQLITE_TEMPLATE")
    if template and connection.vendor == "sqlite":
        # A migrated SQLite file made once by ``benchmarks.run`` (the smoke run): copy it rather
        # than run Wagtail's migrations again.
        import shutil
        import tempfile

        fd, path = tempfile.mkstemp(suffix=".sqlite3", dir=os.path.dirname(template))
        os.close(fd)
        shutil.copyfile(template, path)
        connection.close()
        connection.settings_dict["NAME"] = path
        log(f"database copied from {template}")
        try:
            yield
        finally:
            connection.close()
            os.unlink(path)
        return

    old_name = connection.settings_dict["NAME"]
    started = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    log(f"database ready in {time.perf_counter() - started:.1f}s ({connection.vendor})")
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- statistics -------------------------------------------------------------------------------


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary(values):
    return {
        "n": len(values),
        "median_ms": statistics.median(values) * 1000,
        "p95_ms": percentile(values, 0.95) * 1000,
        "min_ms": min(values) * 1000,
    }


def ratio(subject, baseline):
    return {
        "median": subject["median_ms"] / baseline["median_ms"],
        "p95": subject["p95_ms"] / baseline["p95_ms"],
    }


def alternate(subjects, rounds, *, before=None):
    """Time each callable of ``subjects`` (name -> fn) once per round, in turn; return name -> [s].

    The order within a round alternates (A B, B A, ...) so that neither side always runs right
    after the other. ``before(name)``, when given, runs untimed before each call (e.g. to clear
    a cache for a cold render).
    """
    names = list(subjects)
    times = {name: [] for name in names}
    gc.collect()
    for round_ in range(rounds):
        order = names if round_ % 2 == 0 else names[::-1]
        for name in order:
            if before is not None:
                before(name)
            started = time.perf_counter()
            subjects[name]()
            times[name].append(time.perf_counter() - started)
    return times


def count_queries(fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        fn()
    return len(queries), [query["sql"] for query in queries.captured_queries]


# --- HTTP through the test client ---------------------------------------------------------------


def getter(client, url, **extra):
    def get():
        response = client.get(url, **extra)
        if response.status_code != 200:
            raise AssertionError(f"GET {url} answered {response.status_code}")
        return response

    return get


# --- the machine ------------------------------------------------------------------------------


def machine():
    import django
    import wagtail
    from django.db import connection

    info = {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "platform": platform.platform(),
        "database": connection.vendor,
    }
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            info["database_version"] = "PostgreSQL " + cursor.fetchone()[0]
        elif connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            info["database_version"] = "SQLite " + cursor.fetchone()[0]
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return info


def save(name, data):
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, default=str))
    log(f"wrote {path.relative_to(ROOT)}")
    return path


def ratings_available():
    """Whether the ratings feature (votes, the rate route) is installed in this tree."""
    try:
        from wagtail_kb.models.feedback import RatingVote  # noqa: F401
    except ImportError:
        return False
    return True


def query_times(fn, repeat=5):
    """Run ``fn`` ``repeat`` times; return [(median seconds, sql)] of its queries, slowest first."""
    from django.db import connection

    runs = []

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            runs[-1].append((time.perf_counter() - started, sql))

    for _ in range(repeat):
        runs.append([])
        with connection.execute_wrapper(wrapper):
            fn()
    out = []
    for index in range(len(runs[0])):
        durations = [run[index][0] for run in runs if len(run) > index]
        out.append((statistics.median(durations), runs[0][index][1]))
    return sorted(out, key=lambda item: -item[0])


def profile(fn, repeat=20, limit=25):
    """cProfile ``fn`` over ``repeat`` calls; return the top of the cumulative-time listing."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        fn()
    profiler.disable()
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(limit)
    return stream.getvalue()


def machine_basic():
    """The machine, without a database connection (for the orchestrating process)."""
    import subprocess

    import django
    import wagtail

    info = {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "platform": platform.platform(),
    }
    with suppress(OSError, IndexError):
        info["redis"] = (
            subprocess.run(["redis-server", "--version"], capture_output=True, text=True)
            .stdout.split()[2]
            .removeprefix("v=")
        )
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return info
