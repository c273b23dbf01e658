"""Countries and cities a customer names, read as the country a shipping table lists, with the
country's name in English, Italian and German and the region a table may list instead
("EU countries", "paesi UE", "all other countries")."""
from __future__ import annotations

import re

from core.answers.words import fold

# English name: (Italian, German, region). Regions: eu, europe (not EU), us, world.
COUNTRIES: dict[str, tuple[str, str, str]] = {
    "Italy": ("Italia", "Italien", "eu"), "Germany": ("Germania", "Deutschland", "eu"),
    "Austria": ("Austria", "Österreich", "eu"), "France": ("Francia", "Frankreich", "eu"),
    "Belgium": ("Belgio", "Belgien", "eu"), "Netherlands": ("Paesi Bassi", "Niederlande", "eu"),
    "Luxembourg": ("Lussemburgo", "Luxemburg", "eu"), "Slovenia": ("Slovenia", "Slowenien", "eu"),
    "Spain": ("Spagna", "Spanien", "eu"), "Portugal": ("Portogallo", "Portugal", "eu"),
    "Ireland": ("Irlanda", "Irland", "eu"), "Poland": ("Polonia", "Polen", "eu"),
    "Sweden": ("Svezia", "Schweden", "eu"), "Denmark": ("Danimarca", "Dänemark", "eu"),
    "Finland": ("Finlandia", "Finnland", "eu"), "Greece": ("Grecia", "Griechenland", "eu"),
    "Croatia": ("Croazia", "Kroatien", "eu"), "Czechia": ("Repubblica Ceca", "Tschechien", "eu"),
    "Hungary": ("Ungheria", "Ungarn", "eu"), "Romania": ("Romania", "Rumänien", "eu"),
    "Bulgaria": ("Bulgaria", "Bulgarien", "eu"), "Slovakia": ("Slovacchia", "Slowakei", "eu"),
    "Malta": ("Malta", "Malta", "eu"), "Cyprus": ("Cipro", "Zypern", "eu"), "Estonia": ("Estonia", "Estland", "eu"),
    "Latvia": ("Lettonia", "Lettland", "eu"), "Lithuania": ("Lituania", "Litauen", "eu"),
    "Switzerland": ("Svizzera", "Schweiz", "europe"), "United Kingdom": ("Regno Unito", "Großbritannien", "europe"),
    "Norway": ("Norvegia", "Norwegen", "europe"), "Iceland": ("Islanda", "Island", "europe"),
    "USA": ("Stati Uniti", "USA", "us"), "Canada": ("Canada", "Kanada", "world"),
    "Australia": ("Australia", "Australien", "world"), "Japan": ("Giappone", "Japan", "world"),
    "Mexico": ("Messico", "Mexiko", "world"), "Brazil": ("Brasile", "Brasilien", "world"),
    "China": ("Cina", "China", "world"), "India": ("India", "Indien", "world"),
    "New Zealand": ("Nuova Zelanda", "Neuseeland", "world"), "South Africa": ("Sudafrica", "Südafrika", "world"),
    "Singapore": ("Singapore", "Singapur", "world"), "South Korea": ("Corea del Sud", "Südkorea", "world"),
    "Israel": ("Israele", "Israel", "world"), "United Arab Emirates": ("Emirati Arabi Uniti", "Vereinigte Arabische Emirate", "world"),
    "Argentina": ("Argentina", "Argentinien", "world"), "Chile": ("Cile", "Chile", "world"),
    "Sicily": ("Sicilia", "Sizilien", "eu"), "Sardinia": ("Sardegna", "Sardinien", "eu"),
    "Alaska": ("Alaska", "Alaska", "us"), "Hawaii": ("Hawaii", "Hawaii", "us"), "Puerto Rico": ("Porto Rico", "Puerto Rico", "us"),
}
# Islands a table may list apart, and the country they belong to: a product that ships "only in Italy" ships there.
PART_OF = {"Sicily": "Italy", "Sardinia": "Italy"}
# Other names customers write: cities, short forms, adjectives of the country.
_OTHER: dict[str, str] = {
    "munich": "Germany", "munchen": "Germany", "monaco di baviera": "Germany", "berlin": "Germany", "berlino": "Germany",
    "hamburg": "Germany", "amburgo": "Germany", "frankfurt": "Germany", "cologne": "Germany", "koln": "Germany",
    "stuttgart": "Germany", "dusseldorf": "Germany", "vienna": "Austria", "wien": "Austria", "salzburg": "Austria",
    "paris": "France", "parigi": "France", "lyon": "France", "zurich": "Switzerland", "zurigo": "Switzerland",
    "geneva": "Switzerland", "ginevra": "Switzerland", "genf": "Switzerland", "basel": "Switzerland", "bern": "Switzerland",
    "lugano": "Switzerland", "swiss": "Switzerland", "svizzera": "Switzerland",
    "rome": "Italy", "roma": "Italy", "rom": "Italy", "milan": "Italy", "milano": "Italy", "mailand": "Italy",
    "naples": "Italy", "napoli": "Italy", "neapel": "Italy", "turin": "Italy", "torino": "Italy", "florence": "Italy",
    "firenze": "Italy", "florenz": "Italy", "bologna": "Italy", "venice": "Italy", "venezia": "Italy", "venedig": "Italy",
    "verona": "Italy", "bolzano": "Italy", "bozen": "Italy", "palermo": "Sicily", "catania": "Sicily", "cagliari": "Sardinia",
    "madrid": "Spain", "barcelona": "Spain", "barcellona": "Spain", "lisbon": "Portugal", "lisbona": "Portugal", "lissabon": "Portugal",
    "amsterdam": "Netherlands", "holland": "Netherlands", "olanda": "Netherlands", "holland": "Netherlands",
    "brussels": "Belgium", "bruxelles": "Belgium", "brussel": "Belgium", "dublin": "Ireland", "dublino": "Ireland",
    "warsaw": "Poland", "varsavia": "Poland", "stockholm": "Sweden", "copenhagen": "Denmark", "oslo": "Norway",
    "london": "United Kingdom", "londra": "United Kingdom", "uk": "United Kingdom", "england": "United Kingdom",
    "inghilterra": "United Kingdom", "britain": "United Kingdom", "scotland": "United Kingdom",
    "england": "United Kingdom", "grossbritannien": "United Kingdom", "manchester": "United Kingdom",
    "us": "USA", "united states": "USA", "america": "USA", "stati uniti": "USA", "vereinigte staaten": "USA",
    "amerika": "USA", "new york": "USA", "nyc": "USA", "texas": "USA", "california": "USA", "florida": "USA",
    "the states": "USA", "gli states": "USA", "seattle": "USA", "chicago": "USA", "boston": "USA",
    "toronto": "Canada", "vancouver": "Canada", "montreal": "Canada", "sydney": "Australia", "melbourne": "Australia",
    "tokyo": "Japan", "tokio": "Japan", "osaka": "Japan",
    # the large cities of the countries a shop's table names, as customers write where they live
    "los angeles": "USA", "san francisco": "USA", "san diego": "USA", "austin": "USA",
    "dallas": "USA", "houston": "USA", "miami": "USA", "denver": "USA", "phoenix": "USA", "atlanta": "USA",
    "philadelphia": "USA", "las vegas": "USA", "detroit": "USA", "minneapolis": "USA", "brooklyn": "USA",
    "honolulu": "Hawaii", "anchorage": "Alaska", "juneau": "Alaska", "fairbanks": "Alaska", "san juan": "Puerto Rico",
    "ottawa": "Canada", "calgary": "Canada", "brisbane": "Australia", "perth": "Australia",
    "munster": "Germany", "dresden": "Germany", "leipzig": "Germany", "hannover": "Germany", "nurnberg": "Germany",
    "bremen": "Germany", "graz": "Austria", "linz": "Austria", "innsbruck": "Austria", "marseille": "France",
    "nizza": "France", "rotterdam": "Netherlands", "antwerp": "Belgium", "anversa": "Belgium",
    "valencia": "Spain", "seville": "Spain", "siviglia": "Spain", "krakow": "Poland",
    "cracovia": "Poland", "prague": "Czechia", "praga": "Czechia", "prag": "Czechia", "budapest": "Hungary",
    "athens": "Greece", "atene": "Greece", "athen": "Greece", "ljubljana": "Slovenia", "lubiana": "Slovenia",
    "zagreb": "Croatia", "zagabria": "Croatia", "helsinki": "Finland", "edinburgh": "United Kingdom",
    "birmingham": "United Kingdom", "glasgow": "United Kingdom", "lausanne": "Switzerland", "losanna": "Switzerland",
    "genova": "Italy", "genoa": "Italy", "trieste": "Italy", "padova": "Italy", "brescia": "Italy",
    "bergamo": "Italy", "salerno": "Italy", "perugia": "Italy", "trento": "Italy",
    "messina": "Sicily", "siracusa": "Sicily", "sassari": "Sardinia", "olbia": "Sardinia",
}
# The contiguous states (a table's "48 contiguous states"), their short forms where no other word
# (no two-letter forms: "la", "ca" are Italian words), and more of the cities customers write, by country.
_STATES = ("alabama arizona arkansas colorado connecticut delaware georgia_us idaho illinois indiana iowa kansas kentucky "
           "louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana nebraska nevada "
           "new_hampshire new_jersey new_mexico new_york_state north_carolina north_dakota ohio oklahoma oregon pennsylvania "
           "rhode_island south_carolina south_dakota tennessee utah vermont virginia washington_state west_virginia wisconsin "
           "wyoming washington_dc nyc").split()
