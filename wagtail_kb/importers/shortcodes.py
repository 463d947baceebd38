"""WordPress shortcodes (``[gallery ids="1,2"]``, ``[tab]…[/tab]``): none of them reaches a page.

WordPress expands shortcodes when it shows a post; an export holds them as written. Outside code,
every shortcode is taken out and named in the report: one that wraps content (``[tab]text[/tab]``)
leaves its content, one that stands alone (``[gallery]``) leaves nothing. A few become what they
meant: ``[embed]URL[/embed]`` the URL on its own line (an embed), ``[caption]<img> text[/caption]``
a figure with its caption, ``[code]``/``[sourcecode]`` a code block. ``[[name]]`` is WordPress's
escape for a literal ``[name]``. Text inside ``<pre>`` and ``<code>`` is left as written.
"""

import html
import re

# [name attrs] or [name attrs /], and the closing [/name] when the same name closes it later.
OPEN = re.compile(r"\[(\[?)([A-Za-z][\w-]*)((?:\s[^\]]*?)?)(/?)\](\]?)")
PROTECTED = re.compile(r"(<pre\b.*?</pre>|<code\b.*?</code>)", re.IGNORECASE | re.DOTALL)
ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
CODE_NAMES = {"code", "sourcecode"}
LANGUAGE = re.compile(r"^[\w+#.-]{1,30}$")


def _attrs(text):
    return {
        m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
        for m in ATTR.finditer(text)
    }


def _replace(name, attrs, inner):
    """What a shortcode becomes (HTML), given its name, attributes and content (or None)."""
    if name == "embed" and inner:
        return "\n\n" + html.escape(inner.strip()) + "\n\n"
    if name in ("caption", "wp_caption") and inner:
        image = re.match(r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)", inner, re.DOTALL)
        if image:
            caption = image.group(2).strip()
            return f"<figure>{image.group(1)}<figcaption>{caption}</figcaption></figure>"
        return inner
    if name in CODE_NAMES and inner is not None:
        language = attrs.get("lang") or attrs.get("language") or ""
        language = language if LANGUAGE.match(language) else ""
        code = html.escape(html.unescape(inner.strip("\n")), quote=False)
        css = f' class="language-{html.escape(language)}"' if language else ""
        return f"<pre><code{css}>{code}</code></pre>"
    return inner or ""


def _expand(text, found):
    out, position = [], 0
    while True:
        match = OPEN.search(text, position)
        if match is None:
            out.append(text[position:])
            return "".join(out)
        out.append(text[position : match.start()])
        escaped_open, name, attr_text, self_closing, escaped_close = match.groups()
        if escaped_open and escaped_close:  # [[name]] is a literal [name]
            out.append(match.group(0)[1:-1])
            position = match.end()
            continue
        lowered = name.lower()
        inner, end = None, match.end()
        if not self_closing:
            closing = re.search(
                r"\[/" + re.escape(name) + r"\]", text[match.end() :], re.IGNORECASE
            )
            if closing:
                inner = text[match.end() : match.end() + closing.start()]
                end = match.end() + closing.end()
        found.append(lowered)
        if inner is not None and lowered not in CODE_NAMES:
            inner = _expand(inner, found)
        out.append(escaped_open + _replace(lowered, _attrs(attr_text), inner) + escaped_close)
        position = end


def strip_shortcodes(text):
    """Return ``(text without shortcodes, [names found in order])``."""
    if "[" not in text:
        return text, []
    found = []
    parts = PROTECTED.split(text)
    for index, part in enumerate(parts):
        if index % 2 == 0 and "[" in part:
            parts[index] = _expand(part, found)
    return "".join(parts), found
