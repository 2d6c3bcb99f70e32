"""Numbers and dates in the chosen language (Babel's CLDR data: 1.234,5 in Vietnamese, 1,234.5 in English)."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the CLI imports this module at start-up: no pydantic for a type
    from assess.bilingual import Lang

_LOCALES = {"vi": "vi_VN", "en": "en_GB"}


@lru_cache(maxsize=4)
def _locale(lang: Lang) -> Any:
    from babel import Locale  # lazy: Babel's data is only needed when formatting

    return Locale.parse(_LOCALES[lang])


def number(value: float, lang: Lang, digits: int = 1) -> str:
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return str(format_decimal(round(value, digits), format=pattern, locale=_locale(lang)))


def percent(share: float, lang: Lang, digits: int = 0) -> str:
    """A share 0..1 as a percentage: '80%' / '80 %' as the locale writes it."""
    from babel.numbers import format_percent

    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
    return str(format_percent(share, format=pattern, locale=_locale(lang)))


def long_date(value: date, lang: Lang) -> str:
    """'ngày 26 tháng 11 năm 2026' as Vietnamese documents write it; '26 November 2026'."""
    from babel.dates import format_date

    pattern = "'ngày' d 'tháng' M 'năm' y" if lang == "vi" else "long"
    return str(format_date(value, format=pattern, locale=_locale(lang)))


def short_date(value: date, lang: Lang) -> str:
    if lang == "vi":
        return value.strftime("%d/%m/%Y")
    from babel.dates import format_date

    return str(format_date(value, format="d MMM y", locale=_locale(lang)))


def month(value: date, lang: Lang) -> str:
    if lang == "vi":
        return value.strftime("%m/%Y")
    from babel.dates import format_date

    return str(format_date(value, format="MMM y", locale=_locale(lang)))


def timestamp(value: datetime, lang: Lang) -> str:
    """A stored (UTC) time shown in the machine's local time zone."""
    from babel.dates import format_datetime

    pattern = "HH:mm dd/MM/yyyy" if lang == "vi" else "d MMM y, HH:mm"
    return str(format_datetime(value.astimezone(), format=pattern, locale=_locale(lang)))


DASH = "—"  # what a table shows where there is no value


def number_or_dash(value: float | None, lang: Lang, digits: int = 1) -> str:
    return DASH if value is None else number(value, lang, digits)


def percent_or_dash(share: float | None, lang: Lang, digits: int = 0) -> str:
    return DASH if share is None else percent(share, lang, digits)


def share(part: int, whole: int, lang: Lang) -> str:
    """part / whole as a percentage, or a dash when there is no whole."""
    return percent(part / whole, lang) if whole else DASH


def signed(value: float | None, lang: Lang, digits: int = 1, zero: str = "") -> str:
    """A change with its sign as shown (+3,6 / -2,1; `zero` before a change that rounds to
    nothing): a hyphen for minus, because the reports' bundled fonts have no U+2212."""
    if value is None:
        return DASH
    shown = round(value, digits)
    text = number(abs(value), lang, digits)
    return ("+" if shown > 0 else "-" if shown < 0 else zero) + text
