"""A policy line said in the customer's language: the usual clauses of a shop's returns, refund,
warranty, cancellation and address-change rules ("can be returned within 14 days of delivery",
"unless they are faulty", "until it leaves our warehouse"), read in an English or Italian document
and said again in English, Italian or German with the document's own figures.

A line is said again only when its clauses cover nearly all of it and every figure of the line
is kept; otherwise it is quoted as written (with a note of the document's language), so nothing
the document says is lost or changed. Clauses, not lines of one pack: any shop's policy that uses
these common phrasings is said in the customer's language.
"""
from __future__ import annotations

import re
from functools import lru_cache

from core.answers.phrasebook import units_in
from core.answers.places import COUNTRIES, NAMES as PLACE_NAMES, name_in
from core.answers.words import fold

_N = r"(?P<t>\d+(?:[.,-]\d+)? (?:business days|working days|days|hours|months|years|giorni lavorativi|giorni|ore|mesi|anni))"

_IT_DAY = r"lunedi|martedi|mercoledi|giovedi|venerdi|sabato|domenica"
_EN_DAY = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_CLOCK = r"\d{1,2}[:.]\d{2} ?(?:am|pm)?-\d{1,2}[:.]\d{2} ?(?:am|pm)?"

_MONEY = r"\d+(?:[.,]\d+)?%|[$€]\d+(?:[.,]\d+)?|\d+(?:[.,]\d+)? ?(?:eur|€)"

