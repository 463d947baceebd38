"""Benchmark 5: search relevance and speed on Django's own documentation.

    python -m benchmarks.relevance                    # SQLite in memory (≈ 1–2 min)
    DATABASE_URL=postgres://… python -m benchmarks.relevance   # PostgreSQL (test_… database)
    python -m benchmarks.relevance --smoke            # 12 articles, 8 queries, seconds (CI)
    python -m benchmarks.relevance --rounds 10 --no-timing
    python -m benchmarks.relevance --no-timing --profile "how do I run raw sql queries"

Fetches the pinned corpus (``corpus.py``), builds a KB of it in a throw-away database, ranks
every query of ``queries.py`` with the KB's search and with Wagtail's own (``measure.py``),
times them, prints Markdown tables and (full runs) writes ``benchmarks/out/relevance_<db>.json``
and rewrites ``benchmarks/relevance/RESULTS.md``.

The smoke run fails when the yardstick itself is broken — no document read, a search that does
not answer 200, or a plain keyword (a word of the expected article's title) that neither search
finds — and never on a relevance or timing figure.
"""

import argparse
import io
import os
import subprocess
import sys
from collections import Counter
from contextlib import redirect_stdout

from ..common import ROOT, log, machine, save, setup_django, throwaway_database
from . import corpus, measure, report
from .queries import QUERIES, Query
from .synonyms import EDITOR_SYNONYMS, add_editor_synonyms

# The smoke run: two queries of each kind and the articles they expect, among distractors.
SMOKE_QUERIES = [
    Query("question", "how do I send an email", ("topics/email",)),
    Query("question", "how do I paginate a list of objects", ("topics/pagination",)),
    Query("keyword", "middleware", ("topics/http/middleware",)),
    Query("keyword", "signals", ("topics/signals",)),
    Query("misspelling", "midleware", ("topics/http/middleware",)),
    Query("misspelling", "sesions", ("topics/http/sessions",)),
    Query("synonym", "sign in", ("topics/auth/default",)),
    Query("synonym", "encrypt passwords", ("topics/auth/passwords",)),
]
SMOKE_SANITY = ("middleware", "signals")  # keywords both searches must find at rank 1–3
SMOKE_DISTRACTORS = (
    "topics/cache",
    "topics/http/urls",
    "topics/security",
    "howto/outputting-csv",
    "howto/deployment/checklist",
)


def code_version():
    """The commit of ``wagtail_kb`` measured (``BENCH_COMMIT``, else git; "+" when edited)."""
    if os.environ.get("BENCH_COMMIT"):
        return os.environ["BENCH_COMMIT"]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        edited = subprocess.run(
            ["git", "status", "--porcelain", "wagtail_kb"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return "unknown"
    return (commit or "unknown") + ("+" if edited else "")


def check_queries(queries, docs):
    """Every expected article is in the corpus (a typo in the query set is an error)."""
    paths = {doc.path for doc in docs}
    missing = [(q.text, p) for q in queries for p in q.expected if p not in paths]
    if missing:
        raise SystemExit(f"expected articles not in the corpus: {missing}")


def run(docs, folder_titles, queries, rounds, profile=None):
    from django.test import override_settings

    from ..search_bench import separate_counters, urlconf
    from .site import build, live_articles

    home, paths = build(docs, folder_titles)
    articles = live_articles(home)
    with override_settings(
        ROOT_URLCONF=urlconf, WAGTAILKB_SEARCH_RESULTS_PER_PAGE=10, **separate_counters()
    ):
        searcher = measure.Searcher(home, paths)
        per_query, table = measure.relevance(searcher, queries)
        timing = measure.speed(searcher, queries, rounds) if rounds else None
        profiles = measure.where_time_goes(searcher, profile) if profile else None
        # Then with the synonyms an editor adds from the Searches report (``synonyms.py``).
        add_editor_synonyms()
        with_synonyms = ("kb", "kb_instant")
        edited_queries, edited = measure.relevance(searcher, queries, subjects=with_synonyms)
        for name in with_synonyms:
            table[f"{name}_synonyms"] = edited[name]
        for entry, edited_entry in zip(per_query, edited_queries, strict=True):
            for name in with_synonyms:
                entry["ranks"][f"{name}_synonyms"] = edited_entry["ranks"][name]
                entry["top3"][f"{name}_synonyms"] = edited_entry["top3"][name]
    return {
        "benchmark": "relevance",
        "code": code_version(),
        "machine": machine(),
        "corpus": {
            "package": corpus.PACKAGE,
            "version": corpus.VERSION,
            "sha256": corpus.SHA256,
            "folders": list(corpus.FOLDERS),
            "documents": articles,
            "topics": len({doc.folder for doc in docs}),
            "words": sum(doc.article.words for doc in docs),
        },
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "query_count": len(queries),
        "editor_synonyms": list(EDITOR_SYNONYMS),
        "queries_per_kind": dict(Counter(q.kind for q in queries)),
        "relevance": table,
        "per_query": per_query,
        "timing": timing,
        "profiles": profiles,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per query and pair")
    parser.add_argument("--no-timing", action="store_true", help="relevance only")
    parser.add_argument("--smoke", action="store_true", help="12 articles, 8 queries: seconds")
    parser.add_argument(
        "--profile",
        metavar="QUERY",
        help="also print where the time of this query's results page and instant results goes",
    )
    args = parser.parse_args(argv)

    queries, only = QUERIES, None
    if args.smoke:
        queries = SMOKE_QUERIES
        only = {p for q in queries for p in q.expected} | set(SMOKE_DISTRACTORS)
        args.rounds = min(args.rounds, 1)
    try:
        docs, folder_titles = corpus.documents(only=only)
    except corpus.CorpusError as error:
        print(f"relevance benchmark: {error}", file=sys.stderr)
        return 2
    check_queries(queries, docs)
    log(f"corpus: {len(docs)} documents, {len(queries)} queries")

    setup_django()
    from django.db import connection

    with throwaway_database():
        with redirect_stdout(io.StringIO()):
            result = run(
                docs,
                folder_titles,
                queries,
                0 if args.no_timing else args.rounds,
                profile=args.profile,
            )
        result["smoke"] = args.smoke
        if not args.smoke:
            save(f"relevance_{connection.vendor}", result)
            written = report.write()
            if written:
                log(f"wrote {written}")
    print(report.run_report(result))
    for name, listing in (result["profiles"] or {}).items():
        print(f"\n### {name}: {args.profile!r}\n\n{listing}")
    if args.smoke:
        return smoke_verdict(result)
    return 0


def smoke_verdict(result):
    failures = []
    for query in result["per_query"]:
        if query["text"] in SMOKE_SANITY:
            for subject in ("kb", "wagtail"):
                rank = query["ranks"][subject]
                if rank is None or rank > 3:
                    failures.append(f"{subject} did not find {query['text']!r} in its top 3")
    for failure in failures:
        print(f"FAIL: {failure} (is the results page still readable?)", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
