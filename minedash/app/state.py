"""The view is the URL. Every URL parameter is declared once, in PARAMS: what a notice calls it, how it is parsed,
which values it may take on any page (from the warehouse), and whether it is carried across pages.

One idiom for pages:
    value = state.get("indicator", default, choices=...)        # read, checked, with a notice for a bad link
    state.control(st.selectbox, "indicator", "Indicator", options, key="reg_indicator", value=value)
    state.button("Lapland", key="nav-FI1D7", region="FI1D7")    # a button that changes the view
    st.plotly_chart(fig, key="map", on_select=state.on_select("map", "region", pick))
Controls write the URL in their callbacks, before the script runs, so a change costs one script run. A page may
narrow a value to what it can show (`choices`), but never writes it back: only this module writes the URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from .. import i18n
from ..data import db
from ..data.memo import memo
from ..domain import value_chains
from ..domain.regions import NORMS, SIMILARITY
from ..i18n import N_, _

_NOTICES = "_minedash_notices"
_MEMORY = "_minedash_view"  # the shared choices of this session, put back when a page's URL lacks them
_CARRIED = "_minedash_carried"
_READ = "_minedash_read"  # the parameters this run has read, with their values: what its figures depend on
_SHOWN = "_minedash_shown"  # the charts and tables this run drew, by key: what "Download this view" packs


@dataclass(frozen=True)
class Param:
    label: str  # how a notice names it (marked with N_, translated where shown)
    parse: Callable[[str], Any] = str
    allowed: Callable[[], Collection] | None = None  # every value it may take on any page; None = any parsed value
    shared: bool = False  # carried across pages, so links compose
    many: bool = False  # a comma-separated list


def _column(query: str, column: str, **params: Any) -> Callable[[], frozenset]:
    return lambda: _values(query, column, tuple(params.items()), db.generation())


@memo(16)
def _values(query: str, column: str, params: tuple, _generation: tuple) -> frozenset:
    # Once per warehouse: every run checks its URL against these (2,000 region codes read out of Arrow took 1 ms).
    return frozenset(db.query(query, **dict(params))[column])


def _flag(value: str) -> str:
    if value not in ("0", "1"):
        raise ValueError(value)
    return value


_NUTS = _column("regions", "nuts_id")
_MATERIALS = _column("material_list", "material_id")
_YEARS = lambda: range(1990, 2101)  # noqa: E731 - data years and edition years
PARAMS: dict[str, Param] = {
    # shared: one meaning on every page
    "region": Param(N_("region"), allowed=_NUTS, shared=True),  # any NUTS 2021 code
    "regions": Param(N_("regions"), allowed=_NUTS, shared=True, many=True),
    "level": Param(N_("NUTS level"), int, allowed=lambda: {0, 1, 2, 3}, shared=True),
    "year": Param(N_("year"), int, allowed=_YEARS, shared=True),
    "indicator": Param(N_("indicator"), allowed=_column("region_indicators", "indicator_id"), shared=True),
    "material": Param(N_("material"), allowed=_MATERIALS, shared=True),
    "commodity": Param(N_("commodity"), allowed=_column("production_commodities", "commodity_id"), shared=True),
    "stage": Param(N_("stage"), allowed=lambda: {*value_chains.SITE_STAGES, *value_chains.PROJECT_STAGES}, shared=True),
    "present": Param(N_("presentation mode"), _flag, shared=True),
    "lang": Param(N_("language"), allowed=lambda: set(i18n.LANGUAGES), shared=True),
    # one page's own
    "edition": Param(N_("edition")),
    "norm": Param(N_("normalisation"), allowed=lambda: {"none", *NORMS}),
    "base": Param(N_("index base year"), int, allowed=_YEARS),
    "play": Param(N_("animation"), _flag),
    "view": Param(N_("comparison view"), allowed=lambda: {"panels"}),
    "element": Param(N_("element"), allowed=_MATERIALS),
    "moves": Param(N_("moves"), _flag),
    "countries": Param(N_("countries"), many=True),
    "status": Param(N_("status"), allowed=lambda: set(value_chains.STATUSES)),
    "country": Param(N_("country")),
    "site": Param(
        N_("site"), allowed=_column("facilities_sites", "facility_id", material="", stage="", status="", country="")
    ),
    "rows": Param(N_("rows"), allowed=lambda: {"members", "all"}),
    "flow_level": Param(N_("places"), int),
    "materials": Param(N_("materials"), allowed=_MATERIALS, many=True),
    "nace": Param(N_("activity")),
    "measure": Param(N_("measure"), allowed=lambda: set(value_chains.MEASURES)),
    "show": Param(N_("shown as"), allowed=lambda: {"map", "chart", "table"}),
    "since": Param(N_("change since"), int, allowed=_YEARS),
    "like": Param(N_("indicators to compare on"), allowed=lambda: set(SIMILARITY), many=True),
    "nearest": Param(N_("number of similar regions"), int, allowed=lambda: range(1, 21)),
}
SHARED = tuple(name for name, p in PARAMS.items() if p.shared)

# Everything Markdown (and Streamlit's :colour[...] / :material/...: directives) could turn into a link, an image,
# HTML, maths or formatting; plain punctuation such as '-' or '.' in mid-sentence stays as it is.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#!|<>~$:])")


def plain(text: Any, limit: int = 40) -> str:
    """User text (from a link or an upload) made safe for a notice: cut short, every Markdown character escaped,
    so it shows as typed and can never become a link, an image or HTML."""
    return _MARKDOWN.sub(r"\\\1", str(text)[:limit])


def notice(message: str) -> None:
    """Queue a one-line notice; the page header shows the queue. Put user text in through plain()."""
    queue = st.session_state.setdefault(_NOTICES, [])
    if message not in queue:
        queue.append(message)


def take_notices() -> list[str]:
    return st.session_state.pop(_NOTICES, [])


def _describe(value: Any, describe: Callable[[Any], str] | None) -> str:
    return describe(value) if describe else str(value)


def _parse(name: str, raw: str, choices: Collection | None = None) -> tuple[Any, bool]:
    p = PARAMS[name]
    try:
        value = p.parse(raw)
    except (ValueError, TypeError):
        return None, False
    allowed = p.allowed() if p.allowed is not None else None
    if allowed is not None and value not in allowed:
        value = _matching_case(value, allowed)
    if choices is not None and value not in choices:  # what this page can show, spelled as the page spells it
        value = _matching_case(value, choices)
    return value, allowed is None or value in allowed


def _matching_case(value: Any, known: Collection) -> Any:
    """`value` as `known` spells it when they differ only in case (people type ?material=Lithium or fi1d7)."""
    if isinstance(value, str):
        for k in known:
            if isinstance(k, str) and k.casefold() == value.casefold():
                return k
    return value


def _from_link(name: str) -> bool:
    """Whether the URL's value came from the link itself (not carried from another page of this session)."""
    return name not in st.session_state.get(_CARRIED, ())


