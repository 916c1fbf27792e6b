"""The view is the URL: read and write view choices in st.query_params, with notices for bad values.

Shared parameter names (so links compose across pages): region, regions, level, year, indicator,
material, commodity, stage, edition, present.
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any

import streamlit as st

SHARED = ("region", "regions", "level", "year", "indicator", "material", "commodity", "stage", "present")
_NOTICES = "_minedash_notices"
_CARRIED = "_minedash_carried"


def notice(message: str) -> None:
    """Queue a one-line notice, shown at the top of the page by show_notices()."""
    st.session_state.setdefault(_NOTICES, [])
    if message not in st.session_state[_NOTICES]:
        st.session_state[_NOTICES].append(message)


def show_notices() -> None:
    for message in st.session_state.pop(_NOTICES, []):
        st.info(message, icon=":material/info:")


def _describe(value: Any, describe: Callable[[Any], str] | None) -> str:
    if value is None:
        return "the default"
    return describe(value) if describe else str(value)


def param(name: str, default: Any, *, choices: Collection | None = None, parse: Callable[[str], Any] = str,
          label: str | None = None, describe: Callable[[Any], str] | None = None) -> Any:
    """The URL's value for `name`, parsed and checked against `choices`; else `default` with a notice."""
    raw = st.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = parse(raw)
        ok = choices is None or value in choices
    except (ValueError, TypeError):
        ok = False
    if ok:
        return value
    if name not in st.session_state.get(_CARRIED, ()):  # a choice carried from another page is not the link's fault
        instead = (f"; showing {_describe(default, describe)} instead" if default is not None
                   else ", so none is chosen")  # "the default" says nothing when the default is no choice
        notice(f"The link asked for {label or name} “{raw[:40]}”, which is not available here{instead}.")
    set_params(**{name: default})
    return default


def param_list(name: str, default: Iterable, *, choices: Collection, parse: Callable[[str], Any] = str,
               label: str | None = None, max_items: int | None = None) -> list:
    """A comma-separated list parameter; unknown items are dropped with a notice."""
    raw = st.query_params.get(name)
    if raw is None:
        return list(default)
    items, bad = [], []
    for part in (p.strip() for p in raw.split(",") if p.strip()):
        try:
            value = parse(part)
        except (ValueError, TypeError):
            bad.append(part)
            continue
        (items if value in choices and value not in items else bad).append(value)
    if bad:
        notice(f"The link's {label or name} list had entries that are not available here ({', '.join(map(str, bad))[:80]}); they were left out.")
    if max_items is not None and len(items) > max_items:
        notice(f"At most {max_items} {label or name} can be shown at once; the first {max_items} were kept.")
        items = items[:max_items]
    if not items:
        items = list(default)
    set_params(**{name: items})
    return items


def set_params(**values: Any) -> None:
    """Write view choices to the URL (None or empty removes the parameter)."""
    for name, value in values.items():
        if value is None or value == "" or (isinstance(value, (list, tuple)) and not value):
            if name in st.query_params:
                del st.query_params[name]
            continue
        text = ",".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
        if st.query_params.get(name) != text:
            st.query_params[name] = text


def carry_shared() -> None:
    """Keep shared choices across page switches: remember them, and put them back when a page's URL lacks them."""
    memory = st.session_state.setdefault("_minedash_shared", {})
    carried = set()
    for name in SHARED:
        if name in st.query_params:
            memory[name] = st.query_params[name]
        elif name in memory:
            st.query_params[name] = memory[name]
            carried.add(name)
    st.session_state[_CARRIED] = carried


def forget_shared(name: str) -> None:
    st.session_state.setdefault("_minedash_shared", {}).pop(name, None)
    if name in st.query_params:
        del st.query_params[name]


def present_mode() -> bool:
    return st.query_params.get("present") == "1"


def bind(name: str, key: str, value: Any, to_url: Callable[[Any], Any] = lambda v: v) -> dict:
    """Keyword args for a widget that shows the URL's `value` and writes the user's choice back to `name`.
    The widget's state is set from the URL before it is drawn, so clicks elsewhere (a chart) update it too."""
    if st.session_state.get(key) != value:
        st.session_state[key] = value
    return dict(key=key, on_change=lambda: set_params(**{name: to_url(st.session_state[key])}))