_OTHER.update({s.replace("_us", "").replace("_state", "").replace("_", " "): "USA" for s in _STATES})
_OTHER.update({
    "sacramento": "USA", "san jose": "USA", "baltimore": "USA", "pittsburgh": "USA", "cleveland": "USA",
    "nashville": "USA", "new orleans": "USA", "salt lake city": "USA", "kansas city": "USA", "st louis": "USA",
    "charlotte": "USA", "orlando": "USA", "tampa": "USA", "columbus": "USA", "indianapolis": "USA", "milwaukee": "USA",
    "quebec": "Canada", "ontario": "Canada", "british columbia": "Canada", "alberta": "Canada", "winnipeg": "Canada",
    "edmonton": "Canada", "halifax": "Canada", "adelaide": "Australia", "canberra": "Australia", "auckland": "New Zealand", "dubai": "United Arab Emirates", "seoul": "South Korea",
    "kyoto": "Japan", "yokohama": "Japan", "mexico city": "Mexico", "cancun": "Mexico", "guadalajara": "Mexico",
    "bordeaux": "France", "toulouse": "France", "lille": "France", "nantes": "France", "strasbourg": "France", "strasburgo": "France",
    "marsiglia": "France", "lione": "France", "montpellier": "France", "bilbao": "Spain", "malaga": "Spain", "zaragoza": "Spain",
    "saragozza": "Spain", "palma": "Spain", "ibiza": "Spain", "oporto": "Portugal", "faro portugal": "Portugal",
    "gothenburg": "Sweden", "goteborg": "Sweden", "malmo": "Sweden", "aarhus": "Denmark", "odense": "Denmark",
    "bergen": "Norway", "trondheim": "Norway", "reykjavik": "Iceland", "galway": "Ireland",
    "cardiff": "United Kingdom", "belfast": "United Kingdom", "liverpool": "United Kingdom", "leeds": "United Kingdom",
    "bristol": "United Kingdom", "oxford": "United Kingdom", "cambridge": "United Kingdom", "wales": "United Kingdom",
    "luzern": "Switzerland", "lucerne": "Switzerland", "lucerna": "Switzerland", "winterthur": "Switzerland",
    "st gallen": "Switzerland", "ticino": "Switzerland", "tessin": "Switzerland", "locarno": "Switzerland", "bellinzona": "Switzerland",
    "basilea": "Switzerland", "berna": "Switzerland", "zuerich": "Switzerland", "salisburgo": "Austria", "klagenfurt": "Austria",
    "bregenz": "Austria", "dortmund": "Germany", "bonn": "Germany", "mannheim": "Germany",
    "karlsruhe": "Germany", "freiburg": "Germany", "augsburg": "Germany", "heidelberg": "Germany", "kiel": "Germany",
    "lubeck": "Germany", "rostock": "Germany", "potsdam": "Germany", "wiesbaden": "Germany", "mainz": "Germany",
    "regensburg": "Germany", "wurzburg": "Germany", "ulm": "Germany", "aachen": "Germany", "duisburg": "Germany",
    "bochum": "Germany", "bielefeld": "Germany", "monaco di baviera": "Germany", "francoforte": "Germany", "colonia": "Germany",
    "utrecht": "Netherlands", "eindhoven": "Netherlands", "den haag": "Netherlands", "the hague": "Netherlands",
    "gent": "Belgium", "ghent": "Belgium", "bruges": "Belgium", "brugge": "Belgium", "liege": "Belgium",
    "luxembourg city": "Luxembourg", "gdansk": "Poland", "wroclaw": "Poland", "poznan": "Poland", "brno": "Czechia",
    "bratislava": "Slovakia", "vilnius": "Lithuania", "riga": "Latvia", "tallinn": "Estonia", "sofia": "Bulgaria",
    "bucharest": "Romania", "bucarest": "Romania", "bukarest": "Romania", "nicosia": "Cyprus", "valletta": "Malta",
    "thessaloniki": "Greece", "salonicco": "Greece", "dubrovnik": "Croatia", "maribor": "Slovenia",
    "tampere": "Finland", "turku": "Finland", "debrecen": "Hungary", "cluj": "Romania",
    "bari": "Italy", "lecce": "Italy", "pisa": "Italy", "livorno": "Italy", 
    "ferrara": "Italy", "ravenna": "Italy", "rimini": "Italy", "ancona": "Italy", "pescara": "Italy", "udine": "Italy",
    "vicenza": "Italy", "treviso": "Italy", "como": "Italy", "monza": "Italy", "reggio emilia": "Italy", "imola": "Italy",
    "casalecchio": "Italy", "siena": "Italy", "lucca": "Italy", "arezzo": "Italy", "aosta": "Italy", 
    "reggio calabria": "Italy", "taranto": "Italy", "foggia": "Italy", "caserta": "Italy", "l aquila": "Italy",
    "trapani": "Sicily", "agrigento": "Sicily", "ragusa": "Sicily", "nuoro": "Sardinia", "oristano": "Sardinia",
})
# US states beyond the contiguous 48 have their own rows; the rest are the contiguous US.
CONTIGUOUS = "contiguous"


