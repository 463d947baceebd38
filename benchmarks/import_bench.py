"""Import speed and memory: ``kb_import`` of a 1,000-item WordPress export on SQLite.

    python -m benchmarks.import_bench                 # 1,000 items, 2 rounds (about 10 minutes)
    python -m benchmarks.import_bench --items 100 --rounds 2 --reader-items 2000   # a quick look

The export is built from the real WordPress fixtures (tests/fixtures/wordpress/all-content.xml,
made by scripts/fixtures/): its knowledge-base items, with their block-editor and classic bodies,
embeds, tables, links and category tree, repeated under new GUIDs and slugs up to ``--items``.

Subjects, timed alternately in one process, each round into a new KB home of one SQLite file:
- ``import``: ``ImportRun(…, publish=True)`` — read, plan, topics, pages, bodies → blocks,
  revisions, publishing, redirects, records;
- ``baseline``: the same topics and articles written through Wagtail's own API with no import
  work (``add_child``, ``save_revision``, ``publish``; the body as one paragraph of its HTML);
- ``admin`` (with ``--admin``): the same import as Knowledge base → Import runs it, an
  ``ImportJob`` stepped ``WAGTAILKB_IMPORT_STEP_SECONDS`` at a time (each step a new
  ``ImportRun`` that reads the file again), without the dry run; reported with its step count.

Reported: items per second of the import (the issue's target is 1,000 items in under 3 minutes,
5.6 items/s), its time as a ratio of the baseline's, and the reader's peak memory (tracemalloc)
over a larger export (``--reader-items``) beside that file's size.
"""

import argparse
import os
import re
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from .common import ROOT, log, machine, save, setup_django

FIXTURE = ROOT / "tests" / "fixtures" / "wordpress" / "all-content.xml"
KB_TYPES = re.compile(r"<wp:post_type><!\[CDATA\[(epkb_post_type_1|docs|ht_kb)\]\]></wp:post_type>")


def build_export(path, items):
    """Write an export of ``items`` knowledge-base items built from the fixture's own."""
    text = FIXTURE.read_text()
    head, rest = text.split("<item>", 1)
    tail = "</channel>" + text.rsplit("</channel>", 1)[1]
    bodies = ["<item>" + part.split("</item>", 1)[0] + "</item>" for part in rest.split("<item>")]
    kb_items = [item for item in bodies if KB_TYPES.search(item)]
    with open(path, "w") as out:
        out.write(head.replace("<rss", "<rss", 1))
        for n in range(items):
            item = kb_items[n % len(kb_items)]
            copy = n // len(kb_items)
            if copy:
                item = re.sub(r"(<guid[^>]*>)([^<]+)", rf"\g<1>\g<2>copy-{copy}", item)
                item = re.sub(r"<link>([^<]+)</link>", rf"<link>\g<1>copy-{copy}/</link>", item)
                item = re.sub(
                    r"<wp:post_name><!\[CDATA\[([^\]]*)\]\]>",
                    rf"<wp:post_name><![CDATA[\g<1>-{copy}]]>",
                    item,
                )
                item = re.sub(
                    r"<wp:post_id>(\d+)</wp:post_id>",
                    lambda m, copy=copy: (
                        f"<wp:post_id>{int(m.group(1)) + 1000 * copy}</wp:post_id>"
                    ),
                    item,
                )
            out.write(item + "\n")
        out.write(tail)
    return path


def make_home(n, subject):
    from wagtail.models import Page
    from wagtail_kb.models import KBHomePage

    root = Page.objects.get(depth=1).get_children().first()
    home = KBHomePage(title=f"Help {subject} {n}", slug=f"help-{subject}-{n}")
    root.add_child(instance=home)
    home.save_revision().publish()
    return KBHomePage.objects.get(pk=home.pk)


def run_import(export, home):
    from wagtail_kb.importers import ImportRun

    run = ImportRun([export], home, publish=True)
    run.prepare()
    report = run.run()
    failed = report.failed
    if failed:
        raise AssertionError(f"{len(failed)} items failed: {failed[0].notes}")
    return run


def run_baseline(export, home):
    """The same tree written with Wagtail's API and nothing else (bodies as one paragraph)."""
    import json

    from wagtail_kb.importers.plan import Plan
    from wagtail_kb.importers.sources import WXRSource
    from wagtail_kb.models import KBArticlePage, KBTopicPage

    source = WXRSource(export, 0)
    plan = Plan()
    source.scan(plan)
    plan.finish()
    pages = {}
    for spec in plan.ordered_topics():
        parent = pages.get(spec.parent_key, home)
        page = KBTopicPage(title=spec.title, slug=spec.slug, intro=spec.description)
        parent.add_child(instance=page)
        page.save_revision().publish()
        pages[spec.key] = page
    keys = {spec.key for spec in plan.articles}
    bodies = {key: html for key, html, _size in source.bodies(keys, 10**9)}
    slugs = set()
    for spec in plan.articles:
        parent = pages.get(spec.topic_key, home)
        slug = spec.slug
        while (parent.pk, slug) in slugs:
            slug += "-x"
        slugs.add((parent.pk, slug))
        body = json.dumps([{"type": "paragraph", "value": bodies.get(spec.key, "")}])
        page = KBArticlePage(title=spec.title, slug=slug, intro=spec.intro, body=body)
        parent.add_child(instance=page)
        revision = page.save_revision()
        if spec.public:
            revision.publish()


