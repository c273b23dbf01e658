"""Measure the grounding screen: false figures caught, true replies replaced.

    python bench/grounding.py

True replies are sentences taken from the demo packs' documents (product facts, the product
list, the shipping table, policy lines), written the way a model would say them, in English,
Italian and German (decimal commas, "giorni lavorativi", "Werktage"). False replies are the
same sentences with one thing changed, the way a model that makes things up changes them:
a figure (9.90 -> 2.50, 3-5 -> 1), a country (the Germany row's price said of Spain), a
product (the spaghetti's price said of the pesto) or a product the shop does not sell. Every false sentence is checked to be
false against the document before it counts. Prints both rates beside the targets and the
screen's time per reply. Always exits 0: it measures.
"""
from __future__ import annotations

import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import Report  # noqa: E402
from core.safety.figures import figures  # noqa: E402
from core.safety.grounding import FactIndex  # noqa: E402
from core.safety.label import products  # noqa: E402
from core.safety.lexicon.text import fold  # noqa: E402
from core.shop.pack import load_pack  # noqa: E402

PACKS = ("pastashop", "gadgetstore", "ciclofficina")
CAUGHT_TARGET, REPLACED_TARGET = 0.95, 0.02
COUNTRY = {  # English -> (Italian, German), for the replies written in those languages
    "Germany": ("Germania", "Deutschland"), "Austria": ("Austria", "Österreich"), "France": ("Francia", "Frankreich"),
    "Belgium": ("Belgio", "Belgien"), "Netherlands": ("Paesi Bassi", "Niederlande"), "Spain": ("Spagna", "Spanien"),
    "Portugal": ("Portogallo", "Portugal"), "Ireland": ("Irlanda", "Irland"), "Poland": ("Polonia", "Polen"),
    "Sweden": ("Svezia", "Schweden"), "Denmark": ("Danimarca", "Dänemark"), "Switzerland": ("Svizzera", "Schweiz"),
    "United Kingdom": ("Regno Unito", "Großbritannien"), "Norway": ("Norvegia", "Norwegen"), "USA": ("USA", "USA"),
    "Canada": ("Canada", "Kanada"), "Australia": ("Australia", "Australien"), "Japan": ("Giappone", "Japan"),
    "Mexico": ("Messico", "Mexiko"), "Luxembourg": ("Lussemburgo", "Luxemburg"), "Slovenia": ("Slovenia", "Slowenien"),
    "Italy": ("Italia", "Italien"), "Sicily": ("Sicilia", "Sizilien"), "Sardinia": ("Sardegna", "Sardinien"),
}
SHIPPING = {
    "en": "Shipping to {place} costs {price} and takes {time} working days.",
    "it": "La spedizione in {place} costa {price} e richiede {time} giorni lavorativi.",
    "de": "Der Versand nach {place} kostet {price} und dauert {time} Werktage.",
}
PRICE = {"en": "The {product} costs {price}.", "it": "{product} costa {price}.", "de": "{product} kostet {price}."}
FACT = {"en": "{product}: {fact}.", "it": "{product} - {fact}.", "de": "{product} - {fact}."}


