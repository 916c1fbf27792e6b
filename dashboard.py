"""Mining Regions Dashboard: `streamlit run dashboard.py`. The shell (navigation, sidebar, playlist, footer) is in
minedash/app/shell.py; the pages are in pages/."""

from minedash.app import shell

shell.main()
