// Knowledge base → Import: while an import runs, submit its "Continue" form by itself, so each
// request does a few seconds of work and the page shows the progress. Without JavaScript the
// editor presses "Continue".
document.addEventListener("DOMContentLoaded", () => {
    const form = document.querySelector("form[data-kb-import-continue]");
    if (!form) return;
    const button = form.querySelector("button");
    window.setTimeout(() => {
        if (button) button.disabled = true;
        form.submit();
    }, 250);
});
