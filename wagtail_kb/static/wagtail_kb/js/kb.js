/* wagtail-kb: small enhancements. Every feature here also works, more plainly, without it. */
(function () {
    "use strict";

    // Print button: only shown when there is a script to press it.
    document.querySelectorAll("[data-kb-print]").forEach(function (button) {
        button.hidden = false;
        button.addEventListener("click", function () { window.print(); });
    });

    var toc = document.querySelector("[data-kb-toc]");
    if (!toc) return;

    // On narrow screens the table of contents starts folded behind its summary toggle; on wide
    // ones it stands open beside the article (also after a phone turns or a window widens).
    var narrow = window.matchMedia("(max-width: 63.99rem)");
    if (narrow.matches) toc.open = false;
    if (narrow.addEventListener) {
        narrow.addEventListener("change", function () { if (!narrow.matches) toc.open = true; });
    }

    // A jump from the table of contents moves focus to the heading, for keyboard and screen readers.
    toc.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        if (!link) return;
        var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
        if (!target) return;
        target.setAttribute("tabindex", "-1");
        window.requestAnimationFrame(function () { target.focus({ preventScroll: true }); });
    });

    // Mark the section being read: the last heading above the top third of the window.
    var sections = [];
    toc.querySelectorAll("a[href^='#']").forEach(function (link) {
        var heading = document.getElementById(decodeURIComponent(link.hash.slice(1)));
        if (heading) sections.push({ link: link, heading: heading });
    });
    if (!sections.length) return;
    var current = null;
    var pending = false;
    function markCurrent() {
        pending = false;
        var line = window.innerHeight / 3;
        var found = sections[0];
        for (var i = 1; i < sections.length; i++) {
            if (sections[i].heading.getBoundingClientRect().top > line) break;
            found = sections[i];
        }
        if (found === current) return;
        if (current) current.link.removeAttribute("aria-current");
        found.link.setAttribute("aria-current", "location");
        current = found;
    }
    window.addEventListener("scroll", function () {
        if (pending) return;
        pending = true;
        window.requestAnimationFrame(markCurrent);
    }, { passive: true });
    markCurrent();
})();
