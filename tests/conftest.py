"""Shared fixtures: the shipped warehouse, the sources directory, and an AppTest opener."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from minedash.data import paths

ROOT = paths.ROOT
SOURCES = paths.default_sources_dir()


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The public inputs in data/sources. They travel with the project: missing is a failure, never a skip."""
    if not SOURCES.is_dir():
        pytest.fail(
            f"sources directory {SOURCES} is missing: the raw-file cross-checks cannot run "
            "(data/sources is part of the project; restore it with git checkout data/sources)"
        )
    return SOURCES


def open_source(path: Path, encoding: str = "utf-8", newline: str | None = ""):
    """A raw source file opened as text, as the ingest finds it: `path`, or its gzip copy `path.gz`."""
    from minedash.data.ingest.common import stored

    path = stored(path)
    opener = gzip.open if path.suffix == ".gz" else open
    return opener(path, "rt", encoding=encoding, newline=newline)


def open_page(page: str | None = None, timeout: float = 60, **params):
    """Run dashboard.py in AppTest with URL parameters, optionally switch to pages/<page>.py; returns the AppTest."""
    from streamlit.testing.v1 import AppTest

    os.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    for k, v in params.items():
        at.query_params[k] = str(v)
    at.run()
    if page:
        at.switch_page(f"pages/{page}.py")
        at.run()
    return at


def assert_clean(at) -> None:
    """No exception element and no error box on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def notices(at) -> list[str]:
    return [i.value for i in at.info]


def use_warehouse(monkeypatch, warehouse: Path, geo: Path | None = None) -> None:
    """Point the app at another warehouse folder (and outlines folder) for this test; checks start afresh."""
    from minedash.data import verify

    monkeypatch.setattr(paths, "WAREHOUSE_DIR", warehouse)
    monkeypatch.setattr(paths, "MANIFEST_PATH", warehouse / paths.MANIFEST_NAME)
    if geo is not None:
        monkeypatch.setattr(paths, "STATIC_GEO_DIR", geo)
    verify.forget()


@pytest.fixture(scope="session")
def pickled_tables(tmp_path_factory, sources_dir) -> Path:
    """The ingest's tables and reports, read once and pickled, for tests that run the ingest in a subprocess
    without reading every source again (20 s each)."""
    import pickle

    from minedash.data.ingest import load_all

    path = tmp_path_factory.mktemp("tables") / "tables.pickle"
    with open(path, "wb") as f:
        pickle.dump(load_all(sources_dir), f)
    return path


# Runs python code with the ingest reading the pickled tables instead of the sources (see pickled_tables).
WITH_TABLES = """
import importlib, pickle, sys
from pathlib import Path
b = importlib.import_module("minedash.data.ingest.build")  # the module (the package exports build())
tables, reps = pickle.load(open({pickle!r}, "rb"))
b.load_all = lambda src: (tables, reps)
"""


def counted(monkeypatch, *targets) -> dict:
    """Count the calls of each (module, function name): how often a run builds what it shows."""
    calls = {}
    for module, name in targets:
        real = getattr(module, name)
        calls[name] = 0

        def counting(*args, _real=real, _name=name, **kwargs):
            calls[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, counting)
    return calls


def calls_of(monkeypatch, module, name: str) -> list:
    """Replace `module.name` by a wrapper that records each call (how often a shared result's builder ran)."""
    real, calls = getattr(module, name), []

    def wrapper(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


def page_content(at) -> list:
    """What a reader sees of a page run: its text elements in order and the frames of its charts and tables (as CSV)."""
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "metric")
    text = [(k, str(getattr(e, "value", e))) for k in kinds for e in getattr(at, k)]
    frames = {key: [f.to_csv() for f in item["frames"]] for key, item in at.session_state["_minedash_shown"].items()}
    return [text, frames]
