"""Accessibility audit: axe-core (WCAG 2.1 A/AA rules) on every page, normal and presentation mode, in headless
Chromium against a running dashboard. Prints per page the violations by impact, and which are Streamlit's own
accepted ones (tests/browser/axe.py). The browser tests assert the same; this prints the whole picture.

Not part of pytest. Run: streamlit run dashboard.py --server.port 8599 &  python bench/axe_audit.py http://127.0.0.1:8599
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from browser import axe  # noqa: E402
from browser.conftest import CHROMIUM, CHROMIUM_ARGS, registered_pages, wait_idle  # noqa: E402


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8599"
    query = sys.argv[2] if len(sys.argv) > 2 else ""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path, _ in registered_pages():
            for mode in ("", "present=1"):
                params = "&".join(x for x in (query, mode) if x)
                ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = ctx.new_page()
                page.set_default_timeout(90_000)
                page.goto(f"{url}/{path}" + (f"?{params}" if params else ""))
                wait_idle(page)
                found = axe.run(page)
                counts = Counter()
                lines = []
                for v in found:
                    for t in v["targets"]:
                        ok = axe.accepted(page, v["rule"], t)
                        counts[(v["impact"], "accepted" if ok else "ours")] += 1
                        if not ok:
                            lines.append(f"    {v['impact']:9} {v['rule']}: {t}")
                summary = ", ".join(f"{k[0]}/{k[1]} {n}" for k, n in sorted(counts.items())) or "none"
                print(f"{path or 'overview'}{' (present)' if mode else ''}: {summary}")
                print("\n".join(lines[:40]))
                ctx.close()
        browser.close()


if __name__ == "__main__":
    main()
