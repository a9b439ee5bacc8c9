"""A synthetic, clearly fictional province for the demo: wilayah, desa boundaries and PIS-PK family visits.

Everything is generated from one seed, without a database: `generate()` returns the
wilayah table and the desa polygons, and `DemoProvince.iter_kunjungan()` streams the
family visits in chunks of whole desa (the province scale has ~15M visit rows).

How the map is made (so that it looks like real desa boundaries):
- a landmass with a noisy coastline (a bay, a small offshore island), placed in the
  Indian Ocean south of Java so that it never overlaps real land on a basemap;
- many small sub-cells (a Voronoi diagram of random points whose density follows the
  population: dense in the kota); points mirrored across the coastline make the
  Voronoi edges follow the coast, so no clipping is needed and neighbouring desa share
  their borders exactly;
- each sub-cell belongs to the nearest desa seed in a smoothly warped space (wiggly
  borders), stray fragments are merged into a neighbour, and a desa is the union of
  its sub-cells;
- kabupaten/kota, kecamatan and Puskesmas areas are grown over the desa adjacency
  graph (shortest paths from a few seeds), so each of them is contiguous.

The IKS answers come from a latent model: per desa and indicator a probability that
varies smoothly over the map (a few Gaussian bumps), a family factor shared by the 12
answers, applicability (N) from a simple household composition, a follow-up round a
year later that is a little better, and a few clustered weak desa.
"""
from __future__ import annotations

import functools
import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from demo.program import REKON_PISPK, rekon_desa
from indicators.registry import IKS_CODES

KODE_PROVINSI = "99"
NAMA_PROVINSI = "Provinsi Contoh (Fiktif)"

WILAYAH_COLUMNS = (
    "kode_provinsi", "nama_provinsi", "kode_kabupaten", "nama_kabupaten",
    "kode_kecamatan", "nama_kecamatan", "kode_puskesmas", "nama_puskesmas",
    "kode_desa", "nama_desa", "jumlah_penduduk", "jumlah_keluarga",
)
KUNJUNGAN_COLUMNS = ("kode_desa", "id_keluarga", "tanggal_kunjungan", *IKS_CODES)

# the centre of the fictional island: open sea south of Central Java
_CENTRE = (111.0, -9.9)
_KOTA_BOOST = 7.0  # desa density at a kota centre = 1 + this, relative to the countryside
_TOWN_BOOST = 2.0  # the same for a small town


@dataclass(frozen=True)
class _Skala:
    n_desa: int
    n_kabupaten: int
    kota_desa: tuple[int, ...]  # number of kelurahan per kota
    desa_per_kecamatan: float  # in a kabupaten
    kelurahan_per_kecamatan: float  # in a kota
    share_two_puskesmas: float  # kecamatan (with >= 4 desa) that get a second Puskesmas
    keluarga_median: float  # registered families of a rural desa (median)
    keluarga_range: tuple[int, int]
    sub_cells: int  # Voronoi sub-cells per desa
    desa_area: float  # deg² of a rural desa
    n_towns: int  # small density bumps (kabupaten capitals)
    n_weak: int  # clusters of weak desa


_SKALA = {
    "kabupaten": _Skala(
        n_desa=320, n_kabupaten=2, kota_desa=(62,), desa_per_kecamatan=12.0,
        kelurahan_per_kecamatan=8.0, share_two_puskesmas=0.15, keluarga_median=620,
        keluarga_range=(150, 2000), sub_cells=60, desa_area=0.0008, n_towns=2, n_weak=2,
    ),
    "provinsi": _Skala(
        n_desa=6000, n_kabupaten=11, kota_desa=(150, 110, 90), desa_per_kecamatan=7.2,
        kelurahan_per_kecamatan=5.5, share_two_puskesmas=0.27, keluarga_median=1480,
        keluarga_range=(300, 6000), sub_cells=40, desa_area=0.0006, n_towns=10, n_weak=25,
    ),
}


# --- the result -------------------------------------------------------------------------

@dataclass
class _VisitParams:
    """Per desa (in wilayah row order) everything the visit generator needs."""

    kode_desa: np.ndarray  # object array of str
    digits: np.ndarray  # (n_desa, 10) uint32 code points of the desa code without dots
    keluarga: np.ndarray  # registered families
    cover1: np.ndarray  # share of registered families visited in 2024
    cover2: np.ndarray  # share of those revisited in 2025
    new2: np.ndarray  # share of the not-yet-visited families first visited in 2025
    start1: np.ndarray  # first visit day, days after 2024-01-01
    span1: np.ndarray
    start2: np.ndarray  # days after 2025-01-01
    span2: np.ndarray
    p_child: np.ndarray  # share of families with an under-five
    p_hipertensi: np.ndarray
    odds1: np.ndarray  # (n_desa, 12) exp(-logit P(Y)) in 2024, for a family with offset 0
    odds2: np.ndarray  # the same in 2025


@dataclass(eq=False)
class DemoProvince:
    """The generated province.

    wilayah: one row per desa (WILAYAH_COLUMNS), sorted by kode_desa; codes in the dotted
        Kemendagri form, jumlah_keluarga = registered families.
    batas: kode_desa and geometry (valid Polygons, EPSG:4326) in the same order; the desa
        tile the land exactly (shared borders, no gaps or overlaps).
    """

    wilayah: pd.DataFrame
    batas: gpd.GeoDataFrame
    seed: int = 2024
    _visits: _VisitParams | None = field(default=None, repr=False, compare=False)

    def iter_kunjungan(self, desa_per_chunk: int = 200) -> Iterator[pd.DataFrame]:
        """Family visits, in chunks of whole desa (every visit of a desa in one chunk),
        columns KUNJUNGAN_COLUMNS: kode_desa, id_keluarga, tanggal_kunjungan
        (datetime64[ns], midnight) and the 12 indicators ("Y", "T" or "N"; str dtype).

        Per desa: the 2024 round (Feb–Nov), then the 2025 follow-up (revisits of most
        families, plus some families first visited in 2025), families in id order. Each
        desa draws from its own random stream (seed, desa index), so the rows do not
        depend on `desa_per_chunk`.
        """
        if self._visits is None:
            raise ValueError("this DemoProvince has no visit parameters")
        if desa_per_chunk < 1:
            raise ValueError("desa_per_chunk must be >= 1")
        n = len(self._visits.keluarga)
        for start in range(0, n, desa_per_chunk):
            yield _visits_chunk(self._visits, self.seed, start, min(n, start + desa_per_chunk))


def generate(skala: str = "kabupaten", seed: int = 2024) -> DemoProvince:
    """The fictional province at a scale: "kabupaten" (~320 desa, the built-in demo) or
    "provinsi" (~6,000 desa, ~10M families, for load tests). Same seed, same output."""
    if skala not in _SKALA:
        raise ValueError(f"skala must be one of {sorted(_SKALA)}, not {skala!r}")
    return _generate(_SKALA[skala], seed)


def _generate(spec: _Skala, seed: int) -> DemoProvince:
    geo = _build_geometry(spec, np.random.default_rng([seed, 0]))
    tree = _build_hierarchy(spec, geo, np.random.default_rng([seed, 1]))
    wilayah, order = _wilayah_table(
        spec, geo, tree, np.random.default_rng([seed, 2]), np.random.default_rng([seed, 4]))
    batas = gpd.GeoDataFrame(
        {"kode_desa": wilayah["kode_desa"].to_numpy()},
        geometry=geo.polygons[order], crs="EPSG:4326",
    )
    visits = _visit_params(
        spec, wilayah, geo.centroids[order], _reorder_adjacency(geo.adjacency, order),
        np.random.default_rng([seed, 3]),
    )
    return DemoProvince(wilayah=wilayah, batas=batas, seed=seed, _visits=visits)


