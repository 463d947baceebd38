"""The relevance benchmark's query set: what readers would type, with the articles that answer.

Written before the benchmark existed and before any search was run on the corpus, from what the
Django documentation (``topics/`` and ``howto/`` of the pinned sdist, see ``corpus.py``) is known
to cover; only the list of its file names was looked at, to name the expected articles. It is
committed on its own, before the runner, so that later changes to the search can be judged
against a set nobody tuned to them: do not edit a query or its answers to fit a result. Add new
queries below the old ones instead (and say so in the commit).

Four kinds, as readers type:

* ``question``: a whole question ("how do I …"), with the words a search engine would drop;
* ``keyword``: the one or few words of the docs themselves;
* ``misspelling``: a keyword typed wrong (one slip: a missing, doubled, swapped or wrong letter);
* ``synonym``: the reader's word for what the docs call something else ("sign in" for "log in").

Each query names its expected article(s) by doc path (under ``docs/``, without ``.txt``); a
query is answered when *any* of them is among the first results.
"""

from typing import NamedTuple


class Query(NamedTuple):
    kind: str
    text: str
    expected: tuple[str, ...]


KINDS = ("question", "keyword", "misspelling", "synonym")

QUERIES = [
    # --- questions -------------------------------------------------------------------------
    Query("question", "how do I send an email", ("topics/email",)),
    Query("question", "how do I upload a file", ("topics/http/file-uploads", "topics/files")),
    Query("question", "how do I run raw sql queries", ("topics/db/sql",)),
    Query(
        "question",
        "how do I make my site secure",
        ("topics/security", "howto/deployment/checklist"),
    ),
    Query(
        "question",
        "how can I translate my templates into other languages",
        ("topics/i18n/translation",),
    ),
    Query("question", "how do I write a custom template filter", ("howto/custom-template-tags",)),
    Query("question", "how do I create a csv file for download", ("howto/outputting-csv",)),
    Query("question", "how do I deploy django with gunicorn", ("howto/deployment/wsgi/gunicorn",)),
    Query("question", "what is the best way to cache a view", ("topics/cache",)),
    Query(
        "question", "how do I test my views", ("topics/testing/tools", "topics/testing/overview")
    ),
    Query("question", "how can I use more than one database", ("topics/db/multi-db",)),
    Query(
        "question",
        "how do I write my own management command",
        ("howto/custom-management-commands",),
    ),
    Query("question", "how do I paginate a list of objects", ("topics/pagination",)),
    Query(
        "question",
        "why are my database queries slow",
        ("topics/db/optimization", "topics/performance"),
    ),
    Query("question", "how should I store dates and times in utc", ("topics/i18n/timezones",)),
    Query("question", "how are passwords hashed", ("topics/auth/passwords",)),
    # --- keywords --------------------------------------------------------------------------
    Query("keyword", "custom user model", ("topics/auth/customizing",)),
    Query("keyword", "middleware", ("topics/http/middleware",)),
    Query("keyword", "formsets", ("topics/forms/formsets",)),
    Query("keyword", "signals", ("topics/signals",)),
    Query("keyword", "atomic transactions", ("topics/db/transactions",)),
    Query("keyword", "session cookie", ("topics/http/sessions",)),
    Query("keyword", "model managers", ("topics/db/managers",)),
    Query("keyword", "aggregation annotate", ("topics/db/aggregation",)),
    Query("keyword", "url dispatcher", ("topics/http/urls",)),
    Query("keyword", "serialization json", ("topics/serialization",)),
    Query("keyword", "class-based views mixins", ("topics/class-based-views/mixins",)),
    Query("keyword", "static files", ("howto/static-files/index", "howto/static-files/deployment")),
    Query("keyword", "system check framework", ("topics/checks",)),
    Query("keyword", "asgi uvicorn", ("howto/deployment/asgi/uvicorn",)),
    Query("keyword", "pdf reportlab", ("howto/outputting-pdf",)),
    Query("keyword", "modelform", ("topics/forms/modelforms",)),
    # --- misspellings ----------------------------------------------------------------------
    Query("misspelling", "midleware", ("topics/http/middleware",)),
    Query("misspelling", "pagniation", ("topics/pagination",)),
    Query("misspelling", "transactons", ("topics/db/transactions",)),
    Query("misspelling", "authentification", ("topics/auth/default", "topics/auth/index")),
    Query("misspelling", "seralization", ("topics/serialization",)),
    Query("misspelling", "migratoins", ("topics/migrations", "howto/writing-migrations")),
    Query(
        "misspelling",
        "internationlization",
        ("topics/i18n/index", "topics/i18n/translation"),
    ),
    Query("misspelling", "cacheing", ("topics/cache",)),
    Query("misspelling", "fromsets", ("topics/forms/formsets",)),
    Query("misspelling", "pasword hashing", ("topics/auth/passwords",)),
    Query("misspelling", "deploymnet checklist", ("howto/deployment/checklist",)),
    Query("misspelling", "custom templtae tags", ("howto/custom-template-tags",)),
    Query("misspelling", "aggregaton", ("topics/db/aggregation",)),
    Query("misspelling", "singals", ("topics/signals",)),
    Query("misspelling", "sesions", ("topics/http/sessions",)),
    Query("misspelling", "timezons", ("topics/i18n/timezones",)),
    # --- synonyms --------------------------------------------------------------------------
    Query("synonym", "sign in", ("topics/auth/default",)),
    Query("synonym", "encrypt passwords", ("topics/auth/passwords",)),
    Query("synonym", "user roles", ("topics/auth/default",)),
    Query(
        "synonym",
        "speed up my website",
        ("topics/performance", "topics/cache", "topics/db/optimization"),
    ),
    Query("synonym", "crash reports by email", ("howto/error-reporting",)),
    Query(
        "synonym",
        "seed the database with sample data",
        ("howto/initial-data", "topics/db/fixtures"),
    ),
    Query("synonym", "run code after a record is saved", ("topics/signals",)),
    Query("synonym", "export to spreadsheet", ("howto/outputting-csv",)),
    Query("synonym", "remember visitors between requests", ("topics/http/sessions",)),
    Query("synonym", "tamper-proof tokens", ("topics/signing",)),
    Query("synonym", "reuse an old database", ("howto/legacy-databases",)),
    Query("synonym", "paging through results", ("topics/pagination",)),
    Query("synonym", "schema changes", ("topics/migrations", "howto/writing-migrations")),
    Query("synonym", "mail a message to users", ("topics/email",)),
    Query("synonym", "upgrade to the latest release", ("howto/upgrade-version",)),
    Query("synonym", "attachments", ("topics/http/file-uploads", "topics/files")),
]
