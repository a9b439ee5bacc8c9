// A long page's sections that load when seen (layouts/lazy_parts.py): when a placeholder
// comes near the screen, mark its section seen, and its callback (callbacks/sections.py)
// puts its layout in. Watching starts once the page's first screen is drawn (the selector
// in the placeholder's data-after, and Dash has nothing in flight): before that the lead
// section has no height yet, every placeholder below it looks on screen, and all of them
// would load at once. Sections appear after the page loads (Dash renders them), so new ones
// are looked for as they come. The index of sections (.section-chip) scrolls to a section,
// which loads it the same way.
(function () {
    const LONGEST_WAIT_MS = 8000;  // a first screen that never draws must not keep the rest away
    // (long: the first chart of a cold browser waits for Plotly, megabytes, with Dash idle)
    const AHEAD_PX = 150;  // start loading just before a section scrolls in
    const AHEAD = "0px 0px " + AHEAD_PX + "px 0px";
    const watched = new WeakSet();
    // Until the reader scrolls, only what is on the screen loads: a section just below the
    // fold would cost the first screen its callbacks and charts for nothing if nobody scrolls.
    // Once the page moves, sections load a little ahead of the window.
    let scrolled = false;
    const deferred = new Set();  // near the window's bottom, held back until the first scroll
    const observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
            if (!entry.isIntersecting) { deferred.delete(entry.target); return; }
            if (!scrolled && entry.boundingClientRect.top >= window.innerHeight) {
                deferred.add(entry.target);
                return;
            }
            observer.unobserve(entry.target);
            show(entry.target);
        });
    }, {rootMargin: AHEAD});
    window.addEventListener("scroll", function () {
        if (scrolled) { return; }
        scrolled = true;
        deferred.forEach(function (element) {
            observer.unobserve(element);
            show(element);
        });
        deferred.clear();
    }, {passive: true});
    function show(element) {
        const name = element.dataset.section;
        if (element.dataset.asked || !window.dash_clientside || !window.dash_clientside.set_props) { return; }
        element.dataset.asked = "1";
        window.dash_clientside.set_props({type: "bagian-tampak", section: name}, {data: true});
    }
    function dashIdle() {
        const state = window.store && window.store.getState();
        return !!state && state.appLifecycle === "HYDRATED" && !state.isLoading;
    }
    // since when Dash has been idle with the current page's sections waiting (a slow server
    // is not a first screen that never draws: the clock runs only while nothing is in flight)
    let since = null;
    function watch() {
        const waiting = document.querySelectorAll(".lazy-section[data-section]");
        const idle = dashIdle();
        if (!waiting.length || !idle) { since = null; return; }
        since = since || performance.now();
        const after = waiting[0].dataset.after;
        const drawn = !after || document.querySelector(after) !== null;
        if (!drawn && performance.now() - since < LONGEST_WAIT_MS) { return; }
        waiting.forEach(function (element) {
            if (!watched.has(element)) {
                watched.add(element);
                element.dataset.watched = "1";  // for the browser tests: the observer is on
                // already on screen: ask now, not at the observer's next frame (which waits
                // for Plotly's first drawing, a long task on a slow machine)
                const ahead = scrolled ? AHEAD_PX : 0;
                if (element.getBoundingClientRect().top < window.innerHeight + ahead) {
                    show(element);
                } else {
                    observer.observe(element);
                }
            }
        });
    }
    // the index of sections: scroll to the one asked for; a lazy one loads at once (it may
    // be the last, too short to reach the window's top, or the observer may not watch yet)
    document.addEventListener("click", function (event) {
        const chip = event.target.closest && event.target.closest(".section-chip[data-target]");
        if (!chip) { return; }
        const target = document.getElementById(chip.dataset.target);
        if (!target) { return; }
        if (target.classList.contains("lazy-section")) { show(target); }
        target.scrollIntoView({block: "start"});
    });
    new MutationObserver(watch).observe(document.documentElement, {childList: true, subtree: true});
    setInterval(watch, 250);  // the longest wait ends without any change to the page
})();
