"""Benchmark 1: an article against a plain Wagtail page holding the same text.

    python -m benchmarks.article_render [--rounds 300] [--cold-rounds 100] [--check]

The KB side is the demo's long article (``getting-started-guide``: ~1,500 words, 8 headings,
every block kind) loaded by ``load_kb_demo``, with votes and comments when ratings exist. The
baseline is ``benchmarks.bareapp.BarePage`` at the same depth of the same tree (so Wagtail's
routing costs both the same), its body the same text in stock blocks. Both are fetched with
Django's test client, alternately, in one process.

- warm: every cache filled (table of contents, site root paths, renditions, settings);
- cold: the article's table-of-contents entry deleted before each of its renders (the body is
  rendered and parsed again); the bare page has no such cache, so it is timed as usual.

Targets (issue 6): warm median ratio <= 1.15, cold median ratio <= 1.6, queries <= bare + 3.
``--check`` exits 1 when the query target is missed (timing targets are reported, not enforced:
on a shared machine they are evidence, not a gate).
"""

import argparse
import re
import sys

from .common import (
    alternate,
    count_queries,
    getter,
    log,
    machine,
    ratings_available,
    ratio,
    save,
    setup_django,
    summary,
    throwaway_database,
)

TARGETS = {"warm_median": 1.15, "cold_median": 1.6, "extra_queries": 3}


def words(html):
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return len(re.sub(r"<[^>]+>", " ", text).split())


def run(rounds=300, cold_rounds=100, votes=400, comments=20):
    from django.core.cache import caches
    from django.test import Client
    from wagtail_kb import toc
    from wagtail_kb.conf import kb_settings

    from .fixtures import BARE_HOST, bare_path, load_demo, make_bare_twin, seed_votes

    article = load_demo()
    bare, bare_plain = make_bare_twin(article)
    seeded = seed_votes([article], votes, comments=comments)
    client = Client()
    kb_get = getter(client, article.url)
    bare_get = getter(client, bare_path(bare), HTTP_HOST=BARE_HOST)
    plain_get = getter(client, bare_path(bare_plain), HTTP_HOST=BARE_HOST)
    for _ in range(5):
        kb_html, bare_html = kb_get().content.decode(), bare_get().content.decode()
        plain_get()
    body_words = {"kb": words(kb_html), "bare": words(bare_html)}
    headings = {"kb": kb_html.count("<h2"), "bare": bare_html.count("<h2")}
    log(
        f"article {article.url}: {body_words['kb']} words on the page; bare "
        f"{bare.full_url}: "
        f"{body_words['bare']}; votes seeded: {seeded}"
    )

    cache = caches[kb_settings.CACHE_ALIAS]

    def clear_toc():
        from wagtail_kb.models import KBArticlePage

        cache.delete(toc._cache_key(KBArticlePage.objects.get(pk=article.pk)))

    queries = {}
    queries["kb_warm"], kb_sql = count_queries(kb_get)
    queries["bare"], bare_sql = count_queries(bare_get)
    queries["bare_plain_links"], _ = count_queries(plain_get)
    clear_toc()
    queries["kb_cold"], _ = count_queries(kb_get)

    log(f"warm: {rounds} alternating rounds")
    warm = alternate({"kb": kb_get, "bare": bare_get, "bare_plain_links": plain_get}, rounds)
    log(f"cold: {cold_rounds} alternating rounds")
    cold = alternate(
        {"kb_cold": kb_get, "bare": bare_get, "bare_plain_links": plain_get},
        cold_rounds,
        before=lambda name: clear_toc() if name == "kb_cold" else None,
    )

    segments = cold_segments(article, kb_get, bare_get, plain_get, clear_toc, max(10, cold_rounds))

    stats = {
        "warm": {name: summary(values) for name, values in warm.items()},
        "cold": {name: summary(values) for name, values in cold.items()},
    }
    ratios = {
        "warm": ratio(stats["warm"]["kb"], stats["warm"]["bare"]),
        "warm_vs_plain_links": ratio(stats["warm"]["kb"], stats["warm"]["bare_plain_links"]),
        "cold": ratio(stats["cold"]["kb_cold"], stats["cold"]["bare"]),
        "cold_vs_plain_links": ratio(stats["cold"]["kb_cold"], stats["cold"]["bare_plain_links"]),
    }
    met = {
        "warm_median": ratios["warm"]["median"] <= TARGETS["warm_median"],
        "cold_median": ratios["cold"]["median"] <= TARGETS["cold_median"],
        "queries": queries["kb_warm"] <= queries["bare"] + TARGETS["extra_queries"],
        # The same against the bare page with plain links (the strictest baseline).
        "warm_median_plain": ratios["warm_vs_plain_links"]["median"] <= TARGETS["warm_median"],
        "cold_median_plain": ratios["cold_vs_plain_links"]["median"] <= TARGETS["cold_median"],
        "queries_plain": queries["kb_warm"]
        <= queries["bare_plain_links"] + TARGETS["extra_queries"],
    }
    return {
        "benchmark": "article_render",
        "machine": machine(),
        "rounds": {"warm": rounds, "cold": cold_rounds},
        "ratings": ratings_available(),
        "votes_seeded": seeded,
        "words_on_page": body_words,
        "h2_on_page": headings,
        "queries": queries,
        "sql": {"kb_warm": kb_sql, "bare": bare_sql},
        "stats": stats,
        "ratios": ratios,
        "targets": TARGETS,
        "met": met,
        "cold_segments_ms": segments,
    }


