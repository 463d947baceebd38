"""Rewrite the figures of ``benchmarks/RESULTS.md`` from ``benchmarks/out/*.json``.

Only the part between ``<!-- figures:start -->`` and ``<!-- figures:end -->`` is generated; the
analysis around it is written by hand.
"""

import json

from .common import OUT, ROOT

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
START, END = "<!-- figures:start -->", "<!-- figures:end -->"


def _load(name):
    path = OUT / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def _machine(info):
    parts = [
        f"{info.get('cores')} cores ({info.get('cpu', '?')})",
        f"Python {info.get('python')}",
        f"Django {info.get('django')}",
        f"Wagtail {info.get('wagtail')}",
    ]
    if info.get("database_version"):
        parts.append(info["database_version"])
    if info.get("redis"):
        parts.append(f"Redis {info['redis']}")
    return ", ".join(parts)


def figures():
    from . import article_render, growth, voting

    out = []
    render = _load("article_render")
    if render:
        out += [
            "### 1. Article render",
            "",
            f"`python -m benchmarks.run render` — {render['rounds']['warm']} warm and "
            f"{render['rounds']['cold']} cold alternating rounds; {_machine(render['machine'])}; "
            f"{render['votes_seeded']} votes on the article; words on the page: KB "
            f"{render['words_on_page']['kb']:,}, bare {render['words_on_page']['bare']:,}.",
            "",
            article_render.report(render),
            "",
        ]
    for name, label in (("growth-sqlite", "SQLite"), ("growth-postgres", "PostgreSQL")):
        data = _load(name)
        if data:
            out += [
                f"### 2. Growth on {label}",
                "",
                f"`python -m benchmarks.run growth` — {_machine(data['machine'])}.",
                "",
                growth.report(data),
                "",
            ]
    vote = _load("voting")
    if vote:
        versions = ", ".join(vote.get("database_versions", {}).values())
        out += [
            "### 3. Voting under load",
            "",
            f"`python -m benchmarks.run voting` — gunicorn, 2 sync workers "
            f"(and 2 x {vote['settings']['sqlite_threads']} threads for the harsher SQLite run), "
            f"{vote['settings']['concurrency']} concurrent visitors from benchmarks/loadgen.py in "
            f"its own process, {vote['settings']['votes']:,} votes with "
            f"{vote['settings']['comments']:,} comments in {vote['settings']['chunks']} chunks "
            f"alternating with as many bare inserts; {_machine(vote['machine'])}; {versions}.",
            "",
            voting.report(vote),
            "",
        ]
    for name, label in (("search_bench", "SQLite"), ("search_bench_postgresql", "PostgreSQL")):
        data = _load(name)
        if data:
            from . import search_bench

            # JSON made the integer keys of page_size_queries strings.
            sizes = data.get("page_size_queries") or {}
            data["page_size_queries"] = {int(k): v for k, v in sizes.items()}

            out += [
                f"### 4. Search on {label}",
                "",
                "`python -m benchmarks.run search` (benchmarks/search_bench.py, by the search "
                "feature's author).",
                "",
                search_bench.report(data),
                "",
            ]
    return "\n".join(out).rstrip() + "\n"


def write():
    text = RESULTS.read_text() if RESULTS.exists() else f"# Benchmark results\n\n{START}\n{END}\n"
    if START not in text:
        text += f"\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    RESULTS.write_text(f"{head}{START}\n{figures()}{END}{tail}")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    write()
