"""Benchmark: KB search against Wagtail's own search of the same pages.

    .venv/bin/python benchmarks/search_bench.py --articles 10000 [--rounds 30] [--topics 25]
    .venv/bin/python benchmarks/search_bench.py --smoke          # a few seconds (CI)
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/search_bench.py --articles 10000

Builds one knowledge base of ``--articles`` live articles (varied words from a Zipf-distributed
vocabulary, so queries match from a handful to thousands of articles) in bulk, indexes them with
the configured search backend, then times, alternately in one process and through Django's test
client:

* ``kb``: the KB results page ``<kb home>search/?q=…`` (HTML, 10 per page: promotions, the KB's
  own ranking with stop words, corrections and synonyms, snippets, topics, query logging on —
  everything a reader gets; the articles are inserted in bulk, so the KB's word index is built
  as ``manage.py kb_search_index`` does, timed with the indexing);
* ``wagtail``: Wagtail's own search view as ``wagtail start`` generates it
  (``Page.objects.live().search(q)``, paginated by 10, its ``search.html`` and ``base.html``);
* ``kb_instant``: the KB's instant results (``Accept: application/json``);
* ``wagtail_autocomplete``: ``KBArticlePage.objects.live().autocomplete(q)[:6]`` as JSON.

Each KB subject is timed **cold** (the KB's search results cache emptied, untimed, before each
request: the first search of a query, every other cache warm) and **warm** (the same search
again), in the same alternating rounds as its baseline. Every figure is a median or 95th
percentile over all the queries and rounds, and each KB figure is also given as a ratio to its
Wagtail baseline measured in the same rounds. SQLite in memory
by default; PostgreSQL when ``DATABASE_URL`` is set (a throw-away ``test_…`` database).
Results go to ``benchmarks/out/search_bench[_<database>].json`` and a Markdown table on stdout.
"""

import argparse
import functools
import io
import json
import random
import sys
import time
import uuid
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(ROOT))

from benchmarks.common import (  # noqa: E402
    alternate,
    count_queries,
    log,
    machine,
    save,
    setup_django,
    summary,
    throwaway_database,
)

KB_SLUG = "search-bench"
PER_PAGE = 10
INSTANT = 6
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "ta",
    "vo",
    "shi",
    "pa",
    "de",
    "bri",
    "sto",
    "fen",
    "gar",
    "hol",
    "jun",
    "mar",
    "nol",
    "pen",
    "quo",
    "ril",
    "sen",
    "tor",
    "ul",
    "ven",
    "wex",
    "yar",
    "zin",
]
# Real words the queries use, with the share of articles whose body mentions them.
PLANTED = {
    "password": 0.20,  # common
    "invoice": 0.05,  # medium
    "firmware": 0.01,  # uncommon
    "thermostat": 0.001,  # rare: about 10 in 10,000
}
QUERIES = {
    "common": "password",
    "medium": "invoice",
    "rare": "thermostat",
    "two words": "password invoice",
    "title word": None,  # filled with a word of the vocabulary used in many titles
    "phrase-like": "reset firmware password",
    "no results": "xylophonic",
}
INSTANT_QUERIES = ["pass", "invo", "therm", "firmw", "xyl"]


# --- the URLs of this benchmark: Wagtail's own search and autocomplete beside the site's ------


def wagtail_search_view(request, template=None):
    """``wagtail start``'s search view (search/views.py) and its templates."""
    from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
    from django.template.response import TemplateResponse
    from wagtail.models import Page

    search_query = request.GET.get("query", None)
    page = request.GET.get("page", 1)
    if search_query:
        search_results = Page.objects.live().search(search_query)
    else:
        search_results = Page.objects.none()
    paginator = Paginator(search_results, PER_PAGE)
    try:
        search_results = paginator.page(page)
    except PageNotAnInteger:
        search_results = paginator.page(1)
    except EmptyPage:
        search_results = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request,
        template or _wagtail_search_template(),
        {"search_query": search_query, "search_results": search_results},
    )


