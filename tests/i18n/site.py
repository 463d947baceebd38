"""A bilingual (English/German) help centre, set up as a Wagtail site owner would.

``BILINGUAL`` turns the test settings into a multi-language site: ``WAGTAIL_I18N_ENABLED``, two
content languages, Django's ``LocaleMiddleware`` and ``i18n_patterns`` (``tests/i18n/urls.py``).
``build_bilingual_kb()`` writes the English tree, then translates it the way
``wagtail.contrib.simple_translation`` does (``copy_for_translation``: the copy is a draft in
the new locale with the same ``translation_key``), and a translator gives each copy its German
title, slug and text and publishes it. One English article stays untranslated.
"""

from dataclasses import dataclass, field

from django.test import override_settings
from wagtail.models import Locale

from tests import settings as base_settings
from tests.utils import make_article, make_home, make_topic, publish

LANGUAGES = [("en", "English"), ("de", "Deutsch")]
MIDDLEWARE = list(base_settings.MIDDLEWARE)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
    "django.middleware.locale.LocaleMiddleware",
)

BILINGUAL = override_settings(
    WAGTAIL_I18N_ENABLED=True,
    LANGUAGE_CODE="en",
    LANGUAGES=LANGUAGES,
    WAGTAIL_CONTENT_LANGUAGES=LANGUAGES,
    MIDDLEWARE=MIDDLEWARE,
    ROOT_URLCONF="tests.i18n.urls",
)


def paragraph(text):
    return ("paragraph", f"<p>{text}</p>")


# (English title, slug, body) → (German title, slug, body); None: not translated.
ARTICLES = {
    "accounts": [
        (
            (
                "Reset your password",
                "reset-password",
                [
                    ("heading", "Ask for a reset link"),
                    paragraph("Open the sign-in page and choose Forgot password."),
                    ("heading", "Choose a new password"),
                    paragraph("The link in the email opens a form for the new password."),
                ],
            ),
            (
                "Passwort zurücksetzen",
                "passwort-zuruecksetzen",
                [
                    ("heading", "Überblick für Käufer"),
                    paragraph("Öffnen Sie die Anmeldeseite und wählen Sie Passwort vergessen."),
                    ("heading", "Ein neues Passwort wählen"),
                    paragraph("Der Link in der E-Mail öffnet ein Formular für das neue Passwort."),
                ],
            ),
        ),
        (
            (
                "Change your email address",
                "change-email",
                [
                    paragraph("Your profile page lists the address we write to."),
                ],
            ),
            (
                "E-Mail-Adresse ändern",
                "e-mail-aendern",
                [
                    paragraph("Ihre Profilseite zeigt die Adresse, an die wir schreiben."),
                ],
            ),
        ),
        (
            (
                "Close your account",
                "close-account",
                [
                    paragraph("Closing an account removes its projects after thirty days."),
                ],
            ),
            None,
        ),
        (
            (
                "Two-step sign-in",
                "two-step",
                [
                    paragraph("A code from your phone protects the account."),
                ],
            ),
            (
                "Anmeldung in zwei Schritten",
                "zwei-schritte",
                [
                    paragraph("Ein Code von Ihrem Telefon schützt das Konto."),
                ],
            ),
        ),
    ],
    "billing": [
        (
            (
                "Invoices and receipts",
                "invoices",
                [
                    paragraph("Every payment has an invoice you can download."),
                ],
            ),
            (
                "Rechnungen und Quittungen",
                "rechnungen",
                [
                    paragraph("Zu jeder Zahlung gibt es eine Rechnung zum Herunterladen."),
                ],
            ),
        ),
    ],
}
TOPICS = {
    "accounts": (("Accounts", "accounts"), ("Konto", "konto")),
    "billing": (("Billing", "billing"), ("Abrechnung", "abrechnung")),
}


@dataclass
class BilingualKB:
    en: Locale
    de: Locale
    home: object
    home_de: object
    topics: dict = field(default_factory=dict)  # key → (English topic, German topic)
    articles: dict = field(default_factory=dict)  # English slug → (English, German or None)

    def article(self, slug):
        return self.articles[slug][0]

    def article_de(self, slug):
        return self.articles[slug][1]


def translate(page, locale, **fields):
    """What a translator does in simple_translation: copy, then give the copy its text, publish."""
    copy = page.copy_for_translation(locale, copy_parents=True).specific
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return publish(copy)


def build_bilingual_kb():
    en = Locale.get_default()
    de, _ = Locale.objects.get_or_create(language_code="de")
    home = make_home(title="Help centre", slug="help")
    home_de = translate(home, de, title="Hilfe", slug="hilfe")
    kb = BilingualKB(en=en, de=de, home=home, home_de=home_de)
    for key, ((title, slug), (title_de, slug_de)) in TOPICS.items():
        topic = make_topic(home, title, slug=slug)
        topic_de = translate(topic, de, title=title_de, slug=slug_de)
        kb.topics[key] = (topic, topic_de)
        for english, german in ARTICLES[key]:
            title, slug, body = english
            article = make_article(topic, title, slug=slug, body=body)
            article_de = None
            if german is not None:
                title_de, slug_de, body_de = german
                article_de = translate(article, de, title=title_de, slug=slug_de, body=body_de)
            kb.articles[slug] = (article, article_de)
    return kb
