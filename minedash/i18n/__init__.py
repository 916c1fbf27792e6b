"""Languages: the interface in English, Finnish, Swedish, Spanish and Greek, through gettext catalogs (Babel).

No Streamlit here, so every layer may use it: `_("text")` translates into the view's language, `N_("text")` marks a
constant for extraction (translate it with `_()` where it is shown), `ngettext` picks a plural, and `number`,
`percent`, `date` format for the language. The app layer tells this module where the view's language lives
(`set_resolver`); outside the app (tests, the command line) it is English unless `language(...)` says otherwise.

Catalogs: minedash/i18n/locale/<lang>/LC_MESSAGES/messages.po, compiled in memory on first use (no .mo files to keep
in step). Extract and update them with `python -m minedash i18n` (see README: "Translations").
"""

from __future__ import annotations

import contextlib
import functools
import gettext
import io
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path

from babel import Locale, dates, numbers
from babel.messages import mofile, pofile

LANGUAGES = {"en": "English", "fi": "Suomi", "sv": "Svenska", "es": "Español", "el": "Ελληνικά"}
DEFAULT = "en"
DIR = Path(__file__).resolve().parent
LOCALE_DIR = DIR / "locale"
DOMAIN = "messages"


def N_(message: str) -> str:
    """Mark a constant for extraction; it is translated where it is shown, with _()."""
    return message


# Our own translations of Eurostat and Commission labels: their reuse policies ask that adaptations say so
# (every citation line in another language carries it).
OWN_TRANSLATION = N_("Labels translated by the dashboard team, not by the publisher.")
_override: ContextVar[str | None] = ContextVar("minedash_language", default=None)
_resolver: Callable[[], str | None] = lambda: None  # noqa: E731 - set by the app layer


def set_resolver(resolver: Callable[[], str | None]) -> None:
    """Where the view's language lives (the app layer: the URL, or the browser's locale)."""
    global _resolver
    _resolver = resolver


def current() -> str:
    lang = _override.get() or _resolver()
    return lang if lang in LANGUAGES else DEFAULT


@contextlib.contextmanager
def language(lang: str) -> Iterator[None]:
    """Use `lang` for the code inside (a report in a chosen language, tests)."""
    token = _override.set(lang)
    try:
        yield
    finally:
        _override.reset(token)


def pin(lang: str) -> None:
    """Use `lang` on this thread from now on. The app layer pins the view's language at the start of each script
    run (a session's runs, and its fragments' reruns, happen on that session's own thread), so the many `_()` calls
    of a run do not each look it up again; a thread without a pin asks the resolver."""
    _override.set(lang)


def from_locale(tag: str | None) -> str:
    """The supported language of a browser locale such as 'fi-FI' or 'sv_SE', else English."""
    code = (tag or "").replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of `lang` (English: the messages as written)."""
    path = po_path(lang)
    if lang == DEFAULT or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as fh:
        catalog = pofile.read_po(fh, locale=lang)
    buf = io.BytesIO()
    mofile.write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def _(message: str) -> str:
    return translations(current()).gettext(message)


class Later(str):
    """A message worded when it is shown, not when it is made: `Later(N_("'{name}' is missing"), name="date")`.
    It is the English text (a str, so it compares, joins and logs as before) until `str()` or a format asks for it;
    then it is said in the view's language of that moment. For messages made once and kept for everyone (a cached
    check of the hub or of the warehouse), which readers of different languages see."""

    def __new__(cls, template: str, **params):
        # the English text whatever the language of the moment: a Later inside is taken as its English value
        english = {k: str.__str__(v) if isinstance(v, Later) else v for k, v in params.items()}
        self = super().__new__(cls, template.format(**english))
        self.template, self.params = template, params
        return self

    def __getnewargs_ex__(self):  # copied and pickled as made (its English text may hold braces)
        return (self.template,), self.params

    def __str__(self) -> str:
        params = {k: str(v) for k, v in self.params.items()}  # a Later inside a Later is worded too
        return translations(current()).gettext(self.template).format(**params)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current()).ngettext(singular, plural, n)


def locale() -> Locale:
    return _locale(current())


@functools.cache  # asked for each country name of a world map, on every run
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def number(value: float | int, digits: int | None = None) -> str:
    """1234567.8 -> '1,234,567.8' (en), '1 234 567,8' (fi); `digits` fixes the decimals, else up to 3 (4 significant
    digits under 1)."""
    if digits is None:
        pattern = "@@##" if 0 < abs(value) < 1 else "#,##0.###"
        return numbers.format_decimal(value, format=pattern, locale=current())
    return numbers.format_decimal(value, format=f"#,##0.{'0' * digits}" if digits else "#,##0", locale=current())


def percent(value: float, digits: int = 0) -> str:
    """A percentage given in percent (12.5 -> '12.5 %' in fi/sv/es, '12.5%' in en)."""
    return _percent(value, digits, current())


@functools.lru_cache(maxsize=4096)  # the same few shares are worded under every chart
def _percent(value: float, digits: int, lang: str) -> str:
    pattern = Locale.parse(lang).percent_formats[None].pattern  # the language's own spacing: '12,5 %' in Finnish
    if digits:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * digits)
    return numbers.format_percent(value / 100, format=pattern, locale=lang)


def date(value, form: str = "long") -> str:
    return dates.format_date(value, format=form, locale=current())


def region_name(latin: str, native: str | None) -> str:
    """A region in the language of its country where NUTS gives it, with the Latin name beside it."""
    if not native or native == latin:
        return latin
    return f"{native} ({latin})"
