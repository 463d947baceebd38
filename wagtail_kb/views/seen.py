"""``POST <article url>seen/``: the article's script reports a page view (see ``ratings.seen``).

Answers 204 whether the view was counted or not (a bot learns nothing), 405 for other methods,
403 from another site's page (the same Origin check as votes), 503 when SQLite is locked. The
answer is never cached and sets no cookie; the article's HTML is the same for everyone.
"""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from ..middleware import origin_checked, origin_refusal
from ..ratings.casting import LOCKED_MESSAGE, DatabaseBusy
from ..ratings.seen import record_view
from .responses import busy_response, message_response, never_cached, origin_refused_response


def seen(article, request):
    """Count a reader's view of ``article``; see the module docstring."""
    if request.method != "POST":
        return message_response(
            request,
            405,
            _("Views are reported with POST, by the article's page."),
            {"Allow": "POST"},
        )
    refusal = None if origin_checked(request) else origin_refusal(request)
    if refusal:
        return origin_refused_response(request, refusal)
    try:
        record_view(article, request)
    except DatabaseBusy:
        return busy_response(request, LOCKED_MESSAGE)
    return never_cached(HttpResponse(status=204))
