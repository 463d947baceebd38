"""A knowledge base with every kind of block, and pages no reader may see, for the reach tests."""

from django.contrib.auth.models import Group
from django.core.cache import caches
from django.test import TestCase
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from tests.utils import make_article, make_home, make_topic, publish

YOUTUBE = "https://www.youtube.com/watch?v=Xy12ab34CDe"
VIMEO = "https://vimeo.com/76979871"


def rich_body(image=None):
    body = [
        ("paragraph", "<p>Plan the route <b>before</b> you go, with <i>care</i>.</p>"),
        ("heading", "Pack the kit"),
        ("paragraph", "<h3>Batteries</h3><ul><li>Charge them</li><li>Pack a spare</li></ul>"),
        (
            "video",
            {
                "heading": "Watch the packing tour",
                "url": YOUTUBE,
                "caption": "Two minutes on what goes in the bag",
                "transcript": "First the map.\n\nThen the compass.",
            },
        ),
        ("video", {"heading": "", "url": VIMEO, "caption": "The same in slow motion"}),
        (
            "deck",
            {
                "heading": "Slides",
                "url": "https://docs.google.com/presentation/d/AbCdEf123/edit",
                "caption": "Ten slides for the briefing",
            },
        ),
        ("highlights", {"heading": "Remember", "items": ["<p>Water</p>", "<p>Snacks</p>"]}),
        ("takeaways", {"heading": "In short", "items": ["<p>Plan</p>", "<p>Pack</p>"]}),
        (
            "table",
            {
                "caption": "Kit weights",
                "header_row": True,
                "rows": [["<p>Item</p>", "<p>Grams</p>"], ["<p>Tent | fly</p>", "<p>900</p>"]],
            },
        ),
        ("code", {"language": "shell", "code": "kit check --all\necho ```done```"}),
        ("callout", {"tone": "warning", "heading": "Weather", "text": "<p>Check it.</p>"}),
    ]
    if image is not None:
        body.append(
            ("image", {"image": image, "alt_text": "A packed rucksack", "decorative": False})
        )
    return body


def make_image():
    return get_image_model().objects.create(
        title="Rucksack", file=get_test_image_file(filename="rucksack.png")
    )


class ReachTestCase(TestCase):
    """home / Hiking (topic) / Pack for a day hike (every block), plus hidden pages."""

    @classmethod
    def setUpTestData(cls):
        caches["default"].clear()
        cls.home = make_home(title="Trail Help", slug="trail-help", subtitle="Answers for hikers.")
        cls.topic = make_topic(cls.home, "Hiking", intro="Before and on the trail.")
        cls.image = make_image()
        cls.article = make_article(
            cls.topic,
            "Pack for a day hike",
            slug="pack-for-a-day-hike",
            body=rich_body(cls.image),
            intro="What to bring, and how to carry it.",
        )
        cls.second = make_article(
            cls.topic, "Read a trail map", body=[("paragraph", "<p>Contours first.</p>")]
        )
        cls.loose = make_article(cls.home, "Contact the rangers", intro="Phone and email.")
        # Never visible to the public: a draft, a private article, one under an unpublished topic.
        cls.draft = make_article(cls.topic, "Secret draft plan", live=False)
        cls.private = make_article(cls.topic, "Members-only shortcuts")
        PageViewRestriction.objects.create(
            page=cls.private, restriction_type=PageViewRestriction.LOGIN
        )
        cls.grouped = make_article(cls.topic, "Staff rota")
        restriction = PageViewRestriction.objects.create(
            page=cls.grouped, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(Group.objects.create(name="Rangers"))
        cls.hidden_topic = make_topic(cls.home, "Closed trails")
        cls.orphan = make_article(cls.hidden_topic, "Route under the closed topic")
        cls.hidden_topic.unpublish()
        cls.hidden_topic.refresh_from_db()

    def setUp(self):
        caches["default"].clear()

    HIDDEN_TITLES = (
        "Secret draft plan",
        "Members-only shortcuts",
        "Staff rota",
        "Route under the closed topic",
        "Closed trails",
    )

    def assertNothingHidden(self, text):
        for title in self.HIDDEN_TITLES:
            self.assertNotIn(title, text)

    def republish(self, page):
        return publish(page)
