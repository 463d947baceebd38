"""Reader-facing views the page routes delegate to.

``rate``: ``POST <article url>rate/`` with ``stars`` (1–5) and an optional ``comment``. See
CONTRACT.md for the answers; ``wagtail_kb.middleware`` for the anti-forgery design.
"""

import math

from django import forms
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import ratings
from ..conf import kb_settings
from ..health.sections import sections
from ..middleware import origin_checked, origin_refusal
from .responses import BUSY_RETRY_AFTER, never_cached, wants_json

STARS_ERROR = gettext_lazy("Choose a rating: a whole number of stars from 1 to 5.")


class RatingForm(forms.Form):
    stars = forms.IntegerField(
        min_value=1,
        max_value=5,
        error_messages={
            "required": gettext_lazy("Choose a rating from 1 to 5 stars."),
            "invalid": STARS_ERROR,
            "min_value": STARS_ERROR,
            "max_value": STARS_ERROR,
        },
    )
    comment = forms.CharField(required=False, strip=True)
    # The honeypot: hidden from people and assistive technology, filled in by bots that fill
    # every field. A vote that fills it is answered as accepted and stored nowhere.
    website = forms.CharField(required=False, strip=True)
    # "Which part?": a heading id of the article's table of contents (kept with the comment).
    section = forms.CharField(required=False, strip=True)

    def __init__(self, *args, accepts_comments=True, section_ids=frozenset, **kwargs):
        super().__init__(*args, **kwargs)
        self.accepts_comments = accepts_comments
        self.section_ids = section_ids
        self.max_length = kb_settings.RATING_COMMENT_MAX_LENGTH

    def clean_stars(self):
        # IntegerField accepts "4.0", and int() full-width or Arabic-Indic digits ("４", "٤"):
        # a rating is a whole number as typed, in ASCII digits.
        raw = str(self.data.get("stars", "")).strip()
        if not (raw.isascii() and raw.isdigit()):
            raise forms.ValidationError(STARS_ERROR, code="invalid")
        return self.cleaned_data["stars"]

    def clean_comment(self):
        comment = self.cleaned_data.get("comment", "").replace("\r\n", "\n")
        if comment and not self.accepts_comments:
            raise forms.ValidationError(
                _("This article does not take comments; send your rating without one."),
                code="comments_off",
            )
        if len(comment) > self.max_length:
            raise forms.ValidationError(
                ngettext(
                    "Your comment is too long: at most %(max)s character, you sent %(length)s.",
                    "Your comment is too long: at most %(max)s characters, you sent %(length)s.",
                    self.max_length,
                )
                % {
                    "max": number_format(self.max_length, force_grouping=True),
                    "length": number_format(len(comment), force_grouping=True),
                },
                code="max_length",
            )
        return comment

    def clean_section(self):
        section = self.cleaned_data.get("section", "")
        if section and section not in self.section_ids():
            raise forms.ValidationError(
                _(
                    "Choose the part of the article your comment is about from the list "
                    "(or none): “%(section)s” is not one of its sections."
                )
                % {"section": section[:80]},
                code="unknown_section",
            )
        return section

    def error_message(self):
        messages = []
        for field in ("stars", "comment", "section"):
            messages.extend(str(error) for error in self.errors.get(field, []))
        return " ".join(messages) or _("The rating could not be read.")


def _kept_comment(request):
    """What a refused no-JS form sent, so the page can give the reader's text back to them."""
    comment = request.POST.get("comment", "") if request.method == "POST" else ""
    stars = request.POST.get("stars", "")
    if not comment.strip():
        return {}
    return {
        "kept_comment": comment,
        "kept_stars": stars if stars in {"1", "2", "3", "4", "5"} else "",
        "form_action": request.path,
    }


def _answer(request, article, status, message, headers=None):
    """A refusal as JSON, or as a small page that links back to the article."""
    if wants_json(request):
        response = JsonResponse({"error": str(message)}, status=status)
    else:
        html = render_to_string(
            "wagtail_kb/rating_message.html",
            {
                "message": message,
                "article": article,
                "status": status,
                **_kept_comment(request),
            },
            request=None,
        )
        response = HttpResponse(html, status=status)
    return never_cached(response, headers)


def rate(article, request):
    """Record a reader's vote (and comment) on ``article``; see the module docstring."""
    if request.method != "POST":
        response = _answer(
            request,
            article,
            405,
            _("Ratings are sent with POST, from the rating form under the article."),
            headers={"Allow": "POST"},
        )
        return response

    # ``RatingCsrfMiddleware`` checked the origin before Django's CSRF check; without it (a site
    # with no CSRF middleware at all) the view does.
    refusal = None if origin_checked(request) else origin_refusal(request)
    if refusal:
        return _answer(request, article, 403, refusal)

    if not article.ratings_enabled:
        # Not an article readers may rate: as if there were no rate/ route (the middleware
        # answers the same before Django's CSRF check).
        raise Http404

    visitor_id, new_visitor = ratings.get_visitor_id(request)
    visitor_key = ratings.visitor_hash(visitor_id)
    ip_key = ratings.ip_hash(ratings.client_ip(request))

    limited = ratings.check_rate_limits(visitor_key, ip_key)
    if limited:
        minutes = max(1, math.ceil(limited.retry_after / 60))
        message = ngettext(
            "Too many ratings in a short time. Please try again in %(minutes)s minute.",
            "Too many ratings in a short time. Please try again in %(minutes)s minutes.",
            minutes,
        ) % {"minutes": minutes}
        return _answer(
            request, article, 429, message, headers={"Retry-After": str(limited.retry_after)}
        )

    widget = ratings.widget_for_request(article, request)
    form = RatingForm(
        request.POST,
        accepts_comments=ratings.accepts_comments(widget),
        section_ids=lambda: {heading_id for heading_id, _text in sections(article, request)},
    )
    if not form.is_valid():
        return _answer(request, article, 400, form.error_message())

    stars = form.cleaned_data["stars"]
    comment = form.cleaned_data["comment"]
    refused = ratings.new_visitors_refusal(article, ip_key) if new_visitor else None
    if refused:
        return _answer(request, article, 429, refused.message, refused.headers)
    as_json = wants_json(request)
    try:
        summary = (
            ratings.cached_summary(article)
            if form.cleaned_data["website"]
            else ratings.cast_vote(
                article,
                stars,
                visitor_key,
                ip_key,
                comment=comment,
                new_visitor=new_visitor,
                section=form.cleaned_data["section"] if comment else "",
                summarise_after=as_json,
            )
        )
    except ratings.DatabaseBusy:
        return _answer(
            request,
            article,
            503,
            ratings.LOCKED_MESSAGE,
            headers={"Retry-After": str(BUSY_RETRY_AFTER)},
        )

    if as_json:
        payload = summary.as_dict()
        payload.update(
            {
                "your_vote": stars,
                "comment_saved": bool(comment),
                "ask_comment": not comment and ratings.wants_comment(widget, stars),
                "thank_you": str(widget.get_thank_you()),
                "helpful_label": ratings.helpful_label(summary),
            }
        )
        response = JsonResponse(payload)
    else:
        url = article.get_url(request) or article.url
        query = f"?rated={stars}" + ("&commented=1" if comment else "")
        response = HttpResponseRedirect(f"{url}{query}#rating", status=303)
    if new_visitor:
        ratings.set_visitor_cookie(response, request, visitor_id)
    return never_cached(response)