def _names() -> dict[str, str]:
    names = {fold(k): v for k, v in _OTHER.items()}
    for english, (italian, german, _) in COUNTRIES.items():
        for name in (english, italian, german):
            names[fold(name)] = english
    return names


NAMES = _names()
_PATTERN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, NAMES), key=len, reverse=True)) + r")\b")


def _one_letter_off(names) -> dict[str, set[str]]:
    index: dict[str, set[str]] = {}
    for name in names:
        for i in range(len(name)):
            index.setdefault(name[:i] + name[i + 1 :], set()).add(name)
        index.setdefault(name, set()).add(name)
    return index


_NEAR = _one_letter_off(n for n in NAMES if " " not in n and len(n) >= 5)


def mend_place(word: str) -> str | None:
    """The place name a typo of five letters or more stands for ("germny", "östereich"), keeping
    its first letter; None when it is no place or two places are as near."""
    if len(word) < 5 or word in NAMES:
        return None
    found = set(_NEAR.get(word, ()))
    for i in range(len(word)):
        found |= _NEAR.get(word[:i] + word[i + 1 :], set())
    found = {f for f in found if f[0] == word[0] and _one_edit(word, f)}
    return next(iter(found)) if len(found) == 1 else None


def _one_edit(a: str, b: str) -> bool:
    """One letter left out, added or changed ("prise" is two from "paris", not one)."""
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long = sorted((a, b), key=len)
    return len(long) - len(short) == 1 and any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def places_in(folded: str) -> list[str]:
    """The countries (English names) a folded text names, in order; "us" counts only as a word
    that cannot be the pronoun ("ship to the US", not "tell us")."""
    found = []
    for match in _PATTERN.finditer(folded):
        word = match.group(1)
        if word == "us" and not re.search(r"\b(?:the|to|in|within|into|nach|negli|in the)\s+us\b", folded[: match.end()]):
            continue
        found.append(NAMES[word])
    return list(dict.fromkeys(found))


