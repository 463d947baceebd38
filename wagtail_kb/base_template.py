"""What the site's base template (``WAGTAILKB_BASE_TEMPLATE``) offers KB pages.

KB pages fill four blocks of the site's base template: ``title``, ``extra_head``, ``content`` and
``extra_js``. Real base templates differ: many have no ``extra_head``/``extra_js``, wrap the
content in a ``<main>`` of their own, print a meta description and use ids of their own (a
search box's ``search-input``). Nobody can tell that from the template's name, so
``inspect(context)`` renders the base template with a marker in each of those blocks and reads
the result: which blocks render, the ids it uses, whether it has a main or a banner landmark
and whether it prints a meta description. That happens once per process and template name (again
when the development server sees a template file change); each KB page then asks the cached
answer. ``template_blocks(name)`` reads the blocks without rendering, for ``manage.py check``.
"""

import copy
import hashlib
import logging
import re
from dataclasses import dataclass
from functools import cached_property

from bs4 import BeautifulSoup
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import engines
from django.template.backends.django import DjangoTemplates
from django.utils.autoreload import file_changed
from django.utils.html import format_html

from .conf import kb_settings

logger = logging.getLogger(__name__)

BLOCKS = ("title", "extra_head", "content", "extra_js")
MARK = "kb-probe-{}-b7e2"
PROBE = "{% extends kb_probe_base %}" + "".join(
    f"{{% block {name} %}}{MARK.format(name)}{{% endblock %}}" for name in BLOCKS
)
MAIN_ID = "main-content"
DESCRIPTION = re.compile(r"^\s*description\s*$", re.IGNORECASE)
# Elements whose <header> is not the page's banner (HTML-AAM).
SECTIONING = ("article", "aside", "main", "nav", "section")

_inspected = {}


@dataclass(frozen=True)
class BaseTemplate:
    """What a base template renders around a KB page's content."""

    name: str
    blocks: frozenset = frozenset(BLOCKS)
    ids: frozenset = frozenset()
    has_main: bool = False
    has_banner: bool = False
    # Whether the site's template prints a meta description: "never", "when_set" (the page's
    # search_description, when it has one, as Wagtail's project template does) or "always".
    description: str = "never"

    @property
    def head(self):
        return "extra_head" in self.blocks

    @property
    def js(self):
        return "extra_js" in self.blocks

    @property
    def main(self):
        """Which KB element is the page's main landmark: ``"kb"``, ``"column"`` or ``""``.

        None when the site has its own ``<main>``. The whole ``.kb`` wrapper when the site has a
        banner of its own (so that the KB's header band is not a second banner), else the KB's
        main column (the KB's header band is then the page's banner, as in the default layout).
        """
        if self.has_main:
            return ""
        return "kb" if self.has_banner else "column"

    @property
    def main_attrs(self):
        """``id`` (unless the site uses it) and ``tabindex`` for the KB's main landmark."""
        if MAIN_ID in self.ids:
            return format_html(' tabindex="-1"')
        return format_html(' id="{}" tabindex="-1"', MAIN_ID)

    @cached_property
    def key(self):
        """Changes with anything KB output depends on (for cache keys)."""
        parts = [self.name, *sorted(self.blocks), *sorted(self.ids), self.main, self.description]
        return hashlib.blake2b("\0".join(parts).encode(), digest_size=8).hexdigest()

    def prints_description(self, page):
        """Whether the site's template prints a meta description for ``page`` itself."""
        if self.description == "when_set":
            return bool(getattr(page, "search_description", ""))
        return self.description == "always"


def inspect(context):
    """The :class:`BaseTemplate` KB pages extend, for a template context (dict or Context)."""
    name = context.get("kb_base_template") or kb_settings.BASE_TEMPLATE
    found = _inspected.get(name)
    if found is None:
        flat = context.flatten() if hasattr(context, "flatten") else dict(context)
        try:
            found = _probe(name, flat)
        except Exception:
            # The page itself will show what is wrong with the template when it renders; the KB
            # then fills the four blocks as documented.
            logger.warning("wagtail-kb could not inspect the base template %r", name, exc_info=True)
            return BaseTemplate(name=name)
        _inspected[name] = found
    return found


def _probe(name, flat):
    first = _render(name, flat, search_description=MARK.format("description"))
    soup = BeautifulSoup(first, "html.parser")
    description = _description(soup)
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    if description == MARK.format("description"):
        # The site prints the page's own search_description: does it print one without it?
        second = BeautifulSoup(_render(name, flat, search_description=""), "html.parser")
        ids.update(tag["id"] for tag in second.find_all(id=True))
        description = "always" if _description(second) is not None else "when_set"
    else:
        description = "never" if description is None else "always"
    return BaseTemplate(
        name=name,
        blocks=frozenset(block for block in BLOCKS if MARK.format(block) in first),
        ids=frozenset(ids),
        has_main=soup.find(lambda tag: tag.name == "main" or tag.get("role") == "main") is not None,
        has_banner=any(_is_banner(tag) for tag in soup.find_all(_may_be_banner)),
        description=description,
    )


def _render(name, flat, *, search_description):
    context = dict(flat, kb_probe_base=name)
    page = flat.get("page")
    if page is not None:
        page = copy.copy(page)
        page.search_description = search_description
        context["page"] = page
        if flat.get("self") is flat.get("page"):
            context["self"] = page
    return _engine().from_string(PROBE).render(context, flat.get("request"))


def _engine():
    for engine in engines.all():
        if isinstance(engine, DjangoTemplates):
            return engine
    raise LookupError("wagtail-kb needs the Django template engine in TEMPLATES")


def _description(soup):
    tag = soup.find("meta", attrs={"name": DESCRIPTION})
    return None if tag is None else tag.get("content", "")


def _may_be_banner(tag):
    return tag.name == "header" or tag.get("role") == "banner"


def _is_banner(tag):
    if tag.get("role") == "banner":
        return True
    return not tag.get("role") and tag.find_parent(SECTIONING) is None


def template_blocks(name):
    """Names of the blocks the template ``name`` renders (following constant ``{% extends %}``).

    None when that cannot be known without rendering (an ``{% extends %}`` with a variable).
    Raises ``TemplateDoesNotExist`` or ``TemplateSyntaxError`` as Django's loader does.
    """
    from django.template.loader_tags import BlockNode, ExtendsNode

    template = _engine().get_template(name).template
    chain = [template]
    while True:
        extends = template.nodelist.get_nodes_by_type(ExtendsNode)
        if not extends:
            break
        parent = extends[0].parent_name
        if parent.filters or not isinstance(parent.var, str):
            return None
        template = template.engine.get_template(parent.var)
        chain.append(template)
    names = {block.name for block in chain[-1].nodelist.get_nodes_by_type(BlockNode)}
    for child in reversed(chain[:-1]):
        for block in child.nodelist.get_nodes_by_type(BlockNode):
            if block.name in names:
                names.update(b.name for b in block.nodelist.get_nodes_by_type(BlockNode))
    return names


def forget():
    """Inspect base templates again on their next use."""
    _inspected.clear()


@receiver(setting_changed)
def _forget_on_setting_change(setting, **kwargs):
    if setting in ("TEMPLATES", "WAGTAILKB_BASE_TEMPLATE"):
        forget()


@receiver(file_changed)
def _forget_on_file_change(**kwargs):
    # The development server reloads templates without restarting: inspect them again.
    forget()