def get(
    name: str, default: Any = None, *, choices: Collection | None = None, describe: Callable[[Any], str] | None = None
) -> Any:
    """The URL's value of `name`, or `default`. A value no page can take leaves the URL; one this page cannot show
    (not in `choices`) stays in the URL for the other pages. Either gives a notice when it came from the link."""
    value = _get(name, default, choices, describe)
    _note_read(name, value)  # what the page goes on with: a stray value that fell back to the default keys as it
    return value


def _get(name: str, default: Any, choices: Collection | None, describe: Callable[[Any], str] | None) -> Any:
    raw = st.query_params.get(name)
    if raw is None or raw == "":
        return default
    value, valid = _parse(name, raw, choices)
    if valid and (choices is None or value in choices):
        return value
    if _from_link(name):
        label, value = _(PARAMS[name].label), plain(raw)
        if default is not None:
            text = _("The link asked for {label} “{value}”, which is not available here; showing {default} instead.")
            notice(text.format(label=label, value=value, default=_describe(default, describe)))
        else:  # "the default" says nothing when the default is no choice
            text = _("The link asked for {label} “{value}”, which is not available here, so none is chosen.")
            notice(text.format(label=label, value=value))
    if not valid or not PARAMS[name].shared:
        _write(name, None)
    return default


def get_list(name: str, default: Iterable, *, choices: Collection, max_items: int | None = None) -> list:
    """A comma-separated list parameter; entries this page cannot show are left out, with a notice."""
    items = _get_list(name, default, choices, max_items)
    _note_read(name, tuple(items))
    return items


def _get_list(name: str, default: Iterable, choices: Collection, max_items: int | None) -> list:
    raw = st.query_params.get(name)
    if raw is None:
        return list(default)
    parse = PARAMS[name].parse
    items, bad = [], []
    for part in (p.strip() for p in raw.split(",") if p.strip()):
        try:
            value = _matching_case(parse(part), choices)
        except (ValueError, TypeError):
            bad.append(part)
            continue
        (items if value in choices and value not in items else bad).append(value)
    label = _(PARAMS[name].label)
    if bad and _from_link(name):
        text = _("The link's {label} list had entries that are not available here ({values}); they were left out.")
        notice(text.format(label=label, values=plain(", ".join(map(str, bad)), 80)))
    if max_items is not None and len(items) > max_items:
        text = _("At most {n} {label} can be shown at once; the first {n} were kept.")
        notice(text.format(n=max_items, label=label))
        items = items[:max_items]
    if _text(items) != raw:  # entries left out: the URL keeps only what is shown
        _write(name, items or None)
    return items or list(default)


def _text(value: Any) -> str | None:
    if value is None or value == "" or (isinstance(value, (list, tuple)) and not value):
        return None
    return ",".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)