@functools.cache
def _wagtail_search_template():
    """``search/search.html`` and the ``base.html`` it extends, as ``wagtail start`` writes them
    (rendered from the installed Wagtail's project template, as ``startproject`` renders it),
    compiled once as a site's cached template loader keeps them, with the site's context
    processors. (This benchmark first used a minimal template of its own, compiled on every
    request; then compiled once; the files ``wagtail start`` writes are the view readers get.)"""
    import wagtail
    from django.conf import settings
    from django.template import Context, Engine
    from django.template.backends.django import DjangoTemplates

    project_template = Path(wagtail.__file__).parent / "project_template"
    generated = {
        name: Engine()
        .from_string(project_template.joinpath(*path).read_text())
        .render(Context({"project_name": "benchsite"}, autoescape=False))
        for name, path in WAGTAIL_TEMPLATE_FILES.items()
    }
    site_options = settings.TEMPLATES[0].get("OPTIONS", {})
    backend = DjangoTemplates(
        {
            "NAME": "wagtail-start",
            "DIRS": [],
            "APP_DIRS": False,
            "OPTIONS": {
                "context_processors": site_options.get("context_processors", []),
                # Cached, as on a site: ``{% extends %}`` would otherwise parse base.html on
                # every request.
                "loaders": [
                    (
                        "django.template.loaders.cached.Loader",
                        [("django.template.loaders.locmem.Loader", generated)],
                    )
                ],
            },
        }
    )
    return backend.get_template("search/search.html")


def wagtail_minimal_search_view(request):
    """The same view with a minimal template (titles only, no ``base.html``): the baseline of
    this benchmark's earlier rounds, still timed for comparison."""
    return wagtail_search_view(request, template=_minimal_search_template())


@functools.cache
def _minimal_search_template():
    from django.template import engines

    return engines["django"].from_string(MINIMAL_SEARCH_TEMPLATE)


WAGTAIL_TEMPLATE_FILES = {
    "base.html": ("project_name", "templates", "base.html"),
    "search/search.html": ("search", "templates", "search", "search.html"),
}


MINIMAL_SEARCH_TEMPLATE = """{% load wagtailcore_tags %}<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Search</title></head><body>
<h1>Search</h1>
<form action="/wagtail-search/" method="get">
<input type="text" name="query"{% if search_query %} value="{{ search_query }}"{% endif %}>
<input type="submit" value="Search" class="button"></form>
{% if search_results %}<ul>{% for result in search_results %}
<li><h4><a href="{% pageurl result %}">{{ result }}</a></h4>
{% if result.search_description %}{{ result.search_description }}{% endif %}</li>
{% endfor %}</ul>
{% if search_results.has_previous %}<a href="?query={{ search_query|urlencode }}&amp;page={{ search_results.previous_page_number }}">Previous</a>{% endif %}
{% if search_results.has_next %}<a href="?query={{ search_query|urlencode }}&amp;page={{ search_results.next_page_number }}">Next</a>{% endif %}
{% elif search_query %}No results found{% endif %}
</body></html>"""  # noqa: E501


def wagtail_autocomplete_view(request):
    """A minimal as-you-type endpoint on Wagtail's ``.autocomplete()``: titles and URLs."""
    from django.http import JsonResponse
    from wagtail_kb.models import KBArticlePage

    query = request.GET.get("q", "")
    results = KBArticlePage.objects.live().autocomplete(query)[:INSTANT] if query else []
    return JsonResponse(
        [{"title": page.title, "url": page.get_url(request)} for page in results], safe=False
    )


def _urlpatterns():
    from django.urls import path
    from tests.urls import urlpatterns as site_urlpatterns

    return [
        path("wagtail-search/", wagtail_search_view, name="search"),  # as in ``wagtail start``
        path("wagtail-search-minimal/", wagtail_minimal_search_view),
        path("wagtail-autocomplete/", wagtail_autocomplete_view),
        *site_urlpatterns,
    ]


class _URLConf:
    """The ``ROOT_URLCONF`` of the run: this benchmark's two views before the site's URLs."""

    @property
    def urlpatterns(self):
        return _urlpatterns()


urlconf = _URLConf()


# --- content ---------------------------------------------------------------------------------


def vocabulary(size, rng):
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


