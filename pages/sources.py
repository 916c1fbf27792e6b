"""Data & sources: every source with licence, vintage and row counts; what the ingest dropped and could not
match, and why; downloads of every warehouse table."""

import streamlit as st

from minedash.app import export, tables, ui
from minedash.data import db, manifest, verify
from minedash.domain.vocabulary import ingest_notes
from minedash.i18n import _

ui.page_header(_("Data & sources"), _("Where does every figure come from, under which licence, and how fresh is it?"))

src = db.query("sources")
st.header(_("Sources"))
note = _("Row counts as read, written and dropped by the ingest")
ui.table(lambda: src, key="sources", column_config=tables.SOURCES, note=note, download="sources")

left, right = st.columns(2, gap="large")
with left:
    st.header(_("Rows not stored, and why"))
    note = _("From the ingest manifest. Values not available (':') are kept out and shown as missing, never as zero.")
    ui.table(
        lambda: ingest_notes(manifest.dropped_rows()),  # worded once for everyone on the view
        key="dropped",
        column_config=tables.DROPPED,
        note=note,
        download="dropped_rows",
    )
with right:
    st.header(_("Codes that could not be matched"))
    unmatched = ui.shared("unmatched", lambda: ingest_notes(manifest.unmatched_codes()))
    if unmatched.empty:
        st.caption(_("Every code of every source was matched."))
    else:
        ui.table(
            unmatched,
            key="unmatched",
            column_config=tables.UNMATCHED,
            note=_("From the ingest manifest."),
            download="unmatched_codes",
        )

st.header(_("Download the warehouse tables"))
st.caption(_("Every table as CSV or Parquet, exactly as the dashboard reads it. Files are made when you click."))
for name, problem in verify.problems().items():
    text = _("Table {name} {problem}; it cannot be downloaded until the warehouse is rebuilt ({command}).")
    ui.missing(text.format(name=name, problem=problem, command=verify.REBUILD))
for name in db.table_names():
    c1, c2, c3 = st.columns([3, 1, 1], vertical_alignment="center")
    c1.markdown(f"`{name}`")
    # Callables: the file is built on click only (observations has close to a million rows).
    c2.download_button(
        "CSV",
        lambda n=name: export.to_csv(db.table(n)),
        f"{name}.csv",
        "text/csv",
        key=f"table-csv-{name}",
        help=_("The table {name} as CSV").format(name=name),
        icon=":material/download:",
        width="stretch",
        on_click="ignore",
    )
    c3.download_button(
        "Parquet",
        lambda n=name: export.to_parquet(db.table(n)),
        f"{name}.parquet",
        "application/vnd.apache.parquet",
        key=f"table-parquet-{name}",
        help=_("The table {name} as Parquet").format(name=name),
        icon=":material/download:",
        width="stretch",
        on_click="ignore",
    )
ui.cite(src, note=_("Licences per source as listed above; cite the source of the figures you use."))
