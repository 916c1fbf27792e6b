"""Fault injection: the ingest is SIGKILLed at each stage of a rebuild (a real process, a real kill: the test-only
MINEDASH_INGEST_KILL_AT hook), then the warehouse and its manifest must agree (all old or all new, every file
matching its recorded checksum), the next start must clean up what the killed run left, and the app must start
clean on what is there."""

from __future__ import annotations

import importlib
import json
import os
import pickle
import shutil
import signal
import subprocess
import sys

import pytest
from conftest import ROOT, WITH_TABLES, assert_clean, open_page, use_warehouse

from minedash.data import paths, verify

build = importlib.import_module("minedash.data.ingest.build")  # the module (the package exports build())

# The real build(); only reading the sources is replaced by the tables read once (conftest.pickled_tables).
_SCRIPT = """
if sys.argv[3] == "fallback":
    b._exchange = lambda x, y: False  # where renameat2 is missing: two renames
b.build(Path(sys.argv[1]), Path(sys.argv[2]))
"""
FALLBACK = ["geo moved aside", "warehouse moved aside", "swapped"]  # where renameat2 is missing: two renames
KILLS = [(stage, "exchange") for stage in build.STAGES] + [(stage, "fallback") for stage in FALLBACK]


@pytest.fixture(scope="module")
def units(tmp_path_factory, pickled_tables):
    """An old warehouse that differs from the new one (one project fewer), and both manifests."""
    tmp = tmp_path_factory.mktemp("units")
    with open(pickled_tables, "rb") as f:
        tables, reps = pickle.load(f)
    old = {**tables, "strategic_projects": tables["strategic_projects"].iloc[:-1]}
    build.publish(old, reps, tmp / "old" / "data")
    build.publish(tables, reps, tmp / "new" / "data")
    manifests = {v: (tmp / v / "data" / "warehouse" / paths.MANIFEST_NAME).read_text() for v in ("old", "new")}
    assert manifests["old"] != manifests["new"]
    return tmp, manifests, WITH_TABLES.format(pickle=str(pickled_tables)) + _SCRIPT


def _run(units, tmp_path, swap: str, **env) -> subprocess.CompletedProcess:
    """The ingest on a copy of the old warehouse (data/ and static/ under tmp_path)."""
    tmp, _, script = units
    shutil.copytree(tmp / "old", tmp_path, dirs_exist_ok=True)
    args = [tmp, tmp_path / "data", swap]
    return subprocess.run(
        [sys.executable, "-c", script, *map(str, args)], cwd=ROOT, env=dict(os.environ, **env), capture_output=True
    )


@pytest.mark.parametrize("stage, swap", KILLS, ids=[f"{s.replace(' ', '-')}-{w}" for s, w in KILLS])
def test_a_kill_at_any_stage_leaves_one_consistent_warehouse(units, tmp_path, monkeypatch, stage, swap):
    _, manifests, _ = units
    done = _run(units, tmp_path, swap, MINEDASH_INGEST_KILL_AT=stage)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()[-2000:]
    data = tmp_path / "data"
    leftovers = sorted(p.name for d in (data, tmp_path / "static") for p in d.glob(".*"))
    if stage == "warehouse moved aside":  # the fallback's window: the live folder is aside until the next start
        assert not (data / "warehouse").exists() and (data / ".warehouse-old").is_dir()
    build.cleanup(data)  # what the next ingest does first
    assert not list(data.glob(".*")) and not list((tmp_path / "static").glob(".*")), leftovers
    manifest = (data / "warehouse" / paths.MANIFEST_NAME).read_text()
    expected = "new" if stage == "swapped" else "old"
    assert manifest == manifests[expected], f"after a kill at {stage!r} the manifest is not the {expected} one"
    use_warehouse(monkeypatch, data / "warehouse", tmp_path / "static" / "geo")
    try:
        assert verify.problems() == {}  # every Parquet file is the one its manifest records
        for name in json.loads(manifest)["geo"]:
            verify.require_geo(name)
        rows = json.loads(manifest)["tables"]["strategic_projects"]["rows"]
        assert rows == (63 if expected == "new" else 62)
        at = open_page("sources")  # the app starts clean on it
        assert_clean(at)
    finally:
        monkeypatch.undo()
        verify.forget()


def test_an_unkilled_run_swaps_in_the_new_warehouse(units, tmp_path):
    _, manifests, _ = units
    done = _run(units, tmp_path, "exchange")
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert (tmp_path / "data" / "warehouse" / paths.MANIFEST_NAME).read_text() == manifests["new"]
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["warehouse"]
