"""Commands on a disk that refuses: a read-only or full file system (real ones: a tmpfs in a private mount
namespace where the machine allows it, else the same errors raised where the write happens), and no permission.
Each gives one line on stderr and exit status 4, and leaves what was there byte for byte as it was."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, WITH_TABLES

from minedash import cli
from minedash.data import paths
from minedash.domain import editions

_LIST = """
import hashlib, pathlib, sys
d = pathlib.Path(sys.argv[1])
print(sorted((str(p.relative_to(d)), hashlib.sha256(p.read_bytes()).hexdigest()) for p in d.rglob("*") if p.is_file()))
"""
_INGEST = """
from minedash import cli
from minedash.data import paths
paths.DATA_DIR = Path(sys.argv[1]) / "data"
code = cli.main(["ingest"])
"""
_EDITION = """
from pathlib import Path
import sys
from minedash import cli
from minedash.domain import editions
editions.MONITORING_DIR = Path(sys.argv[1])
code = cli.main(["edition", "--period", "2026-H2", "--force"])
"""


def _namespaces_work() -> bool:
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt && umount /mnt"], capture_output=True
    )
    return probe.returncode == 0


REAL = _namespaces_work()


def _on_tmpfs(script: str, prefill, how: str, size_kb: int, tmp_path) -> tuple[int, str, list, list]:
    """Run python `script` (it sets `code`) with sys.argv[1] a tmpfs holding a copy of `prefill`, made read-only or
    left with little free space; returns the exit code, stderr, and the files (name, sha256) before and after."""
    (tmp_path / "run.py").write_text(script + "\nsys.exit(code)\n")
    (tmp_path / "list.py").write_text(_LIST)
    d, py = "/mnt", sys.executable
    sh = f"""
set -e
mount -t tmpfs -o size={size_kb}k tmpfs {d}
cp -a {prefill}/. {d}/
{py} {tmp_path}/list.py {d}
{"mount -o remount,ro " + d if how == "read-only" else "true"}
set +e
{py} {tmp_path}/run.py {d}
echo "exit=$?"
{py} {tmp_path}/list.py {d}
"""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run(
        ["unshare", "-m", "sh", "-c", sh], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    lines = out.stdout.strip().splitlines()
    code = int(next(line for line in lines if line.startswith("exit="))[5:])
    return code, out.stderr, eval(lines[0]), eval(lines[-1])  # noqa: S307 - the lists list.py printed


def _size_kb(folder) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) // 1024


@pytest.mark.parametrize("how", ["read-only", "full"])
def test_ingest_on_a_refusing_disk(tmp_path, pickled_tables, how, monkeypatch, capsys):
    prefill = tmp_path / "root"
    shutil.copytree(paths.WAREHOUSE_DIR, prefill / "data" / "warehouse")
    shutil.copytree(paths.STATIC_GEO_DIR, prefill / "static" / "geo")
    script = WITH_TABLES.format(pickle=str(pickled_tables)) + _INGEST
    if REAL:
        code, err, before, after = _on_tmpfs(script, prefill, how, _size_kb(prefill) + 1024, tmp_path)
    else:  # no mount namespaces here: the same error where the new warehouse is written
        build = sys.modules["minedash.data.ingest.build"]
        monkeypatch.setattr(paths, "DATA_DIR", prefill / "data")
        no = errno.EROFS if how == "read-only" else errno.ENOSPC

        def refuse(*a, **k):
            raise OSError(no, "Read-only file system" if how == "read-only" else "No space left on device", "x")

        monkeypatch.setattr(build, "_write", refuse)
        with open(pickled_tables, "rb") as f:
            tables = __import__("pickle").load(f)
        monkeypatch.setattr(build, "load_all", lambda src: tables)
        before = sorted(p.name for p in prefill.rglob("*"))
        code, err = cli.main(["ingest"]), capsys.readouterr().err
        after = sorted(p.name for p in prefill.rglob("*"))
    assert code == cli.DISK_ERROR, err
    message = [line for line in err.strip().splitlines() if line]
    assert len(message) == 1 and message[0].startswith("Ingest stopped: ") and "Nothing was changed" in message[0]
    assert ("Read-only file system" if how == "read-only" else "No space left on device") in message[0]
    assert after == before  # not a byte changed, nothing left behind


@pytest.mark.parametrize("how", ["read-only", "full", "no permission"])
def test_edition_on_a_refusing_disk(tmp_path, how, monkeypatch, capsys):
    prefill = tmp_path / "monitoring"
    prefill.mkdir()
    shutil.copy(paths.DATA_DIR / "monitoring" / "2026-H2.json", prefill / "2026-H2.json")
    if REAL and how != "no permission":
        code, err, before, after = _on_tmpfs(_EDITION, prefill, how, _size_kb(prefill) + 16, tmp_path)
    else:  # root ignores permission bits: the error is raised where the edition is written
        monkeypatch.setattr(editions, "MONITORING_DIR", prefill)
        real_open = open

        def refuse(path, mode="r", *a, **k):
            if "w" in mode:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, mode, *a, **k)

        monkeypatch.setattr("builtins.open", refuse)
        before = sorted((p.name, p.read_bytes()) for p in prefill.iterdir())
        code, err = cli.main(["edition", "--period", "2026-H2", "--force"]), capsys.readouterr().err
        monkeypatch.undo()
        after = sorted((p.name, p.read_bytes()) for p in prefill.iterdir())
    assert code == cli.DISK_ERROR, err
    message = [line for line in err.strip().splitlines() if line]
    assert len(message) == 1 and message[0].startswith("No edition written: "), message
    assert after == before  # the old edition is still there, not moved aside; no temporary file left


@pytest.mark.parametrize("period", ["２０２６-H1", "2026-H1\n", " 2026-H1", "2026-H1 ", "2026-Ｈ1", "2026-H١"])
def test_period_check_is_ascii_and_exact(tmp_path, monkeypatch, period):
    monkeypatch.setattr(editions, "MONITORING_DIR", tmp_path)
    with pytest.raises(editions.EditionError):
        editions.check_period(period)
    assert cli.main(["edition", "--period", period]) == 2
    assert not list(tmp_path.iterdir())
