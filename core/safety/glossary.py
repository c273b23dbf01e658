"""Shop vocabulary for offline answers: a customer's words (English, Italian, German) mapped
to the words a shop document uses, so a question in any of the three finds an English passage
without a model. General shop language only; nothing here names a product of a demo pack."""
from __future__ import annotations

# question word -> document words it stands for (after folding accents and a light stemming)
SYNONYMS: dict[str, tuple[str, ...]] = {
    # asking about money
    "cost": ("price",), "costs": ("price",), "much": ("price",), "expensive": ("price",),
    "costa": ("price",), "costano": ("price",), "prezzo": ("price",), "prezzi": ("price",), "quanto": ("price",),
    "kostet": ("price",), "kosten": ("price",), "preis": ("price",), "preise": ("price",), "teuer": ("price",),
    "spend": ("order",), "spendo": ("order",),
    # weight and size
    "heavy": ("weight",), "weigh": ("weight",), "weighs": ("weight",), "pesa": ("weight",), "peso": ("weight",),
    "pesante": ("weight",), "schwer": ("weight",), "gewicht": ("weight",), "wiegt": ("weight",),
    "big": ("dimension",), "size": ("dimension", "size"), "large": ("dimension",), "dimensioni": ("dimension",),
    "misure": ("dimension",), "gross": ("dimension",), "grosse": ("dimension",), "abmessungen": ("dimension",),
    # what a product is made of
    "made": ("ingredient", "allergen"), "contain": ("ingredient",), "contains": ("ingredient",), "in": (),
    "ingredienti": ("ingredient", "allergen"), "zutaten": ("ingredient", "allergen"),
    "ingredient": ("ingredient", "allergen"),
    "cook": ("cooking",), "cottura": ("cooking",), "cuocere": ("cooking",), "kochzeit": ("cooking",),
    "kochen": ("cooking",), "minuti": ("minute",), "minuten": ("minute",),
    "keep": ("shelf", "life", "opened"), "last": ("battery", "life"), "lasts": ("battery", "life"),
    "durata": ("shelf", "life"), "haltbar": ("shelf", "life"), "haltbarkeit": ("shelf", "life"),
    "open": ("opened",), "aperto": ("opened",), "aperta": ("opened",), "geoffnet": ("opened",),
    "ungeoffnet": ("unopened",), "ungeoffnete": ("unopened",), "chiuso": ("unopened",), "sigillato": ("sealed",),
    "waterproof": ("water", "resistance"), "impermeabile": ("water", "resistance"), "wasserdicht": ("water", "resistance"),
    "plane": ("airline", "travel"), "flight": ("airline", "travel"), "aereo": ("airline", "travel"),
    "flugzeug": ("airline", "travel"), "mac": ("macos",), "fps": ("fps",), "frame": ("fps",),
    "volume": ("volume",),
    # shipping
    "ship": ("shipping", "ship"), "ships": ("shipping", "ship"), "send": ("shipping", "ship"),
    "deliver": ("delivery", "shipping"), "delivery": ("delivery", "shipping"), "spedizione": ("shipping",),
    "spedite": ("shipping",), "spedire": ("shipping",), "spedizioni": ("shipping",), "consegna": ("delivery",),
    "versand": ("shipping",), "versandkosten": ("shipping", "price"), "liefern": ("delivery", "shipping"),
    "lieferung": ("delivery",), "versendet": ("shipping",), "schicken": ("shipping",), "long": ("day", "time"),
    "ci": (), "mette": ("day", "delivery"), "tempo": ("time", "delivery"), "dauert": ("day", "delivery"),
    "fast": ("express",), "quickly": ("express",), "veloce": ("express",), "schnell": ("express",),
    "free": ("free",), "gratis": ("free",), "gratuita": ("free",), "gratuito": ("free",), "kostenlos": ("free",),
    "customs": ("customs", "duty", "import"), "dogana": ("customs", "duty"), "zoll": ("customs", "duty"),
    "duties": ("duty", "import"), "tax": ("tax",), "tasse": ("tax", "duty"), "steuern": ("tax",),
    # returns and refunds (questions about the policy)
    "return": ("return",), "returns": ("return",), "reso": ("return",), "resi": ("return",),
    "restituire": ("return",), "rendere": ("return",), "rucksendung": ("return",), "zuruckschicken": ("return",),
    "zuruckgeben": ("return",), "zuruckzuschicken": ("return",), "zuruckzugeben": ("return",),
    "zurucksenden": ("return",), "rucksenden": ("return",), "zurucksende": ("return",), "umtausch": ("return",), "money": ("refund",), "soldi": ("refund",),
    "rimborso": ("refund",), "geld": ("refund",), "erstattung": ("refund",), "ruckerstattung": ("refund",),
    "giorni": ("day",), "tage": ("day",), "tagen": ("day",), "days": ("day",),
    "broken": ("damaged",), "rotto": ("damaged",), "danneggiato": ("damaged",), "beschadigt": ("damaged",),
    "kaputt": ("damaged", "faulty"),
    # discounts
    "discount": ("discount", "code", "off"), "sconto": ("discount", "code", "off"), "codice": ("code",),
    "rabatt": ("discount", "code", "off"), "gutschein": ("code",), "coupon": ("code",), "together": ("combined",),
    "same": ("combined", "one"), "both": ("combined",), "insieme": ("combined",), "zusammen": ("combined",),
    "first": ("first",), "primo": ("first",), "erste": ("first",), "ersten": ("first",),
    "bestellwert": ("order",), "ordine": ("order",), "bestellung": ("order",),
    "gift": ("gift", "bundle"), "present": ("gift", "bundle"), "regalo": ("gift", "bundle"), "geschenk": ("gift", "bundle"),
    # what the shop sells
    "sell": ("sell", "product"), "vendete": ("sell", "product"), "verkauft": ("sell", "product"),
    "verkaufen": ("sell", "product"), "prodotti": ("product",), "produkte": ("product",), "sughi": ("sugo", "sauce", "product"),
    "sugo": ("sugo", "sauce"), "sauces": ("sauce",), "sosse": ("sauce",), "olio": ("oil", "olio"), "ol": ("oil",),
    "vino": ("wine",), "wein": ("wine",), "pasta": ("pasta",), "nudeln": ("pasta",),
    "kind": ("product",), "kinds": ("product",), "types": ("product",), "tipi": ("product",),
    "sorten": ("product",), "range": ("product",), "products": ("product",),
    "olive": ("oliva", "olive"), "oil": ("oil", "olio"), "zeit": ("time", "day"), "lange": ("day", "time"),
    "akku": ("battery",), "batteria": ("battery",), "camera": ("webcam", "camera"), "kamera": ("webcam", "camera"), "fotocamera": ("webcam", "camera"),
    "music": ("audio", "speaker", "earbud"), "musica": ("audio", "speaker", "earbud"), "musik": ("audio", "speaker", "earbud"),
    "maus": ("mouse",), "tastatur": ("keyboard",), "tastiera": ("keyboard",), "kopfhorer": ("earbud",),
    "cuffie": ("earbud",), "auricolari": ("earbud",), "lautsprecher": ("speaker",), "cassa": ("speaker",),
    "uhr": ("smartwatch", "watch"), "orologio": ("smartwatch", "watch"), "ladegerat": ("charger",),
    "caricatore": ("charger",), "lampadina": ("bulb",), "lampe": ("bulb",), "birne": ("bulb",),
    "oliven": ("oliva", "olive"), "flasche": ("bottle",), "bottiglia": ("bottle",), "rabatt": ("discount", "code", "off"),
    "located": ("address",), "situated": ("address",), "indirizzo": ("address",), "adresse": ("address",),
    "warranty": ("warranty",), "garanzia": ("warranty",), "garantie": ("warranty",),
}

