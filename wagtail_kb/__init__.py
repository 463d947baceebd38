"""A knowledge base / help centre for Wagtail."""

__version__ = "0.1.0"
