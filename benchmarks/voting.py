"""Benchmark 3: voting under load, on a real multi-process server, proving nothing is lost.

    python -m benchmarks.voting [--votes 20000] [--comments 2000] [--backends postgres,sqlite]

For each database: a fresh database (a private PostgreSQL cluster, or an SQLite file) gets the
demo KB (``load_kb_demo``); the example site runs under gunicorn (2 sync workers) with Redis as
the shared cache (Django's built-in RedisCache); ``benchmarks.loadgen`` runs in its own process
with 64 concurrent visitors. The votes go in chunks that alternate with chunks of a bare Django
view inserting one row (``/bench/insert/``) on the same server, so both see the same machine.
Per-visitor and per-IP limits are raised for this throughput run.

Then the checker proves that nothing was lost: every vote answered 2xx is in the database exactly
once (the last one, for a visitor who voted twice on an article), nothing else is; every comment
answered 2xx is stored once; the averages the article pages publish equal a recount from the raw
rows; there was no 500. On SQLite it reports what breaks under concurrent writers (a 503 with
Retry-After is the designed answer) and runs a harsher variant (2 workers x 8 threads).

Finally, the limits across workers: with the real limits lowered (visitor 5, IP 30 per 10 min),
one visitor's 20 votes and 40 new visitors' votes, spread over both workers, are counted once
with Redis; with a per-process LocMemCache each worker counts on its own and more get through.

``--smoke``: SQLite only, a few hundred votes, the limits check: for CI, in seconds.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from .common import OUT, ROOT, log, percentile, save
from .loadgen import bare_plan, make_plan
from .services import ensure_python_packages, free_port, postgres, redis, wait_for_port

HIGH_LIMITS = {"BENCH_LIMIT_VISITOR": "1000000,600", "BENCH_LIMIT_IP": "10000000,600"}
LOW_LIMITS = {"BENCH_LIMIT_VISITOR": "5,600", "BENCH_LIMIT_IP": "30,600"}


# --- the server ---------------------------------------------------------------------------------


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        env={**env, "DJANGO_SETTINGS_MODULE": "benchmarks.site_settings"},
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@contextmanager
def gunicorn(env, workers=2, threads=1):
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "benchmarks.wsgi:application",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--backlog",
        "2048",
        "--timeout",
        "120",
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
    ]
    if threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(threads)]
    log_path = Path(env["BENCH_OUT"]) / f"gunicorn-{port}.log"
    with open(log_path, "w") as server_log:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=server_log, stderr=server_log)
        try:
            wait_for_port(port, timeout=60)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def get(port, path):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read().decode()


def loadgen(env, port, plan, name, concurrency, deadline):
    out = Path(env["BENCH_OUT"])
    plan_path, result_path = out / f"{name}.plan.json", out / f"{name}.result.json"
    plan_path.write_text(json.dumps(plan))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.loadgen",
            "--port",
            str(port),
            "--plan",
            str(plan_path),
            "--out",
            str(result_path),
            "--concurrency",
            str(concurrency),
            "--deadline",
            str(deadline),
        ],
        cwd=ROOT,
        check=True,
        env=env,
    )
    return json.loads(result_path.read_text())


def stats(results):
    records = [r for result in results for r in result["records"]]
    seconds = sum(result["seconds"] for result in results)
    latencies = [r["ms"] for r in records if r["status"]]
    return {
        "requests": len(records),
        "seconds": seconds,
        "rps": len(records) / seconds if seconds else 0.0,
        "p50_ms": statistics.median(latencies) if latencies else None,
        "p95_ms": percentile(latencies, 0.95) if latencies else None,
        "p99_ms": percentile(latencies, 0.99) if latencies else None,
        "statuses": dict(Counter(str(r["status"]) for r in records)),
        "workers": len({r["worker"] for r in records if r["worker"]}),
        "timed_out": any(result["timed_out"] for result in results),
    }


# --- the checker (runs inside Django, against the benchmark's database) -------------------------


def check(records_paths, port):
    """Compare the database with what the server answered; return the findings as a dict."""
    from django.db.models import Avg, Count
    from django.http import HttpRequest
    from wagtail_kb import ratings
    from wagtail_kb.models import KBArticlePage
    from wagtail_kb.models.feedback import FeedbackComment, RatingVote

    records = []
    for path in records_paths:
        records += json.loads(Path(path).read_text())["records"]
    records.sort(key=lambda r: r["at"])
    articles = {a.url: a for a in KBArticlePage.objects.live()}

    def unsign(cookie):  # exactly as the server reads it
        request = HttpRequest()
        request.COOKIES[ratings.VISITOR_COOKIE] = cookie
        return request.get_signed_cookie(ratings.VISITOR_COOKIE, salt=ratings.VISITOR_COOKIE_SALT)

    expected_votes, expected_comments, unknown = {}, Counter(), 0
    for record in records:
        if record["status"] == 0:
            unknown += 1
            continue
        if not 200 <= record["status"] < 300:
            continue
        visitor = unsign(record["cookie"])
        key = (articles[record["path"]].pk, ratings.visitor_hash(visitor))
        expected_votes[key] = record["stars"]
        if record["comment"]:
            expected_comments[(key[0], record["stars"], record["comment"])] += 1

    rows = list(RatingVote.objects.values_list("article_id", "visitor_hash", "stars"))
    actual = {}
    duplicates = 0
    for article_id, visitor_hash, stars in rows:
        if (article_id, visitor_hash) in actual:
            duplicates += 1
        actual[(article_id, visitor_hash)] = stars
    missing = [k for k in expected_votes if k not in actual]
    extra = [k for k in actual if k not in expected_votes]
    wrong = [k for k in expected_votes if k in actual and actual[k] != expected_votes[k]]
    actual_comments = Counter(FeedbackComment.objects.values_list("article_id", "stars", "comment"))

    # Published averages: what each article page shows, against a recount from the raw rows.
    recount = {
        row["article_id"]: row
        for row in RatingVote.objects.values("article_id").annotate(n=Count("pk"), avg=Avg("stars"))
    }
    published_mismatches, exact_mismatches = [], []
    by_id = {a.pk: a for a in articles.values()}
    for article_id in recount:
        article = by_id[article_id]
        raw = RatingVote.objects.filter(article_id=article_id).values_list("stars", flat=True)
        stars = list(raw)
        truth_count, truth_average = len(stars), sum(stars) / len(stars)
        truth_distribution = {n: stars.count(n) for n in range(1, 6)}
        summary = ratings.summarise(article)  # what the page and the JSON answer publish
        if (summary.count, summary.average, summary.distribution) != (
            truth_count,
            round(truth_average, 1),
            truth_distribution,
        ):
            exact_mismatches.append(
                [
                    article_id,
                    summary.count,
                    summary.average,
                    summary.distribution,
                    truth_count,
                    truth_average,
                    truth_distribution,
                ]
            )
        html = get(port, article.url)
        average = re.search(r"data-kb-rating-average>([^<]*)<", html)
        count = re.search(r"data-kb-rating-count>([^<]*)<", html)
        shown_average = average.group(1).strip() if average else None
        shown_count = int(re.sub(r"\D", "", count.group(1))) if count else None
        if shown_average != f"{truth_average:.1f}" or shown_count != truth_count:
            published_mismatches.append(
                {
                    "article": article.url,
                    "shown": [shown_average, shown_count],
                    "recount": [f"{truth_average:.1f}", truth_count],
                }
            )
    statuses = Counter(r["status"] for r in records)
    no_retry_after = sum(1 for r in records if r["status"] in (429, 503) and not r["retry_after"])
    return {
        "answered_2xx": sum(n for s, n in statuses.items() if 200 <= s < 300),
        "statuses": {str(s): n for s, n in sorted(statuses.items())},
        "client_gave_up": unknown,
        "rows": len(rows),
        "distinct_votes_expected": len(expected_votes),
        "missing": len(missing),
        "extra": len(extra),
        "duplicates": duplicates,
        "wrong_stars": len(wrong),
        "comments_expected": sum(expected_comments.values()),
        "comments_stored": sum(actual_comments.values()),
        "comments_mismatch": sum(
            ((expected_comments - actual_comments) + (actual_comments - expected_comments)).values()
        ),
        "articles_checked": len(recount),
        "published_mismatches": published_mismatches,
        "summary_mismatches": exact_mismatches,
        "errors_500": sum(n for s, n in statuses.items() if s >= 500 and s != 503),
        "limited_without_retry_after": no_retry_after,
        "sample_errors": [r["error"] for r in records if r["error"]][:5],
        "sample_500": [r["error"] for r in records if r["status"] == 500][:3],
        "nothing_lost": not missing
        and not extra
        and not duplicates
        and not wrong
        and not published_mismatches
        and not exact_mismatches
        and expected_comments == actual_comments,
    }


def run_check(env, names, port):
    paths = [str(Path(env["BENCH_OUT"]) / f"{name}.result.json") for name in names]
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.voting", "check", "--port", str(port), *paths],
        env={**env, "DJANGO_SETTINGS_MODULE": "benchmarks.site_settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"the checker failed:\n{done.stderr}")
    return json.loads(done.stdout)


# --- the runs -------------------------------------------------------------------------------------


def flush_redis(url):
    import redis as redis_client

    redis_client.Redis.from_url(url).flushdb()


def redis_keys(url, pattern):
    import redis as redis_client

    return len(redis_client.Redis.from_url(url).keys(pattern))


def prepare_database(env):
    """Migrate (unless copied from a migrated template), load the demo; return article URLs."""
    started = time.perf_counter()
    if not os.environ.get("BENCH_SQLITE_TEMPLATE") or "DATABASE_URL" in env:
        manage(env, "migrate", "--noinput")
        log(f"migrated in {time.perf_counter() - started:.1f}s")
    output = manage(
        env,
        "shell",
        "-v",
        "0",
        "-c",
        (
            "import io, json, contextlib\n"
            "from django.core.management import call_command\n"
            "from django.db import connection\n"
            "from wagtail_kb.models import KBArticlePage\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    call_command('load_kb_demo')\n"
            # The demo's own votes and comments would count as extra rows: start from none.
            "from wagtail_kb.models import ArticleRatingSummary, FeedbackComment, RatingVote\n"
            "RatingVote.objects.all().delete()\n"
            "FeedbackComment.objects.all().delete()\n"
            "ArticleRatingSummary.objects.all().delete()\n"
            # Star widgets only: the check reads the average a star card shows.
            "articles = KBArticlePage.objects.live().filter(ratings_enabled=True)\n"
            "articles = articles.exclude(rating_widget__style='thumbs')\n"
            "urls = [a.url for a in articles]\n"
            "version = '.'.join(map(str, connection.get_database_version()))\n"
            "version = connection.vendor + ' ' + version\n"
            "print(json.dumps({'urls': urls, 'version': version}))\n"
        ),
    )
    data = json.loads(output.strip().splitlines()[-1])
    log(
        f"database ready with the demo ({len(data['urls'])} articles) in "
        f"{time.perf_counter() - started:.1f}s"
    )
    return data["urls"], data["version"]


def reset_votes(env):
    manage(
        env,
        "shell",
        "-v",
        "0",
        "-c",
        (
            "from wagtail_kb.models.feedback import FeedbackComment, RatingVote\n"
            "from benchmarks.bareapp.models import BareVote\n"
            "RatingVote.objects.all().delete(); FeedbackComment.objects.all().delete()\n"
            "BareVote.objects.all().delete()\n"
        ),
    )


def throughput(env, articles, votes, comments, chunks, concurrency, deadline, threads=1, label=""):
    """Alternate bare and KB chunks on one server; check the KB votes; return the figures."""
    names = []
    kb_results, bare_results = [], []
    with gunicorn({**env, **HIGH_LIMITS}, threads=threads) as port:
        for path in articles:  # warm: every article rendered once (TOC and summary in the cache)
            get(port, path)
        per_chunk, per_chunk_comments = votes // chunks, comments // chunks
        for chunk in range(chunks):
            bare = loadgen(
                env,
                port,
                bare_plan(per_chunk, seed=100 + chunk),
                f"{label}bare-{chunk}",
                concurrency,
                deadline,
            )
            name = f"{label}kb-{chunk}"
            kb = loadgen(
                env,
                port,
                make_plan(articles, per_chunk, per_chunk_comments, seed=chunk),
                name,
                concurrency,
                deadline,
            )
            bare_results.append(bare)
            kb_results.append(kb)
            names.append(name)
            log(
                f"{label}chunk {chunk + 1}/{chunks}: bare {stats([bare])['rps']:.0f} req/s, "
                f"KB votes {stats([kb])['rps']:.0f} req/s"
            )
        verdict = run_check(env, names, port)
        toc_keys = (
            redis_keys(env["BENCH_REDIS_URL"], "*wagtail_kb:toc*")
            if env.get("BENCH_REDIS_URL")
            else None
        )
    kb_stats, bare_stats = stats(kb_results), stats(bare_results)
    return {
        "kb": kb_stats,
        "bare": bare_stats,
        "ratio_rps": kb_stats["rps"] / bare_stats["rps"] if bare_stats["rps"] else None,
        "ratio_p95": kb_stats["p95_ms"] / bare_stats["p95_ms"] if bare_stats["p95_ms"] else None,
        "check": verdict,
        "toc_entries_in_redis": toc_keys,
        "threads": threads,
    }


def limits_check(env, articles, shared):
    """Lowered limits; one visitor's 20 votes, then 40 new visitors'; count what got through."""
    import asyncio

    from .loadgen import run_plan

    if shared:
        flush_redis(env["BENCH_REDIS_URL"])
        server_env = {**env, **LOW_LIMITS}
    else:
        server_env = {k: v for k, v in {**env, **LOW_LIMITS}.items() if k != "BENCH_REDIS_URL"}
    paths = (articles * 20)[:20]
    with gunicorn(server_env) as port:
        # One visitor: the first vote gets the cookie, the other 19 go 4 at a time so that both
        # workers serve them.
        first = asyncio.run(
            run_plan({"kind": "kb", "visitors": [[{"path": paths[0], "stars": 4}]]}, port, 1, 60)
        )
        cookie = first["records"][0]["cookie"]
        rest = asyncio.run(_same_visitor(port, paths[1:], cookie))
        visitor_records = first["records"] + rest
        crowd = asyncio.run(
            run_plan(
                {
                    "kind": "kb",
                    "visitors": [
                        [{"path": articles[i % len(articles)], "stars": 3}] for i in range(40)
                    ],
                },
                port,
                8,
                60,
            )
        )
    ok = lambda records: sum(1 for r in records if 200 <= r["status"] < 300)  # noqa: E731
    return {
        "cache": "redis (shared)" if shared else "locmem (per process)",
        "limits": {
            "visitor": LOW_LIMITS["BENCH_LIMIT_VISITOR"],
            "ip": LOW_LIMITS["BENCH_LIMIT_IP"],
        },
        "one_visitor": {
            "sent": len(visitor_records),
            "accepted": ok(visitor_records),
            "workers": len({r["worker"] for r in visitor_records if r["worker"]}),
            "statuses": dict(Counter(str(r["status"]) for r in visitor_records)),
        },
        "crowd_same_ip": {
            "sent": len(crowd["records"]),
            "accepted": ok(crowd["records"]),
            "workers": len({r["worker"] for r in crowd["records"] if r["worker"]}),
            "statuses": dict(Counter(str(r["status"]) for r in crowd["records"])),
        },
        # Expected with a shared cache: the visitor's 5, then the IP's remaining 30 - 20 = 10.
        "expected_accepted": {"one_visitor": 5, "crowd_same_ip": 10},
    }


async def _same_visitor(port, paths, cookie):
    import asyncio

    from .loadgen import _build, _parse, _send

    async def one(path):
        raw = _build("kb", port, {"path": path, "stars": 2}, cookie)
        status, headers, _ = _parse(await _send(port, raw, 30))
        return {
            "status": status,
            "worker": dict(headers).get("x-bench-worker"),
            "retry_after": dict(headers).get("retry-after"),
        }

    records = []
    for start in range(0, len(paths), 4):
        records += await asyncio.gather(*(one(p) for p in paths[start : start + 4]))
    return records


@contextmanager
def database(backend, out):
    if backend == "postgres":
        with postgres() as url:
            yield {"DATABASE_URL": url}
    else:
        path = Path(out) / "site.sqlite3"
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        if os.environ.get("BENCH_SQLITE_TEMPLATE"):  # already migrated (benchmarks.run smoke)
            shutil.copyfile(os.environ["BENCH_SQLITE_TEMPLATE"], path)
        yield {"BENCH_SQLITE_PATH": str(path)}


def run(args):
    ensure_python_packages("gunicorn", "redis")
    # The smoke run keeps its SQLite file in memory-backed /dev/shm: migrations fsync per step.
    scratch = "/dev/shm" if args.smoke and os.path.isdir("/dev/shm") else None
    out = Path(tempfile.mkdtemp(prefix="wagtailkb-voting-", dir=scratch))
    media = out / "media"
    base_env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    base_env.update(
        {"PYTHONPATH": str(ROOT), "BENCH_OUT": str(out), "BENCH_MEDIA_ROOT": str(media)}
    )
    result = {"benchmark": "voting", "runs": {}, "limits": [], "settings": vars(args)}
    if args.merge and (OUT / f"{args.name}.json").exists():  # keep the runs not repeated now
        previous = json.loads((OUT / f"{args.name}.json").read_text())
        result["runs"] = previous.get("runs", {})
        result["limits"] = previous.get("limits", []) if args.skip_limits else []
        result["database_versions"] = previous.get("database_versions", {})
        result["settings"] = {**previous.get("settings", {}), **vars(args)}
    try:
        with redis() as redis_url:
            for backend in args.backends.split(","):
                with database(backend, out) as db_env:
                    env = {**base_env, **db_env, "BENCH_REDIS_URL": redis_url}
                    flush_redis(redis_url)
                    articles, version = prepare_database(env)
                    result.setdefault("database_versions", {})[backend] = version
                    log(
                        f"{backend}: {args.votes} votes ({args.comments} with a comment) + "
                        f"{args.votes} bare inserts, {args.concurrency} concurrent visitors"
                    )
                    if not args.only_locked:
                        result["runs"][backend] = throughput(
                            env,
                            articles,
                            args.votes,
                            args.comments,
                            args.chunks,
                            args.concurrency,
                            args.deadline,
                            label=f"{backend}-",
                        )
                    if backend == "sqlite" and args.sqlite_short_timeout:
                        # Writers that wait at most 20 ms for the lock: "database is locked"
                        # happens, and the answer must be a 503 with Retry-After, never a 500,
                        # never half a vote.
                        flush_redis(redis_url)
                        reset_votes(env)
                        log(f"sqlite, {args.sqlite_threads} threads per worker, 20 ms busy timeout")
                        result["runs"]["sqlite-locked"] = throughput(
                            {**env, "BENCH_SQLITE_TIMEOUT": "0.02"},
                            articles,
                            args.votes // 4,
                            args.comments // 4,
                            args.chunks,
                            args.concurrency,
                            args.deadline,
                            threads=max(args.sqlite_threads, 2),
                            label="sqlite-locked-",
                        )
                    if backend == "sqlite" and args.sqlite_threads > 1 and not args.only_locked:
                        flush_redis(redis_url)
                        reset_votes(env)
                        log(f"sqlite, {args.sqlite_threads} threads per worker")
                        result["runs"][f"sqlite-{args.sqlite_threads}-threads"] = throughput(
                            env,
                            articles,
                            args.votes // 2,
                            args.comments // 2,
                            args.chunks,
                            args.concurrency,
                            args.deadline,
                            threads=args.sqlite_threads,
                            label="sqlite-threads-",
                        )
                    if backend == args.backends.split(",")[0] and not args.skip_limits:
                        result["limits"].append(limits_check(env, articles, shared=True))
                        if not args.smoke:  # the contrast: a per-process cache lets more through
                            result["limits"].append(limits_check(env, articles, shared=False))
    finally:
        logs = OUT / f"{args.name}-logs"  # the servers' logs (tracebacks of any 500) are kept
        shutil.rmtree(logs, ignore_errors=True)
        logs.mkdir(parents=True, exist_ok=True)
        for server_log in out.glob("gunicorn-*.log"):
            shutil.copy(server_log, logs / server_log.name)
        shutil.rmtree(out, ignore_errors=True)
    from .common import machine_basic

    result["machine"] = machine_basic()
    save(args.name, result)
    print(report(result))
    ok = all(
        run_["check"]["nothing_lost"] and not run_["check"]["errors_500"]
        for run_ in result["runs"].values()
    )
    shared = result["limits"][0] if result["limits"] else None
    limits_hold = shared is None or (
        shared["one_visitor"]["accepted"] == shared["expected_accepted"]["one_visitor"]
        and shared["crowd_same_ip"]["accepted"] == shared["expected_accepted"]["crowd_same_ip"]
    )
    print("nothing lost:", ok, "| limits hold across workers:", limits_hold)
    return 0 if ok and limits_hold else 1


def report(result):
    lines = [
        "| run | kind | requests | req/s | p50 ms | p95 ms | statuses | KB ÷ bare (req/s, p95) |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    for name, run_ in result["runs"].items():
        for kind in ("bare", "kb"):
            s = run_[kind]
            ratio = f"{run_['ratio_rps']:.2f}, {run_['ratio_p95']:.2f}" if kind == "kb" else ""
            label = "bare view (1 INSERT)" if kind == "bare" else "vote (POST rate/)"
            lines.append(
                f"| {name} | {label} | {s['requests']:,} | {s['rps']:.0f} | {s['p50_ms']:.0f} "
                f"| {s['p95_ms']:.0f} | {s['statuses']} | {ratio} |"
            )
    lines += [
        "",
        "| run | 2xx votes | distinct votes expected | rows | missing | extra | dup | "
        "comments sent/stored | published = recount | 500s | 503/429 without Retry-After "
        "| nothing lost |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---|",
    ]
    for name, run_ in result["runs"].items():
        c = run_["check"]
        lines.append(
            f"| {name} | {c['answered_2xx']:,} | {c['distinct_votes_expected']:,} | {c['rows']:,} "
            f"| {c['missing']} | {c['extra']} | {c['duplicates']} | {c['comments_expected']:,}/"
            f"{c['comments_stored']:,} | {c['articles_checked'] - len(c['published_mismatches'])}/"
            f"{c['articles_checked']} | {c['errors_500']} | {c['limited_without_retry_after']} "
            f"| **{c['nothing_lost']}** |"
        )
    shared = [
        f"{name}: {run_['toc_entries_in_redis']}"
        for name, run_ in result["runs"].items()
        if run_.get("toc_entries_in_redis") is not None
    ]
    if shared:
        lines += [
            "",
            "Tables of contents in Redis after each run (one per article, each rendered once "
            "for both workers): " + ", ".join(shared) + ".",
        ]
    if result["limits"]:
        lines += [
            "",
            "| cache | one visitor: accepted / sent (workers) "
            "| 40 visitors, one IP: accepted / sent (workers) | expected |",
            "|---|---|---|---|",
        ]
        for check_ in result["limits"]:
            v, crowd = check_["one_visitor"], check_["crowd_same_ip"]
            lines.append(
                f"| {check_['cache']} | {v['accepted']} / {v['sent']} ({v['workers']}) "
                f"| {crowd['accepted']} / {crowd['sent']} ({crowd['workers']}) | 5 and 10 |"
            )
    return "\n".join(lines)


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["check"]:
        parser = argparse.ArgumentParser()
        parser.add_argument("--port", type=int, required=True)
        parser.add_argument("paths", nargs="+")
        args = parser.parse_args(argv[1:])
        import django

        django.setup()
        print(json.dumps(check(args.paths, args.port)))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--votes", type=int, default=20000)
    parser.add_argument("--comments", type=int, default=2000)
    parser.add_argument("--chunks", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument(
        "--deadline", type=float, default=300.0, help="seconds at most for each chunk of requests"
    )
    parser.add_argument("--backends", default="postgres,sqlite")
    parser.add_argument("--sqlite-threads", type=int, default=8)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument(
        "--sqlite-short-timeout",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also run SQLite with a 20 ms busy timeout (to see 'database is locked' handled)",
    )
    parser.add_argument("--only-locked", action="store_true", help="SQLite: only that run")
    parser.add_argument("--merge", action="store_true", help="keep other runs of the JSON file")
    parser.add_argument("--skip-limits", action="store_true")
    parser.add_argument("--name", default="voting")
    args = parser.parse_args(argv)
    if args.smoke:
        args.votes, args.comments, args.chunks, args.backends = 160, 16, 2, "sqlite"
        args.sqlite_threads, args.deadline, args.name = 1, 30.0, "voting-smoke"
        args.sqlite_short_timeout = False
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
