// The presentation page of the lokakarya mini (/lokmin, layouts/lokmin_parts.py): the keys a
// presenter and a clicker send (→ ← PageDown PageUp Home End, F for full screen) become clicks
// on the page's own buttons, and two clientside callbacks (callbacks/lokmin.py) move between
// slides and draw the current one from the texts and charts the server sent. Nothing here is
// inline: the app's CSP allows no inline script.
(function () {
    const DECK = "lokmin-deck";
    const KEYS = {
        ArrowRight: "lokmin-next", PageDown: "lokmin-next", ArrowLeft: "lokmin-prev", PageUp: "lokmin-prev",
        Home: "lokmin-first", End: "lokmin-last",
    };
    const LONG = 70, LONGER = 110;  // characters of a title that take a smaller size
    const EMPTY = {data: [], layout: {xaxis: {visible: false}, yaxis: {visible: false}}};
    let shown = null;  // the figure object on screen (not drawn again when other charts arrive)

    function typing(target) {
        if (!target || !target.closest) { return false; }
        return Boolean(target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']"));
    }

    function toggleFullscreen() {
        if (document.fullscreenElement) {
            document.exitFullscreen().catch(function () {});
        } else if (document.documentElement.requestFullscreen) {
            document.documentElement.requestFullscreen().catch(function () {});
        }
    }

    document.addEventListener("keydown", function (event) {
        if (!document.getElementById(DECK) || event.altKey || event.ctrlKey || event.metaKey) { return; }
        if (typing(event.target)) { return; }
        if (event.key === "f" || event.key === "F") {
            event.preventDefault();
            toggleFullscreen();
            return;
        }
        const id = KEYS[event.key];
        const button = id && document.getElementById(id);
        if (button) {
            event.preventDefault();
            button.click();
        }
    });

    // a class on <body> while the deck is on screen (the stylesheet also uses :has())
    function mark() {
        document.body.classList.toggle("lokmin-mode", Boolean(document.getElementById(DECK)));
    }
    new MutationObserver(mark).observe(document.documentElement, {childList: true, subtree: true});

    function clamp(pos, count) {
        const n = Number.isInteger(pos) ? pos : 0;
        return Math.max(0, Math.min(n, Math.max(count - 1, 0)));
    }

    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        lokmin: {
            move: function (_first, _prev, _next, _last, slides, pos) {
                const count = Array.isArray(slides) ? slides.length : 0;
                const triggered = (window.dash_clientside.callback_context.triggered || [])
                    .map(function (t) { return t.prop_id; });
                let next = clamp(pos, count);
                if (triggered.indexOf("lokmin-first.n_clicks") >= 0) { next = 0; }
                else if (triggered.indexOf("lokmin-last.n_clicks") >= 0) { next = count - 1; }
                else if (triggered.indexOf("lokmin-prev.n_clicks") >= 0) { next = next - 1; }
                else if (triggered.indexOf("lokmin-next.n_clicks") >= 0) { next = next + 1; }
                next = clamp(next, count);
                return next === pos ? window.dash_clientside.no_update : next;
            },
            draw: function (pos, slides, figures) {
                const have = Object.keys(figures || {});
                if (!Array.isArray(slides)) {
                    return ["Menyiapkan presentasi…", "", "", "/rtl", true, EMPTY, "lokmin-frame no-chart", have];
                }
                if (!slides.length) {
                    shown = null;
                    return ["Tidak ada slide untuk ditampilkan: semua slide disembunyikan (buka Atur slide).",
                            "", "0 / 0", "/rtl", true, EMPTY, "lokmin-frame no-chart", have];
                }
                const i = clamp(pos, slides.length);
                const slide = slides[i];
                const counter = (i + 1) + " / " + slides.length;
                let figure = EMPTY;
                let frame = "lokmin-frame";
                if (!figures || !(slide.key in figures)) {
                    frame += " loading";
                } else if (figures[slide.key] === null) {
                    frame += " no-chart";
                } else {
                    figure = figures[slide.key];
                }
                frame += " jenis-" + String(slide.jenis).replace(/[^a-z]/g, "");
                const length = String(slide.judul || "").length;
                if (length > LONGER) { frame += " longer"; } else if (length > LONG) { frame += " long"; }
                const out = figure === shown ? window.dash_clientside.no_update : figure;
                shown = figure;
                return [slide.judul, slide.sumber, counter, slide.rtl || "/rtl", !slide.rtl, out, frame, have];
            },
        },
    });
})();