class Writer:
    """Deterministic pseudo-text: Zipf-distributed words, planted real words at set rates."""

    def __init__(self, seed=7, size=4000):
        self.rng = random.Random(seed)
        self.words = vocabulary(size, self.rng)
        weights = [1 / (rank + 1) for rank in range(len(self.words))]
        total = sum(weights)
        self.cumulative = []
        running = 0.0
        for weight in weights:
            running += weight / total
            self.cumulative.append(running)

    def word(self):
        import bisect

        index = bisect.bisect_left(self.cumulative, self.rng.random())
        return self.words[min(index, len(self.words) - 1)]

    def sentence(self, words):
        text = " ".join(self.word() for _ in range(words))
        return text[:1].upper() + text[1:] + "."

    def title(self):
        return " ".join(self.word() for _ in range(self.rng.randint(3, 6))).capitalize()

    def planted(self):
        return [word for word, rate in PLANTED.items() if self.rng.random() < rate]

    def body(self):
        extra = self.planted()
        paragraphs = []
        for _ in range(3):
            sentences = [self.sentence(self.rng.randint(8, 16)) for _ in range(4)]
            if extra:
                position = self.rng.randrange(len(sentences))
                sentences[position] = sentences[position][:-1] + " " + " ".join(extra) + "."
                extra = []
            paragraphs.append("<p>" + " ".join(sentences) + "</p>")

        def block(kind, value):
            return {"type": kind, "value": value, "id": str(uuid.uuid4())}

        data = [
            block("heading", self.title()),
            block("paragraph", paragraphs[0]),
            block("heading", self.title()),
            block("paragraph", paragraphs[1]),
            block(
                "highlights",
                {
                    "heading": "",
                    "items": [
                        {
                            "type": "item",
                            "value": f"<p>{self.sentence(6)}</p>",
                            "id": str(uuid.uuid4()),
                        }
                        for _ in range(2)
                    ],
                },
            ),
            block("paragraph", paragraphs[2]),
        ]
        if self.rng.random() < 0.2:
            data.append(
                block(
                    "video",
                    {
                        "heading": "",
                        "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                        "caption": self.sentence(5),
                        "transcript": " ".join(self.sentence(12) for _ in range(6)),
                    },
                )
            )
        return data


