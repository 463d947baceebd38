"""Which stored URLs may be rendered into ``href`` or ``src``: one check for every block.

Forms validate URLs when an editor saves them, but a value saved by code, a data migration or an
import never went through a form. So URLs are checked again when they are rendered:
``safe_url(url)`` returns the URL as a browser would read it when its scheme is http(s), mailto
or tel, or when it is relative, and ``""`` for anything else (``javascript:``, ``data:``,
``vbscript:``, ``file:``…).

The check is deliberately stricter than a browser: it looks for a scheme after every
transformation that could turn text into one — character references (``&#58;``, ``&colon;``,
decoded repeatedly), percent-escapes, compatibility forms (fullwidth letters and colons), and
the tabs, newlines, controls and spaces browsers drop. Whatever still looks like ``name:`` before
the first ``/``, ``?`` or ``#`` must be an allowed scheme. A relative URL with a colon in its
first path segment (rare, and ambiguous to browsers) is refused too.

Imports nothing from the package, so blocks and services can both use it.
"""

import html
import re
import unicodedata
from urllib.parse import unquote

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
WEB_SCHEMES = frozenset({"http", "https"})

# What the URL parser of browsers (WHATWG) removes: C0 controls and spaces at either end, tabs
# and newlines anywhere.
_EDGES = "".join(chr(c) for c in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
# For the check only: every control, space and invisible format character, anywhere.
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_SCHEME = re.compile(r"^([^/?#]*?):")


def _scheme_candidate(url):
    """The text before the first ``:`` once every disguise is taken off, else ``None``."""
    text = url
    for _round in range(5):  # "&amp;#58;" is "&#58;" after one round, ":" after two
        decoded = unquote(html.unescape(text))
        if decoded == text:
            break
        text = decoded
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else None


def safe_url(url, *, schemes=SAFE_SCHEMES, relative=True):
    """``url`` cleaned as browsers read it when it may be rendered, else ``""``.

    ``schemes``: the schemes allowed (lower case); ``relative``: whether a URL without a scheme
    (``/path``, ``page/``, ``?q=``, ``#id``, ``//host/path``) is allowed.
    """
    if not isinstance(url, str):
        return ""
    cleaned = _TAB_OR_NEWLINE.sub("", url.strip(_EDGES))
    if not cleaned:
        return ""
    scheme = _scheme_candidate(cleaned)
    if scheme is None:
        return cleaned if relative else ""
    return cleaned if scheme in schemes else ""
