"""Messages that look like a duty for staff and are not: precise rules the triage reads first.

The classifier and the word lists learn words, and some words mislead them:
- a product *named* "gluten-free" ("Wie viel Gramm haben die glutenfreien Fusilli?") asks a
  weight, not whether someone may eat it; only a question of suitability makes it a health one;
- "what are ur customer service hours?" asks when, not for a person;
- "Vorrei annullare l'ordine 3051" is a cancellation (a workflow), not money back;
- "Are you a real person or a bot?" asks what the bot is: it answers and offers a person;
- "welche Android-Version hat das Tablet?" names a device, not a medicine;
- "is anyone on the chat at the weekend?" asks the hours.

Each rule reads the folded word view (`core.safety.lexicon.text.words(fold(text))`) and is
narrow on purpose: a message that also asks for money, for a person or about a condition is
left to the usual layers.
"""
from __future__ import annotations

import re

from core.safety.classifier.terms import shipped_terms

# A free-from word used as part of a product's name: followed by a noun in English
# ("gluten-free fusilli"), after the noun in Italian ("fusilli senza glutine"), an inflected
# adjective in German ("glutenfreien Fusilli"). "Is the pesto gluten-free?" is not matched.
_FREE = r"(?:gluten|lactose|dairy|nut|egg|sugar)"
_FUNCTION = (
    r"(?:and|or|too|as|for|is|are|to|if|at|in|on|please|right|really|yes|no|then|i|we|you|yet|but|so|also|does|do|did|some|any|all|most|many|none|each|every"
    r"|was|were|be|been|has|have|had|will|would|can|could|should|it|they|them|this|that|these|those|what|which|how|when"
    r"|label\w*|facility|facilities|certif\w*|version|page|section|diet|option|options|status|claim|standard)"
)
_DESCRIPTOR = re.compile(
    rf"\b{_FREE} ?free (?!{_FUNCTION}\b)(?=[a-z]{{3,}})"  # EN, before a noun
    r"|\b(?!(?:e|sono|sia|siano|davvero|anche|proprio|veramente|completamente|tutto|tutti|tutta|tutte|non|ma)\b)[a-z]{3,}"
    r" senza (?:glutine|lattosio)\b"  # IT, after a noun ("e senza glutine" is a predicate)
    r"|\b(?:gluten|laktose|lactose)frei(?:e|en|er|es|em)\b"  # DE, inflected before a noun
)
_FREE_WORDS = re.compile(rf"\b{_FREE} ?free\b|\b(?:gluten|laktose|lactose)frei\w*|\bsenza (?:glutine|lattosio)\b")
# Words that turn a product question into one about a person's health: eating, safety,
# suitability, a condition. Read after the free-from names are taken out.
_SUITABILITY = re.compile(
    r"\b(?:eat|eats|eating|eaten|safe|safely|suitable|ok for|okay for|fine for|good for|allowed|risk|react\w*|sick|ill"
    r"|mangiar\w*|mangia|mangio|posso darl\w*|sicur[oaie]|adatt[oaie]|va bene per|vanno bene per|indicat[oaie]|rischio|male"
    r"|essen|isst|esse|geeignet|vertrag\w*|unbedenklich|sicher|darf|durfen|risiko|krank)\b"
)
# Words of opening hours ("when will a human answer me?" is not one: "when" alone is not enough)
# A question of fact about a product: its weight, price, size, stock.
_FACT_ASKED = re.compile(
    r"\b(?:how much|how many|price|prices|cost|costs|weigh\w*|grams?|size|pack|packet|box|in stock|do you (?:have|sell|carry)"
    r"|list|show me|which|what (?:\w+ )?do you have|dimmi|elenca\w*|mostrami|quali|che \w+ avete|welche\w*|zeig\w*|was (?:fur|habt)"
    r"|cooking time|how long|ship\w*|deliver\w*|ingredients?|made of|made from|what s in|flour|farina|mehl\w*|fatt[aoie]"
    r"|quanto|quanti|quanta|costa\w*|prezz\w*|pes\w*|grammi|confezion\w*|avete|vendete|cottura|spedi\w*|ingredient\w*|fatt[io] (?:di|con)|cosa c e"
    r"|wie viel|wieviel|kostet|kosten|preis\w*|gramm|packung\w*|gewicht|wiegt|habt ihr|haben sie|verkauf\w*|kochzeit|versand\w*|zutat\w*|woraus|drin)\b"
)
_HOURS = re.compile(
    r"\b(?:hours|opening times?|open|opens|closed|closing time|what time)\b"
    r"|\b(?:orari\w*|orario|apert[oie]|aprite|apre|chiudete|chiuso|a che ora)\b"
    r"|\b(?:offnungszeit\w*|geoffnet|erreichbar|sprechzeit\w*|servicezeit\w*|um wie viel uhr)\b"
    # when customer service answers ("quando risponde il servizio clienti?", "wann antwortet ihr?")
    r"|\b(?:when|until when|what days?) (?:do|does|is|are|will) (?:\w+ ){0,3}(?:answer|answers|reply|replies|respond|available)\b"
    r"|\b(?:quando|fino a quando|che giorni|a che ora) (?:\w+ )?(?:rispond\w*|lavorate|siete disponibili|e disponibile)\b"
    r"|\b(?:wann|bis wann|an welchen tagen) (?:\w+ ){0,2}(?:antwortet|antwortest|antworten|arbeitet|arbeiten)\b"
)
# Asking to cancel an order: the verb as a request ("cancelled" tells what happened), an order named.
# Italian "stornare" reverses a charge (money back): only the German "stornieren" counts.
_PERSON = re.compile(
    r"\b(?:human|humans|person|people|someone|somebody|anyone|anybody|agent|representative|staff|directly|operator"
    r"|mensch|menschen|jemand|jemandem|mitarbeiter\w*|persona|persone|umano|qualcuno|operatore|operatrice)\b"
)
_CANCEL = re.compile(
    r"\b(?:cancel|cancelling|canceling|cancellation|annull(?:a|are|ate|atemi|ami|i|o|erei|ereste)|disdire|disdici|disdite"
    r"|stornieren|storniere|stornierung|stornieren sie|storniert werden|storniert (?:bitte|mir|uns|meine\w*|die|den|das))\b"
)
_ORDER = re.compile(r"\b(?:orders?|ordine|ordini|ordinazione|bestellung\w*|auftrag\w*)\b")
_MONEY = re.compile(
    r"\b(?:refund\w*|money|reimburs\w*|chargeback|paid back|pay me back|back my|credit\w*|charg\w*|cash|compensat\w*|voucher"
    r"|payment\w*|funds?"
    r"|rimbors\w*|soldi|restitu\w*|ridat\w*|risarc\w*|addebit\w*|accredit\w*"
    r"|erstatt\w*|ruckerstatt\w*|geld|zuruckzahl\w*|zuruckbezahl\w*|gutschrift\w*|entschadig\w*)\b"
)
_IDENTITY = re.compile(
    r"\b(?:are you|r u|are u|am i (?:talking|speaking|chatting|writing) (?:to|with)|is this|is that|is it)"
    r" (?:a |an |just a |really a |actually a )?(?:real |actual |live )?(?:person|human|people|bot|robot|machine|ai|chatbot|computer|program)\b"
    r"(?: or (?:a |an |just a )?(?:real |actual )?(?:person|human|bot|robot|machine|ai|chatbot|computer|program))?"
    r"|\b(?:sei|siete) (?:un |una )?(?:vera |persona vera|persona reale|persona|umano|essere umano|bot|robot|macchina|chatbot|intelligenza artificiale|ia)\b"
    r"(?: (?:o|oppure) (?:un |una )?(?:persona vera|persona|umano|bot|robot|macchina|chatbot))?"
    r"|\bsto (?:parlando|scrivendo|chattando) con (?:un |una )?(?:persona|umano|bot|robot|macchina|chatbot)\b"
    r"|\b(?:sind sie|bist du|ist das) (?:ein |eine )?(?:echter |echte )?(?:mensch|person|bot|roboter|maschine|chatbot|ki|computer)\b"
    r"(?: oder (?:ein |eine )?(?:mensch|person|bot|roboter|maschine|chatbot|ki))?"
    r"|\b(?:spreche|schreibe|chatte) ich mit (?:einem |einer )?(?:echten )?(?:menschen|person|bot|roboter|maschine|chatbot|ki)\b"
)


