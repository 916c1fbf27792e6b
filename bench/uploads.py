"""Peak memory and time of checking hostile and maximal survey uploads (each at most 5 MB), each in a fresh process.

    python bench/uploads.py                 # this checkout
    python bench/uploads.py --before main   # also the validator of another revision, side by side

Memory is the process's peak resident set (VmHWM) minus what it held after importing the validator. A benchmark,
not a test: tests/test_upload_limits.py asserts the bound (under 200 MB added) on the same files.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from hostile_uploads import files, measure  # noqa: E402


def checkout(rev: str, into: Path) -> Path:
    """The minedash package (and the config it reads) of revision `rev`, extracted into `into`."""
    tar = subprocess.run(["git", "archive", rev, "minedash", ".streamlit"], cwd=ROOT, capture_output=True, check=True)
    with tarfile.open(fileobj=BytesIO(tar.stdout)) as t:
        t.extractall(into, filter="data")
    return into


def run(label: str, root: Path, tmp: Path, cases: dict) -> None:
    print(f"\n{label}\n{'upload':46} {'size':>8} {'added MB':>9} {'peak MB':>8} {'time s':>7}  result")
    for name, (filename, make, _) in cases.items():
        path = tmp / filename
        if not path.exists():
            path.write_bytes(make())
        t0 = time.perf_counter()
        try:
            r = measure(path, filename, root)
            result = ("accepted" if r["ok"] else "refused: ") + ("" if r["ok"] else r["message"][:70])
            added, peak = f"{r['peak_mb'] - r['before_mb']:.0f}", f"{r['peak_mb']:.0f}"
        except Exception as exc:  # the old validator may crash or be killed
            added = peak = "-"
            result = f"failed: {str(exc).strip().splitlines()[-1][:70]}"
        size = f"{path.stat().st_size / 1e6:.2f} MB"
        print(f"{name:46} {size:>8} {added:>9} {peak:>8} {time.perf_counter() - t0:7.1f}  {result}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", help="a git revision whose validator is measured on the same files")
    ap.add_argument("--bomb-mb", type=int, default=1600, help="what the shared-strings table unpacks to")
    args = ap.parse_args()
    cases = files(args.bomb_mb)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        run("this checkout", ROOT, tmp, cases)
        if args.before:
            run(f"revision {args.before}", checkout(args.before, tmp / "before"), tmp, cases)


if __name__ == "__main__":
    main()