# True replies as a model words them, not copied from the document.
PARAPHRASES = [
    ("pastashop", "en", "Our spaghetti from Gragnano are 3.90 EUR for a 500 g bag and cook in 11 minutes."),
    ("pastashop", "en", "To Germany we charge 9.90 EUR for shipping; it usually arrives in 3 to 5 working days."),
    ("pastashop", "en", "Delivery within mainland Italy takes one or two working days and costs 5.90 EUR, free from 49 EUR."),
    ("pastashop", "en", "The pesto keeps for 12 months unopened; once open, eat it within five days."),
    ("pastashop", "en", "With the code BENVENUTO10 you get 10% off your first order of at least 30 EUR."),
    ("pastashop", "en", "You can return unopened goods within 14 days of delivery for a full refund."),
    ("pastashop", "en", "The Box Degustazione costs 29.90 EUR instead of 32.80 EUR."),
    ("pastashop", "en", "Buy 6 or more packs of the same pasta and you get 10% off."),
    ("pastashop", "en", "Shipping to Switzerland is 19.90 EUR and takes 5-8 working days; customs duties are paid by the recipient."),
    ("pastashop", "en", "Our customer service is there Monday to Friday from 09:00 to 18:00, Italian time."),
    ("pastashop", "en", "Orders placed before 12:00 on a working day leave the same day."),
    ("pastashop", "en", "The gluten-free fusilli weigh 400 g and cost 4.60 EUR."),
    ("pastashop", "en", "Staff review every refund request and answer within 2 working days."),
    ("pastashop", "en", "The Parmigiano Reggiano is a 1 kg wedge at 24.90 EUR and ships only to Italy and EU countries."),
    ("pastashop", "it", "Gli spaghetti di Gragnano costano 3,90 € al pacco da 500 g e cuociono in 11 minuti."),
    ("pastashop", "it", "La spedizione in Germania costa 9,90 euro e arriva in 3-5 giorni lavorativi."),
    ("pastashop", "it", "Il pesto si conserva 12 mesi chiuso; una volta aperto va consumato entro cinque giorni."),
    ("pastashop", "it", "Con il codice BENVENUTO10 hai il 10% di sconto sul primo ordine, con un minimo di 30 EUR."),
    ("pastashop", "it", "I prodotti non aperti si possono restituire entro 14 giorni dalla consegna."),
    ("pastashop", "it", "L'olio Colline Sorrentine costa 12,90 € per 500 ml."),
    ("pastashop", "de", "Die Spaghetti di Gragnano kosten 3,90 € pro 500-g-Packung, Kochzeit 11 Minuten."),
    ("pastashop", "de", "Der Versand nach Österreich kostet 9,90 EUR und dauert drei bis fünf Werktage."),
    ("pastashop", "de", "Mit dem Code PASTA5 sparen Sie 5 EUR ab einem Bestellwert von 50 EUR."),
    ("pastashop", "de", "Ungeöffnete Waren können Sie innerhalb von 14 Tagen nach der Lieferung zurückgeben."),
    ("pastashop", "de", "Die glutenfreien Fusilli kosten 4,60 € für 400 g."),
    ("gadgetstore", "en", "The Aurora X2 earbuds cost $79.00 and play for 8 hours, 32 hours with the case."),
    ("gadgetstore", "en", "Shipping to Germany is $24.99 and takes 7-12 business days."),
    ("gadgetstore", "en", "Standard shipping in the contiguous US costs $5.99 and is free on orders of $75.00 or more."),
    ("gadgetstore", "en", "The Pulse 40 speaker costs $59.00, weighs 540 g and runs for 12 hours."),
    ("gadgetstore", "en", "The VoltPack 20K holds 20,000 mAh and ships only within the contiguous US."),
    ("gadgetstore", "en", "Orders placed before 2:00 pm Pacific Time on a business day leave the same day."),
    ("gadgetstore", "en", "Express shipping in the contiguous US costs $14.99 and takes 1-2 business days."),
    ("gadgetstore", "en", "You can write to us at help@northwindgadgets.example."),
    ("gadgetstore", "it", "Gli auricolari Aurora X2 costano 79 $ e hanno 8 ore di autonomia."),
    ("gadgetstore", "it", "La spedizione in Germania costa 24,99 $ e richiede 7-12 giorni lavorativi."),
    ("gadgetstore", "de", "Der Versand nach Deutschland kostet 24,99 $ und dauert 7 bis 12 Werktage."),
    ("gadgetstore", "de", "Der Lautsprecher Pulse 40 kostet 59 $ und wiegt 540 g."),
]


INVENTED = ["Linguine al Nero di Seppia", "Tortellini Emiliani Freschi", "Aurora X5 Pro earbuds", "Zephyr Mini speaker",
            "Bucatini Amatriciani", "Nova S2 smart ring"]


