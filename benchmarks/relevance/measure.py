"""What the relevance benchmark measures: rankings, recall@3 and MRR, speed, SQL queries.

Three rankings of the same pages for every query:

* ``kb``: the KB results page, ``GET <kb home>search/?q=…`` as a reader gets it (HTML, first
  page), read back from the page's result list (``.kb-search-result``: each result's first
  link, a click-through ``search/go/?…&to=<id>`` or the article's URL);
* ``kb_instant``: the KB's instant results, the same URL with ``Accept: application/json``;
* ``wagtail``: Wagtail's own search, ``KBArticlePage.objects.live().search(q)``, first 10.

A query is *answered at 3* when one of its expected articles is among the first three results;
recall@3 is the share of queries answered at 3, MRR the mean of 1/rank of the first expected
article (0 when it is not in the first ``DEPTH``).

Speed, timed alternately in one process (``benchmarks.common.alternate``) over every query of
the set: the KB results page against Wagtail's own search view as ``wagtail start`` writes it,
and the KB's instant results against ``.autocomplete()`` as JSON (both baselines are benchmark
4's views, ``benchmarks/search_bench.py``), as ratios of medians and of 95th percentiles; and
the SQL queries each runs per search. Each KB subject is timed cold (its search results cache
emptied before each request, untimed) and warm (asked again), in the same rounds.
"""

import statistics
import time
from urllib.parse import parse_qs, urlsplit

from ..common import alternate, count_queries, log, profile, query_times, summary

DEPTH = 10
SUBJECTS = ("kb", "kb_instant", "wagtail")
# (cold KB subject, warm KB subject, baseline[, second baseline]) of each timed comparison. The
# results page is also timed against Wagtail's view with a minimal template (titles only, no
# base.html): the baseline of earlier rounds.
TIMED = {
    "results_page": ("kb_cold", "kb", "wagtail_view", "wagtail_view_minimal"),
    "instant": ("kb_instant_cold", "kb_instant", "wagtail_autocomplete"),
}
COLD = ("kb_cold", "kb_instant_cold")


class Searcher:
    """The KB's two searches over HTTP (Django's test client) and Wagtail's own, as doc paths."""

    def __init__(self, home, paths):
        from django.test import Client

        self.client = Client()
        self.home = home
        self.search_url = home.url + "search/"
        self.paths = paths  # article id -> doc path
        self.by_url = {}
        from wagtail_kb.models import KBArticlePage

        for article in KBArticlePage.objects.descendant_of(home).defer_streamfields():
            self.by_url[urlsplit(article.url).path] = article.pk

    def _get(self, url, data, **extra):
        response = self.client.get(url, data, **extra)
        if response.status_code != 200:
            raise AssertionError(f"GET {url} {data} answered {response.status_code}")
        return response

    def _article_id(self, href):
        parts = urlsplit(href)
        target = parse_qs(parts.query).get("to")
        if target:
            return int(target[0])
        return self.by_url.get(parts.path)

    def kb(self, text):
        from bs4 import BeautifulSoup

        response = self._get(self.search_url, {"q": text})
        soup = BeautifulSoup(response.content, "html.parser")
        ids = []
        for item in soup.select(".kb-search-result"):
            link = item.find("a", href=True)
            pk = self._article_id(link["href"]) if link else None
            if pk is not None and pk not in ids:
                ids.append(pk)
        return [self.paths.get(pk, f"?{pk}") for pk in ids[:DEPTH]]

    def kb_instant(self, text):
        response = self._get(self.search_url, {"q": text}, HTTP_ACCEPT="application/json")
        out = []
        for hit in response.json():
            pk = hit.get("id") or self._article_id(hit.get("url", ""))
            out.append(self.paths.get(pk, f"?{pk}"))
        return out[:DEPTH]

    def wagtail(self, text):
        from wagtail_kb.models import KBArticlePage

        results = KBArticlePage.objects.live().search(text)[:DEPTH]
        return [self.paths.get(page.pk, f"?{page.pk}") for page in results]

    def timed(self, text):
        """name -> callable, for the four timed subjects."""
        url = self.search_url
        return {
            "kb": lambda: self._get(url, {"q": text}),
            "wagtail_view": lambda: self._get("/wagtail-search/", {"query": text}),
            "wagtail_view_minimal": lambda: self._get("/wagtail-search-minimal/", {"query": text}),
            "kb_instant": lambda: self._get(url, {"q": text}, HTTP_ACCEPT="application/json"),
            "wagtail_autocomplete": lambda: self._get("/wagtail-autocomplete/", {"q": text}),
        }


def first_rank(expected, ranked):
    for position, path in enumerate(ranked[:DEPTH], start=1):
        if path in expected:
            return position
    return None