def _write(name: str, value: Any) -> None:
    """The one place that writes the URL (and the session's memory of shared choices)."""
    text = _text(value)
    memory = st.session_state.setdefault(_MEMORY, {})
    if text is None:
        if name in st.query_params:
            del st.query_params[name]
        memory.pop(name, None)
        return
    if st.query_params.get(name) != text:
        st.query_params[name] = text
    if PARAMS.get(name, Param(name)).shared:
        memory[name] = text


def update(**values: Any) -> None:
    """Change several parameters at once (None removes one). For callbacks; pages use control/button/on_select."""
    for name, value in values.items():
        _write(name, value)


def control(
    widget: Callable,
    name: str,
    *args,
    key: str,
    value: Any,
    to_url: Callable[[Any], Any] | None = None,
    also: Callable[[Any], dict] | None = None,
    **kwargs,
) -> Any:
    """Draw `widget` (st.selectbox, st.segmented_control, st.toggle, …) showing `value`, bound to URL parameter
    `name`: the user's choice is written in the widget's callback. `to_url` turns the widget's value into the URL's
    (e.g. a toggle's True into "1"); `also` gives other parameters to change with it (e.g. reset a dependent one).
    The widget is set from the URL before it is drawn, so a link, a chart click or a button moves it too."""
    if key not in st.session_state or st.session_state[key] != value:
        st.session_state[key] = value

    def changed() -> None:
        v = st.session_state[key]
        update(**{name: to_url(v) if to_url else v, **(also(v) if also else {})})

    return widget(*args, key=key, on_change=changed, **kwargs)


def button(label: str, *, key: str, disabled: bool = False, **params: Any) -> bool:
    """A button that changes the view to `params` (in its callback: one script run)."""
    return st.button(label, key=key, on_click=update, kwargs=params, width="stretch", disabled=disabled)


def on_select(key: str, name: str, pick: Callable[[Any], Any]) -> Callable[[], None]:
    """An on_select callback for a chart with `key`: `pick(selection)` gives the new value of `name` (or None to
    leave the view as it is)."""

    def selected() -> None:
        event = st.session_state.get(key)
        value = pick(event.selection if event is not None else None)
        if value is not None:
            update(**{name: value})

    return selected


def forget(name: str) -> None:
    """Drop a parameter from the URL and from the session's memory (so it is not carried back)."""
    _write(name, None)


def carry() -> None:
    """Keep shared choices across page switches: remember them, and put them back when a page's URL lacks them.
    Called by the shell at the start of every run."""
    st.session_state[_READ] = {}
    st.session_state[_SHOWN] = {}
    memory = st.session_state.setdefault(_MEMORY, {})
    carried = set()
    for name in SHARED:
        if name in st.query_params:
            memory[name] = st.query_params[name]
        elif name in memory:
            st.query_params[name] = memory[name]
            carried.add(name)
    st.session_state[_CARRIED] = carried


def remember(params: dict[str, str]) -> None:
    """Make `params` the session's shared choices (a playlist view opens exactly its own choices)."""
    st.session_state[_MEMORY] = {k: v for k, v in params.items() if k in SHARED}


LANGUAGE = "_minedash_language"  # the language of this run, for _() in callbacks too


def use_language() -> str:
    """Settle the view's language at the start of a run: the URL's `lang`, else the browser's locale, else English."""
    lang = get("lang", i18n.from_locale(st.context.locale), choices=i18n.LANGUAGES, describe=i18n.LANGUAGES.get)
    st.session_state[LANGUAGE] = lang
    i18n.pin(lang)
    return lang


def _language() -> str | None:
    try:
        return st.session_state.get(LANGUAGE)
    except Exception:  # no Streamlit session (tests, the command line): English
        return None


i18n.set_resolver(_language)


def present_mode() -> bool:
    on = st.query_params.get("present") == "1"
    _note_read("present", on)
    return on


def on_page(path: str) -> None:
    """The shell says which page this run draws (part of what its figures depend on)."""
    _note_read("", path)


def page() -> str:
    """The url_path of the page this run draws."""
    return st.session_state.get(_READ, {}).get("", "")


def _note_read(name: str, value: Any) -> None:
    st.session_state.setdefault(_READ, {})[name] = value


def read_so_far() -> tuple:
    """The URL parameters read since the page's run began (a fragment's reruns add theirs), with the values the page
    went on with. Whatever a page draws is derived from these and the warehouse: the key of a shared figure."""
    return tuple(sorted((k, repr(v)) for k, v in st.session_state.get(_READ, {}).items()))


def shown() -> dict:
    """The charts and tables drawn in this run, by key (reset at each run; a fragment's rerun replaces its own)."""
    return st.session_state.setdefault(_SHOWN, {})


def current() -> dict[str, str]:
    """The view's parameters as in the URL."""
    return {k: st.query_params[k] for k in st.query_params}