# Phrases read as one word before the words are looked up (text folded: lower case, no accents).
PHRASES: dict[str, str] = {
    "same order": "combined order", "stesso ordine": "combined order", "gleichen bestellung": "combined order",
    "where are you": "address", "dove siete": "indirizzo", "wo seid ihr": "adresse", "wo sind sie": "adresse",
    "was ist im": "zutaten", "was ist in der": "zutaten", "was ist drin": "zutaten", "codice sconto": "sconto",
    "what is in": "ingredients", "what's in": "ingredients", "made of": "ingredients", "made from": "ingredients",
    "cosa c'e": "ingredienti", "fatto con": "ingredienti", "fatti con": "ingredienti", "was ist in": "zutaten",
    "how much oil": "volume", "how long": "long", "quanto tempo": "tempo", "wie lange": "long",
}

# Places a customer names instead of the country a shipping table lists.
PLACES: dict[str, str] = {
    "deutschland": "germany", "germania": "germany", "munich": "germany", "munchen": "germany", "berlin": "germany",
    "hamburg": "germany", "frankfurt": "germany", "cologne": "germany", "koln": "germany",
    "osterreich": "austria", "vienna": "austria", "wien": "austria", "frankreich": "france", "francia": "france",
    "paris": "france", "parigi": "france", "schweiz": "switzerland", "svizzera": "switzerland", "zurich": "switzerland",
    "italien": "italy", "italia": "italy", "rome": "italy", "roma": "italy", "milan": "italy", "milano": "italy",
    "sicilia": "sicily", "sizilien": "sicily", "sardegna": "sardinia", "sardinien": "sardinia",
    "spagna": "spain", "spanien": "spain", "madrid": "spain", "olanda": "netherlands", "niederlande": "netherlands",
    "amsterdam": "netherlands", "belgio": "belgium", "belgien": "belgium", "london": "united kingdom",
    "londra": "united kingdom", "uk": "united kingdom", "england": "united kingdom", "inghilterra": "united kingdom",
    "britain": "united kingdom", "stati uniti": "usa", "united states": "usa", "america": "usa", "us": "usa",
    "new york": "usa", "york": "usa", "toronto": "canada", "kanada": "canada", "vancouver": "canada",
    "giappone": "japan", "australien": "australia", "sydney": "australia", "tokyo": "japan",
    "california": "contiguous", "texas": "contiguous", "florida": "contiguous", "oregon": "contiguous",
}

EU_COUNTRIES = frozenset(
    "austria belgium bulgaria croatia cyprus czechia denmark estonia finland france germany greece hungary ireland "
    "italy latvia lithuania luxembourg malta netherlands poland portugal romania slovakia slovenia spain sweden "
    "sicily sardinia".split()
)
EUROPE = frozenset({"switzerland", "norway", "united kingdom", "iceland"})
