"""Property-based tests of the reader-facing inputs (Hypothesis).

Bounded and deterministic for CI: ``FUZZ`` runs a fixed number of examples per test
(``KB_FUZZ_EXAMPLES``, default 60), derandomized, with no example database, so every run tries
the same inputs. Set ``KB_FUZZ_EXAMPLES=2000`` locally to search longer.
"""

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=int(os.environ.get("KB_FUZZ_EXAMPLES", "60")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)

# Text a test client can send (no lone surrogates: they cannot be encoded as UTF-8).
SENDABLE = st.characters(blacklist_categories=("Cs",))

# A marker tag and attribute: if input ever reaches the page unescaped, one of them appears as
# markup when the page is parsed.
MARKER_TAG = "kbx"
MARKER_ATTR = "kbxattr"
INJECTIONS = [
    f"<{MARKER_TAG}>",
    f'"><{MARKER_TAG}>',
    f"'><{MARKER_TAG}>",
    f'" {MARKER_ATTR}="1',
    f"' {MARKER_ATTR}='1",
    f"</title><{MARKER_TAG}>",
    f"</script><{MARKER_TAG}>",
    f"</textarea><{MARKER_TAG}>",
    f"<!--<{MARKER_TAG}>-->",
    f"<{MARKER_TAG} {MARKER_ATTR}=1>",
    f"<img src=x {MARKER_ATTR}=1>",
    "&lt;kbx&gt;",
    "javascript:alert(1)",
    "{{ request }}",
    "{% debug %}",
    "%(count)s %s {0}",
    "\x00",
    "\u202e",
    "ﬀ\u0301",
    "🙂" * 3,
]


def hostile_text(max_size=300):
    """Arbitrary text with, often, an injection attempt somewhere in it."""
    plain = st.text(SENDABLE, max_size=max_size)
    return st.one_of(
        plain,
        st.tuples(plain, st.sampled_from(INJECTIONS), plain).map("".join),
    )


def assert_no_injected_markup(test, html):
    """Neither the marker tag nor the marker attribute survives as markup in ``html``."""
    from bs4 import BeautifulSoup

    test.assertNotIn(f"<{MARKER_TAG}", html)
    if MARKER_TAG not in html.lower():
        # Both markers start with MARKER_TAG, and the parser only lower-cases tag and attribute
        # names (it decodes no entity in them): no such name can be there. Saves the parse.
        return
    soup = BeautifulSoup(html, "html.parser")
    test.assertEqual(soup.find_all(MARKER_TAG), [])
    test.assertEqual(soup.find_all(attrs={MARKER_ATTR: True}), [])
