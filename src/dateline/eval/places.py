"""`dateline eval places --data ../shared/data/geo`: toponym recognition and resolution
on LGL (geo/lgl/lgl.xml) and GeoVirus (geo/geovirus/GeoVirus.xml).

Runs the spaCy model with the entities and places stages only. Predicted toponyms are
the mentions of GPE/LOC/FAC entities plus demonyms with a known country (LGL marks
"Russian" and "Georgian" as toponyms), each placed at its entity's resolved point
(a demonym at its country's point).

Reported per set (Gritta et al., "A Pragmatic Guide to Geoparsing Evaluation"):
- recognition P/R/F1, a predicted span counting when it overlaps a gold span
  (and exact-boundary F1 beside it);
- on recognised gold toponyms that have coordinates: accuracy within 161 km, mean and
  median error in km, AUC of log errors (0 best, 1 worst), and country accuracy (LGL
  only: GeoVirus gives no country).
GeoVirus offsets are shifted by one (``text[start-1:end-1] == name``), as its README says.
"""
from __future__ import annotations

import math
import statistics
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import typer

from .common import PRF, Report

MAX_KM = 20039.0  # half the Earth's circumference: the largest possible error


@dataclass
class Gold:
    start: int
    end: int
    name: str
    lat: Optional[float]
    lon: Optional[float]
    country: Optional[str]  # ISO3


def read_lgl(path: Path, limit: int = 0) -> list[tuple[str, list[Gold]]]:
    from .. import knowledge as kb

    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        golds = []
        for t in art.iter("toponym"):
            g = t.find("gaztag")
            lat = lon = ctry = None
            if g is not None and g.findtext("lat"):
                lat, lon = float(g.findtext("lat")), float(g.findtext("lon"))
                cname = g.findtext("country")
                row = kb.lookup(cname, ("country",)) if cname else None
                ctry = row.country if row else None
            golds.append(Gold(int(t.findtext("start")), int(t.findtext("end")), t.findtext("phrase"),
                              lat, lon, ctry))
        docs.append((text, golds))
        if limit and len(docs) >= limit:
            break
    return docs


def read_geovirus(path: Path, limit: int = 0) -> list[tuple[str, list[Gold]]]:
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        golds = []
        for loc in art.iter("location"):
            s, e = int(loc.findtext("start")) - 1, int(loc.findtext("end")) - 1
            lat, lon = loc.findtext("lat"), loc.findtext("lon")
            golds.append(Gold(s, e, loc.findtext("name"), float(lat) if lat else None,
                              float(lon) if lon else None, None))
        docs.append((text, golds))
        if limit and len(docs) >= limit:
            break
    return docs


def light_pipeline():
    """spaCy's model with dateline's entity and place stages only (fast)."""
    import spacy

    from ..pipeline import MODEL
    from ..stages import register_all

    register_all()
    nlp = spacy.load(MODEL)
    nlp.add_pipe("dateline_entities")
    nlp.add_pipe("dateline_places")
    return nlp


def predictions(doc) -> list[tuple[int, int, Optional[float], Optional[float], Optional[str]]]:
    from .. import knowledge as kb

    out = []
    ents = {e.id: e for e in doc._.entities}
    for m in doc._.mentions:
        e = ents.get(m.entity_id)
        if e is None or m.kind in ("pronoun", "title"):
            continue
        if e.type in ("GPE", "LOC", "FAC"):
            g = e.geo
            out.append((m.start, m.end, g.lat if g else None, g.lon if g else None, e.country))
        elif e.type == "NORP":
            iso = kb.demonym_country(doc.text[m.start:m.end])
            c = kb.country(iso) if iso else None
            if c:
                out.append((m.start, m.end, c["lat"], c["lon"], iso))
    return out


def score(nlp, docs, name: str) -> dict:
    from ..stages.places import haversine

    rec, exact = PRF(), PRF()
    errors, country_ok, country_n = [], 0, 0
    misses = {}
    texts = [t for t, _ in docs]
    for (text, golds), doc in zip(docs, nlp.pipe(texts, batch_size=16)):
        preds = predictions(doc)
        used = set()
        for g in golds:
            best, best_ov = None, 0
            for k, p in enumerate(preds):
                ov = min(g.end, p[1]) - max(g.start, p[0])
                if ov > best_ov:
                    best, best_ov = k, ov
            if best is None:
                rec.fn += 1
                exact.fn += 1
                continue
            used.add(best)
            rec.tp += 1
            p = preds[best]
            if (p[0], p[1]) == (g.start, g.end):
                exact.tp += 1
            else:
                exact.fn += 1
            if g.lat is None:
                continue
            if p[2] is None:
                err = MAX_KM
            else:
                err = haversine(g.lat, g.lon, p[2], p[3])
            errors.append(err)
            if err > 161:
                key = f"{g.name} -> {p[4]}"
                misses[key] = misses.get(key, 0) + 1
            if g.country:
                country_n += 1
                country_ok += p[4] == g.country
        for k, p in enumerate(preds):
            if k not in used:
                rec.fp += 1
                exact.fp += 1
    exact.fp = rec.fp + (rec.tp - exact.tp)
    n = len(errors)
    auc = (sum(math.log(1 + e) for e in errors) / (n * math.log(1 + MAX_KM))) if n else None
    return {
        "set": name, "docs": len(docs),
        "P": round(rec.p, 3), "R": round(rec.r, 3), "F1": round(rec.f1, 3),
        "F1_exact": round(exact.f1, 3),
        "resolved": n,
        "acc@161": round(sum(e <= 161 for e in errors) / n, 3) if n else None,
        "mean_km": round(statistics.mean(errors), 1) if n else None,
        "median_km": round(statistics.median(errors), 1) if n else None,
        "AUC": round(auc, 3) if auc is not None else None,
        "country_acc": round(country_ok / country_n, 3) if country_n else None,
        "_misses": sorted(misses.items(), key=lambda kv: -kv[1])[:25],
    }


def cli(data: Path = typer.Option(Path("../shared/data/geo"), help="folder holding lgl/ and geovirus/"),
        split: str = typer.Option("all", help="lgl, geovirus or all"),
        json_out: bool = typer.Option(False, "--json"),
        limit: int = typer.Option(0, help="articles per set (0: all)"),
        errors: bool = typer.Option(False, help="print the commonest resolution errors")):
    """Toponym recognition and resolution on LGL and GeoVirus."""
    nlp = light_pipeline()
    rep = Report("places: toponym recognition (overlap) and resolution")
    sets = []
    if split in ("lgl", "all") and (data / "lgl" / "lgl.xml").exists():
        sets.append(("LGL", read_lgl(data / "lgl" / "lgl.xml", limit)))
    if split in ("geovirus", "all") and (data / "geovirus" / "GeoVirus.xml").exists():
        sets.append(("GeoVirus", read_geovirus(data / "geovirus" / "GeoVirus.xml", limit)))
    if not sets:
        raise typer.BadParameter(f"no LGL or GeoVirus file under {data}")
    for name, docs in sets:
        row = score(nlp, docs, name)
        miss = row.pop("_misses")
        rep.add(row.pop("set"), **row)
        if errors:
            rep.extra[f"{name} commonest errors (>161 km)"] = miss
    rep.emit(json_out)