def cold_segments(article, kb_get, bare_get, plain_get, clear_toc, rounds):
    """Where a cold render's extra time goes: the parts timed alternately, medians in ms."""
    from django.test import RequestFactory
    from wagtail_kb import toc
    from wagtail_kb.models import KBArticlePage

    page = KBArticlePage.objects.get(pk=article.pk)
    context = {"request": RequestFactory().get(article.url)}
    html = toc.render_body(page, context)[0]
    with_links = page.body.raw_data

    def render_body():
        toc.render_body(page, context)

    def expand_links():  # what Wagtail's rich-text rewriting costs alone
        from wagtail.rich_text import expand_db_html

        for block in with_links:
            value = block["value"]
            texts = [value] if isinstance(value, str) else []
            if isinstance(value, dict):
                texts += [v for v in value.values() if isinstance(v, str) and "<" in v]
                texts += [i["value"] if isinstance(i, dict) else i for i in value.get("items", [])]
            for text in texts:
                if "linktype=" in text:
                    expand_db_html(text)

    times = alternate(
        {
            "cold request": kb_get,
            "warm request": kb_get,
            "bare request": bare_get,
            "bare request, plain links": plain_get,
            "render the body (blocks + rich text)": render_body,
            "  of which: expand rich-text links": expand_links,
            "build_toc (ids + TOC)": lambda: toc.build_toc(html),
        },
        rounds,
        before=lambda name: clear_toc() if name == "cold request" else None,
    )
    return {name: summary(values)["median_ms"] for name, values in times.items()}


def _delta(n):
    return f"{n:+d}"


def report(result):
    """Two baselines: the bare page with the article's stored text (its rich-text links to
    pages and documents resolved by Wagtail at each render, as for any page), and the same page
    with those links pasted as plain URLs (the strictest: nothing to resolve)."""
    s, r, q = result["stats"], result["ratios"], result["queries"]
    w, c = s["warm"], s["cold"]

    def ms(stat, key="median_ms"):
        return f"{stat[key]:.2f}"

    lines = [
        "| | KB article | bare page | ratio | bare, plain links | ratio | target |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| warm median (ms) | {ms(w['kb'])} | {ms(w['bare'])} | **{r['warm']['median']:.2f}** "
        f"| {ms(w['bare_plain_links'])} | **{r['warm_vs_plain_links']['median']:.2f}** "
        f"| ≤ {TARGETS['warm_median']} |",
        f"| warm p95 (ms) | {ms(w['kb'], 'p95_ms')} | {ms(w['bare'], 'p95_ms')} "
        f"| {r['warm']['p95']:.2f} | {ms(w['bare_plain_links'], 'p95_ms')} "
        f"| {r['warm_vs_plain_links']['p95']:.2f} | |",
        f"| cold median (ms, TOC not cached) | {ms(c['kb_cold'])} | {ms(c['bare'])} "
        f"| **{r['cold']['median']:.2f}** | {ms(c['bare_plain_links'])} "
        f"| **{r['cold_vs_plain_links']['median']:.2f}** | ≤ {TARGETS['cold_median']} |",
        f"| cold p95 (ms) | {ms(c['kb_cold'], 'p95_ms')} | {ms(c['bare'], 'p95_ms')} "
        f"| {r['cold']['p95']:.2f} | {ms(c['bare_plain_links'], 'p95_ms')} "
        f"| {r['cold_vs_plain_links']['p95']:.2f} | |",
        f"| SQL queries, warm | {q['kb_warm']} | {q['bare']} | {_delta(q['kb_warm'] - q['bare'])} "
        f"| {q['bare_plain_links']} | {_delta(q['kb_warm'] - q['bare_plain_links'])} "
        f"| ≤ +{TARGETS['extra_queries']} |",
        f"| SQL queries, cold | {q['kb_cold']} | {q['bare']} | {_delta(q['kb_cold'] - q['bare'])} "
        f"| {q['bare_plain_links']} | {_delta(q['kb_cold'] - q['bare_plain_links'])} | |",
    ]
    segments = result.get("cold_segments_ms")
    if segments:
        lines += [
            "",
            "Where a cold render's time goes (medians, timed alternately):",
            "",
            "| part | ms |",
            "|---|---:|",
            *(f"| {name} | {value:.2f} |" for name, value in segments.items()),
        ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--cold-rounds", type=int, default=100)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when the query target is missed"
    )
    parser.add_argument("--show-sql", action="store_true")
    parser.add_argument(
        "--name", default="article_render", help="name of the JSON file in benchmarks/out/"
    )
    args = parser.parse_args(argv)
    setup_django()
    with throwaway_database():
        result = run(args.rounds, args.cold_rounds)
    save(args.name, result)
    print(report(result))
    if args.show_sql:
        for side in ("kb_warm", "bare"):
            print(f"\n-- {side}")
            for sql in result["sql"][side]:
                print("  ", sql[:200])
    print("met:", result["met"])
    if args.check and not (result["met"]["queries"] and result["met"]["queries_plain"]):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
