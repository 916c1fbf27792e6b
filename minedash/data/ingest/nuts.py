"""GISCO NUTS: region labels (2013, 2021, 2024), web-simplified shapes, centroids, the 2021<->2024
crosswalk, countries, and Natural Earth world outlines for the world maps."""

from __future__ import annotations

import io
import json
import re
from html import unescape
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
import shapely.geometry
from shapely.geometry import mapping, shape

from .common import EU27, Expect, SourceReport, iso2_from_iso3, iso_record, read_bytes, read_csv
from .errors import SourceError

GISCO = dict(
    publisher="European Commission – Eurostat, GISCO",
    licence="GISCO terms: re-use with acknowledgement; © EuroGeographics for the administrative boundaries",
    attribution="© EuroGeographics for the administrative boundaries",
)

# Simplification per level (degrees, ~1 km at 0.01): NUTS 2 stays under ~400 KB, NUTS 3 under ~1.5 MB.
_TOLERANCE = {0: 0.02, 1: 0.015, 2: 0.01, 3: 0.006}
_EQUAL_AREA = "EPSG:3035"


def reports() -> dict[str, SourceReport]:
    return {
        "nuts2021": SourceReport(
            "nuts2021",
            "NUTS 2021 regions, 1:20M polygons and labels",
            GISCO["publisher"],
            "NUTS_RG_20M_2021_4326",
            "https://gisco-services.ec.europa.eu/distribution/v2/nuts/geojson/NUTS_RG_20M_2021_4326_LEVL_{0,1,2,3}.geojson",
            GISCO["licence"],
            GISCO["attribution"],
            "NUTS 2021",
        ),
        "nuts2024": SourceReport(
            "nuts2024",
            "NUTS 2024 regions, 1:20M polygons and labels",
            GISCO["publisher"],
            "NUTS_RG_20M_2024_4326",
            "https://gisco-services.ec.europa.eu/distribution/v2/nuts/geojson/NUTS_RG_20M_2024_4326.geojson",
            GISCO["licence"],
            GISCO["attribution"],
            "NUTS 2024",
        ),
        "nuts2013": SourceReport(
            "nuts2013",
            "NUTS 2013 labels (for the LFS extract)",
            GISCO["publisher"],
            "NUTS_AT_2013",
            "https://ec.europa.eu/eurostat/cache/GISCO/geodatafiles/NUTS_2013_20M_SH.zip",
            GISCO["licence"],
            GISCO["attribution"],
            "NUTS 2013",
        ),
        "naturalearth": SourceReport(
            "naturalearth",
            "World country outlines, 1:110m",
            "Natural Earth (via world-atlas 2.0.2)",
            None,
            "https://www.naturalearthdata.com/",
            "Public domain (package: ISC)",
            "Natural Earth; de facto boundaries, not EU-official",
            "world-atlas 2.0.2",
        ),
    }


def _read_geojson(report: SourceReport, path: Path, levels: dict[int, int]) -> gpd.GeoDataFrame:
    """GISCO NUTS regions; the file must hold exactly `levels` (level -> number of regions), each code once."""
    path = report.read_file(path)
    try:
        gdf = gpd.read_file(io.BytesIO(read_bytes(path)))
    except Exception as exc:
        raise SourceError(path, f"not readable as GeoJSON ({exc})") from None
    for col in ("NUTS_ID", "LEVL_CODE", "CNTR_CODE", "NAME_LATN", "NUTS_NAME"):
        if col not in gdf.columns:
            raise SourceError(path, f"feature property {col!r} missing")
    found = gdf["LEVL_CODE"].value_counts().to_dict()
    if found != levels:
        raise SourceError(path, f"regions per NUTS level {dict(sorted(found.items()))}, expected {levels}")
    dup = gdf["NUTS_ID"].duplicated().to_numpy()
    if dup.any():
        raise SourceError(
            path, f"feature {int(dup.argmax())}: region {gdf['NUTS_ID'].iat[int(dup.argmax())]!r} appears twice"
        )
    bad = ~gdf["NUTS_ID"].astype(str).str.fullmatch(r"[A-Z]{2}[0-9A-Z]{0,3}").to_numpy()
    if bad.any():
        raise SourceError(
            path, f"feature {int(bad.argmax())}: {gdf['NUTS_ID'].iat[int(bad.argmax())]!r} is not a NUTS code"
        )
    if gdf.geometry.isna().any() or (~gdf.geometry.is_valid & ~gdf.geometry.make_valid().is_valid).any():
        raise SourceError(path, "has empty or invalid geometries")
    return gdf.set_crs("EPSG:4326", allow_override=True)


