/* wagtail-kb: report one view of the article (POST <article url>seen/), once per page view.
 *
 * The server counts at most one view per reader per article a day, leaves out bots and
 * prefetches, and stores a daily total only (wagtail_kb/ratings/seen.py). This script sends no
 * cookie and reads nothing from the page but the URL on its own tag; it waits until the page is
 * shown (not while it is prerendered or opened in a background tab).
 */
(function () {
    "use strict";

    var script = document.currentScript;
    var url = script && script.getAttribute("data-kb-seen-url");
    if (!url || !window.fetch) { return; }
    var sent = false;

    function send() {
        if (sent) { return; }
        sent = true;
        try {
            window.fetch(url, {
                method: "POST",
                credentials: "omit",
                keepalive: true,
                headers: { "Accept": "application/json" }
            }).catch(function () { /* a lost view is not worth an error */ });
        } catch (e) { /* old browsers without keepalive */ }
    }

    function whenVisible() {
        if (document.visibilityState !== "hidden") { send(); return; }
        document.addEventListener("visibilitychange", function onChange() {
            if (document.visibilityState !== "hidden") {
                document.removeEventListener("visibilitychange", onChange);
                send();
            }
        });
    }

    if (document.prerendering) {
        document.addEventListener("prerenderingchange", whenVisible, { once: true });
    } else {
        whenVisible();
    }
})();
