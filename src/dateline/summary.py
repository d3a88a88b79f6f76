"""A readable summary of one record, for `dateline extract --format text` and `make run`."""
from __future__ import annotations

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .record import Record


def summarise(rec: Record):
    ents = {e.id: e for e in rec.entities}

    def name(eid):
        return ents[eid].name if eid in ents else "?"

    m = rec.meta
    head = Text()
    head.append(m.title or (m.lede or rec.text)[:90], style="bold")
    head.append(f"\n{rec.source.path or rec.source.url or ''}  id {rec.id}", style="dim")
    head.append(f"\npublished {m.published or '?'}  outlet {m.outlet or '?'}  section {m.section or '-'}")
    for w in m.warnings:
        head.append(f"\nwarning: {w}", style="yellow")
    parts = [head]
    if rec.entities:
        t = Table("entity", "type", "titles", "country", "sector", "where", title="Who and where", expand=True)
        for e in rec.entities:
            where = f"{e.geo.lat:.2f},{e.geo.lon:.2f} ({e.geo.precision})" if e.geo else ""
            t.add_row(e.name, e.type, ", ".join(e.titles), e.country or "", e.sector or "", where)
        parts.append(t)
    if rec.times:
        t = Table("expression", "value", "granularity", title="When", expand=True)
        for x in rec.times:
            t.add_row(x.text, str(x.value), x.granularity)
        parts.append(t)
    if rec.attributions:
        t = Table("source", "via", "to", "cue", "said", title="Who said what", expand=True)
        for a in rec.attributions:
            src = name(a.source) if a.source else (a.source_text or "?")
            t.add_row(f"{src} [{a.source_type}]", ", ".join(name(v) for v in a.via),
                      name(a.addressee) if a.addressee else "", a.cue.text,
                      _short(a.content.text))
        parts.append(t)
    if rec.events:
        t = Table("event", "actor", "recipient", "where", "when", "status", "on whose word", title="Events",
                  expand=True)
        for e in rec.events:
            words = []
            for aid in e.sources:
                a = next((x for x in rec.attributions if x.id == aid), None)
                if a:
                    words.append(name(a.source) if a.source else (a.source_text or "?"))
            t.add_row(e.type + (f"/{e.mode}" if e.mode else ""), ", ".join(map(name, e.actor)),
                      ", ".join(map(name, e.recipient)), name(e.location) if e.location else "",
                      e.date.value if e.date else "", e.status, ", ".join(words))
        parts.append(t)
    return Panel(Group(*parts), expand=True)


def _short(s: str, n: int = 90) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"
