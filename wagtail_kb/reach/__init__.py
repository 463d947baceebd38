"""Reach: how search engines, assistants, headless front ends and CDNs read the KB.

``jsonld`` (structured data and the head's links), ``videos`` (a video block's player and
thumbnail, without the network), ``markdown`` (an article as Markdown, cached per revision),
``llms`` (``llms.txt`` / ``llms-full.txt``), ``api`` (what Wagtail's API gives for KB pages),
``purging`` (the CDN URLs a change makes stale, purged once per change). See docs/reach.md.
"""
