"""The partnership hub: plain YAML files in data/partnership/ that the lead regions edit without code.

`load()` reads and checks them and returns what is valid, with a list of what was refused and why (file, line,
entry, a message an officer can act on). A bad entry is refused on its own; the rest is kept. The files are read
again only when one of them changes (size or time), so a rerun costs a few stat calls.

YAML is read as text only (`yaml.compose`, no type guessing): a date stays the text the officer wrote and is
checked here, so `2017-13-04` is a clear message instead of a crash, and `no` stays "no".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from ..i18n import N_, Later, _
from . import paths, verify
from .memo import memo

SOURCE_ID = "partnership_hub"
# How a citation line names the hub (it is not an ingested source, so it is not in the `sources` table).
SOURCE = {
    "source_id": SOURCE_ID,
    "title": "Partnership hub: members, contacts, documents, news and events",
    "publisher": "The lead regions (Lapland, North Karelia), data/partnership — each entry cites its own page",
    "dataset_code": None,
    "url": "https://s3platform.jrc.ec.europa.eu/mining-industry",
    "licence": "Facts with citations; EC content reusable with acknowledgement",
    "vintage": "as edited in data/partnership",
}

ROLES = ("lead", "partner")
DOC_KINDS = ("monitoring report", "report", "study", "deliverable", "strategy", "other")
EVENT_KINDS = ("milestone", "meeting", "workshop", "conference", "news")


@dataclass(frozen=True)
class Field:
    kind: str  # text | id | date | url | choice | nuts | theme | period | path
    required: bool = True
    choices: tuple[str, ...] = ()


T, U = Field("text"), Field("url")
LISTS: dict[str, dict[str, Field]] = {
    "members.yaml": {
        "region": T,
        "nuts": Field("nuts"),
        "role": Field("choice", choices=ROLES),
        "joined": Field("date"),
        "left": Field("date", False),
        "source": U,
        "note": Field("text", False),
    },
    "contacts.yaml": {
        "id": Field("id"),
        "organisation": T,
        "role": T,
        "web": U,
        "country": Field("text", False),
        "source": U,
        "note": Field("text", False),
    },
    "documents.yaml": {
        "id": Field("id"),
        "title": T,
        "period": Field("period"),
        "kind": Field("choice", choices=DOC_KINDS),
        "publisher": Field("text", False),
        "link": Field("url", False),
        "file": Field("path", False),
        "source": Field("url", False),  # where it is documented, when not its own link
        "note": Field("text", False),
    },
    "events.yaml": {
        "id": Field("id"),
        "date": Field("date"),
        "end": Field("date", False),
        "title": T,
        "kind": Field("choice", choices=EVENT_KINDS),
        "place": Field("text", False),
        "link": Field("url", False),
        "theme": Field("theme", False),
        "source": U,
        "note": Field("text", False),
    },
}
ABOUT = "about.yaml"
ABOUT_TEXT = ("name", "summary")  # plain text fields of about.yaml
ABOUT_LISTS: dict[str, dict[str, Field]] = {
    "aims": {"text": T, "source": U},
    "themes": {"id": Field("id"), "title": T, "text": Field("text", False), "source": U},
    "origins": {"text": T, "source": U},
    "not_documented": {"text": T, "source": Field("url", False)},
}
KEYS = {"members.yaml": "nuts"}  # the field that must be unique in each file (default: id)
FILES = (ABOUT, *LISTS)

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_PERIOD = re.compile(r"^(\d{4})(?:-H[12]|-\d{2}|\s*[–-]\s*(\d{4}))?$")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NUTS = re.compile(r"^[A-Z]{2}[A-Z0-9]{0,3}$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+|\b00)\d[\d\s().-]{6,}\d|\b\d{2,4}[\s.-]\d{3,4}[\s.-]\d{3,4}\b")
_PERSON = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Doctor)\.?\s+[A-ZÀ-Þ][\w'-]+")


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: some 20 times faster


@dataclass(frozen=True)
class Problem:
    """One refusal. The hub is read once for everyone, so `message` is a `Later`: English as a str, and said in the
    view's language when it is shown (`str(problem)`)."""

    file: str
    line: int | None
    entry: str | None
    message: str

    def __str__(self) -> str:
        where = _("{file}, line {line}").format(file=self.file, line=self.line) if self.line else self.file
        if self.entry:
            where = _("{where} (entry '{entry}')").format(where=where, entry=self.entry)
        return f"{where}: {self.message}"  # a format, so a Later message is worded now


