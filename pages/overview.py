"""Partnership overview (home)."""
import streamlit as st

from minedash import db, ui

ui.page_header("S3 partnership “Mining industry”", "Who are the partnership's regions, and where do they stand?")
members = db.query("partnership_regions")
st.dataframe(members[["region_name", "region_name_local", "nuts_id", "role", "country", "year_joined"]], hide_index=True, width="stretch")
ui.cite(["s3_partnership"], years=members["year_joined"])
