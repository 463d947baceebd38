"""End-to-end tests in a real Chromium: the editor in the Wagtail admin, the reader, a phone.

They need ``/usr/bin/chromium``, the ``playwright`` package (the ``test`` extra) and, for the
accessibility checks, ``node_modules/axe-core`` (``npm ci``). Without them they skip locally;
CI's strict mode turns a skip into a failure. ``WAGTAILKB_SKIP_BROWSER=1`` leaves them out.
"""
