"""What kind of question a customer asks, read from the words of English, Italian and German
customers (folded: lower case, no accents). A message may ask two things ("price of the pesto,
and do you ship to Austria?"): every kind whose words it holds is returned, strongest first.

The kinds are those of a shop's information: a product fact, shipping, payment, returns and
refunds (the policy), an order, a promotion, hours and contact; none of them means the answerer
looks through the whole pack and must be sure before it answers.
"""
from __future__ import annotations

import re

PRODUCT, SHIPPING, PAYMENT, POLICY, ORDER, PROMOTION, CONTACT, UNKNOWN = (
    "product", "shipping", "payment", "policy", "order", "promotion", "contact", "unknown",
)
# The kinds a customer's question is scored under in reports (questions-format.md).
REPORTED = {PRODUCT: "fact", SHIPPING: "fact", PAYMENT: "fact", CONTACT: "fact", POLICY: "policy",
            ORDER: "order", PROMOTION: "promotion", UNKNOWN: "unanswerable"}

# Stems that open a word ("spedi" finds spedite, spedizione): word starts only, so "zahl" is not
# read in "Anzahl".
_CUES: dict[str, str] = {
    POLICY: r"return|refund|money back|send (?:it )?back|exchange|warrant|guarantee|faulty|defect|broken|damaged|restock"
            r"|rend|restitu|riport|rimand|soldi\b|sbagliat|whopays|reso\b|resi\b|rimbors|cambi|garanzi|difett|rott|dannegg|recesso"
            r"|ruckgab|zuruck|rucksend|ruckversand|crack|crush|smash|zerdruck|gesprung|crepat|schiacciat|incrinat|erstatt|umtausch|widerruf|garantie|gewahrleist|defekt|kaputt|beschadig"
            r"|ammacc|spacc|graffiat|scratched|zerkratzt|dented|verbeult|covered\b|\bcopre\b|copert[oaie]\b|abgedeckt|dann[oi]\b|schaden|ruckerstatt|spoil|warm\b|caldo|calda\b|tiepid|lauwarm|lukewarm|gonfio\b|aufgeblaht|swollen|verdorb|andat[oa] a male|scadut|expired|abgelaufen",
    SHIPPING: r"ship|deliver|courier|carrier|tracking|customs|dut(?:y|ies)|import tax|same day|dispatch|post(?:age|al)"
              r"|arriv|spedi|mandat|mandare|mandi|consegn|corriere|dogan|stesso giorno|parte\b|partono|arriva"
              r"|versand|versend|verschick|verschiff|liefer|zustell|zoll|gleichen tag|selben tag|verlass|kurier|paketdienst|\bdhl|\bups\b|brt"
              r"|leave\b|leaves\b",  # "will it leave on friday?" (read from "go out", "ship out")
    # ways of paying, not "do I pay something": "pago qualcosa?" is a question about a cost
    PAYMENT: r"pay(?:ing)? (?:with|by|via|in|using|cash)|how (?:can|do) i pay|payment|paypal|apple ?pay|google ?pay|credit card"
             r"|debit|cards?\b|bank transfer|cash\b|crypto|bitcoin|klarna|invoice|instal+ment|satispay|bancomat"
             r"|pagamento|pagamenti|pagare (?:con|in|tramite|col)|pago (?:con|in|tramite|col)|posso pagare|come (?:si )?pag|carta"
             r"|bonifico|contanti|contrassegno|fattura|a rate\b|zahlen mit|bezahlen mit|zahlung|zahlart|zahlungsart|kredit"
             r"|uberweis|bar bezahlen|bar zahlen|nachnahme|rechnung|ratenzahl|lastschrift|mit \w+ (?:be)?zahlen"
             r"|wie (?:kann|konnen) (?:ich|man) (?:be)?zahlen|zahlungsmoglichkeit|zahlungsmethode|come (?:posso|si puo) pagare"
             r"|metodi di pagamento|modalita di pagamento|payment methods?"
             r"|american express|amex\b|visa\b|mastercard|maestro\b|accept\w* (?:\w+ )?cards?|accettate|akzeptier",
    PROMOTION: r"recommend|suggest|advi[cs]e|best seller|bundle|deal|offer|discount|coupon|promo|voucher|gift(?!card)|(?<!quanto )(?<!il )(?<!di )(?<!del )(?<!poco )sales?\b|code\b"
               r"|presents?\b|ideas?\b|idee\b|ideen\b|what do i need|di cosa ho bisogno|was brauche ich"
               r"|worth\b|go(?:es)? (?:well )?with|abbin|passt (?:gut )?(?:da)?zu|sonderangebot"
               r"|consigli|suggeri|offert|scont|coupon|regal|codice|promozion|pacchett|saldi"
               r"|empfehl|empfiehl|angebot|rabatt|gutschein|geschenk|aktion|sparen|set\b|cheaper|together|conviene|insieme"
               r"|gunstiger|zusammen|cheapest|cheap\b|economic|what should i (?:buy|get)|cosa mi serve|worth it|any good|vale la pena|lohnt"
               r"|why should i buy|rather than|better than|what do you have|cosa avete|was habt ihr|was haben sie"
               r"|what (?:have|ve|do) (?:you|u|ya) (?:got|have)|che (?:cosa )?avete|was gibt es da",
    # a phone is a device a shop may sell ("which products charge my phone?"): a phone *number* or a call is contact
    CONTACT: r"hours|open\b|opening|closed\b|e-?mail|phone ?(?:number|no\b)|(?:by|on the|your) phone|call\b|telephone"
             # when someone is there to answer ("a che ora rispondete?", "siete operativi?", "um wie viel Uhr antwortet ihr?")
             r"|a che ora (?:rispond|apri|apre|chiud|siete|lavor)|operativ|what time do you (?:open|close|answer|reply)"
             r"|um wie ?viel uhr (?:offnet|offnen|antwortet|antworten|macht|schliesst)"
             r"|contact|reach you|customer service|address\b|located"
             r"|where are you|orari|aperti\b|chius|telefonnummer|telefonisch|telefonier|numero di telefono|telefonare"
             r"|vi (?:posso )?telefon|chiamar|contatt|kontakt|servizio clienti|indirizzo|dove siete|sede"
             r"|offnungszeit|erreich|wann (?:habt|haben|seid|sind|ist) .{0,20}(?:geoffnet|offen)|geoffnet\?|offen\b|kundenservice|kundendienst|anruf|adresse|wo seid|wo sind sie|sitz"
             r"|wo (?:genau )?(?:ist|liegt|befindet sich) (?:euer|ihr|der) (?:laden|geschaft|shop)|where is (?:your|the) (?:shop|store)"
             r"|dove vi (?:trovo|trovate|trovo esattamente)|where (?:can|do) i find you|wo finde ich euch"
             r"|dove (?:si trova|e) (?:il )?(?:vostro )?negozio",
    ORDER: r"\border|ordine|ordinato|bestellung|bestellt|auftrag",
}
CUES = {kind: re.compile(rf"\b(?:{pattern})") for kind, pattern in _CUES.items()}