def run_admin(export, home):
    """Knowledge base → Import's way: an ``ImportJob`` advanced step by step until done."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail_kb.conf import kb_settings
    from wagtail_kb.importers.jobs import ImportJob

    user = get_user_model().objects.filter(is_superuser=True).first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench", "bench@example.com", "x")
    upload = SimpleUploadedFile(export.name, export.read_bytes())
    job = ImportJob.start(upload, home, user, publish=True)
    job.state["dry_run"], job.state["finished"] = True, True
    job.confirm()
    steps = 0
    while not job.finished:
        job.advance(home, user)
        steps += 1
    failed = job.report().failed
    job.discard()
    if failed:
        raise AssertionError(f"{len(failed)} items failed: {failed[0].notes}")
    return {"steps": steps, "step_seconds": kb_settings.IMPORT_STEP_SECONDS}


def reader_memory(items):
    from wagtail_kb.importers.wxr import iter_wxr

    with tempfile.TemporaryDirectory() as folder:
        path = build_export(Path(folder) / "reader.xml", items)
        size = path.stat().st_size
        tracemalloc.start()
        count = sum(1 for kind, _ in iter_wxr(path) if kind == "item")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {"items": count, "file_mb": size / 1e6, "peak_mb": peak / 1e6}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--reader-items", type=int, default=20000)
    parser.add_argument(
        "--admin", action="store_true", help="also time the admin's stepped import (ImportJob)"
    )
    args = parser.parse_args(argv)

    setup_django()
    from django.db import connection

    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "import-bench.sqlite3"
        connection.settings_dict.setdefault("TEST", {})["NAME"] = str(database)
        export = build_export(Path(folder) / "export.xml", args.items)
        log(f"export: {args.items} items, {export.stat().st_size / 1e6:.1f} MB")
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            info = machine()
            subjects = {"import": run_import, "baseline": run_baseline}
            if args.admin:
                subjects["admin"] = run_admin
            times = {name: [] for name in subjects}
            cpu = {name: [] for name in subjects}
            steps = []
            for round_ in range(args.rounds):
                order = list(subjects) if round_ % 2 == 0 else list(reversed(subjects))
                for subject in order:
                    home = make_home(round_, subject)
                    started, cpu_started = time.perf_counter(), time.process_time()
                    outcome = subjects[subject](export, home)
                    elapsed = time.perf_counter() - started
                    if subject == "admin":
                        steps.append(outcome["steps"])
                    times[subject].append(elapsed)
                    cpu[subject].append(time.process_time() - cpu_started)
                    log(
                        f"round {round_ + 1} {subject}: {elapsed:.1f}s, {cpu[subject][-1]:.1f}s "
                        f"CPU ({args.items / elapsed:.1f} items/s, load {os.getloadavg()[0]:.1f})"
                    )
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    median = {name: statistics.median(values) for name, values in times.items()}
    median_cpu = {name: statistics.median(values) for name, values in cpu.items()}
    memory = reader_memory(args.reader_items)
    result = {
        "machine": info,
        "items": args.items,
        "rounds": args.rounds,
        "seconds": times,
        "cpu_seconds": cpu,
        # On a machine shared with other jobs, CPU time is what the import itself costs.
        "import_items_per_cpu_second": args.items / median_cpu["import"],
        "import_items_per_second": args.items / median["import"],
        "baseline_items_per_second": args.items / median["baseline"],
        "import_vs_baseline": median["import"] / median["baseline"],
        **(
            {
                "admin_items_per_second": args.items / median["admin"],
                "admin_vs_import": median["admin"] / median["import"],
                "admin_steps": steps,
            }
            if args.admin
            else {}
        ),
        "reader_memory": memory,
        "load_average": os.getloadavg(),
    }
    save("import", result)
    print(
        f"kb_import: {args.items} items in {median['import']:.1f}s "
        f"({result['import_items_per_second']:.1f} items/s; target 1,000 in 180 s), "
        f"{args.items / median_cpu['import']:.1f} items per CPU-second; "
        f"{result['import_vs_baseline']:.2f}x Wagtail's own page writes; reader peak "
        f"{memory['peak_mb']:.1f} MB over a {memory['file_mb']:.0f} MB export"
    )
    if args.admin:
        print(
            f"Knowledge base → Import: {median['admin']:.1f}s in {statistics.median(steps):.0f} "
            f"steps ({result['admin_items_per_second']:.1f} items/s), "
            f"{result['admin_vs_import']:.2f}x the import in one go"
        )
    return result


if __name__ == "__main__":
    main()