def money(value: str, language: str) -> str:
    """'9.90 EUR' as an Italian or German writer puts it: '9,90 €'."""
    if language == "en":
        return value
    return re.sub(r"(\d+)\.(\d{2}) EUR", r"\1,\2 €", value).replace("$", "").replace(" USD", "") + (" $" if "$" in value else "")


def true_sentences(pack) -> list[tuple[str, str]]:
    """(language, sentence) pairs that the document states."""
    found: list[tuple[str, str]] = []
    doc = pack.document
    for line in doc.splitlines():  # the shipping table: one sentence per named country
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.search(r"\d", cells[2]) and "day" in cells[3]:
            price = re.split(r",| free", cells[2])[0].strip()
            days = re.match(r"\d+-\d+", cells[3]).group(0)
            named = [c for c in COUNTRY if re.search(rf"\b{c}\b", cells[1]) or c == cells[0]]
            for country in named:
                for lang, template in SHIPPING.items():
                    place = country if lang == "en" else COUNTRY[country][0 if lang == "it" else 1]
                    found.append((lang, template.format(place=place, price=money(price, lang), time=days)))
        if len(cells) == 4 and re.match(r"[A-Z]{2,3}-", cells[0]) and re.search(r"\d", cells[3]):
            for lang, template in PRICE.items():
                found.append((lang, template.format(product=cells[1], price=money(cells[3], lang))))
    for name, _ in products(doc):  # product facts with a figure, as the label has them
        block = doc.split(f"### {name}", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
        for fact in re.findall(r"^- ((?:Price|Weight|Cooking time|Shelf life|Battery|Capacity|Warranty|Volume|Dimensions|Output): .*\d.*)$", block, re.M):
            found.append(("en", FACT["en"].format(product=name, fact=fact.rstrip("."))))
    public = "\n".join(s.body for s in pack.public_sections if s.title not in ("Products", "Product list", "Shipping"))
    for line in public.splitlines():  # policy and discount lines, as written
        line = line.strip("- ").strip()
        if figures(fold(line)) and not line.startswith("|") and len(line) > 20:
            found.append(("en", line))
    return found


def perturbed(sentence: str, rng: random.Random, pack_countries: list[str], names: list[str], rows: dict[str, str]) -> str | None:
    """The sentence with one figure, country or product changed; None when nothing could be."""
    kind = rng.choice(("figure", "figure", "country", "product", "invented"))
    present = [c for c in pack_countries if any(re.search(rf"\b{re.escape(t)}\b", sentence) for t in (c, *COUNTRY.get(c, ())))]
    named = [n for n in names if n in sentence]
    if kind == "country" and present:
        old = present[0]
        new = rng.choice([c for c in pack_countries if c != old])
        spellings = (old, *COUNTRY.get(old, ()))
        if rows.get(old) is not None and rows.get(old) == rows.get(new):
            return None  # Germany and Austria share a row: the swap is still true
        for spelled, replacement in zip(spellings, (new, *COUNTRY.get(new, (new, new)))):
            sentence = re.sub(rf"\b{re.escape(spelled)}\b", replacement, sentence)
        return sentence
    if kind == "product" and named:
        old = named[0]
        return sentence.replace(old, rng.choice([n for n in names if n != old]))
    if kind == "invented" and named:  # a product the shop does not sell
        return sentence.replace(named[0], rng.choice(INVENTED))
    numbers = list(re.finditer(r"\d+(?:[.,]\d+)?(?!:)(?<!:\d\d)", sentence))  # a clock's hour, not its minutes
    if not numbers:
        return None
    match = rng.choice(numbers)
    text = match.group(0)
    decimals = len(re.split(r"[.,]", text)[1]) if re.search(r"[.,]", text) else 0
    value = float(text.replace(",", "."))
    new = value
    while new == value or new <= 0:
        new = round(value * rng.choice((0.25, 0.5, 0.8, 1.5, 2, 3)) + rng.choice((-1, 0, 1)), decimals)
    spelled = f"{new:.{decimals}f}".replace(".", "," if "," in text else ".")
    changed = sentence[: match.start()] + spelled + sentence[match.end() :]
    for low, high in re.findall(r"\b(\d+)-(\d+)\b", changed):
        if int(low) >= int(high):
            return None  # "5-5", "7-4": no writer's range
    return changed


def is_false(original: str, changed: str, index: FactIndex) -> bool:
    """The change says something else: a figure or a subject differs from the original's."""
    return changed != original and changed.strip() != ""


def main() -> None:
    json_path = sys.argv[sys.argv.index("--json") + 1] if "--json" in sys.argv else None
    started = time.perf_counter()
    rng = random.Random(22)
    totals = {"true": 0, "replaced": 0, "false": 0, "caught": 0}
    times: list[float] = []
    misses: list[str] = []
    replaced: list[str] = []
    for pack_id in PACKS:
        pack = load_pack(pack_id)
        index = FactIndex.of_pack(pack)
        names = [n for n, _ in products(pack.document)]
        countries = [c for c in COUNTRY if re.search(rf"\b{c}\b", pack.document)]
        rows = {c: line for line in pack.document.splitlines() if line.startswith("|") for c in countries if re.search(rf"\b{c}\b", line)}
        sentences = true_sentences(pack) + [(lang, text) for p, lang, text in PARAPHRASES if p == pack_id]
        for lang, sentence in sentences:
            took = []
            for _ in range(3):  # the best of three: the machine's other work is not the screen's cost
                start = time.perf_counter()
                verdict = index.check(sentence)
                took.append(time.perf_counter() - start)
            times.append(min(took))
            totals["true"] += 1
            if not verdict.ok:
                totals["replaced"] += 1
                replaced.append(f"{pack_id} {lang}: {sentence}  {verdict.spans}")
            for _ in range(3):
                changed = perturbed(sentence, rng, countries, names, rows)
                if changed is None or not is_false(sentence, changed, index) or index_says(changed, sentences):
                    continue
                totals["false"] += 1
                if index.check(changed).ok:
                    misses.append(f"{pack_id} {lang}: {changed}")
                else:
                    totals["caught"] += 1
    caught = totals["caught"] / max(1, totals["false"])
    replaced_rate = totals["replaced"] / max(1, totals["true"])
    times.sort()
    print(f"grounding screen on {totals['true']} true and {totals['false']} false replies ({', '.join(PACKS)}; EN/IT/DE)")
    print(f"  false replies caught     {caught:.3f}   target >= {CAUGHT_TARGET}  {'ok' if caught >= CAUGHT_TARGET else 'FAILED'}")
    print(f"  true replies replaced    {replaced_rate:.3f}   target <= {REPLACED_TARGET}  {'ok' if replaced_rate <= REPLACED_TARGET else 'FAILED'}")
    print(f"  check per reply (best of 3) p50 {times[len(times) // 2] * 1000:.3f} ms, p99 {times[int(len(times) * 0.99)] * 1000:.3f} ms")
    for title, rows in (("true replies replaced", replaced), ("false replies missed", misses)):
        if rows:
            print(f"\n{title} (first 10 of {len(rows)}):")
            for row in rows[:10]:
                print("  " + row)
    if json_path:  # for make bench (bench/run_all.py): the same figures in the benchmarks' report
        out = Report("Grounding screen on model replies (true and perturbed shop sentences, EN/IT/DE)")
        out.add("false replies caught", caught, "", f">= {CAUGHT_TARGET}", caught >= CAUGHT_TARGET)
        out.add("true replies replaced", replaced_rate, "", f"<= {REPLACED_TARGET}", replaced_rate <= REPLACED_TARGET)
        out.add("check per reply p99", times[int(len(times) * 0.99)] * 1000, "ms")
        out.seconds = time.perf_counter() - started
        Path(json_path).write_text(out.to_json(), encoding="utf-8")


def index_says(changed: str, sentences: list[tuple[str, str]]) -> bool:
    """The changed sentence is itself one of the true ones (Germany and Austria share a row)."""
    return any(changed == s for _, s in sentences)


if __name__ == "__main__":
    main()
