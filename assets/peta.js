// Builds the choropleth in the browser from a small spec (codes, values, colours) sent by
// the server and the area's GeoJSON, fetched once per area and kept in memory.
(function () {
  const cache = {};

  function load(url) {
    if (!cache[url]) {
      cache[url] = fetch(url, {credentials: "same-origin"}).then(function (r) {
        if (!r.ok) { delete cache[url]; throw new Error("peta " + r.status); }
        return r.json();
      });
    }
    return cache[url];
  }

  function mercY(lat) {
    const s = Math.sin(lat * Math.PI / 180);
    return Math.log((1 + s) / (1 - s)) / 2;
  }

  // Centre and zoom so that the bounding box fills a map of w × h pixels (web mercator).
  function fit(bbox, w, h) {
    const lonSpan = Math.max(bbox[2] - bbox[0], 1e-4);
    const ySpan = Math.max(mercY(bbox[3]) - mercY(bbox[1]), 1e-6);
    const zx = Math.log2(w * 360 / (512 * lonSpan));
    const zy = Math.log2(h * 2 * Math.PI / (512 * ySpan));
    return {
      center: {lon: (bbox[0] + bbox[2]) / 2, lat: (bbox[1] + bbox[3]) / 2},
      zoom: Math.max(0, Math.min(zx, zy) - 0.15),
    };
  }

  // A new figure handed to a map whose style is still loading makes plotly read the layers
  // of a style that is not there yet ("Cannot read properties of undefined (reading
  // 'layers')", seen now and then when two specs follow each other quickly): wait until the
  // map already drawn has its style, at most 3 s.
  async function settled(graphId) {
    const el = document.getElementById(graphId);
    const gd = el && (el.classList.contains("js-plotly-plot") ? el : el.querySelector(".js-plotly-plot"));
    for (let i = 0; i < 60; i++) {
      const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
      guard(sub);
      const map = sub && sub.map;
      if (!map || !map.isStyleLoaded || map.isStyleLoaded()) { return; }
      await new Promise(function (resolve) { setTimeout(resolve, 50); });
    }
  }

  // One map's specs are built one after another: a spec waits until the map the one before it
  // drew exists and has its style (at most 5 s; a fixed pause was not enough on a busy machine,
  // where Dash may take longer to hand the figure to plotly). Without the queue, a second spec
  // arriving while plotly still creates the map makes plotly update a map whose style is not
  // there yet ("reading 'layers'").
  const queues = {};

  function pause(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  // The race at its root: plotly's map subplot calls updateMap on a map it is still creating
  // (its plot() only checks that the map object exists), and updateMap reads the layers of a
  // style that is not there yet. Once any map subplot exists, its shared prototype's updateMap
  // is wrapped to wait for the style first (at most 5 s). The queue below keeps our own specs in
  // order; this covers every other way plotly may update a map early.
  function guard(sub) {
    const proto = sub && Object.getPrototypeOf(sub);
    if (!proto || proto.petaWaitsForStyle || typeof proto.updateMap !== "function") { return; }
    const update = proto.updateMap;
    proto.updateMap = function () {
      const self = this;
      const args = arguments;
      const map = self.map;
      if (!map || map.getStyle()) { return update.apply(self, args); }
      let done = false;
      const go = function () { if (!done) { done = true; update.apply(self, args); } };
      map.once("styledata", go);
      setTimeout(go, 5000);
    };
    proto.petaWaitsForStyle = true;
  }

  async function drawn(graphId) {
    for (let i = 0; i < 100; i++) {
      const el = document.getElementById(graphId);
      if (!el) { return; }  // the page moved on
      const gd = el.classList.contains("js-plotly-plot") ? el : el.querySelector(".js-plotly-plot");
      const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
      guard(sub);
      const map = sub && sub.map;
      if (map && map.isStyleLoaded && map.isStyleLoaded()) { return; }
      await pause(50);
    }
  }

  function queued(spec) {
    const id = (spec && spec.graph_id) || "";
    const result = (queues[id] || Promise.resolve()).then(function () { return build(spec); });
    queues[id] = result.catch(function () {}).then(function () {
      return spec && spec.geo_url ? drawn(id) : pause(150);
    });
    return result;
  }

  async function build(spec) {
    if (!spec || !spec.geo_url) {
      return {data: [], layout: {xaxis: {visible: false}, yaxis: {visible: false}}};
    }
    const geo = await load(spec.geo_url);
    const data = spec.data.map(function (t) { return Object.assign({}, t, {geojson: geo}); });
    const layout = JSON.parse(JSON.stringify(spec.layout));
    const el = document.getElementById(spec.graph_id);
    const w = (el && el.clientWidth) || 700;
    const h = layout.height || 520;
    if (geo.bbox) { Object.assign(layout.map, fit(geo.bbox, w, h)); }
    await settled(spec.graph_id);
    if (window.petaLabel) { window.petaLabel.follow(spec.graph_id, geo); }  // area names
    return {data: data, layout: layout};
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    peta: {figure: queued},
  });
})();
