/* wagtail-kb: progressive enhancement of the rating card (wagtail_kb/includes/rating.html).
 *
 * Without this script the card is a plain form that posts and comes back to #rating.
 * With it: the vote (and later the comment) is sent with fetch (Accept: application/json) when
 * the reader presses the button, without leaving the page; the numbers update in place,
 * the feedback box and the thank-you appear, and the reader's vote is remembered in localStorage
 * so that the same cached HTML shows each reader their own vote.
 * A "thumbs" card (data-kb-rating-style="thumbs") sends stars=5 for "Yes" and stars=1 for "No"
 * with the button pressed, then offers its comment form (with "Which part?") when asked to.
 */
(function () {
    "use strict";

    var STORAGE_PREFIX = "wagtail-kb:rating:";

    function storageGet(key) {
        try { return window.localStorage.getItem(key); } catch (e) { return null; }
    }
    function storageSet(key, value) {
        try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: ignore */ }
    }

    function formatAverage(value) {
        var lang = document.documentElement.lang || undefined;
        try {
            return new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
        } catch (e) {
            return Number(value).toFixed(1);
        }
    }

    function post(url, body) {
        return fetch(url, {
            method: "POST",
            body: body,
            credentials: "same-origin",
            headers: { "Accept": "application/json" }
        }).then(function (response) {
            return response.json().catch(function () { return {}; }).then(function (data) {
                if (!response.ok) { throw new Error(data.error || ""); }
                return data;
            });
        });
    }

    function appendSection(body, form) {
        var section = form.querySelector("select[name=section]");
        if (section && section.value) { body.append("section", section.value); }
    }

    function setupThumbs(card) {
        var form = card.querySelector("[data-kb-rating-form]");
        if (!form || !window.fetch) { return; }
        var key = STORAGE_PREFIX + card.getAttribute("data-kb-article");
        var feedback = card.querySelector("[data-kb-rating-feedback-form]");
        var thanks = card.querySelector("[data-kb-rating-thanks]");
        var error = card.querySelector("[data-kb-rating-error]");
        var yours = card.querySelector("[data-kb-rating-yours]");
        var buttons = form.querySelectorAll("[data-kb-rating-thumb]");
        var busy = false;

        function text(name) { return card.getAttribute("data-kb-text-" + name) || ""; }

        function showYourVote(stars) {
            for (var i = 0; i < buttons.length; i++) {
                buttons[i].setAttribute("aria-pressed", String(buttons[i].value === String(stars)));
            }
            if (yours && stars) {
                yours.textContent = text(stars >= 4 ? "your-yes" : "your-no");
                yours.hidden = false;
            }
        }

        function update(data) {
            var hasVotes = data.count > 0;
            card.querySelector("[data-kb-rating-has-votes]").hidden = !hasVotes;
            card.querySelector("[data-kb-rating-no-votes]").hidden = hasVotes;
            if (data.helpful_label) {
                card.querySelector("[data-kb-rating-helpful]").textContent = data.helpful_label;
            }
        }

        function send(body, stars, submit, done) {
            if (busy) { return; }
            busy = true;
            if (submit) { submit.disabled = true; }
            error.textContent = "";
            post(form.action, body).then(function (data) {
                update(data);
                storageSet(key, String(stars));
                showYourVote(stars);
                done(data);
            }).catch(function (err) {
                error.textContent = err.message || text("error");
            }).then(function () {
                busy = false;
                if (submit) { submit.disabled = false; }
            });
        }

        form.addEventListener("submit", function (event) {
            event.preventDefault();
            var button = event.submitter;
            if (!button || !button.value) { return; }
            var stars = parseInt(button.value, 10);
            var body = new URLSearchParams();
            body.append("stars", String(stars));
            send(body, stars, null, function (data) {
                thanks.textContent = data.thank_you || "";
                if (feedback) {
                    feedback.querySelector("[data-kb-rating-feedback-stars]").value = String(stars);
                    feedback.hidden = !data.ask_comment;
                }
            });
        });

        if (feedback) {
            feedback.addEventListener("submit", function (event) {
                event.preventDefault();
                var comment = feedback.querySelector("textarea[name=comment]");
                var stars = parseInt(feedback.querySelector("[data-kb-rating-feedback-stars]").value, 10);
                if (!comment.value.trim()) { comment.focus(); return; }
                var body = new URLSearchParams();
                body.append("stars", String(stars));
                body.append("comment", comment.value);
                appendSection(body, feedback);
                send(body, stars, feedback.querySelector("[data-kb-rating-feedback-submit]"), function (data) {
                    comment.value = "";
                    feedback.hidden = true;
                    thanks.textContent = text("feedback-thanks") + " " + (data.thank_you || "");
                });
            });
        }

        var rated = parseInt(card.getAttribute("data-kb-rated"), 10);
        if (rated >= 1 && rated <= 5) {
            storageSet(key, String(rated));
            showYourVote(rated);
        } else {
            var stored = parseInt(storageGet(key), 10);
            if (stored >= 1 && stored <= 5) { showYourVote(stored); }
        }
    }

    function setup(card) {
        if (card.getAttribute("data-kb-rating-style") === "thumbs") { setupThumbs(card); return; }
        var form = card.querySelector("[data-kb-rating-form]");
        if (!form || !window.fetch) { return; }
        var key = STORAGE_PREFIX + card.getAttribute("data-kb-article");
        var policy = card.getAttribute("data-kb-comment-policy");
        var feedback = card.querySelector("[data-kb-rating-feedback]");
        var comment = form.querySelector("textarea[name=comment]");
        var submit = form.querySelector("[data-kb-rating-submit]");
        var thanks = card.querySelector("[data-kb-rating-thanks]");
        var error = card.querySelector("[data-kb-rating-error]");
        var yours = card.querySelector("[data-kb-rating-yours]");
        var busy = false;

        function text(name) { return card.getAttribute("data-kb-text-" + name) || ""; }

        function checkedStars() {
            var input = form.querySelector("input[name=stars]:checked");
            return input ? parseInt(input.value, 10) : null;
        }

        function select(stars) {
            var input = form.querySelector("input[name=stars][value='" + stars + "']");
            if (input) { input.checked = true; }
        }

        function wantsComment(stars) {
            if (!feedback || policy === "never") { return false; }
            if (policy === "low") { return stars <= 3; }
            return true;
        }

        function showFeedback(show) {
            if (!feedback) { return; }
            feedback.hidden = !show;
            submit.textContent = show ? text("send-feedback") : text("rate");
        }

        function showYourVote(stars) {
            if (!yours || !stars) { return; }
            yours.textContent = text("your-vote").replace("%(stars)s", stars);
            yours.hidden = false;
        }

        function update(data) {
            var hasVotes = data.count > 0;
            card.querySelector("[data-kb-rating-has-votes]").hidden = !hasVotes;
            card.querySelector("[data-kb-rating-no-votes]").hidden = hasVotes;
            card.querySelector("[data-kb-rating-average]").textContent = formatAverage(data.average);
            card.querySelector("[data-kb-rating-count]").textContent = data.count_label || String(data.count);
            for (var n = 1; n <= 5; n++) {
                var count = (data.distribution && data.distribution[String(n)]) || 0;
                var percent = data.percentages ? data.percentages[String(n)] :
                    (data.count ? Math.round(100 * count / data.count) : 0);
                var meter = card.querySelector("[data-kb-rating-meter='" + n + "']");
                var label = card.querySelector("[data-kb-rating-percent='" + n + "']");
                if (meter) { meter.value = percent; }
                if (label) { label.textContent = percent + "%"; }
            }
        }

        function send(withComment) {
            var stars = checkedStars();
            if (!stars || busy) { return; }
            var body = new URLSearchParams();
            body.append("stars", String(stars));
            var sentComment = withComment && comment && comment.value.trim() ? comment.value : "";
            if (sentComment) {
                body.append("comment", sentComment);
                appendSection(body, form);
            }
            busy = true;
            submit.disabled = true;
            error.textContent = "";
            fetch(form.action, {
                method: "POST",
                body: body,
                credentials: "same-origin",
                headers: { "Accept": "application/json" }
            }).then(function (response) {
                return response.json().catch(function () { return {}; }).then(function (data) {
                    if (!response.ok) { throw new Error(data.error || text("error")); }
                    return data;
                });
            }).then(function (data) {
                update(data);
                storageSet(key, String(stars));
                showYourVote(stars);
                if (data.comment_saved) {
                    comment.value = "";
                    showFeedback(false);
                    thanks.textContent = text("feedback-thanks") + " " + (data.thank_you || "");
                } else {
                    var ask = data.ask_comment !== undefined ? data.ask_comment : wantsComment(stars);
                    showFeedback(Boolean(ask));
                    thanks.textContent = data.thank_you || "";
                }
            }).catch(function (err) {
                error.textContent = err.message || text("error");
            }).then(function () {
                busy = false;
                submit.disabled = false;
            });
        }

        // The reader picks a star (mouse, touch or arrow keys), then presses the button.
        form.addEventListener("submit", function (event) {
            event.preventDefault();
            send(feedback && !feedback.hidden);
        });

        // Show this reader's earlier vote (the HTML itself is the same for everyone).
        var rated = parseInt(card.getAttribute("data-kb-rated"), 10);
        if (rated >= 1 && rated <= 5) {
            storageSet(key, String(rated));
            showYourVote(rated);
        } else {
            var stored = parseInt(storageGet(key), 10);
            if (stored >= 1 && stored <= 5) {
                select(stored);
                showYourVote(stored);
            }
        }
    }

    function init() {
        var cards = document.querySelectorAll("[data-kb-rating]");
        for (var i = 0; i < cards.length; i++) { setup(cards[i]); }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
