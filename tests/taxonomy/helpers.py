"""Builders for the tag tests: articles with tags, saved and published through Wagtail."""

import re

from tests.utils import make_article, publish


def tagged(parent, title, tags, *, live=True, **fields):
    """An article with ``tags`` (published with them when ``live``)."""
    page = make_article(parent, title, live=False, **fields)
    page.tags.add(*tags)
    if live:
        return publish(page)
    page.save_revision()
    return page


def retag(page, tags):
    """Publish ``page`` with ``tags`` instead of its current ones (as an editor would)."""
    page.tags.set(tags, clear=True)
    return publish(page)


def list_titles(html):
    """The titles of the articles listed on a tag page, in order."""
    return re.findall(r'class="kb-article-list__link" href="[^"]*">([^<]*)</a>', html)


def related_titles(html):
    block = re.search(r'<nav class="kb-related".*?</nav>', html, re.S)
    return re.findall(r'<li><a href="[^"]*">([^<]*)</a></li>', block.group(0)) if block else []


def tag_links(html):
    """``(name, href)`` of the tags shown under an article."""
    block = re.search(r'<p class="kb-tags">.*?</p>', html, re.S)
    if not block:
        return []
    return [
        (name, href)
        for href, name in re.findall(
            r'<a class="kb-tag" href="([^"]*)" rel="tag">([^<]*)</a>', block.group(0)
        )
    ]
