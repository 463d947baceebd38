/* wagtail-kb instant search: results under the KB search box as you type.
 *
 * Progressive enhancement of <form class="kb-search" data-kb-instant>: without this script the
 * form submits to the results page. With it, the box becomes an ARIA combobox (1.2 pattern):
 * after a short pause it fetches `<form action>?q=…` with `Accept: application/json` and shows
 * the results in a listbox. Arrow keys move through them, Enter opens the active one (or, with
 * none active, submits the form), Escape closes the list. Opening a result goes through
 * `<form action>go/?q=…&to=<id>&e=<token>` (the token the server sent with the suggestion) so the
 * server can count the committed search; keystrokes are never logged. No dependencies.
 */
(function () {
    "use strict";

    var DEBOUNCE_MS = 200;
    var MIN_LENGTH = 2;
    var counter = 0;

    function label(form, name, fallback) {
        return form.getAttribute("data-kb-label-" + name) || fallback;
    }

    // The server escapes snippets and adds only <mark>; drop anything else, to be safe.
    function safeSnippet(html) {
        return String(html || "").replace(/<(?!\/?mark>)[^>]*>/gi, "");
    }

    function setup(form) {
        if (form.hasAttribute("data-kb-instant-ready")) return;
        form.setAttribute("data-kb-instant-ready", "");
        var input = form.querySelector("input[name='q']");
        if (!input || !window.fetch) return;

        counter += 1;
        var baseId = (input.id || "kb-search-input-" + counter);
        var listbox = document.createElement("ul");
        listbox.id = baseId + "-listbox";
        listbox.className = "kb-instant";
        listbox.setAttribute("role", "listbox");
        listbox.setAttribute("aria-label", label(form, "results", "Suggested articles"));
        listbox.hidden = true;
        var status = document.createElement("div");
        status.className = "kb-visually-hidden";
        status.setAttribute("role", "status");
        status.setAttribute("aria-live", "polite");
        form.appendChild(listbox);
        form.appendChild(status);

        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", listbox.id);

        var timer = null;
        var controller = null;
        var cache = {};
        var options = [];
        var active = -1;
        var shownQuery = "";

        function searchUrl() {
            return form.action;  // absolute, ends with "search/"
        }

        // The server logs the opened suggestion only with the signed token it sent with it.
        function goUrl(item) {
            var params = new URLSearchParams({ q: shownQuery, to: String(item.id) });
            if (item.token) params.set("e", item.token);
            return searchUrl() + "go/?" + params.toString();
        }

        function close() {
            listbox.hidden = true;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
            active = -1;
        }

        function open() {
            if (!options.length) return;
            listbox.hidden = false;
            input.setAttribute("aria-expanded", "true");
        }

        function setActive(index) {
            options.forEach(function (option, i) {
                option.element.setAttribute("aria-selected", i === index ? "true" : "false");
            });
            active = index;
            if (index < 0) {
                input.removeAttribute("aria-activedescendant");
                return;
            }
            var element = options[index].element;
            input.setAttribute("aria-activedescendant", element.id);
            if (element.scrollIntoView) element.scrollIntoView({ block: "nearest" });
        }

        function choose(index) {
            var option = options[index];
            if (!option) return;
            if (option.submit) {
                close();
                form.submit();
            } else {
                window.location.assign(option.href);
            }
        }

        function render(query, items) {
            listbox.textContent = "";
            options = [];
            active = -1;
            shownQuery = query;
            items.forEach(function (item, i) {
                var li = document.createElement("li");
                li.id = baseId + "-option-" + i;
                li.className = "kb-instant__option";
                li.setAttribute("role", "option");
                li.setAttribute("aria-selected", "false");
                var title = document.createElement("span");
                title.className = "kb-instant__title";
                title.textContent = item.title;
                li.appendChild(title);
                if (item.topic) {
                    var topic = document.createElement("span");
                    topic.className = "kb-instant__topic";
                    topic.textContent = item.topic;
                    li.appendChild(topic);
                }
                if (item.snippet) {
                    var snippet = document.createElement("span");
                    snippet.className = "kb-instant__snippet";
                    snippet.innerHTML = safeSnippet(item.snippet);
                    li.appendChild(snippet);
                }
                listbox.appendChild(li);
                options.push({ element: li, item: item });
            });
            if (items.length) {
                var all = document.createElement("li");
                all.id = baseId + "-option-all";
                all.className = "kb-instant__option kb-instant__option--all";
                all.setAttribute("role", "option");
                all.setAttribute("aria-selected", "false");
                all.textContent = label(form, "all", "See all results for") + " \u201c" + query + "\u201d";
                listbox.appendChild(all);
                options.push({ element: all, submit: true });
                options.forEach(function (option) {
                    if (!option.submit) option.href = goUrl(option.item);
                });
                status.textContent = label(form, "count", "%(count)s suggestions.")
                    .replace("%(count)s", String(items.length));
                open();
            } else {
                close();
                status.textContent = label(form, "none", "No matching articles.");
            }
        }

        function fetchResults(query) {
            if (cache[query]) {
                render(query, cache[query]);
                return;
            }
            if (controller) controller.abort();
            controller = window.AbortController ? new AbortController() : null;
            var url = searchUrl() + "?" + new URLSearchParams({ q: query }).toString();
            window.fetch(url, {
                headers: { Accept: "application/json" },
                credentials: "same-origin",
                signal: controller ? controller.signal : undefined
            }).then(function (response) {
                if (!response.ok) throw new Error("HTTP " + response.status);
                return response.json();
            }).then(function (items) {
                if (!Array.isArray(items)) return;
                cache[query] = items;
                if (input.value.trim() === query && document.activeElement === input) {
                    render(query, items);
                }
            }).catch(function () { /* offline or aborted: the form still submits */ });
        }

        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            var query = input.value.trim();
            if (query.length < MIN_LENGTH) {
                if (controller) controller.abort();
                close();
                listbox.textContent = "";
                options = [];
                return;
            }
            timer = window.setTimeout(function () { fetchResults(query); }, DEBOUNCE_MS);
        });

        input.addEventListener("keydown", function (event) {
            var isOpen = !listbox.hidden;
            switch (event.key) {
                case "ArrowDown":
                case "Down":
                    if (!options.length) return;
                    event.preventDefault();
                    if (!isOpen) { open(); setActive(0); return; }
                    setActive(active + 1 >= options.length ? 0 : active + 1);
                    break;
                case "ArrowUp":
                case "Up":
                    if (!options.length) return;
                    event.preventDefault();
                    if (!isOpen) { open(); setActive(options.length - 1); return; }
                    setActive(active - 1 < 0 ? options.length - 1 : active - 1);
                    break;
                case "Enter":
                    if (isOpen && active >= 0) {
                        event.preventDefault();
                        choose(active);
                    }
                    break;  // otherwise the form submits to the results page
                case "Escape":
                case "Esc":
                    if (isOpen) {
                        event.preventDefault();
                        close();
                    }
                    break;
                case "Tab":
                    close();
                    break;
                default:
                    break;
            }
        });

        input.addEventListener("focus", function () {
            if (options.length && input.value.trim() === shownQuery) open();
        });
        input.addEventListener("blur", function () {
            window.setTimeout(close, 150);
        });
        // Coming back with the Back button: the page may be restored as it was left.
        window.addEventListener("pageshow", close);
        // Keep focus in the box while the pointer picks an option.
        listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
        listbox.addEventListener("click", function (event) {
            var element = event.target.closest("[role='option']");
            if (!element) return;
            for (var i = 0; i < options.length; i += 1) {
                if (options[i].element === element) { choose(i); return; }
            }
        });
        listbox.addEventListener("mousemove", function (event) {
            var element = event.target.closest("[role='option']");
            if (!element) return;
            for (var i = 0; i < options.length; i += 1) {
                if (options[i].element === element && i !== active) { setActive(i); return; }
            }
        });
    }

    function init() {
        document.querySelectorAll("form.kb-search[data-kb-instant]").forEach(setup);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
