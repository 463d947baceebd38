"""``manage.py kb_send_digest``: one e-mail per owner per week, only when something is new."""

import datetime
from io import StringIO

from django.core import mail
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone
from wagtail.models import Page

from tests.admin.helpers import make_user
from tests.ratings.base import add_votes
from tests.utils import make_article, make_home, make_topic
from wagtail_kb.models import DigestDelivery, FeedbackComment


def run(*args):
    out = StringIO()
    call_command("kb_send_digest", *args, stdout=out)
    return out.getvalue()


class DigestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ann = make_user("ann", "access_admin")
        cls.bob = make_user("bob", "access_admin")
        topic = make_topic(make_home(), "Setup")
        cls.install = make_article(topic, "Install", owner=cls.ann)
        cls.old = make_article(topic, "Old notes", owner=cls.bob)
        cls.quiet = make_article(topic, "Quiet", owner=cls.bob)

    def test_owners_get_their_new_feedback_and_attention_items_once_a_week(self):
        FeedbackComment.objects.create(article=self.install, stars=1, comment="It crashes.")
        add_votes(self.install, [1, 1, 1, 2, 1])
        output = run()
        self.assertIn("sent 1 digest(s)", output)
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["ann@example.com"])
        self.assertIn("2 new items", message.subject)
        self.assertIn('"It crashes."', message.body)
        self.assertIn("100% unhelpful since", message.body)
        self.assertIn(f"/admin/pages/{self.install.pk}/edit/", message.body)
        self.assertEqual(DigestDelivery.objects.get().user, self.ann)

        # The same week again: nothing, even with new feedback.
        FeedbackComment.objects.create(article=self.install, stars=2, comment="Still.")
        self.assertIn("sent 0 digest(s)", run())
        self.assertEqual(len(mail.outbox), 1)

        # Next week: only what is new since the last digest.
        next_week = timezone.localdate() + datetime.timedelta(days=7)
        run("--date", next_week.isoformat())
        self.assertEqual(len(mail.outbox), 2)
        self.assertIn('"Still."', mail.outbox[1].body)
        self.assertNotIn("It crashes.", mail.outbox[1].body)

    def test_nothing_new_sends_nothing(self):
        self.assertIn("sent 0 digest(s)", run())
        self.assertEqual(mail.outbox, [])
        self.assertFalse(DigestDelivery.objects.exists())

    def test_an_article_that_just_became_stale_is_an_item(self):
        moment = timezone.now() - datetime.timedelta(days=366)
        Page.objects.filter(pk=self.old.pk).update(last_published_at=moment)
        run()
        self.assertEqual([m.to for m in mail.outbox], [["bob@example.com"]])
        self.assertIn("Old notes: not changed for 12 months", mail.outbox[0].body)

    def test_dry_run_sends_and_records_nothing(self):
        FeedbackComment.objects.create(article=self.install, stars=4, comment="Nice.")
        self.assertIn("ann: 1 item(s)", run("--dry-run"))
        self.assertEqual(mail.outbox, [])
        self.assertFalse(DigestDelivery.objects.exists())

    def test_spam_is_not_news(self):
        FeedbackComment.objects.create(
            article=self.install, stars=1, comment="Buy!", status=FeedbackComment.Status.SPAM
        )
        run()
        self.assertEqual(mail.outbox, [])

    def test_a_malformed_date_is_a_clear_error(self):
        with self.assertRaisesMessage(CommandError, "--date must be a day as YYYY-MM-DD"):
            run("--date", "next tuesday")
