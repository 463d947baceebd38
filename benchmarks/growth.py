"""Benchmark 2: KB home, a topic and an article as the KB grows from 10 to 10,000 articles.

    python -m benchmarks.growth [--sizes 10,100,1000,10000] [--rounds 60] [--votes-per-article 100]

One KB (a home and ``--topics`` topics) grows in place; after each step the same three pages
are fetched with Django's test client, alternating with a bare reference page
(``benchmarks.bareapp.BarePage``, whose cost does not depend on the KB). Every page time is
reported as a ratio to the reference measured in the same rounds, and growth as that ratio at
N articles over the ratio at the smallest size: machine drift between steps cancels out.

Articles are inserted in bulk (paths computed, ``numchild`` kept right), not through treebeard's
``add_child``; votes (``--votes-per-article`` each, 1,000,000 in all at 10,000 articles) are made
by one ``INSERT … SELECT`` over ``generate_series`` (PostgreSQL) or a recursive CTE (SQLite).

Targets (issue 6): the number of queries of each page does not grow; its time at 10,000 articles
is at most 1.2x its time at 10. ``--check`` exits 1 when queries grow.
"""

import argparse
import sys
import time

from .common import (
    alternate,
    count_queries,
    getter,
    log,
    machine,
    ratings_available,
    save,
    setup_django,
    summary,
    throwaway_database,
)

GROWTH_TARGET = 1.2
PAGES = ("home", "topic", "article")


def insert_votes(article_ids, per_article, start=1):
    """``per_article`` votes on each of ``article_ids`` (an id range), in one statement."""
    if not ratings_available() or not article_ids or per_article <= 0:
        return 0
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail_kb.models.feedback import RatingVote

    table = connection.ops.quote_name(RatingVote._meta.db_table)
    low, high = min(article_ids), max(article_ids)
    now = timezone.now()
    columns = "article_id, visitor_hash, ip_hash, stars, revision_id, created_at, updated_at"
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} ({columns}) "
                "SELECT a.page_ptr_id, md5(a.page_ptr_id::text || ':' || g), NULL, "
                "1 + ((g * 7 + a.page_ptr_id) %% 5), NULL, %s, %s "
                "FROM wagtail_kb_kbarticlepage a CROSS JOIN generate_series(%s, %s) g "
                "WHERE a.page_ptr_id BETWEEN %s AND %s",
                [now, now, start, start + per_article - 1, low, high],
            )
        else:
            cursor.execute(
                "WITH RECURSIVE g(n) AS (SELECT %s UNION ALL SELECT n + 1 FROM g WHERE n < %s) "
                f"INSERT INTO {table} ({columns}) "
                "SELECT a.page_ptr_id, a.page_ptr_id || ':' || g.n, NULL, "
                "1 + ((g.n * 7 + a.page_ptr_id) % 5), NULL, %s, %s "
                "FROM wagtail_kb_kbarticlepage a CROSS JOIN g "
                "WHERE a.page_ptr_id BETWEEN %s AND %s",
                [start, start + per_article - 1, now, now, low, high],
            )
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {table}")
    return RatingVote.objects.count()


def after_vote(get, article_id):
    """``get`` preceded by what a vote does to the article's cached summary."""
    from wagtail_kb.ratings import votes_changed

    def get_after_vote():
        votes_changed(article_id)
        return get()

    return get_after_vote


def summaries_written(article_id):
    """Count votes inserted around the endpoint into the article's summary row (issue 15 on)."""
    from wagtail_kb import ratings

    rebuild = getattr(ratings, "rebuild_summary", None)  # absent before the summary rows
    if rebuild is not None:
        rebuild(article_id)
    ratings.votes_changed(article_id)


