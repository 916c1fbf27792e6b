"""Saved-views playlist for workshops: an ordered list of view URLs (relative, e.g.
"overview?present=1&region=FI1D7"), each with a title, kept in data/playlist.json.

The file is read and checked here; a missing or bad file, or a bad entry, gives notices, never an exception.
The app edits a per-session copy (add, remove, reorder); the file is not written.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from ..data import paths
from ..i18n import _
from .state import plain

PLAYLIST_PATH = paths.DATA_DIR / "playlist.json"


def split(url: str) -> tuple[str, dict[str, str]]:
    """'overview?present=1&region=FI1D7' -> ('overview', {'present': '1', 'region': 'FI1D7'})."""
    parts = urlsplit(url.strip())
    return parts.path.strip("/"), dict(parse_qsl(parts.query))


def check_entry(entry, known_paths: set[str] | None = None) -> str | None:
    """None if the entry is a usable view, else why not."""
    if not isinstance(entry, dict):
        return _("an entry is not an object with a title and a url")
    title, url = entry.get("title"), entry.get("url")
    if not isinstance(title, str) or not title.strip():
        return _("an entry has no title (url {url})").format(url=repr(str(url)[:60]))
    if not isinstance(url, str) or not url.strip():
        return _("“{title}” has no url").format(title=title[:60])
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc or url.strip().startswith("//"):
        return _("“{title}” has an absolute url; use a relative one such as overview?present=1").format(
            title=title[:60]
        )
    path, _query = split(url)
    if known_paths is not None and path not in known_paths:
        text = _("“{title}” points to page “{path}”, which this dashboard does not have")
        return text.format(title=title[:60], path=path[:40])
    return None


def validate(data, known_paths: set[str] | None = None) -> tuple[list[dict], list[str]]:
    """Good entries ({'title', 'url'}) in order, and notices about the bad ones (text from the file escaped)."""
    if isinstance(data, dict):
        data = data.get("views")
    if not isinstance(data, list):
        return [], [_("The playlist file should hold a list of views (title and url); none were loaded.")]
    views, problems = [], []
    for entry in data:
        why = check_entry(entry, known_paths)
        if why:
            problems.append(_("Playlist: {why}; it was left out.").format(why=plain(why, 200)))
        else:
            views.append({"title": entry["title"].strip(), "url": entry["url"].strip().lstrip("/")})
    return views, problems


def load(path: Path | None = None, known_paths: set[str] | None = None) -> tuple[list[dict], list[str]]:
    """Read and check the playlist file: (views, notices)."""
    path = path or PLAYLIST_PATH
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [], [
            _("No saved-views playlist ({name} not found); add views from the sidebar.").format(name=Path(path).name)
        ]
    except (OSError, ValueError) as exc:
        text = _("The saved-views playlist {name} could not be read ({error}); starting empty.")
        return [], [text.format(name=Path(path).name, error=str(exc)[:80])]
    return validate(data, known_paths)


def move(views: list, index: int, step: int) -> list:
    """A copy of `views` with item `index` moved by `step` (-1 up, +1 down), clamped to the ends."""
    views = list(views)
    target = min(max(index + step, 0), len(views) - 1)
    if 0 <= index < len(views):
        views.insert(target, views.pop(index))
    return views


def position(views: list[dict], path: str, params: dict[str, str], default_path: str = "overview") -> int | None:
    """Index of the view matching this page and parameters (presentation flag aside), or None.
    An empty path is the default page (served at the root URL)."""
    strip = lambda p: {k: v for k, v in p.items() if k != "present"}  # noqa: E731
    for i, v in enumerate(views):
        vpath, vparams = split(v["url"])
        if (vpath or default_path) == (path or default_path) and strip(vparams) == strip(params):
            return i
    return None