# (document language, clause pattern on the folded line, (English, Italian, German)); {t}: the
# figure with its unit, {p}: a percentage or an amount, said as the document wrote it.
_CLAUSES: tuple[tuple[str, str, tuple[str, str, str]], ...] = (
    # -- who or what a rule is about --------------------------------------------------------------
    ("en", r"damaged or wrong items", ("damaged or wrong items", "articoli danneggiati o sbagliati", "beschädigte oder falsche Artikel")),
    ("en", r"faulty or damaged on arrival", ("faulty or damaged on arrival", "difettoso o danneggiato all'arrivo", "defekt oder beschädigt angekommen")),
    ("en", r"(?<!non-)perishable goods(?: \([^)]*\))?", ("perishable goods", "la merce deperibile", "verderbliche Ware")),
    ("en", r"unopened,? non-perishable goods", ("unopened, non-perishable goods", "la merce non aperta e non deperibile", "ungeöffnete, nicht verderbliche Ware")),
    ("en", r"unopened products in their sealed box", ("unopened products in their sealed box", "prodotti non aperti nella confezione sigillata", "ungeöffnete Produkte in versiegelter Verpackung")),
    ("en", r"opened products in as-new condition, with all accessories and the original box",
     ("opened products in as-new condition, with all accessories and the original box",
      "prodotti aperti come nuovi, con tutti gli accessori e la scatola originale",
      "geöffnete Produkte in neuwertigem Zustand, mit allem Zubehör und Originalverpackung")),
    ("en", r"opened goods cannot be returned", ("opened goods cannot be returned", "la merce aperta non si può restituire", "geöffnete Ware kann nicht zurückgegeben werden")),
    ("en", r"for hygiene reasons", ("for hygiene reasons", "per motivi di igiene", "aus Hygienegründen")),
    ("en", r"returnable only unopened in their sealed box", ("returnable only unopened in their sealed box",
     "si possono restituire solo non aperti, nella confezione sigillata", "nur ungeöffnet in versiegelter Verpackung rückgabefähig")),
    ("en", r"for any other return, the customer pays the return shipping", ("for any other return, the customer pays the return shipping",
     "per gli altri resi la spedizione di reso è a carico del cliente", "bei allen anderen Rücksendungen bezahlt der Kunde die Rücksendung")),
    ("en", r"for any other return", ("for any other return", "per gli altri resi", "bei allen anderen Rücksendungen")),
    # -- what may be done, and until when ---------------------------------------------------------
    ("en", r"(?:you )?can return a product within " + _N + r" of delivery",
     ("you can return a product within {t} of delivery", "puoi restituire un prodotto entro {t} dalla consegna",
      "Sie können ein Produkt innerhalb von {t} nach Lieferung zurückgeben")),
    ("en", r"can be returned within " + _N + r" of delivery",
     ("can be returned within {t} of delivery", "si può restituire entro {t} dalla consegna",
      "kann innerhalb von {t} nach Lieferung zurückgegeben werden")),
    ("en", r"cannot be returned", ("cannot be returned", "non si può restituire", "kann nicht zurückgegeben werden")),
    ("en", r"unless (?:they are |it is )?faulty", ("unless faulty", "a meno che non sia difettosa", "außer bei einem Defekt")),
    ("en", r"for a full refund of the product price", ("for a full refund of the product price",
     "con rimborso completo del prezzo del prodotto", "mit voller Erstattung des Produktpreises")),
    ("en", r"full refund of the product price", ("full refund of the product price", "rimborso completo del prezzo del prodotto",
     "volle Erstattung des Produktpreises")),
    ("en", r"refund minus a (?P<p>\d+%) restocking fee", ("refund minus a {p} restocking fee",
     "rimborso meno una commissione di riassortimento del {p}", "Erstattung abzüglich {p} Wiedereinlagerungsgebühr")),
    ("en", r"no restocking fee", ("no restocking fee", "nessuna commissione di riassortimento", "keine Wiedereinlagerungsgebühr")),
    ("en", r"if they arrive damaged, spoiled or warm", ("if they arrive damaged, spoiled or warm",
     "se arriva danneggiata, avariata o calda", "wenn sie beschädigt, verdorben oder warm ankommt")),
    ("en", r"tell us within " + _N + r" of delivery", ("tell us within {t} of delivery", "avvisaci entro {t} dalla consegna",
     "melden Sie sich innerhalb von {t} nach Lieferung")),
    ("en", r"with (?:a )?photos? of the product and the box", ("with a photo of the product and the box",
     "con una foto del prodotto e della scatola", "mit einem Foto von Produkt und Karton")),
    ("en", r"with photos", ("with photos", "con foto", "mit Fotos")),
    ("en", r"we will replace them or refund them", ("we will replace them or refund them", "la sostituiamo o la rimborsiamo",
     "wir ersetzen oder erstatten sie")),
    ("en", r"we pay the return shipping", ("we pay the return shipping", "la spedizione di reso la paghiamo noi",
     "die Rücksendung bezahlen wir")),
    ("en", r"the customer pays the return shipping", ("the customer pays the return shipping",
     "la spedizione di reso è a carico del cliente", "die Rücksendung bezahlt der Kunde")),
    ("en", r"return shipping: free prepaid label for us addresses", ("return shipping: free prepaid label for US addresses",
     "spedizione di reso: etichetta prepagata gratuita per indirizzi negli USA",
     "Rücksendung: kostenloses vorfrankiertes Etikett für US-Adressen")),
    ("en", r"customers outside the us pay the return shipping, unless the product is faulty",
     ("customers outside the US pay the return shipping, unless the product is faulty",
      "fuori dagli USA la spedizione di reso è a carico del cliente, a meno che il prodotto non sia difettoso",
      "außerhalb der USA bezahlt der Kunde die Rücksendung, außer das Produkt ist defekt")),
    ("en", r"refunds? (?:are made|go|goes) to the original payment method",
     ("refunds go to the original payment method", "i rimborsi vanno sul metodo di pagamento originale",
      "Erstattungen gehen an die ursprüngliche Zahlungsmethode")),
    ("en", r"within " + _N + r" of receiving the returned goods", ("within {t} of receiving the returned goods",
     "entro {t} dal ricevimento della merce resa", "innerhalb von {t} nach Eingang der Rücksendung")),
    ("en", r"within " + _N + r" after we receive and inspect the return", ("within {t} after we receive and inspect the return",
     "entro {t} da quando riceviamo e controlliamo il reso", "innerhalb von {t}, nachdem wir die Rücksendung erhalten und geprüft haben")),
    ("en", r"shipping costs are not refunded", ("shipping costs are not refunded", "le spese di spedizione non sono rimborsate",
     "Versandkosten werden nicht erstattet")),
    ("en", r"every refund request is reviewed by our staff", ("every refund request is reviewed by our staff",
     "ogni richiesta di rimborso è esaminata dal nostro staff", "jeder Erstattungsantrag wird von unserem Team geprüft")),
    ("en", r"who decide (?:on it )?(?:and answer )?within " + _N, ("who decide within {t}", "che decide e risponde entro {t}",
     "das innerhalb von {t} entscheidet")),
    ("en", r"the delivery address can be changed", ("the delivery address can be changed", "l'indirizzo di consegna si può cambiare",
     "die Lieferadresse kann geändert werden")),
    ("en", r"orders can be cancell?ed|and an order cancell?ed", ("orders can be cancelled", "l'ordine si può annullare",
     "die Bestellung kann storniert werden")),
    ("en", r"until (?:they|it|the parcel) leaves? our warehouse", ("until it leaves our warehouse",
     "finché non lascia il nostro magazzino", ", bis sie unser Lager verlässt")),
    ("en", r"after that, the goods can be returned under the refund policy", ("after that, the goods can be returned under the refund policy",
     "dopo non si può più annullare, e la merce si può restituire secondo le condizioni di reso",
     "danach ist eine Stornierung nicht mehr möglich, und die Ware kann nach unseren Rückgaberegeln zurückgegeben werden")),
    # -- warranty ---------------------------------------------------------------------------------
    ("en", r"each product has the warranty length shown in its description, counted from the delivery date",
     ("each product has the warranty length shown in its description, counted from the delivery date",
      "ogni prodotto ha la durata di garanzia indicata nella sua scheda, a partire dalla data di consegna",
      "jedes Produkt hat die in seiner Beschreibung genannte Garantiedauer, ab dem Lieferdatum")),
    ("en", r"the warranty covers manufacturing faults", ("the warranty covers manufacturing faults",
     "la garanzia copre i difetti di fabbricazione", "die Garantie deckt Herstellungsfehler")),
    ("en", r"it does not cover accidental damage", ("it does not cover accidental damage", "non copre i danni accidentali",
     "nicht aber Unfallschäden")),
    ("en", r"liquid damage beyond the product's water rating", ("liquid damage beyond the product's water rating",
     "i danni da liquidi oltre la resistenza all'acqua del prodotto", "Flüssigkeitsschäden über den Wasserschutz des Produkts hinaus")),
    ("en", r"battery wear below (?P<p>\d+%) capacity after the first year", ("battery wear below {p} capacity after the first year",
     "l'usura della batteria sotto il {p} di capacità dopo il primo anno", "Akkuverschleiß unter {p} Kapazität nach dem ersten Jahr")),
    ("en", r"warranty claims need the order number, the product's serial number and a description of the fault",
     ("warranty claims need the order number, the product's serial number and a description of the fault",
      "per la garanzia servono il numero d'ordine, il numero di serie del prodotto e una descrizione del difetto",
      "für einen Garantiefall brauchen wir Bestellnummer, Seriennummer des Produkts und eine Fehlerbeschreibung")),
    ("en", r"we repair or replace the product", ("we repair or replace the product", "ripariamo o sostituiamo il prodotto",
     "wir reparieren oder ersetzen das Produkt")),
    ("en", r"if neither is possible, staff decide on a refund", ("if neither is possible, staff decide on a refund",
     "se non è possibile, lo staff decide su un rimborso", "ist beides nicht möglich, entscheidet unser Team über eine Erstattung")),
    # -- bundles and discounts ----------------------------------------------------------------------
    ("en", r"one pack each of", ("one pack each of", "una confezione ciascuno di", "je eine Packung")),
    ("en", r"in a gift box", ("in a gift box", "in una confezione regalo", "in einer Geschenkbox")),
    ("en", r"(?P<n>\d+) bags of", ("{n} bags of", "{n} sacchetti di", "{n} Beutel")),
    ("en", r"(?P<p>" + _MONEY + r") instead of (?P<q>" + _MONEY + r")", ("{p} instead of {q}", "{p} invece di {q}", "{p} statt {q}")),
    ("en", r"(?P<p>" + _MONEY + r") off your first order", ("{p} off your first order", "{p} di sconto sul primo ordine",
     "{p} Rabatt auf die erste Bestellung")),
    ("en", r"(?P<p>" + _MONEY + r") off any order", ("{p} off any order", "{p} di sconto su qualsiasi ordine", "{p} Rabatt auf jede Bestellung")),
    ("en", r"on orders of (?P<q>" + _MONEY + r") or more", ("on orders of {q} or more", "per ordini da {q} in su", "ab einem Bestellwert von {q}")),
    ("en", r"of (?P<q>" + _MONEY + r") or more", ("of {q} or more", "da {q} in su", "ab {q}")),
    ("en", r"minimum order (?P<q>" + _MONEY + r")", ("minimum order {q}", "ordine minimo {q}", "Mindestbestellwert {q}")),
    ("en", r"not valid on bundles", ("not valid on bundles", "non valido sui pacchetti", "nicht gültig für Bundles")),
    ("en", r"(?P<p>\d+%) off when you buy (?P<n>\d+) or more packs of the same (?P<x>[a-z]+)",
     ("{p} off when you buy {n} or more packs of the same {x}", "{p} di sconto se compri {n} o più confezioni della stessa {x}",
      "{p} Rabatt, wenn Sie {n} oder mehr Packungen derselben {x} kaufen")),
    ("en", r"(?P<p>\d+%) off with a verified student e-mail address", ("{p} off with a verified student e-mail address",
     "{p} di sconto con un indirizzo e-mail da studente verificato", "{p} Rabatt mit einer verifizierten Studenten-E-Mail-Adresse")),
    ("en", r"\(code sent by e-mail after verification\)", ("(code sent by e-mail after verification)",
     "(il codice arriva per e-mail dopo la verifica)", "(der Code kommt nach der Prüfung per E-Mail)")),
    ("en", r"(?:discount )?codes cannot be combined(?: with each other)?", ("codes cannot be combined",
     "i codici sconto non si possono sommare", "Rabattcodes können nicht kombiniert werden")),
    ("en", r"one code per order", ("one code per order", "un solo codice per ordine", "ein Code pro Bestellung")),
    ("en", r"codes are entered at checkout", ("codes are entered at checkout", "i codici si inseriscono alla cassa (checkout)",
     "Codes werden beim Bezahlen (Checkout) eingegeben")),
    ("en", r"(?:and )?cannot be (?:added|applied) after the order is placed", ("and cannot be added after the order is placed",
     "e non si può applicare un codice dopo aver fatto l'ordine", "und können nach der Bestellung nicht mehr hinzugefügt werden")),
    # -- cooking and serving, as a shop's guide says it ------------------------------------------------
    ("en", r"do not (?:heat|warm) it", ("do not heat it", "non scaldarlo", "nicht erhitzen")),
    ("en", r"loosen it with (?P<n>\d+) tablespoons of the pasta cooking water", ("loosen it with {n} tablespoons of the pasta cooking water",
     "allungalo con {n} cucchiai di acqua di cottura della pasta", "mit {n} Esslöffeln Nudelkochwasser verdünnen")),
    ("en", r"(?:and )?toss (?:it )?off the heat", ("and toss off the heat", "e mescola a fuoco spento", "und abseits der Hitze vermengen")),
    ("en", r"use (?P<a>\d+ litres?) of water and (?P<b>\d+ g) of coarse salt for every (?P<c>\d+ g) of pasta",
     ("use {a} of water and {b} of coarse salt for every {c} of pasta", "usa {a} d'acqua e {b} di sale grosso ogni {c} di pasta",
      "{a} Wasser und {b} grobes Salz pro {c} Nudeln")),
    # -- what a figure of a product's card is measured on ("180 g (glass jar)", "38 g (without strap)") --
    ("en", r"\(glass jar\)", ("(glass jar)", "(vasetto di vetro)", "(Glas)")),
    ("en", r"\(paper bag\)", ("(paper bag)", "(sacchetto di carta)", "(Papiertüte)")),
    ("en", r"\(bag\)", ("(bag)", "(sacchetto)", "(Beutel)")),
    ("en", r"\(box\)", ("(box)", "(scatola)", "(Schachtel)")),
    ("en", r"\(vacuum-packed wedge\)", ("(vacuum-packed wedge)", "(spicchio sottovuoto)", "(vakuumverpacktes Stück)")),
    ("en", r"\(bottle and oil\)", ("(bottle and oil)", "(bottiglia e olio)", "(Flasche und Öl)")),
    ("en", r"\(dark glass bottle\)", ("(dark glass bottle)", "(bottiglia di vetro scuro)", "(dunkle Glasflasche)")),
    ("en", r"\(without strap\)", ("(without strap)", "(senza cinturino)", "(ohne Armband)")),
    ("en", r"\(case\)", ("(case)", "(cassa)", "(Gehäuse)")),
    ("en", r"per bulb", ("per bulb", "per lampadina", "pro Lampe")),
    ("en", r"per earbud", ("per earbud", "per auricolare", "pro Ohrhörer")),
    ("en", r"\(case with both earbuds\)", ("(case with both earbuds)", "(custodia con entrambi gli auricolari)", "(Case mit beiden Ohrhörern)")),
    ("en", r"^yes\b", ("yes", "sì", "ja")),
    ("en", r"ships chilled in an insulated box", ("ships chilled in an insulated box", "viaggia refrigerato in una scatola isotermica",
     "wird gekühlt in einer Isolierbox versandt")),
    ("en", r"to (?P<c>italy) and eu countries only", ("to {c} and EU countries only", "solo in {c} e nei paesi dell'UE",
     "nur nach {c} und in EU-Länder")),
    ("en", r"\(sweat and splashes\)", ("(sweat and splashes)", "(sudore e schizzi)", "(Schweiß und Spritzwasser)")),
    ("en", r"\(swimming in a pool\)", ("(swimming in a pool)", "(nuoto in piscina)", "(Schwimmen im Pool)")),
    ("en", r"\(dust-tight, survives (?P<a>\d+ m) of water for (?P<t>\d+ minutes)\)", ("(dust-tight, survives {a} of water for {t})",
     "(a prova di polvere, resiste a {a} d'acqua per {t})", "(staubdicht, übersteht {a} Wassertiefe {t} lang)")),
    # -- when shipping is free (an English document) ----------------------------------------------------
    ("en", r"free shipping applies only to standard shipping in the contiguous us", ("free shipping applies only to Standard shipping in the contiguous US",
     "la spedizione gratuita vale solo per la spedizione Standard negli USA continentali",
     "kostenloser Versand gilt nur für Standardversand in den zusammenhängenden USA")),
    ("en", r"free shipping applies to (?P<c>[a-z]+) only", ("free shipping applies to {c} only", "la spedizione gratuita vale solo in {c}",
     "kostenloser Versand gilt nur für {c}")),
    ("en", r"\(orders from (?P<q>" + _MONEY + r")\)", ("(orders from {q})", "(ordini da {q})", "(Bestellungen ab {q})")),
    ("en", r"there is no free shipping abroad", ("there is no free shipping abroad", "all'estero la spedizione non è gratuita",
     "ins Ausland gibt es keinen kostenlosen Versand")),
    # -- prices and taxes ----------------------------------------------------------------------------
    ("en", r"all prices include (?:italian |german )?vat", ("all prices include VAT", "tutti i prezzi sono IVA compresa",
     "alle Preise sind inklusive Mehrwertsteuer")),
    ("en", r"(?P<p>\d+%) on food", ("{p} on food", "{p} sugli alimentari", "{p} auf Lebensmittel")),
    ("en", r"(?P<p>\d+%) on gift boxes", ("{p} on gift boxes", "{p} sulle confezioni regalo", "{p} auf Geschenkboxen")),
    ("en", r"prices are in us dollars", ("prices are in US dollars", "i prezzi sono in dollari USA", "die Preise sind in US-Dollar")),
    ("en", r"(?:and )?do not include sales tax", ("and do not include sales tax", "e non comprendono la sales tax (imposta sulle vendite)",
     "und enthalten keine Sales Tax (Umsatzsteuer)")),
    ("en", r"which is added at checkout for us addresses", ("which is added at checkout for US addresses",
     "che si aggiunge alla cassa (checkout) per gli indirizzi negli USA", "die beim Bezahlen (Checkout) für US-Adressen hinzukommt")),
    # -- ways of paying ------------------------------------------------------------------------------
    ("en", r"credit and debit cards", ("credit and debit cards", "carte di credito e di debito", "Kredit- und Debitkarten")),
    ("en", r"credit cards", ("credit cards", "carte di credito", "Kreditkarten")),
    ("en", r"bank transfer", ("bank transfer", "bonifico bancario", "Banküberweisung")),
    ("en", r"cash on delivery", ("cash on delivery", "pagamento alla consegna (contrassegno)", "Nachnahme")),
    ("en", r"\((?P<c>[a-z]+(?: [a-z]+)?) only\)", ("({c} only)", "(solo {c})", "(nur {c})")),
    # -- how long food keeps, as a label says it -------------------------------------------------------
    ("en", r"^(?P<t>\d+(?:[.,-]\d+)? (?:months|years|days))(?=[;,.]|$)", ("{t}", "{t}", "{t}")),
    ("en", r"^(?P<t>\d+(?:[.,-]\d+)? (?:months|years|days)) unopened", ("{t} unopened", "{t} se chiuso", "{t} ungeöffnet")),
    ("en", r"store in a cool,? dry place", ("store in a cool, dry place", "conservare in luogo fresco e asciutto", "kühl und trocken lagern")),
    ("en", r"store away from light and heat", ("store away from light and heat", "conservare al riparo da luce e calore",
     "vor Licht und Wärme geschützt lagern")),
    ("en", r"(?P<t>\d+(?:[.,-]\d+)? (?:months|years|days)) vacuum-packed in the fridge", ("{t} vacuum-packed in the fridge",
     "{t} sottovuoto in frigorifero", "{t} vakuumverpackt im Kühlschrank")),
    ("en", r"once opened,? keep (?:it )?in the fridge", ("once opened keep in the fridge", "una volta aperto tenere in frigorifero",
     "nach dem Öffnen im Kühlschrank aufbewahren")),
    ("en", r"once opened,? wrap (?:it )?in cloth", ("once opened wrap in cloth", "una volta aperto avvolgere in un panno",
     "nach dem Öffnen in ein Tuch wickeln")),
    ("en", r"keep (?:it )?in the fridge", ("keep in the fridge", "tenere in frigorifero", "im Kühlschrank aufbewahren")),
    ("en", r"covered with oil", ("covered with oil", "coperto d'olio", "mit Öl bedeckt")),
    ("en", r"(?:eat|use|consume) within " + _N, ("use within {t}", "consumare entro {t}", "innerhalb von {t} verbrauchen")),
    ("it", r"(?P<p>" + _MONEY + r") invece di (?P<q>" + _MONEY + r")", ("{p} instead of {q}", "{p} invece di {q}", "{p} statt {q}")),
    ("it", r"(?P<p>" + _MONEY + r") di sconto sul primo ordine online", ("{p} off your first online order",
     "{p} di sconto sul primo ordine online", "{p} Rabatt auf die erste Online-Bestellung")),
    ("it", r"con una spesa minima di (?P<q>" + _MONEY + r")", ("with a minimum spend of {q}", "con una spesa minima di {q}",
     "ab einem Bestellwert von {q}")),
    ("it", r"non vale sulle bici complete", ("not valid on complete bikes", "non vale sulle bici complete", "nicht gültig für komplette Fahrräder")),
    # -- shipping and the shop's days ---------------------------------------------------------------
    ("en", r"we ship from (?P<p>[a-z][a-z ,]*?), monday to friday", ("we ship from {p}, Monday to Friday",
     "spediamo da {p}, dal lunedì al venerdì", "wir versenden aus {p}, Montag bis Freitag")),
    ("en", r"orders placed before (?P<p>\d{1,2}:\d{2}(?: ?[ap]m)?) \(?(?P<z>italian time|pacific time)\)? on a (?:working|business) day leave the same day",
     ("orders placed before {p} ({z}) on a working day leave the same day",
      "gli ordini fatti entro le {p} ({z}) di un giorno lavorativo partono lo stesso giorno",
      "Bestellungen, die an einem Werktag vor {p} ({z}) eingehen, verlassen unser Lager am selben Tag")),
    ("en", r"every order has a tracking number, sent by e-mail(?: when the parcel leaves)?",
     ("every order has a tracking number, sent by e-mail when the parcel leaves",
      "ogni ordine ha un numero di tracciamento, inviato per e-mail quando il pacco parte",
      "jede Bestellung hat eine Sendungsnummer, die per E-Mail kommt, sobald das Paket unterwegs ist")),
    ("en", r"outside the eu, customs duties and import taxes are paid by the recipient",
     ("outside the EU, customs duties and import taxes are paid by the recipient",
      "fuori dall'UE dazi doganali e tasse d'importazione sono a carico del destinatario",
      "außerhalb der EU zahlt der Empfänger Zoll und Einfuhrabgaben")),
    ("en", r"outside the us, import duties and taxes \(vat in europe\) are paid by the recipient on delivery",
     ("outside the US, import duties and taxes (VAT in Europe) are paid by the recipient on delivery",
      "fuori dagli USA dazi e tasse d'importazione (IVA in Europa) sono a carico del destinatario alla consegna",
      "außerhalb der USA zahlt der Empfänger Zoll und Einfuhrsteuern (in Europa die Mehrwertsteuer) bei der Zustellung")),
    ("it", r"spediamo da (?P<p>[a-z]+) dal lunedi al venerdi", ("we ship from {p}, Monday to Friday",
     "spediamo da {p} dal lunedì al venerdì", "wir versenden aus {p}, Montag bis Freitag")),
    ("it", r"gli ordini fatti entro le (?P<p>\d{1,2}:\d{2}) \((?P<z>ora italiana)\) di un giorno lavorativo partono lo stesso giorno",
     ("orders placed by {p} ({z}) on a working day leave the same day",
      "gli ordini fatti entro le {p} ({z}) di un giorno lavorativo partono lo stesso giorno",
      "Bestellungen, die an einem Werktag bis {p} ({z}) eingehen, verlassen unser Lager am selben Tag")),
    ("it", r"ogni ordine ha un numero di tracciamento, inviato per e-mail quando il pacco parte",
     ("every order has a tracking number, sent by e-mail when the parcel leaves",
      "ogni ordine ha un numero di tracciamento, inviato per e-mail quando il pacco parte",
      "jede Bestellung hat eine Sendungsnummer, die per E-Mail kommt, sobald das Paket unterwegs ist")),
    ("it", r"il ritiro in negozio a (?P<p>[a-z]+) e gratuito, per tutti i prodotti", ("pickup in our shop in {p} is free, for all products",
     "il ritiro in negozio a {p} è gratuito, per tutti i prodotti", "die Abholung in unserem Laden in {p} ist kostenlos, für alle Produkte")),
    ("it", r"dazi, iva all'importazione e spese doganali sono a carico del destinatario",
     ("duties, import VAT and customs fees are paid by the recipient",
      "dazi, IVA all'importazione e spese doganali sono a carico del destinatario",
      "Zoll, Einfuhrumsatzsteuer und Zollgebühren zahlt der Empfänger")),
    ("it", r"il (?P<d>lunedi|martedi|mercoledi|giovedi|venerdi|sabato|domenica) e la (?P<e>lunedi|martedi|mercoledi|giovedi|venerdi|sabato|domenica) il negozio e l'officina sono chiusi",
     ("on {d} and {e} the shop and the workshop are closed", "il {d} e la {e} il negozio e l'officina sono chiusi",
      "am {d} und {e} sind Laden und Werkstatt geschlossen")),
    # -- opening and service hours: days and clock times, said with the day names of the customer ---------
    ("it", r"dal (?P<d>" + _IT_DAY + r") al (?P<e>" + _IT_DAY + r"), (?P<p>" + _CLOCK + r") e (?P<q>" + _CLOCK + r")",
     ("{d} to {e}, {p} and {q}", "dal {d} al {e}, {p} e {q}", "{d} bis {e}, {p} und {q}")),
    ("it", r"dal (?P<d>" + _IT_DAY + r") al (?P<e>" + _IT_DAY + r"), (?P<p>" + _CLOCK + r")",
     ("{d} to {e}, {p}", "dal {d} al {e}, {p}", "{d} bis {e}, {p}")),
    ("en", r"(?P<d>" + _EN_DAY + r") to (?P<e>" + _EN_DAY + r"), (?P<p>" + _CLOCK + r")",
     ("{d} to {e}, {p}", "dal {d} al {e}, {p}", "{d} bis {e}, {p}")),
    ("it", r"\(ora italiana\)", ("(Italian time)", "(ora italiana)", "(italienische Zeit)")),
    ("en", r"\(italian time\)", ("(Italian time)", "(ora italiana)", "(italienische Zeit)")),
    # -- where a shop ships, and when shipping is free (an Italian document) -------------------------
    ("it", r"non spediamo fuori dall'europa", ("we do not ship outside Europe", "non spediamo fuori dall'Europa",
     "wir versenden nicht außerhalb Europas")),
    ("it", r"\(per esempio (?P<c>[a-z]+(?: [a-z]+)?), (?P<d>[a-z]+(?: [a-z]+)?), (?P<e>[a-z]+(?: [a-z]+)?)\)",
     ("(for example {c}, {d}, {e})", "(per esempio {c}, {d}, {e})", "(zum Beispiel {c}, {d}, {e})")),
    ("it", r"\bne in (?P<c>[a-z]+)", ("nor to {c}", "né in {c}", "und auch nicht nach {c}")),
    ("it", r"la spedizione gratuita vale solo in (?P<c>[a-z]+)", ("free shipping applies only in {c}",
     "la spedizione gratuita vale solo in {c}", "kostenloser Versand gilt nur in {c}")),
    ("it", r"\(isole comprese\)", ("(islands included)", "(isole comprese)", "(Inseln inbegriffen)")),
    ("it", r"per ordini da (?P<q>" + _MONEY + r")", ("on orders from {q}", "per ordini da {q}", "für Bestellungen ab {q}")),
    ("it", r"all'estero la spedizione non e mai gratuita", ("abroad, shipping is never free", "all'estero la spedizione non è mai gratuita",
     "ins Ausland ist der Versand nie kostenlos")),
    ("it", r"la spedizione gratuita non vale per (?P<x>le bici)", ("free shipping does not apply to bikes",
     "la spedizione gratuita non vale per le bici", "kostenloser Versand gilt nicht für Fahrräder")),
    ("it", r"i codici sconto non si possono sommare", ("discount codes cannot be combined", "i codici sconto non si possono sommare",
     "Rabattcodes können nicht kombiniert werden")),
    ("it", r"un solo codice per ordine", ("one code per order", "un solo codice per ordine", "ein Code pro Bestellung")),
    ("it", r"il codice va inserito al momento del pagamento e non si puo applicare dopo",
     ("the code is entered at checkout and cannot be applied afterwards",
      "il codice va inserito al momento del pagamento e non si può applicare dopo",
      "der Code wird beim Bezahlen eingegeben und kann nicht nachträglich angewendet werden")),
    ("it", r"i codici sconto non valgono sui buoni regalo", ("discount codes are not valid on gift vouchers",
     "i codici sconto non valgono sui buoni regalo", "Rabattcodes gelten nicht für Geschenkgutscheine")),
    ("it", r"^solo in (?P<c>[a-z]+)", ("only to {c}", "solo in {c}", "nur nach {c}")),
    ("it", r"\(vedi shipping\)", ("(see Shipping)", "(vedi Shipping)", "(siehe Shipping)")),
    ("it", r"^non inclus[oiae]$", ("not included", "non inclusi", "nicht enthalten")),
    # -- what a product fits or suits (an Italian document's product lines) ------------------------------
    ("it", r"non compatibil[ei] con", ("not compatible with", "non compatibile con", "nicht kompatibel mit")),
    ("it", r"non adatt[oaie] (?:agli|alle|alla|ai|al|a|per)\b", ("not suitable for", "non adatto a", "nicht geeignet für")),
    ("it", r"telai in carbonio", ("carbon frames", "telai in carbonio", "Carbonrahmen")),
    ("it", r"\bpinze\b", ("calipers", "pinze", "Bremssättel")),
    ("it", r"^al telaio", ("to the frame", "al telaio", "am Rahmen")),  # a "Fissaggio:" line's value
    ("it", r"^da (?P<n>\d+) mesi a (?P<m>\d+) anni$", ("from {n} months to {m} years", "da {n} mesi a {m} anni", "von {n} Monaten bis {m} Jahren")),
    ("it", r"\(ciclista, bagaglio e bici insieme\)", ("(rider, luggage and bike together)", "(ciclista, bagaglio e bici insieme)",
     "(Fahrer, Gepäck und Fahrrad zusammen)")),
    ("it", r"(?P<t>\d+(?:-\d+)? ore) con il caricabatterie incluso", ("{t} with the included charger", "{t} con il caricabatterie incluso",
     "{t} mit dem mitgelieferten Ladegerät")),
    ("it", r"\(da 0 a 100%\)", ("(from 0 to 100%)", "(da 0 a 100%)", "(von 0 auf 100 %)")),
    ("it", r"pneumatici (?P<x>\d+x\d+c) antiforatura", ("puncture-resistant {x} tyres", "pneumatici {x} antiforatura",
     "pannensichere {x}-Reifen")),
    ("it", r"tubo verticale da (?P<a>\d+) a (?P<b>\d+) mm", ("seat tube from {a} to {b} mm", "tubo verticale da {a} a {b} mm",
     "Sitzrohr von {a} bis {b} mm")),
    ("it", r"non si fissa al portapacchi", ("it does not attach to the rack", "non si fissa al portapacchi",
     "wird nicht am Gepäckträger befestigt")),
    ("it", r"trasmissioni a (?P<n>\d+) velocita", ("{n}-speed drivetrains", "trasmissioni a {n} velocità", "{n}-fach-Schaltungen")),
    ("it", r"(?P<a>\d+) o (?P<b>\d+) velocita", ("{a}- or {b}-speed", "{a} o {b} velocità", "{a}- oder {b}-fach")),
    ("it", r"cerchi da (?P<a>\d+(?:,\d+)?) o (?P<b>\d+(?:,\d+)?) pollici", ("{a}- or {b}-inch rims", "cerchi da {a} o {b} pollici",
     "{a}- oder {b}-Zoll-Felgen")),
    ("it", r"cerchi da (?P<a>\d+(?:,\d+)?) pollici", ("{a}-inch rims", "cerchi da {a} pollici", "{a}-Zoll-Felgen")),
    # -- an Italian document ----------------------------------------------------------------------
    ("it", r"i prodotti non usati, nella confezione originale", ("unused products in their original packaging",
     "i prodotti non usati, nella confezione originale", "unbenutzte Produkte in der Originalverpackung")),
    ("it", r"le bici complete", ("complete bikes", "le bici complete", "komplette Fahrräder")),
    ("it", r"si possono restituire entro " + _N + r" dalla consegna", ("can be returned within {t} of delivery",
     "si possono restituire entro {t} dalla consegna", "können innerhalb von {t} nach Lieferung zurückgegeben werden")),
    ("it", r"con rimborso completo del prezzo del prodotto", ("for a full refund of the product price",
     "con rimborso completo del prezzo del prodotto", "mit voller Erstattung des Produktpreises")),
    ("it", r"solo se non sono state usate su strada", ("only if they have not been ridden on the road",
     "solo se non sono state usate su strada", "nur wenn sie nicht auf der Straße gefahren wurden")),
    ("it", r"con tutti gli accessori e l'imballo originale", ("with all accessories and the original packaging",
     "con tutti gli accessori e l'imballo originale", "mit allem Zubehör und der Originalverpackung")),
    ("it", r"per gli altri resi la spedizione di ritorno e a carico del cliente", ("for other returns the customer pays the return shipping",
     "per gli altri resi la spedizione di ritorno è a carico del cliente", "bei anderen Rücksendungen bezahlt der Kunde die Rücksendung")),
    ("it", r"avvisateci entro " + _N + r" dalla consegna", ("tell us within {t} of delivery", "avvisateci entro {t} dalla consegna",
     "melden Sie sich innerhalb von {t} nach Lieferung")),
    ("it", r"prodotti arrivati danneggiati o sbagliati", ("products that arrived damaged or wrong",
     "prodotti arrivati danneggiati o sbagliati", "beschädigt oder falsch gelieferte Produkte")),
    ("it", r"con foto del prodotto e della scatola", ("with photos of the product and the box", "con foto del prodotto e della scatola",
     "mit Fotos von Produkt und Karton")),
    ("it", r"la spedizione di ritorno la paghiamo noi", ("we pay the return shipping", "la spedizione di ritorno la paghiamo noi",
     "die Rücksendung bezahlen wir")),
    ("it", r"i rimborsi vanno sullo stesso metodo di pagamento dell'ordine", ("refunds go to the order's payment method",
     "i rimborsi vanno sullo stesso metodo di pagamento dell'ordine", "Erstattungen gehen an die Zahlungsmethode der Bestellung")),
    ("it", r"entro " + _N + r" dal ricevimento del reso", ("within {t} of receiving the return", "entro {t} dal ricevimento del reso",
     "innerhalb von {t} nach Eingang der Rücksendung")),
    ("it", r"ogni richiesta di rimborso viene esaminata dal nostro staff", ("every refund request is reviewed by our staff",
     "ogni richiesta di rimborso viene esaminata dal nostro staff", "jeder Erstattungsantrag wird von unserem Team geprüft")),
    ("it", r"che decide e risponde entro " + _N, ("who decide and answer within {t}", "che decide e risponde entro {t}",
     "das innerhalb von {t} entscheidet und antwortet")),
    ("it", r"l'indirizzo di consegna si puo cambiare", ("the delivery address can be changed", "l'indirizzo di consegna si può cambiare",
     "die Lieferadresse kann geändert werden")),
    ("it", r"gli ordini si possono annullare", ("orders can be cancelled", "gli ordini si possono annullare",
     "Bestellungen können storniert werden")),
    ("it", r"finche (?:il pacco )?non (?:e|sono) partit[oi] dal nostro magazzino", ("until the parcel leaves our warehouse",
     "finché non è partito dal nostro magazzino", ", bis die Sendung unser Lager verlässt")),
    # (what "after that" means said too: once it has left, an order can no longer be cancelled)
    ("it", r"dopo, i prodotti si possono restituire secondo la politica dei resi",
     ("after that, it can no longer be cancelled, and the products can be returned under the returns policy",
      "dopo, i prodotti si possono restituire secondo la politica dei resi",
      "danach ist eine Stornierung nicht mehr möglich, und die Produkte können nach unseren Rückgaberegeln zurückgegeben werden")),
    # -- warranty lengths by part, and what cannot be returned (an Italian document) ------------------------
    ("it", _N + r" sul telaio", ("{t} on the frame", "{t} sul telaio", "{t} auf den Rahmen")),
    ("it", _N + r" sui componenti", ("{t} on the components", "{t} sui componenti", "{t} auf die Komponenten")),
    ("it", _N + r" su motore e componenti", ("{t} on the motor and components", "{t} su motore e componenti",
     "{t} auf Motor und Komponenten")),
    ("it", _N + r" o (?P<n>\d+) cicli di ricarica sulla batteria", ("{t} or {n} charge cycles on the battery",
     "{t} o {n} cicli di ricarica sulla batteria", "{t} oder {n} Ladezyklen auf den Akku")),
    ("it", r"tutti i prodotti hanno la garanzia legale di conformita di " + _N, ("all products have the legal guarantee of conformity of {t}",
     "tutti i prodotti hanno la garanzia legale di conformità di {t}", "alle Produkte haben die gesetzliche Gewährleistung von {t}")),
    ("it", r"il telaio delle nostre bici ha " + _N + r" di garanzia", ("the frame of our bikes has a {t} warranty",
     "il telaio delle nostre bici ha {t} di garanzia", "der Rahmen unserer Fahrräder hat {t} Garantie")),
    ("it", r"^non si possono restituire:", ("Cannot be returned:", "Non si possono restituire:", "Nicht zurückgegeben werden können:")),
    ("it", r"prodotti usati o montati", ("used or fitted products", "prodotti usati o montati", "benutzte oder montierte Produkte")),
    ("it", r"\(per esempio (?P<x>[^()]*)\)", ("(for example {x})", "(per esempio {x})", "(zum Beispiel {x})")),
    ("it", r"caschi usati o senza l'etichetta originale", ("used helmets or helmets without the original label",
     "caschi usati o senza l'etichetta originale", "benutzte Helme oder Helme ohne Originaletikett")),
    ("it", r"per motivi di igiene e di sicurezza", ("for hygiene and safety reasons", "per motivi di igiene e di sicurezza",
     "aus Hygiene- und Sicherheitsgründen")),
    ("it", r"\bbuoni regalo\b", ("gift vouchers", "buoni regalo", "Geschenkgutscheine")),
    ("it", r"camere d'aria tolte dalla confezione", ("inner tubes taken out of their packaging", "camere d'aria tolte dalla confezione",
     "aus der Verpackung genommene Schläuche")),
    ("it", r"bici modificate su richiesta del cliente", ("bikes modified at the customer's request", "bici modificate su richiesta del cliente",
     "auf Kundenwunsch umgebaute Fahrräder")),
    ("it", r"servizi di officina gia eseguiti", ("workshop services already carried out", "servizi di officina già eseguiti",
     "bereits ausgeführte Werkstattleistungen")),
    # -- a workshop's services (an Italian document) -----------------------------------------------
    ("it", r"^garanzia sulle riparazioni: " + _N + r" sulla manodopera", ("Warranty on repairs: {t} on labour",
     "Garanzia sulle riparazioni: {t} sulla manodopera", "Garantie auf Reparaturen: {t} auf die Arbeit")),
    ("it", r"circa 1 ora", ("about 1 hour", "circa 1 ora", "etwa 1 Stunde")),
    ("it", r"circa (?P<n>\d+) ore", ("about {n} hours", "circa {n} ore", "etwa {n} Stunden")),
    ("it", r"senza appuntamento", ("no appointment needed", "senza appuntamento", "ohne Termin")),
    ("it", r"su appuntamento", ("by appointment", "su appuntamento", "nach Terminvereinbarung")),
    ("it", r"di solito pront[ao] in (?P<n>\d+) minuti", ("usually ready in {n} minutes", "di solito pronta in {n} minuti",
     "meist in {n} Minuten fertig")),
    ("it", r"(?P<p>" + _MONEY + r") a tratta", ("{p} each way", "{p} a tratta", "{p} pro Strecke")),
    ("it", r"(?P<p>" + _MONEY + r") per ruota", ("{p} per wheel", "{p} per ruota", "{p} pro Laufrad")),
    ("it", r"(?P<p>" + _MONEY + r") di manodopera", ("{p} for the labour", "{p} di manodopera", "{p} Arbeitslohn")),
    ("it", r"un difetto coperto da garanzia lo ripariamo, sostituiamo o rimborsiamo", ("a defect covered by the warranty is repaired, replaced or refunded",
     "un difetto coperto da garanzia lo ripariamo, sostituiamo o rimborsiamo", "einen Garantiemangel reparieren, ersetzen oder erstatten wir")),
    ("it", r"decide il nostro staff dopo aver visto il prodotto", ("our staff decide after seeing the product",
     "decide il nostro staff dopo aver visto il prodotto", "das entscheidet unser Team, nachdem es das Produkt gesehen hat")),
)
# Last, so that a longer clause that holds it ("cerchi da 28 pollici") is read first.
_CLAUSES += (("it", r"(?P<n>\d+) pollici", ("{n} inches", "{n} pollici", "{n} Zoll")),)
_COMPILED = [(source, re.compile(pattern), said) for source, pattern, said in _CLAUSES]
_LANGS = ("en", "it", "de")
_FIGURE = re.compile(r"\d+(?:[.,]\d+)?")
COVERED = 0.8  # the share of the line's letters the clauses must hold


