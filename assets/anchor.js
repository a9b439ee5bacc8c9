// A link to a part of a page ('/klaster-3?…#panel-pws', from the Dashboard Utama's cells and
// findings): Dash draws the page after the browser looked for the anchor, so scroll to it
// here once it exists, and again while the charts above it are still growing, until the
// person scrolls or presses a key themself (then the page is theirs) or 4 seconds passed.
(function () {
    const FOLLOW_MS = 4000;
    let target = null, since = 0, done = "";
    function stop() { target = null; }
    function follow() {
        const wanted = window.location.hash.slice(1);
        if (!wanted || done === window.location.href) { return; }
        const element = document.getElementById(decodeURIComponent(wanted));
        if (!element) { return; }
        if (target !== element) { target = element; since = performance.now(); }
        if (performance.now() - since > FOLLOW_MS) { done = window.location.href; stop(); return; }
        element.scrollIntoView({block: "start"});
    }
    new MutationObserver(follow).observe(document.documentElement, {childList: true, subtree: true});
    ["wheel", "touchstart", "keydown", "mousedown"].forEach(function (name) {
        window.addEventListener(name, function () { done = window.location.href; stop(); }, {passive: true});
    });
})();
