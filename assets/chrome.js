// The compact header (layouts/components.py navbar): the "Ubah wilayah" button opens and
// closes the filter panel, the "Halaman" button the menu of pages (which also names the page
// open); a click elsewhere, a chosen page or Escape closes the menu. Event delegation: Dash
// draws the header after this script runs. No inline handlers (the CSP forbids them).
(function () {
    function menu() { return document.getElementById("pages-menu"); }
    function setMenu(open) {
        const m = menu();
        if (!m) { return; }
        m.classList.toggle("open", open);
        const b = m.querySelector(".pages-toggle");
        if (b) { b.setAttribute("aria-expanded", open ? "true" : "false"); }
    }
    function setFilter(open) {
        document.body.classList.toggle("filter-open", open);
        const b = document.getElementById("filter-toggle");
        if (b) { b.setAttribute("aria-expanded", open ? "true" : "false"); }
    }
    document.addEventListener("click", function (event) {
        const t = event.target;
        if (t.closest("#filter-toggle")) {
            setFilter(!document.body.classList.contains("filter-open"));
            return;
        }
        if (t.closest(".pages-toggle")) {
            setMenu(!menu().classList.contains("open"));
            return;
        }
        if (t.closest(".main-nav a") || !t.closest("#pages-menu")) { setMenu(false); }
    });
    document.addEventListener("keydown", function (event) {
        if (event.key === "Escape") { setMenu(false); }
    });
    // the menu button names the page open (its active link), kept as Dash moves the class
    function nameCurrent() {
        const m = menu();
        if (!m) { return; }
        const active = m.querySelector(".main-nav .nav-link.active");
        const label = m.querySelector(".pages-current");
        const text = active ? active.textContent : "Halaman";
        if (label && label.textContent !== text) { label.textContent = text; }
    }
    // only the menu is watched (not the whole page, whose charts change classes often);
    // Dash draws it after this script has run
    (function watch() {
        const m = menu();
        if (!m) { setTimeout(watch, 100); return; }
        nameCurrent();
        new MutationObserver(nameCurrent).observe(m,
            {subtree: true, attributes: true, attributeFilter: ["class"], childList: true});
    })();
})();
