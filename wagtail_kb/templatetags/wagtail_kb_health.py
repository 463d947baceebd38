"""Admin template tags of the content-health loop: ``{% kb_trend_chart article %}``."""

from django import template

from ..health.trends import trend_svg, weekly_trends

register = template.Library()


@register.simple_tag
def kb_trend_chart(article):
    """An article's helpfulness and views per week, as inline SVG (three queries)."""
    trend = weekly_trends([article.pk])[article.pk]
    return trend_svg(trend, f"kb-trend-{article.pk}")
