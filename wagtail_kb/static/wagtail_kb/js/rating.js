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

    // One path for both styles. The vote is the "Yes" / "No" button pressed (thumbs) or the star
    // picked (stars); the comment is sent with the vote from the stars form when its box is open,
    // or from the thumbs card's own comment form with the vote that form holds.
    function setup(card) {
        var form = card.querySelector("[data-kb-rating-form]");
        if (!form || !window.fetch) { return; }
        var thumbs = card.getAttribute("data-kb-rating-style") === "thumbs";
        var key = STORAGE_PREFIX + card.getAttribute("data-kb-article");
        var policy = card.getAttribute("data-kb-comment-policy");
        // Stars: the comment box inside the rating form. Thumbs: a form of its own.
        var feedback = card.querySelector("[data-kb-rating-feedback]");
        var ownForm = feedback && feedback !== form && feedback.tagName === "FORM" ? feedback : null;
        var comment = feedback && feedback.querySelector("textarea[name=comment]");
        var feedbackStars = card.querySelector("[data-kb-rating-feedback-stars]");
        var submit = form.querySelector("[data-kb-rating-submit]");
        var thanks = card.querySelector("[data-kb-rating-thanks]");
        var error = card.querySelector("[data-kb-rating-error]");
        var yours = card.querySelector("[data-kb-rating-yours]");
        var thumbButtons = form.querySelectorAll("[data-kb-rating-thumb]");
        var busy = false;

        function text(name) { return card.getAttribute("data-kb-text-" + name) || ""; }

        function setText(selector, value) {
            var element = card.querySelector(selector);
            if (element && value) { element.textContent = value; }
        }

        function votedStars(submitter) {
            var input = submitter && submitter.value ? submitter :
                form.querySelector("input[name=stars]:checked");
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
            if (submit) { submit.textContent = show ? text("send-feedback") : text("rate"); }
        }

        function showYourVote(stars) {
            for (var i = 0; i < thumbButtons.length; i++) {
                thumbButtons[i].setAttribute("aria-pressed", String(thumbButtons[i].value === String(stars)));
            }
            if (!yours || !stars) { return; }
            yours.textContent = thumbs ? text(stars >= 4 ? "your-yes" : "your-no") :
                text("your-vote").replace("%(stars)s", stars);
            yours.hidden = false;
        }

        // Whatever the card shows of the summary: "N of M found this helpful", or the average,
        // the count and the distribution.
        function update(data) {
            var hasVotes = data.count > 0;
            card.querySelector("[data-kb-rating-has-votes]").hidden = !hasVotes;
            card.querySelector("[data-kb-rating-no-votes]").hidden = hasVotes;
            setText("[data-kb-rating-helpful]", data.helpful_label);
            if (card.querySelector("[data-kb-rating-average]")) {
                setText("[data-kb-rating-average]", formatAverage(data.average));
            }
            setText("[data-kb-rating-count]", data.count_label || String(data.count));
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

        // The vote of ``stars``, with ``sentComment`` when there is one; ``button`` is disabled
        // while it is sent.
        function send(stars, sentComment, button) {
            if (!stars || busy) { return; }
            var body = new URLSearchParams();
            body.append("stars", String(stars));
            if (sentComment) {
                body.append("comment", sentComment);
                var section = feedback.querySelector("select[name=section]");
                if (section && section.value) { body.append("section", section.value); }
            }
            busy = true;
            if (button) { button.disabled = true; }
            error.textContent = "";
            post(form.action, body).then(function (data) {
                update(data);
                storageSet(key, String(stars));
                showYourVote(stars);
                if (data.comment_saved) {
                    comment.value = "";
                    showFeedback(false);
                    thanks.textContent = text("feedback-thanks") + " " + (data.thank_you || "");
                } else {
                    if (feedbackStars) { feedbackStars.value = String(stars); }
                    var ask = data.ask_comment !== undefined ? data.ask_comment : wantsComment(stars);
                    showFeedback(Boolean(ask));
                    thanks.textContent = data.thank_you || "";
                }
            }).catch(function (err) {
                error.textContent = err.message || text("error");
            }).then(function () {
                busy = false;
                if (button) { button.disabled = false; }
            });
        }

        // Stars: the reader picks a star (mouse, touch or arrow keys), then presses the button.
        // Thumbs: the button pressed is the vote.
        form.addEventListener("submit", function (event) {
            event.preventDefault();
            var open = !ownForm && feedback && !feedback.hidden && comment && comment.value.trim();
            send(votedStars(event.submitter), open ? comment.value : "", submit);
        });

        if (ownForm) {
            ownForm.addEventListener("submit", function (event) {
                event.preventDefault();
                if (!comment.value.trim()) { comment.focus(); return; }
                send(
                    parseInt(feedbackStars.value, 10),
                    comment.value,
                    ownForm.querySelector("[data-kb-rating-feedback-submit]")
                );
            });
        }

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