@lru_cache(maxsize=4096)  # the pack's lines are said again and again: each once per language
def say(text: str, source: str, language: str) -> str | None:
    """The line in `language` from its clauses, or None when they do not cover it."""
    if language == source or language not in _LANGS:
        return None
    folded = fold(text).replace("’", "'")
    if len(folded) != len(text):  # positions must be the line's own ("ß" folds to two letters)
        return None
    found: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for lang, pattern, said in _COMPILED:
        if lang != source:
            continue
        for match in pattern.finditer(folded):
            a, b = match.span()
            if any(a < y and x < b for x, y in taken):
                continue
            values = {k: _value(text[match.start(k):match.end(k)], source, language) for k, v in match.groupdict().items() if v}
            found.append((a, b, said[_LANGS.index(language)].format(**values)))
            taken.append((a, b))
    if not found:
        return None
    found.sort()
    label, start = "", 0
    if (colon := folded.find(": ")) > 0 and colon < found[0][0]:  # "Aurora X2 wireless earbuds: ..."
        start = colon + 2
        if fold(text[:colon]).strip() not in _PLAIN_LABELS:
            label = text[:colon] + ": "  # a product's name stays as written
    # between the clauses, names and figures stay as written ("Trio di Gragnano", "BI-001") and
    # "and" / "e" is said in the customer's words; any other word there is not covered
    letters = sum(c.isalnum() for c in folded[start:])
    held, pieces, pos = 0, [], start
    for a, b, said in found + [(len(text), len(text), "")]:
        gap, kept = _gap(text[pos:a], source, language)
        if kept < 0:
            return None
        pieces += [gap, said]
        held += kept + sum(c.isalnum() for c in folded[a:b])
        pos = b
    if letters == 0 or held / letters < COVERED:
        return None
    out = "".join(pieces)
    if set(_FIGURE.findall(folded)) - set(_FIGURE.findall(fold(label + out))):
        return None  # a figure of the line would be lost
    out = re.sub(r"\s*,(?:\s*,)+", ",", re.sub(r"\s+", " ", out)).strip().replace(" ,", ",")
    out = re.sub(r"(\. )([a-zà-ü])", lambda m: m.group(1) + m.group(2).upper(), out)
    if language == "de":  # "innerhalb von 14 Tagen": the dative after von / nach
        out = re.sub(r"\b(von|nach) ([\d-]+) (Tage|Werktage|Monate|Jahre)\b", r"\1 \2 \3n", out)
    out = out[0].upper() + out[1:] + ("" if out.endswith(".") else ".")
    return label + out


