"""Hostile and large survey uploads (each at most 5 MB, the upload limit), and a way to measure the peak memory of
checking one in a fresh process. Used by tests/test_upload_limits.py and bench/uploads.py."""

from __future__ import annotations

import io
import json
import os
import random
import string
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 5 * 1024 * 1024
NUTS, MATERIALS = ["FI1D7", "SE331", "ES41"], ["nickel", "cobalt"]
COLUMNS = ["organisation", "nuts_region", "size_class", "value_chain_stages", "materials", "services", "contact_role"]


def _rows(n: int, text: int) -> pd.DataFrame:
    rnd = random.Random(n)
    words = ["drilling", "assays", "logistics", "flotation", "tailings", "permits", "geophysics", "mapping"]
    return pd.DataFrame(
        {
            "organisation": [f"Organisation {i}" for i in range(n)],
            "nuts_region": [NUTS[i % 3] for i in range(n)],
            "size_class": "small",
            "value_chain_stages": "services",
            "materials": "nickel",
            "services": [" ".join(rnd.choices(words, k=text // 8))[:text] for _ in range(n)],
            "contact_role": "sales",
        },
        columns=COLUMNS,
    )


def _xlsx(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_excel(buf, index=False)
    return buf.getvalue()


def _with_members(xlsx: bytes, members: dict) -> bytes:
    """The workbook with members replaced or added: bytes, or (chunk, times) written as a stream (the zip's header
    records each member's true size)."""
    src, out = zipfile.ZipFile(io.BytesIO(xlsx)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for info in src.infolist():
            if info.filename not in members:
                z.writestr(info.filename, src.read(info.filename))
        for name, body in members.items():
            if isinstance(body, bytes):
                z.writestr(name, body)
                continue
            with z.open(name, "w", force_zip64=True) as f:
                for part in body:
                    f.write(part)
    return out.getvalue()


def _sheet(df: pd.DataFrame) -> bytes:
    """A worksheet holding `df` (header first) as inline strings: written directly, much faster than a writer."""
    rows = [list(df.columns), *df.itertuples(index=False, name=None)]
    cells = (
        "<row>" + "".join(f'<c t="inlineStr"><is><t>{escape(str(v))}</t></is></c>' for v in row) + "</row>"
        for row in rows
    )
    head = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    return (head + "<sheetData>" + "".join(cells) + "</sheetData></worksheet>").encode()


def workbook(df: pd.DataFrame) -> bytes:
    """A real workbook (from pandas' writer) whose first sheet holds `df`."""
    return _with_members(_xlsx(_rows(1, 10)), {"xl/worksheets/sheet1.xml": _sheet(df)})


def shared_strings_bomb(megabytes: int = 1600) -> bytes:
    """A valid workbook with a shared-strings table that unpacks to `megabytes` (1.6 GB: 2 MB on the wire)."""
    book = _xlsx(_rows(1, 10))
    types = (
        zipfile.ZipFile(io.BytesIO(book))
        .read("[Content_Types].xml")
        .replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
    )
    n, per_chunk = megabytes * 250, 1000
    head = f'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{n}">'
    chunk = (b"<si><t>" + b"A" * 4000 + b"</t></si>") * per_chunk
    strings = [head.encode(), *([chunk] * (n // per_chunk)), b"</sst>"]
    return _with_members(book, {"[Content_Types].xml": types, "xl/sharedStrings.xml": strings})


def many_cells() -> bytes:
    """A workbook under the unpacked-size bound whose first sheet has 1.2 million cells."""
    head = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    rows = b"".join(b"<row>" + b"<c><v>1</v></c>" * 100 + b"</row>" for _ in range(12_000))
    sheet = head + b"<sheetData>" + rows + b"</sheetData></worksheet>"
    return _with_members(_xlsx(_rows(1, 10)), {"xl/worksheets/sheet1.xml": sheet})


def _random_rows(n: int, text: int) -> pd.DataFrame:
    """Valid rows whose free text barely compresses (so the file is large on the wire)."""
    rnd = random.Random(text)
    df = _rows(n, 0)
    df["services"] = ["".join(rnd.choices(string.ascii_lowercase + " ", k=text)) for _ in range(n)]
    return df


def files(bomb_mb: int = 1600) -> dict[str, tuple[str, Callable[[], bytes], bool]]:
    """name -> (filename, a function making the content, whether it should be accepted); each at most 5 MB."""
    header = ",".join(COLUMNS) + "\n"
    row_text = (LIMIT - 100_000) // 5000 - 60  # free text per row that brings 5,000 CSV rows close to 5 MB
    return {
        f"xlsx: shared strings unpack to {bomb_mb:,} MB": ("bomb.xlsx", lambda: shared_strings_bomb(bomb_mb), False),
        "xlsx: 1.2 million cells": ("cells.xlsx", many_cells, False),
        "xlsx: 5,000 valid rows, 4 MB on the wire": ("wire.xlsx", lambda: workbook(_random_rows(5000, 1300)), True),
        "xlsx: 5,000 valid rows, 19 MB unpacked": ("unpacked.xlsx", lambda: workbook(_rows(5000, 3500)), True),
        "csv: 5,000 valid rows, 5 MB": ("full.csv", lambda: _rows(5000, row_text).to_csv(index=False).encode(), True),
        "csv: UTF-16 with BOM, 5,000 rows, 5 MB": (
            "utf16.csv",
            lambda: b"\xff\xfe" + _rows(5000, row_text // 2 - 40).to_csv(index=False).encode("utf-16-le"),
            True,
        ),
        "csv: one 5 MB line": ("line.csv", lambda: b"organisation," + b"x" * (LIMIT - 100), False),
        "csv: 190,000 short rows": (
            "rows.csv",
            lambda: (header + "a,FI1D7,small,services,,,\n" * 190_000).encode(),
            False,
        ),
        "csv: unbalanced quote over 5 MB": (
            "quote.csv",
            lambda: (header + '"' + "x\n" * (LIMIT // 2 - 100)).encode(),
            False,
        ),
    }


_PROBE = """
import json, re, sys
from minedash.domain import survey

def high_water_mb():  # this process's peak resident memory (reset by exec, unlike ru_maxrss)
    status = open("/proc/self/status").read()
    return int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) / 1024

data = open(sys.argv[1], "rb").read()
before = high_water_mb()
res = survey.validate(data, sys.argv[2], nuts_codes={nuts!r}, material_ids={materials!r})
print(json.dumps({{"before_mb": before, "peak_mb": high_water_mb(), "ok": res.ok, "message": res.message}}))
"""


def measure(path: Path, filename: str, root: Path = ROOT) -> dict:
    """Check one upload in a fresh Python process running the validator of `root` (a checkout); its peak resident
    memory (MB, whole process) before and after the check, and the result."""
    probe = _PROBE.format(nuts=NUTS, materials=MATERIALS)
    out = subprocess.run(
        [sys.executable, "-c", probe, str(path), filename],
        cwd=root,
        env=dict(os.environ, PYTHONPATH=str(root)),
        capture_output=True,
        text=True,
        timeout=600,
    )
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:] or f"exit status {out.returncode}")
    return json.loads(out.stdout.strip().splitlines()[-1])