def without_product_names(words: str) -> str | None:
    """The words with free-from product names taken out, when the message names a product that
    way and asks nothing about eating or suitability; else None (read it as it is)."""
    if not _DESCRIPTOR.search(words):
        return None
    if len(_DESCRIPTOR.findall(words)) != len(_FREE_WORDS.findall(words)):
        return None  # also "is it gluten-free?": a question about the product's content
    rest = _FREE_WORDS.sub(" ", words)
    if _SUITABILITY.search(rest) or not _FACT_ASKED.search(rest):
        return None  # "is it certified gluten-free?" asks about the free-from itself
    return " ".join(rest.split())


# "Tablet" is the device in Italian and German, and in English unless something is taken or
# swallowed: the classifier learned it from medicines ("welche Android-Version hat das Tablet").
_TABLET = re.compile(r"\btablet\b")
_INTAKE = re.compile(
    r"\b(?:take|takes|took|taking|swallow\w*|eat|eats|ate|eaten|eating|chew\w*|overdose\w*|dose|doses|dosage|pill|pills|mg|medic\w*|vitamin\w*|supplement\w*|daily|a day"
    r"|prendo|prendere|compress\w*|pastiglia|pastiglie|farmac\w*|nehmen|nehme|eingenommen|tablette|tabletten|arznei\w*)\b"
)