def run(sizes, rounds, topics_count, votes_per_article, profile_pages=(), hot_votes=0):
    import json

    from django.test import Client
    from wagtail.models import Page
    from wagtail_kb.models import KBArticlePage
    from wagtail_kb.models.feedback import RatingVote

    from .bareapp.models import BarePage
    from .fixtures import _bare_stream, _small_body_json, add_articles, make_growth_kb

    home, topics = make_growth_kb(topics_count)
    root = home.get_parent()
    reference = root.add_child(
        instance=BarePage(
            title="Reference",
            slug="reference",
            body=_bare_stream(json.loads(_small_body_json())),
        )
    )
    reference.save_revision().publish()

    client = Client()
    steps, total_votes, measured = [], 0, None
    for size in sizes:
        per_topic = max(1, size // topics_count)
        started = time.perf_counter()
        new_ids = []
        for topic in topics:
            have = Page.objects.get(pk=topic.pk).numchild
            if per_topic > have:
                new_ids += add_articles(topic, per_topic - have)
        build_seconds = time.perf_counter() - started
        started = time.perf_counter()
        total_votes = insert_votes(new_ids, votes_per_article) or total_votes
        for article_id in new_ids if votes_per_article else ():
            summaries_written(article_id)
        vote_seconds = time.perf_counter() - started
        articles = KBArticlePage.objects.descendant_of(home).count()
        if measured is None:  # the same article at every size: the second of the first topic
            measured = KBArticlePage.objects.child_of(topics[0]).order_by("path")[1]
        last_page = -(-per_topic // 20)  # WAGTAILKB_TOPIC_ARTICLES_PER_PAGE's default
        urls = {
            "home": home.url,
            "topic": topics[0].url,
            "article": measured.url,
            "topic_last_page": f"{topics[0].url}?page={last_page}",
            "reference": reference.url,
        }
        subjects = {name: getter(client, url) for name, url in urls.items()}
        # The article as it is served right after a vote: the votes version replaced, so the
        # rating summary is read again (a popular article is voted on all the time).
        subjects["article_after_vote"] = after_vote(subjects["article"], measured.pk)
        for fn in subjects.values():  # warm every cache
            fn(), fn()
        queries = {name: count_queries(fn)[0] for name, fn in subjects.items()}
        log(
            f"{articles} articles, {total_votes} votes (built in {build_seconds:.1f}s + "
            f"{vote_seconds:.1f}s): timing {rounds} rounds"
        )
        times = alternate(subjects, rounds)
        stats = {name: summary(values) for name, values in times.items()}
        ref = stats["reference"]["median_ms"]
        steps.append(
            {
                "articles": articles,
                "votes": total_votes,
                "build_seconds": build_seconds,
                "vote_seconds": vote_seconds,
                "queries": queries,
                "stats": stats,
                "vs_reference": {
                    name: stats[name]["median_ms"] / ref for name in subjects if name != "reference"
                },
            }
        )

    hot = None
    if hot_votes:
        # One popular article: its own votes, not the KB's size, drive the rating summary.
        started = time.perf_counter()
        have = RatingVote.objects.filter(article_id=measured.pk).count()
        insert_votes([measured.pk], hot_votes - have, start=have + 1)
        summaries_written(measured.pk)
        hot_subjects = {
            "article": subjects["article"],
            "article_after_vote": subjects["article_after_vote"],
            "reference": subjects["reference"],
        }
        for fn in hot_subjects.values():
            fn()
        times = alternate(hot_subjects, rounds)
        hot_stats = {name: summary(values) for name, values in times.items()}
        hot = {
            "votes_on_article": RatingVote.objects.filter(article_id=measured.pk).count(),
            "seconds_to_insert": time.perf_counter() - started,
            "queries": count_queries(subjects["article"])[0],
            "stats": hot_stats,
            "vs_reference": hot_stats["article"]["median_ms"] / hot_stats["reference"]["median_ms"],
            "after_vote_vs_reference": hot_stats["article_after_vote"]["median_ms"]
            / hot_stats["reference"]["median_ms"],
        }
        hot["growth"] = hot["vs_reference"] / steps[0]["vs_reference"]["article"]
        hot["after_vote_growth"] = (
            hot["after_vote_vs_reference"] / steps[0]["vs_reference"]["article_after_vote"]
        )
        log(
            f"hot article: {hot['votes_on_article']:,} votes, x{hot['growth']:.2f} warm, "
            f"x{hot['after_vote_growth']:.2f} after a vote"
        )

    if profile_pages:
        from .common import profile, query_times

        for name in profile_pages:
            print(f"\n== {name} at {steps[-1]['articles']} articles: slowest queries (median ms)")
            for seconds, sql in query_times(subjects[name])[:6]:
                print(f"  {seconds * 1000:7.2f}  {sql[:400]}")
            print(profile(subjects[name]))

    first = steps[0]
    for step in steps:
        step["growth"] = {
            name: step["vs_reference"][name] / first["vs_reference"][name]
            for name in step["vs_reference"]
        }
        step["queries_grew"] = {
            name: step["queries"][name] > first["queries"][name] for name in step["vs_reference"]
        }
    last = steps[-1]
    met = {
        "queries_constant": not any(last["queries_grew"][name] for name in PAGES)
        and all(not any(step["queries_grew"][n] for n in PAGES) for step in steps),
        "time_growth": all(last["growth"][name] <= GROWTH_TARGET for name in PAGES),
    }
    return {
        "benchmark": "growth",
        "machine": machine(),
        "rounds": rounds,
        "topics": topics_count,
        "votes_per_article": votes_per_article if ratings_available() else 0,
        "steps": steps,
        "hot_article": hot,
        "target": GROWTH_TARGET,
        "met": met,
    }


def report(result):
    lines = [
        f"Database: {result['machine'].get('database_version', result['machine']['database'])}; "
        f"{result['topics']} topics; {result['rounds']} alternating rounds per step.",
        "",
        "| articles | votes | page | queries | median ms | p95 ms | × reference "
        "| growth vs smallest |",
        "|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for step in result["steps"]:
        for name in (*PAGES, "article_after_vote", "topic_last_page", "reference"):
            s = step["stats"][name]
            vs = step["vs_reference"].get(name)
            growth = step["growth"].get(name) if "growth" in step else None
            lines.append(
                f"| {step['articles']:,} | {step['votes']:,} | {name.replace('_', ' ')} "
                f"| {step['queries'][name]} | {s['median_ms']:.2f} | {s['p95_ms']:.2f} "
                f"| {'' if vs is None else f'{vs:.2f}'} "
                f"| {'' if growth is None else f'**{growth:.2f}**'} |"
            )
    build = ", ".join(
        f"{s['articles']:,}: {s['build_seconds']:.1f}s + {s['vote_seconds']:.1f}s votes"
        for s in result["steps"]
    )
    lines += ["", f"Build time per step (articles + votes): {build}."]
    hot = result.get("hot_article")
    if hot:
        lines += [
            "",
            f"A popular article: the measured article with {hot['votes_on_article']:,} votes of "
            f"its own (at {result['steps'][-1]['articles']:,} articles): {hot['queries']} queries, "
            f"{hot['stats']['article']['median_ms']:.2f} ms median, "
            f"{hot['vs_reference']:.2f} × reference, **{hot['growth']:.2f}** × its time at "
            f"{result['steps'][0]['articles']:,} articles; right after a vote (summary read "
            f"again): {hot['stats']['article_after_vote']['median_ms']:.2f} ms median, "
            f"**{hot.get('after_vote_growth', 0):.2f}** × the same at "
            f"{result['steps'][0]['articles']:,} articles.",
        ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,1000,10000")
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--topics", type=int, default=5)
    parser.add_argument("--votes-per-article", type=int, default=100)
    parser.add_argument("--check", action="store_true", help="exit 1 when queries grow")
    parser.add_argument(
        "--hot-votes",
        type=int,
        default=100000,
        help="then give the measured article this many votes and time it again (0: no)",
    )
    parser.add_argument(
        "--profile", default="", help="pages to profile at the last size, e.g. home,topic"
    )
    parser.add_argument("--name", default="growth", help="name of the JSON file in benchmarks/out/")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    setup_django()
    with throwaway_database():
        result = run(
            sizes,
            args.rounds,
            args.topics,
            args.votes_per_article,
            [p for p in args.profile.split(",") if p],
            hot_votes=args.hot_votes if ratings_available() else 0,
        )
    save(args.name, result)
    print(report(result))
    print("met:", result["met"])
    if args.check and not result["met"]["queries_constant"]:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
