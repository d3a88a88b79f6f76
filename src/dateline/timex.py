"""Temporal expressions in English news: find them, then normalise them to TIMEX3 values.

``tag(text, anchor)`` returns ``record.Time`` objects (character offsets into ``text``).
Detection is ours: regular patterns built from the word lists in
``data/time_lexicon.json``; normalisation applies news-reading rules against the anchor
(the publication date):

- a bare weekday is the most recent such day on or before the anchor (the same day
  included), "next Monday" / a future-tense clause looks forward;
- a month-day without a year takes the anchor's year unless that puts it far from it;
- "last/this/next week|month|year|quarter|season", "N units ago", "earlier this month"
  (mod START), "early 2020" (value 2020, mod START), "the 1950s" (195X);
- quarter talk ("the third quarter", "a year earlier" after a quarter) follows the
  business-news reference quarter;
- with no anchor, anchored expressions keep their text and come out ``vague`` with an
  unresolved value (``XXXX-07-27``, ``PAST_REF``); the clock is never consulted.

Span conventions follow TimeML (TempEval-3): a leading "the" belongs to a nominal time
expression ("the third quarter", "the past two years") but not to one used as a
modifier ("the Aug. 7 bombing", "the 1960s" keeps "the" out, as the seed gold does).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import Callable, Optional

from .record import Time

# --- tuning constants (calibrated on TempEval-3 TBAQ-cleaned, the dev data) ---------------
# A month-day without a year lies in the anchor's year unless it would then be more than
# this many days after the anchor (-> previous year) or before it (-> next year).
MONTHDAY_FUTURE_DAYS = 120
MONTHDAY_PAST_DAYS = 245
# A bare month ("in January") lies in the anchor's year unless it is more than this many
# months ahead (-> previous year) or at least this many months behind (-> next year).
MONTH_FUTURE_MONTHS = 4
MONTH_PAST_MONTHS = 8
# Characters before a weekday searched for future-tense cues ("will meet on Monday").
TENSE_WINDOW = 60
# A year-relative expression ("a year earlier") takes a quarter reading when a quarter
# was mentioned within this many characters before it.
QUARTER_CONTEXT_CHARS = 2500
# "the following year", "that day": the last date named within this many characters is the reference.
DISCOURSE_CHARS = 3000
# Four-digit numbers read as years lie in this range.
YEAR_MIN, YEAR_MAX = 1800, 2099


@lru_cache(maxsize=1)
def lexicon() -> dict:
    return json.loads(resources.files("dateline").joinpath("data/time_lexicon.json").read_text())


# --------------------------------------------------------------------------- anchor

@dataclass
class Anchor:
    day: Optional[date] = None
    hour: Optional[int] = None
    minute: Optional[int] = None

    @property
    def ok(self) -> bool:
        return self.day is not None


_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2}))?")


def parse_anchor(published) -> Anchor:
    """The anchor from ``doc._.published`` (ISO date or datetime string, date, or None)."""
    if published is None or published == "":
        return Anchor()
    if isinstance(published, datetime):
        return Anchor(published.date(), published.hour, published.minute)
    if isinstance(published, date):
        return Anchor(published)
    s = str(published)
    m = _ISO.match(s)
    try:
        if m:
            y, mo, d, h, mi = m.groups()
            return Anchor(date(int(y), int(mo), int(d)), int(h) if h else None, int(mi) if mi else None)
        m2 = re.match(r"^\s*(\d{4})(\d{2})(\d{2})\s*$", s)
        if m2:
            return Anchor(date(*map(int, m2.groups())))
        from .readers.dates import parse_stamp

        iso = parse_stamp(s)
        if iso:
            return parse_anchor(iso)
    except (ValueError, TypeError):
        pass
    return Anchor()


# --------------------------------------------------------------------------- values

def v_day(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def v_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def season_of(d: date) -> tuple[int, str]:
    """(value year, season code) the day lies in; winter Dec-Feb belongs to the January's year."""
    m = d.month
    if m in (12,):
        return d.year + 1, "WI"
    if m in (1, 2):
        return d.year, "WI"
    if m <= 5:
        return d.year, "SP"
    if m <= 8:
        return d.year, "SU"
    return d.year, "FA"


ORDER = ["WI", "SP", "SU", "FA"]


def granularity_of(value: Optional[str], ttype: str) -> str:
    if not value or "X" in value.split("-")[0] and not re.match(r"^\d{3}X$", value or ""):
        return "vague"
    if value.endswith("_REF"):
        return "vague"
    if ttype in ("DURATION", "SET") or value.startswith("P"):
        u = value[-1]
        if "X" in value:
            return "vague"
        if value.startswith("PT") or "T" in value:
            return "time"
        return {"D": "day", "W": "day", "M": "month", "Y": "year", "Q": "part-of-year",
                "E": "decade"}.get(u, "vague")
    if "T" in value:
        return "time"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return "day"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return "month"
    if re.fullmatch(r"\d{4}", value):
        return "year"
    if re.fullmatch(r"\d{3}X", value):
        return "decade"
    if re.fullmatch(r"\d{2}XX", value):
        return "decade"
    if re.fullmatch(r"\d{4}-(SP|SU|FA|WI)", value):
        return "season"
    if re.fullmatch(r"\d{4}-(Q\d|H\d|W\d+(-WE)?)", value):
        return "part-of-year"
    return "vague"


# --------------------------------------------------------------------------- patterns

def _alt(words, cap: bool = False) -> str:
    """Regex alternation of words, longest first; ``cap``: only Capitalised or UPPER forms."""
    out = []
    for w in sorted(set(words), key=len, reverse=True):
        e = re.escape(w).replace(r"\ ", r"\s+")
        if cap:
            out.append(f"(?-i:{re.escape(w.capitalize())}|{re.escape(w.upper())})")
        else:
            out.append(e)
    return "(?:" + "|".join(out) + ")"


@dataclass
class Cand:
    start: int
    end: int
    rule: str
    m: re.Match
    prio: int = 0


@dataclass
class Found:
    start: int
    end: int
    type: str
    value: Optional[str]
    mod: Optional[str] = None
    gran: Optional[str] = None


