"""Small builders for KB trees in tests: real pages, saved and published through Wagtail."""

from wagtail.models import Page, Site

from wagtail_kb.models import KBArticlePage, KBHomePage, KBTopicPage


def site_root():
    return Site.objects.get(is_default_site=True).root_page


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_page(parent, page, *, live=True):
    parent.add_child(instance=page)
    if live:
        return publish(page)
    page.live = False
    page.save(update_fields=["live"])
    return page


def make_home(parent=None, title="Help centre", slug="help", **fields):
    return add_page(parent or site_root(), KBHomePage(title=title, slug=slug, **fields))


def make_topic(parent, title, slug=None, **fields):
    slug = slug or title.lower().replace(" ", "-")
    return add_page(parent, KBTopicPage(title=title, slug=slug, **fields))


def make_article(parent, title, body=(), slug=None, live=True, **fields):
    slug = slug or title.lower().replace(" ", "-")
    page = KBArticlePage(title=title, slug=slug, body=list(body), **fields)
    return add_page(parent, page, live=live)


def make_tree(topics=2, articles=3):
    """A KB home with ``topics`` topics of ``articles`` articles each; returns (home, topics)."""
    home = make_home()
    made = []
    for t in range(topics):
        topic = make_topic(home, f"Topic {t}", slug=f"topic-{t}")
        for a in range(articles):
            make_article(
                topic,
                f"Article {t}.{a}",
                slug=f"article-{t}-{a}",
                body=[("heading", f"Part {a}"), ("paragraph", "<p>Some text.</p>")],
            )
        made.append(topic)
    return home, made


def reload(page):
    return Page.objects.get(pk=page.pk).specific
