"""axe-core (the engine behind Lighthouse's and most auditors' checks) run in the page by Playwright, offline: the
script ships inside the axe-playwright-python wheel. `violations(page)` lists what axe finds against WCAG 2.1 A/AA,
with Streamlit's own violations that we cannot change (ACCEPTED) left out, so any other one fails a test.
"""

from __future__ import annotations

from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = ("serious", "critical")


@dataclass(frozen=True)
class Accepted:
    rule: str  # the axe rule id
    within: str  # a CSS selector: the violation is accepted only on an element inside (or being) this element
    reason: str


# Streamlit's own markup that no public API lets us change: the one place they are listed. Each entry names the rule
# and the element, and says why. A violation on any other element, or of any other rule, fails the tests.
ACCEPTED: list[Accepted] = [
    Accepted(
        "list",
        "[data-testid=stSidebarNavItems]",
        "Streamlit 1.67 draws the grouped page navigation as <ul> with each group's heading and items in a <div> "
        "(st.navigation with sections); the links themselves are named and reachable by keyboard.",
    ),
    Accepted(
        "listitem",
        "[data-testid=stSidebarNavItems]",
        "The same navigation: its <li> items sit in those <div> wrappers, not directly in the <ul>.",
    ),
]


def run(page) -> list[dict]:
    """Every violation axe finds on the page as it is now: {rule, impact, help, targets: [...], html: [...]}."""
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


def accepted(page, rule: str, target: str) -> Accepted | None:
    """The ACCEPTED entry that covers this violation's element, if any (checked in the page itself)."""
    for a in ACCEPTED:
        if a.rule == rule and page.evaluate(
            "([t, w]) => { const e = document.querySelector(t); return !!(e && e.closest(w)); }", [target, a.within]
        ):
            return a
    return None


def ours(page, found: list[dict], impacts=SERIOUS) -> list[str]:
    """The serious and critical violations not in ACCEPTED, one line each (rule, impact, element, html)."""
    return [
        f"{v['rule']} ({v['impact']}): {t} {h} — {v['help']}"
        for v in found
        if v["impact"] in impacts
        for t, h in zip(v["targets"], v["html"])
        if accepted(page, v["rule"], t) is None
    ]