# --- smooth random fields ---------------------------------------------------------------

def _fourier_field(rng: np.random.Generator, n_modes: int, wl_min: float, wl_max: float):
    """A smooth random field f(x, y) with standard deviation ≈ 1 (sum of plane waves)."""
    angle = rng.uniform(0, 2 * np.pi, n_modes)
    wl = np.exp(rng.uniform(np.log(wl_min), np.log(wl_max), n_modes))
    kx, ky = 2 * np.pi / wl * np.cos(angle), 2 * np.pi / wl * np.sin(angle)
    phase = rng.uniform(0, 2 * np.pi, n_modes)
    amp = wl / np.sqrt(np.sum(wl**2) / 2)

    def f(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        out = np.zeros(np.shape(x))
        for i in range(n_modes):
            out += amp[i] * np.sin(kx[i] * x + ky[i] * y + phase[i])
        return out

    return f


def _bump_field(rng: np.random.Generator, xy: np.ndarray, n_bumps: int, scale: float) -> np.ndarray:
    """A sum of Gaussian bumps of both signs at the points xy, standardised (mean 0, sd 1)."""
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    centres = rng.uniform(lo, hi, (n_bumps, 2))
    widths = scale * rng.uniform(0.4, 1.2, n_bumps)
    heights = rng.normal(0, 1, n_bumps)
    d2 = ((xy[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    v = (heights * np.exp(-0.5 * d2 / widths**2)).sum(axis=1)
    sd = v.std()
    return (v - v.mean()) / (sd if sd > 0 else 1.0)


# --- geometry ---------------------------------------------------------------------------

@dataclass
class _Geometry:
    polygons: np.ndarray  # shapely polygons, one per desa
    centroids: np.ndarray  # (n_desa, 2)
    density: np.ndarray  # relative desa density at the centroid (countryside ≈ 1)
    adjacency: np.ndarray  # (n_edges, 2) desa index pairs, i < j (islands linked to the nearest desa)
    landmass: np.ndarray  # per desa, which piece of land it is on (0 = the biggest)
    kota_centres: np.ndarray  # (n_kota, 2)


def _coast_polygon(rng, cx, cy, rx, ry, rotation, detail, roughness, dents=()) -> shapely.Polygon:
    """A landmass: an ellipse with a few smooth lobes, `dents` = (angle, depth, width)
    Gaussian dips (bays; a negative depth is a cape), then a fractal coastline: the
    outline pushed in and out along its normal by noise of wavelengths down to `detail`
    (degrees), with amplitude `roughness` × ry, and bent by a gentle warp."""
    theta = np.linspace(0, 2 * np.pi, 720, endpoint=False)
    k = np.arange(2, 7)
    r = 1 + np.cos(np.multiply.outer(theta, k) + rng.uniform(0, 2 * np.pi, len(k))) @ (
        0.12 * rng.standard_normal(len(k)) / k)
    for angle, depth, width in dents:
        diff = np.angle(np.exp(1j * (theta - angle)))
        r -= depth * np.exp(-0.5 * (diff / width) ** 2)
    r = np.maximum(r, 0.3)
    base = shapely.Polygon(np.c_[rx * r * np.cos(theta), ry * r * np.sin(theta)])
    ring = base.exterior
    n_vertices = int(ring.length / detail * 6)
    t = np.linspace(0, ring.length, n_vertices, endpoint=False)
    p = shapely.get_coordinates(shapely.line_interpolate_point(ring, t))
    tangent = np.roll(p, -1, axis=0) - np.roll(p, 1, axis=0)
    normal = np.c_[tangent[:, 1], -tangent[:, 0]] / np.hypot(*tangent.T)[:, None]
    k = np.arange(4, max(5, int(ring.length / detail)))
    amp = rng.standard_normal(len(k)) / k**1.1
    phase = rng.uniform(0, 2 * np.pi, len(k))
    offset = np.cos(np.multiply.outer(2 * np.pi * t / ring.length, k) + phase) @ amp
    offset *= roughness * ry / offset.std()
    if not ring.is_ccw:
        normal = -normal
    x, y = (p + offset[:, None] * normal).T
    wl = 0.35 * ry
    wx, wy = _fourier_field(rng, 8, wl, 3 * wl), _fourier_field(rng, 8, wl, 3 * wl)
    x, y = x + 0.04 * ry * wx(x, y), y + 0.04 * ry * wy(x, y)
    c, s = np.cos(rotation), np.sin(rotation)
    poly = shapely.make_valid(shapely.Polygon(np.c_[cx + c * x - s * y, cy + s * x + c * y]))
    parts = shapely.get_parts(poly)
    parts = parts[shapely.get_type_id(parts) == 3]
    return shapely.Polygon(parts[np.argmax(shapely.area(parts))].exterior)


def _open_close(poly: shapely.Polygon, r: float) -> shapely.Polygon:
    """Remove fingers and inlets narrower than about 2r (the coast points cannot follow them)."""
    out = poly.buffer(-r, quad_segs=4).buffer(2 * r, quad_segs=4).buffer(-r, quad_segs=4)
    parts = shapely.get_parts(out)
    return shapely.Polygon(parts[np.argmax(shapely.area(parts))].exterior)


def _ray_exit(poly: shapely.Polygon, centre: np.ndarray, angle: float, reach: float) -> np.ndarray:
    """The farthest point where a ray from `centre` leaves `poly`."""
    end = centre + reach * np.array([np.cos(angle), np.sin(angle)])
    cut = shapely.intersection(shapely.LineString([centre, end]), poly)
    pts = shapely.get_coordinates(cut)
    return pts[np.argmax(((pts - centre) ** 2).sum(axis=1))]


class _Density:
    """Relative desa density (the countryside ≈ 1): kota near the coast (stretched, with a
    frayed edge), a few small towns, and hills where desa are bigger."""

    def __init__(self, spec: _Skala, rng: np.random.Generator, mainland: shapely.Polygon,
                 centre: np.ndarray, rx: float, ry: float):
        n_kota = len(spec.kota_desa)
        angles = rng.uniform(0, 2 * np.pi) + np.arange(n_kota) * 2 * np.pi / n_kota
        centres = []
        for a in angles + rng.uniform(-0.3, 0.3, n_kota):
            edge = _ray_exit(mainland, centre, a, 3 * rx)
            centres.append(edge + (centre - edge) * rng.uniform(0.12, 0.3))
        self.kota_centres = np.array(centres)
        # a kota of n desa: a bump holding about n desa at the countryside desa size
        self.kota_sigma = np.sqrt(np.array(spec.kota_desa) * spec.desa_area / (_KOTA_BOOST * 2 * np.pi))
        self.kota_angle = rng.uniform(0, np.pi, n_kota)
        self.kota_stretch = rng.uniform(1.3, 2.0, n_kota)
        self.fray = _fourier_field(rng, 10, 0.5 * self.kota_sigma.min(), 2 * self.kota_sigma.max())
        towns = []
        while len(towns) < spec.n_towns:
            p = centre + rng.uniform(-1, 1, 2) * [rx, ry] * 0.8
            far = np.min(np.hypot(*(self.kota_centres - p).T)) > 4 * self.kota_sigma.max()
            if shapely.contains_xy(mainland, *p) and far:
                towns.append(p)
        self.town_centres = np.array(towns).reshape(-1, 2)
        self.town_sigma = np.sqrt(15 * spec.desa_area / (_TOWN_BOOST * 2 * np.pi))
        self.hills = _fourier_field(rng, 12, 12 * np.sqrt(spec.desa_area), 2 * rx)

    def __call__(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        d = np.exp(0.35 * self.hills(x, y))
        frayed = np.exp(0.35 * self.fray(x, y))
        for (cx, cy), sd, angle, stretch in zip(
                self.kota_centres, self.kota_sigma, self.kota_angle, self.kota_stretch):
            u = (np.cos(angle) * (x - cx) + np.sin(angle) * (y - cy)) / np.sqrt(stretch)
            v = (-np.sin(angle) * (x - cx) + np.cos(angle) * (y - cy)) * np.sqrt(stretch)
            d += _KOTA_BOOST * np.exp(-0.5 * (u**2 + v**2) / sd**2) * frayed
        for cx, cy in self.town_centres:
            d += _TOWN_BOOST * np.exp(-0.5 * ((x - cx) ** 2 + (y - cy) ** 2) / self.town_sigma**2)
        return d

    def sample(self, rng: np.random.Generator, n: int, inside) -> np.ndarray:
        """n points with this density, where `inside(points)` holds: rejection sampling
        from a mixture of the bounding box and a Gaussian around every kota and town."""
        xmin, ymin, xmax, ymax = inside.bounds
        box_area = (xmax - xmin) * (ymax - ymin)
        centres = np.r_[self.kota_centres, self.town_centres]
        sds = np.r_[1.5 * self.kota_sigma * np.sqrt(self.kota_stretch),
                    np.full(len(self.town_centres), 1.2 * self.town_sigma)]
        weights = np.r_[box_area, 1.1 * _KOTA_BOOST * 2 * np.pi * self.kota_sigma**2,
                        np.full(len(self.town_centres), _TOWN_BOOST * 2 * np.pi * self.town_sigma**2)]

        def propose(m: int) -> np.ndarray:
            comp = rng.choice(len(weights), m, p=weights / weights.sum())
            pts = rng.uniform([xmin, ymin], [xmax, ymax], (m, 2))
            g = comp > 0
            pts[g] = centres[comp[g] - 1] + rng.standard_normal((g.sum(), 2)) * sds[comp[g] - 1, None]
            return pts

        def proposal_density(p: np.ndarray) -> np.ndarray:  # up to a constant
            q = np.ones(len(p))
            for c, sd, w in zip(centres, sds, weights[1:]):
                q += w * np.exp(-0.5 * ((p - c) ** 2).sum(axis=1) / sd**2) / (2 * np.pi * sd**2)
            return q

        probe = propose(min(200_000, 5 * n))
        bound = 1.2 * np.max(self(*probe.T) / proposal_density(probe))
        out, got = [], 0
        while got < n:
            c = propose(int(1.5 * n * box_area / inside.area) + 1000)
            c = c[inside.contains(c)]
            c = c[rng.uniform(0, bound, len(c)) < self(*c.T) / proposal_density(c)]
            out.append(c)
            got += len(c)
        return np.concatenate(out)[:n]


@dataclass
class _Land:
    """Where sub-cell generators may go: on land, away from the coast band."""

    land: shapely.MultiPolygon
    band: shapely.Polygon

    @property
    def bounds(self):
        return self.land.bounds

    @property
    def area(self) -> float:
        return self.land.area

    def contains(self, p: np.ndarray) -> np.ndarray:
        x, y = p[:, 0], p[:, 1]
        return shapely.contains_xy(self.land, x, y) & ~shapely.contains_xy(self.band, x, y)


def _landmass(spec: _Skala, rng: np.random.Generator, centre: np.ndarray, rx: float, ry: float,
              s: float) -> tuple[shapely.Polygon, shapely.Polygon]:
    """The mainland (with a bay and a cape) and a small offshore island holding a few desa."""
    bay = rng.uniform(0, 2 * np.pi)
    cape = bay + rng.uniform(1.5, 2.5)
    mainland = _coast_polygon(rng, *centre, rx, ry, rng.uniform(-0.2, 0.2), 5 * s, 0.07,
                              dents=[(bay, 0.4, 0.12), (cape, -0.2, 0.1)])
    island_r = np.sqrt(spec.desa_area * max(2.5, spec.n_desa / 400) / np.pi)
    angle = bay + np.pi + rng.uniform(-0.6, 0.6)
    exit_pt = _ray_exit(mainland, centre, angle, 3 * rx)
    direction = np.array([np.cos(angle), np.sin(angle)])
    gap = 1.8 * island_r
    while True:
        ic = exit_pt + direction * (island_r + gap)
        island = _coast_polygon(rng, *ic, island_r * 1.3, island_r, rng.uniform(0, np.pi), 5 * s, 0.05)
        if shapely.distance(island, mainland) > 0.8 * island_r:
            break
        gap *= 1.3
    return _open_close(mainland, s), _open_close(island, s)


def _coast_pairs(rings: list[shapely.LinearRing], land, s: float):
    """Points every `s` along each coast ring, mirrored 0.3 s to either side: the inner point
    of each pair is land and the outer sea (wherever the pair falls), so the Voronoi edges
    between them trace the coastline. Returns the points, the ring of each point, and
    whether it is the inner one."""
    points, ring_of, inner = [], [], []
    for i, ring in enumerate(rings):
        n = int(np.ceil(ring.length / s))
        along = np.linspace(0, ring.length, n, endpoint=False)
        p = shapely.get_coordinates(shapely.line_interpolate_point(ring, along))
        t = np.roll(p, -1, axis=0) - np.roll(p, 1, axis=0)
        normal = np.c_[t[:, 1], -t[:, 0]] / np.hypot(t[:, 0], t[:, 1])[:, None]
        if shapely.contains_xy(land, *(p + 0.3 * s * normal).T).sum() < n / 2:
            normal = -normal  # make it point inland
        points += [p + 0.3 * s * normal, p - 0.3 * s * normal]
        ring_of += [np.full(n, i), np.full(n, i)]
        inner += [np.ones(n, bool), np.zeros(n, bool)]
    return np.concatenate(points), np.concatenate(ring_of), np.concatenate(inner)


def _lloyd(rng: np.random.Generator, pts: np.ndarray, k: int, iterations: int = 3) -> np.ndarray:
    """k seeds spread like `pts` (a few Lloyd iterations over the points)."""
    seeds = pts[rng.choice(len(pts), k, replace=False)]
    geoms = shapely.points(pts)
    for _ in range(iterations):
        near = shapely.STRtree(shapely.points(seeds)).query_nearest(geoms, all_matches=False)
        nearest = np.empty(len(pts), np.int64)
        nearest[near[0]] = near[1]
        cnt = np.bincount(nearest, minlength=k)
        sx = np.bincount(nearest, pts[:, 0], k)
        sy = np.bincount(nearest, pts[:, 1], k)
        ok = cnt > 0
        seeds[ok] = np.c_[sx[ok] / cnt[ok], sy[ok] / cnt[ok]]
    return seeds


def _build_geometry(spec: _Skala, rng: np.random.Generator) -> _Geometry:
    centre = np.array(_CENTRE)
    land_area = spec.desa_area * (spec.n_desa - 0.8 * sum(spec.kota_desa))
    ry = np.sqrt(land_area / (np.pi * 1.7))
    rx = 1.7 * ry
    n_fine = spec.n_desa * spec.sub_cells
    h = np.sqrt(land_area / n_fine)  # mean spacing of the sub-cell generators
    s = 0.8 * h  # spacing of the coast points
    mainland, island = _landmass(spec, rng, centre, rx, ry, s)
    land = shapely.MultiPolygon([mainland, island])
    shapely.prepare(land)
    density = _Density(spec, rng, mainland, centre, rx, ry)

    # sub-cell generators: on land (not too close to the coast), as dense as the desa;
    # coast pairs; and a sparse sea so that coastal cells stay small
    rings = [shapely.LinearRing(p.exterior.coords) for p in land.geoms]
    band = shapely.buffer(shapely.MultiLineString(rings), s)
    shapely.prepare(band)
    fine = density.sample(rng, n_fine, _Land(land, band))
    coast, coast_ring, coast_inner = _coast_pairs(rings, land, s)
    xmin, ymin, xmax, ymax = land.bounds
    margin = 6 * h
    box = (xmax - xmin + 2 * margin) * (ymax - ymin + 2 * margin)
    sea = rng.uniform([xmin - margin, ymin - margin], [xmax + margin, ymax + margin],
                      (int(n_fine * box / land.area / 9), 2))
    at_sea = ~shapely.contains_xy(land, sea[:, 0], sea[:, 1])
    sea = sea[at_sea & ~shapely.contains_xy(band, sea[:, 0], sea[:, 1])]
    points = np.concatenate([fine, coast, sea])
    on_land = np.r_[np.ones(len(fine), bool), coast_inner, np.zeros(len(sea), bool)]
    part = np.r_[np.where(shapely.contains_xy(mainland, fine[:, 0], fine[:, 1]), 0, 1),
                 coast_ring, np.full(len(sea), -1)]  # 0 mainland, 1 island

    # desa seeds, per land part, so that every desa has about the same number of sub-cells
    land_idx = np.flatnonzero(on_land)
    n_main = int(round(spec.n_desa * np.mean(part[: len(fine)] == 0)))
    seeds = np.concatenate([
        _lloyd(rng, points[land_idx[part[land_idx] == which]], k)
        for which, k in ((0, n_main), (1, spec.n_desa - n_main))
    ])
    n_desa = len(seeds)

    # each land sub-cell joins the nearest seed in a warped space: wiggly desa borders
    base = np.sqrt(spec.desa_area)
    wx = _fourier_field(rng, 14, 1.2 * base, 5 * base)
    wy = _fourier_field(rng, 14, 1.2 * base, 5 * base)

    def warp(p: np.ndarray) -> np.ndarray:
        local = 0.3 * np.sqrt(spec.desa_area / density(p[:, 0], p[:, 1]))
        return p + local[:, None] * np.c_[wx(p[:, 0], p[:, 1]), wy(p[:, 0], p[:, 1])]

    near = shapely.STRtree(shapely.points(warp(seeds))).query_nearest(
        shapely.points(warp(points[land_idx])), all_matches=False)
    label = np.full(len(points), -1, np.int64)
    label[land_idx[near[0]]] = near[1]

    # the Delaunay edges of the generators = the sub-cells sharing an edge
    edges = _delaunay_edges(points)
    label = _merge_fragments(label, edges)

    # Voronoi sub-cells (same order as the points) and their union per desa
    extent = shapely.box(xmin - 2 * margin, ymin - 2 * margin, xmax + 2 * margin, ymax + 2 * margin)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(points), extend_to=extent, ordered=True))
    idx = np.flatnonzero(label >= 0)
    idx = idx[np.argsort(label[idx], kind="stable")]
    bounds = np.searchsorted(label[idx], np.arange(n_desa + 1))
    polygons = np.empty(n_desa, dtype=object)
    for d in range(n_desa):
        polygons[d] = shapely.coverage_union_all(cells[idx[bounds[d]: bounds[d + 1]]])
    # straighten the zig-zag of the sub-cell edges, keeping the coverage exact
    polygons = shapely.coverage_simplify(polygons, 0.35 * h)
    bad = ~shapely.is_valid(polygons)
    if bad.any():
        polygons[bad] = shapely.make_valid(polygons[bad])

    # desa adjacency from sub-cell adjacency; islands linked to their nearest desa
    a, b = label[edges[:, 0]], label[edges[:, 1]]
    keep = (a >= 0) & (b >= 0) & (a != b)
    pairs = np.unique(np.sort(np.c_[a[keep], b[keep]], axis=1), axis=0)
    centroids = shapely.get_coordinates(shapely.centroid(polygons))
    comp = _components(n_desa, pairs)
    sizes = np.bincount(comp, minlength=n_desa)
    landmass = np.unique(-sizes[comp] * n_desa + comp, return_inverse=True)[1].ravel()
    return _Geometry(
        polygons=polygons, centroids=centroids,
        density=density(centroids[:, 0], centroids[:, 1]),
        adjacency=_link_components(pairs, centroids), landmass=landmass,
        kota_centres=density.kota_centres,
    )


def _delaunay_edges(points: np.ndarray) -> np.ndarray:
    """Unique undirected edges (i < j) of the Delaunay triangulation of `points`."""
    tri = shapely.get_parts(shapely.delaunay_triangles(shapely.multipoints(points)))
    xy = shapely.get_coordinates(tri).reshape(-1, 4, 2)[:, :3, :].reshape(-1, 2)
    # the vertices are the input points, bit for bit: find them by x (random, so unique)
    order = np.argsort(points[:, 0])
    pos = np.minimum(np.searchsorted(points[order, 0], xy[:, 0]), len(order) - 1)
    vid = order[pos]
    if not np.array_equal(points[vid], xy):
        raise RuntimeError("Delaunay vertices do not match the input points")
    vid = vid.reshape(-1, 3)
    e = np.concatenate([vid[:, [0, 1]], vid[:, [1, 2]], vid[:, [2, 0]]])
    return np.unique(np.sort(e, axis=1), axis=0)


def _components(n: int, edges: np.ndarray) -> np.ndarray:
    """Connected-component id (the smallest member) of each of n nodes (vectorised union-find)."""
    parent = np.arange(n)
    i, j = edges[:, 0], edges[:, 1]
    while True:
        pi, pj = parent[i], parent[j]
        diff = pi != pj
        if not diff.any():
            return parent
        lo, hi = np.minimum(pi[diff], pj[diff]), np.maximum(pi[diff], pj[diff])
        np.minimum.at(parent, hi, lo)
        while True:  # pointer jumping: every node points to its root
            nxt = parent[parent]
            if np.array_equal(nxt, parent):
                break
            parent = nxt


def _merge_fragments(label: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Make each desa one piece: sub-cells cut off from the main piece of their desa join the
    neighbouring desa they share most edges with (a piece with no other neighbour stays)."""
    label = label.copy()
    n = len(label)
    for _ in range(10):
        same = edges[(label[edges[:, 0]] == label[edges[:, 1]]) & (label[edges[:, 0]] >= 0)]
        comp = _components(n, same)
        land = np.flatnonzero(label >= 0)
        # the biggest piece of each desa
        key = label[land] * n + comp[land]
        uk, cnt = np.unique(key, return_counts=True)
        lab_of = uk // n
        order = np.lexsort((-cnt, lab_of))
        first = np.r_[True, lab_of[order][1:] != lab_of[order][:-1]]
        main = np.full(label.max() + 1, -1)
        main[lab_of[order][first]] = (uk % n)[order][first]
        stray = np.zeros(n, bool)
        stray[land] = comp[land] != main[label[land]]
        if not stray.any():
            return label
        # for each stray piece, the neighbouring desa with the most shared edges
        both = np.r_[edges, edges[:, ::-1]]
        sel = stray[both[:, 0]] & (label[both[:, 1]] >= 0) & (label[both[:, 1]] != label[both[:, 0]])
        if not sel.any():
            return label
        pc, nl = comp[both[sel, 0]], label[both[sel, 1]]
        k2, c2 = np.unique(pc * (label.max() + 1) + nl, return_counts=True)
        piece, neigh = k2 // (label.max() + 1), k2 % (label.max() + 1)
        o = np.lexsort((-c2, piece))
        f = np.r_[True, piece[o][1:] != piece[o][:-1]]
        target = dict(zip(piece[o][f].tolist(), neigh[o][f].tolist()))
        move = np.flatnonzero(stray)
        new = np.array([target.get(c, -1) for c in comp[move].tolist()])
        ok = new >= 0
        label[move[ok]] = new[ok]
    return label


def _link_components(pairs: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """Add an edge from every detached group of desa (an island) to the nearest other desa."""
    n = len(centroids)
    while True:
        comp = _components(n, pairs)
        roots, sizes = np.unique(comp, return_counts=True)
        if len(roots) == 1:
            return pairs
        small = roots[np.argmin(sizes)]
        inside = np.flatnonzero(comp == small)
        outside = np.flatnonzero(comp != small)
        d2 = ((centroids[inside, None, :] - centroids[None, outside, :]) ** 2).sum(axis=2)
        a, b = np.unravel_index(np.argmin(d2), d2.shape)
        new = np.sort([inside[a], outside[b]])
        pairs = np.unique(np.r_[pairs, new[None, :]], axis=0)


# --- kabupaten, kecamatan, Puskesmas ----------------------------------------------------

@dataclass
class _Tree:
    kabupaten: np.ndarray  # region id per desa
    is_kota: np.ndarray  # per region
    kecamatan: np.ndarray  # id per desa (global)
    puskesmas: np.ndarray  # id per desa (global)


class _Graph:
    def __init__(self, n: int, pairs: np.ndarray, centroids: np.ndarray):
        both = np.r_[pairs, pairs[:, ::-1]]
        order = np.lexsort((both[:, 1], both[:, 0]))
        both = both[order]
        self.n = n
        self.indptr = np.searchsorted(both[:, 0], np.arange(n + 1))
        self.nbr = both[:, 1]
        self.length = np.hypot(*(centroids[both[:, 0]] - centroids[both[:, 1]]).T)
        self.edge = np.r_[np.arange(len(pairs)), np.arange(len(pairs))][order]
        self._lists = (self.indptr.tolist(), self.nbr.tolist(), self.length.tolist(), self.edge.tolist())

    def grow(self, sources: list[int], allowed: set[int], noise: list[float],
             limit: int | None = None, offsets: np.ndarray | None = None) -> np.ndarray:
        """Multi-source shortest paths inside `allowed`: each node joins its nearest source
        (contiguous regions), a source starting `offsets` late; -1 for nodes not reached.
        With one source and `limit`, only the `limit` nearest nodes. `noise`: a factor per
        edge (irregular borders)."""
        indptr, nbr, length, edge = self._lists
        label: dict[int, int] = {}
        dist: dict[int, float] = {}
        heap = []
        for k, s in enumerate(sources):
            start = 0.0 if offsets is None else float(offsets[k])
            dist[s] = start
            heap.append((start, s, k))
        heapq.heapify(heap)
        while heap:
            d, u, k = heapq.heappop(heap)
            if u in label or d > dist[u]:
                continue
            label[u] = k
            if limit is not None and len(label) >= limit:
                break
            for e in range(indptr[u], indptr[u + 1]):
                v = nbr[e]
                if v not in allowed or v in label:
                    continue
                nd = d + length[e] * noise[edge[e]]
                if nd < dist.get(v, np.inf):
                    dist[v] = nd
                    heapq.heappush(heap, (nd, v, k))
        out = np.full(self.n, -1)
        if label:
            out[list(label)] = list(label.values())
        return out


def _kmeans_sources(rng, xy: np.ndarray, nodes: np.ndarray, k: int) -> list[int]:
    """k well-spread nodes: the node nearest to each k-means centre of their centroids."""
    pts = xy[nodes]
    k = max(1, min(k, len(nodes)))
    centres = pts[rng.choice(len(pts), k, replace=False)]
    for _ in range(15):
        assign = np.argmin(((pts[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
        for c in range(k):
            m = assign == c
            if m.any():
                centres[c] = pts[m].mean(axis=0)
    chosen: list[int] = []
    for c in centres:
        order = np.argsort(((pts - c) ** 2).sum(axis=1))
        chosen.append(int(next(nodes[o] for o in order if nodes[o] not in chosen)))
    return chosen


def _split(graph: _Graph, rng, xy: np.ndarray, nodes: np.ndarray, k: int,
           balance: float = 0.5) -> np.ndarray:
    """Split `nodes` (connected) into k contiguous regions of similar size (`balance`:
    how hard to even them out); returns a region index per node."""
    allowed = set(nodes.tolist())
    noise = rng.uniform(0.6, 1.4, len(graph.length) // 2).tolist()
    sources = _kmeans_sources(rng, xy, nodes, k)
    k = len(sources)
    step = np.median(graph.length) * balance
    offsets = np.zeros(k)
    lab = graph.grow(sources, allowed, noise)[nodes]
    for _ in range(16 if k > 1 and balance > 0 else 0):
        sizes = np.bincount(lab[lab >= 0], minlength=k)
        if sizes.max() <= 1.25 * len(nodes) / k and sizes.min() >= 0.75 * len(nodes) / k:
            break
        trial = offsets + step * (sizes * k / len(nodes) - 1)
        trial -= trial.min()
        new = graph.grow(sources, allowed, noise, offsets=trial)[nodes]
        if (np.bincount(new[new >= 0], minlength=k) == 0).any():
            step /= 2  # a source was swallowed: smaller steps
            continue
        offsets, lab = trial, new
    return lab  # -1 only where `nodes` is not connected to any source


def _build_hierarchy(spec: _Skala, geo: _Geometry, rng: np.random.Generator) -> _Tree:
    n = len(geo.centroids)
    xy = geo.centroids
    graph = _Graph(n, geo.adjacency, xy)
    region = np.full(n, -1)

    # kota: the desa nearest to each kota centre, grown outwards
    for k, (c, size) in enumerate(zip(geo.kota_centres, spec.kota_desa)):
        free = region < 0
        start = int(np.argmin(np.where(free, ((xy - c) ** 2).sum(axis=1), np.inf)))
        grown = graph.grow([start], set(np.flatnonzero(free).tolist()),
                           rng.uniform(0.4, 1.6, len(graph.length) // 2).tolist(), limit=size)
        region[grown >= 0] = k
    n_kota = len(spec.kota_desa)
    rest = np.flatnonzero(region < 0)
    lab = _split(graph, rng, xy, rest, spec.n_kabupaten, balance=1.5)
    region[rest] = np.where(lab >= 0, lab + n_kota, -1)
    # pockets cut off by a kota join a neighbouring region
    while (region < 0).any():
        for u in np.flatnonzero(region < 0):
            nb = graph.nbr[graph.indptr[u]: graph.indptr[u + 1]]
            nb = nb[region[nb] >= 0]
            if len(nb):
                region[u] = region[nb[0]]
    is_kota = np.arange(region.max() + 1) < n_kota

    kecamatan = np.full(n, -1)
    next_id = 0
    for r in range(region.max() + 1):
        nodes = np.flatnonzero(region == r)
        per = spec.kelurahan_per_kecamatan if is_kota[r] else spec.desa_per_kecamatan
        k = max(1, int(round(len(nodes) / per)))
        kecamatan[nodes] = _split(graph, rng, xy, nodes, k) + next_id
        next_id += k

    puskesmas = np.full(n, -1)
    next_id = 0
    sizes = np.bincount(kecamatan)
    eligible = np.flatnonzero(sizes >= 4)
    n_two = int(round(spec.share_two_puskesmas * len(sizes)))
    two = set(rng.choice(eligible, min(n_two, len(eligible)), replace=False,
                         p=sizes[eligible] / sizes[eligible].sum()).tolist())
    for kc in range(len(sizes)):
        nodes = np.flatnonzero(kecamatan == kc)
        if kc in two:
            puskesmas[nodes] = _split(graph, rng, xy, nodes, 2) + next_id
            next_id += 2
        else:
            puskesmas[nodes] = next_id
            next_id += 1
    # a Puskesmas does not reach across the sea: desa on another island get their own
    for pk in range(next_id):
        nodes = np.flatnonzero(puskesmas == pk)
        for island in np.unique(geo.landmass[nodes])[1:]:
            puskesmas[nodes[geo.landmass[nodes] == island]] = next_id
            next_id += 1
    return _Tree(kabupaten=region, is_kota=is_kota, kecamatan=kecamatan, puskesmas=puskesmas)


# --- names and codes --------------------------------------------------------------------

_PREFIXES = (
    "Suka", "Karang", "Sido", "Tegal", "Banjar", "Wono", "Sumber", "Tanjung", "Kali", "Pasir",
    "Mekar", "Jati", "Gunung", "Margo", "Purwo", "Tirto", "Ngadi", "Pandan", "Watu", "Bojong",
    "Sri", "Mulyo", "Kerto", "Bumi", "Giri", "Sendang", "Tambak", "Padang", "Cipta", "Harjo",
    "Rowo", "Sari",
)
_SUFFIXES = (
    "maju", "sari", "rejo", "mulyo", "harjo", "jaya", "makmur", "asih", "wangi", "agung",
    "kerto", "luhur", "indah", "mukti", "rahayu", "asri", "jati", "mekar", "tani", "damai",
    "laras", "arum", "sono", "kencana", "mulya", "raharja", "sejati", "utomo", "lestari",
    "rukun", "tentrem", "gede", "anom", "makmur", "wening", "rukmi",
)
# names of real kabupaten, kota or well-known towns the syllables can form: never used for a
# kabupaten/kota, so that the fictional province cannot be mistaken for a real one
_REAL = {"Purworejo", "Purwokerto", "Wonosari", "Girimulyo", "Sukamaju", "Banjarsari",
         "Karangasem", "Sumberjaya", "Tanjungsari", "Jatiluhur"}
_MODIFIERS_DESA = ("Lor", "Kidul", "Wetan", "Kulon", "Tengah", "Baru")
_MODIFIERS_KOTA = ("Utara", "Selatan", "Timur", "Barat", "Tengah", "Baru")


def _compounds() -> list[str]:
    out = []
    for p in _PREFIXES:
        for s in dict.fromkeys(_SUFFIXES):
            if p.lower() in s or s in p.lower() or p[-1] == s[0]:
                continue  # "Jatijati", "Sriasri", "Sariindah"
            out.append(p + s)
    return out


class _NamePool:
    """Draws fictional place names without repeats; once the compounds run out, adds a
    directional modifier ("Sukamaju Lor")."""

    def __init__(self, rng: np.random.Generator, modifiers: tuple[str, ...], exclude=()):
        names = [c for c in _compounds() if c not in set(exclude)]
        self._names = [names[i] for i in rng.permutation(len(names))]
        extra = [f"{c} {m}" for c in names for m in modifiers]
        self._extra = [extra[i] for i in rng.permutation(len(extra))]
        self._used: set[str] = set()

    def take(self, exclude: set[str] = frozenset()) -> str:
        for source in (self._names, self._extra):
            while source:
                name = source.pop()
                if name not in self._used and name not in exclude:
                    self._used.add(name)
                    return name
        raise RuntimeError("name pool exhausted")


def _order_by_position(ids: np.ndarray, xy: np.ndarray) -> dict[int, int]:
    """Rank (0-based) of each id by its mean position, west to east (north breaks ties)."""
    uniq = np.unique(ids)
    mx = np.array([xy[ids == u, 0].mean() for u in uniq])
    my = np.array([xy[ids == u, 1].mean() for u in uniq])
    order = np.lexsort((-my, mx))
    return {int(uniq[o]): rank for rank, o in enumerate(order)}


def _wilayah_table(spec: _Skala, geo: _Geometry, tree: _Tree, rng: np.random.Generator,
                   rng_people: np.random.Generator):
    """The wilayah rows sorted by kode_desa, and the desa index (into geo) of each row.
    `rng` draws the names, `rng_people` the families and inhabitants."""
    xy = geo.centroids
    n = len(xy)
    kab_rank = _order_by_position(tree.kabupaten, xy)
    kab_code = {}
    n_kab = n_kota = 0
    for r, _ in sorted(kab_rank.items(), key=lambda kv: kv[1]):
        if tree.is_kota[r]:
            n_kota += 1
            kab_code[r] = f"{KODE_PROVINSI}.{70 + n_kota:02d}"
        else:
            n_kab += 1
            kab_code[r] = f"{KODE_PROVINSI}.{n_kab:02d}"

    kab_names = _NamePool(rng, ("Raya",), exclude=_REAL)
    kec_names = _NamePool(rng, _MODIFIERS_DESA)
    rows_kode_kab = np.empty(n, object)
    rows_nama_kab = np.empty(n, object)
    rows_kode_kec = np.empty(n, object)
    rows_nama_kec = np.empty(n, object)
    rows_kode_pkm = np.empty(n, object)
    rows_nama_pkm = np.empty(n, object)
    rows_kode_desa = np.empty(n, object)
    rows_nama_desa = np.empty(n, object)
    for r in sorted(kab_code, key=kab_code.get):
        kota = bool(tree.is_kota[r])
        in_r = np.flatnonzero(tree.kabupaten == r)
        nama_kab = ("Kota " if kota else "Kabupaten ") + kab_names.take()
        rows_kode_kab[in_r] = kab_code[r]
        rows_nama_kab[in_r] = nama_kab
        desa_names = _NamePool(rng, _MODIFIERS_KOTA if kota else _MODIFIERS_DESA)
        kec_rank = _order_by_position(tree.kecamatan[in_r], xy[in_r])
        for kc, krank in sorted(kec_rank.items(), key=lambda kv: kv[1]):
            in_k = in_r[tree.kecamatan[in_r] == kc]
            kode_kec = f"{kab_code[r]}.{krank + 1:02d}"
            nama_kec = kec_names.take()
            rows_kode_kec[in_k] = kode_kec
            rows_nama_kec[in_k] = nama_kec
            pkm_rank = _order_by_position(tree.puskesmas[in_k], xy[in_k])
            for pk, prank in pkm_rank.items():
                in_p = in_k[tree.puskesmas[in_k] == pk]
                rows_kode_pkm[in_p] = f"P{kode_kec.replace('.', '')}{prank + 1:02d}01"
                rows_nama_pkm[in_p] = f"Puskesmas {nama_kec}" + ("", " II", " III", " IV")[prank]
            desa_rank = _order_by_position(np.arange(len(in_k)), xy[in_k])
            for i, drank in sorted(desa_rank.items(), key=lambda kv: kv[1]):
                rows_kode_desa[in_k[i]] = f"{kode_kec}.{(1001 if kota else 2001) + drank}"
                rows_nama_desa[in_k[i]] = desa_names.take()

    # registered families: more per desa where desa are dense (kota), log-normal spread
    lo, hi = spec.keluarga_range
    keluarga = spec.keluarga_median * geo.density ** 0.3 * np.exp(rng_people.normal(0, 0.42, n))
    keluarga = np.clip(np.round(keluarga), lo, hi).astype(np.int64)
    penduduk = np.round(keluarga * rng_people.uniform(3.2, 4.1, n)).astype(np.int64)

    table = pd.DataFrame({
        "kode_provinsi": KODE_PROVINSI,
        "nama_provinsi": NAMA_PROVINSI,
        "kode_kabupaten": rows_kode_kab,
        "nama_kabupaten": rows_nama_kab,
        "kode_kecamatan": rows_kode_kec,
        "nama_kecamatan": rows_nama_kec,
        "kode_puskesmas": rows_kode_pkm,
        "nama_puskesmas": rows_nama_pkm,
        "kode_desa": rows_kode_desa,
        "nama_desa": rows_nama_desa,
        "jumlah_penduduk": penduduk,
        "jumlah_keluarga": keluarga,
    })
    order = np.argsort(table["kode_desa"].to_numpy(dtype=object), kind="stable")
    table = table.iloc[order].reset_index(drop=True)
    for col in WILAYAH_COLUMNS[:10]:
        table[col] = table[col].astype("str")
    return table, order


def _reorder_adjacency(pairs: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Desa pairs re-indexed to wilayah row order (order[row] = geo index)."""
    new_index = np.empty(len(order), np.int64)
    new_index[order] = np.arange(len(order))
    return np.sort(new_index[pairs], axis=1)


# --- visit parameters -------------------------------------------------------------------

# probability of Y (2024, province average), and how strongly (logit units per standard
# deviation) each indicator follows the common "development" field, its own field, and
# being in a kota
# The five answers that the Kualitas Data page compares with a register (indicators.rekonsiliasi)
# sit near what the demo's registers say (demo/program.py RATES, 2025, Puskesmas level): TB
# treatment ~90% (tb_diobati ÷ tb_diagnosis), ODGJ berat ~72%, hipertensi a little above the
# register's ~26% (which divides by every estimated patient, PIS-PK by the known ones), and
# they follow the shared field less, since the registers do not follow it: so most Puskesmas
# agree within the pairs' tolerance and the demo's constructed disagreement (REKON_*) stands
# out (with the old 50% for TB and 52% for ODGJ every Puskesmas of a kabupaten was flagged).
_Y_BASE = {
    "kb": 0.56, "persalinan_faskes": 0.87, "imunisasi_dasar": 0.80, "asi_eksklusif": 0.62,
    "pemantauan_pertumbuhan": 0.74, "tb_berobat": 0.85, "hipertensi_berobat": 0.28,
    "gangguan_jiwa_berobat": 0.62, "tidak_merokok": 0.33, "jkn": 0.77, "air_bersih": 0.90,
    "jamban_sehat": 0.82,
}
# a strong shared spatial field, so that neighbouring desa resemble each other and the
# maps show all three IKS categories (real kabupaten range from ~0.1 to above 0.5)
_Y_COMMON = dict.fromkeys(IKS_CODES, 1.0) | {
    "tidak_merokok": 0.6, "air_bersih": 0.7,
    "imunisasi_dasar": 0.5, "hipertensi_berobat": 0.5, "tb_berobat": 0.4, "gangguan_jiwa_berobat": 0.3,
}
_Y_SHIFT = 0.3  # logit units added to every indicator: a province a little above the national IKS
_Y_OWN = dict.fromkeys(IKS_CODES, 0.3) | {"tidak_merokok": 0.38, "jkn": 0.42, "jamban_sehat": 0.42,
                                          "gangguan_jiwa_berobat": 0.15}
_Y_KOTA = dict.fromkeys(IKS_CODES, 0.0) | {
    "jkn": 0.42, "air_bersih": 0.6, "jamban_sehat": 0.6, "persalinan_faskes": 0.5,
    "tidak_merokok": -0.14, "pemantauan_pertumbuhan": -0.17,
}
_WEAK_PENALTY = 0.85  # logit units off every indicator in a weak desa
_FAMILY_SD = 1.2  # a family's own logit offset, shared by its 12 answers (spreads family IKS)
_REUSE = 0.6  # chance that a revisited family's answer keeps its 2024 draw


def _visit_params(spec: _Skala, wilayah: pd.DataFrame, xy: np.ndarray, pairs: np.ndarray,
                  rng: np.random.Generator) -> _VisitParams:
    n = len(wilayah)
    kode = wilayah["kode_desa"].to_numpy(dtype=object)
    kota = wilayah["kode_kabupaten"].str.slice(3).astype(int).to_numpy() >= 71
    size = np.ptp(xy, axis=0).max()

    # weak desa: a few clusters (a desa, its neighbours and some of theirs)
    weak = np.zeros(n, bool)
    nbrs = [[] for _ in range(n)]
    for a, b in pairs.tolist():
        nbrs[a].append(b)
        nbrs[b].append(a)
    candidates = np.flatnonzero(~kota)
    for c in rng.choice(candidates, min(spec.n_weak, len(candidates)), replace=False):
        weak[c] = True
        for b in nbrs[c]:
            weak[b] = True
            for b2 in nbrs[b]:
                if rng.random() < 0.25:
                    weak[b2] = True

    # smooth fields over the map
    common = _bump_field(rng, xy, 8, 0.3 * size)
    improve = np.clip(_bump_field(rng, xy, 6, 0.25 * size), -0.5, None) + 0.5
    # logit of P(Y) per desa and indicator; the family offset flattens the average towards
    # one half, so the base is stretched to keep the province averages at _Y_BASE
    stretch = np.sqrt(1 + 0.346 * _FAMILY_SD**2)
    desa_noise = rng.normal(0, 0.15, n)  # some desa do better or worse than their area
    l1 = np.empty((n, len(IKS_CODES)))
    l2 = np.empty_like(l1)
    for i, c in enumerate(IKS_CODES):
        own = _bump_field(rng, xy, 6, 0.25 * size)
        l1[:, i] = (stretch * np.log(_Y_BASE[c] / (1 - _Y_BASE[c])) + _Y_COMMON[c] * common
                    + _Y_OWN[c] * own + _Y_KOTA[c] * kota + desa_noise + rng.normal(0, 0.12, n)
                    - _WEAK_PENALTY * weak + _Y_SHIFT)
        gain = rng.uniform(0.12, 0.3) + rng.uniform(0.12, 0.35) * improve + 0.25 * weak
        l2[:, i] = l1[:, i] + gain + rng.normal(0, 0.07, n)

    # the desa where PIS-PK and the register disagree by construction (demo/program.py):
    # its families answer REKON_PISPK's indicator Y with that chance, both rounds
    chosen = np.flatnonzero(kode == rekon_desa(wilayah))
    code, chance = REKON_PISPK
    l1[chosen, IKS_CODES.index(code)] = l2[chosen, IKS_CODES.index(code)] = stretch * np.log(chance / (1 - chance))

    cover1 = np.clip(rng.beta(9, 1.6, n), 0.70, 0.98)
    cover1[weak] = rng.uniform(0.40, 0.60, weak.sum())
    cover2 = rng.uniform(0.60, 0.90, n)
    new2 = rng.uniform(0.05, 0.3, n)
    start1 = rng.integers(31, 250, n)  # Feb .. early Sep 2024
    span1 = rng.integers(25, 80, n)
    span1 = np.minimum(span1, 334 - start1)  # ends by 30 Nov 2024
    start2 = np.clip(start1 - 1 + rng.integers(-30, 31, n), 31, 250)  # about a year later
    span2 = np.minimum(rng.integers(25, 80, n), 334 - start2)

    digits = np.array([list(k.replace(".", "")) for k in kode]).view(np.uint32).reshape(n, 10)
    return _VisitParams(
        kode_desa=kode, digits=digits, keluarga=wilayah["jumlah_keluarga"].to_numpy(np.int64),
        cover1=cover1, cover2=cover2, new2=new2, start1=start1, span1=span1,
        start2=start2, span2=span2,
        p_child=np.clip(rng.normal(0.30, 0.03, n) - 0.03 * kota, 0.18, 0.4),
        p_hipertensi=np.clip(rng.normal(0.25, 0.03, n) + 0.02 * kota, 0.15, 0.35),
        odds1=np.exp(-l1).astype(np.float32), odds2=np.exp(-l2).astype(np.float32),
    )


# --- family visits ----------------------------------------------------------------------

_ANSWERS = np.array(["Y", "T", "N"], dtype=object)
_DAY0 = (np.datetime64("2024-01-01", "D"), np.datetime64("2025-01-01", "D"))
_FAMILY_WIDE = [IKS_CODES.index(c) for c in ("tidak_merokok", "jkn", "air_bersih", "jamban_sehat")]
_CHILD_AGES = {  # months of age that make the indicator apply
    "persalinan_faskes": (0, 11), "imunisasi_dasar": (12, 23), "asi_eksklusif": (7, 23),
    "pemantauan_pertumbuhan": (2, 59),
}
# uniform draws per family (columns of U)
(_U_VISIT1, _U_VISIT2, _U_DAY1, _U_DAY2, _U_KB, _U_CHILD1, _U_CHILD2, _U_AGE1, _U_AGE2,
 _U_BIRTH, _U_BIRTH_AGE, _U_HIP1, _U_HIP2, _U_TB1, _U_TB2, _U_JIWA, _U_ALL_N1, _U_ALL_N2,
 _U_SLIP1, _U_SLIP2) = range(20)
_N_UNIFORM = 20 + 2 * len(IKS_CODES)  # then one answer draw per indicator and round


def _applicable(ages: np.ndarray, kb, tb, hipertensi, jiwa, slip, all_n) -> np.ndarray:
    """(n, 12) bool: the indicator is asked of the family (otherwise the answer is N).
    `ages`: (n, 3) months of the under-fives (negative: none); `slip`: a data-entry slip
    makes one family-wide indicator N; `all_n`: every answer N (a data problem)."""
    n = len(ages)
    app = np.ones((n, len(IKS_CODES)), bool)
    for code, (lo, hi) in _CHILD_AGES.items():
        col = IKS_CODES.index(code)
        app[:, col] = (ages[:, 0] >= lo) & (ages[:, 0] <= hi)
        for j in range(1, ages.shape[1]):
            app[:, col] |= (ages[:, j] >= lo) & (ages[:, j] <= hi)
    app[:, IKS_CODES.index("kb")] = kb
    app[:, IKS_CODES.index("tb_berobat")] = tb
    app[:, IKS_CODES.index("hipertensi_berobat")] = hipertensi
    app[:, IKS_CODES.index("gangguan_jiwa_berobat")] = jiwa
    slipped = np.flatnonzero(slip < 0.004)
    app[slipped, np.take(_FAMILY_WIDE, (slip[slipped] * 1000).astype(np.int64))] = False
    app[all_n] = False
    return app


@functools.cache
def _family_numbers() -> np.ndarray:
    """(100000, 5) uint32: the code points of "00000" .. "99999" (a lookup table)."""
    n = np.arange(100_000)
    return (ord("0") + (n[:, None] // 10 ** np.arange(4, -1, -1)) % 10).astype(np.uint32)


def _visits_chunk(p: _VisitParams, seed: int, d0: int, d1: int) -> pd.DataFrame:
    fam = p.keluarga[d0:d1]
    n = int(fam.sum())
    n_ind = len(IKS_CODES)
    U = np.empty((n, _N_UNIFORM), np.float32)
    z = np.empty(n)
    starts = np.r_[0, np.cumsum(fam)]
    for k, d in enumerate(range(d0, d1)):
        rng = np.random.default_rng([seed, 17, d])
        rng.random(out=U[starts[k]: starts[k + 1]], dtype=np.float32)
        rng.standard_normal(out=z[starts[k]: starts[k + 1]])
    desa = np.repeat(np.arange(d0, d1), fam)
    seq = np.arange(n) - np.repeat(starts[:-1], fam) + 1

    # who is visited when: most families in 2024, most of them again in 2025, and a few
    # of those missed in 2024 for the first time in 2025
    v1 = U[:, _U_VISIT1] < p.cover1[desa]
    v2 = np.where(v1, U[:, _U_VISIT2] < p.cover2[desa], U[:, _U_VISIT2] < p.new2[desa])
    r1, r2 = np.flatnonzero(v1), np.flatnonzero(v2)
    d_r1, d_r2 = desa[r1], desa[r2]
    day1 = p.start1[d_r1] + (U[r1, _U_DAY1] * p.span1[d_r1]).astype(np.int64)
    day2 = p.start2[d_r2] + (U[r2, _U_DAY2] * p.span2[d_r2]).astype(np.int64)

    # household: up to two under-fives (ages in months at the 2024 visit), a baby born
    # between the rounds, a couple of fertile age, hypertension, TB, mental disorder
    has1 = U[:, _U_CHILD1] < p.p_child[desa]
    has2 = has1 & (U[:, _U_CHILD2] < 0.12)
    ages = np.full((n, 3), -1000, np.int16)
    ages[:, 0] = np.where(has1, U[:, _U_AGE1] * 60, -1000)
    ages[:, 1] = np.where(has2, U[:, _U_AGE2] * 60, -1000)
    kb = (U[:, _U_KB] >= 0.35) | has1
    birth = kb & (U[:, _U_BIRTH] < 0.07)
    ages2 = ages + 12
    ages2[:, 2] = np.where(birth, U[:, _U_BIRTH_AGE] * 12, -1000)
    hip1 = U[:, _U_HIP1] < p.p_hipertensi[desa]
    app1 = _applicable(ages[r1], kb[r1], U[r1, _U_TB1] < 0.012, hip1[r1],
                       U[r1, _U_JIWA] < 0.02, U[r1, _U_SLIP1], U[r1, _U_ALL_N1] < 0.0005)
    app2 = _applicable(ages2[r2], (kb | birth)[r2], U[r2, _U_TB2] < 0.010,
                       (hip1 | (U[:, _U_HIP2] < 0.03))[r2], U[r2, _U_JIWA] < 0.02,
                       U[r2, _U_SLIP2], U[r2, _U_ALL_N2] < 0.0005)

    # answers: Y with probability sigmoid(desa logit + family offset); a revisited family
    # mostly keeps its 2024 draw, so its answers change only where the desa improved
    # (draw < sigmoid(l + o)  <=>  draw * (1 + e^-l * e^-o) < 1, with e^-l per desa)
    odds = np.exp(-_FAMILY_SD * z).astype(np.float32)[:, None]
    draw1 = U[r1, 20: 20 + n_ind]
    fresh = U[r2, 20 + n_ind:]
    draw2 = np.where(fresh < _REUSE, U[r2, 20: 20 + n_ind], (fresh - _REUSE) * (1 / (1 - _REUSE)))
    y1 = draw1 * (1 + p.odds1[d_r1] * odds[r1]) < 1
    y2 = draw2 * (1 + p.odds2[d_r2] * odds[r2]) < 1
    # index into _ANSWERS: 0 Y, 1 T, 2 N
    code1 = 2 - app1.view(np.int8) * (1 + y1.view(np.int8))
    code2 = 2 - app2.view(np.int8) * (1 + y2.view(np.int8))

    # rows per desa: the 2024 round, then the 2025 round, families in id order
    order = np.argsort(np.r_[d_r1, d_r2], kind="stable")
    codes = np.r_[code1, code2][order].T.copy()
    fam_idx = np.r_[r1, r2][order]
    row_desa = desa[fam_idx]
    tanggal = np.r_[_DAY0[0] + day1.astype("timedelta64[D]"),
                    _DAY0[1] + day2.astype("timedelta64[D]")][order]

    # id_keluarga = "K" + the 10 desa digits + a 5-digit family number, built as UCS-4
    chars = np.empty((len(fam_idx), 16), np.uint32)
    chars[:, 0] = ord("K")
    chars[:, 1:11] = p.digits[row_desa]
    chars[:, 11:] = _family_numbers()[seq[fam_idx]]
    ids = chars.view("U16").ravel()

    data = {
        "kode_desa": pd.array(p.kode_desa[row_desa], dtype="str"),
        "id_keluarga": pd.array(ids, dtype="str"),
        "tanggal_kunjungan": tanggal.astype("datetime64[ns]"),
    }
    for i, c in enumerate(IKS_CODES):
        data[c] = pd.array(_ANSWERS.take(codes[i]), dtype="str")
    return pd.DataFrame(data, copy=False)
