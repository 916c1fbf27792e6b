"""The shape of the code, checked: layers import one way, pages only render, no Streamlit internals."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from minedash.data import paths

ROOT = paths.ROOT
# Each layer may import itself and the layers listed; pages, dashboard.py and the command line may import any.
ALLOWED = {
    "i18n": {"i18n"},  # languages: messages and number formats, used by every layer
    "data": {"data", "i18n"},
    "domain": {"domain", "data", "i18n"},
    "charts": {"charts", "domain", "i18n"},
    "app": {"app", "charts", "domain", "data", "i18n"},
}
PURE = {"i18n", "data", "domain", "charts"}  # no Streamlit below the app layer
RESHAPING = {
    "merge",
    "pivot",
    "pivot_table",
    "groupby",
    "concat",
    "melt",
    "explode",
    "stack",
    "unstack",
}  # str.join is text, not reshaping
PAGES = sorted((ROOT / "pages").glob("*.py"))


def _layer(path: Path) -> str | None:
    parts = path.relative_to(ROOT).parts
    return parts[1] if parts[0] == "minedash" and len(parts) > 2 else None


def _imports(path: Path) -> list[str]:
    """Absolute module names imported by `path` (relative imports resolved against its package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = list(path.relative_to(ROOT).with_suffix("").parts[:-1])
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            out += [module] + [f"{module}.{a.name}" for a in node.names]
    return out


def _minedash_layers(names: list[str]) -> set[str]:
    layers = set()
    for name in names:
        parts = name.split(".")
        if parts[0] == "minedash" and len(parts) > 1 and parts[1] in ALLOWED:
            layers.add(parts[1])
    return layers


@pytest.mark.parametrize("path", sorted((ROOT / "minedash").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_layers_import_one_way(path):
    layer = _layer(path)
    if layer is None:
        return  # minedash/__init__, __main__, cli: entry points
    imported = _imports(path)
    wrong = _minedash_layers(imported) - ALLOWED[layer]
    assert not wrong, f"{path.relative_to(ROOT)} ({layer}) imports {sorted(wrong)}; allowed: {sorted(ALLOWED[layer])}"
    if layer in PURE:
        assert not [n for n in imported if n.split(".")[0] == "streamlit"], f"{layer} must not import streamlit"


@pytest.mark.parametrize("path", [*PAGES, ROOT / "dashboard.py"], ids=lambda p: p.name)
def test_pages_only_render(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 150, f"{path.name} has {len(text.splitlines())} lines (at most 150)"
    tree = ast.parse(text)
    calls = {n.func.attr for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
    assert not calls & RESHAPING, (
        f"{path.name} reshapes data ({sorted(calls & RESHAPING)}): move it to the domain layer"
    )
    assert not calls & {"rerun", "cache_data", "cache_resource", "switch_page"}, f"{path.name}: {calls}"
    assert "query_params" not in text, f"{path.name} touches st.query_params; use minedash.app.state"
    assert "open(" not in text and "read_parquet" not in text, f"{path.name} opens files"


def test_no_streamlit_internals():
    """Only Streamlit's public API: no module under streamlit.* is imported, anywhere in the project."""
    files = [*(ROOT / "minedash").rglob("*.py"), *PAGES, ROOT / "dashboard.py", *(ROOT / "tests").rglob("*.py")]
    for path in files:
        internal = [n for n in _imports(path) if n.startswith("streamlit.") and not n.startswith("streamlit.testing")]
        assert not internal, f"{path.relative_to(ROOT)} imports Streamlit internals: {internal}"


def test_only_the_state_module_writes_the_url():
    for path in (ROOT / "minedash").rglob("*.py"):
        if path.name == "state.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "st.query_params[" not in text and "del st.query_params" not in text, path


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_pages_draw_their_header_before_anything_else(path):
    """The header (and with it the shell's error boundary) comes first: a page that queried before it would fail
    outside the boundary on a deep link to a fresh server, with a traceback instead of a message."""
    body = [
        n for n in ast.parse(path.read_text(encoding="utf-8")).body if not isinstance(n, (ast.Import, ast.ImportFrom))
    ]
    first_call = next(n for n in body if any(isinstance(c, ast.Call) for c in ast.walk(n)))
    assert isinstance(first_call, ast.Expr) and ast.unparse(first_call.value.func) == "ui.page_header", (
        f"{path.name}: the first call is {ast.unparse(first_call)[:80]!r}, not ui.page_header(...)"
    )
