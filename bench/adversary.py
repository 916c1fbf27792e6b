"""The attacks of issue 14, run again: adversarial links, hostile uploads, damaged sources, kills during a rebuild,
a disk that refuses, a damaged warehouse under a running app, damaged editions. Prints, per area, how many were
tried, how many held, and what broke. Slow (every source attack is a full ingest): minutes to an hour.

    python bench/adversary.py [--only links,uploads,sources,kills,disk,warehouse,editions]
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import json
import os
import pickle
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.chdir(ROOT)

from hostile_uploads import COLUMNS, files, measure  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402
from test_properties import INJECTED, PAYLOADS, _markdown  # noqa: E402

from minedash.app.shell import PAGES  # noqa: E402
from minedash.app.state import PARAMS  # noqa: E402
from minedash.data import paths, verify  # noqa: E402

PAGE_PATHS = [path for entries in PAGES.values() for path, _, _ in entries]
build = importlib.import_module("minedash.data.ingest.build")
TMP = Path(tempfile.mkdtemp(prefix="minedash-adversary-"))


class Area:
    def __init__(self, name: str):
        self.name, self.tried, self.held, self.broke = name, 0, 0, []

    def check(self, what: str, ok: bool, why: str = "") -> None:
        self.tried += 1
        self.held += bool(ok)
        if not ok:
            self.broke.append(f"{what}: {why}"[:300])
            print(f"  BROKE {what}: {why}"[:300], flush=True)


def _app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    at.run()
    return at


def _point_at(warehouse: Path, geo: Path | None = None) -> None:
    paths.WAREHOUSE_DIR, paths.MANIFEST_PATH = warehouse, warehouse / paths.MANIFEST_NAME
    paths.STATIC_GEO_DIR = geo or ROOT / "static" / "geo"
    verify.forget()


# ---------------------------------------------------------------- links


def links(area: Area) -> None:
    """20 hostile links a page: every payload in a parameter the page reads or shares, long and odd values."""
    extra = ["x" * 10_000, "", " ", "FI1D7," * 50, "\u0000", "1e309", "-1", "NaN", "☃" * 30, "%", "a" * 41]
    names = list(PARAMS)
    for path in PAGE_PATHS:
        at = _app().switch_page(f"pages/{path}.py")
        for i, value in enumerate([*PAYLOADS, *extra][:20]):
            params = {names[(i + len(path)) % len(names)]: value, names[(3 * i + 1) % len(names)]: value}
            at.query_params.clear()
            at.query_params.update(params)
            try:
                at.run()
            except Exception as exc:
                area.check(f"/{path}?{params}", False, f"run failed: {exc}")
                continue
            bad = [t for t in _markdown(at) if INJECTED.search(t)]
            why = ([e.value for e in at.exception][:1] or [e.value for e in at.error][:1] or bad[:1] or [""])[0]
            area.check(f"/{path}?{params}", not (at.exception or at.error or bad), str(why)[:160])


# ---------------------------------------------------------------- uploads


def _csv(rows: list[list[str]], sep: str = ",", encoding: str = "utf-8", newline: str = "\n") -> bytes:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator=newline).writerows([COLUMNS, *rows])
    return buf.getvalue().encode(encoding)


def _xlsx(rows, sheets: int = 1) -> bytes:
    import pandas as pd

    buf = BytesIO()
    with pd.ExcelWriter(buf) as xl:
        for s in range(sheets):
            pd.DataFrame(rows, columns=COLUMNS).to_excel(xl, sheet_name=f"s{s}", index=False)
    return buf.getvalue()


def uploads(area: Area) -> None:
    from minedash.app import export
    from minedash.charts.value_chains import _as_text
    from minedash.domain import survey

    ok = ["Ääni Oy", "FI1D7", "small", "services", "nickel", "drilling", "sales"]
    long_first = ["O" * 200_000, "FI1D7", "small", "services", "", "", ""]
    cases = {  # name -> (content, filename, accepted, words in the message)
        "UTF-8 with BOM": (b"\xef\xbb\xbf" + _csv([ok]), "s.csv", True, "checked"),
        "UTF-16 LE with BOM, tabs (Excel 'Unicode text')": (
            b"\xff\xfe" + _csv([ok], "\t", "utf-16-le"),
            "s.csv",
            True,
            "checked",
        ),
        "UTF-16 BE with BOM": (b"\xfe\xff" + _csv([ok], ",", "utf-16-be"), "s.csv", True, "checked"),
        "UTF-16 without BOM": (_csv([ok], ",", "utf-16-le"), "s.csv", False, "UTF-16 without a byte-order mark"),
        "Latin-1": (_csv([ok], ",", "latin-1"), "s.csv", False, "Latin-1"),
        "UTF-32": (b"\xff\xfe\x00\x00" + _csv([ok], ",", "utf-32-le"), "s.csv", False, "UTF-32"),
        "semicolons, CRLF": (_csv([ok], ";", newline="\r\n"), "s.csv", True, "checked"),
        "a line break inside a quoted cell": (_csv([[*ok[:5], "drilling\nassays", "sales"]]), "s.csv", True, "checked"),
        "a 200,000-character first row": (_csv([long_first]), "s.csv", False, "characters long"),
        "a formula in a cell (downloads neutralise it)": (
            _csv([['=HYPERLINK("https://evil.example")', *ok[1:]]]),
            "s.csv",
            True,
            "checked",
        ),
        "markup in a name (the map tooltip escapes it)": (
            _csv([["<img src=x onerror=alert(1)>", *ok[1:]]]),
            "s.csv",
            True,
            "checked",
        ),
        "a column twice": (_csv([ok]).replace(b"services", b"materials", 1), "s.csv", False, "twice"),
        "columns missing": (b"organisation,nuts_region\nA,FI1D7\n", "s.csv", False, "missing"),
        "header only": (_csv([]), "s.csv", False, "no filled-in rows"),
        "empty": (b"", "s.csv", False, "empty"),
        "separators only": (b",,,,\n;;;\n", "s.csv", False, "missing"),
        "NUL bytes": (b"organisation\x00,nuts\x00\n", "s.csv", False, "binary"),
        "random bytes": (bytes(random.Random(1).randrange(256) for _ in range(4000)), "s.csv", False, ""),
        "5,001 rows": (_csv([[f"O{i}", *ok[1:]] for i in range(5001)]), "s.csv", False, "more than 5,000 rows"),
        "an e-mail address as contact": (_csv([[*ok[:6], "jane@example.com"]]), "s.csv", False, "problem"),
        "wrong extension": (_csv([ok]), "s.txt", False, ".csv or .xlsx"),
        "text renamed .xlsx": (b"just text", "s.xlsx", False, "not a valid Excel"),
        "a zip without a worksheet": (_zip({"readme.txt": b"x"}), "s.xlsx", False, "no worksheet"),
        "a workbook cut short": (_xlsx([ok])[:3000], "s.xlsx", False, ""),
        "a valid workbook": (_xlsx([ok]), "s.xlsx", True, "checked"),
        "40 sheets, 210,000 cells": (_xlsx([ok] * 750, sheets=40), "s.xlsx", False, "cells"),
    }
    for name, (data, filename, accepted, words) in cases.items():
        try:
            res = survey.validate(data, filename, nuts_codes={"FI1D7"}, material_ids={"nickel"})
        except Exception as exc:
            area.check(f"upload {name}", False, f"{type(exc).__name__}: {exc}")
            continue
        good = res.ok == accepted and words in res.message
        if good and "formula" in name:
            good = "'=HYPERLINK" in export.to_csv(res.rows).decode("utf-8-sig")
        if good and "markup" in name:
            # The map's tooltip fields for uploaded organisations (the organisation is its "name").
            good = "&lt;img" in _as_text([{"name": r["organisation"]} for r in res.rows.to_dict("records")])[0]["name"]
        area.check(f"upload {name}", good, res.message[:120])
    for name, (filename, make, accepted) in files(1600).items():
        path = TMP / filename
        path.write_bytes(make())
        try:
            r = measure(path, filename)
        except Exception as exc:
            area.check(f"upload {name}", False, str(exc)[-200:])
            continue
        added = r["peak_mb"] - r["before_mb"]
        area.check(f"upload {name} (+{added:.0f} MB)", r["ok"] == accepted and added < 200, r["message"][:120])


def _zip(members: dict) -> bytes:
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for k, v in members.items():
            z.writestr(k, v)
    return buf.getvalue()


# ---------------------------------------------------------------- damaged sources


def _text(path: Path) -> tuple[str, bool]:
    raw = (path if path.exists() else path.with_name(path.name + ".gz")).read_bytes()
    gz = raw[:2] == b"\x1f\x8b"
    return (gzip.decompress(raw) if gz else raw).decode("latin-1"), gz


def _edit(src: Path, rel: str, fn) -> None:
    path = src / rel
    text, gz = _text(path)
    target = path if path.exists() else path.with_name(path.name + ".gz")
    out = fn(text).encode("latin-1")
    target.write_bytes(gzip.compress(out, mtime=0) if gz else out)


def _lines(keep: float):
    return lambda t: "".join(t.splitlines(keepends=True)[: int(len(t.splitlines()) * keep)])


SOURCE_ATTACKS = {  # name -> (file, edit, words the refusal must hold)
    "NUTS 2013 labels cut at a line": ("nuts2013-labels/NUTS_AT_2013.csv", _lines(0.5), "NUTS_AT_2013"),
    "NUTS 2013 labels cut mid-line": ("nuts2013-labels/NUTS_AT_2013.csv", lambda t: t[: len(t) // 2], "NUTS_AT_2013"),
    "a strategic project duplicated": (
        "eu_crma_strategic_projects/eu_strategic_projects_2025.csv",
        lambda t: t + t.splitlines(keepends=True)[5],
        "eu_strategic_projects_2025.csv",
    ),
    "facilities cut short": ("crm_atlas_forlini/facilities.csv", lambda t: t[: len(t) - 500], "facilities.csv: line"),
    "a facility's city unknown": (
        "crm_atlas_forlini/facilities.csv",
        lambda t: t.replace(",Kiruna,", ",Atlantis,", 1),
        "facilities.csv: line",
    ),
    "negative output": (
        "world_mining_data_2024/wmd2024_production_by_country_long.csv",
        lambda t: t.replace(",1178800.0,", ",-1178800.0,", 1),
        "wmd2024_production_by_country_long.csv: line 2",
    ),
    "output as text": (
        "world_mining_data_2024/wmd2024_production_by_country_long.csv",
        lambda t: t.replace(",1178800.0,", ",lots,", 1),
        "wmd2024_production_by_country_long.csv: line 2",
    ),
    "a column renamed": ("crm_atlas_forlini/cities.csv", lambda t: t.replace('"lat"', '"latitude"', 1), "cities.csv"),
    "CRM list cut to 20": ("eu_crm_2023_compiled/crm_2023_per_material.csv", _lines(0.6), "crm_2023_per_material"),
    "a benchmark of 150 %": (
        "eu_crma_benchmarks/crma_2030_benchmarks.csv",
        lambda t: re.sub(r"^(extraction,)10,", r"\g<1>150,", t, flags=re.M),
        "crma_2030_benchmarks.csv: line",
    ),
    "GDP cut at a line (valid gzip)": ("eurostat-nama_10r_3gdp/nama_10r_3gdp.tsv", _lines(0.7), "nama_10r_3gdp"),
    "population series twice": (
        "eurostat-demo_r_pjanaggr3/demo_r_pjanaggr3.tsv",
        lambda t: t + t.splitlines(keepends=True)[1],
        "appears twice",
    ),
    "LFS extract a row short": ("eurostat-lfst_r_lfe2en2/lfst_r_lfe2en2_1_Data.csv", _lines(0.9999), "lfst_r_lfe2en2"),
    "NUTS 3 outlines a region short": (
        "nuts2021-20m-4326/NUTS_RG_20M_2021_4326_LEVL_3.geojson",
        lambda t: json.dumps({**json.loads(t), "features": json.loads(t)["features"][1:]}),
        "LEVL_3",
    ),
    "world outlines not JSON": ("natural-earth-world-atlas/countries-110m.json", lambda t: t[:1000], "countries-110m"),
    "a partner region's code unknown": (
        "s3-mining-partnership/partnership_regions.csv",
        lambda t: t.replace("FI1D7", "FI1D9", 1),
        "partnership_regions.csv: line",
    ),
}
_INGEST = """
import sys
from pathlib import Path
from minedash import cli
from minedash.data import paths
paths.DATA_DIR = Path(sys.argv[2])
sys.exit(cli.main(["ingest", "--sources", sys.argv[1]]))
"""


def sources(area: Area) -> None:
    for name, (rel, edit, words) in SOURCE_ATTACKS.items():
        src, data = TMP / "src", TMP / "data"
        shutil.rmtree(src, ignore_errors=True)
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(paths.SOURCES_DIR, src)
        shutil.copytree(paths.WAREHOUSE_DIR, data / "warehouse")
        before = sorted((p.name, p.read_bytes()) for p in (data / "warehouse").iterdir())
        _edit(src, rel, edit)
        out = subprocess.run([sys.executable, "-c", _INGEST, str(src), str(data)], capture_output=True, text=True)
        after = sorted((p.name, p.read_bytes()) for p in (data / "warehouse").iterdir())
        ok = (
            out.returncode == 2
            and words in out.stderr
            and before == after
            and sorted(os.listdir(data)) == ["warehouse"]
        )
        area.check(f"source {name}", ok, f"exit {out.returncode}: {out.stderr.strip().splitlines()[-1:]}")


# ---------------------------------------------------------------- kills during a rebuild


def kills(area: Area) -> None:
    from conftest import WITH_TABLES

    from minedash.data.ingest import load_all

    tables, reps = load_all(paths.SOURCES_DIR)
    pickled = TMP / "tables.pickle"
    pickled.write_bytes(pickle.dumps((tables, reps)))
    old = {**tables, "strategic_projects": tables["strategic_projects"].iloc[:-1]}
    build.publish(old, reps, TMP / "old" / "data")
    build.publish(tables, reps, TMP / "new" / "data")
    manifests = {v: (TMP / v / "data" / "warehouse" / paths.MANIFEST_NAME).read_text() for v in ("old", "new")}
    script = WITH_TABLES.format(pickle=str(pickled)) + (
        "\nif sys.argv[3] == 'fallback':\n    b._exchange = lambda x, y: False\n"
        "b.build(Path(sys.argv[1]), Path(sys.argv[2]))\n"
    )
    rnd = random.Random(14)
    runs = [("stage", s, "exchange") for s in build.STAGES]
    runs += [("stage", s, "fallback") for s in ("geo moved aside", "warehouse moved aside", "swapped")]
    runs += [("random", rnd.uniform(0.5, 12), rnd.choice(["exchange", "fallback"])) for _ in range(28)]
    for kind, when, swap in runs:
        root = TMP / "kill"
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(TMP / "old", root)
        env = dict(os.environ, **({"MINEDASH_INGEST_KILL_AT": when} if kind == "stage" else {}))
        args = [sys.executable, "-c", script, str(TMP), str(root / "data"), swap]
        proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if kind == "random":
            time.sleep(when)
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        what = f"kill at {when if kind == 'stage' else f'{when:.1f} s'} ({swap})"
        build.cleanup(root / "data")
        left = [p.name for d in (root / "data", root / "static") for p in d.glob(".*")]
        manifest_path = root / "data" / "warehouse" / paths.MANIFEST_NAME
        manifest = manifest_path.read_text() if manifest_path.exists() else ""
        _point_at(root / "data" / "warehouse", root / "static" / "geo")
        try:
            problems = verify.problems()
            for g in json.loads(manifest)["geo"]:
                verify.require_geo(g)
            at = _app().switch_page("pages/sources.py")
            at.run()
            clean = not at.exception and not at.error
        except Exception as exc:
            problems, clean = {"?": str(exc)}, False
        consistent = manifest in manifests.values() and not problems and not left
        area.check(
            what,
            consistent and clean,
            f"manifest {'ok' if manifest in manifests.values() else 'mixed'}, "
            f"problems {problems}, leftovers {left}, app clean {clean}",
        )
    _point_at(ROOT / "data" / "warehouse")


# ---------------------------------------------------------------- a disk that refuses


def disk(area: Area) -> None:
    from conftest import WITH_TABLES
    from test_disk_errors import _EDITION, _INGEST, REAL, _on_tmpfs, _size_kb

    if not REAL:
        area.check("disk", False, "no mount namespaces on this machine: run as root where unshare works")
        return
    pickled = TMP / "tables.pickle"
    if not pickled.exists():
        from minedash.data.ingest import load_all

        pickled.write_bytes(pickle.dumps(load_all(paths.SOURCES_DIR)))
    root = TMP / "disk"
    shutil.copytree(paths.WAREHOUSE_DIR, root / "data" / "warehouse")
    shutil.copytree(ROOT / "static" / "geo", root / "static" / "geo")
    mon = TMP / "mon"
    mon.mkdir(exist_ok=True)
    shutil.copy(paths.DATA_DIR / "monitoring" / "2026-H2.json", mon)
    for how in ("read-only", "full"):
        for what, script, prefill, size in (
            ("ingest", WITH_TABLES.format(pickle=str(pickled)) + _INGEST, root, _size_kb(root) + 1024),
            ("edition", _EDITION, mon, _size_kb(mon) + 16),
        ):
            work = TMP / f"disk-{what}-{how}"
            work.mkdir()
            code, err, before, after = _on_tmpfs(script, prefill, how, size, work)
            lines = [x for x in err.strip().splitlines() if x]
            area.check(
                f"{what} on a {how} disk", code == 4 and len(lines) == 1 and before == after, f"exit {code}: {lines}"
            )


# ---------------------------------------------------------------- a damaged warehouse under a running app


def _damage_cases():
    import pyarrow.parquet as pq

    def cut(wh, geo, name="observations"):
        f = wh / f"{name}.parquet"
        f.write_bytes(f.read_bytes()[: f.stat().st_size // 2])

    def reshape(wh, geo, name="sources"):
        t = pq.read_table(wh / f"{name}.parquet")
        pq.write_table(t.rename_columns(["id", *t.column_names[1:]]), wh / f"{name}.parquet")

    return {
        "observations cut short": (cut, "observations"),
        "sources with another schema": (reshape, "sources"),
        "facilities missing": (lambda wh, geo: (wh / "facilities.parquet").unlink(), "facilities"),
        "regions replaced by another table": (
            lambda wh, geo: shutil.copy(wh / "countries.parquet", wh / "regions.parquet"),
            "regions",
        ),
        "production cut short": (lambda wh, geo: cut(wh, geo, "production"), "production"),
        "manifest a JSON list": (lambda wh, geo: (wh / "manifest.json").write_text("[1]"), "cannot be checked"),
        "manifest deleted": (lambda wh, geo: (wh / "manifest.json").unlink(), "cannot be checked"),
        "static/geo deleted": (lambda wh, geo: shutil.rmtree(geo), "static/geo"),
        "world outlines emptied": (lambda wh, geo: (geo / "world_110m.geojson").write_text("{}"), "world_110m"),
        "warehouse folder deleted": (lambda wh, geo: shutil.rmtree(wh), "cannot be checked"),
    }


def warehouse(area: Area) -> None:
    for name, (damage, names) in _damage_cases().items():
        wh, geo = TMP / "wh" / "warehouse", TMP / "wh" / "geo"
        shutil.rmtree(TMP / "wh", ignore_errors=True)
        shutil.copytree(ROOT / "data" / "warehouse", wh)  # the shipped one (paths point at the last copy)
        shutil.copytree(ROOT / "static" / "geo", geo)
        _point_at(wh, geo)
        at = _app()
        for path in PAGE_PATHS:  # the app is running and has shown every page
            at.switch_page(f"pages/{path}.py").run()
        damage(wh, geo)
        results, fine = {}, True
        for path in PAGE_PATHS:
            try:
                at.switch_page(f"pages/{path}.py").run()
            except Exception as exc:
                results[path], fine = f"run failed {exc}", False
                continue
            errors = [e.value for e in at.error]
            if at.exception or not at.title:
                results[path], fine = "traceback or no header", False
            elif errors:
                ok = len(errors) == 1 and names in errors[0] and "python -m minedash ingest" in errors[0]
                results[path], fine = ("message" if ok else f"unclear: {errors}"), fine and ok
            else:
                results[path] = "works"
        degraded = [p for p, r in results.items() if r != "works"]
        area.check(f"{name}: degraded {degraded}", fine and degraded, json.dumps(results)[:250])
    _point_at(ROOT / "data" / "warehouse")


# ---------------------------------------------------------------- editions


def editions_(area: Area) -> None:
    from minedash.app import report
    from minedash.domain import editions

    good = json.loads((paths.DATA_DIR / "monitoring" / "2026-H2.json").read_text(encoding="utf-8"))

    def with_(change):
        ed = json.loads(json.dumps(good))
        change(ed)
        return ed

    def row(key, field, value):
        return lambda ed: ed[key][0].__setitem__(field, value)

    bad = {
        "a JSON list": [good],
        "null": None,
        "a string": "edition",
        "a number": 42,
        **{
            f"no {k}": with_(lambda ed, k=k: ed.pop(k))
            for k in ("period", "frozen_at", "warehouse_sha256", "scorecard", "sources")
        },
        "strings in the scorecard": with_(row("scorecard", "latest_value", "12,5")),
        "a year that is text": with_(row("scorecard", "latest_year", "2021")),
        "NaN as a year": with_(row("scorecard", "latest_year", float("nan"))),
        "infinity as a value": with_(row("scorecard", "latest_value", float("inf"))),
        "true as a value": with_(row("scorecard", "baseline_value", True)),
        "an empty scorecard": with_(lambda ed: ed.__setitem__("scorecard", [])),
        "a scorecard row twice": with_(lambda ed: ed["scorecard"].append(ed["scorecard"][0])),
        "a scorecard row that is text": with_(lambda ed: ed["scorecard"].append("row")),
        "benchmarks an object": with_(lambda ed: ed.__setitem__("benchmarks", {"a": 1})),
        "a benchmark without status": with_(lambda ed: ed["benchmarks"][0].pop("status")),
        "an unknown benchmark status": with_(row("benchmarks", "status", "<b>great</b>")),
        "publisher null": with_(row("sources", "publisher", None)),
        "url a number": with_(row("sources", "url", 7)),
        "period of another file": with_(lambda ed: ed.__setitem__("period", "2025-H1")),
        "frozen_at not a date": with_(lambda ed: ed.__setitem__("frozen_at", "yesterday")),
        "a short checksum": with_(lambda ed: ed.__setitem__("warehouse_sha256", "abc")),
        "baseline year text": with_(lambda ed: ed.__setitem__("baseline_year", "2019")),
    }
    mon = TMP / "editions"
    import minedash.domain.editions as ed_mod

    for name, content in bad.items():
        shutil.rmtree(mon, ignore_errors=True)
        mon.mkdir()
        shutil.copy(paths.DATA_DIR / "monitoring" / "2026-H2.json", mon)
        (mon / "2026-H1.json").write_text(json.dumps(content))
        ed_mod.MONITORING_DIR = mon
        try:
            eds, damaged = editions.list_editions()
            for ed in eds.values():
                report.build_html(ed)
            at = _app().switch_page("pages/progress.py")
            at.query_params["edition"] = "2026-H1"
            at.run()
            ok = (
                not at.exception
                and not at.error
                and "2026-H1" not in eds
                and any("2026-H1.json" in w.value for w in at.warning)
            )
            area.check(f"edition {name}", ok, f"damaged={damaged}")
        except Exception as exc:
            area.check(f"edition {name}", False, f"{type(exc).__name__}: {exc}")
    ed_mod.MONITORING_DIR = paths.DATA_DIR / "monitoring"
    from minedash import cli

    for period in ("２０２６-H1", "2026-H1\n", "2026-H1 ", "2026-H١", "2026-H3"):
        area.check(f"period {period!r}", cli.main(["edition", "--period", period]) == 2, "accepted")


AREAS = {
    "links": links,
    "uploads": uploads,
    "sources": sources,
    "kills": kills,
    "disk": disk,
    "warehouse": warehouse,
    "editions": editions_,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default=",".join(AREAS))
    args = ap.parse_args()
    results = []
    for name in args.only.split(","):
        area = Area(name)
        t0 = time.perf_counter()
        print(f"== {name}", flush=True)
        AREAS[name](area)
        print(f"   {area.held}/{area.tried} held ({time.perf_counter() - t0:.0f} s)", flush=True)
        results.append(area)
    print("\n| area | tried | held | what broke |\n|---|---|---|---|")
    for a in results:
        print(f"| {a.name} | {a.tried} | {a.held} | {'; '.join(a.broke)[:600] or 'nothing'} |")
    shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    main()
