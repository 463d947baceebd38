"""Run the benchmarks, one command each, or all of them, or the CI smoke version.

    python -m benchmarks.run render     # 1. article vs bare page (SQLite)
    python -m benchmarks.run growth     # 2. 10 -> 10,000 articles, SQLite, PostgreSQL + 1M votes
    python -m benchmarks.run voting     # 3. gunicorn + PostgreSQL + Redis, then SQLite
    python -m benchmarks.run search     # 4. the search engineer's benchmarks/search_bench.py
    python -m benchmarks.run all        # 1-4, then benchmarks/RESULTS.md is rewritten
    python -m benchmarks.run smoke      # seconds: 1, 2 (10 vs 100 articles), tiny 3, 4 and 5 (CI)
    python -m benchmarks.run report     # rewrite RESULTS.md's figures from benchmarks/out/*.json

Each benchmark runs in its own process (a fresh Django set-up against its own throw-away
database); PostgreSQL and Redis are private instances started here on 127.0.0.1 and stopped
afterwards (``benchmarks/services.py``). Extra arguments after ``--`` go to the benchmark.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import OUT, ROOT, log

PY = sys.executable


def bench(module, *args, env=None, check=True):
    started = time.perf_counter()
    command = [PY, "-m", f"benchmarks.{module}", *args]
    log("$ " + " ".join(["python", "-m", f"benchmarks.{module}", *args]))
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, **(env or {})})
    log(f"{module} finished in {time.perf_counter() - started:.0f}s (exit {done.returncode})")
    if check and done.returncode:
        raise SystemExit(done.returncode)
    return done.returncode


def run_lanes(lanes, env=None):
    """Run each lane's benchmarks one after the other, the lanes side by side; each
    benchmark's output is printed whole when it ends. Returns the exit codes."""
    import threading

    codes, lock = [], threading.Lock()

    def lane(commands):
        for module, *args in commands:
            started = time.perf_counter()
            done = subprocess.run(
                [PY, "-m", f"benchmarks.{module}", *args],
                cwd=ROOT,
                env={**os.environ, **(env or {})},
                capture_output=True,
                text=True,
            )
            with lock:
                log("$ " + " ".join(["python", "-m", f"benchmarks.{module}", *args]))
                sys.stdout.write(done.stdout)
                sys.stderr.write(done.stderr)
                seconds = time.perf_counter() - started
                log(f"{module} finished in {seconds:.0f}s (exit {done.returncode})")
                sys.stdout.flush()
                codes.append(done.returncode)

    threads = [threading.Thread(target=lane, args=(commands,)) for commands in lanes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes


def without_database_url():
    return {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}


def render(extra=()):
    return bench("article_render", *extra)


def growth(extra=(), postgres=True):
    bench("growth", "--name", "growth-sqlite", *extra)
    if postgres:
        from .services import postgres as private_postgres

        with private_postgres() as url:
            bench("growth", "--name", "growth-postgres", *extra, env={"DATABASE_URL": url})


def voting(extra=()):
    return bench("voting", *extra)


def search(extra=(), postgres=True):
    """Benchmark 4, by the search engineer: ``benchmarks/search_bench.py`` (SQLite, PostgreSQL)."""
    if not (ROOT / "benchmarks" / "search_bench.py").exists():
        log("benchmarks/search_bench.py is not there yet: benchmark 4 skipped")
        return 0
    bench("search_bench", *extra)
    if postgres:
        from .services import postgres as private_postgres

        with private_postgres() as url:
            bench("search_bench", *extra, env={"DATABASE_URL": url})
    return 0


def smoke():
    """1, 2, a tiny 3 (and 4's own smoke) on one migrated SQLite file copied for each: for CI."""
    started = time.perf_counter()
    scratch = "/dev/shm" if os.path.isdir("/dev/shm") else None
    with tempfile.TemporaryDirectory(prefix="wagtailkb-smoke-", dir=scratch) as folder:
        template = Path(folder) / "template.sqlite3"
        env = {
            **without_database_url(),
            "BENCH_SQLITE_PATH": str(template),
            "DJANGO_SETTINGS_MODULE": "benchmarks.site_settings",
            "PYTHONPATH": str(ROOT),
        }
        subprocess.run(
            [PY, "-m", "django", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        log(f"template database migrated in {time.perf_counter() - started:.0f}s")
        shared = {"BENCH_SQLITE_TEMPLATE": str(template)}
        os.environ.pop("DATABASE_URL", None)
        render_args = ["--rounds", "20", "--cold-rounds", "5", "--check"]
        growth_args = ["--sizes", "10,100", "--rounds", "5", "--check"]
        # Two lanes at once, one per core: the smoke runs check query counts, never timings.
        lanes = [
            [
                ("article_render", *render_args, "--name", "article_render-smoke"),
                ("voting", "--smoke"),
            ],
            [("growth", *growth_args, "--name", "growth-smoke")],
        ]
        if (ROOT / "benchmarks" / "search_bench.py").exists():
            lanes[1].append(("search_bench", "--smoke"))
        if (ROOT / "benchmarks" / "relevance").is_dir():  # 5: 12 of Django's docs, 8 queries
            lanes[1].append(("relevance", "--smoke"))
        codes = run_lanes(lanes, env=shared)
    log(f"smoke done in {time.perf_counter() - started:.0f}s")
    return 1 if any(codes) else 0


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    what = argv[0] if argv else "all"
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    OUT.mkdir(parents=True, exist_ok=True)
    if what == "smoke":
        return smoke()
    if what == "report":
        from .report import write

        write()
        return 0
    if what == "render":
        render(extra)
    elif what == "growth":
        growth(extra)
    elif what == "voting":
        voting(extra)
    elif what == "search":
        search(extra)
    elif what == "all":
        render()
        growth()
        voting()
        search()
    else:
        print(__doc__)
        return 2
    from .report import write

    write()
    return 0


if __name__ == "__main__":
    sys.exit(main())
