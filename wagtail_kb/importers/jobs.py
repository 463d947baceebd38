"""An import started from the admin, run a few seconds per request so no request can time out.

``ImportJob.start(upload, home, user, publish=…)`` keeps the uploaded file in a private folder
(``WAGTAILKB_IMPORT_DIR``, never the media storage: an export holds private posts and post
passwords), reads it to the end (``SourceError`` — nothing kept, nothing written — when it cannot
be read) and begins with a dry run. Each ``advance()`` then does ``WAGTAILKB_IMPORT_STEP_SECONDS``
of work and saves where it is: the phase and position of ``ImportRun``, and the report so far, as
JSON beside the file. ``confirm()`` turns a finished dry run into the import itself. Every request
builds a new ``ImportRun`` from that state, so any worker of the site can take the next step (with
several servers, ``WAGTAILKB_IMPORT_DIR`` must be a folder they share).

A job belongs to the user who started it; a lock file keeps two requests from stepping it at once.
"""

import json
import os
import re
import shutil
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from ..conf import kb_settings
from .errors import SourceError
from .report import Entry, ImportReport
from .run import ImportRun
from .sources import FILE_SUFFIXES

UPLOAD_SUFFIXES = (".xml", *sorted(FILE_SUFFIXES))
JOB_ID = re.compile(r"^[0-9a-f]{32}$")
STATE = "state.json"
LOCK = "lock"
# A lock older than this is left over from a request that died: the job may be stepped again.
LOCK_STALE_SECONDS = 10 * 60
# Jobs not touched for this long are removed when a new one starts.
JOB_MAX_AGE_SECONDS = 2 * 24 * 60 * 60


class JobBusy(Exception):
    """Another request is stepping this job right now."""


def jobs_dir():
    folder = kb_settings.IMPORT_DIR or os.path.join(tempfile.gettempdir(), "wagtail_kb_imports")
    path = Path(folder)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def upload_name(name):
    """A safe file name keeping the upload's own name (a file's import key is its name)."""
    path = Path(name or "")
    suffix = path.suffix.lower()
    stem = get_valid_filename(path.stem)[:100] or "export"
    return f"{stem}{suffix}"


def _entry_from(data):
    data = dict(data)
    data["blocks"] = Counter(data.get("blocks") or {})
    return Entry(**data)


def _entry_data(entry):
    data = asdict(entry)
    data["blocks"] = dict(entry.blocks)
    data["dropped"] = [str(text) for text in entry.dropped]
    data["notes"] = [str(text) for text in entry.notes]
    return data