def names_device_tablet(words: str) -> bool:
    """A message about a tablet computer, not a tablet one takes."""
    return bool(_TABLET.search(words)) and not _INTAKE.search(words)


# "is anyone on the chat at the weekend?": whether someone is there at a time, a question of hours.
_THERE_WHEN = re.compile(
    r"\b(?:is|are) (?:there )?(?:anyone|anybody|someone|somebody|people|staff)\b(?: \w+){0,4}"
    r" (?:at|on|during|over|in) (?:the )?(?:weekends?|saturdays?|sundays?|nights?|evenings?|holidays?|christmas|easter)\b"
    r"|\b(?:does|do|will) (?:anyone|anybody|someone|somebody) (?:answer|reply|respond|work)\b(?: \w+){0,4} (?:at|on|during|over|in) (?:the )?(?:weekends?|saturdays?|sundays?|nights?|evenings?|holidays?)\b"
    r"|\b(?:c e|risponde|rispondete|lavora) (?:qualcuno|qualcun)\b(?: \w+){0,4} (?:(?:il|nel|la|di|a) )?(?:weekend|fine settimana|sabato|domenica|sera|notte|festivi)\b"
    r"|\b(?:ist|antwortet|arbeitet) (?:jemand|wer)\b(?: \w+){0,4} (?:am wochenende|samstags|sonntags|abends|nachts|an feiertagen|am samstag|am sonntag)\b"
)


def asks_opening_hours(words: str) -> bool:
    """When customer service is there: a question about hours, not a request for a person
    ("is anyone from support there, a human?" names one)."""
    if _THERE_WHEN.search(words) and not re.search(r"\b(?:human|real person|mensch|umano|persona vera)\b", words):
        return True
    return bool(_HOURS.search(words)) and not _PERSON.search(words)


# The shop's contact details asked for ("do you have a phone number?"): answered from the document.
# Being called back is a request for a person, so those words keep the message with the usual layers.
_CONTACT = re.compile(
    r"\b(?:phone|phone number|telephone|tel|whatsapp|e ?mail address|email address|contact details|contact you|reach you"
    r"|telefono|numero di telefono|cellulare|indirizzo e ?mail|contattarvi|contatti"
    r"|telefon|telefonnummer|handynummer|e ?mail adresse|erreiche ich euch|erreiche ich sie|kontakt\w*)\b"
)
_CALL_BACK = re.compile(r"\b(?:call me|ring me|call back|richiamar\w*|chiamatemi|mi chiami|ruckruf\w*|zuruckrufen|ruft mich|rufen sie mich)\b")


