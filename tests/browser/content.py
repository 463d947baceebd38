"""The help centre the browser tests read: built with tests/utils.py, in the test database."""

from types import SimpleNamespace

from wagtail.models import Site

from wagtail_kb.models import KBSettings

from ..utils import make_article, make_home, make_topic

LOREM = (
    "Mossbook keeps your field notes on the device first and sends them to your team when a "
    "network is there. Nothing is lost when the signal drops halfway up a hill. "
)


def paragraph(*sentences):
    return ("paragraph", "".join(f"<p>{sentence}</p>" for sentence in sentences))


def filler(times=6):
    return paragraph(*[LOREM * 2] * times)


def build_help_centre():
    """A KB home, two topics, four articles; the middle one uses every body block."""
    home = make_home(title="Help centre", slug="help")
    getting_started = make_topic(
        home, "Getting started", intro="Install Mossbook and make your first observation."
    )
    billing = make_topic(home, "Billing and plans", slug="billing")
    install = make_article(
        getting_started,
        "Install the app",
        intro="Download Mossbook on your phone or tablet.",
        body=[("heading", "Download"), filler(3)],
    )
    account = make_article(
        getting_started,
        "Create an account",
        intro="Sign up, choose a plan and confirm your email address.",
        body=[
            ("heading", "Choose a plan"),
            paragraph(
                'Compare the plans on the <a href="https://example.com/pricing">pricing page</a> '
                "before you sign up.",
            ),
            filler(),
            (
                "video",
                {
                    "heading": "Watch the sign-up",
                    "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                    "caption": "Two minutes, from download to first sign-in.",
                    "transcript": "Open the app and tap Create account.",
                },
            ),
            (
                "deck",
                {
                    "heading": "Slides from the training",
                    "url": "https://docs.google.com/presentation/d/1AbCdEf/edit",
                    "document": None,
                    "caption": "Twelve slides, about ten minutes.",
                },
            ),
            filler(),
            (
                "highlights",
                {
                    "heading": "Highlights",
                    "items": [
                        "<p>Free for one person</p>",
                        "<p>Works offline</p>",
                        "<p>Syncs when you reconnect</p>",
                    ],
                },
            ),
            ("heading", "Confirm your email"),
            filler(),
            (
                "takeaways",
                {
                    "heading": "Key takeaways",
                    "items": [
                        "<p>Pick a plan</p>",
                        "<p>Create the account</p>",
                        "<p>Confirm the email</p>",
                        "<p>Sign in on every device</p>",
                    ],
                },
            ),
        ],
    )
    sync = make_article(
        getting_started,
        "Sync your data",
        intro="How notes travel from the field to your team.",
        body=[("heading", "When sync happens"), filler(2)],
    )
    invoices = make_article(
        billing,
        "Download an invoice",
        intro="Every payment has a PDF invoice.",
        body=[("heading", "Where to find invoices"), filler(2)],
    )
    settings = KBSettings.for_site(Site.objects.get(is_default_site=True))
    settings.navigation = [
        ("link", {"label": "Documentation", "page": None, "url": "https://example.com/docs"}),
        ("link", {"label": "Demos", "page": None, "url": "https://example.com/demos"}),
        ("link", {"label": "Support", "page": None, "url": "https://example.com/support"}),
    ]
    settings.save()
    return SimpleNamespace(
        home=home,
        getting_started=getting_started,
        billing=billing,
        install=install,
        account=account,
        sync=sync,
        invoices=invoices,
    )