class ImportJob:
    def __init__(self, job_id, state):
        self.id = job_id
        self.state = state
        self.folder = jobs_dir() / job_id

    # --- starting and finding -------------------------------------------------------------------

    @classmethod
    def start(cls, upload, home, user, *, publish=False):
        """Keep ``upload`` and read it through (a dry run that has not started writing)."""
        _remove_old_jobs()
        job_id = uuid.uuid4().hex
        folder = jobs_dir() / job_id
        folder.mkdir(mode=0o700)
        name = upload_name(upload.name)
        try:
            with open(folder / name, "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            job = cls(
                job_id,
                {
                    "user": user.pk,
                    "home": home.pk,
                    "file": name,
                    "publish": bool(publish),
                    "dry_run": True,
                    "phase": "topics",
                    "position": 0,
                    "done": 0,
                    "total": 0,
                    "entries": [],
                    "planned": {},
                    "finished": False,
                },
            )
            run = job._run(home, user)
            job._save_run(run)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return job

    @classmethod
    def find(cls, job_id, user):
        """The user's job ``job_id``, or None (someone else's job is not found either)."""
        if not JOB_ID.match(job_id or ""):
            return None
        try:
            state = json.loads((jobs_dir() / job_id / STATE).read_text())
        except (OSError, ValueError):
            return None
        if state.get("user") != user.pk:
            return None
        return cls(job_id, state)

    # --- what it shows --------------------------------------------------------------------------

    @property
    def home_id(self):
        return self.state["home"]

    @property
    def file_name(self):
        return self.state["file"]

    @property
    def dry_run(self):
        return self.state["dry_run"]

    @property
    def finished(self):
        return self.state["finished"]

    @property
    def progress(self):
        return self.state["done"], self.state["total"]

    @property
    def percent(self):
        done, total = self.progress
        return 100 if not total else min(100, done * 100 // total)

    def report(self):
        """The ``ImportReport`` so far (its entries and the counts of what was skipped)."""
        report = ImportReport(dry_run=self.dry_run)
        report.entries = [_entry_from(data) for data in self.state["entries"]]
        report.skipped = Counter(self.state.get("skipped") or {})
        return report

    # --- running --------------------------------------------------------------------------------

    def _run(self, home, user):
        """A new ``ImportRun`` placed where the job is (a broken file raises ``SourceError``)."""
        run = ImportRun(
            [self.folder / self.state["file"]],
            home,
            publish=self.state["publish"],
            dry_run=self.state["dry_run"],
            user=user,
        )
        run.prepare()
        if self.state["entries"] or self.state["done"]:
            run.report.entries = [_entry_from(data) for data in self.state["entries"]]
        run.phase, run.position = self.state["phase"], self.state["position"]
        run.done_units = self.state["done"]
        run.__dict__["_planned"] = dict(self.state["planned"])
        return run

    def _save_run(self, run):
        self.state.update(
            {
                "phase": run.phase,
                "position": run.position,
                "done": run.done_units,
                "total": run.total,
                "entries": [_entry_data(entry) for entry in run.report.entries],
                "skipped": dict(run.report.skipped),
                "planned": run.__dict__.get("_planned", {}),
                "finished": run.phase == "done",
            }
        )
        self._write_state()

    def _write_state(self):
        temporary = self.folder / (STATE + ".new")
        temporary.write_text(json.dumps(self.state))
        os.replace(temporary, self.folder / STATE)

    def advance(self, home, user, seconds=None):
        """Do about ``seconds`` (``WAGTAILKB_IMPORT_STEP_SECONDS``) of work, at least one unit."""
        if self.finished:
            return
        seconds = kb_settings.IMPORT_STEP_SECONDS if seconds is None else seconds
        with self._lock():
            run = self._run(home, user)
            started = time.monotonic()
            done = run.step(1)
            while not done and time.monotonic() - started < seconds:
                done = run.step(5)
            self._save_run(run)
        if self.finished and not self.dry_run:
            # The import is complete: the export (private posts, passwords) is not kept.
            (self.folder / self.state["file"]).unlink(missing_ok=True)

    def confirm(self):
        """After a finished dry run: start the import itself from the beginning."""
        if not (self.dry_run and self.finished):
            return
        self.state.update(
            {
                "dry_run": False,
                "phase": "topics",
                "position": 0,
                "done": 0,
                "entries": [],
                "planned": {},
                "finished": False,
            }
        )
        self._write_state()

    def discard(self):
        shutil.rmtree(self.folder, ignore_errors=True)

    def _lock(self):
        return _Lock(self.folder / LOCK)


class _Lock:
    def __init__(self, path):
        self.path = path

    def __enter__(self):
        try:
            descriptor = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            try:
                stale = time.time() - self.path.stat().st_mtime > LOCK_STALE_SECONDS
            except OSError:
                stale = True
            if not stale:
                raise JobBusy(_("This import is already running in another request.")) from None
            self.path.unlink(missing_ok=True)
            descriptor = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(descriptor)
        return self

    def __exit__(self, *exc):
        self.path.unlink(missing_ok=True)
        return False


def _remove_old_jobs():
    limit = time.time() - JOB_MAX_AGE_SECONDS
    for folder in jobs_dir().iterdir():
        try:
            if JOB_ID.match(folder.name) and folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


__all__ = ["ImportJob", "JobBusy", "SourceError", "UPLOAD_SUFFIXES", "upload_name"]