def asks_contact_details(words: str) -> bool:
    """How to reach the shop, not a request for a person ("call me back" and a named person are)."""
    return bool(_CONTACT.search(words)) and not _PERSON.search(words) and not _CALL_BACK.search(words)


# Advice on what to buy asked of "someone" ("can someone help me choose a bike?", "c'è qualcuno che mi
# può consigliare?", "Kann mich jemand beraten?"): the bot recommends from the pack and offers a
# colleague; talking, calling or a person named ("talk to a real person") still asks for one.
_ADVICE = re.compile(
    r"\b(?:help (?:me |us )?(?:to )?(?:choose|pick|find|decide|select)|recommend\w*|suggest\w*|advi[cs]e|which (?:one|\w+) (?:should|would|to)"
    r"|consigli\w*|aiut\w* a (?:scegliere|trovare|capire quale)|quale (?:\w+ )?(?:mi conviene|prendere|scegliere)"
    r"|beraten|beratet|berat|empfehl\w*|aussuchen|auswahlen|welche\w* (?:\w+ )?(?:soll|sollte|passt))\b"
)
_PERSON_ASKED = re.compile(
    r"\b(?:talk|speak|chat|call|phone|ring|human|real|person|people|staff|agent|operator|representative|mechanic|employee|colleague"
    r"|parlare|parlo|chiam\w*|telefon\w*|persona|umano|operatore|meccanico|collega|commesso"
    r"|sprechen|reden|anruf\w*|anrufen|mensch\w*|mitarbeiter\w*|person|kolleg\w*|mechaniker"
    # handing the message on: "leiten Sie mich an einen Berater weiter", "pass me to an advisor"
    r"|advisor|adviser|consultant|connect|transfer|forward|pass|consulente|passa\w*|inoltr\w*|berater\w*|weiter\w*|verbind\w*)\b"
)


def asks_advice(words: str) -> bool:
    """Advice on what to buy, asked of anyone, with no word of talking to or calling a person."""
    return bool(_ADVICE.search(words)) and not _PERSON_ASKED.search(words)


# A repair or a replacement under warranty, asked with no word of money ("the earbud died after 3
# months, I want a warranty repair"): the pack's warranty procedure, not a refund decision.
_WARRANTY = re.compile(
    r"\b(?:warrant\w*|guarantee\w*|repair\w*|replac\w*|garanzia|ripar\w*|sostitu\w*|garantie\w*|reparatur\w*|reparier\w*|ersatz\w*|austausch\w*)\b"
)
# Money paid or wanted back, or the repair refused ("I want my 420 euros returned, not a repair").
_PAID_BACK = re.compile(
    r"\b(?:paid|price|amount|back|returned|euros?|eur|dollars?|cents?|pagat\w*|prezzo|importo|indietro|restituit\w*"
    r"|bezahlt|preis|betrag|zuruck\w*)\b"
    r"|\b(?:not|no|nor|instead of|rather than|kein\w*|nicht|statt|non voglio|niente|senza) (?:\w+ ){0,2}(?:a |an |the |la |il |una |un |eine |einen |ein )?"
    r"(?:repair\w*|replac\w*|ripar\w*|sostitu\w*|cambio|reparatur\w*|ersatz\w*|austausch\w*|umtausch\w*)"
)


def asks_warranty(words: str) -> bool:
    """A repair or replacement under warranty, with no word of money paid or wanted back."""
    return bool(_WARRANTY.search(words)) and not _MONEY.search(words) and not _PAID_BACK.search(words)


def asks_cancellation(words: str) -> bool:
    """Cancelling an order, with no word of money back."""
    return bool(_CANCEL.search(words)) and bool(_ORDER.search(words)) and not _MONEY.search(words)


