// The Dashboard Utama's lower sections (layouts/utama_parts.py): when one comes on screen,
// mark it seen, and its callback (callbacks/utama.py) puts its layout in. Watching starts
// once the first screen is drawn (the scorecard has rows, or says why it is empty): before
// that the grid has no height yet, every section below it looks on screen, and all of them
// would load at once. Sections appear after the page loads (Dash renders them), so new ones
// are looked for as they come.
(function () {
    const READY = "#utama-skor .ag-row, #utama-skor .empty-state";
    const LONGEST_WAIT_MS = 4000;  // a scorecard that never draws must not keep the rest away
    const watched = new WeakSet();
    const observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
            if (!entry.isIntersecting) { return; }
            observer.unobserve(entry.target);
            const name = entry.target.dataset.section;
            if (window.dash_clientside && window.dash_clientside.set_props) {
                window.dash_clientside.set_props({type: "utama-tampak", section: name}, {data: true});
            }
        });
    });
    let since = null;  // when the current page's sections were first seen waiting
    function watch() {
        const waiting = document.querySelectorAll(".lazy-section[data-section]");
        if (!waiting.length) { since = null; return; }
        since = since || performance.now();
        if (!document.querySelector(READY) && performance.now() - since < LONGEST_WAIT_MS) { return; }
        waiting.forEach(function (element) {
            if (!watched.has(element)) {
                watched.add(element);
                observer.observe(element);
            }
        });
    }
    new MutationObserver(watch).observe(document.documentElement, {childList: true, subtree: true});
    setInterval(watch, 250);  // the longest wait ends without any change to the page
})();
