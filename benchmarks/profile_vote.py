"""Where a vote's time goes: cProfile of ``POST <article>rate/`` through Django's test client.

    python -m benchmarks.profile_vote [--votes 60]

The demo KB in a throw-away SQLite database, rate limits raised; prints the queries of one vote
and the share of the request spent in each part (cumulative time, so parts overlap).
"""

import argparse
import cProfile
import pstats
import sys

from .common import count_queries, setup_django, throwaway_database

PARTS = [
    ("whole request (test client)", "django/test/client.py", "request"),
    (
        "RatingCsrfMiddleware: the article by url_path (cached sites, page)",
        "wagtail_kb/middleware.py",
        "route_vote",
    ),
    ("  the article's query (routing fields)", "wagtail_kb/ratings/routes.py", "find_article"),
    ("  origin check", "wagtail_kb/middleware.py", "origin_refusal"),
    ("Wagtail serve (hooks: view restrictions)", "wagtail/views.py", "serve"),
    ("rate view", "wagtail_kb/views/ratings.py", "rate"),
    ("  rate limits (cache)", "wagtail_kb/ratings/limits.py", "check_rate_limits"),
    ("  rating widget (cached)", "wagtail_kb/ratings/widgets.py", "widget_for_request"),
    ("  new visitors per address", "wagtail_kb/ratings/limits.py", "new_visitors_refusal"),
    (
        "  cast_vote (conditional write + summary row, one transaction)",
        "wagtail_kb/ratings/casting.py",
        "cast_vote",
    ),
    ("    the summary row's increment", "wagtail_kb/ratings/counters.py", "count_vote"),
    ("  form", "django/forms/forms.py", "is_valid"),
]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--votes", type=int, default=60)
    parser.add_argument("--top", type=int, default=0, help="also print the N costliest functions")
    args = parser.parse_args(argv)
    setup_django()
    from django.test import Client, override_settings

    limits = {
        "WAGTAILKB_RATING_RATE_LIMIT_VISITOR": (10**6, 600),
        "WAGTAILKB_RATING_RATE_LIMIT_IP": (10**7, 600),
        # Every vote is a new visitor from one address: the cap's query runs, never refuses.
        "WAGTAILKB_RATING_NEW_VISITORS_PER_IP": 10**7,
    }
    with throwaway_database(), override_settings(**limits):
        from .fixtures import load_demo

        url = load_demo().url + "rate/"

        def vote():
            response = Client().post(
                url, {"stars": 4}, HTTP_ACCEPT="application/json", HTTP_ORIGIN="http://testserver"
            )
            assert response.status_code == 200, response.status_code

        for _ in range(5):
            vote()
        queries, sql = count_queries(vote)
        print(f"queries per vote: {queries}")
        for statement in sql:
            print("   ", statement[:100])
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.votes):
            vote()
        profiler.disable()
    stats = pstats.Stats(profiler)
    cumulative = {}
    for (path, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
        cumulative[(path, name)] = max(ct, cumulative.get((path, name), 0))
    print("\nshare of the request (cumulative):")
    for label, path_part, name in PARTS:
        share = max(
            (ct for (path, fn), ct in cumulative.items() if path_part in path and fn == name),
            default=0,
        )
        print(f"  {label:<52} {100 * share / stats.total_tt:5.1f}%")
    if args.top:
        stats.sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
