// Area names written on the maps (a projector shows no hover): the name of each area at
// its `titik` (geo/browser.py: a point inside it), as HTML over the MapLibre canvas, with a
// white halo; a name that would cover one already written is left out, and a map of more
// than MAX_LABELS areas gets none. Redrawn when the map moves or is resized. HTML rather than
// MapLibre text: MapLibre's text needs glyphs from the internet, which the CSP and an
// offline Puskesmas both refuse. Called by assets/peta.js after each new figure.
(function () {
  const MAX_LABELS = 80;
  // the level is in the map's note; the name alone is shorter and reads as well
  const PREFIX = /^(Puskesmas|Desa|Kelurahan|Kabupaten|Kota|Provinsi)\s+/i;

  function plot(graphId) {
    const el = document.getElementById(graphId);
    return el && (el.classList.contains("js-plotly-plot") ? el : el.querySelector(".js-plotly-plot"));
  }

  function draw(gd) {
    const sub = gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    const map = sub && sub.map;
    const layer = gd._petaLabels;
    if (!map || !layer) { return; }
    const box = layer.parentNode.getBoundingClientRect();
    const canvas = map.getCanvas().getBoundingClientRect();
    layer.style.left = (canvas.left - box.left) + "px";
    layer.style.top = (canvas.top - box.top) + "px";
    layer.style.width = canvas.width + "px";
    layer.style.height = canvas.height + "px";
    const placed = [];
    layer.querySelectorAll(".peta-label").forEach(function (label) {
      const p = map.project(JSON.parse(label.dataset.titik));
      label.style.left = p.x + "px";
      label.style.top = p.y + "px";
      label.style.visibility = "hidden";
      label.style.display = "block";
      const w = label.offsetWidth, h = label.offsetHeight;
      const r = {l: p.x - w / 2, r: p.x + w / 2, t: p.y - h / 2, b: p.y + h / 2};
      const inside = r.l >= 0 && r.t >= 0 && r.r <= canvas.width && r.b <= canvas.height;
      const free = placed.every(function (q) { return r.r < q.l || r.l > q.r || r.b < q.t || r.t > q.b; });
      if (inside && free) {
        placed.push(r);
        label.style.visibility = "visible";
      } else {
        label.style.display = "none";
      }
    });
  }

  function labels(gd, geo) {
    let layer = gd._petaLabels;
    if (!layer || !layer.isConnected) {
      layer = document.createElement("div");
      layer.className = "peta-labels";
      layer.setAttribute("aria-hidden", "true");
      gd.classList.add("peta-berlabel");  // positioned: the layer is placed within it
      gd.appendChild(layer);
      gd._petaLabels = layer;
    }
    layer.replaceChildren(gd._petaCetak || document.createElement("img"));
    gd._petaCetak = layer.firstChild;
    gd._petaCetak.className = "peta-cetak";
    gd._petaCetak.alt = "";
    const features = (geo && geo.features) || [];
    if (features.length > MAX_LABELS) { return; }
    // the biggest areas first: they keep their name when two collide
    const sized = features.filter(function (f) { return f.properties && f.properties.titik && f.properties.nama; })
      .map(function (f) { return {f: f, size: extent(f.geometry)}; })
      .sort(function (a, b) { return b.size - a.size; });
    sized.forEach(function (s) {
      const label = document.createElement("div");
      label.className = "peta-label";
      label.textContent = String(s.f.properties.nama).replace(PREFIX, "");
      label.title = String(s.f.properties.nama);
      label.dataset.titik = JSON.stringify(s.f.properties.titik);
      layer.appendChild(label);
    });
    draw(gd);
  }

  function extent(geom) {
    let lo = [Infinity, Infinity], hi = [-Infinity, -Infinity];
    const polys = geom && geom.type === "MultiPolygon" ? geom.coordinates : [geom ? geom.coordinates : []];
    polys.forEach(function (poly) {
      (poly[0] || []).forEach(function (c) {
        lo = [Math.min(lo[0], c[0]), Math.min(lo[1], c[1])];
        hi = [Math.max(hi[0], c[0]), Math.max(hi[1], c[1])];
      });
    });
    return isFinite(lo[0]) ? (hi[0] - lo[0]) * (hi[1] - lo[1]) : 0;
  }

  // A printed page cannot read a WebGL canvas (its buffer is cleared once shown): each time
  // the map has settled, draw it once more and copy that frame, while it is still in the
  // buffer, into an image that only print shows (assets/print.css).
  function snapshots(gd, map) {
    let want = false, fresh = false;
    map.on("move", function () { fresh = false; });
    map.on("data", function () { fresh = false; });
    map.on("idle", function () {
      if (!fresh) { want = true; map.triggerRepaint(); }
    });
    map.on("render", function () {
      if (!want || !gd._petaCetak) { return; }
      want = false;
      fresh = true;
      try { gd._petaCetak.src = map.getCanvas().toDataURL("image/png"); } catch (e) { /* tainted: none here */ }
    });
    want = true;  // the map has settled before this was attached: the first copy now
    map.triggerRepaint();
  }

  // wait (at most 10 s) until plotly has drawn the new figure on a map, then write the names
  function follow(graphId, geo) {
    let tries = 0;
    function attempt() {
      const gd = plot(graphId);
      const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
      const map = sub && sub.map;
      // the figure drawn is the one made from these outlines (Dash may hand plotly a copy)
      const shown = gd && gd.data && gd.data[0] && gd.data[0].geojson;
      const drawn = shown && shown.features && shown.features.length === geo.features.length
        && JSON.stringify(shown.bbox) === JSON.stringify(geo.bbox);
      if (!map || !drawn || !map.loaded()) {
        if (tries++ < 100) { setTimeout(attempt, 100); }
        return;
      }
      if (map._petaLabelsFollow !== true) {
        map._petaLabelsFollow = true;
        map.on("move", function () { draw(gd); });
        map.on("resize", function () { draw(gd); });
        snapshots(gd, map);
      }
      labels(gd, geo);
    }
    attempt();
  }

  window.petaLabel = {follow: follow, MAX_LABELS: MAX_LABELS};
})();