class Grammar:
    def __init__(self):
        L = lexicon()
        self.L = L
        self.months = L["months"]
        self.weekdays = L["weekdays"]
        self.numbers = L["numbers"]
        self.units = L["units"]
        full_m = [k for k in self.months if len(k) > 3 or k == "may"]
        abbr_m = [k for k in self.months if len(k) <= 4 and k not in ("may", "june", "july")]
        MON_FULL = _alt(full_m, cap=True)
        MON_ABBR = "(?:" + _alt(abbr_m, cap=True) + r"\.?)"
        self.MON = f"(?:{MON_FULL}|{MON_ABBR})"
        MON = self.MON
        WD_FULL = _alt([k for k in self.weekdays if len(k) > 4], cap=True)
        WD_ABBR = "(?:" + _alt([k for k in self.weekdays if len(k) <= 5 and not k.endswith("day")], cap=True) + r"\.?)"
        WD = f"(?:{WD_FULL})"
        WDX = f"(?:{WD_FULL}|{WD_ABBR})"
        units = L["units"]
        UNIT = _alt(units)
        UNIT_SG = _alt([u for u in units if not u.endswith("s") or u in ("hrs", "mins")])
        tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
        ones = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
        NUMW = _alt(self.numbers)
        NUM = (rf"(?:\d+(?:\.\d+)?(?:\s+1/2|\s*½)?|(?:{_alt(tens)})(?:[- ](?:{_alt(ones)}))?\b|{NUMW}"
               rf"(?:\s+and\s+a\s+half)?)")
        VAGUE = _alt(L["vague_numbers"])
        ORD = _alt(L["ordinals"])
        SEASON = _alt(L["seasons"])
        POD = _alt(["morning", "afternoon", "evening", "night"])
        PODS = _alt(["mornings", "afternoons", "evenings", "nights"])
        DMOD = _alt(["more than", "over", "longer than", "at least", "no less than", "less than", "under",
                     "fewer than", "nearly", "almost", "just under", "up to", "no more than",
                     "at most", "about", "around", "roughly", "approximately", "an estimated", "some"])
        DMOD = re.sub(r"\|over(?=[|)])", lambda _: r"|over(?!\s+the\b)", DMOD)
        PMOD = r"(?:early|late|mid|earlier|later|the\s+(?:beginning|start|end|middle|close)\s+of|(?:around|about|roughly|approximately))"
        YEAR = r"(?:1[89]\d\d|20\d\d)"
        DAYN = r"(?:[12]\d|3[01]|0?[1-9])"
        ZONE = r"(?:\s*\(?(?:[ECMP][SD]?T|GMT|UTC|BST|CET|CEST|local\s+time|KST|JST|IST|HKT|MSK|AEST|AEDT)\)?)"
        AMPM = r"(?:[ap]\.\s?m\b\.?|[ap]m\b)"
        CLOCK = rf"(?:(?P<hh>\d{{1,2}})(?:[:.](?P<mm>\d{{2}}))?\s*(?P<ap>{AMPM})|(?P<hh2>[012]?\d)[:.](?P<mm2>[0-5]\d)(?=\s*(?:{ZONE}|h\b|hours\b|hrs\b)))"
        REL = r"(?:this|last|next|coming|past|previous|following|current)"
        # (name, pattern, priority). Longest match wins, then the higher priority.
        R = []
        R.append(("iso", rf"\b(?P<y>\d{{4}})-(?P<mo>[01]\d)-(?P<d>[0-3]\d)(?:[T ](?P<h>[012]\d):(?P<mi>[0-5]\d)(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?\b", 5))
        R.append(("numeric", r"(?<![\d.,/])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d.,/]*\d)", 4))
        R.append(("ym_compact", rf"(?<![\w$.,])(?P<y>{YEAR})(?P<mo>0[1-9]|1[0-2])(?P<d>[0-3]\d)(?![\w,.]*\d)", 0))
        R.append(("mdy", rf"(?:(?P<wd>{WDX})\s*,?\s+)?(?:(?:on|the|last|next|this)\s+)?(?P<mon>{MON})\s+(?P<d>{DAYN})(?:st|nd|rd|th)?\b(?!\s*(?:[-–]\s*\d|%|,\d{{3}}|:\d))(?:\s*,?\s*(?P<y>{YEAR})\b(?![-–]\d))?", 6))
        R.append(("dmy", rf"(?:(?P<wd>{WDX})\s*,?\s+)?(?:the\s+)?(?P<d>{DAYN})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MON})(?:\s*,?\s*(?P<y>{YEAR})\b)?", 6))
        R.append(("my", rf"(?:(?P<pm>{PMOD})[-\s]+)?(?P<mon>{MON})\s*,?\s+(?:of\s+)?(?P<y>{YEAR}\b|(?:this|last|next)\s+year\b(?!'s))", 6))
        R.append(("month", rf"(?:(?P<rel>{REL}|early|late|mid|earlier|later\s+in|the\s+(?:beginning|start|end|middle)\s+of)[-\s]+)?(?P<mon>{MON_FULL}|(?-i:Sept?\.|Jan\.|Feb\.|Aug\.|Oct\.|Nov\.|Dec\.|Apr\.))(?![-\w])", 3))
        R.append(("year", rf"(?:(?P<pm>{PMOD}|fiscal|calendar|(?:the\s+)?(?:year|summer|spring|winter|autumn|fall)\s+(?:of\s+)?|mid-year|pre|post)[-\s]+)?(?<![\w$£€.,#/])(?P<y>{YEAR})(?:(?P<yr2>[-–/](?:\d\d|{YEAR}))(?!\d))?(?![\w%]|[.,]\d|-(?:[a-z]|\d))", 2))
        R.append(("decade", rf"(?:(?P<the>the\s+)?(?P<pm>{PMOD})[-\s]+|the\s+)?(?:(?P<c>\d{{3}})0'?s\b|(?P<ap>['’])(?P<c2>\d)0s\b)", 5))
        TEENS = "(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
        R.append(("spelled_year", rf"\b(?P<the>the\s+year\s+)?(?:(?P<c>nineteen|eighteen)[-\s](?:hundred\s+(?:and\s+)?)?(?P<yy>{TEENS}|(?:{_alt(tens)})(?:[-\s](?:{_alt(ones)}))?)|two\s+thousand(?:\s+and\s+(?P<y2>{_alt(ones)}|{TEENS}))?|twenty[-\s](?P<y3>{TEENS}|(?:{_alt(tens)})(?:[-\s](?:{_alt(ones)}))?))\b", 3))
        R.append(("decade_w", r"(?:(?P<pm>early|late|mid)[-\s]+)?(?:the\s+)?(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b", 1))
        R.append(("century", rf"(?:the\s+)?(?:(?P<pm>early|late|mid)[-\s]+)?(?P<n>\d{{1,2}}(?:st|nd|rd|th)|{ORD}|nineteenth|twentieth|twenty-first|eighteenth)[-\s]century\b", 5))
        R.append(("quarter", rf"(?P<the>the\s+)?(?:(?P<rel>this|last|next|latest|current|previous|year-earlier|year-ago|same)\s+)?(?:(?P<yrs>{YEAR}|this\s+year|last\s+year|next\s+year)(?:'s)?\s+)?(?:(?:fiscal|calendar)\s+)?(?P<ord>{ORD})[-\s](?P<unit>quarter|half|period)s?\b(?:\s+(?:of\s+)?(?:(?:fiscal|calendar)\s+)?(?P<y>{YEAR}|this\s+year|last\s+year|next\s+year)\b)?", 4))
        R.append(("quarter_ago", r"(?P<a>the\s+(?:(?:corresponding|comparable|same|year-earlier|year-ago)\s+)?(?:quarter|period)\s+(?:of\s+|in\s+)?(?:last\s+year|a\s+year\s+(?:ago|earlier)|the\s+previous\s+year)|last\s+year's\s+(?:\w+\s+)?(?:quarter|period))\b", 5))
        R.append(("that_unit", r"(?:(?P<pm>earlier|later|early|late)\s+)?that\s+(?:same\s+)?(?P<unit>day|week|month|year|quarter)\b", 3))
        R.append(("q_code", rf"\b(?P<q>Q[1-4]|H[12])\b(?:\s*(?P<y>{YEAR}))?", 2))
        R.append(("the_quarter", rf"\bthe\s+(?:(?P<rel>latest|current|previous|same|year-earlier|year-ago|prior-year|comparable|just-ended|recent|(?:fiscal\s+)?(?P<yq>{YEAR}))\s+)?(?P<unit>quarter|period)\b(?!\s+(?:of|ago))(?=(?:\s+(?:ended|ending)\s+(?P<emon>{MON})\s+(?P<ed>{DAYN})\b)?)", 2))
        R.append(("nine_months", r"(?P<the>the\s+)?(?:(?:latest|first|past|last|year-earlier)\s+)?(?P<n>nine|six|three|six-month|nine-month)\s+months\b(?!\s+(?:ago|earlier|later|before|after))", 1))
        R.append(("rel_unit", rf"(?:(?P<pm>earlier|later|early|late|the\s+(?:end|beginning|start|middle)\s+of)\s+)?(?P<rel>this\s+past|this\s+coming|this|last|next|coming|previous|current|following|the\s+previous|the\s+following|the\s+current|the\s+same)(?:\s+(?P<fy>fiscal|calendar))?\s+(?P<unit>week|weekend|month|year|quarter|decade|century|spring|summer|autumn|fall|winter|season)\b(?!-)", 4))
        R.append(("the_unit", r"\b(?P<pre>(?:earlier|later|early|late)\s+in\s+|the\s+(?:end|beginning|start|middle)\s+of\s+)?the\s+(?:(?P<adj>full|fiscal|calendar|whole|entire)\s+)?(?P<unit>year|week|month|weekend|day)\b(?P<ended>\s+(?:ended|ending)\b)?(?!-|\s+(?:of|before|after|earlier|ago|later|that|when|in\b))", 1))
        R.append(("season", rf"(?:(?P<pm>early|late|mid|this|last|next|the|in|during|over)[-\s]+)?(?P<s>{SEASON})\b(?:\s+(?:of\s+)?(?P<y>{YEAR})\b)?", 1))
        R.append(("year_earlier", r"(?P<the>the\s+)?(?P<w>year-earlier|year-ago|prior-year|year-before|year-previous)(?:\s+(?P<n>(?:nine|six|three)[-\s]months|quarter|period|level|results|figure|quarterly))?\b", 2))
        DIR = r"(?:ago|earlier|later|from\s+now|hence|back|previously|(?:before|after)(?=\s*(?:[,.;:)\"'\n]|$)))"
        R.append(("duration", rf"(?:(?P<dm>{DMOD})\s+)?(?P<lead>(?:(?:the|its|their|his|her|each\s+of\s+the)\s+)?(?:past|last|next|first|previous|following|coming|final|remaining|latest|initial|same)\s+)?(?P<n>{NUM}|{VAGUE})(?:\s+(?:to|or|-|–)\s+(?P<n2>{NUM}))?(?:\s+(?:more|additional|straight|consecutive|full|long|short|further|extra|trading|business|working|calendar))?[-\s]+(?P<unit>{UNIT})\b(?:\s+(?P<dir>{DIR})\b(?!\s+(?:the|a|an|his|her|their|its)\b))?(?P<orso>\s+or\s+so)?(?!-old|\s+old\b|-long|\s+of\s+age)", 3))
        R.append(("duration_adj", rf"(?<![\w-])(?:(?P<art>an?|the)\s+(?=\S+\s+period\b))?(?P<n>{NUM})-(?P<unit>{UNIT_SG})(?P<tail>-long|\s+period)?\b(?!-old)", 3))
        R.append(("the_past_unit", rf"(?P<lead>the\s+(?:past|last|next|coming)|(?<![\w-])past|over\s+the\s+(?:past|last|next))\s+(?P<unit>year|month|week|day|decade|century|quarter|hour|minute|night)\b", 4))
        R.append(("bare_plural", r"\b(?:for|in|over|within|after|take|took|takes|lasted|last|spent|spend)\s+(?P<unit>years|months|weeks|days|decades|centuries|hours|minutes)\b(?!\s+(?:of|ago|later|earlier|before|after|to|old)\b)", 0))
        R.append(("recent_unit", rf"(?P<the>the\s+)?(?P<w>recent|coming|past|last\s+few|past\s+few|next\s+few|upcoming|previous)\s+(?P<unit>days|weeks|months|years|decades|quarters)\b", 3))
        R.append(("relday", rf"(?:(?P<pm>early|late|mid|earlier|later)[-\s]+)?(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow)(?:'s)?(?:\s+(?P<pod>{POD}))?", 4))
        R.append(("pod_rel", rf"(?:(?P<pm>early|late|mid|earlier|later)[-\s]+)?(?P<rel>this|last|tomorrow|yesterday|early\s+this|late\s+last)\s+(?P<pod>{POD})\b", 4))
        R.append(("weekday", rf"(?:(?P<rel>last|next|this|coming|past|on|early|late|earlier|later|since|by|until|before|after|from)\s+)?(?P<wd>{WD})(?!s\b)(?:'s)?(?:\s+(?P<pod>{POD})\b(?!s\b))?", 4))
        R.append(("pod_weekday", rf"(?:(?P<pm>early|late|mid)[-\s]+)?(?P<pod>{POD})\s+(?:of\s+|on\s+)?(?P<wd>{WD})\b", 4))
        R.append(("clock", rf"(?:(?P<dm>around|about|at\s+about|approximately|shortly\s+(?:after|before)|just\s+(?:after|before))\s+)?(?:{CLOCK}|(?P<word>noon|midday|midnight))(?P<zone>{ZONE})?(?:\s*,?\s*(?:on\s+)?(?:(?P<wd>{WD})|(?P<rd>today|tonight|yesterday|tomorrow)|(?P<mon>{MON})\s+(?P<d>{DAYN})\b))?", 5))
        R.append(("clock_morning", rf"(?P<hh>\d{{1,2}}|{NUMW})(?:\s+o'clock)?\s+in\s+the\s+(?P<pod>morning|afternoon|evening)", 5))
        R.append(("pod_bare", rf"(?:(?P<pm>mid)[-\s]?(?P<pod>morning|afternoon|day)\b|\b(?P<pod2>overnight)\b)(?:\s+(?:on\s+)?(?:(?P<rd>yesterday|today|tomorrow)|(?P<wd>{WD}))\b)?", 1))
        R.append(("holiday", r"(?:(?P<rel>last|next|this)\s+)?(?P<h>(?-i:Christmas\s+Day|Christmas\s+Eve|Christmas|New\s+Year's\s+Day|New\s+Year's\s+Eve|New\s+Year's|Independence\s+Day|Halloween|Valentine's\s+Day|Boxing\s+Day|Bastille\s+Day|Armistice\s+Day|Veterans\s+Day|Remembrance\s+Day|Thanksgiving(?:\s+Day)?|Labor\s+Day|Memorial\s+Day|Election\s+Day))", 3))
        R.append(("set_every", rf"(?P<q>every|each|per|a|an)\s+(?:(?P<n>other|{NUM})\s+)?(?:(?P<unit>{UNIT_SG}|{SEASON})|(?P<wd>{WD})|(?P<mon>{MON_FULL}))\b(?!-)", 2))
        R.append(("set_word", rf"\b(?P<w>{_alt(L['sets'])})\b", 2))
        R.append(("set_plural", rf"(?:(?P<pre>on|every)\s+)?(?P<wd>{WD})(?:s\b(?:\s+(?P<pod>{PODS})\b)?|\s+(?P<pod2>{PODS})\b)", 2))
        R.append(("present", rf"\b(?P<w>{_alt([w for w in L['present_ref'] if w not in L['ref_words_needing_context']])})\b", 1))
        R.append(("past", rf"\b(?P<w>{_alt([w for w in L['past_ref'] if w not in L['ref_words_needing_context'] and w not in ('previously', 'formerly')])})\b(?!\s+(?:\d|{NUMW}\b|few|several|two|three|year|week|month|decade|day|quarter))", 1))
        R.append(("future", rf"\b(?P<w>{_alt([w for w in L['future_ref'] if w not in L['ref_words_needing_context'] and w not in ('later', 'eventually', 'shortly')])})\b", 1))
        self.rules = []
        for name, pat, prio in R:
            if not pat.startswith(("(?<", "\\b", "(?-i:^")):
                pat = r"(?<![\w'])" + pat
            self.rules.append((name, re.compile(pat, re.I), prio))
        # Trigger words: a rule only runs in windows around the words it needs (speed).
        stop = {"the", "at", "in", "a", "an", "for", "to", "as", "of", "on", "this", "so", "one", "now"}
        cls: dict[str, set] = {}

        def add(words, c):
            for w in words:
                for part in re.findall(r"[a-z]+", w.lower()):
                    if part not in stop or w == part:
                        cls.setdefault(part, set()).add(c)
        add(self.months, "month")
        add(list(self.weekdays) + [w + "s" for w in self.weekdays], "weekday")
        add(list(units) + ["half", "period", "quarter", "quarters"], "unit")
        add(L["seasons"], "season")
        add(["today", "tonight", "yesterday", "tomorrow"], "relday")
        add(list(L["parts_of_day"]), "pod")
        add(L["present_ref"] + L["past_ref"] + L["future_ref"], "ref")
        add(list(L["sets"]) + ["every", "each", "per"], "set")
        add(["christmas", "new", "independence", "halloween", "valentine", "boxing", "bastille", "armistice",
             "veterans", "remembrance", "thanksgiving", "labor", "memorial", "election"], "holiday")
        add(["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"], "decw")
        add(["century"], "century")
        add(["nineteen", "eighteen", "thousand", "twenty"], "spelled")
        self.trigger_words = cls
        self.rule_classes = {
            "iso": {"digit"}, "numeric": {"digit"}, "ym_compact": {"digit"}, "year": {"digit"},
            "q_code": {"digit"}, "decade": {"digit"}, "decade_w": {"decw"}, "spelled_year": {"spelled"}, "century": {"century"},
            "mdy": {"month"}, "dmy": {"month"}, "my": {"month"}, "month": {"month"}, "dateline_md": {"month"},
            "quarter": {"unit"}, "the_quarter": {"unit"}, "quarter_ago": {"unit"}, "that_unit": {"unit"}, "nine_months": {"unit"}, "rel_unit": {"unit", "season"},
            "the_unit": {"unit"}, "season": {"season"}, 
            "duration": {"unit"}, "duration_adj": {"unit"}, "the_past_unit": {"unit"},
            "bare_plural": {"unit"}, "recent_unit": {"unit"}, "year_earlier": {"unit"}, "relday": {"relday"},
            "pod_rel": {"pod"}, "weekday": {"weekday"}, "pod_weekday": {"weekday"}, "set_plural": {"weekday"},
            "clock": {"digit", "pod"}, "clock_morning": {"pod"}, "pod_bare": {"pod"}, "holiday": {"holiday"},
            "set_every": {"unit", "weekday", "month", "season"}, "set_word": {"set"},
            "present": {"ref"}, "past": {"ref"}, "future": {"ref"},
        }
        self.year_re = re.compile(YEAR)
        self.FUTURE_CUES = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in L["future_cues"]) + r")\b", re.I)
        self.PAST_CUES = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in L["past_cues"]) + r")\b", re.I)

    def number(self, s: str) -> Optional[float]:
        s = s.lower().strip()
        s = re.sub(r"\s+", " ", s)
        if re.fullmatch(r"\d+(\.\d+)?", s):
            return float(s)
        m = re.fullmatch(r"(\d+)\s*(?:1/2|½)", s)
        if m:
            return int(m.group(1)) + 0.5
        m = re.fullmatch(r"(.+?) and a half", s)
        if m:
            b = self.number(m.group(1))
            return b + 0.5 if b is not None else None
        if s in self.numbers:
            return float(self.numbers[s])
        parts = re.split(r"[- ]", s)
        if len(parts) == 2 and parts[0] in self.numbers and parts[1] in self.numbers:
            return float(self.numbers[parts[0]] + self.numbers[parts[1]])
        return None

    def month(self, s: str) -> int:
        return self.months[s.lower().rstrip(".")]

    def weekday(self, s: str) -> int:
        return self.weekdays[s.lower().rstrip(".")]


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    return Grammar()


