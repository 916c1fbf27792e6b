"""axe-core (the engine behind Lighthouse's and most auditors' checks) run in the page by Playwright, offline: the
script ships inside the axe-playwright-python wheel. `violations(page)` lists what axe finds against WCAG 2.1 A/AA,
with Streamlit's own violations that we cannot change (ACCEPTED) left out, so any other one fails a test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = ("serious", "critical")


@dataclass(frozen=True)
class Accepted:
    rule: str
    target: str  # a regular expression matched against the node's CSS selector as axe prints it
    reason: str


# Streamlit's own markup that no public API lets us change. Each entry says which rule and element, and why.
ACCEPTED: list[Accepted] = []


def run(page) -> list[dict]:
    """Every violation axe finds on the page as it is now: {rule, impact, help, targets: [...]}."""
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]})
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [" ".join(map(str, n["target"])) for n in v["nodes"]],
            "html": [n["html"][:200] for n in v["nodes"]],
        }
        for v in result.response["violations"]
    ]


def accepted(rule: str, target: str) -> Accepted | None:
    return next((a for a in ACCEPTED if a.rule == rule and re.search(a.target, target)), None)


def ours(found: list[dict], impacts=SERIOUS) -> list[str]:
    """The serious and critical violations not in ACCEPTED, one line each (rule, impact, element)."""
    return [
        f"{v['rule']} ({v['impact']}): {t} — {v['help']}"
        for v in found
        if v["impact"] in impacts
        for t in v["targets"]
        if accepted(v["rule"], t) is None
    ]