def _labels(gdf: gpd.GeoDataFrame, version: int) -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "nuts_id": gdf["NUTS_ID"].astype(str),
            "nuts_version": version,
            "level": gdf["LEVL_CODE"].astype("int8"),
            "country_code": gdf["CNTR_CODE"].astype(str),
            "name_latn": gdf["NAME_LATN"].astype(str).str.strip(),
            "name_native": gdf["NUTS_NAME"].astype(str).str.strip(),
            "mount_type": pd.to_numeric(gdf.get("MOUNT_TYPE"), errors="coerce").astype("Int8"),
            "urbn_type": pd.to_numeric(gdf.get("URBN_TYPE"), errors="coerce").astype("Int8"),
            "coast_type": pd.to_numeric(gdf.get("COAST_TYPE"), errors="coerce").astype("Int8"),
        }
    )
    df["parent_id"] = [c[:-1] if lvl > 0 else None for c, lvl in zip(df["nuts_id"], df["level"])]
    return df


def _split_antimeridian(geom):
    """A ring that jumps from +180 to -180 (Fiji, Chukotka) spans the whole map in plain lon/lat; cut it into
    its two halves instead (shift the western part by 360, clip, shift back)."""
    from shapely.affinity import translate
    from shapely.geometry import MultiPolygon, Polygon, box

    parts = []
    for poly in getattr(geom, "geoms", [geom]):
        xs = [x for x, _ in poly.exterior.coords]
        if max(xs) - min(xs) <= 180:
            parts.append(poly)
            continue
        shifted = Polygon([(x + 360 if x < 0 else x, y) for x, y in poly.exterior.coords]).buffer(0)
        east = shifted.intersection(box(0, -90, 180, 90))
        west = translate(shifted.intersection(box(180, -90, 540, 90)), xoff=-360)
        parts += [
            p for g in (east, west) for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon" and not p.is_empty
        ]
    return MultiPolygon(parts) if len(parts) > 1 else parts[0]