def identity_question(words: str) -> str | None:
    """The words without "are you a bot?" when the message asks it and names no person besides
    ("Am I writing to a machine? Human help required" wants one); else None."""
    match = _IDENTITY.search(words)
    if match is None:
        return None
    rest = " ".join((words[: match.start()] + " " + words[match.end() :]).split())
    return None if _PERSON.search(rest) else rest


# The answer to "are you a bot?": what the bot is, and the offer of a person (who is one
# "person" / "persona" / "Mensch" away: the triage's word lists hand that message to staff).
_BOT_ANSWER = {
    "en": "I am {shop}'s automated assistant, not a person. I can answer most questions here; if you would rather talk to a person, just say so and I will pass you to a colleague.",
    "it": "Sono l'assistente automatico di {shop}, non una persona. Posso rispondere qui alla maggior parte delle domande; se preferisci parlare con una persona, dimmelo e ti passo a un collega.",
    "de": "Ich bin der automatische Assistent von {shop}, kein Mensch. Die meisten Fragen beantworte ich hier; wenn Sie lieber mit einem Menschen sprechen möchten, sagen Sie es einfach, dann gebe ich Sie an eine Kollegin oder einen Kollegen weiter.",
}


def bot_answer(language: str | None, shop: str) -> str:
    """"I am the shop's automated assistant ..." in the customer's language (English when unsure)."""
    return _BOT_ANSWER.get(language or "en", _BOT_ANSWER["en"]).format(shop=shop)


# Ordinary shop questions the classifier reads as attacks: a discount or voucher code ("gibts nen
# Rabattcode? bestelle zum ersten Mal", "c'è un codice sconto?", "hab vergessen den Code
# einzugeben") and customer service's hours ("a che ora risponde il servizio clienti?"). German
# injections taught it "code", "eingeben", "vergessen"; Italian ones "che" and "risponde" (MODEL.md).
_SHOP_MATTER = re.compile(
    r"\b(?:discount|promo|promotional|coupon|voucher|gift|referral|student) ?codes?\b|\bcoupons?\b|\bvouchers?\b"
    r"|\bcodic[ei] (?:sconto|promozional[ei]|coupon|regalo)\b|\bbuon[oi] (?:sconto|regalo)\b|\bsconto\b"
    r"|\b\w*(?:rabatt|gutschein|aktions|promo)(?:code|codes|coden)?\b"
    r"|\b(?:first|1st) (?:order|purchase|time)\b|\bprimo (?:ordine|acquisto)\b|\bprima volta\b|\bzum ersten mal\b"
    r"|\berste\w* bestellung\b|\bneukunde\w*\b"
    r"|\bcustomer (?:service|support|care)\b|\bservizio clienti\b|\bassistenza clienti\b|\bkundenservice\b|\bkundendienst\b"
)
# Words of an attack on the assistant or of a harmful request, beside the classifier's concepts:
# an order given to it (tell me, genera, gib mir), insiders and roles (staff, the owner, "du spielst"),
# the rules, prices or codes made free or unlimited, forging or trying codes.
_ATTACK_WORD = re.compile(
    r"\b(?:system|prompt|bot|assistant|ai|model|llm|chatgpt|gpt|setup|backend|config\w*|override|approv\w*|genehmig\w*|autorizz\w*"
    r"|tell me|show me|give me|send me|print|list|generate|create|write|make|apply|add|set|unlock|activate|enable"
    r"|dimmi|mostra\w*|dammi|mandami|genera\w*|crea\w*|scrivi\w*|stampa\w*|applica\w*|aggiung\w*|attiva\w*|sblocca\w*"
    r"|zeig\w*|gib|gebt|nenn\w*|verrat\w*|schreib\w*|setz\w*|buch\w*|schalt\w*|aktivier\w*|erstell\w*|generier\w*|druck\w*|trag\w*"
    r"|staff|employee\w*|internal|insider|secret|hidden|master|owner|admin\w*|developer\w*|devs?|manager|boss|wife|husband"
    r"|personale|dipendent\w*|intern[oaie]|segret\w*|nascost\w*|titolare|proprietari\w*|capo|direttore|moglie|marito"
    r"|personal|mitarbeiter\w*|geheim\w*|versteckt\w*|inhaber\w*|shopinhaber\w*|chef\w*|leiter\w*|frau|mann"
    r"|pretend|play|playing|roleplay|act|acting|you are|your name|from now|fingi|interpreta|ti chiami|sei il|sei la|d ora in poi|da ora|da adesso"
    r"|spiel\w*|du bist|sie sind|ab jetzt|ab sofort|von nun an|heisst"
    r"|free|gratis|gratuit\w*|kostenlos|umsonst|unlimited|illimitat\w*|unbegrenzt|100|every|all|tutti|alle"
    r"|fake|forge\w*|counterfeit|contraff\w*|falsch\w*|gefalscht\w*|brute|script|skript|durchprobier\w*|try|trying|guess\w*|indovin\w*)\b"
)
# Asked, not ordered: a question mark, or the words of asking for something.
_ASKED_FOR = re.compile(
    r"\?|\b(?:is there|are there|any|do you have|do you offer|can i|could i|what|when|how|which"
    r"|c e|ci sono|avete|posso|quale|quali|quando|a che ora|come|gibt s|gibts|gibt es|habt ihr|haben sie|kann ich|wann|wie|welche\w*)\b"
)
# Customer service's hours asked (a time, a day): "closed" alone is no question of hours.
_HOURS_ASKED = re.compile(
    r"\b(?:what time|when|hours|opening times?|open on|open at|open (?:on )?(?:the )?(?:weekends?|saturdays?|sundays?)"
    r"|a che ora|orari\w*|orario|aperti|apert[oa] (?:il|la|di|a)|sabato|domenica|weekend"
    r"|um wie viel uhr|wann|offnungszeit\w*|servicezeit\w*|erreichbar|samstags?|sonntags?|wochenende)\b"
)
_FORGOT = re.compile(r"\b(?:i|ich|hab|habe|ho|hatte|avevo) (?:\w+ ){0,3}(?:forgot|forgotten|vergessen|dimenticato)\b")
_ATTACK_CONCEPTS = frozenset({
    "ignore", "instructions", "previous", "reveal", "secret", "developer", "roleplay",
    "weapon", "crime", "hack", "violence", "selfharm", "illicit", "hate", "abuse",
})


