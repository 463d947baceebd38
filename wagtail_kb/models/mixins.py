"""``KBPageMixin``: what every KB page shares (routing, its KB, breadcrumb, header context)."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction

from ..conf import kb_settings
from ..listing_cache import fragment_context
from .settings import KBSettings
from .sitemap import is_below_unpublished

HOME_MODEL = "wagtail_kb.KBHomePage"


class KBPageMixin:
    """Shared by every KB page: its KB, breadcrumb, header navigation and base template."""

    # The KB page types most likely to be found under this one, tried in this order.
    kb_child_types = ()
    # True on the page type that starts a knowledge base.
    is_kb_home = False

    def route(self, request, path_components):
        # Remember the KB pages that routing goes through: they are the ancestors the breadcrumb
        # needs, already loaded, so serving the page does not fetch them again.
        trail = [p for p in getattr(request, "_wagtail_kb_route", ()) if p.depth < self.depth]
        request._wagtail_kb_route = [*trail, self]
        if path_components and not self._is_own_route(path_components):
            child = self._kb_child(path_components[0])
            if child is not None:
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        # Anything else (this page itself, its own routes, a child of another type, a 404): as
        # Wagtail does it.
        return super().route(request, path_components)

    def _is_own_route(self, path_components):
        if not isinstance(self, RoutablePageMixin):
            return False
        try:
            self.resolve_subpage("/" + "/".join(path_components) + "/")
        except Http404:
            return False
        return True

    def _kb_child(self, slug):
        """The child page ``slug`` as its specific class, in one query when it is a KB page.

        Wagtail's ``Page.route`` fetches the child as a ``Page`` and then ``.specific`` with a
        second query, at every level of the URL.
        """
        for model in self.kb_child_types:
            model = apps.get_model(model) if isinstance(model, str) else model
            children = model.objects.children_of(self).filter(slug=slug)
            child = children.with_view_restriction_flags(self.depth + 1).first()
            if child is not None:
                return child
        return None

    def get_view_restrictions(self):
        """Wagtail's view restrictions of this page, without a query when none can apply.

        A page loaded ``with_view_restriction_flags()`` (routing does it) knows whether any
        restriction or alias is on its branch; otherwise Wagtail's own look-up runs.
        """
        flag = getattr(self, "kb_maybe_restricted", None)
        if flag is not None and not flag and self.alias_of_id is None:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def _routed_ancestors(self, request):
        """The chain KB home … parent from the routing trail, or None if it is not complete."""
        trail = getattr(request, "_wagtail_kb_route", None) if request is not None else None
        if not trail:
            return None
        chain = [p for p in trail if p.depth < self.depth and self.path.startswith(p.path)]
        homes = [i for i, page in enumerate(chain) if getattr(page, "is_kb_home", False)]
        if not homes:
            return None
        chain = chain[homes[-1] :]
        depths = [page.depth for page in chain]
        if depths != list(range(chain[0].depth, self.depth)):
            return None
        return chain

    def _kb_ancestors(self, request=None):
        """This page's ancestors from its KB home down to its parent (none or one query).

        From the tree they are plain ``Page`` objects except the KB home, which is its own class
        (built without a query) so that its routes can be reversed.
        """
        routed = self._routed_ancestors(request)
        if routed is not None:
            return routed
        ancestors = list(Page.objects.ancestor_of(self).filter(depth__gt=1).order_by("depth"))
        home_type = ContentType.objects.get_for_model(apps.get_model(HOME_MODEL))
        for number, ancestor in enumerate(ancestors):
            if ancestor.content_type_id == home_type.pk:
                return [ancestor.specific_deferred, *ancestors[number + 1 :]]
        return []

    def get_kb_context(self, request):
        if self.is_kb_home:
            kb_home, breadcrumbs = self, []
        else:
            breadcrumbs = self._kb_ancestors(request)
            kb_home = breadcrumbs[0] if breadcrumbs else None
            # Readers never see the title of a page that is not live (a topic unpublished while
            # its articles stay live, which Wagtail still serves by URL): leave it out.
            breadcrumbs = breadcrumbs[:1] + [page for page in breadcrumbs[1:] if page.live]
        return {
            "kb_base_template": kb_settings.BASE_TEMPLATE,
            "kb_home": kb_home,
            "kb_breadcrumbs": breadcrumbs,
            # Read only when used: the header that shows it is a cached fragment.
            "kb_settings": SimpleLazyObject(lambda: KBSettings.for_request(request)),
            "kb_search_url": kb_home.get_search_url(request) if kb_home else "",
            # Template fragments (header, rating card) are cached under the tree version, which
            # any page, site, KB settings or rating widget change replaces.
            **fragment_context(),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.get_kb_context(request))
        return context

    def get_sitemap_urls(self, request=None):
        """Wagtail's entry (URL, last publication), none below a page that is not live."""
        if is_below_unpublished(self, request):
            return []
        return super().get_sitemap_urls(request)