@dataclass
class Hub:
    about: dict
    members: pd.DataFrame
    contacts: pd.DataFrame
    documents: pd.DataFrame
    events: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    version: tuple = ()  # the files' times and sizes as read (load): a key for what is derived from them

    def frame(self, name: str) -> pd.DataFrame:
        return getattr(self, name)


class _Refused(ValueError):
    def __init__(self, message: Later, line: int | None = None):
        super().__init__(message)
        self.message, self.line = message, line  # the Later itself: str(exc) would word it in today's language


def parse_date(text: str) -> date:
    """The first day of what was written: '2019' -> 2019-01-01, '2019-03' -> 2019-03-01, '2019-03-11' itself."""
    m = _DATE.match(text)
    if not m:
        raise ValueError(text)
    y, mo, d = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    return date(y, mo, d)  # ValueError for 2017-13-04 or 2019-02-30


def period_dates(text: str) -> tuple[date, date]:
    """First and last day of a document's period: 2019, 2026-H2, 2019-09 or 2017–2021."""
    m = _PERIOD.match(text)
    if not m:
        raise ValueError(text)
    y0 = int(m.group(1))
    if m.group(2):
        return date(y0, 1, 1), date(int(m.group(2)), 12, 31)
    if "-H1" in text:
        return date(y0, 1, 1), date(y0, 6, 30)
    if "-H2" in text:
        return date(y0, 7, 1), date(y0, 12, 31)
    if "-" in text:
        first = parse_date(text)
        return first, (pd.Timestamp(first) + pd.offsets.MonthEnd(0)).date()
    return date(y0, 1, 1), date(y0, 12, 31)


def _private(name: str, text: str) -> Later | None:
    """What in field `name`'s `text` the hub must not publish: an e-mail address, a phone number, a titled name."""
    if _EMAIL.search(text) or text.lower().startswith("mailto:"):
        return Later(
            N_(
                "'{name}' contains an e-mail address; the hub publishes none — link the organisation's official web "
                "page instead"
            ),
            name=name,
        )
    if _PHONE.search(text):
        return Later(
            N_(
                "'{name}' contains a phone number; the hub publishes none — link the organisation's official web page "
                "instead"
            ),
            name=name,
        )
    m = _PERSON.search(text)
    if m:
        return Later(
            N_("'{name}' looks like a personal name ('{person}'); the hub names organisations and roles only"),
            name=name,
            person=m.group(0),
        )
    return None


def _check(name: str, spec: Field, raw: str, *, themes: set[str], root: Path) -> str:
    """The value as kept, or _Refused with a message that says what to write instead."""
    private = _private(name, raw)
    if private:
        raise _Refused(private)
    say = {"name": name, "raw": raw}
    if spec.kind == "date":
        try:
            parse_date(raw)
        except ValueError:
            raise _Refused(
                Later(
                    N_(
                        "'{name}' is '{raw}', not a date: write YYYY-MM-DD (or YYYY-MM, or YYYY when only the year "
                        "is known)"
                    ),
                    **say,
                )
            ) from None
    elif spec.kind == "period":
        try:
            lo, hi = period_dates(raw)
        except ValueError:
            lo, hi = None, None
        if lo is None or hi < lo:
            raise _Refused(
                Later(
                    N_("'{name}' is '{raw}': write a year (2019), a half-year (2026-H2) or a span (2017–2021)"), **say
                )
            )
    elif spec.kind == "url":
        if not _URL.match(raw):
            raise _Refused(
                Later(N_("'{name}' is '{raw}', not a web address: write it in full, starting with https://"), **say)
            )
    elif spec.kind == "id":
        if not _ID.match(raw):
            raise _Refused(
                Later(
                    N_("'{name}' is '{raw}': use lower-case letters, digits and hyphens only (e.g. remix-kick-off)"),
                    **say,
                )
            )
    elif spec.kind == "choice":
        if raw not in spec.choices:
            raise _Refused(
                Later(N_("'{name}' is '{raw}'; it must be one of: {choices}"), **say, choices=", ".join(spec.choices))
            )
    elif spec.kind == "nuts":
        if not _NUTS.match(raw):
            raise _Refused(Later(N_("'{name}' is '{raw}', not a NUTS code (e.g. FI1D7, ES41)"), **say))
    elif spec.kind == "theme":
        if not themes:
            raise _Refused(Later(N_("'{name}' is '{raw}'; about.yaml names no themes"), **say))
        if raw not in themes:
            raise _Refused(
                Later(
                    N_("'{name}' is '{raw}'; the themes in about.yaml are: {themes}"),
                    **say,
                    themes=", ".join(sorted(themes)),
                )
            )
    elif spec.kind == "path":
        target = (root / raw).resolve()
        if raw.startswith("/") or root.resolve() not in target.parents or not target.is_file():
            raise _Refused(
                Later(
                    N_("'{name}' is '{raw}': no such file in the project (write a path such as data/monitoring/…)"),
                    **say,
                )
            )
    return raw


