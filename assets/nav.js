// The navbar's page links keep the wilayah, the year and the month of the page open (not its
// own parameters: an indicator of Klaster 2 means nothing on the IKS page). Done here, not on
// the server: it is the browser's own address, and every page load saved a round trip.
// callbacks/filters.py registers it; url_state.shared_search is the same rule in Python.
(function () {
    const SHARED = ["provinsi", "kabupaten", "puskesmas", "desa", "tahun"];
    const MAX = 40;  // callbacks/inputs.MAX_TEXT: as inputs.text cuts a value
    function last(params, key) {  // a key given twice: the last one (as Python's dict of parse_qsl)
        const all = params.getAll(key);
        const value = all.length ? all[all.length - 1].replace(/\u0000/g, "").trim().slice(0, MAX) : "";
        return value || null;
    }
    function shared(search) {
        const from = new URLSearchParams(search || "");
        const out = new URLSearchParams();
        SHARED.forEach(function (key) {
            const value = last(from, key);
            if (value) { out.set(key, value); }
        });
        const bulan = last(from, "bulan");
        if (bulan && /^[0-9]{1,2}$/.test(bulan) && +bulan >= 1 && +bulan <= 12) { out.set("bulan", bulan); }
        const text = out.toString();
        return text ? "?" + text : "";
    }
    window.dash_clientside = Object.assign({}, window.dash_clientside, {
        nav: {
            links: function (search) {
                const tail = shared(search);
                const outputs = window.dash_clientside.callback_context.outputs_list || [];
                return outputs.map(function (o) {
                    const path = (o.id && typeof o.id.path === "string" && o.id.path.charAt(0) === "/") ? o.id.path : "/";
                    return path + tail;
                });
            },
        },
    });
})();
