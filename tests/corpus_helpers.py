"""Hand-built records for the corpus and store tests (no pipeline needed).

``make_record(text, entities=..., attributions=..., events=...)`` finds each named
entity's mentions in the text and builds a valid ``Record``; events name their actors,
recipients and location by entity *name* and their sources by attribution index.
"""
from __future__ import annotations

from dateline.record import (Attribution, Entity, Event, EventDate, KB, Meta, Record, Source, Span, TextSpan,
                             record_id)


def make_record(text: str, *, outlet: str | None = None, published: str | None = None, title: str | None = None,
                entities: list[tuple] = (), attributions: list[dict] = (), events: list[dict] = (),
                path: str | None = None) -> Record:
    ents, by_name = [], {}
    for n, spec in enumerate(entities, 1):
        name, etype = spec[0], spec[1]
        extra = spec[2] if len(spec) > 2 else {}
        surfaces = [name, *extra.get("aliases", [])]
        mentions = []
        for s in surfaces:
            i = text.find(s)
            while i >= 0:
                mentions.append((i, i + len(s)))
                i = text.find(s, i + 1)
        e = Entity(id=f"E{n}", name=name, type=etype, mentions=sorted(set(mentions)) or [(0, 1)],
                   aliases=extra.get("aliases", []), country=extra.get("country"),
                   kb=KB(wikidata=extra["kb"]) if extra.get("kb") else None)
        ents.append(e)
        by_name[name] = e.id
    atts = []
    for n, a in enumerate(attributions, 1):
        content = a["content"]
        i = max(text.find(content), 0)
        cue = a.get("cue", "said")
        j = max(text.find(cue), 0)
        atts.append(Attribution(
            id=f"A{n}", kind=a.get("kind", "indirect"), source=by_name.get(a.get("source")),
            source_text=a.get("source_text", a.get("source")), source_span=None,
            source_type=a.get("source_type", "unknown"), via=[by_name[v] for v in a.get("via", [])],
            cue=TextSpan(text=cue, start=j, end=j + len(cue)),
            content=TextSpan(text=content, start=i, end=i + len(content)), date=a.get("date")))
    evs = []
    for n, e in enumerate(events, 1):
        sent = e.get("evidence", text.split("\n")[0])
        i = max(text.find(sent), 0)
        evs.append(Event(
            id=f"V{n}", type=e["type"], actor=[by_name[x] for x in e.get("actor", [])],
            recipient=[by_name[x] for x in e.get("recipient", [])],
            location=by_name.get(e.get("location")) if e.get("location") else None,
            date=EventDate(value=e["date"], granularity="day") if e.get("date") else None,
            status=e.get("status", "reported" if e.get("sources") else "asserted"),
            sources=[f"A{k}" for k in e.get("sources", [])],
            evidence=Span(start=i, end=i + len(sent)), confidence=0.8))
    return Record(id=record_id(text), source=Source(path=path, format="text"),
                  meta=Meta(outlet=outlet, published=published, title=title), text=text,
                  entities=ents, attributions=atts, events=evs)


KIM = ("Kim Jong Un", "PERSON", {"country": "PRK"})
SHOIGU = ("Sergei Shoigu", "PERSON", {"country": "RUS"})
LI = ("Li Hongzhong", "PERSON", {"country": "CHN"})
PYONGYANG = ("Pyongyang", "GPE", {"country": "PRK"})
KCNA = ("Korean Central News Agency", "ORG", {"aliases": ["KCNA"], "country": "PRK"})