def _line(node) -> int:
    return node.start_mark.line + 1


def _entry(node, spec: dict[str, Field], *, themes: set[str], root: Path) -> dict:
    """One mapping checked against its fields: a dict of text values (and its line), or _Refused."""
    if not isinstance(node, yaml.MappingNode):
        raise _Refused(Later(N_("an entry must be a set of 'field: value' lines starting with '- '")), _line(node))
    out: dict = {"line": _line(node)}
    for key, value in node.value:
        k = key.value if isinstance(key, yaml.ScalarNode) else str(key)
        if k not in spec:
            unknown = (
                N_(
                    "unknown field '{field}' (the hub carries organisations and roles, never personal contact "
                    "details); the fields are: {fields}"
                )
                if k in _PERSONAL
                else N_("unknown field '{field}'; the fields are: {fields}")
            )
            raise _Refused(Later(unknown, field=k, fields=", ".join(spec)), _line(key))
        if k in out:
            raise _Refused(Later(N_("field '{field}' is given twice"), field=k), _line(key))
        if not isinstance(value, yaml.ScalarNode):
            raise _Refused(
                Later(N_("'{field}' must be a single text value, not a list or a block of fields"), field=k),
                _line(value),
            )
        text = value.value.strip()
        if text:
            try:
                out[k] = _check(k, spec[k], text, themes=themes, root=root)
            except _Refused as exc:
                raise _Refused(exc.message, _line(value)) from None
    missing = [k for k, f in spec.items() if f.required and k not in out]
    if missing:
        raise _Refused(
            Later(N_("missing {fields} (required)"), fields=", ".join(repr(m) for m in missing)), out["line"]
        )
    for first, then in (("date", "end"), ("joined", "left")):
        if then in out and parse_date(out[then]) < parse_date(out[first]):
            raise _Refused(
                Later(
                    N_("'{then}' ({then_value}) is before '{first}' ({first_value})"),
                    then=then,
                    then_value=out[then],
                    first=first,
                    first_value=out[first],
                ),
                out["line"],
            )
    if "link" in spec and "file" in spec and not (out.get("link") or out.get("file")):
        raise _Refused(
            Later(N_("give the document's 'link' (a web address) or its 'file' (a path in the project)")), out["line"]
        )
    return out


_PERSONAL = {"name", "person", "contact", "contact_person", "email", "e-mail", "phone", "telephone", "mobile"}


def _entries(
    fname: str, node, spec: dict[str, Field], key: str, problems: list[Problem], *, themes: set[str], root: Path
) -> pd.DataFrame:
    """The valid entries of a list node as a frame (columns in field order, plus `line`); the rest as problems."""
    rows, seen = [], {}
    for item in node.value if isinstance(node, yaml.SequenceNode) else []:
        ident = _ident(item, key)
        try:
            row = _entry(item, spec, themes=themes, root=root)
        except _Refused as exc:
            problems.append(Problem(fname, exc.line or _line(item), ident, exc.message))
            continue
        if row[key] in seen:
            again = Later(
                N_("{field} '{value}' is used already at line {line}"), field=key, value=row[key], line=seen[row[key]]
            )
            problems.append(Problem(fname, row["line"], ident, again))
            continue
        seen[row[key]] = row["line"]
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[*spec, "line"], dtype=object)
    frame.attrs["sources"] = (SOURCE_ID,)
    return frame


def _ident(item, key: str) -> str | None:
    if isinstance(item, yaml.MappingNode):
        for k, v in item.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key and isinstance(v, yaml.ScalarNode):
                return v.value or None
    return None