# --------------------------------------------------------------------------- detection

_WORD = re.compile(r"[A-Za-z]+|\d+")
# A rule runs over the text around its trigger words: this many characters before and
# after a trigger (per rule; the default otherwise). Longest expressions in TempEval-3 set them.
WINDOW = (60, 45)
RULE_WINDOWS = {"year": (26, 12), "decade": (24, 8), "iso": (2, 30), "numeric": (8, 12), "ym_compact": (2, 10),
                "q_code": (4, 10), "clock": (30, 32), "duration": (50, 26), "duration_adj": (22, 16),
                "quarter": (40, 40), "quarter_ago": (40, 40), "set_every": (20, 12), "future": (14, 12), "present": (14, 12),
                "past": (14, 12), "rel_unit": (26, 12), "nine_months": (24, 10), "recent_unit": (20, 10),
                "the_quarter": (30, 40), "the_unit": (22, 10), "the_past_unit": (26, 10),
                "bare_plural": (16, 10), "year_earlier": (8, 30), "month": (32, 12), "mdy": (24, 20),
                "dmy": (30, 24), "my": (24, 26)}


def _spots(text: str, g: Grammar) -> dict[str, list[int]]:
    """Per trigger class, the start offsets of its words in the text."""
    tw = g.trigger_words
    spots: dict[str, list[int]] = {}
    for m in _WORD.finditer(text):
        w = m.group()
        if w[0].isdigit():
            spots.setdefault("digit", []).append(m.start())
            continue
        c = tw.get(w.lower())
        if c:
            for k in c:
                spots.setdefault(k, []).append(m.start())
    return spots


def _candidates(text: str, g: Grammar) -> list[Cand]:
    out = []
    spots = _spots(text, g)
    n = len(text)
    for name, rx, prio in g.rules:
        pos: list[int] = []
        for k in g.rule_classes.get(name, ()):
            pos += spots.get(k, [])
        if not pos:
            continue
        pos.sort()
        before, after = RULE_WINDOWS.get(name, WINDOW)
        merged: list[list[int]] = []
        for p in pos:
            lo, hi = max(0, p - before), min(n, p + after)
            if merged and lo <= merged[-1][1]:
                merged[-1][1] = hi
            else:
                merged.append([lo, hi])
        for lo, hi in merged:
            lo0 = lo
            while lo > 0 and not text[lo - 1].isspace() and lo0 - lo < 30:
                lo -= 1
            for m in rx.finditer(text, lo, hi):
                if m.end() > m.start():
                    out.append(Cand(m.start(), m.end(), name, m, prio))
    return out