# "Which products", "what do you sell": the pack's list of products.
LISTING = re.compile(r"\b(?:what (?:do you sell|products)|which products|sell\b|vendete|vendi\b|prodotti avete|verkauf|welche produkte"
                     r"|catalog|(?:which|what) (?:kinds?|types?|sorts?)|che tipi|quali tipi|welche sorten|welche arten|che prodotti"
                     r"|quali prodotti)")


_DELIVERY_ADDRESS = re.compile(r"\b(?:deliver\w* address|shipping address|liefer\w*\s?adresse|indirizzo di (?:consegna|spedizione)"
                               r"|new address|nuovo indirizzo|neue adresse)")


def kinds_of(folded: str) -> list[str]:
    """The kinds whose words the folded question holds, in order of how many it holds."""
    counts = {kind: len(pattern.findall(folded)) for kind, pattern in CUES.items()}
    found = sorted((k for k, n in counts.items() if n), key=lambda k: -counts[k])
    # "address" with an order is the order's delivery address, not the shop's.
    if CONTACT in found and (ORDER in found or _DELIVERY_ADDRESS.search(folded)):
        found.remove(CONTACT)
        if ORDER not in found:
            found.append(ORDER)
    return found


def cue_spans(folded: str) -> list[tuple[int, int]]:
    """Where the kind words stand, so that they are not looked for again as content words."""
    return [m.span() for pattern in CUES.values() for m in pattern.finditer(folded)]


RECOMMEND = re.compile(r"\b(?:recommend|suggest|advi[cs]e|consigli|suggeri|empfehl|empfiehl|what should i|cosa mi serve|was brauche"
                       r"|what do i need|di cosa ho bisogno"
                       r"|ideas?\b|idee\b|ideen\b"
                       r"|worth\b|any good|go(?:es)? (?:well )?with|abbin|passt (?:gut )?(?:da)?zu|vale la pena|lohnt|why should i buy|rather than|better than"
                       r"|what do you have|cosa avete|was habt ihr|was haben sie"
                       r"|what (?:have|ve|do) (?:you|u|ya) (?:got|have)|che (?:cosa )?avete|was gibt es da)")


# A product that does not work as it should ("won't connect", "geht nicht mehr an", "non si accende",
# "any tips?"): a guide's first-aid lines answer it.
TROUBLE = re.compile(r"\b(?:not work|doesn t|does not|don t work|won t|wont|will not|can t get|stopped|stops|not turn|not charg"
                     r"|not connect|not pair|tips?|fix|reset|problem\w*|issue|trouble|help me"
                     r"|geht nicht|geht .{0,12}nicht mehr|funktioniert nicht|lasst sich nicht|tipps?|hilfe"
                     r"|non funziona|non va\b|non si (?:accende|carica|collega|connette)|smette|consigli|aiuto|problem"
                     # what a customer writes when a device is not seen or silent, and asks what to do
                     r"|not (?:detected|recogni[sz]ed|found|showing|playing)|silent|not seen|no sound|what (?:can|should|do) i do"
                     r"|non (?:vede|riconosce|trova|rileva|suona|si sente|parte)|che faccio|cosa (?:posso |devo )?fare|cosa faccio|come faccio"
                     r"|(?:will|mag|kann|lasst) sich .{0,20}nicht|erkennt .{0,20}nicht|nicht erkannt|kein ton|was kann ich (?:machen|tun)"
                     r"|was soll ich (?:machen|tun)|was tun)")
