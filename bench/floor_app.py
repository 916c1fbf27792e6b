"""The floor for bench/pages.py: a bare Streamlit page with one plotly chart (no warehouse, no shell)."""

import plotly.graph_objects as go
import streamlit as st

st.title("Floor")
st.plotly_chart(go.Figure(go.Bar(x=list("abcdefghij"), y=list(range(10)))), width="stretch")