def meeting_reports() -> list[Record]:
    """Three outlets' reports of one meeting (plus a second meeting in the first), and one
    syndicated copy of the wire story carried by another outlet."""
    a_text = ("Kim Jong Un met Sergei Shoigu in Pyongyang, the Korean Central News Agency reported on Thursday. "
              "He also met Li Hongzhong, KCNA said.\n"
              "The talks lasted two hours, KCNA said.")
    a = make_record(a_text, outlet="France 24", published="2023-07-27T04:24", title="Kim meets Shoigu",
                    entities=[KIM, SHOIGU, LI, PYONGYANG, KCNA],
                    attributions=[{"source": "Korean Central News Agency", "source_type": "state_media",
                                   "content": "Kim Jong Un met Sergei Shoigu in Pyongyang", "cue": "reported"},
                                  {"source": "Korean Central News Agency", "source_type": "state_media",
                                   "content": "He also met Li Hongzhong", "cue": "said"}],
                    events=[{"type": "CONSULT", "actor": ["Kim Jong Un"], "recipient": ["Sergei Shoigu"],
                             "location": "Pyongyang", "date": "2023-07-26", "sources": [1],
                             "evidence": "Kim Jong Un met Sergei Shoigu in Pyongyang, the Korean Central News "
                                         "Agency reported on Thursday."},
                            {"type": "CONSULT", "actor": ["Kim Jong Un"], "recipient": ["Li Hongzhong"],
                             "location": "Pyongyang", "date": "2023-07-26", "sources": [2],
                             "evidence": "He also met Li Hongzhong, KCNA said."}])
    b_text = ("PYONGYANG, July 26 (Reuters) - North Korean leader Kim Jong Un held talks with Russian Defence "
              "Minister Sergei Shoigu in Pyongyang on Wednesday, state news agency KCNA said. The talks lasted "
              "three hours, KCNA said. Kim and Shoigu discussed defence and security matters and the regional "
              "situation, the agency said, as the country prepared to mark the anniversary of the armistice "
              "that halted the Korean War seventy years ago.\n\n(Reporting by Jane Roe; Editing by John Doe)")
    b = make_record(b_text, outlet="Reuters", published="2023-07-26T19:40", title="N.Korea's Kim meets Russia's Shoigu",
                    entities=[("Kim Jong Un", "PERSON", {"aliases": ["Kim"]}), ("Shoigu", "PERSON"), PYONGYANG,
                              ("KCNA", "ORG")],
                    attributions=[{"source": "KCNA", "source_type": "state_media",
                                   "content": "North Korean leader Kim Jong Un held talks", "cue": "said"}],
                    events=[{"type": "CONSULT", "actor": ["Shoigu"], "recipient": ["Kim Jong Un"],
                             "location": "Pyongyang", "date": "2023-07-26", "sources": [1]}])
    b.events[0].evidence = Span(start=0, end=b_text.index("The talks"))
    c_text = ("Russia's defence chief Sergei Shoigu sat down with Kim Jong Un in Pyongyang, North Korean state "
              "media reported on Thursday, the most senior Russian military visit in decades.")
    c = make_record(c_text, outlet="The Harbour Ledger", published="2023-07-27T08:15+09:00", title="Shoigu meets Kim",
                    entities=[SHOIGU, KIM, PYONGYANG],
                    attributions=[{"source": None, "source_text": "North Korean state media", "source_type": "state_media",
                                   "content": "Russia's defence chief Sergei Shoigu sat down with Kim Jong Un in Pyongyang",
                                   "cue": "reported"}],
                    events=[{"type": "CONSULT", "actor": ["Sergei Shoigu"], "recipient": ["Kim Jong Un"],
                             "location": "Pyongyang", "date": "2023-07-27", "sources": [1]}])
    # another outlet runs the wire story with a new first line: a syndicated copy
    d_text = "Asia briefing.\n\n" + b_text
    d = make_record(d_text, outlet="Daily Example", published="2023-07-27T01:00", title="Kim meets Shoigu (wire)",
                    entities=[("Kim Jong Un", "PERSON"), ("Sergei Shoigu", "PERSON"), PYONGYANG, ("KCNA", "ORG")],
                    attributions=[{"source": "KCNA", "source_type": "state_media",
                                   "content": "North Korean leader Kim Jong Un held talks", "cue": "said"}],
                    events=[{"type": "CONSULT", "actor": ["Kim Jong Un"], "recipient": ["Sergei Shoigu"],
                             "location": "Pyongyang", "date": "2023-07-26", "sources": [1]}])
    d.events[0].evidence = Span(start=len("Asia briefing.\n\n"), end=len("Asia briefing.\n\n") + b_text.index("The talks"))
    return [a, b, c, d]
