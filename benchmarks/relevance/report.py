"""The relevance benchmark as Markdown: one run's tables, and RESULTS.md from the JSONs."""

import json
from pathlib import Path

from ..common import OUT
from .queries import KINDS

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
NAMES = {
    "kb": "KB results page",
    "kb_instant": "KB instant (JSON)",
    "wagtail": "Wagtail search",
    "kb_synonyms": "KB results page + editor's synonyms",
    "kb_instant_synonyms": "KB instant + editor's synonyms",
}
DATABASES = ("sqlite", "postgresql")


def _score(entry):
    return f"{entry['recall3']:.2f} / {entry['mrr']:.2f}"


def relevance_table(result):
    table = result["relevance"]
    subjects = list(table)
    lines = [
        "| kind | queries | " + " | ".join(NAMES.get(s, s) for s in subjects) + " |",
        "|---|---:|" + "---:|" * len(subjects),
    ]
    for kind in [*KINDS, "overall"]:
        if kind not in table[subjects[0]]:
            continue
        label = "**overall**" if kind == "overall" else kind
        cells = [_score(table[s][kind]) for s in subjects]
        if kind == "overall":
            cells = [f"**{cell}**" for cell in cells]
        lines.append(f"| {label} | {table[subjects[0]][kind]['n']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def speed_table(result):
    timing = result.get("timing")
    if not timing:
        return "(not timed)"
    o, r, q = timing["overall"], timing["ratios"], timing["sql_queries"]

    def row(label, name, ratio=None):
        if name not in o:
            return None
        ratios = f"**{ratio['median']:.2f}** | **{ratio['p95']:.2f}**" if ratio else "1 | 1"
        sql = q[name]
        count = (
            f"{sql['median']:g}"
            if sql["min"] == sql["max"]
            else f"{sql['median']:g} ({sql['min']}–{sql['max']})"
        )
        return (
            f"| {label} | {o[name]['median_ms']:.2f} | {o[name]['p95_ms']:.2f} | {ratios} "
            f"| {count} |"
        )

    rows = [
        row(
            "KB results page, cold (first search of the query)",
            "kb_cold",
            r.get("results_page_cold"),
        ),
        row("KB results page, warm (asked again: results cache)", "kb", r["results_page"]),
        row("Wagtail search view (baseline: `wagtail start`'s view and templates)", "wagtail_view"),
        row(
            "KB results page, cold ÷ minimal template",
            "kb_cold",
            r.get("results_page_cold_minimal"),
        ),
        row("KB results page, warm ÷ minimal template", "kb", r.get("results_page_minimal")),
        row("Wagtail search view, minimal template (earlier baseline)", "wagtail_view_minimal"),
        row("KB instant results (JSON), cold", "kb_instant_cold", r.get("instant_cold")),
        row("KB instant results (JSON), warm", "kb_instant", r["instant"]),
        row("Wagtail `.autocomplete()` (baseline)", "wagtail_autocomplete"),
    ]
    lines = [
        "| subject | median ms | p95 ms | × baseline (median) | × baseline (p95) "
        "| SQL queries per search |",
        "|---|---:|---:|---:|---:|---:|",
        *[line for line in rows if line],
        "",
        "| kind | results page ÷ Wagtail view, cold / warm (median; p95) "
        "| instant ÷ autocomplete, cold / warm (median; p95) |",
        "|---|---:|---:|",
    ]

    def pair(ratios, what):
        warm, cold = ratios[what], ratios.get(f"{what}_cold")
        if cold is None:
            return f"{warm['median']:.2f}; {warm['p95']:.2f}"
        return f"{cold['median']:.2f} / {warm['median']:.2f}; {cold['p95']:.2f} / {warm['p95']:.2f}"

    for kind, ratios in timing["ratios_by_kind"].items():
        lines.append(f"| {kind} | {pair(ratios, 'results_page')} | {pair(ratios, 'instant')} |")
    return "\n".join(lines)


def describe(result):
    m, c = result["machine"], result["corpus"]
    timing = result.get("timing") or {}
    return (
        f"{c['documents']} articles ({c['words']:,} words) in {c['topics']} topics from "
        f"{c['package']} {c['version']}'s sdist; {result['query_count']} queries; "
        f"wagtail_kb at {result.get('code', '?')}; "
        f"{m.get('database_version', m['database'])}, Python {m['python']}, "
        f"Django {m['django']}, Wagtail {m['wagtail']}"
        + (f"; {timing['rounds']} alternating rounds per query" if timing else "")
        + (
            f"; load average {result['load_average']:.1f} on {m['cores']} cores at the end"
            if result.get("load_average") is not None
            else ""
        )
        + "."
    )


def run_report(result):
    """One run's figures (stdout)."""
    return "\n\n".join(
        [
            describe(result),
            "recall@3 / MRR:",
            relevance_table(result),
            speed_table(result),
        ]
    )


def _rank(rank):
    return str(rank) if rank is not None else "–"


def per_query_table(results):
    names = list(results)
    header = "| kind | query | expected |"
    rule = "|---|---|---|"
    for name in names:
        header += f" {name}: page / instant / Wagtail |"
        rule += "---:|"
    lines = [header, rule]
    first = results[names[0]]["per_query"]
    for index, query in enumerate(first):
        cells = []
        for name in names:
            ranks = results[name]["per_query"][index]["ranks"]
            cells.append(" / ".join(_rank(ranks[s]) for s in ("kb", "kb_instant", "wagtail")))
        expected = ", ".join(f"`{path}`" for path in query["expected"])
        lines.append(
            f"| {query['kind']} | {query['text']} | {expected} | " + " | ".join(cells) + " |"
        )
    return "\n".join(lines)


def load_results():
    out = {}
    for database in DATABASES:
        path = OUT / f"relevance_{database}.json"
        if path.exists():
            out[database] = json.loads(path.read_text())
    return out


LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def write():
    """Rewrite RESULTS.md's figures from ``benchmarks/out/relevance_<database>.json``."""
    results = load_results()
    if not results:
        return None
    head, marker = _intro(), "<!-- figures below are written by benchmarks.relevance -->"
    parts = [head.rstrip(), "", marker, ""]
    for database, result in results.items():
        parts += [
            f"## {LABELS[database]}",
            "",
            describe(result),
            "",
            "Relevance, **recall@3 / MRR**:",
            "",
            relevance_table(result),
            "",
            "Speed (every query of the set, timed alternately with its baseline):",
            "",
            speed_table(result),
            "",
        ]
    parts += [
        "## Per query",
        "",
        "Rank of the first expected article (– : not in the first 10; instant lists 6).",
        "",
        per_query_table({LABELS[d]: r for d, r in results.items()}),
        "",
    ]
    RESULTS.write_text("\n".join(parts))
    return RESULTS


def _intro():
    """The hand-written part of RESULTS.md (everything above the marker), kept as it is."""
    marker = "<!-- figures below are written by benchmarks.relevance -->"
    if RESULTS.exists():
        text = RESULTS.read_text()
        # A file without the marker is all hand-written: keep it and add the figures after it.
        return text.split(marker, 1)[0] if marker in text else text
    return (
        "# Relevance benchmark: results\n\n"
        "What `make bench-relevance` measured (see [README.md](README.md) for the method). "
        "Figures below the marker are rewritten by each full run.\n"
    )
