"""App layer: URL view state, the shell (navigation, sidebar, playlist, presentation mode), page furniture,
exports and reports. Uses Streamlit; pages and dashboard.py build on it."""