def region(country: str) -> str:
    return COUNTRIES.get(country, ("", "", "world"))[2]


def name_in(country: str, language: str) -> str:
    """The country's name in the customer's language."""
    italian, german, _ = COUNTRIES.get(country, (country, country, ""))
    return {"it": italian, "de": german}.get(language, country)


def all_names(country: str) -> list[str]:
    """Every folded name a document may use for the country."""
    return list(_NAMES_OF.get(country, ()))


def _names_of() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for name, english in NAMES.items():
        found.setdefault(english, []).append(name)
    return {english: tuple(names) for english, names in found.items()}


_NAMES_OF = _names_of()  # the English name -> every name of the country, in NAMES' order


# How a table or a sentence names a whole region, folded.
REGION_WORDS = {
    "eu": ("all other eu", "other eu", "altri paesi ue", "altri paesi dell'ue", "altri paesi dell'unione europea",
           "paesi dell'unione europea", "ubrigen eu", "anderen eu",
           "eu countries", "paesi ue", "paesi dell'ue", "unione europea", "eu-lander", "eu lander", " eu ", " ue "),
    "europe": ("non-eu", "extra ue", "extra-ue", "nicht-eu", "europe", "europa"),
    "us": ("contiguous", "48", "united states", " usa ", " us "),
    "world": ("all other countries", "rest of world", "rest of the world", "resto del mondo", "tutti gli altri paesi del mondo",
              "alle anderen lander", "ubrige welt", "restliche welt", "fuori dall'europa", "outside europe"),
}