def build_kb(articles, topics_count, writer):
    """One KB home with ``topics_count`` topics and ``articles`` live articles, built in bulk."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page, Site
    from wagtail_kb.models import KBArticlePage, KBHomePage, KBTopicPage

    root = Site.objects.get(is_default_site=True).root_page
    home = root.add_child(instance=KBHomePage(title="Search benchmark", slug=KB_SLUG))
    home.save_revision().publish()
    topics = []
    for index in range(topics_count):
        topic = home.add_child(
            instance=KBTopicPage(title=f"Topic {writer.title()}", slug=f"topic-{index}")
        )
        topic.save_revision().publish()
        topics.append(Page.objects.get(pk=topic.pk))

    content_type = ContentType.objects.get_for_model(KBArticlePage)
    locale = Locale.get_default()
    now = timezone.now()
    quote = connection.ops.quote_name
    table = KBArticlePage._meta.db_table
    per_topic = [
        articles // topics_count + (1 if i < articles % topics_count else 0)
        for i in range(topics_count)
    ]
    with transaction.atomic():
        for topic, count in zip(topics, per_topic, strict=True):
            pages, rows = [], []
            for position in range(1, count + 1):
                slug = f"{topic.slug}-a{position}"
                title = writer.title()
                pages.append(
                    Page(
                        path=Page._get_path(topic.path, topic.depth + 1, position),
                        depth=topic.depth + 1,
                        numchild=0,
                        title=title,
                        draft_title=title,
                        slug=slug,
                        url_path=f"{topic.url_path}{slug}/",
                        content_type=content_type,
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=now,
                        last_published_at=now - timezone.timedelta(minutes=position),
                        locale=locale,
                        translation_key=uuid.uuid4(),
                    )
                )
                rows.append((writer.sentence(14), json.dumps(writer.body())))
            created = Page.objects.bulk_create(pages, batch_size=1000)
            if connection.features.can_return_rows_from_bulk_insert:
                ids = [page.pk for page in created]
            else:
                by_path = dict(
                    Page.objects.filter(path__in=[p.path for p in pages]).values_list("path", "pk")
                )
                ids = [by_path[page.path] for page in pages]
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {quote(table)} ({quote('page_ptr_id')}, {quote('intro')}, "
                    f"{quote('body')}, {quote('ratings_enabled')}) VALUES (%s, %s, %s, %s)",
                    [(pk, intro, body, True) for pk, (intro, body) in zip(ids, rows, strict=True)],
                )
            Page.objects.filter(pk=topic.pk).update(numchild=count)
    home.refresh_from_db()
    return home


def index_articles(home, batch=500):
    """Put every article of ``home`` into the search index (what ``update_index`` does)."""
    from wagtail.search.backends import get_search_backend
    from wagtail_kb.models import KBArticlePage

    backend = get_search_backend()
    ids = list(KBArticlePage.objects.descendant_of(home).values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        chunk = list(KBArticlePage.objects.filter(pk__in=ids[start : start + batch]))
        backend.add_bulk(KBArticlePage, chunk)
    from django.db import connection

    # The KB search's own word index, as ``manage.py kb_search_index`` builds it (publishing
    # an article indexes it; these articles were inserted in bulk).
    from wagtail_kb.search.indexing import rebuild

    rebuild(home)
    if connection.vendor == "postgresql":  # planner statistics, as autovacuum would gather
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return len(ids)


def title_word(home):
    """A vocabulary word found in many titles (for the "title word" query)."""
    from collections import Counter

    from wagtail_kb.models import KBArticlePage

    counts = Counter()
    for title in KBArticlePage.objects.descendant_of(home).values_list("title", flat=True)[:3000]:
        counts.update(set(title.lower().split()))
    # Not the most frequent words (those are everywhere): the 60th, a realistic topic word.
    common = [word for word, _ in counts.most_common(80)]
    return common[min(59, len(common) - 1)]


# --- the run ---------------------------------------------------------------------------------


def run(articles, rounds, topics_count):
    from django.test import Client, override_settings
    from wagtail_kb.models import KBArticlePage, SearchLogEntry

    writer = Writer()
    started = time.perf_counter()
    home = build_kb(articles, topics_count, writer)
    build_seconds = time.perf_counter() - started
    log(f"{articles} articles in {topics_count} topics built in {build_seconds:.1f}s")
    started = time.perf_counter()
    indexed = index_articles(home)
    index_seconds = time.perf_counter() - started
    log(f"{indexed} articles indexed in {index_seconds:.1f}s")

    queries = dict(QUERIES, **{"title word": title_word(home)})
    client = Client()
    search_url = home.url + "search/"
    with override_settings(
        ROOT_URLCONF=urlconf,
        WAGTAILKB_SEARCH_RESULTS_PER_PAGE=PER_PAGE,
        WAGTAILKB_SEARCH_INSTANT_RESULTS=INSTANT,
        **separate_counters(),
    ):
        # "kb_cold": the results cache emptied (untimed) before each call, the first search of
        # a query; "kb": the same search again (warm).
        per_query = {}
        all_times = {"kb_cold": [], "kb": [], "wagtail": [], "wagtail_minimal": []}
        for kind, query in queries.items():
            kb = _get(client, search_url, {"q": query})
            subjects = {
                "kb_cold": kb,
                "kb": kb,
                "wagtail": _get(client, "/wagtail-search/", {"query": query}),
                "wagtail_minimal": _get(client, "/wagtail-search-minimal/", {"query": query}),
            }
            for fn in subjects.values():
                fn(), fn()  # warm
            matches = KBArticlePage.objects.live().descendant_of(home).search(query).count()
            forget_results()
            queries_cold = count_queries(kb)[0]
            queries_kb = count_queries(kb)[0]
            queries_wagtail = count_queries(subjects["wagtail"])[0]
            times = alternate(subjects, rounds, before=_forget_before_cold)
            for name, values in times.items():
                all_times[name].extend(values)
            stats = {name: summary(values) for name, values in times.items()}
            per_query[kind] = {
                "query": query,
                "matches": matches,
                "queries": {"kb_cold": queries_cold, "kb": queries_kb, "wagtail": queries_wagtail},
                "stats": stats,
                "ratio_median": stats["kb"]["median_ms"] / stats["wagtail"]["median_ms"],
                "ratio_median_cold": stats["kb_cold"]["median_ms"] / stats["wagtail"]["median_ms"],
            }
            log(
                f"{kind:12} {query!r:28} {matches:6} matches"
                f"  kb cold {stats['kb_cold']['median_ms']:7.2f} ms"
                f"  warm {stats['kb']['median_ms']:7.2f} ms"
                f"  wagtail {stats['wagtail']['median_ms']:7.2f} ms"
            )

        instant_times = {"kb_instant_cold": [], "kb_instant": [], "wagtail_autocomplete": []}
        instant_queries = {}
        for query in INSTANT_QUERIES:
            kb = _get(client, search_url, {"q": query}, HTTP_ACCEPT="application/json")
            subjects = {
                "kb_instant_cold": kb,
                "kb_instant": kb,
                "wagtail_autocomplete": _get(client, "/wagtail-autocomplete/", {"q": query}),
            }
            for fn in subjects.values():
                fn(), fn()
            forget_results()
            instant_queries[query] = {
                "kb_instant_cold": count_queries(kb)[0],
                "kb_instant": count_queries(kb)[0],
                "wagtail_autocomplete": count_queries(subjects["wagtail_autocomplete"])[0],
            }
            for name, values in alternate(subjects, rounds, before=_forget_before_cold).items():
                instant_times[name].extend(values)

        # The KB page's query count does not depend on the page size.
        page_size_queries = {}
        for size in (5, 20):
            with override_settings(WAGTAILKB_SEARCH_RESULTS_PER_PAGE=size):
                fn = _get(client, search_url, {"q": queries["common"]})
                fn()
                forget_results()  # cold: the ranking and the hits are built
                page_size_queries[size] = count_queries(fn)[0]

    overall = {name: summary(values) for name, values in {**all_times, **instant_times}.items()}
    return {
        "benchmark": "search",
        "machine": machine(),
        "articles": indexed,
        "topics": topics_count,
        "rounds": rounds,
        "build_seconds": build_seconds,
        "index_seconds": index_seconds,
        "per_query": per_query,
        "instant_queries": instant_queries,
        "overall": overall,
        "ratios": {
            "results_page": _ratio(overall["kb"], overall["wagtail"]),
            "results_page_cold": _ratio(overall["kb_cold"], overall["wagtail"]),
            "results_page_minimal": _ratio(overall["kb"], overall["wagtail_minimal"]),
            "results_page_cold_minimal": _ratio(overall["kb_cold"], overall["wagtail_minimal"]),
            "instant": _ratio(overall["kb_instant"], overall["wagtail_autocomplete"]),
            "instant_cold": _ratio(overall["kb_instant_cold"], overall["wagtail_autocomplete"]),
        },
        "page_size_queries": page_size_queries,
        "logged_searches": SearchLogEntry.objects.count(),
    }


def separate_counters():
    """Settings giving the rate-limit counters a cache of their own, as docs/production.md
    advises (the KB's search results cache is on only then: docs/search.md, "Speed")."""
    from django.conf import settings

    counters = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "counters"}
    return {
        "CACHES": {**settings.CACHES, "kb-counters": counters},
        "WAGTAILKB_RATE_LIMIT_CACHE_ALIAS": "kb-counters",
    }


