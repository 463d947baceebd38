"""Load the demo knowledge base (the Mossbook Help Centre) into the example site.

Idempotent: pages are found by slug under their parent, images and documents by title, and
every StreamField block gets an id derived from its place, so a second run changes nothing (it
publishes a new revision only for a page whose content in ``demo/content.py`` has changed).
"""

import io
import json
import re
import uuid

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.utils.file import hash_filelike

from wagtail_kb.models import KBArticlePage, KBHomePage, KBSettings, KBTopicPage, RatingWidget

from ... import assets, content
from ... import signals as demo_signals

BLOCK_IDS = uuid.UUID("5d0c3a44-6f1e-4b8e-9f57-1c2d0b6e7a10")  # namespace for uuid5 block ids
LIST_BLOCKS = ("highlights", "takeaways")
RICH_LINK = re.compile(r'href="(page|doc):([\w-]+)"')
BASE_URL = "http://127.0.0.1:8000/"
ADMIN_USERNAME = ADMIN_PASSWORD = "admin"  # noqa: S105 - demo-only credentials, printed below


def block_id(*parts):
    return str(uuid.uuid5(BLOCK_IDS, "/".join(str(part) for part in parts)))


class Command(BaseCommand):
    help = "Create or update the demo knowledge base (idempotent) and an admin/admin superuser."

    def handle(self, **options):
        self.stats = {"created": 0, "published": 0, "unchanged": 0}
        with transaction.atomic():
            self.images = {
                key: self.ensure_file(get_image_model(), spec, assets.make_png(spec["screen"]))
                for key, spec in content.IMAGES.items()
            }
            self.documents = {
                key: self.ensure_file(
                    get_document_model(), spec, assets.make_pdf(spec["slides"], title=spec["title"])
                )
                for key, spec in content.DOCUMENTS.items()
            }
            home, site = self.ensure_home()
            self.pages = {home.slug: home}
            self.build_tree(home, content.TOPICS)  # first every page, so links can point anywhere
            self.thumbs_widget = demo_signals.ensure_thumbs_widget()
            self.fill_tree(content.TOPICS)
            self.configure_site(site, home)
            demo_signals.load(self.pages)  # votes, comments with sections, views
            created_admin = self.ensure_superuser()
        self.report(home, created_admin)

    # Files ------------------------------------------------------------------------------------

    def ensure_file(self, model, spec, data):
        """Find the image or document by title; (re)write its file when missing or outdated."""
        obj = model.objects.filter(title=spec["title"]).order_by("pk").first()
        if obj is not None:
            try:
                with obj.file.open("rb") as current:
                    if hash_filelike(current) == hash_filelike(io.BytesIO(data)):
                        return obj.pk
            except (FileNotFoundError, OSError, ValueError):
                pass  # the file is gone (e.g. media/ was deleted): write it again
            obj.file.delete(save=False)
            if hasattr(obj, "renditions"):  # resized copies of the old picture
                obj.renditions.all().delete()
        else:
            obj = model(title=spec["title"])
        # A file left at the target name by an interrupted run would push ours to a new name.
        target = obj.file.field.generate_filename(obj, spec["filename"])
        if obj.file.storage.exists(target) and not model.objects.filter(file=target).exists():
            obj.file.storage.delete(target)
        obj.file.save(spec["filename"], ContentFile(data), save=False)
        obj.file_size, obj.file_hash = len(data), hash_filelike(io.BytesIO(data))
        if hasattr(obj, "width"):  # an image: Wagtail stores its size
            with PILImage.open(io.BytesIO(data)) as picture:
                obj.width, obj.height = picture.size
        obj.save()
        return obj.pk

    # Pages ------------------------------------------------------------------------------------

    def ensure_home(self):
        """The KB home at the top of the tree, as the root page of the default site."""
        root = Page.get_first_root_node()
        home = self.ensure_page(root, KBHomePage, content.HOME["slug"], content.HOME["title"])
        self.publish(home, title=content.HOME["title"], heading="", subtitle="")

        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site(hostname="localhost", port=80, is_default_site=True)
        old_root_id = site.root_page_id
        site.root_page, site.site_name = home, content.SITE_NAME
        site.save()
        if old_root_id and old_root_id != home.pk:
            self.remove_welcome_page(old_root_id)
        return home, site

    def remove_welcome_page(self, page_id):
        """Delete Wagtail's "Welcome to your new Wagtail site!" page if it is nothing else."""
        page = Page.objects.filter(pk=page_id, depth=2).first()
        if (
            page is not None
            and page.content_type_id == ContentType.objects.get_for_model(Page).pk
            and not page.get_children().exists()
            and not Site.objects.filter(root_page_id=page.pk).exists()
        ):
            page.delete()

    def ensure_page(self, parent, model, slug, title):
        page = parent.get_children().filter(slug=slug).first()
        if page is None:
            page = parent.add_child(instance=model(title=title, slug=slug, live=False))
            self.stats["created"] += 1
            return page
        page = page.specific
        if not isinstance(page, model):
            raise CommandError(
                f"{page.url_path} is a {type(page).__name__}, not a {model.__name__}: "
                "move or rename it, then run load_kb_demo again."
            )
        return page

    def build_tree(self, parent, topics):
        for topic in topics:
            page = self.ensure_page(parent, KBTopicPage, topic["slug"], topic["title"])
            self.pages[topic["slug"]] = page
            for article in topic.get("articles", []):
                self.pages[article["slug"]] = self.ensure_page(
                    page, KBArticlePage, article["slug"], article["title"]
                )
            self.build_tree(page, topic.get("subtopics", []))

    def fill_tree(self, topics):
        for topic in topics:
            self.publish(self.pages[topic["slug"]], title=topic["title"], intro=topic["intro"])
            for article in topic.get("articles", []):
                self.publish(
                    self.pages[article["slug"]],
                    title=article["title"],
                    intro=article["intro"],
                    body=self.stream(article["slug"], article["body"]),
                    ratings_enabled=True,
                    rating_widget=self.thumbs_widget
                    if article["slug"] in demo_signals.THUMBS_ARTICLES
                    else None,
                    tags=content.ARTICLE_TAGS.get(article["slug"], []),
                )
            self.fill_tree(topic.get("subtopics", []))

    def publish(self, page, tags=None, **fields):
        """Set ``fields`` (and ``tags``) and publish a new revision, unless the live page already
        has them."""
        before = self.snapshot(page, fields)
        for name, value in fields.items():
            setattr(page, name, value)
        retagged = tags is not None and sorted(page.tags.names()) != sorted(tags)
        if retagged:
            page.tags.set(tags, clear=True)
        unchanged = self.snapshot(page, fields) == before and not retagged
        if page.live and not page.has_unpublished_changes and unchanged:
            self.stats["unchanged"] += 1
            return
        page.draft_title = page.title
        revision = page.save_revision()
        revision.publish()
        page.refresh_from_db()
        self.stats["published"] += 1

    @staticmethod
    def snapshot(page, fields):
        values = {}
        for name in fields:
            field = page._meta.get_field(name)
            values[name] = field.get_prep_value(getattr(page, field.attname))
        return json.dumps(values, sort_keys=True, default=str)

    # StreamField data -------------------------------------------------------------------------

    def stream(self, slug, blocks):
        """Raw StreamField data with stable ids and resolved references."""
        data = []
        for index, (block_type, value) in enumerate(blocks):
            value = self.resolve(value)
            if block_type in LIST_BLOCKS:
                value = dict(
                    value,
                    items=[
                        {"type": "item", "value": item, "id": block_id(slug, index, position)}
                        for position, item in enumerate(value["items"])
                    ],
                )
            data.append({"type": block_type, "value": value, "id": block_id(slug, index)})
        return data

    def resolve(self, value, key=None):
        if isinstance(value, dict):
            return {name: self.resolve(item, name) for name, item in value.items()}
        if isinstance(value, list):
            return [self.resolve(item) for item in value]
        if isinstance(value, str) and key in ("image", "document"):
            kind, _, name = value.partition(":")
            return (self.images if kind == "image" else self.documents)[name]
        if isinstance(value, str):
            return RICH_LINK.sub(self.rich_link, value)
        return value

    def rich_link(self, match):
        kind, name = match.groups()
        if kind == "page":
            if name not in self.pages:
                raise CommandError(f"content.py links to an unknown page slug: {name}")
            return f'linktype="page" id="{self.pages[name].pk}"'
        return f'linktype="document" id="{self.documents[name]}"'

    # Site settings, snippet, superuser --------------------------------------------------------

    def configure_site(self, site, home):
        widget = RatingWidget.objects.filter(name=content.RATING_WIDGET_NAME).order_by("pk").first()
        widget = widget or RatingWidget(name=content.RATING_WIDGET_NAME)
        widget.question = widget.feedback_prompt = widget.thank_you = ""  # defaults show
        widget.save()

        kb_settings = KBSettings.for_site(site)
        kb_settings.navigation = [
            {
                "type": "link",
                "value": {
                    "label": link["label"],
                    "page": self.pages[link["page"]].pk if link.get("page") else None,
                    "url": link.get("url", ""),
                },
                "id": block_id("navigation", index),
            }
            for index, link in enumerate(content.NAVIGATION)
        ]
        kb_settings.default_rating_widget = widget
        kb_settings.save()

    def ensure_superuser(self):
        User = get_user_model()
        if User.objects.filter(username=ADMIN_USERNAME).exists():
            return False
        User.objects.create_superuser(ADMIN_USERNAME, "admin@example.com", ADMIN_PASSWORD)
        return True

    def report(self, home, created_admin):
        topics = KBTopicPage.objects.descendant_of(home).live().count()
        articles = KBArticlePage.objects.descendant_of(home).live().count()
        stats = self.stats
        self.stdout.write(
            f"Mossbook demo: {topics} topics, {articles} articles "
            f"({stats['created']} pages created, {stats['published']} published, "
            f"{stats['unchanged']} unchanged)."
        )
        user = get_user_model().objects.get(username=ADMIN_USERNAME)
        if created_admin or user.check_password(ADMIN_PASSWORD):
            login = f"username '{ADMIN_USERNAME}', password '{ADMIN_PASSWORD}'"
        else:
            login = f"username '{ADMIN_USERNAME}' (its password was changed: not 'admin')"
        self.stdout.write(
            self.style.SUCCESS("\nThe demo knowledge base is ready.\n")
            + f"  Site:  {BASE_URL}\n"
            + f"  Admin: {BASE_URL}admin/\n"
            + f"  Login: {login}\n"
            + self.style.WARNING(
                "  These are demo-only credentials: never use them on a public server.\n"
            )
            + "  Start the server: `make demo` (or `python manage.py runserver 127.0.0.1:8000`)."
        )
