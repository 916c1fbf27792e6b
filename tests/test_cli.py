"""The command line: offline refresh says so in one line and changes nothing; bad sources name the file."""

from __future__ import annotations

import pytest

from minedash import cli
from minedash.data import paths
from minedash.data.ingest import online


def test_online_without_network_is_one_line_and_changes_nothing(monkeypatch, capsys):
    before = paths.MANIFEST_PATH.read_bytes()

    def offline(dest, session=None):
        raise online.OfflineError("No network: could not reach ec.europa.eu (test); the warehouse was not changed.")

    monkeypatch.setattr(online, "download_all", offline)
    assert cli.main(["ingest", "--online"]) == 3
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith("No network")
    assert paths.MANIFEST_PATH.read_bytes() == before


def test_missing_sources_dir_is_a_clear_error(tmp_path, capsys):
    assert cli.main(["ingest", "--sources", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert "not changed" in err and "nope" in err


def test_usage_error_exits_nonzero():
    with pytest.raises(SystemExit):
        cli.main(["frobnicate"])
