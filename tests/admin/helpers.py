"""What the admin tests share: users with given permissions, the reports' URLs, parsed pages."""

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import URLPattern, URLResolver, get_resolver

RATINGS_URL = "/admin/wagtail_kb/ratingvote/"
FEEDBACK_URL = "/admin/wagtail_kb/feedbackcomment/"
SEARCHES_URL = "/admin/kb/searches/"
SET_STATUS_URL = FEEDBACK_URL + "set_status/"
PROMOTE_URL = SEARCHES_URL + "promote/"

# The URL names modeladmin gives each report: "<prefix>_<action>".
REPORT_URL_PREFIXES = {
    "ratings": "wagtail_kb_ratingvote_modeladmin",
    "feedback": "wagtail_kb_feedbackcomment_modeladmin",
    "searches": "kb_searches_modeladmin",
}
REPORT_PERMISSIONS = {
    "ratings": "view_ratingvote",
    "feedback": "view_feedbackcomment",
    "searches": "view_searchlogentry",
}


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def make_user(username, *codenames, superuser=False, groups=()):
    """An admin user with ``codenames`` (besides ``access_admin``), or a superuser."""
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.com", "pw")
    user = User.objects.create_user(username, f"{username}@example.com", "pw")
    user.user_permissions.set(Permission.objects.filter(codename__in=["access_admin", *codenames]))
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


def registered_urls(report):
    """``{action: URLPattern}`` of every URL the admin serves for ``report``."""
    prefix = REPORT_URL_PREFIXES[report] + "_"
    found = {}

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and (pattern.name or "").startswith(prefix):
                found[pattern.name.removeprefix(prefix)] = pattern

    walk(get_resolver().url_patterns)
    return found


def table(response):
    """The report's table as ``[{column heading: cell text}]``, in the order shown (of a response,
    or of a page already parsed)."""
    page = response if isinstance(response, BeautifulSoup) else soup(response)
    listing = page.find("table", class_="kb-report")
    if listing is None:
        return []
    headings = [" ".join(th.get_text().split()) for th in listing.thead.find_all("th")]
    return [
        {
            heading: " ".join(td.get_text(" ").split())
            for heading, td in zip(headings, tr.find_all("td"), strict=True)
        }
        for tr in listing.tbody.find_all("tr")
    ]
