// The functions every table (layouts/grid.py) calls through dash-ag-grid's {"function": ...}
// expressions: Indonesian numbers (1.234,5 · 78,4% · "–" for no data), the status and
// category colours as CSS classes, and the CSV of what a table shows. dash-ag-grid calls them
// with its own interpreter, so the Content-Security-Policy needs no 'unsafe-eval'.
(function () {
  var NO_DATA = "\u2013";  // –, as indicators/format.py NO_DATA
  var MINUS = "\u2212";    // −, as indicators/format.py selisih
  // a cell a spreadsheet would read as a formula (exports/writers.py FORMULA_STARTS)
  var FORMULA = /^[=+\-@\t\r]/;

  function missing(value) {
    return value === null || value === undefined || value === "" ||
      (typeof value === "number" && !isFinite(value));
  }

  // 1234.5 → "1.234,5" with `decimals` digits after the comma; the sign kept
  function angka(value, decimals) {
    var n = Number(value);
    var fixed = Math.abs(n).toFixed(decimals || 0);
    var parts = fixed.split(".");
    var text = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".") + (parts[1] ? "," + parts[1] : "");
    return (n < 0 && Number(fixed) !== 0 ? "-" : "") + text;
  }

  function shown(value) {
    return value === null || value === undefined ? "" : String(value);
  }

  function neutral(text) {
    return FORMULA.test(text) ? "'" + text : text;
  }

  var functions = {
    gridNumber: function (value, decimals, unit) {
      if (missing(value)) { return NO_DATA; }
      if (!isFinite(Number(value))) { return String(value); }
      var text = angka(value, decimals);
      if (!unit) { return text; }
      return unit === "%" ? text + "%" : text + " " + unit;
    },
    gridPercent: function (fraction, decimals) {
      if (missing(fraction) || !isFinite(Number(fraction))) { return NO_DATA; }
      return angka(Number(fraction) * 100, decimals === undefined ? 1 : decimals) + "%";
    },
    gridChange: function (value, decimals) {
      if (missing(value) || !isFinite(Number(value))) { return NO_DATA; }
      var n = Number(value);
      var sign = n > 0 ? "+" : (n < 0 ? MINUS : "\u00b1");
      return sign + angka(Math.abs(n), decimals === undefined ? 3 : decimals);
    },
    gridText: function (value, empty) {
      return missing(value) ? (empty || "") : String(value);
    },
    gridTextOf: function (data, field) {
      var value = data ? data[field] : null;
      return missing(value) ? NO_DATA : String(value);
    },
    // [base, prefix + data[field]] when data[field] is one of `allowed` (status-jelek, …)
    gridClassOf: function (data, field, prefix, allowed, base) {
      var out = base ? [base] : [];
      var value = data ? data[field] : null;
      if (allowed && allowed.indexOf(value) >= 0) { out.push(prefix + value); }
      return out;
    },
    gridClassIf: function (value, cls, base) {
      var out = base ? [base] : [];
      if (!missing(value)) { out.push(cls); }
      return out;
    },
    // CSV of what is shown: each cell as the table formats it; text that a spreadsheet would
    // take for a formula gets a leading "'", numbers stay as shown (their sign is ours)
    gridCsvCell: function (params) {
      var raw = params.value;
      var text = shown(params.formatValue ? params.formatValue(raw) : raw);
      return typeof raw === "number" ? text : neutral(text);
    },
    gridCsvHeader: function (params) {
      var name = params.api && params.column
        ? params.api.getDisplayNameForColumn(params.column, null) : "";
      return neutral(shown(name));
    },
  };
  window.dashAgGridFunctions = Object.assign(window.dashAgGridFunctions || {}, functions);

  // The "Unduh CSV tabel ini" buttons (callbacks/grid.py): the pressed button names its grid,
  // whose exportDataAsCsv prop runs AG Grid's export with the grid's csvExportParams.
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    grid: {
      exportCsv: function () {
        var ctx = window.dash_clientside.callback_context;
        var pressed = ctx && ctx.triggered_id;
        var clicked = ctx && ctx.triggered && ctx.triggered.some(function (t) { return t.value; });
        if (!pressed || !clicked || typeof pressed.grid !== "string") { return; }
        var id = pressed.grid.charAt(0) === "{" ? JSON.parse(pressed.grid) : pressed.grid;
        window.dash_clientside.set_props(id, {exportDataAsCsv: true});
      },
    },
  });
})();
