"""Workflows asked for in words, without a model: "Where is my order 1042?" runs order_status,
"I want to cancel my order" asks for the number, and the next message ("It's 5520") runs it.

Only the order workflows whose inputs can be read reliably from a message (an order number,
an address) are handled; refunds and warranty claims go through triage and staff instead.
The state of a half-asked request is read back from the customer's recent messages, so nothing
new is stored.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from core.shop.pack import Replies
from core.shop.programs import Argument, Program

_ORDER = re.compile(r"(?:order|ordine|bestellung|auftrag)\D{0,20}?\b([A-Za-z]{1,4}-\d{3,12}|\d{3,12})\b", re.I)
_ADDRESS_WORD = r"(?:address|indirizzo|adresse)"
_CHANGE_WORD = (r"(?:chang|updat|modif|correct|wrong|new\b|different|cambi|sbagliat|nuovo|ändern|andern|änderung"
                r"|korrigier|falsch|neue|instead|invece|stattdessen|anstatt)")
# What a customer says to ask for each workflow, in English, Italian and German.
_ASKED: dict[str, re.Pattern[str]] = {
    # the verb, not the state: "is my order 24138 cancelled?" asks its status
    # ("storniert bitte meine Bestellung" is the plural imperative, "ist storniert" the state)
    "cancel_order": re.compile(
        r"\b(cancel(?!l?ed\b)|annull(?!at[oa]\b)|disdir|storn(?!iert\b)|storniert\s+(?:bitte|mir|uns|mein\w*|die|den|das)\b)", re.I
    ),
    # an address word with a word of change, in either order, or a move; the lookaheads are
    # anchored at the start (\A): unanchored, they rescanned the message from every position
    "change_address": re.compile(
        rf"\A(?=.*?{_ADDRESS_WORD})(?=.*?{_CHANGE_WORD})|where my order goes|moved house"
        r"|\bi moved\b|trasferit|umgezogen|to my office instead",
        re.I | re.S,
    ),
    # typos and chat spellings too: "wheres my order", "were is it", "whens it coming"
    "order_status": re.compile(
        # "were is it" but not the German "wer" (who); the shop receiving a return is no parcel of the customer's
        # tracking a parcel, not a mouse that tracks on glass or a watch that tracks one's routes
        r"(\bw+h+e+re?\s?(?:['’]?s|\s+is)?\b|\bw+e+re?(?:['’]s|\s+is)\b|\btracking\b|\btracked\b|\bstatus\b|\bship+ed\b|\bdelivered\b|\barriv"
        r"|\btrack\b(?:\s+(?:down|my|the|your|this|that|an?|it|them|its|where|order|parcel|package|shipment|delivery|number|no|link|info)\b|\s*[#?!.,]|\s*$)"
        r"|\bnot (?:here|there|come|arrived)\b|\bnothing (?:yet|so far|arrived)\b|\bhasn['’]?t (?:come|arrived|shipped|left)|\bhas not (?:come|arrived|shipped|left)"
        r"|\b(?:go|gone|went) out\b|\bancora (?:niente|nulla)\b|\bnicht da\b|\bnoch nichts\b|\bimmer noch nicht\b"
        r"|\bdelayed\b|\bis\s+(?:it|my\s+\w+|\S*\d)\s+late\b|\bin\s+ritardo\b|\bversp[aä]tet\b|\bverz[oö]gert\b"
        r"|\b(?:leave|leaves|leaving)\s+(?:the\s+|your\s+)?warehouse\b|\blascia\w*\s+(?:il\s+)?magazzino\b|\bverl[aä]sst\b"
        r"|\bleft\b(?!-|\s+(?:hand|earbud\w*|ear\w*|side|one|foot|pedal\w*|arm|shoe\w*|speaker\w*|channel|button|click|brake|crank))|\bdid\b.{0,40}\b(?:ship|leave|go out)\b|\b(?:ship|sent|dispatched)\s+yet\b"
        r"|(?<!\byou\s)\breceiv|not (?:got|arrived)|never (?:came|come|arrived|showed up|got here|turned up)|\bstill waiting\b"
        r"|\bstuck\b|\bcancel+ed\b|\brefunded\b|\b(?:go|gone|went) through\b"
        r"|what(?:['’]?s| is) (?:happening|going on)|\bgoing on with\b"
        r"|when\s?(?:['’]?s|\s+is|\s+will|\s+does)\b.*\b(?:come|coming|get here|arrive|deliver|ship)|\bupdate on|\bany (?:updates?|news)\b"
        # whether it was paid: the order's status says it
        r"|\bpaid\b|\bpagat[oa]\b|\bho pagato\b|\bbuon fine\b|\bbezahlt\b|\bneuigkeiten\b|\bwas ist (?:da )?los\b|che succede"
        r"|dov'?\s?[eè]\b|\bdove\b|\bstato\b|traccia|tracking|ricevut|arriv|\bpartit(?!a\s+iva)|\bparte\b|\bpartir[aà]\b|spedit(?!e\b)|(?:stat[ie]|sono|gi[aà])\s+spedite|a che punto|novita|novità"
        r"|\bferm[oa]\b|bloccat|annullat[oa]\b|rimborsat|\bil rimborso\b"
        r"|\bwo\s+(?:ist|sind|bleibt|bleiben)\b|\bwann\b.*\b(?:kommt|komme|ankommt|geliefert|da)\b|sendungsverfolgung|angekommen"
        r"|erhalten|unterwegs|verschickt|versendet|zugestellt|storniert|erstattet|\b(?:schon|ist|sind) raus\b|\bstand\b|on (?:its|the) way|in viaggio|what happened|che fine ha fatto"
        r"|cosa (?:e|è) successo|was ist mit|\bcheck\b|controll|verific|nachsehen|nachschauen)",
        re.I,
    ),
}
# A request names one order: "my order", "il mio ordine", "meine Bestellung", "the order is ...".
_SPECIFIC = re.compile(
    r"\b(my|mine|mio|mia|miei|mie|mein|meine|meinen|meiner|il pacco|l'ordine|dell'ordine|die bestellung|der bestellung"
    r"|the order|i (?:have |ve )?(?:ordered|placed|made)|ho ordinato|abbiamo ordinato|(?:habe|hab|haben) .{0,40}bestellt|ho sbagliato|i (?:made a mistake|entered|typed|gave) (?:in )?(?:the |a |my )?wrong|(?:habe|hab) .{0,30}falsch)\b",
    re.I,
)
# Without a number, a look-up needs the customer's parcel: an order word, or "where is my ..." ("where is
# the power button on my mouse?", "does the watch track my runs?" ask about a product).
_OWN_PARCEL = re.compile(
    r"\b(?:orders?|ordered|parcel|package|packet|pkg|shipment|delivery|purchase|stuff|things|items?|goods|box"
    r"|ordine|ordinato|pacco|pacchetto|spedizione|consegna|acquisto|roba|merce"
    r"|bestellung|bestellt|paket|packchen|päckchen|lieferung|sendung|ware|sachen)\b"
    r"|\bw+h?e+re?\s?(?:['’]?s|\s+is|\s+are)?\s+(?:my|mine)\b|\bdov['’]?\s?[eè]\s+(?:finit[oa]\s+)?(?:il|la|i|le)\s+mi[oaie]\b"
    r"|\bwo\s+(?:ist|sind|bleibt|bleiben)\s+(?:denn\s+)?mein\w*\b|\bwhen\b.*\bmy\b.*\b(?:come|coming|arrive|get here)"
    # or a parcel's own verbs ("has my bike shipped?", "la mia bici è partita?")
    r"|\b(?:shipped|dispatched|delivered|arrived|on (?:its|the) way|tracking|spedit[oai]|(?:stat[ie]|sono|gi[aà]) spedite|arrivat\w*|partit[oaie]|consegnat\w*|in viaggio"
    r"|verschickt|versendet|angekommen|zugestellt|unterwegs|geliefert)\b",
    re.I,
)
# "Can I cancel an order after it left?" is a question about the policy, not a request.
# Plural orders are general unless they are the customer's ("my orders", "I placed 2 orders", "i miei due ordini").
_GENERAL = re.compile(
    r"\b(an order|un ordine|eine bestellung)\b|(?<!\bmy )(?<!\bour )(?<!\btwo )(?<!\bthree )(?<!\bboth )(?<!\d )(?<!\bmiei )(?<!\bdue )"
    r"(?<!\btre )(?<!\bmeine )(?<!\bzwei )(?<!\bdrei )\b(orders|ordini|bestellungen)\b",
    re.I,
)
# So is asking whether one may, in a case or still ("posso annullare l'ordine anche se è già partito?",
# "kann ich meine Bestellung noch stornieren?"): the pack's rule answers it; an order number makes it a request.
_WHETHER = re.compile(
    r"\b(?:can|could|may)\s+(?:i|we|you)\b.*\b(?:after|once|if|when|still|even|before|anymore|any more)\b"
    r"|\b(?:posso|possiamo|si\s+pu[oò]|[eè]\s+possibile)\b.*\b(?:dopo|se|quando|ancora|anche|prima|una\s+volta)\b"
    r"|\b(?:kann|k[oö]nnen|darf)\s+(?:ich|man|wir)\b.*\b(?:nach|nachdem|wenn|falls|noch|auch|bevor|sobald)\b"
    r"|\b(?:in\s+tempo|too\s+late|still\s+possible|ancora\s+possibile|noch\s+m[oö]glich|zu\s+sp[aä]t)\b"
    # how many days a parcel takes, in general
    r"|\b(?:in\s+quanti\s+giorni|how\s+many\s+days|in\s+wie\s+vielen\s+tagen|wie\s+viele\s+tage)\b"
    # an order not yet made ("if i order today, will it arrive by friday?", "se ordino oggi ...")
    r"|\bif\s+(?:i|we)\s+(?:order|buy|purchase|(?:place|make|put\s+in|submit)\s+(?:my|an|the|a|our)\s+order)\b"
    r"|\bse\s+(?:ordino|compro|ordiniamo|acquisto|faccio\s+(?:l['’]\s?|un\s+)?ordine)\b"
    r"|\b(?:wenn|falls)\s+(?:ich|wir)\s+(?:\w+\s+){0,3}(?:bestelle|bestellen|kaufe|kaufen|aufgebe|aufgeben)\b"
    # whether one gets a tracking number at all ("mi arriva il numero per tracciare il pacco?")
    r"|\b(?:will|do|would)\s+(?:i|we)\s+(?:get|receive)\s+(?:a\s+|any\s+)?tracking\b|\bdo\s+you\s+(?:send|give|provide)\s+(?:a\s+)?tracking\b"
    r"|\b(?:mi\s+arriva|arriva|ricevo|ricever[oò]|mandate|inviate|date)\s+(?:anche\s+)?(?:il|un)\s+(?:numero|codice|link)\s+(?:di\s+tracking|di\s+tracciamento|per\s+tracciare|di\s+spedizione)\b"
    r"|\b(?:bekomme|erhalte|kriege)\s+ich\s+(?:eine\s+|einen\s+)?(?:sendungsnummer|trackingnummer|tracking|sendungsverfolgung)\b"
    # whether something is paid on delivery ("devo pagare altro quando arriva il pacco?"): the shop's practice
    r"|\b(?:devo|dovr[oò]|dobbiamo|bisogna|si\s+deve)\s+pagare\b|\b(?:do|will|would)\s+(?:i|we)\s+(?:have\s+to|need\s+to|must)\s+pay\b"
    r"|\b(?:muss|m[uü]ssen)\s+(?:ich|wir|man)\s+(?:\w+\s+){0,3}(?:zahlen|bezahlen|draufzahlen)\b",
    re.I | re.S,
)
# A parcel sent back, money coming back, a warranty: "arrive" and "receive" are the return's or the
# refund's ("entro quanto arrivano i soldi?"), not the order's, unless an order number is given.
_AFTER_SALE = re.compile(
    r"\b(?:return\w*|refund\w*|money|warranty|guarantee|rimand\w*|reso|resi|rimbors\w*|soldi|garanzia"
    r"|r[uü]cksend\w*|r[uü]ckgabe|zur[uü]ck\w*|erstatt\w*|geld|garantie"
    # the state the goods arrive in ("se il pacco arriva danneggiato", "mi è arrivato il parmigiano tiepido"):
    # what to do about it is the pack's rule on damaged goods, not where the parcel is
    r"|damaged|broken|crushed|smashed|leak\w*|melted|defective|faulty|danneggiat\w*|rott[oaie]|ammaccat\w*|schiacciat\w*"
    r"|dead|doa|not\s+working|doesn['’]?t\s+work|does\s+not\s+work|won['’]?t\s+(?:turn\s+on|charge|work|switch\s+on)"
    r"|non\s+funzion\w*|non\s+si\s+accende|funktioniert\s+nicht|geht\s+nicht\s+an"
    r"|opened|apert[oaie]|ge[oö]ffnet|tiepid[oaie]|sciolt[oaie]|difettos[oaie]|besch[aä]digt\w*|kaputt\w*|zerbrochen\w*|geschmolzen|defekt\w*)\b",
    re.I,
)
_ADDRESS_MARK = re.compile(r"(?:new address|nuovo indirizzo|neue (?:liefer)?adresse)\s*[:\-]?\s*", re.I)
# A change asked only if the order has not left: the look-up answers first.
_ONLY_IF_NOT = re.compile(r"\b(?:if not|otherwise|and if it hasn['’]?t|se no|altrimenti|se non [eè]|falls nicht|wenn nicht|sonst)\b", re.I)
# Several orders named as such ("two orders", "24103 e 24110"), not a year or a price beside one.
_SEVERAL = re.compile(
    r"\b(?:orders|ordini|bestellungen|both|entrambi|beide|two|due|zwei)\b"
    r"|\d\s*(?:,|&|/|\band\b|\be\b|\bund\b|\bor\b|\bo\b|\boder\b)\s*(?:#|[A-Za-z]{1,4}-)?\d{3}"
    # "my order 1042 arrived, but 2087 didn't": a second number after a word that joins or sets apart
    r"|\d\b[^\d]{1,40}?\b(?:and|but|also|while|e|ma|anche|invece|mentre|und|aber|auch|doch)\b\D{0,20}?(?:#|[A-Za-z]{1,4}-)?\d{3}",
    re.I,
)
# A number written as a measure or an amount ("fino a 160 bar", "500 g", "$120", "20%") is no order number.
_BARE_NUMBER = re.compile(r"\b[A-Za-z]{0,4}-?\d{3,12}\b")
_UNIT_AFTER = re.compile(
    r"\s*(?:%|€|\$|£|(?:bar|psi|g|gr|grams?|gramm|kg|mg|ml|cl|lt|litr[eio]s?|liters?|km|cm|mm|meters?|metres?|metri|wh|kwh|watt|volt"
    r"|mah|nm|hz|ghz|mb|gb|tb|mp|dpi|lumen|lm|eur|euros?|usd|dollars?|days?|giorni|tage|tagen|months?|mesi|monate|years?|anni|jahre"
    r"|hours?|ore|stunden|minut\w*|pcs|pezzi|stuck)\b(?!['’]))",  # "2087 l'ho ricevuto" names the order
    re.I,
)
_DATE_PART = re.compile(r"[-./]\d{1,2}\b")
_CURRENCY_BEFORE = re.compile(r"(?:€|\$|£|\b(?:eur|usd))\s*$", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# The e-mail with the words that introduce it ("Mail:", "my email is", "meine Mail ist"): no part of an address.
_EMAIL_LABEL = re.compile(
    r"\b(?:(?:my|la mia|mia|meine|die)\s+)?(?:e-?mail|mail)(?:\s+(?:address|adresse|indirizzo|is|ist|è|e))*\s*[:\-]?\s*(?=[\w.+-]+@)"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    re.I,
)
# A sentence ends at a full stop before a word ("... 10115 Berlin. Meine Mail"), not before a number ("Hauptstr. 5").
_SENTENCE_END = re.compile(r"\.\s+(?=[^\W\d_])")
# A word that can open or close an address: a capitalised name or a number ("Via", "10435", "Berlin").
_NAMED = re.compile(r"[A-ZÀ-ÖØ-Þ0-9]")
_POSTCODE_CITY = re.compile(r"\b\d{4,5}\s+[A-Za-zÀ-ÿ]{2,}|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b")  # "10121 Torino", "MA 02108"
_REMEMBERED = 4096  # messages whose request is remembered (a few turns of many conversations)
_LEAD_WORD = re.compile(r"^[\s,.;:!?-]*(?:(?:to|auf|an|nach|a|in|at|please|bitte)\b\s*)?", re.I)


@dataclass(slots=True)
class Request:
    program: Program
    values: dict[str, str] = field(default_factory=dict)  # argument name -> value
    also: list[str] = field(default_factory=list)  # more orders to look up ("24103 e 24110, a che punto sono?")

    @property
    def missing(self) -> Argument | None:
        return next((a for a in self.program.arguments if a.required and a.name not in self.values), None)

    def question(self, replies: Replies) -> str:
        """What to ask for the missing input, in the customer's language."""
        kind = _kind(self.missing)
        return {"address": replies.ask_address, "email": replies.ask_email}.get(kind or "", replies.ask_order)

    @property
    def order_id(self) -> str:
        """The order the request names ('' while not given)."""
        return self.values.get(_order_argument(self.program) or "", "")

    @property
    def argv(self) -> list[str]:
        return [x for a in self.program.arguments if a.name in self.values for x in (a.flag, self.values[a.name])]

    def further(self) -> list[Request]:
        """The same look-up for each further order the message named."""
        order = _order_argument(self.program)
        return [Request(self.program, {**self.values, order: number}) for number in self.also if order]