def _select(cands: list[Cand]) -> list[Cand]:
    """Longest first, then priority: keep the candidates that overlap none kept before."""
    import bisect

    cands.sort(key=lambda c: (-(c.end - c.start), -c.prio, c.start))
    starts: list[int] = []   # kept spans, sorted by start (they never overlap)
    ends: list[int] = []
    out = []
    for c in cands:
        k = bisect.bisect_left(starts, c.end)  # kept spans starting before c ends
        if k and ends[k - 1] > c.start:
            continue
        starts.insert(k, c.start)
        ends.insert(k, c.end)
        out.append(c)
    out.sort(key=lambda c: c.start)
    return out


# --------------------------------------------------------------------------- resolution

@dataclass
class State:
    anchor: Anchor
    text: str
    last_quarter: Optional[tuple[int, int, int]] = None   # (pos, year, q)
    last_date: Optional[tuple[int, date, str]] = None    # (pos, day, granularity)


UNIT_CODE = {"S": ("T", "S"), "M": ("", "M"), "H": ("T", "H")}


def _dur(n: Optional[float], code: str, unit_word: str) -> str:
    """TIMEX duration value: P3D, PT5H, P2Y6M, P10Y for a decade, PXY when n is vague."""
    time_unit = unit_word.lower() in lexicon()["time_units"]
    if code == "2W":
        n, code = (n * 2 if n is not None else None), "W"
    if code == "DE":
        n, code = (n * 10 if n is not None else None), "Y"
        if n is None:
            return "PXDE"
    if code == "CE":
        n, code = (n * 100 if n is not None else None), "Y"
        if n is None:
            return "PXCE"
    if code == "WE":
        return "P2D" if n == 1 else ("PXWE" if n is None else f"P{int(n * 2)}D")
    if n is None:
        return ("PTX" if time_unit else "PX") + code
    if n != int(n):
        whole, half = int(n), n - int(n)
        if code == "Y":
            return f"P{whole}Y6M" if whole else "P6M"
        if code == "H":
            return f"PT{whole}H30M" if whole else "PT30M"
        if code == "D":
            return f"P{whole}DT12H" if whole else "PT12H"
        if code == "M" and not time_unit:
            return f"P{whole}M15D" if whole else "P15D"
        n = round(n)
    return ("PT" if time_unit else "P") + f"{int(n)}{code}"


def _shift(d: date, n: int, code: str) -> tuple[str, str]:
    """The day ``n`` units from ``d`` (negative: back), as a value at the unit's precision."""
    if code in ("D", "WE"):
        nd = d + timedelta(days=n)
        return v_day(nd), "day"
    if code == "W":
        return v_week(d + timedelta(weeks=n)), "part-of-year"
    if code == "2W":
        return v_week(d + timedelta(weeks=2 * n)), "part-of-year"
    if code == "M":
        y, m = add_months(d.year, d.month, n)
        return f"{y:04d}-{m:02d}", "month"
    if code == "Q":
        y, m = add_months(d.year, d.month, 3 * n)
        return f"{y:04d}-Q{(m - 1) // 3 + 1}", "part-of-year"
    if code == "Y":
        return f"{d.year + n:04d}", "year"
    if code == "DE":
        return f"{(d.year + 10 * n) // 10:03d}X", "decade"
    if code == "CE":
        return f"{(d.year + 100 * n) // 100:02d}XX", "decade"
    return v_day(d + timedelta(days=n)), "day"


def _future_context(st: State, start: int) -> bool:
    """Whether the clause before ``start`` speaks of the future ("will meet on Monday")."""
    g = grammar()
    left = st.text[max(0, start - TENSE_WINDOW):start]
    cut = max(left.rfind(". "), left.rfind("\n"), left.rfind("; "))
    if cut >= 0:
        left = left[cut + 1:]
    fut = [f for f in g.FUTURE_CUES.finditer(left)
           if not re.search(r"\b(?:was|were|had|had\s+been)\s+$", left[max(0, f.start() - 12):f.start()])]
    if not fut:
        return False
    past = list(g.PAST_CUES.finditer(left))
    return not past or past[-1].start() < fut[-1].start()


def _resolve_weekday(st: State, wd: int, rel: Optional[str], start: int) -> Optional[date]:
    a = st.anchor.day
    if a is None:
        return None
    rel = (rel or "").lower()
    back = (a.isoweekday() - wd) % 7
    if rel in ("next", "coming"):
        fwd = (wd - a.isoweekday()) % 7 or 7
        return a + timedelta(days=fwd)
    if rel in ("last", "past"):
        return a - timedelta(days=back or 7)
    if rel in ("this",):
        if back == 0:
            return a
        return a - timedelta(days=back) if _future_context(st, start) is False else a + timedelta(days=(wd - a.isoweekday()) % 7)
    if rel in ("until", "by", "from") or (back and _future_context(st, start)):
        return a + timedelta(days=(wd - a.isoweekday()) % 7)
    return a - timedelta(days=back)


def _month_day_year(st: State, mo: int, d: int, start: int = -1) -> Optional[date]:
    a = st.anchor.day
    if a is None:
        return None
    try:
        cand = date(a.year, mo, d)
    except ValueError:
        return None
    delta = (cand - a).days
    if start >= 0 and delta < 0 and -delta > 30 and _future_context(st, start):
        try:
            return date(a.year + 1, mo, d)
        except ValueError:
            return cand
    if start >= 0 and delta > 0 and _future_context(st, start):
        return cand
    try:
        if delta > MONTHDAY_FUTURE_DAYS:
            cand = date(a.year - 1, mo, d)
        elif -delta > MONTHDAY_PAST_DAYS:
            cand = date(a.year + 1, mo, d)
    except ValueError:
        pass
    return cand


def _month_year(st: State, mo: int, rel: Optional[str], start: int) -> Optional[int]:
    a = st.anchor.day
    if a is None:
        return None
    rel = (rel or "").lower()
    if rel == "last":
        return a.year if mo < a.month else a.year - 1
    if rel in ("next", "coming"):
        return a.year if mo > a.month else a.year + 1
    if rel == "this":
        return a.year
    # bare month: the nearest such month, leaning to the past; forward in a future-tense clause
    fut = _future_context(st, start)
    if fut:
        return a.year if mo >= a.month else a.year + 1
    if mo - a.month > MONTH_FUTURE_MONTHS:
        return a.year - 1
    if a.month - mo >= MONTH_PAST_MONTHS:
        return a.year + 1
    return a.year


PMODS = {"early": "START", "earlier": "START", "late": "END", "later": "END", "mid": "MID",
         "around": "APPROX", "about": "APPROX", "roughly": "APPROX", "approximately": "APPROX"}


def _pmod(s: Optional[str]) -> Optional[str]:
    if not s:
        return None
    s = re.sub(r"\s+", " ", s.lower().strip("- "))
    if s.startswith("the "):
        return {"beginning": "START", "start": "START", "end": "END", "middle": "MID",
                "close": "END"}.get(s.split()[1])
    if s.startswith("later in"):
        return "END"
    if s.startswith("earlier in") or s.startswith("early in"):
        return "START"
    return PMODS.get(s.split()[0])


DMODS = {"more than": "MORE_THAN", "over": "MORE_THAN", "longer than": "MORE_THAN",
         "at least": "EQUAL_OR_MORE", "no less than": "EQUAL_OR_MORE", "less than": "LESS_THAN",
         "under": "LESS_THAN", "fewer than": "LESS_THAN", "nearly": "LESS_THAN", "almost": "LESS_THAN",
         "just under": "LESS_THAN", "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
         "within": "EQUAL_OR_LESS", "at most": "EQUAL_OR_LESS", "about": "APPROX", "around": "APPROX",
         "roughly": "APPROX", "approximately": "APPROX", "an estimated": "APPROX", "some": "APPROX"}


def _dmod(s: Optional[str]) -> Optional[str]:
    return DMODS.get(re.sub(r"\s+", " ", s.lower())) if s else None


def _ref_year(st: State, y: str) -> Optional[int]:
    y = re.sub(r"\s+", " ", y.lower())
    if re.fullmatch(r"\d{4}", y):
        return int(y)
    if st.anchor.day is None:
        return None
    return st.anchor.day.year + {"this year": 0, "last year": -1, "next year": 1}.get(y, 0)


def _quarter_year(st: State, q: int) -> Optional[int]:
    a = st.anchor.day
    if a is None:
        return None
    cur = quarter_of(a)
    return a.year - 1 if q > cur + 1 or (q > cur and cur == 1) else a.year


