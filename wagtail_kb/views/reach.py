"""Files for assistants: ``<kb home>llms.txt``, ``llms-full.txt``, ``<article>index.html.md``.

Wagtail serves pages only at paths of ``[\\w-]`` segments ending in ``/``, so these names (with a
dot, no trailing slash) come through ``wagtail_kb.urls``, placed before Wagtail's own URLs. Each
view finds the page for the path as Wagtail's routing does and answers 404 unless it is a live,
public page below live ones (``KBPageQuerySet.listed()``): a draft, a view-restricted page or a
page under an unpublished topic has no Markdown, whoever asks.
"""

from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from wagtail.models import Page

from ..models import KBArticlePage, KBHomePage
from ..reach import llms
from ..reach.markdown import article_markdown

MARKDOWN_TYPE = "text/markdown; charset=utf-8"


def _public_page(request, path, model):
    page = Page.find_for_request(request, "/" + path)
    if page is None or not isinstance(page.specific, model):
        raise Http404("No such page")
    page = page.specific
    if not page.live or not model.objects.filter(pk=page.pk).listed().exists():
        raise Http404("No such page")
    return page


def _markdown_response(text, canonical=None):
    response = HttpResponse(text, content_type=MARKDOWN_TYPE)
    patch_cache_control(response, public=True)
    if canonical:
        # The HTML page is the one search engines should index.
        response["Link"] = f'<{canonical}>; rel="canonical"'
    return response


def article_markdown_view(request, path):
    article = _public_page(request, path, KBArticlePage)
    return _markdown_response(
        article_markdown(article, request), canonical=article.get_full_url(request)
    )


def llms_txt_view(request, path=""):
    home = _public_page(request, path, KBHomePage)
    return _markdown_response(llms.llms_txt(home, request))


def llms_full_txt_view(request, path=""):
    home = _public_page(request, path, KBHomePage)
    return _markdown_response(llms.llms_full_txt(home, request))