_UNIT_WORDS = frozenset("x g kg ml l cl cm mm eur usd".split())
_CONNECTORS = {"en": {"and": 0, "or": 1, "with": 2}, "it": {"e": 0, "o": 1, "con": 2}}
_SAID = (("and", "e", "und"), ("or", "o", "oder"), ("with", "con", "mit"))
_TOKEN = re.compile(r"[\w'’-]+|[^\w\s]+|\s+")


def _gap(segment: str, source: str, language: str) -> tuple[str, int]:
    """The text between two clauses as said to the customer, and how many of its letters it keeps."""
    out, kept = [], 0
    for token in _TOKEN.findall(segment):
        letters = sum(c.isalnum() for c in token)
        if not letters:
            out.append(token)
        elif token[0].isupper() or any(c.isdigit() for c in token) or fold(token) in _UNIT_WORDS:
            out.append(token)
            kept += letters
        elif (n := _CONNECTORS.get(source, {}).get(fold(token))) is not None:
            out.append(_SAID[n][_LANGS.index(language)])
            kept += letters
        else:
            return "", -1  # a word no clause says: the line is quoted as written
    return re.sub(r"\s+", " ", "".join(out)), kept


_DAYS = {"lunedi": ("Monday", "Montag"), "martedi": ("Tuesday", "Dienstag"), "mercoledi": ("Wednesday", "Mittwoch"),
         "giovedi": ("Thursday", "Donnerstag"), "venerdi": ("Friday", "Freitag"), "sabato": ("Saturday", "Samstag"),
         "domenica": ("Sunday", "Sonntag")}


_EN_DAYS = {en.casefold(): (it.replace("di", "dì") if it.endswith("di") else it, de) for it, (en, de) in _DAYS.items()}


def _value(value: str, source: str, language: str) -> str:
    """A captured figure, time zone, day or place in the customer's language where the tables have it."""
    if (day := _DAYS.get(fold(value))) and language != "it":
        return day[0] if language == "en" else day[1]
    if (day := _EN_DAYS.get(fold(value))) is not None:
        return {"it": day[0], "de": day[1]}.get(language, value)
    if (country := PLACE_NAMES.get(fold(value))) is not None and fold(value) in map(fold, (country, *COUNTRIES.get(country, ())[:2])):
        return name_in(country, language)  # "Stati Uniti", "Norvegia": the country in the customer's words
    return units_in(value, source, language) or value


# Labels that only name the topic ("Returns: ..."): said again through the clauses, not kept.
_PLAIN_LABELS = frozenset("returns return shipping warranty refunds resi rimborsi garanzia general".split()) | {"quantity discount"}