class WorkflowRequests:
    def __init__(self, programs: dict[str, Program], product_names: Iterable[str] = ()) -> None:
        # Only workflows whose every input is an order number or an address.
        self.programs = {
            name: p
            for name, p in programs.items()
            if name in _ASKED and not p.approval and not p.action and all(_kind(a) for a in p.arguments if a.required)
        }
        self._asked_before: dict[str, Program | None] = {}
        # the numbers in the products' names with the word before each ("Gonfia 160", "Sicuro 180"):
        # "la pompa gonfia 160 fino a quanti bar arriva?" names the pump, not order 160
        self._named_numbers = frozenset(_named_numbers(product_names))

    def read(self, texts: list[str]) -> Request | None:
        """The request the latest message makes or completes; `texts` are the customer's messages, oldest first."""
        pending: Request | None = None
        ran: Request | None = None  # the last request that ran: a corrected e-mail runs it again
        naming = ""  # the message that named the pending request's order ("cancel 3312 and 6021")
        for position, text in enumerate(texts):
            latest = position == len(texts) - 1
            asked, corrected = self._asked(text), None
            if asked is not None:
                pending, naming = Request(asked), ""
            elif pending is None:
                pending = corrected = _corrected(ran, text)
                if corrected is None:
                    continue
            filled = corrected is not None or self._fill(pending, text, asked is not None)
            if filled and not naming and pending.order_id:
                naming = text
            if asked is None and not filled:
                pending = None  # the customer moved on
            elif pending.missing is None and not latest:
                ran, pending = pending, None  # it ran then
            if latest and asked is None and not filled:
                return None
        if pending is not None and pending.missing is None and texts:
            # several orders named ("24103 e 24110, a che punto sono?", "cancel 3312 and 6021"): each is
            # looked up, or changed with the same proof (each order checks the e-mail against its own)
            said = texts[-1] if pending.program.name == "order_status" else naming
            first = pending.order_id
            if _SEVERAL.search(said):
                pending.also = [n for n in self._order_numbers(pending.program, said) if n != first]
        return pending

    def _asked(self, text: str) -> Program | None:
        """The workflow a message asks for; remembered, because every turn rereads the last messages."""
        if text in self._asked_before:
            return self._asked_before[text]
        if len(self._asked_before) >= _REMEMBERED:
            self._asked_before.clear()
        program = self._asked_before[text] = self._read_asked(text)
        return program

    def _read_asked(self, text: str) -> Program | None:
        names = list(_ASKED)  # cancel and address before status: "where my order goes" is an address
        if _ONLY_IF_NOT.search(text) and _ASKED["order_status"].search(text):
            names.insert(0, names.pop(names.index("order_status")))  # "has it left? if not, change the address"
        for name in names:
            program = self.programs.get(name)
            if program is not None and _ASKED[name].search(text):
                has_number = self._order_number(program, text) is not None
                if has_number or (_SPECIFIC.search(text) and not _GENERAL.search(text) and not _WHETHER.search(text)
                                  and not (name == "order_status" and (_AFTER_SALE.search(text) or not _OWN_PARCEL.search(text)))):
                    return program
        return None

    def _fill(self, request: Request, text: str, asked: bool) -> bool:
        filled = False
        for argument in request.program.arguments:
            if argument.name in request.values:
                continue
            kind = _kind(argument)
            value = self._order_number(request.program, text) if kind == "order" else None
            if kind == "email" and (found := _EMAIL.search(text)):
                value = found.group(0).rstrip(".")
            if kind == "address":
                # the e-mail that proves the order is the customer's is no part of the address;
                # the answer to "what is the new address?" may be short ("Via Po 10, 10124 Torino")
                answering = not asked and request.missing is argument
                order_id = request.values.get(_order_argument(request.program) or "", "")
                value = _address(text, order_id, answering)
            if value is not None and _valid(argument, value):
                request.values[argument.name] = value
                filled = True
        return filled

    def _order_number(self, program: Program, text: str) -> str | None:
        return next(iter(self._order_numbers(program, text)), None)

    def _order_numbers(self, program: Program, text: str) -> list[str]:
        """The valid order numbers a message names, in order, each once."""
        argument = next((a for a in program.arguments if _kind(a) == "order"), None)
        if argument is None:
            return []
        candidates = [m.group(1) for m in _ORDER.finditer(text)]  # after an order word: always a number
        candidates += [m.group(0) for m in _BARE_NUMBER.finditer(text) if not self._names_no_order(text, m)]
        prefix = _literal_prefix(argument.pattern or "")
        found: list[str] = []
        for raw in candidates:
            hyphened = re.sub(r"^([A-Za-z]{1,4})(\d)", r"\1-\2", raw).upper()  # "nw10482" -> "NW-10482"
            value = next((v for v in (raw, raw.upper(), prefix + raw, hyphened) if _valid(argument, v)), None)
            if value is not None and value not in found:
                found.append(value)
        return found


    def _names_no_order(self, text: str, match: re.Match[str]) -> bool:
        """A bare number that is part of a product's name or a measure, an amount (not after an order word)."""
        before = text[: match.start()]
        if _UNIT_AFTER.match(text, match.end()) or _CURRENCY_BEFORE.search(before) or _DATE_PART.match(text, match.end()) \
                or re.search(r"\d[-./]$", before):  # a date: "2026-12-03", "03/12/2026"
            return True
        word = re.search(r"([^\W\d_]+)[\s\"'“”«»]*$", before)
        return word is not None and (word.group(1).casefold(), match.group(0).casefold()) in self._named_numbers


