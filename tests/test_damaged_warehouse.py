"""The app trusts nothing it reads. Each warehouse table is damaged in turn (cut short, another schema, missing) in a
copy of the warehouse: the pages that need that table show one message naming it and the rebuild command, under
their header; every other page keeps working. The same for the map outlines and a damaged manifest."""

from __future__ import annotations

import json
import shutil
import sys
import time

import pyarrow.parquet as pq
import pytest
from conftest import open_page, use_warehouse
from streamlit.testing.v1 import AppTest

from minedash.app import ui
from minedash.app.shell import PAGES
from minedash.data import db, paths, verify

TABLES = sorted(json.loads(paths.MANIFEST_PATH.read_text(encoding="utf-8"))["tables"])
PAGE_PATHS = [path for entries in PAGES.values() for path, _, _ in entries]


def _cut(f):
    f.write_bytes(f.read_bytes()[: f.stat().st_size // 2])


def _reshape(f):
    t = pq.read_table(f)
    pq.write_table(t.rename_columns([f"{c}_renamed" if i == 0 else c for i, c in enumerate(t.column_names)]), f)


def _remove(f):
    f.unlink()


DAMAGES = {
    "cut short": (_cut, "is damaged or cut short"),
    "other schema": (_reshape, "another schema"),
    "missing": (_remove, "is missing"),
}


def damaged_copy(tmp_path, table: str | None = None, damage: str | None = None):
    """A warehouse folder whose files link to the real ones, but `table`'s file is a damaged copy."""
    wh = tmp_path / "warehouse"
    wh.mkdir()
    for f in paths.WAREHOUSE_DIR.iterdir():
        (wh / f.name).symlink_to(f)
    if table:
        target = wh / f"{table}.parquet"
        target.unlink()
        shutil.copy(paths.WAREHOUSE_DIR / target.name, target)
        DAMAGES[damage][0](target)
    return wh


@pytest.mark.parametrize("damage", DAMAGES)
@pytest.mark.parametrize("table", TABLES)
def test_a_damaged_table_is_named_and_only_its_queries_fail(tmp_path, monkeypatch, table, damage):
    use_warehouse(monkeypatch, damaged_copy(tmp_path, table, damage))
    assert verify.problems() == {table: verify.table_problem(table)}
    assert DAMAGES[damage][1] in verify.table_problem(table)
    needing = [q.stem for q in sorted(paths.QUERIES_DIR.glob("*.sql")) if table in db.tables_read(q.stem)]
    for name in needing:
        with pytest.raises(db.WarehouseError) as err:
            db.query(name, **dict.fromkeys(db.parameters(name)))
        assert err.value.table == table and "python -m minedash ingest" in str(err.value) and table in str(err.value)
    assert table not in db.table_names()


def test_a_table_damaged_on_a_running_server_is_noticed_within_the_recheck_time(tmp_path, monkeypatch):
    """No forget(): the app looks at each file again at most every RECHECK_S (a run asks dozens of times)."""
    target = damaged_copy(tmp_path) / "commodities.parquet"
    target.unlink()
    shutil.copy(paths.WAREHOUSE_DIR / target.name, target)
    use_warehouse(monkeypatch, target.parent)
    monkeypatch.setattr(verify, "RECHECK_S", 0.2)
    assert verify.table_problem("commodities") is None and "commodities" in dict(verify.sound()[0])
    _cut(target)
    time.sleep(0.3)  # the file changed after it was last looked at: after RECHECK_S it is looked at again
    assert "cut short" in verify.table_problem("commodities")
    assert "commodities" not in dict(verify.sound()[0])


def _forget_derived() -> None:
    db.reset()
    ui.FIGURES.clear()  # results shared per view: built again, so the queries inside their builders are seen too
    for name, module in list(sys.modules.items()):
        if name.startswith("minedash."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", "") == name:
                    value.cache_clear()


@pytest.fixture(scope="module")
def needs():
    """Which tables each page reads, recorded on the sound warehouse (verify sees every table a query reads)."""
    read: dict[str, set] = {}
    real, page = verify.require, {"now": "overview"}  # the first run opens the default page

    def record(tables):
        read.setdefault(page["now"], set()).update(tables)
        return real(tables)

    verify.require = record
    try:
        at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=120)
        at.run()
        for path in PAGE_PATHS:
            page["now"] = path
            _forget_derived()  # results derived once per warehouse (by this or an earlier test) are read again
            at.switch_page(f"pages/{path}.py").run()
            assert not at.exception and not at.error, path
    finally:
        verify.require = real
    return read


@pytest.fixture(scope="module")
def app():
    """One session visiting every page (a fresh one per table would only add start-up time)."""
    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    return at


def _visit(at, path: str) -> tuple[list[str], bool]:
    at.switch_page(f"pages/{path}.py").run()
    assert not at.exception, (path, [e.value for e in at.exception])
    return [e.value for e in at.error], bool(at.title)


@pytest.mark.parametrize("table", TABLES)
def test_a_damaged_table_degrades_only_the_pages_that_need_it(tmp_path, monkeypatch, needs, app, table):
    damage = list(DAMAGES)[TABLES.index(table) % len(DAMAGES)]  # each kind on a third of the tables
    use_warehouse(monkeypatch, damaged_copy(tmp_path, table, damage))
    degraded = set()
    for path in PAGE_PATHS:
        errors, has_title = _visit(app, path)
        assert has_title, f"{path}: no header before the message"
        if errors:
            assert len(errors) == 1 and table in errors[0] and "python -m minedash ingest" in errors[0], errors
            degraded.add(path)
    expected = {p for p, tables in needs.items() if table in tables}
    if table == "sources":  # every page cites from it (looked up once per warehouse, so recorded on one page only)
        expected = set(PAGE_PATHS)
    assert degraded == expected


def test_missing_outlines_stop_only_the_maps(tmp_path, monkeypatch, app):
    geo = tmp_path / "geo"
    shutil.copytree(paths.STATIC_GEO_DIR, geo)
    (geo / "nuts2021_l0.geojson").unlink()
    (geo / "world_110m.geojson").write_text("{}")
    use_warehouse(monkeypatch, paths.WAREHOUSE_DIR, geo)
    results = {path: _visit(app, path)[0] for path in PAGE_PATHS}
    for path in ("overview", "material", "value_chains"):
        assert len(results[path]) == 1 and "static/geo/" in results[path][0], (path, results[path])
    assert "python -m minedash ingest" in results["overview"][0]
    assert not results["sources"] and not results["criticality"] and not results["benchmarks"]


@pytest.mark.parametrize(
    "manifest",
    [
        "[1, 2, 3]",
        "null",
        '{"tables": {}}',
        '{"tables": {"sources": {"file": "../x"}}, "geo": {}, "sources": []}',
        "{no",
    ],
    ids=["list", "null", "no-tables", "bad-entry", "not-json"],
)
def test_a_manifest_of_the_wrong_shape_gives_one_clear_message(tmp_path, monkeypatch, manifest):
    wh = damaged_copy(tmp_path)
    (wh / paths.MANIFEST_NAME).unlink()
    (wh / paths.MANIFEST_NAME).write_text(manifest)
    use_warehouse(monkeypatch, wh)
    at = open_page("sources")
    assert not at.exception
    assert len(at.error) == 1 and "cannot be checked" in at.error[0].value and "ingest" in at.error[0].value
