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