def _named_numbers(product_names: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(word, number) for each number of three digits or more in a product's name, with the word before it."""
    for name in product_names:
        words = re.findall(r"[^\W_]+", name.casefold())
        for before, word in zip(words, words[1:]):
            if word.isdigit() and len(word) >= 3 and not before.isdigit():
                yield before, word


def _kind(argument: Argument) -> str | None:
    if "order" in argument.name:
        return "order"
    if argument.type == "email" or "email" in argument.name:
        return "email"  # programs that change an order ask for its e-mail (core/shop/orders.py checks it)
    if "address" in argument.name:
        return "address"
    return None


def _order_argument(program: Program) -> str | None:
    return next((a.name for a in program.arguments if _kind(a) == "order"), None)


def _valid(argument: Argument, value: str) -> bool:
    try:
        argument.convert(value)
    except ValueError:
        return False
    return True


def _literal_prefix(pattern: str) -> str:
    """`^NW-[0-9]{5}$` -> `NW-`: a customer who writes only the digits means the whole number."""
    match = re.match(r"\^?([A-Za-z0-9\-]*)", pattern)
    prefix = match.group(1) if match else ""
    return prefix if not prefix[-1:].isdigit() else ""


def _corrected(ran: Request | None, text: str) -> Request | None:
    """The request that ran again with another e-mail, when a message is that e-mail on its own
    ("No order 4501 matches the e-mail" -> "sorry, it's k.wagner@example.at"); the order
    source counts each wrong e-mail, so its attempt limit still holds."""
    argument = next((a for a in ran.program.arguments if _kind(a) == "email"), None) if ran else None
    found = _EMAIL.search(text)
    if argument is None or found is None or len(_EMAIL.sub("", text).split()) > 3:
        return None
    email = found.group(0).rstrip(".")
    if email.lower() == ran.values.get(argument.name, "").lower() or not _valid(argument, email):
        return None
    return Request(ran.program, {**ran.values, argument.name: email})


def _address(text: str, order_id: str, answering: bool = False) -> str | None:
    """The postal address in a message: after "new address:", after the order number, or the
    whole message when it reads like one (commas and a house number or postcode; one comma is
    enough when the message answers the question for the address)."""
    text = _EMAIL_LABEL.sub(" ", text)
    if mark := _ADDRESS_MARK.search(text):
        candidate = text[mark.end() :]
    else:
        # the part of the message that reads like an address (a comma and a number), else its last part
        pieces = [p for p in re.split(r"[?!:]\s", text) if p.strip()] or [""]
        candidate = next((p for p in reversed(pieces) if "," in p and re.search(r"\d", p)), pieces[-1])
        if order_id and order_id in candidate:
            candidate = candidate.split(order_id, 1)[1]
        candidate = _LEAD_WORD.sub("", candidate, count=1)
    sentences = _SENTENCE_END.split(candidate)
    with_number = [i for i, sentence in enumerate(sentences) if re.search(r"\d", sentence)]
    if with_number:  # the sentences after the address's last number are the request's ("Meine Mail ist")
        candidate = ". ".join(sentences[: with_number[-1] + 1])
    candidate = _trimmed(candidate.strip().strip(",").rstrip(".").strip().strip(",").strip())
    # two commas ("name, street 1, 10121 city"), or one beside a postcode and a city ("Via Po 10, 10124 Torino")
    commas = 2 if not answering and not _POSTCODE_CITY.search(candidate) else 1
    if candidate.count(",") >= commas and re.search(r"\d", candidate) and 10 <= len(candidate) <= 200:
        return candidate
    return None


def _trimmed(candidate: str) -> str:
    """The address without the request around it, when the customer writes names with capitals:
    "mandatelo a Via Sonnino 15, 09125 Cagliari invece che in via roma" -> "Via Sonnino 15, 09125 Cagliari";
    "Julia Schmidt, ..., Deutschland schicken" -> "Julia Schmidt, ..., Deutschland". An address all in
    lower case is left as it is: nothing tells its words from the request's."""
    parts = [p.strip() for p in candidate.split(",") if p.strip()]
    if len(parts) < 2 or not any(w[:1].isupper() for w in candidate.split()):
        return candidate
    first, last = parts[0].split(), parts[-1].split()
    while first and not _NAMED.match(first[0]):
        first.pop(0)
    while last and not _NAMED.match(last[-1]):
        last.pop()
    if not first or not last:
        return candidate
    return ", ".join([" ".join(first), *parts[1:-1], " ".join(last)]).rstrip(".")