def scores(ranks):
    """recall@3 and MRR of a list of ranks (None: not found)."""
    n = len(ranks)
    return {
        "n": n,
        "recall3": sum(1 for r in ranks if r is not None and r <= 3) / n if n else 0.0,
        "mrr": sum(1 / r for r in ranks if r is not None) / n if n else 0.0,
    }


def relevance(searcher, queries, subjects=SUBJECTS):
    """Rankings of every query by every subject, and the scores per kind and overall."""
    per_query = []
    started = time.perf_counter()
    for query in queries:
        ranked = {name: getattr(searcher, name)(query.text) for name in subjects}
        per_query.append(
            {
                "kind": query.kind,
                "text": query.text,
                "expected": list(query.expected),
                "ranks": {name: first_rank(query.expected, ranked[name]) for name in subjects},
                "top3": {name: ranked[name][:3] for name in subjects},
            }
        )
    log(
        f"{len(queries)} queries ranked {len(subjects)} ways in "
        f"{time.perf_counter() - started:.0f}s"
    )
    kinds = list(dict.fromkeys(q["kind"] for q in per_query))
    table = {}
    for name in subjects:
        table[name] = {
            kind: scores([q["ranks"][name] for q in per_query if q["kind"] == kind])
            for kind in kinds
        }
        table[name]["overall"] = scores([q["ranks"][name] for q in per_query])
    return per_query, table


def forget_results(name=None):
    """Empty the KB's search results cache (before a cold search); no-op before the cache."""
    try:
        from wagtail_kb.search.cache import forget_results as forget
    except ImportError:  # a tree without the results cache: every search is cold
        return
    forget()


def speed(searcher, queries, rounds):
    """Alternating timings over every query, SQL queries per search, ratios to the baselines.

    Each KB subject is timed twice in the same rounds: **cold** (``kb_cold``,
    ``kb_instant_cold``: the search results cache emptied just before, untimed — the first
    search of a query, every other cache warm) and **warm** (``kb``, ``kb_instant``: the same
    search again, as readers repeating a common query get it).
    """
    times = {name: [] for trio in TIMED.values() for name in trio}
    by_kind = {}
    sql = {name: [] for name in times}
    started = time.perf_counter()
    for done, query in enumerate(queries, start=1):
        if done % 16 == 0:
            log(f"timed {done} of {len(queries)} queries ({time.perf_counter() - started:.0f}s)")
        subjects = searcher.timed(query.text)
        subjects["kb_cold"], subjects["kb_instant_cold"] = subjects["kb"], subjects["kb_instant"]
        for fn in subjects.values():
            fn()  # warm: caches, the search log's first write, the planner
        for name, fn in subjects.items():
            if name in COLD:
                forget_results()
            sql[name].append(count_queries(fn)[0])
        for trio in TIMED.values():
            measured = alternate(
                {name: subjects[name] for name in trio},
                rounds,
                before=lambda name: forget_results() if name in COLD else None,
            )
            for name, values in measured.items():
                times[name].extend(values)
                by_kind.setdefault(query.kind, {}).setdefault(name, []).extend(values)
    overall = {name: summary(values) for name, values in times.items()}
    return {
        "rounds": rounds,
        "overall": overall,
        "ratios": _ratios(overall),
        "ratios_by_kind": {
            kind: _ratios({n: summary(v) for n, v in values.items()})
            for kind, values in by_kind.items()
        },
        "sql_queries": {
            name: {"min": min(c), "median": statistics.median(c), "max": max(c)}
            for name, c in sql.items()
        },
    }


def _ratios(stats):
    out = {}
    for what, (cold, warm, baseline, *second) in TIMED.items():
        out[what] = _ratio(stats, warm, baseline)
        out[f"{what}_cold"] = _ratio(stats, cold, baseline)
        for other in second:
            out[f"{what}_minimal"] = _ratio(stats, warm, other)
            out[f"{what}_cold_minimal"] = _ratio(stats, cold, other)
    return out


def _ratio(stats, subject, baseline):
    return {
        "median": stats[subject]["median_ms"] / stats[baseline]["median_ms"],
        "p95": stats[subject]["p95_ms"] / stats[baseline]["p95_ms"],
    }


def where_time_goes(searcher, text, repeat=20):
    """cProfile listings and the slowest SQL of the KB's two searches for one query, cold (the
    results cache emptied before each call) and warm."""
    subjects = searcher.timed(text)
    out = {}
    for name in ("kb", "kb_instant"):
        warm = subjects[name]

        def cold(fn=warm):
            forget_results()
            return fn()

        for label, fn in ((f"{name}_cold", cold), (name, warm)):
            fn()
            slowest = query_times(fn)[:6]
            sql = "\n".join(
                f"{seconds * 1000:8.2f} ms  {statement[:160]}" for seconds, statement in slowest
            )
            out[label] = (
                profile(fn, repeat=repeat, limit=40) + "\nslowest SQL (median of 5):\n" + sql
            )
    return out