def _resolve(c: Cand, st: State, g: Grammar) -> Optional[Found]:
    m, r = c.m, c.rule
    gd = m.groupdict()
    a = st.anchor.day
    S, E = c.start, c.end
    text = st.text

    def F(tp, val, mod=None, gran=None, s=S, e=E):
        return Found(s, e, tp, val, mod, gran)

    if r == "iso":
        y, mo, d = int(gd["y"]), int(gd["mo"]), int(gd["d"])
        try:
            date(y, mo, d)
        except ValueError:
            return None
        if gd["h"]:
            return F("TIME", f"{y:04d}-{mo:02d}-{d:02d}T{gd['h']}:{gd['mi']}")
        return F("DATE", f"{y:04d}-{mo:02d}-{d:02d}")
    if r == "numeric":
        a1, b1, ys = int(gd["a"]), int(gd["b"]), gd["y"]
        if gd["sep"] == "." and len(ys) == 2:
            return None
        y = int(ys) if len(ys) == 4 else (2000 + int(ys) if int(ys) < 50 else 1900 + int(ys))
        day, mo = (a1, b1) if (b1 <= 12 and st_day_first(st)) or a1 > 12 else (b1, a1)
        try:
            return F("DATE", v_day(date(y, mo, day)))
        except ValueError:
            return None
    if r == "ym_compact":
        try:
            return F("DATE", v_day(date(int(gd["y"]), int(gd["mo"]), int(gd["d"]))))
        except ValueError:
            return None
    if r in ("mdy", "dmy", "dateline_md"):
        mo, d = g.month(gd["mon"]), int(gd["d"])
        s0 = S
        if text[S:E].lower().startswith(("on ",)) and not gd.get("wd"):
            s0 = S + 3
        if r == "dateline_md":
            s0 = m.start("mon")
        if r == "mdy" and not gd.get("wd"):
            s0 = m.start("mon")
        if gd.get("y"):
            try:
                dd = date(int(gd["y"]), mo, d)
            except ValueError:
                return None
            return F("DATE", v_day(dd), s=s0)
        if a is None:
            return F("DATE", f"XXXX-{mo:02d}-{d:02d}", gran="vague", s=s0)
        dd = _month_day_year(st, mo, d, S)
        if gd.get("wd") and dd is not None:
            # "Thursday, July 27": trust the weekday to pick the year
            wd = g.weekday(gd["wd"])
            for yy in (a.year, a.year - 1, a.year + 1):
                try:
                    if date(yy, mo, d).isoweekday() == wd:
                        dd = date(yy, mo, d)
                        break
                except ValueError:
                    pass
        return F("DATE", v_day(dd), s=s0) if dd else None
    if r == "my":
        ys = re.sub(r"\s+", " ", gd["y"].lower())
        mo = g.month(gd["mon"])
        if ys.endswith("year"):
            if a is None:
                return F("DATE", f"XXXX-{mo:02d}", _pmod(gd.get("pm")), gran="vague")
            y = a.year + {"this year": 0, "last year": -1, "next year": 1}[ys]
        else:
            y = int(ys)
        return F("DATE", f"{y:04d}-{mo:02d}", _pmod(gd.get("pm")))
    if r == "month":
        mon = gd["mon"]
        rel = (gd.get("rel") or "")
        rel_l = re.sub(r"\s+", " ", rel.lower())
        if mon.lower() in ("may", "march") and not rel:
            # modal/verb readings: need a cue before it
            left = text[max(0, S - 12):S].lower()
            if not re.search(r"\b(?:in|since|until|till|by|of|from|through|during|before|after|to|and|or|between|late|early|mid|last|next|this)\s*$", left):
                return None
        if not rel:
            left = text[max(0, S - 6):S]
            if re.search(r"\b(?:the)\s+$", left) and mon.lower() != "may":
                pass
        mo = g.month(mon)
        mod = _pmod(rel_l) if rel_l not in ("this", "last", "next", "coming", "past", "previous", "following", "current") else None
        yy = _month_year(st, mo, rel_l if not mod else None, S)
        if yy is None:
            return F("DATE", f"XXXX-{mo:02d}", mod, gran="vague")
        return F("DATE", f"{yy:04d}-{mo:02d}", mod)
    if r == "year":
        y = int(gd["y"])
        if not (YEAR_MIN <= y <= YEAR_MAX):
            return None
        pm = (gd.get("pm") or "").lower()
        if not pm and m.start("y") > 0 and text[m.start("y") - 1] == "-":
            return None
        s0 = S
        if pm and re.match(r"(the\s+)?(year|summer|spring|winter|autumn|fall)", pm):
            sea = re.match(r"(?:the\s+)?(summer|spring|winter|autumn|fall)", pm)
            if sea:
                return F("DATE", f"{y:04d}-{lexicon()['seasons'][sea.group(1)]}")
            s0 = m.start("y")
        if gd.get("yr2"):
            return F("DATE", f"{y:04d}", s=s0)
        # avoid numbers that are plainly not years: "1,500", "$1990", "2000 people"
        after = text[E:E + 25].lower()
        if re.match(r"\s*(?:people|troops|soldiers|workers|jobs|tons|tonnes|miles|km|kilometers|meters|feet|"
                    r"shares|points|barrels|units|cars|homes|houses|dollars|euros|pounds|yen|men|women|children|"
                    r"votes|deaths|cases|rounds|copies|acres|hectares|calories|rpm|cc|hp|mw|kw|gb|mb)\b", after):
            return None
        before = text[max(0, S - 12):S].lower()
        if re.search(r"(?:no\.|number|nos\.|route|flight|room|page|pp\.|model|rule|item|code)\s*$", before):
            return None
        mod = _pmod(pm) if pm and pm not in ("fiscal", "calendar", "pre", "post", "mid-year") else None
        if pm in ("pre", "post"):
            s0 = S
        return F("DATE", f"{y:04d}", mod, s=s0)
    if r == "decade":
        pm = (gd.get("pm") or "").lower()
        s0 = S
        if not pm:
            s0 = m.start("c") if gd.get("c") else m.start("ap")
        if gd.get("c"):
            val = f"{gd['c']}X"
        else:
            c2 = int(gd["c2"])
            cent = 19 if c2 >= 2 else (20 if a is None or a.year >= 2010 else 19)
            if a is not None and c2 <= (a.year % 100) // 10 and a.year >= 2000 and c2 < 2:
                cent = 20
            val = f"{cent}{c2}X"
        return F("DATE", val, _pmod(pm), s=s0)
    if r == "spelled_year":
        if gd.get("c"):
            n = g.number(gd["yy"])
            if n is None:
                return None
            y = (1900 if gd["c"].lower() == "nineteen" else 1800) + int(n)
        elif gd.get("y3"):
            n = g.number(gd["y3"])
            if n is None or n < 10:
                return None
            y = 2000 + int(n)
        else:
            y = 2000 + int(g.number(gd["y2"]) or 0) if gd.get("y2") else 2000
            if not gd.get("the") and not gd.get("y2") and not re.search(r"\b(?:in|by|since|until|of|the)\s+$", text[max(0, S - 8):S]):
                return None
        return F("DATE", f"{y:04d}")
    if r == "decade_w":
        w = gd["w"].lower()
        n = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
             "eighties": 8, "nineties": 9}[w]
        # "in his forties" is an age, not a decade
        if re.search(r"\b(?:his|her|their|my|your|our|its)\s+(?:early\s+|late\s+|mid-?)?$", text[max(0, S - 16):S], re.I):
            return None
        return F("DATE", f"19{n}X", _pmod(gd.get("pm")))
    if r == "century":
        n_s = gd["n"].lower()
        words = {"nineteenth": 19, "twentieth": 20, "twenty-first": 21, "eighteenth": 18}
        n = words.get(n_s) or (int(re.match(r"\d+", n_s).group()) if re.match(r"\d+", n_s) else lexicon()["ordinals"].get(n_s))
        if not n or n < 1:
            return None
        return F("DATE", f"{n - 1:02d}XX", _pmod(gd.get("pm")), gran="decade")
    if r in ("quarter",):
        ordw = gd["ord"].lower()
        qn = lexicon()["ordinals"].get(ordw)
        unit = gd["unit"].lower()
        if unit == "period":
            return None
        if unit == "quarter" and qn not in (1, 2, 3, 4, -1):
            return None
        if unit == "half" and (qn not in (1, 2, -1) or not (gd.get("y") or gd.get("yrs"))):
            return None  # "the first half" of a match or a report: only a half of a named year is a date
        if qn == -1:
            qn = 4 if unit == "quarter" else 2
        ys = gd.get("y") or gd.get("yrs")
        rel = (gd.get("rel") or "").lower()
        s0 = S
        # "the third-quarter profit": a modifier, "the" stays out
        if gd.get("the") and re.match(r"\s*(?:[a-z]+)", text[E:E + 12]) and "-" in text[S:E] and not re.match(r"\s*(?:of|and|to|in|,|\.)\b", text[E:E + 6]):
            s0 = m.start("rel") if gd.get("rel") else (m.start("yrs") if gd.get("yrs") else m.start("ord"))
        y = _ref_year(st, ys) if ys else (_quarter_year(st, qn) if unit == "quarter" else (a.year if a else None))
        if rel in ("last", "previous") and a and not ys:
            y = a.year - 1 if unit == "half" else y
        if rel in ("year-earlier", "year-ago") and y is not None:
            y -= 1
        code = f"Q{qn}" if unit == "quarter" else f"H{qn}"
        if y is None:
            return F("DATE", f"XXXX-{code}", gran="vague", s=s0)
        st.last_quarter = (S, y, qn if unit == "quarter" else 0)
        return F("DATE", f"{y:04d}-{code}", s=s0)
    if r == "quarter_ago":
        if a is None:
            return F("DATE", "XXXX-QX", gran="vague")
        if st.last_quarter and S - st.last_quarter[0] < QUARTER_CONTEXT_CHARS and st.last_quarter[2]:
            y, q = st.last_quarter[1], st.last_quarter[2]
        else:
            yy, mm = add_months(a.year, a.month, -3)
            y, q = yy, (mm - 1) // 3 + 1
        return F("DATE", f"{y - 1:04d}-Q{q}")
    if r == "that_unit":
        unit = gd["unit"].lower()
        pm = _pmod(gd.get("pm"))
        if unit == "quarter":
            if not (st.last_quarter and S - st.last_quarter[0] < DISCOURSE_CHARS and st.last_quarter[2]):
                return None
            return F("DATE", f"{st.last_quarter[1]:04d}-Q{st.last_quarter[2]}", pm)
        if not (st.last_date and S - st.last_date[0] < DISCOURSE_CHARS):
            return None
        d0, g0 = st.last_date[1], st.last_date[2]
        if unit == "year":
            return F("DATE", f"{d0.year:04d}", pm)
        if unit == "month" and g0 in ("day", "month"):
            return F("DATE", f"{d0.year:04d}-{d0.month:02d}", pm)
        if unit == "week" and g0 == "day":
            return F("DATE", v_week(d0), pm, gran="part-of-year")
        if unit == "day" and g0 == "day":
            return F("DATE", v_day(d0), pm)
        return None
    if r == "q_code":
        q = gd["q"].upper()
        y = int(gd["y"]) if gd.get("y") else (_quarter_year(st, int(q[1])) if q[0] == "Q" else (a.year if a else None))
        if y is None:
            return F("DATE", f"XXXX-{q}", gran="vague")
        return F("DATE", f"{y:04d}-{q}")
    if r == "the_quarter":
        rel = (gd.get("rel") or "").lower()
        unit = gd["unit"].lower()
        if unit == "period" and rel not in ("year-earlier", "year-ago", "prior-year", "comparable", "same", "latest") and not gd.get("yq"):
            return None
        if a is None:
            return F("DATE", "XXXX-QX", gran="vague")
        if gd.get("emon"):
            dd = _month_day_year(st, g.month(gd["emon"]), int(gd["ed"]))
            if dd is None:
                return None
            dd = dd - timedelta(days=45)  # a quarter ended on D covers the three months before D
            y, q = dd.year, quarter_of(dd)
            if rel not in ("year-earlier", "year-ago", "prior-year", "comparable"):
                st.last_quarter = (S, y, q)
        elif st.last_quarter and S - st.last_quarter[0] < QUARTER_CONTEXT_CHARS and st.last_quarter[2] \
                and rel not in ("latest", "just-ended", "recent", "previous"):
            y, q = st.last_quarter[1], st.last_quarter[2]
        else:
            yy, mm = add_months(a.year, a.month, -3)
            y, q = yy, (mm - 1) // 3 + 1
        if q == 0:
            return None
        if rel in ("year-earlier", "year-ago", "prior-year", "comparable"):
            y -= 1
        if gd.get("yq"):
            y = int(gd["yq"])
        return F("DATE", f"{y:04d}-Q{q}")
    if r == "nine_months":
        n = {"nine": 9, "six": 6, "three": 3, "six-month": 6, "nine-month": 9}[gd["n"].lower()]
        return F("DURATION", f"P{n}M")
    if r == "year_earlier":
        w = gd["w"].lower()
        tail = (gd.get("n") or "").lower()
        s0 = S
        if not tail and gd.get("the"):
            s0 = m.start("w")
        if tail in ("level", "results", "figure", "quarterly"):
            E2 = m.start("n") - 1
            return _year_earlier(st, S if gd.get("the") and False else m.start("w"), E2)
        if "month" in tail:
            return F("DURATION", "P9M" if "nine" in tail else ("P6M" if "six" in tail else "P3M"), s=s0)
        return _year_earlier(st, s0, E)
    if r == "duration" and gd.get("dir"):
        unit = gd["unit"].lower()
        code = g.units.get(unit, "D")
        n = g.number(gd["n"])
        dirn = re.sub(r"\s+", " ", gd["dir"].lower())
        mod = _dmod(gd.get("dm"))

        if dirn in ("since",):
            return None
        if n is None:
            return F("DATE", "PAST_REF" if dirn in ("ago", "earlier", "before", "back", "previously") else "FUTURE_REF", mod)
        sign = -1 if dirn in ("ago", "earlier", "before", "back", "previously") else 1
        if a is None:
            return F("DATE", None, mod, gran="vague")
        narrative = dirn in ("later", "after") or (dirn in ("earlier", "before") and unit in lexicon()["time_units"])
        if narrative:
            # "three days later", "six minutes later": counted from the story's last named
            # day, not from the publication; with no day to count from the value stays open
            if unit in lexicon()["time_units"] or not (st.last_date and S - st.last_date[0] < DISCOURSE_CHARS
                                                       and st.last_date[2] == "day"):
                return F("TIME" if unit in lexicon()["time_units"] else "DATE", None, mod, gran="vague")
            val, gran = _shift(st.last_date[1], sign * int(round(n)), code)
            return F("DATE", val, mod, gran=gran)
        if unit in lexicon()["time_units"]:
            hours = n if code == "H" else n / 60
            base = datetime(a.year, a.month, a.day, st.anchor.hour or 0, st.anchor.minute or 0)
            t = base + sign * timedelta(hours=hours)
            if st.anchor.hour is None:
                return F("DATE", v_day(t.date()), mod)
            return F("TIME", t.strftime("%Y-%m-%dT%H:%M"), mod)
        if code == "Y" and sign < 0 and dirn in ("earlier", "before") or (code == "Y" and n == 1 and sign < 0):
            ye = _year_earlier(st, S, E, years=int(n))
            if ye:
                ye.mod = mod
                return ye
        if n != int(n):
            n = round(n)
        val, gran = _shift(a, sign * int(n), code)
        return F("DATE", val, mod, gran=gran)
    if r in ("duration", "duration_adj"):
        unit = gd["unit"].lower()
        code = g.units.get(unit)
        if code is None:
            return None
        n = g.number(gd["n"])
        lead = (gd.get("lead") or "").lower()
        nw = gd["n"].lower()
        mod = _dmod(gd.get("dm"))
        if r == "duration" and nw in ("a", "an", "one", "per") and not lead:
            # "a year" after a rate ("$5 a year", "twice a day") is a set
            left = text[max(0, S - 25):S].lower()
            if re.search(r"(?:times|twice|once|thrice)\s*$", left):
                return F("SET", _dur(1, code, unit) if code not in ("WE",) else "P1W")
            if re.search(r"(?:\d|%|million|billion|dollars|cents|percent|[a-z]s)\s*$", left) and not re.search(r"\b(?:for|in|of|within|after|over|about|than|nearly|almost|last|past|took|take|takes)\s*$", left):
                return None
        if r == "duration" and nw in ("a", "an") and unit in ("second",) :
            return None
        if code == "Q" and (re.match(r"\s+of\b", text[E:E + 4]) or "-" in text[m.start("n"):m.end("unit")]
                            or re.search(r"(?:three|one)\s*$", nw)):
            return None
        if r == "duration" and nw in ("some",) and not mod:
            n = None
        if r == "duration" and re.fullmatch(r"\d+(\.\d+)?", nw) and unit in ("second", "seconds", "min", "mins", "minute", "minutes") and re.search(r"\d\s*$", text[max(0, S - 3):S]):
            return None
        if gd.get("orso"):
            mod = mod or "APPROX"
        if nw in lexicon()["vague_numbers"] or nw.startswith("the next few"):
            n = None
        if gd.get("n2"):
            mod = mod or "EQUAL_OR_MORE"
        if lead.startswith(("the first", "first", "the final", "final", "the remaining", "the initial", "the same")):
            pass
        if code == "WE" and unit.startswith("weekend"):
            return None
        # "the past" / "the last" inside a duration keep the article: TimeML
        return F("DURATION", _dur(n, code, unit), mod)
    if r == "the_past_unit":
        unit = gd["unit"].lower()
        code = g.units.get(unit, "D")
        lead = gd["lead"].lower()
        s0 = S
        if lead.startswith("over "):
            s0 = S + 5
        if code == "D" and unit == "night":
            return F("DURATION", "P1D", s=s0)
        return F("DURATION", _dur(1, code, unit), s=s0)
    if r == "bare_plural":
        unit = gd["unit"].lower()
        code = g.units.get(unit, "D")
        return F("DURATION", _dur(None, code, unit), s=m.start("unit"))
    if r == "recent_unit":
        w = re.sub(r"\s+", " ", gd["w"].lower())
        unit = gd["unit"].lower()
        code = g.units.get(unit, "D")
        if w in ("recent", "past", "previous", "last few", "past few"):
            if w in ("past few", "last few") or gd.get("the") or (w == "recent" and unit != "days"):
                # TimeBank reads "recent weeks/months/years" as vague durations; "recent days" as the past
                return F("DURATION", _dur(None, code, unit))
            return F("DATE", "PAST_REF")
        return F("DATE", "FUTURE_REF") if not gd.get("the") or w in ("coming", "upcoming") else F("DURATION", _dur(None, code, unit))
    if r == "rel_unit":
        rel = re.sub(r"\s+", " ", gd["rel"].lower())
        unit = gd["unit"].lower()
        pm = _pmod(gd.get("pm"))
        if re.fullmatch(r"(?:This|Next|Last)\s+[A-Z]\w+", text[S:E]) and S > 0 and text[S - 1] in "\"'`":
            return None
        s0 = S
        if gd.get("pm") and gd["pm"].lower() in ("earlier", "later"):
            s0 = m.start("rel")  # TimeBank leaves "earlier"/"later" out of the span; the mod keeps it
        if unit in lexicon()["seasons"]:
            return _season(st, unit, rel, pm, s0, E)
        code = {"week": "W", "weekend": "WE", "month": "M", "year": "Y", "quarter": "Q",
                "decade": "DE", "century": "CE", "season": "S"}[unit]
        if code == "S":
            return None
        n = {"this past": -1, "this coming": 1, "this": 0, "current": 0, "the current": 0, "the same": 0, "last": -1, "previous": -1,
             "the previous": -1, "next": 1, "coming": 1, "following": 1, "the following": 1}[rel]
        if a is None:
            return F("DATE", {"Y": "XXXX", "M": "XXXX-XX", "W": "XXXX-WXX", "Q": "XXXX-QX"}.get(code, "XXXX"), pm, gran="vague", s=s0)
        base = a
        if rel in ("the previous", "the following", "the same") and st.last_date and S - st.last_date[0] < DISCOURSE_CHARS:
            base = st.last_date[1]
        elif rel in ("the previous", "the following", "the same"):
            return None
        if code == "WE":
            d = base + timedelta(days=7 * n)
            if n == 0 and base.isoweekday() <= 3 and not _future_context(st, m.start("rel")):
                d = base - timedelta(days=7)  # said on a Tuesday, in the past tense: the weekend just gone
            return F("DATE", v_week(d) + "-WE", pm, gran="part-of-year", s=s0)
        val, gran = _shift(base, n, code)
        return F("DATE", val, pm, gran=gran, s=s0)
    if r == "the_unit":
        unit = gd["unit"].lower()
        pre = gd.get("pre")
        pm = _pmod(re.sub(r"\s+in$", "", pre.strip())) if pre else None
        s0 = S + len(pre) if pre and not pre.lower().startswith("the") else S
        if gd.get("ended"):
            return F("DURATION", _dur(1, g.units[unit], unit), s=s0, e=m.start("ended"))
        if unit == "year":
            if a is None:
                return F("DATE", "XXXX", pm, gran="vague", s=s0)
            return F("DATE", f"{a.year:04d}", pm, s=s0)
        if unit == "week":
            return F("DATE", v_week(a) if a else "XXXX-WXX", pm, s=s0, gran=None if a else "vague")
        if unit == "weekend":
            return F("DURATION", "P2D", s=s0) if not a else F("DATE", v_week(a - timedelta(days=(a.isoweekday() % 7) if a.isoweekday() < 6 else 0)) + "-WE", s=s0, gran="part-of-year")
        if unit == "month":
            return F("DATE", f"{a.year:04d}-{a.month:02d}" if a else "XXXX-XX", pm, s=s0, gran=None if a else "vague")
        if unit == "day":
            if not pre or a is None:
                return None
            return F("DATE", v_day(a), pm, s=s0)
    if r == "season":
        pm = (gd.get("pm") or "").lower()
        s = gd["s"].lower()
        if gd.get("y"):
            sea = lexicon()["seasons"][s]
            s0 = S if pm in ("early", "late", "mid", "the") else m.start("s")
            return F("DATE", f"{int(gd['y']):04d}-{sea}", _pmod(pm) if pm in ("early", "late", "mid") else None, s=s0)
        if not pm:
            return None
        if s == "fall" and pm not in ("this", "last", "next", "early", "late", "the"):
            return None
        if s == "spring" and pm not in ("this", "last", "next", "early", "late", "the", "in", "during"):
            return None
        s0 = S if pm in ("this", "last", "next", "early", "late", "mid") else m.start("s")
        if pm == "the":
            s0 = S
            # "the fall of Kabul": not a season
            if re.match(r"\s+of\b", text[E:E + 4]):
                return None
        rel = pm if pm in ("this", "last", "next") else "this"
        res = _season(st, s, rel, _pmod(pm) if pm in ("early", "late", "mid") else None, s0, E)
        return res
    if r == "relday":
        w = re.sub(r"\s+", " ", gd["w"].lower())
        pod = (gd.get("pod") or "").lower()
        off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
               "the day after tomorrow": 2}[w]
        pm = _pmod(gd.get("pm"))
        e0 = E
        if text[S:E].lower().endswith("'s") and not pod:
            e0 = E - 2
        if w == "today" and not pod and not pm:
            # "today's world" / "in today's society": a present reference
            if re.match(r"'s\s+(?:world|society|economy|standards|market|environment|young|youth)", text[E - 2 if text[S:E].endswith("'s") else E:E + 20].lower()):
                return F("DATE", "PRESENT_REF", e=e0)
        if a is None:
            return F("DATE", "PRESENT_REF" if off == 0 and w == "today" else None, pm, gran="vague", e=e0)
        d = a + timedelta(days=off)
        if w == "tonight":
            return F("TIME", v_day(d) + "TNI", pm, e=e0)
        if pod:
            return F("TIME", v_day(d) + "T" + _podcode(pod), pm, e=e0)
        return F("DATE", v_day(d), pm, e=e0)
    if r == "pod_rel":
        rel = re.sub(r"\s+", " ", gd["rel"].lower())
        pod = gd["pod"].lower()
        pm = _pmod(gd.get("pm")) or ("START" if rel.startswith("early") else ("END" if rel.startswith("late ") else None))
        if a is None:
            return F("TIME", None, pm, gran="vague")
        off = 0
        if rel.endswith("last") or rel == "yesterday":
            off = -1
        if rel == "tomorrow":
            off = 1
        if rel.endswith("last") and pod in ("night",):
            off = -1
        elif rel.endswith("last"):
            off = -1
        return F("TIME", v_day(a + timedelta(days=off)) + "T" + _podcode(pod), pm)
    if r == "weekday":
        rel = (gd.get("rel") or "").lower()
        pod = (gd.get("pod") or "").lower()
        s0 = S
        keep = rel in ("last", "next", "this", "coming", "past")
        if not keep and rel:
            s0 = m.start("wd")
        wd = g.weekday(gd["wd"])
        e0 = E
        if text[S:E].endswith("'s") and not pod:
            e0 = E - 2
        mod = _pmod(rel) if rel in ("early", "late", "earlier", "later") else None
        d = _resolve_weekday(st, wd, rel if keep else None, m.start("wd"))
        if d is None:
            return F("DATE", f"XXXX-WXX-{wd}", mod, gran="vague", s=s0, e=e0)
        if pod:
            return F("TIME", v_day(d) + "T" + _podcode(pod), mod, s=s0, e=e0)
        return F("DATE", v_day(d), mod, s=s0, e=e0)
    if r == "pod_weekday":
        wd = g.weekday(gd["wd"])
        d = _resolve_weekday(st, wd, None, S)
        pod = gd["pod"].lower()
        mod = _pmod(gd.get("pm"))
        if d is None:
            return F("TIME", f"XXXX-WXX-{wd}T{_podcode(pod)}", mod, gran="vague")
        return F("TIME", v_day(d) + "T" + _podcode(pod), mod)
    if r == "clock":
        mod = "APPROX" if gd.get("dm") and gd["dm"].lower().split()[-1] in ("around", "about", "approximately") else None
        if gd.get("word"):
            w = gd["word"].lower()
            hh, mm = (12, 0) if w in ("noon", "midday") else (24, 0)
        else:
            hh = int(gd.get("hh") or gd.get("hh2"))
            mm = int(gd.get("mm") or gd.get("mm2") or 0)
            ap = (gd.get("ap") or "").lower()
            if hh > 24 or mm > 59:
                return None
            if ap.startswith("p") and hh < 12:
                hh += 12
            if ap.startswith("a") and hh == 12:
                hh = 0
        s0 = S
        if gd.get("dm") and not mod:
            s0 = m.start("word") if gd.get("word") else (m.start("hh") if gd.get("hh") else m.start("hh2"))
        d = a
        if gd.get("wd"):
            d = _resolve_weekday(st, g.weekday(gd["wd"]), None, S)
        elif gd.get("rd"):
            off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[gd["rd"].lower()]
            d = a + timedelta(days=off) if a else None
        elif gd.get("mon"):
            d = _month_day_year(st, g.month(gd["mon"]), int(gd["d"]))
        elif st.last_date and S - st.last_date[0] < 300 and st.last_date[2] == "day":
            d = st.last_date[1]
        tm = f"T{hh:02d}:{mm:02d}"
        if gd.get("word") and not (gd.get("wd") or gd.get("rd") or gd.get("mon")) \
                and re.search(r"\b(?:a|an|the|every|each)\s+$", text[max(0, S - 6):S], re.I):
            d = None  # "a midnight parade": a time of day, no day named
        if d is None:
            return F("TIME", "XXXX-XX-XX" + tm, mod, gran="vague", s=s0)
        return F("TIME", v_day(d) + tm, mod, s=s0)
    if r == "clock_morning":
        hh = g.number(gd["hh"])
        if hh is None or hh > 12:
            return None
        hh = int(hh) + (12 if gd["pod"].lower() in ("afternoon", "evening") and hh < 12 else 0)
        if a is None:
            return F("TIME", f"XXXX-XX-XXT{hh:02d}:00", gran="vague")
        return F("TIME", v_day(a) + f"T{hh:02d}:00")
    if r == "pod_bare":
        pod = (gd.get("pod") or gd.get("pod2") or "").lower()
        if pod == "day":
            return None
        if a is None:
            return F("TIME", None, gran="vague")
        d = a
        if gd.get("rd"):
            d = a + timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[gd["rd"].lower()])
        elif gd.get("wd"):
            d = _resolve_weekday(st, g.weekday(gd["wd"]), None, S)
        if pod == "overnight":
            return F("TIME", v_day(d - timedelta(days=0 if (gd.get("rd") or gd.get("wd")) else 1)) + "TNI")
        return F("TIME", v_day(d) + "T" + _podcode(pod), "MID")
    if r == "holiday":
        h = re.sub(r"\s+", " ", gd["h"].lower())
        spec = lexicon()["holidays"].get(h)
        if not spec:
            return None
        rel = (gd.get("rel") or "").lower()
        s0 = S if rel else m.start("h")
        pw = re.search(r"([A-Za-z]+)\s+$", text[max(0, S - 20):S])
        if not rel and pw and pw.group(1)[0].isupper() and pw.group(1).lower() not in (
                "on", "at", "by", "for", "before", "after", "until", "since", "over", "this", "last", "next",
                "during", "around", "from", "in", "of", "the", "and", "or", "but", "merry", "happy") \
                and not re.search(r"[.!?\n]\s*[A-Za-z]+\s+$", text[max(0, S - 22):S]):
            return None  # "illustrator Johnnie Christmas": a name
        if re.match(r"\s+(?:tree|card|gift|present|market|shopping|party|message|speech|address|truce)", text[E:E + 10], re.I):
            return None
        if a is None:
            mo = spec.split("-")[0]
            return F("DATE", f"XXXX-{mo}-XX" if "-" in spec and not spec.split("-")[1].isdigit() else f"XXXX-{spec}", gran="vague", s=s0)
        y = a.year
        d = _holiday(y, spec)
        if d is None:
            return None
        if rel == "last" or (not rel and (d - a).days > 120 and not _future_context(st, S)):
            d = _holiday(y - 1, spec) if d >= a else d
        elif rel == "next" and d <= a:
            d = _holiday(y + 1, spec)
        return F("DATE", v_day(d), s=s0) if d else None
    if r == "set_every":
        q = gd["q"].lower()
        if gd.get("wd"):
            if q in ("a", "an", "per"):
                return None
            return F("SET", f"XXXX-WXX-{g.weekday(gd['wd'])}")
        if gd.get("mon"):
            if q in ("a", "an", "per"):
                return None
            return F("SET", f"XXXX-{g.month(gd['mon']):02d}")
        unit = (gd.get("unit") or "").lower()
        if unit in lexicon()["seasons"]:
            if q in ("a", "an", "per"):
                return None
            return F("SET", f"XXXX-{lexicon()['seasons'][unit]}")
        code = g.units.get(unit)
        if not code:
            return None
        n = gd.get("n")
        k = 2 if n and n.lower() == "other" else (g.number(n) if n else 1)
        if q in ("a", "an", "per"):
            # "twice a year" is a set; "$5 a year" is a rate, not tagged in TimeML news
            left = text[max(0, S - 25):S].lower()
            if not re.search(r"(?:times|twice|once|thrice)\s*$", left):
                return None
        if code == "WE":
            return F("SET", "XXXX-WXX-WE")
        return F("SET", _dur(k, code, unit))
    if r == "set_word":
        w = gd["w"].lower()
        val = lexicon()["sets"][w]
        if re.match(r"\s+[A-Z]", text[E:E + 3]) and w in ("daily", "weekly"):
            return None  # "the Party daily Granma": a newspaper
        if w in lexicon()["set_adjectives_needing_context"]:
            # "the annual meeting", "a daily newspaper": adjectives, not times (TimeBank tags the adverb)
            nxt = text[E:E + 15]
            if re.match(r"\s+[a-z]", nxt) and not re.match(r"\s+(?:and|or|but|to|in|on|at|for|by|since|from|with|until|after|before|as|than)\b", nxt):
                if w not in ("daily", "weekly"):  # TimeBank tags these adjectives too
                    return None
        return F("SET", val)
    if r == "set_plural":
        wd = g.weekday(gd["wd"])
        pod = (gd.get("pod") or gd.get("pod2") or "").lower()
        s0 = S if gd.get("pre") and gd["pre"].lower() == "every" else m.start("wd")
        return F("SET", f"XXXX-WXX-{wd}" + (f"T{_podcode(pod)}" if pod else ""), s=s0)
    if r == "present":
        return F("DATE", "PRESENT_REF")
    if r == "past":
        w = gd["w"].lower()
        if w == "the past" and re.match(r"\s+(?:is|was|has|had|decade|year|month|week)\b", text[E:E + 10]):
            return None
        return F("DATE", "PAST_REF")
    if r == "future":
        w = gd["w"].lower()
        if w == "soon" and re.search(r"\bas\s+$", text[max(0, S - 4):S].lower()) and not re.match(r"\s+as\s+possible", text[E:E + 13]):
            return None
        return F("DATE", "FUTURE_REF")
    return None


