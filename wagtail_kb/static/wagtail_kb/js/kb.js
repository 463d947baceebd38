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

    // On narrow screens the table of contents starts folded behind its summary toggle.
    if (window.matchMedia("(max-width: 63.99rem)").matches) toc.open = false;

    // A jump from the table of contents moves focus to the heading, for keyboard and screen readers.
    toc.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        if (!link) return;
        var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
        if (!target) return;
        target.setAttribute("tabindex", "-1");
        window.requestAnimationFrame(function () { target.focus({ preventScroll: true }); });
    });

    // Mark the section being read.
    if (!("IntersectionObserver" in window)) return;
    var links = {};
    toc.querySelectorAll("a[href^='#']").forEach(function (link) {
        links[decodeURIComponent(link.hash.slice(1))] = link;
    });
    var current = null;
    var observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
            if (!entry.isIntersecting || !links[entry.target.id]) return;
            if (current) current.removeAttribute("aria-current");
            current = links[entry.target.id];
            current.setAttribute("aria-current", "true");
        });
    }, { rootMargin: "0px 0px -70% 0px" });
    Object.keys(links).forEach(function (id) {
        var heading = document.getElementById(id);
        if (heading) observer.observe(heading);
    });
})();