def _clockwise(geom):
    """Exterior rings clockwise, as d3-geo (plotly's geo maps) expects; the other winding fills the whole globe
    except the shape."""
    if geom.geom_type == "Polygon":
        return shapely.geometry.polygon.orient(geom, sign=-1.0)
    if geom.geom_type == "MultiPolygon":
        return shapely.geometry.MultiPolygon([shapely.geometry.polygon.orient(p, sign=-1.0) for p in geom.geoms])
    if geom.geom_type == "GeometryCollection":  # make_valid may leave stray lines beside the polygons
        polys = [p for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon") for p in getattr(g, "geoms", [g])]
        return _clockwise(shapely.geometry.MultiPolygon(polys))
    return geom


def _shapes(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """Simplified outlines as GeoJSON geometry text, plus a label point inside each region."""
    rows = []
    for level, part in gdf.groupby("LEVL_CODE"):
        geoms = part.geometry.make_valid().simplify(_TOLERANCE[int(level)], preserve_topology=True)
        geoms = [_clockwise(g) for g in shapely.set_precision(geoms.values, 0.001)]  # ~100 m; keeps the file small
        points = part.geometry.representative_point()
        area = part.to_crs(_EQUAL_AREA).geometry.area / 1e6
        for nuts_id, g, p, a in zip(part["NUTS_ID"], geoms, points, area):
            rows.append(
                {
                    "nuts_id": nuts_id,
                    "level": int(level),
                    "geometry": json.dumps(mapping(g), separators=(",", ":")),
                    "label_lon": round(p.x, 4),
                    "label_lat": round(p.y, 4),
                    "area_km2": round(float(a), 1),
                }
            )
    return pd.DataFrame(rows)


def _crosswalk(g21: gpd.GeoDataFrame, g24: gpd.GeoDataFrame) -> pd.DataFrame:
    """Match NUTS 2021 to NUTS 2024 regions by overlapping area, level by level (equal-area CRS)."""
    out = []
    for level in range(4):
        a = g21[g21["LEVL_CODE"] == level][["NUTS_ID", "geometry"]].to_crs(_EQUAL_AREA)
        b = g24[g24["LEVL_CODE"] == level][["NUTS_ID", "geometry"]].to_crs(_EQUAL_AREA)
        a["geometry"], b["geometry"] = a.geometry.make_valid(), b.geometry.make_valid()
        a["area_a"], b["area_b"] = a.area, b.area
        ov = gpd.overlay(
            a.rename(columns={"NUTS_ID": "code_2021"}),
            b.rename(columns={"NUTS_ID": "code_2024"}),
            how="intersection",
            keep_geom_type=True,
        )
        ov["share_of_2021"] = ov.area / ov["area_a"]
        ov["share_of_2024"] = ov.area / ov["area_b"]
        ov = ov[(ov["share_of_2021"] >= 0.1) | (ov["share_of_2024"] >= 0.1)]  # drop generalisation slivers
        ov["level"] = level
        out.append(pd.DataFrame(ov[["code_2021", "code_2024", "level", "share_of_2021", "share_of_2024"]]))
    cw = pd.concat(out, ignore_index=True)
    main = (cw["share_of_2021"] >= 0.5) & (cw["share_of_2024"] >= 0.5)
    cw["change"] = "partial overlap"
    cw.loc[main & (cw["code_2021"] == cw["code_2024"]), "change"] = "unchanged"
    cw.loc[main & (cw["code_2021"] != cw["code_2024"]), "change"] = "recoded"
    cw["share_of_2021"] = cw["share_of_2021"].round(3)
    cw["share_of_2024"] = cw["share_of_2024"].round(3)
    # Regions in one version only (e.g. the UK in 2021, UA in 2024) are listed with no counterpart.
    only21 = sorted(set(g21["NUTS_ID"]) - set(cw["code_2021"]))
    only24 = sorted(set(g24["NUTS_ID"]) - set(cw["code_2024"]))
    extra = pd.DataFrame(
        [{"code_2021": c, "code_2024": None, "level": len(c) - 2, "change": "not in NUTS 2024"} for c in only21]
        + [{"code_2021": None, "code_2024": c, "level": len(c) - 2, "change": "not in NUTS 2021"} for c in only24]
    )
    return pd.concat([cw, extra], ignore_index=True)


_SAARLAND = re.compile(r"^Dec-0(\d)$")
# NUTS_AT_2013.csv: 1,954 records (PROVENANCE.md). Two records spill their last fields onto lines of their own (an
# unbalanced quote); those lines are known, left out and recorded; the regions themselves keep their Latin names.
NUTS_2013 = Expect(
    ("OBJECTID", "CNTR_CODE", "NUTS_ID", "NAME_LATN", "NAME_HTML"),
    rows=1954,
    unique=("NUTS_ID",),
    required=("NUTS_ID", "CNTR_CODE", "NAME_LATN"),
    codes={"NUTS_ID": r"[A-Z]{2}[0-9A-Z]{0,3}|Dec-0[0-6]"},  # Saarland's DEC0x turned into dates by a spreadsheet
    known={
        138: "the rest of the CH053 record (Appenzell Ausserrhoden) spilled onto a line of its own",
        153: "the rest of the CY00 record (Kypros) spilled onto a line of its own",
        154: "the rest of the CY00 record (Kypros) spilled onto a line of its own",
    },
)
# GISCO's NUTS 2021 and 2024 files: the number of regions of each level (PROVENANCE.md; fixed by the classification).
NUTS_2021_LEVELS = {0: 37, 1: 125, 2: 333, 3: 1512}
NUTS_2024_LEVELS = {0: 39, 1: 115, 2: 299, 3: 1345}
WORLD_OUTLINES = 177  # world-atlas 2.0.2 countries-110m


def _labels_2013(report: SourceReport, path: Path) -> pd.DataFrame:
    """NUTS 2013 labels: Latin-1, two records broken by an unbalanced quote, Saarland codes mangled by a
    spreadsheet (repaired)."""
    df = read_csv(report, path, NUTS_2013, encoding="latin-1", dtype=str, keep_default_na=False)
    report.rows_read = len(df) + len(NUTS_2013.known)
    df["NUTS_ID"] = df["NUTS_ID"].str.replace(
        _SAARLAND, lambda m: "DEC0" if m.group(1) == "0" else f"DEC0{m.group(1)}", regex=True
    )
    return pd.DataFrame(
        {
            "nuts_id": df["NUTS_ID"],
            "nuts_version": 2013,
            "level": (df["NUTS_ID"].str.len() - 2).astype("int8"),
            "country_code": df["CNTR_CODE"],
            "name_latn": df["NAME_LATN"].str.strip(),
            # NUTS_NAME lost non-Latin scripts; NAME_HTML keeps them as entities (blank on the two broken records).
            "name_native": df["NAME_HTML"].where(df["NAME_HTML"] != "", df["NAME_LATN"]).map(unescape).str.strip(),
        }
    ).assign(parent_id=lambda d: d["nuts_id"].where(d["level"] > 0).str[:-1])


def _decode_topojson(topo: dict, obj: str) -> list[dict]:
    """Minimal TopoJSON decoder (quantized, delta-encoded arcs) -> list of {id, name, geometry}."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((round(x * sx + tx, 4), round(y * sy + ty, 4)))
        arcs.append(pts)

    def ring(idx: list[int]) -> list:
        pts: list = []
        for i in idx:
            seg = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(seg if not pts else seg[1:])
        return pts

    out = []
    for g in topo["objects"][obj]["geometries"]:
        if g["type"] == "Polygon":
            geom = {"type": "Polygon", "coordinates": [ring(r) for r in g["arcs"]]}
        elif g["type"] == "MultiPolygon":
            geom = {"type": "MultiPolygon", "coordinates": [[ring(r) for r in p] for p in g["arcs"]]}
        else:
            continue
        out.append({"id": g.get("id"), "name": g.get("properties", {}).get("name"), "geometry": geom})
    return out


def _world(report: SourceReport, path: Path) -> pd.DataFrame:
    path = report.read_file(path)
    try:
        topo = json.loads(read_bytes(path).decode("utf-8"))
        feats = _decode_topojson(topo, "countries")
    except (ValueError, KeyError, TypeError) as exc:
        raise SourceError(path, f"not a TopoJSON topology with a 'countries' object ({exc})") from None
    report.rows_read = len(topo["objects"]["countries"]["geometries"])
    if report.rows_read != WORLD_OUTLINES:
        raise SourceError(path, f"{report.rows_read} country outlines where {WORLD_OUTLINES} are expected")
    rows = []
    import pycountry

    for f in feats:
        c = pycountry.countries.get(numeric=f["id"]) if f["id"] else None
        iso3 = c.alpha_3 if c else ("XKX" if f["name"] == "Kosovo" else None)
        g = _clockwise(_split_antimeridian(shape(f["geometry"])).buffer(0))
        rows.append(
            {
                "iso3": iso3,
                "iso2": iso2_from_iso3(iso3) if iso3 else None,
                "name": f["name"],
                "geometry": json.dumps(mapping(shapely.set_precision(g, 0.01)), separators=(",", ":")),
            }
        )
    df = pd.DataFrame(rows)
    report.drop(int(df["iso3"].isna().sum()), "outline without an ISO code (e.g. disputed areas); not drawn")
    return df[df["iso3"].notna()].drop_duplicates("iso3")


def load(src: Path, reps: dict[str, SourceReport]) -> dict[str, pd.DataFrame]:
    d21 = src / "nuts2021-20m-4326"
    parts = [
        _read_geojson(reps["nuts2021"], d21 / f"NUTS_RG_20M_2021_4326_LEVL_{lvl}.geojson", {lvl: n})
        for lvl, n in NUTS_2021_LEVELS.items()
    ]
    g21 = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs="EPSG:4326")
    reps["nuts2021"].rows_read = len(g21)
    g24 = _read_geojson(reps["nuts2024"], src / "nuts2024-20m-4326" / "NUTS_RG_20M_2024_4326.geojson", NUTS_2024_LEVELS)
    reps["nuts2024"].rows_read = len(g24)
    lab13 = _labels_2013(reps["nuts2013"], src / "nuts2013-labels" / "NUTS_AT_2013.csv")
    regions = pd.concat([_labels(g21, 2021), _labels(g24, 2024), lab13], ignore_index=True)
    shapes = _shapes(g21)
    world = _world(reps["naturalearth"], src / "natural-earth-world-atlas" / "countries-110m.json")
    for name, rep, df in (
        ("regions", reps["nuts2021"], regions[regions.nuts_version == 2021]),
        ("regions", reps["nuts2024"], regions[regions.nuts_version == 2024]),
        ("regions", reps["nuts2013"], lab13),
        ("region_shapes", reps["nuts2021"], shapes),
        ("country_shapes", reps["naturalearth"], world),
    ):
        rep.wrote(name, df)
    crosswalk = _crosswalk(g21, g24)
    reps["nuts2024"].wrote("nuts_crosswalk", crosswalk)
    return {"regions": regions, "region_shapes": shapes, "nuts_crosswalk": crosswalk, "country_shapes": world}


def countries(regions: pd.DataFrame, extra_iso2: set[str]) -> pd.DataFrame:
    """Countries table: every NUTS country plus every country the other sources name."""
    nuts0 = regions[(regions.level == 0) & (regions.nuts_version == 2021)].set_index("nuts_id")["name_latn"]
    codes = sorted(
        set(nuts0.index) | set(regions.loc[regions.nuts_version == 2024].query("level == 0")["nuts_id"]) | extra_iso2
    )
    rows = []
    for code in codes:
        rec = iso_record(code)
        rows.append(
            {
                "iso2": code,
                "iso3": rec["iso3"],
                "m49": rec["m49"],
                "name": rec["name"] or nuts0.get(code, code),
                "name_native": nuts0.get(code),
                "eu27": code in EU27,
                "in_nuts_2021": code in nuts0.index,
            }
        )
    return pd.DataFrame(rows)