def forget_results():
    """Empty the KB's search results cache (a cold search); no-op in a tree without it."""
    try:
        from wagtail_kb.search.cache import forget_results as forget
    except ImportError:
        return
    forget()


def _forget_before_cold(name):
    if name.endswith("_cold"):
        forget_results()


def _get(client, url, data, **extra):
    def get():
        response = client.get(url, data, **extra)
        if response.status_code != 200:
            raise AssertionError(f"GET {url} {data} answered {response.status_code}")
        return response

    return get


def _ratio(subject, baseline):
    return {
        "median": subject["median_ms"] / baseline["median_ms"],
        "p95": subject["p95_ms"] / baseline["p95_ms"],
    }


def _row(label, stats, ratio=None):
    ratios = f"**{ratio['median']:.2f}** | **{ratio['p95']:.2f}**" if ratio else "1 | 1"
    return f"| {label} | {stats['median_ms']:.2f} | {stats['p95_ms']:.2f} | {ratios} |"


def _against_minimal(ratios):
    cold, warm = ratios["results_page_cold_minimal"], ratios["results_page_minimal"]
    return (
        f"KB results page ÷ the minimal template (median / p95): cold {cold['median']:.2f} / "
        f"{cold['p95']:.2f}, warm {warm['median']:.2f} / {warm['p95']:.2f}."
    )