def st_day_first(st: State) -> bool:
    return getattr(st, "day_first", True)


def _podcode(pod: str) -> str:
    code = lexicon()["parts_of_day"].get(pod.lower(), "")
    return code[1:] if code.startswith("T") else code


def _season(st: State, s: str, rel: str, pm: Optional[str], S: int, E: int) -> Optional[Found]:
    sea = lexicon()["seasons"][s]
    a = st.anchor.day
    if a is None:
        return Found(S, E, "DATE", f"XXXX-{sea}", pm, "vague")
    cy, cs = season_of(a)
    y = a.year if sea != "WI" else (cy if cs == "WI" else a.year)
    if rel in ("last", "previous", "the previous", "this past"):
        # the most recent such season that is over: the current one does not count
        if cs == sea:
            y = cy - 1
        else:
            y = a.year if ORDER.index(sea) < ORDER.index(cs) or sea == "WI" else a.year - 1
            if sea == "WI" and cs != "WI":
                y = a.year if a.month <= 11 else a.year
    elif rel in ("next", "coming", "following", "the following", "this coming"):
        if cs == sea:
            y = cy + 1
        else:
            y = a.year if ORDER.index(sea) > ORDER.index(cs) else a.year + 1
    else:
        y = cy if cs == sea else a.year
    return Found(S, E, "DATE", f"{y:04d}-{sea}", pm, "season")


