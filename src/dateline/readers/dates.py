"""Publication stamps as pages print them -> ISO 8601 as the article states it.

"27/07/2023 - 04:24" -> "2023-07-27T04:24"; "July 27, 2023 4:24 PM EDT" -> "2023-07-27T16:24";
"2023-07-27T04:24:00+09:00" keeps its offset. Numeric day/month order: day-first unless
the first number cannot be a day-of-month-first reading (second > 12), the convention of
every non-US outlet; dateparser parses worded forms.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

NUMERIC = re.compile(
    r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})"
    r"(?:\s*(?:[-–,|@]|at)?\s*(\d{1,2})[:h.](\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?",
    re.IGNORECASE)
ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?")
WORDED_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s*[ap]\.?m\b", re.IGNORECASE)
ZONE = re.compile(r"(?:GMT|UTC)\s*([+-]\d{1,2})(?::?(\d{2}))?|([+-]\d{2}):?(\d{2})\s*$")
ZONE_WORD = re.compile(r"\b((?!GMT)[A-Z]{2,4}T)\b|\b(UTC|GMT)\b(?!\s*[+-]\d)")


@lru_cache(maxsize=1)
def zone_table() -> dict:
    data = json.loads(resources.files("dateline").joinpath("data/timezones.json").read_text())
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _hm(h: int, m: int, ampm: str | None) -> tuple[int, int]:
    if ampm:
        pm = ampm.lower().startswith("p")
        if pm and h < 12:
            h += 12
        if not pm and h == 12:
            h = 0
    return h, m


def _zone(value: str) -> str:
    m = ZONE.search(value)
    if not m:
        w = ZONE_WORD.search(value)
        return zone_table().get((w.group(1) or w.group(2)), "") if w else ""
    if m.group(1):
        return f"{int(m.group(1)):+03d}:{m.group(2) or '00'}"
    return f"{m.group(3)}:{m.group(4)}"


def parse_stamp(value: str, *, day_first: bool = True) -> str | None:
    """Parse a stamp's value; None when it holds no date."""
    value = value.strip().strip("|·•").strip()
    m = ISO.match(value)
    if m:
        y, mo, d, h, mi, s, z = m.groups()
        out = f"{y}-{mo}-{d}"
        if h:
            out += f"T{h}:{mi}" + (f":{s}" if s and s != "00" else "")
            if z:
                out += "+00:00" if z == "Z" else (z if ":" in z else z[:3] + ":" + z[3:])
        return out
    m = NUMERIC.match(value)
    if m:
        a, b, y, h, mi, s, ampm = m.groups()
        a, b = int(a), int(b)
        year = int(y) + (2000 if len(y) == 2 and int(y) < 70 else 1900 if len(y) == 2 else 0)
        if b > 12 or (not day_first and a <= 12):
            day, month = b, a
        else:
            day, month = a, b
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        out = f"{year:04d}-{month:02d}-{day:02d}"
        if h:
            hh, mm = _hm(int(h), int(mi), ampm)
            out += f"T{hh:02d}:{mm:02d}" + _zone(value)
        return out
    return _worded(value, day_first)


MONTH_OR_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b",
                           re.IGNORECASE)
CLOCK = re.compile(r"\b(\d{1,2})[:.](\d{2})(?::\d{2})?\s*([ap]\.?m\.?)?|\b(\d{1,2})\s*([ap]\.?m\.?)", re.IGNORECASE)


def _worded(value: str, day_first: bool) -> str | None:
    """Worded dates ('March 5, 2024', 'Mon 5 Mar 2024 14.20 GMT'): the clock and zone are
    taken out by our patterns, the date part goes to dateparser."""
    if len(value) > 80 or not MONTH_OR_YEAR.search(value):
        return None
    import dateparser

    clock = CLOCK.search(value)
    rest = CLOCK.sub(" ", value) if clock else value
    rest = ZONE_WORD.sub(" ", ZONE.sub(" ", rest))
    rest = re.sub(r"\s*[|,]\s*", " ", rest).strip(" -–")
    settings = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False,
                "DATE_ORDER": "DMY" if day_first else "MDY",
                "REQUIRE_PARTS": ["day", "month", "year"]}
    dt = dateparser.parse(rest, languages=["en"], settings=settings)
    if dt is None:
        return None
    out = dt.strftime("%Y-%m-%d")
    if clock:
        h, m, ampm = (clock.group(1), clock.group(2), clock.group(3)) if clock.group(1) else (
            clock.group(4), "0", clock.group(5))
        hh, mm = _hm(int(h), int(m), ampm)
        if hh < 24 and mm < 60:
            out += f"T{hh:02d}:{mm:02d}" + _zone(value)
    return out