def report(result):
    m = result["machine"]
    o, r = result["overall"], result["ratios"]
    lines = [
        f"{result['articles']:,} articles in {result['topics']} topics on "
        f"{m.get('database_version', m['database'])} (Python {m['python']}, Django {m['django']}, "
        f"Wagtail {m['wagtail']}); built in {result['build_seconds']:.1f}s, indexed in "
        f"{result['index_seconds']:.1f}s; {result['rounds']} alternating rounds per query.",
        "",
        "| subject | median ms | p95 ms | × Wagtail (median) | × Wagtail (p95) |",
        "|---|---:|---:|---:|---:|",
        _row("KB results page, cold", o["kb_cold"], r["results_page_cold"]),
        _row("KB results page, warm", o["kb"], r["results_page"]),
        _row("Wagtail search view (`wagtail start`'s view and templates)", o["wagtail"]),
        _row("Wagtail search view, minimal template (earlier baseline)", o["wagtail_minimal"]),
        "",
        _against_minimal(r),
        "",
        "| subject | median ms | p95 ms | × Wagtail (median) | × Wagtail (p95) |",
        "|---|---:|---:|---:|---:|",
        _row("KB instant (JSON), cold", o["kb_instant_cold"], r["instant_cold"]),
        _row("KB instant (JSON), warm", o["kb_instant"], r["instant"]),
        _row("Wagtail autocomplete", o["wagtail_autocomplete"]),
        "",
        "| query | text | matches | KB queries cold / warm | Wagtail queries "
        "| KB median ms cold / warm | Wagtail median ms | ratio cold / warm |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, q in result["per_query"].items():
        lines.append(
            f"| {kind} | `{q['query']}` | {q['matches']:,} "
            f"| {q['queries']['kb_cold']} / {q['queries']['kb']} "
            f"| {q['queries']['wagtail']} | {q['stats']['kb_cold']['median_ms']:.2f} / "
            f"{q['stats']['kb']['median_ms']:.2f} | {q['stats']['wagtail']['median_ms']:.2f} "
            f"| {q['ratio_median_cold']:.2f} / {q['ratio_median']:.2f} |"
        )
    lines += ["", "| instant query | KB queries cold / warm | Wagtail queries |", "|---|---:|---:|"]
    for query, counts in result["instant_queries"].items():
        lines.append(
            f"| `{query}` | {counts['kb_instant_cold']} / {counts['kb_instant']} "
            f"| {counts['wagtail_autocomplete']} |"
        )
    sizes = result["page_size_queries"]
    lines += [
        "",
        f"KB results page queries with 5 results per page: {sizes[5]}; with 20: {sizes[20]}.",
    ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--topics", type=int, default=25)
    parser.add_argument(
        "--rounds", type=int, default=30, help="timed requests per query and subject"
    )
    parser.add_argument("--smoke", action="store_true", help="300 articles, 3 rounds: seconds")
    args = parser.parse_args(argv)
    if args.smoke:
        args.articles, args.rounds, args.topics = 300, 3, 5

    setup_django()
    from django.db import connection

    with throwaway_database():
        sink = io.StringIO()
        with redirect_stdout(sink), redirect_stderr(sys.stderr):
            result = run(args.articles, args.rounds, args.topics)
        result["smoke"] = args.smoke
        name = "search_bench" + ("" if connection.vendor == "sqlite" else f"_{connection.vendor}")
        if not args.smoke:
            save(name, result)
    print(report(result))
    sizes = result["page_size_queries"]
    if sizes[5] != sizes[20]:
        print("FAIL: the results page's query count depends on the page size", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
