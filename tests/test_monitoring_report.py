"""The monitoring report: management report (safe Markdown, or a plain 'none was written') + the hub's events and
documents of the period + the edition's progress report; `python -m minedash report` writes its HTML and PDF."""

from __future__ import annotations

import io
import json
import os
import shutil

import pypdf
import pytest

from minedash import cli
from minedash.app import report
from minedash.data import paths
from minedash.domain import editions, monitoring

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture
def mdir(tmp_path, monkeypatch):
    """An empty monitoring folder (editions and management reports)."""
    d = tmp_path / "monitoring"
    d.mkdir()
    monkeypatch.setattr(editions, "MONITORING_DIR", d)
    return d


@pytest.fixture
def shipped(mdir):
    """The committed edition 2026-H2 and its management report, in the test's folder."""
    for f in ("2026-H2.json", "2026-H2-management.md"):
        shutil.copy(paths.MONITORING_DIR / f, mdir / f)
    return mdir


def need_chromium():
    if report.chromium() is None:
        if IN_CI:
            pytest.fail("no Chromium in CI: the PDF of the monitoring report cannot be tested")
        pytest.skip("no Chromium installed")


def test_markdown_is_rendered_safely():
    out = report.markdown_html(
        "# Title\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
        "[bad](javascript:alert(1)) [good](https://mireu.eu/) ![pic](https://example.org/p.png)\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    assert "<h1>Title</h1>" in out and "<table>" in out
    assert "<script" not in out and "<img" not in out and 'href="javascript' not in out
    assert "&lt;script&gt;" in out  # shown as text, not run
    assert '<a href="https://mireu.eu/">good</a>' in out


def test_periods():
    assert monitoring.period_label("2026-H2") == "July–December 2026"
    assert [str(d) for d in monitoring.period_bounds("2020-H1")] == ["2020-01-01", "2020-06-30"]
    with pytest.raises(editions.EditionError):
        monitoring.management_path("2026-H3")


def test_without_a_management_report_the_document_says_so(mdir):
    editions.freeze("2026-H1")
    document = report.monitoring_html("2026-H1")
    assert "No management report was written for 2026-H1 (January–June 2026)" in document
    assert "data/monitoring/2026-H1-management.md does not exist" in document
    assert "Part B — Progress report, edition 2026-H1" in document
    assert "Series frozen with the edition." in document  # new editions keep their trajectories
    assert "No earlier edition to compare with." in document
    assert "<script src=" not in document and "size: A4" in document


def test_management_report_events_documents_and_previous_edition(mdir):
    editions.freeze("2019-H1")
    editions.freeze("2019-H2")
    (mdir / "2019-H2-management.md").write_text(
        "# Management report, 2019-H2\n\n## Activities\n\n- Peer learning <b>visit</b>, "
        "[MIREU news](https://mireu.eu/news)\n",
        encoding="utf-8",
    )
    document = report.monitoring_html("2019-H2")
    assert "<h1>Management report, 2019-H2</h1>" in document and "&lt;b&gt;visit&lt;/b&gt;" in document
    assert "REMIX phase 2: monitoring the regions" in document  # the hub's event of July 2019
    assert "Strategic analysis of EU regions" in document  # a document of 2019 from the hub
    assert "Compared with edition 2019-H1: 0 changes." in document
    # the first half of 2019 has the partnership's launch, from the hub
    assert "The partnership is launched at the 9th REMIX peer-review visit" in report.monitoring_html("2019-H1")


def test_committed_edition_without_trajectories_says_where_they_come_from(shipped):
    document = report.monitoring_html("2026-H2")
    assert "frozen before editions kept their trajectories" in document
    assert "Management report, 2026-H2 (July–December 2026)" in document
    assert "Not documented." in document  # no activity is invented for the period
    assert "records no events in July–December 2026" in document


def test_cli_without_edition_or_with_unwritable_folder(mdir, tmp_path, capsys):
    assert cli.main(["report", "--period", "2026-H2", "--out", str(tmp_path)]) == 2
    assert "freeze it first with python -m minedash edition --period 2026-H2" in capsys.readouterr().err
    assert cli.main(["report", "--period", "2026-Q3"]) == 2
    shutil.copy(paths.MONITORING_DIR / "2026-H2.json", mdir / "2026-H2.json")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert cli.main(["report", "--period", "2026-H2", "--out", str(blocker / "sub"), "--no-pdf"]) == 2
    assert "could not be written" in capsys.readouterr().err


def test_cli_without_chromium_writes_html_and_says_so(shipped, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(report, "chromium", lambda: None)
    assert cli.main(["report", "--period", "2026-H2", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "mining-partnership-monitoring-2026-H2.html").stat().st_size > 1_000_000  # plotly.js inside
    assert not (tmp_path / "mining-partnership-monitoring-2026-H2.pdf").exists()
    assert "No PDF: no Chromium found" in capsys.readouterr().out


def test_cli_writes_a_pdf_with_both_parts(shipped, tmp_path):
    need_chromium()
    assert cli.main(["report", "--period", "2026-H2", "--out", str(tmp_path)]) == 0
    pdf = pypdf.PdfReader(io.BytesIO((tmp_path / "mining-partnership-monitoring-2026-H2.pdf").read_bytes()))
    assert 6 <= len(pdf.pages) <= 30, len(pdf.pages)
    for page in pdf.pages:  # A4 portrait: 210 × 297 mm = 595 × 842 pt
        assert round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 842
    texts = [" ".join(p.extract_text().split()) for p in pdf.pages]
    assert "monitoring report 2026-H2" in texts[0] and "Part A — Management report" in texts[0]
    everything = "\n".join(texts)
    order = [
        "Management report, 2026-H2",
        "3. Governance",
        "Events of the period (from the partnership hub)",
        "Part B — Progress report, edition 2026-H2",
        "1. Scorecard",
        "2. Change since the baseline",
        "3. Trajectories since 2008",
        "4. EU 2030 benchmarks",
        "5. What changed since the previous edition",
        "Sources",
    ]
    at = 0
    for heading in order:  # each part, in this order
        at = everything.find(heading, at)
        assert at >= 0, f"'{heading}' missing or out of order"
    assert "Lapland" in everything and "Tungsten" in everything  # the scorecard and the whole benchmark grid
    edition = json.loads((shipped / "2026-H2.json").read_text(encoding="utf-8"))
    assert edition["warehouse_sha256"][:16] in everything.replace("\n", "")