def _compose(path: Path, problems: list[Problem]):
    """The file's YAML node tree, or None (a problem says why)."""
    if not path.is_file():
        problems.append(Problem(path.name, None, None, Later(N_("the file is missing; nothing from it is shown"))))
        return None
    try:
        return yaml.compose(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except UnicodeDecodeError:
        problems.append(Problem(path.name, None, None, Later(N_("the file is not UTF-8 text; save it as UTF-8"))))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(
            Problem(
                path.name,
                mark.line + 1 if mark else None,
                None,
                # PyYAML's own words (`what`) stay English: it has no catalogs
                Later(
                    N_(
                        "the file is not valid YAML ({what}); nothing from it is shown. Check the indentation, and "
                        "put text containing ': ' or starting with a quote in double quotes"
                    ),
                    what=what,
                ),
            )
        )
    return None


def _about(directory: Path, problems: list[Problem], root: Path) -> dict:
    node = _compose(directory / ABOUT, problems)
    about: dict = dict.fromkeys(ABOUT_TEXT)
    about |= {k: pd.DataFrame(columns=[*spec, "line"], dtype=object) for k, spec in ABOUT_LISTS.items()}
    if node is None:
        return about
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(ABOUT, _line(node), None, Later(N_("the file must be a set of 'field: value' lines"))))
        return about
    parts = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    for k, v in parts.items():
        if k not in (*ABOUT_TEXT, *ABOUT_LISTS):
            unknown = Later(N_("unknown part '{part}'; the parts are: {parts}"), part=k, parts=_about_parts())
            problems.append(Problem(ABOUT, _line(v), None, unknown))
    for k in ABOUT_TEXT:
        v = parts.get(k)
        if not isinstance(v, yaml.ScalarNode) or not v.value.strip():
            missing = Later(N_("'{field}' is missing or not a single text"), field=k)
            problems.append(Problem(ABOUT, _line(v) if v else None, None, missing))
        elif _private(k, v.value):
            problems.append(Problem(ABOUT, _line(v), None, _private(k, v.value)))
        else:
            about[k] = v.value.strip()
    # Themes first: the events refer to them.
    for k in sorted(ABOUT_LISTS, key=lambda k: k != "themes"):
        key = "id" if "id" in ABOUT_LISTS[k] else "text"
        about[k] = _entries(ABOUT, parts.get(k), ABOUT_LISTS[k], key, problems, themes=set(), root=root)
    return about


def _about_parts() -> str:
    return ", ".join([*ABOUT_TEXT, *ABOUT_LISTS])


def read(directory: Path | None = None, root: Path | None = None) -> Hub:
    """Read and check every hub file (no caching; see load)."""
    d, root = Path(directory or paths.PARTNERSHIP_DIR), Path(root or paths.ROOT)
    problems: list[Problem] = []
    about = _about(d, problems, root)
    themes = set(about["themes"]["id"])
    frames = {}
    for fname, spec in LISTS.items():
        node = _compose(d / fname, problems)
        if node is not None and not isinstance(node, yaml.SequenceNode):
            listed = Later(N_("the file must be a list of entries, each starting '- '"))
            problems.append(Problem(fname, _line(node), None, listed))
        frames[fname.removesuffix(".yaml")] = _entries(
            fname, node, spec, KEYS.get(fname, "id"), problems, themes=themes, root=root
        )
    return Hub(about=about, problems=problems, **frames)


@cache
def _files(directory: str) -> tuple[Path, ...]:
    """The hub files' paths, made once: a path made anew is hashed anew at every lookup of its state."""
    return tuple(Path(directory) / f for f in FILES)


def _signature(directory: str) -> tuple:
    """The hub files' states: every shared result of a run is keyed by it, so it is looked up at most once a second
    (an edited file is served a second later)."""
    return tuple((f.name, verify.file_state(f)) for f in _files(directory))


@memo(4)
def _cached(directory: str, root: str, signature: tuple) -> Hub:
    return replace(read(Path(directory), Path(root)), version=signature)


def load(directory: Path | None = None, root: Path | None = None) -> Hub:
    """The hub, read again only when a file changed. Callers must not modify the frames (they are shared)."""
    d = str(directory or paths.PARTNERSHIP_DIR)
    return _cached(d, str(root or paths.ROOT), _signature(d))
