"""The editor's synonyms: what an editor adds after reading the Searches report of this KB.

The KB cannot know that readers say "sign in" where the docs say "log in": that knowledge is
the editor's, and ``KBSynonym`` is where it goes (the Searches report turns a zero-result or
unanswered search into a synonym in one step). So the benchmark measures the synonym queries
twice: **out of the box** (no ``KBSynonym``: what the search finds on its own), and **with the
editor's synonyms** below, which a reader of the first run's report would add.

How they were written, so the second figure can be judged: after the out-of-the-box run, from
the synonym queries it left unanswered, one group per missing *piece of vocabulary*, in the
docs' own words (not the query's exact text, not naming an article), the way an editor of a
Django help centre would; queries whose fix is an article to promote rather than a word
("run code after a record is saved") were left alone. The groups never change a keyword,
question or misspelling query's expected answer. Add groups here only in the same way, and
say in the commit which report entries they answer.
"""

EDITOR_SYNONYMS = [
    # "sign in" (docs: "log in", "login"): the contract's own example.
    "sign in, log in, login",
    # "user roles" (docs: permissions and groups).
    "roles, permissions, groups",
    # "reuse an old database" (docs: "legacy databases", "existing database").
    "old database, legacy database, existing database",
]


def add_editor_synonyms():
    """Create the groups as ``KBSynonym`` snippets of the default locale; returns how many."""
    from wagtail.models import Locale
    from wagtail_kb.models import KBSynonym

    locale = Locale.get_default()
    for terms in EDITOR_SYNONYMS:
        KBSynonym.objects.create(terms=terms, locale=locale)
    return len(EDITOR_SYNONYMS)