def _holiday(y: int, spec: str) -> Optional[date]:
    mo, d = spec.split("-")
    mo = int(mo)
    if d == "ELECTION":  # US: the Tuesday after the first Monday of November
        first = date(y, 11, 1)
        monday = first + timedelta(days=(1 - first.isoweekday()) % 7)
        return monday + timedelta(days=1)
    try:
        if d.isdigit():
            return date(y, mo, int(d))
        wd = {"MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6, "SU": 7}[d[:2]]
        k = d[2:]
        first = date(y, mo, 1)
        off = (wd - first.isoweekday()) % 7
        if k == "L":
            nxt = date(y + (mo == 12), mo % 12 + 1, 1)
            last = nxt - timedelta(days=1)
            return last - timedelta(days=(last.isoweekday() - wd) % 7)
        return first + timedelta(days=off + 7 * (int(k) - 1))
    except (ValueError, KeyError):
        return None


def _year_earlier(st: State, S: int, E: int, years: int = 1) -> Optional[Found]:
    """"a year earlier", "year-ago": the reference quarter a year back in earnings talk, else the year."""
    a = st.anchor.day
    if a is None:
        return Found(S, E, "DATE", None, None, "vague")
    if st.last_quarter and S - st.last_quarter[0] < QUARTER_CONTEXT_CHARS and st.last_quarter[2]:
        _, y, q = st.last_quarter
        return Found(S, E, "DATE", f"{y - years:04d}-Q{q}", None, "part-of-year")
    return Found(S, E, "DATE", f"{a.year - years:04d}", None, "year")


# --------------------------------------------------------------------------- API

def _trim(text: str, f: Found) -> Found:
    s, e = f.start, f.end
    while e > s and text[e - 1] in " ,;:\n\t":
        e -= 1
    while s < e and text[s] in " ,;:\n\t":
        s += 1
    f.start, f.end = s, e
    return f


def _note(st: State, f: Found, gran: str) -> None:
    """Remember the last calendar date named, the reference for "the following year", "that day"."""
    val = f.value
    if val and f.type == "DATE" and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", val):
        try:
            y, mo, d = (list(map(int, val.split("-"))) + [1, 1])[:3]
            st.last_date = (f.start, date(y, mo, d), gran)
        except ValueError:
            pass


def tag(text: str, published=None, *, day_first: bool = True) -> list[Time]:
    """Every temporal expression in ``text``, resolved against ``published`` (or unresolved)."""
    if not text:
        return []
    g = grammar()
    anchor = published if isinstance(published, Anchor) else parse_anchor(published)
    st = State(anchor, text)
    st.day_first = day_first  # type: ignore[attr-defined]
    cands = _candidates(text, g)
    # drop candidates the normaliser rejects before choosing among overlapping ones
    scratch = State(anchor, text)
    scratch.day_first = day_first  # type: ignore[attr-defined]
    ok = []
    for c in sorted(cands, key=lambda c: c.start):
        try:
            f = _resolve(c, scratch, g)
        except (ValueError, KeyError, OverflowError, TypeError):
            f = None
        if f is not None:
            ok.append(c)
            _note(scratch, f, f.gran or granularity_of(f.value, f.type))
    cands = _select(ok)
    out: list[Time] = []
    for c in cands:
        try:
            f = _resolve(c, st, g)
        except (ValueError, KeyError, OverflowError, TypeError):
            f = None
        if f is None:
            continue
        f = _trim(text, f)
        if f.end <= f.start:
            continue
        val = f.value
        gran = f.gran or granularity_of(val, f.type)
        if val and anchor.day is None and (val.startswith("X") or val.endswith("_REF") or "XX" in val):
            gran = "vague"
        _note(st, f, gran)
        out.append(Time(text=text[f.start:f.end], start=f.start, end=f.end, type=f.type,
                        value=val, granularity=gran, mod=f.mod))
    return out
