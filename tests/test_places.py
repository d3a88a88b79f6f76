"""Place resolution: gazetteer candidates, article context, pairs, landmarks."""
from __future__ import annotations

from dateline import knowledge as kb
from dateline.stages.places import Toponym, dateline, resolve_toponyms


def resolve(text, *names):
    tops = []
    for n in names:
        i = text.index(n)
        tops.append(Toponym(i, i + len(n), n))
    return resolve_toponyms(text, tops)


def test_knowledge_lookups():
    assert kb.country_of("DPRK") == "PRK"
    assert kb.country_of("Beijing") == "CHN"
    assert kb.country_of("North Korean") == "PRK"
    assert kb.lookup("KCNA").sector == "JRN"
    assert kb.role_sector("Defense Minister") == "GOV"
    assert kb.is_not_entity("Covid-19") and kb.is_not_entity("Victory Day")


def test_population_decides_without_context():
    (paris,) = resolve("Talks were held in Paris.", "Paris")
    assert paris.country == "FRA" and paris.precision == "city"


def test_city_state_pair():
    (paris,) = resolve("The fire broke out in Paris, Texas, on Monday.", "Paris")
    assert paris.country == "USA" and paris.admin1 == "TX"
    (alex,) = resolve("She lives in Alexandria, Va., with her family.", "Alexandria")
    assert alex.admin1 == "VA" and abs(alex.lat - 38.8) < 0.3


def test_article_context_disambiguates_georgia():
    ga, atl = resolve("Georgia lawmakers met in Atlanta to pass the state budget.", "Georgia", "Atlanta")
    assert ga.country == "USA" and ga.kind == "state"
    geo, tb = resolve("Russian troops entered Georgia and approached Tbilisi.", "Georgia", "Tbilisi")
    assert geo.country == "GEO" and geo.kind == "country"


def test_county_takes_a_nearby_town():
    text = "Deputies in Rapides Parish arrested a man in Alexandria on Friday."
    parish, town = resolve(text, "Rapides Parish", "Alexandria")
    assert parish.country == "USA" and parish.admin1 == "LA"
    assert town.admin1 == "LA"


def test_dateline():
    assert dateline("ALEXANDRIA, La. - A woman was charged") == ("Alexandria", "LA", "USA")


def test_misspelt_name_of_an_article_place():
    text = "Guests arrived in Pyongyang on Monday. They were Pyonyang's first visitors."
    a, b = resolve(text, "Pyongyang", "Pyonyang")
    assert a.country == b.country == "PRK" and abs(b.lat - 39.03) < 0.2


def test_unknown_name_takes_the_focus_only_when_one_country_leads():
    text = ("Flood waters rose in Fargo, N.D., and Moorhead, Minn., on Monday as volunteers "
            "filled sandbags near Zzyzxville Landing.")
    fargo, moorhead, unknown = resolve(text, "Fargo", "Moorhead", "Zzyzxville Landing")
    assert fargo.admin1 == "ND" and moorhead.admin1 == "MN"
    assert unknown is not None and unknown.country == "USA" and unknown.feature == "FOCUS"
    mixed = "Envoys from Russia, China and Japan met at Zzyzxville Landing."
    *_, none = resolve(mixed, "Russia", "China", "Japan", "Zzyzxville Landing")
    assert none is None
