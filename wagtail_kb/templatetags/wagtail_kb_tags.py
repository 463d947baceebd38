from django import template

register = template.Library()


@register.filter
def kb_initials(title):
    """Up to two initials of a title, for the topic grid's badge ("Getting started" → "GS")."""
    words = [word for word in str(title).split() if word[:1].isalnum()]
    return "".join(word[0] for word in words[:2]).upper()
