"""The answerer's own words in English, Italian and German: the labels of a product's lines, the
units around a figure, and the few sentences it writes around the pack's words. The pack's facts
are never translated here, only the words around them, so a figure is quoted as the pack wrote it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from core.answers.words import fold

LANGUAGES = ("en", "it", "de")

# One concept per row: the label in each language, and other ways a document writes it (folded).
LABELS: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "price": ("Price", "Prezzo", "Preis", ("cost", "costo", "kosten")),
    "weight": ("Weight", "Peso", "Gewicht", ()),
    "volume": ("Volume", "Volume", "Volumen", ("contenuto", "inhalt")),
    "dimensions": ("Dimensions", "Dimensioni", "Abmessungen", ("size", "misure", "grosse", "formato")),
    "ingredients": ("Ingredients", "Ingredienti", "Zutaten", ()),
    "allergens": ("Allergens", "Allergeni", "Allergene", ()),
    "cooking": ("Cooking time", "Tempo di cottura", "Kochzeit", ("cottura",)),
    "shelf": ("Shelf life", "Conservazione", "Haltbarkeit", ("scadenza", "durata")),
    "origin": ("Origin", "Origine", "Herkunft", ("provenienza",)),
    "notes": ("Notes", "Note", "Hinweise", ("note", "nota", "hinweis")),
    "code": ("Code", "Codice", "Artikelnummer", ("sku", "articolo")),
    "warranty": ("Warranty", "Garanzia", "Garantie", ()),
    "battery": ("Battery", "Batteria", "Akku", ("autonomia",)),
    "connection": ("Connection", "Connessione", "Verbindung", ("connectivity", "connettivita")),
    "water": ("Water resistance", "Resistenza all'acqua", "Wasserschutz", ("impermeabilita",)),
    "mounting": ("Mounting", "Fissaggio", "Befestigung", ()),
    # a bicycle's or a child seat's card (an Italian document's labels, said in the customer's language)
    "age": ("Recommended age", "Età consigliata", "Empfohlenes Alter", ()),
    "child_age": ("Child's age", "Età del bambino", "Alter des Kindes", ()),
    "child_height": ("Child's height", "Altezza del bambino", "Größe des Kindes", ()),
    "child_weight": ("Child's maximum weight", "Peso massimo del bambino", "Höchstgewicht des Kindes", ()),
    "max_weight": ("Maximum total weight", "Peso massimo consentito", "Zulässiges Gesamtgewicht", ()),
    "wheels": ("Wheels", "Ruote", "Laufräder", ()),
    "charging": ("Charging time", "Tempo di ricarica", "Ladezeit", ()),
    "capacity": ("Capacity", "Capacità", "Fassungsvermögen", ("capacita",)),
    "shipping": ("Shipping", "Spedizione", "Versand", ()),
    "perishable": ("Perishable", "Deperibile", "Verderblich", ()),
    "in_box": ("In the box", "Nella confezione", "Lieferumfang", ()),
    "compatibility": ("Compatibility", "Compatibilità", "Kompatibilität", ("compatibilita",)),
    "material": ("Material", "Materiale", "Material", ("frame", "telaio", "rahmen")),
    "sizes": ("Sizes", "Taglie", "Größen", ("taglia", "misura")),
    "payment": ("Payment", "Pagamento", "Zahlung", ("pagamenti",)),
    "hours": ("Customer service hours", "Orari del servizio clienti", "Kundenservice",
              ("orari", "orario", "opening hours", "servizio clienti", "hours", "offnungszeiten", "chiusura")),
    "email": ("E-mail", "E-mail", "E-Mail", ("email", "mail")),
    "phone": ("Phone", "Telefono", "Telefon", ("tel",)),
    "address": ("Address", "Indirizzo", "Adresse", ("sede",)),
}
_LABEL_INDEX = {
    fold(name): concept for concept, (*names, other) in LABELS.items() for name in [*names, *other]
}

# Units and short phrases inside a figure's line, as each language writes them (longest first).
UNITS: tuple[tuple[str, str, str], ...] = (
    ("working days", "giorni lavorativi", "Werktage"),
    ("business days", "giorni lavorativi", "Werktage"),
    ("free on orders of", "gratis per ordini da", "kostenlos ab Bestellwert"),
    ("free from", "gratis da", "kostenlos ab"),
    ("or more", "o più", "oder mehr"),
    ("months", "mesi", "Monate"),
    ("litres", "litri", "Liter"),
    ("litre", "litro", "Liter"),
    ("minutes", "minuti", "Minuten"),
    ("inches", "pollici", "Zoll"),
    ("hours", "ore", "Stunden"),
    ("days", "giorni", "Tage"),
    ("years", "anni", "Jahre"),
    ("year", "anno", "Jahr"),
    ("Monday to Friday", "dal lunedì al venerdì", "Montag bis Freitag"),
    ("Italian time", "ora italiana", "italienische Zeit"),
    ("Pacific Time", "ora del Pacifico", "pazifische Zeit"),
    ("instead of", "invece di", "statt"),
    ("unopened", "chiuso", "ungeöffnet"),
    ("yes", "sì", "ja"),
)
# What may stay around a figure in any language: "500 g", "9.90 EUR", "30 x 9 x 3 cm".
_NEUTRAL = re.compile(r"(?i)^(?:[\d.,:/%°$€x+\-–()]|\s|\b(?:g|kg|ml|l|cl|cm|mm|m|eur|usd|w|wh|mah|gb|tb|hz|fps|ipx?\d*|k)\b)*$")

# The sentences the answerer writes itself. {product}, {country}, {zone}, {price}, {time}: the pack's words.
FRAMES: dict[str, tuple[str, str, str]] = {
    "product_line": ("{product} – {line}", "{product} – {line}", "{product} – {line}"),
    "shipping_row": (
        "Shipping to {country} ({zone}): {price}, {time}.",
        "Spedizione in {country} ({zone}): {price}, {time}.",
        "Versand nach {country} ({zone}): {price}, {time}.",
    ),
    "only_to": (
        "{product} does not ship to {country}.",
        "{product} non si spedisce in {country}.",
        "{product} wird nicht nach {country} versandt.",
    ),
    "ask_country": (
        "Tell me your country and I will give you its shipping price and delivery time.",
        "Dimmi il tuo paese e ti do il prezzo e i tempi di spedizione.",
        "Nennen Sie mir Ihr Land, dann sage ich Ihnen Versandpreis und Lieferzeit.",
    ),
    "products": ("Our products: {names}.", "I nostri prodotti: {names}.", "Unsere Produkte: {names}."),
    # {source}: the document's language, named in the customer's
    "quoted": (
        "From our shop information (in {source}):",
        "Dalle informazioni del negozio (in {source}):",
        "Aus unseren Shop-Informationen (auf {source}):",
    ),
    "abstain": (
        "Our shop information does not say that, and I would rather not guess. "
        "If you like, I can pass your question to a colleague: just ask for a colleague.",
        "Le informazioni del negozio non lo dicono e preferisco non tirare a indovinare. "
        "Se vuoi, passo la tua domanda a un collega: basta chiedere di parlare con un collega.",
        "Dazu steht nichts in unseren Shop-Informationen, und ich möchte nicht raten. "
        "Wenn Sie möchten, gebe ich Ihre Frage an einen Kollegen weiter: fragen Sie einfach nach einem Kollegen.",
    ),
    "nothing_more": (
        "Our shop information says nothing more about it; a colleague can check it for you if you ask.",
        "Le informazioni del negozio non dicono altro; se vuoi, un collega può verificarlo per te.",
        "Mehr steht dazu nicht in unseren Shop-Informationen; ein Kollege kann es gerne für Sie prüfen.",
    ),
    "ask_order": (
        "Could you give me your order number? You find it in the order confirmation e-mail.",
        "Mi puoi dare il numero del tuo ordine? Lo trovi nella e-mail di conferma dell'ordine.",
        "Können Sie mir bitte Ihre Bestellnummer nennen? Sie steht in der Bestellbestätigung per E-Mail.",
    ),
}

# A language's name in each language, for the note on a quoted line.
LANGUAGE_NAMES = {"en": ("English", "inglese", "Englisch"), "it": ("Italian", "italiano", "Italienisch"),
                  "de": ("German", "tedesco", "Deutsch")}

# Words that mark an abstention in any language (bench/answers.py and tests read replies with them).
ABSTAIN_MARKS = ("does not say", "non lo dicono", "steht nichts", "colleague", "collega", "kollege")


def frame(name: str, language: str, **values: str) -> str:
    text = FRAMES[name][_at(language)]
    return text.format(**values) if values else text


def language_name(language: str, said_in: str) -> str:
    return LANGUAGE_NAMES.get(language, LANGUAGE_NAMES["en"])[_at(said_in)]


def label_concept(label: str) -> str | None:
    """The concept of a line's label in any of the three languages ("Peso" -> weight)."""
    words = fold(label).strip().split()
    # "Orari del negozio e dell'officina", "Pagamenti online": the first words name the concept
    return next((_LABEL_INDEX[" ".join(words[:n])] for n in range(len(words), 0, -1) if " ".join(words[:n]) in _LABEL_INDEX), None)


def exact_label(label: str) -> bool:
    """A label that is only the concept's name ("Peso"), not a name that opens with it ("Code SAVE20")."""
    return fold(label).strip() in _LABEL_INDEX


def label_in(concept: str, language: str) -> str:
    return LABELS[concept][_at(language)]


@lru_cache(maxsize=4096)
def units_in(text: str, source: str, language: str) -> str | None:
    """A figure said in the customer's language ("3-5 working days" -> "3-5 giorni lavorativi"),
    the figures as the pack wrote them; None when words the tables lack stay ("8 hours of playback")."""
    if source == language:
        return text
    frm, to = _at(source), _at(language)
    rest = text
    for row in sorted(UNITS, key=lambda r: -len(r[frm])):
        pattern = rf"(?i)(?<!\w){re.escape(row[frm])}(?!\w)"
        text = re.sub(pattern, row[to], text)
        rest = re.sub(pattern, " ", rest)
    return text if _NEUTRAL.match(rest.strip()) else None


def _at(language: str) -> int:
    return LANGUAGES.index(language) if language in LANGUAGES else 0