# Who owns or runs the shop, asked ("chi è il titolare? è quello che ripara le bici?"): the owner
# named in a question, not claimed ("sono il titolare") nor called on.
_WHO_OWNS = re.compile(
    r"\b(?:who (?:is|are|s) (?:the )?(?:owners?|boss)|who (?:owns|runs) (?:the |this |your )?(?:shop|store|business|place)"
    r"|chi (?:e|sono) (?:il |la |i |le )?(?:titolar[ei]|proprietari[oaie])|di chi e (?:il |la )?(?:negozio|officina)"
    r"|wer (?:ist|sind) (?:der |die )?(?:inhaber\w*|besitzer\w*)|wem gehort (?:der |das |die )?(?:laden|geschaft|werkstatt))\b"
)


def asks_shop_matter(words: str, plain: str) -> bool:
    """A customer's question about codes, a first order, customer service's hours or who owns the
    shop, holding no word of an attack (the customer who forgot to enter a code is no "forget your
    rules"); `plain` is the folded text with its punctuation (the question mark)."""
    if _WHO_OWNS.search(words):
        words = _WHO_OWNS.sub(" customer service ", words)  # the owner asked about is no insider claimed
    elif not (_SHOP_MATTER.search(words) or (asks_opening_hours(words) and _HOURS_ASKED.search(words))):
        return False
    if _ATTACK_WORD.search(words) or not _ASKED_FOR.search(plain):
        return False
    terms = shipped_terms()  # the classifier's concept table
    if terms is None:
        return True
    tokens = words.split()
    forgot = bool(_FORGOT.search(words))
    for word, kind in zip(tokens, terms.concepts(tokens)):
        if kind in _ATTACK_CONCEPTS and not (kind == "ignore" and forgot and word in ("vergessen", "forgot", "forgotten", "dimenticato")):
            return False
    return True
