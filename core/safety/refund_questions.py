"""Questions about refunds that are not a request for one's money: answered, or looked up.

A refund decision is staff's (core/safety/triage.py), but most messages that name a refund ask how
refunds work ("how long does a refund take?", "il rimborso me lo fate su PayPal?", "Kann ich Nudeln
zurückgeben, die ich vor 3 Wochen bekommen habe?") or whether an order was refunded ("did the
refund on 24159 go through?"). The rules read the folded word view and are narrow on purpose: an
order number, "I want", "refund me", "how do I get a refund" or a charge complained of leave the
message with the usual layers, and none of them changes a refund request of the data sets
(bench/triage.py measures it).
"""
from __future__ import annotations

import re

# A question about how refunds and returns work, answered from the pack: the topic, a shape of
# asking about the rule (how long, who pays, to which payment method, whether a kind of item or
# a case qualifies, what it costs) and nothing of a request for one's own money (an order number,
# "I want", "refund me", "how do I get a refund", a charge or a missing parcel to complain of).
_RETURN_TOPIC = re.compile(
    r"\b(?:refund\w*|return\w*|money back|reimburs\w*|(?:send|take|bring) (?:\w+ )?back"
    r"|rimbors\w*|reso|resi|restitu\w*|rimand\w*|soldi indietro|(?:ridate|ridarete|ridai|ridare|riavere|riavr\w*) (?:tutti )?(?:i )?soldi|recesso|rend(?:ere|erl[oaie]|o|iamo)"
    r"|(?:full |whole |entire )?(?:amount|price|sum) back"  # "would I get the full amount back?"
    # the verbs in every person ("wenn ich was zurückschicke"), not only the infinitive
    r"|erstatt\w*|ruckerstatt\w*|zuruck(?:geb\w*|gegeben|zugeben|send\w*|zusenden|schick\w*|zuschicken|bekomme\w*)"
    r"|ruckgabe\w*|rucksend\w*|ruckversand\w*|retour\w*|umtausch\w*|(?:geld|preis|betrag) (?:\w+ )?(?:zuruck|wieder))\b"
)
# The shapes of asking about the rule. Strong: how long, who pays or decides, to which payment method.
_POLICY_ASKED = re.compile(
    r"\b(?:how long|how much time|how many (?:days|weeks)|how (?:soon|quickly|fast)|when (?:will|do|does|is|would|can|should|are)"
    r"|quanto tempo|in quanto|quanto ci (?:mett\w*|vuole|vogliono)|quanti giorni|entro quando|entro quanto|quando"
    r"|wie lange|wie schnell|wie viele tage|wann|bis wann)\b"
    r"|\bwhere (?:will|does|do|would|is) (?:the |my |a )?(?:refund|money)\w* (?:go|be sent|be paid|end up|come back)\b"
    r"|\bdove (?:va|vanno|arriva|arrivano|finisce|finiscono) (?:il |i )?(?:rimborso|rimborsi|soldi)\b|\bwohin (?:geht|gehen|kommt) (?:die |das )?(?:ruck)?(?:erstattung|geld)\b"
    r"|\b(?:who (?:pays|covers|decides|approves|handles)|chi (?:paga|decide|approva|si occupa)|(?:la |lo |li )?pago io"
    r"|wer (?:zahlt|bezahlt|tragt|ubernimmt|entscheidet))\b"
    r"|\b(?:to|on|onto|in|via|by|as|back to|su|sul|sulla|sullo|con|come|auf|als|per|mit)(?: (?:my|the|a|your|la|il|un|una|mia|mio|die|der|den|meine|meinen|eine|einen))?"
    r" (?:paypal|apple pay|satispay|(?:credit |debit )?card|voucher|store credit|gift card|cash|bank transfer|same (?:payment )?method"
    r"|original (?:payment|method)|carta|buono|contanti|bonifico|stesso metodo|karte|kreditkarte|gutschein|bar|uberweisung)\b"
)
# Weaker: what it costs or what is kept back, the state of the goods, a time since, a condition.
_CASE_ASKED = re.compile(
    r"\b(?:cost|costs|fee|fees|restocking|deduct\w*|keep back|costa|costo|commission\w*|tratten\w*|spese"
    r"|kostet|kosten|gebuhr\w*|abzug|abgezogen|einbehalten)\b"
    r"|\b(?:opened|open|unopened|used|worn|wore|tried|ridden|damaged|broken|faulty|sale|discounted|aperto|aperta|aperti|aperte|usat\w*"
    r"|indossat\w*|provat\w*|rott\w*|danneggiat\w*|difettos\w*|geoffnet\w*|offen|ausgepackt|getragen|benutzt|gebraucht|gefahren"
    r"|beschadigt|kaputt|defekt)\b"
    # "can I send it back?", "posso renderlo?", "kann ich es umtauschen?": whether a return is allowed
    r"|\b(?:can|could|may) (?:i|we) (?:still |also )?(?:return|send \w+ back|exchange|swap)\b"
    r"|\bposso (?:ancora )?(?:restituir\w*|render\w*|rimandar\w*|fare (?:il )?reso)|\b(?:li|lo|la|le) posso (?:restituire|rendere|rimandare)\b"
    r"|\b(?:kann|darf) ich (?:\w+ ){0,4}(?:zuruckgeben|zurucksenden|zuruckschicken|umtauschen)\b"
    r"|\b\d+ (?:days?|weeks?|months?|giorni|settimane|mesi|tage|tagen|wochen|monate|monaten|km)\b"
    r"|\b(?:if|once|after|se|dopo|wenn|falls|nachdem)\b"
)
# "Can I get my money back?" asks for it unless a strong shape makes it a question about the rule.
_MONEY_ASKED = re.compile(
    r"\b(?:can|could|may|will|would) (?:i|we) (?:still |please )?(?:get|have|receive|claim) (?:\w+ ){0,3}(?:refund\w*|money back|my money|reimburs\w*)"
    r"|\b(?:i|we) (?:can|could) (?:get|have|receive) (?:\w+ ){0,3}(?:refund\w*|money back|my money|reimburs\w*)"
    r"|\b(?:posso|potrei) (?:ancora )?(?:avere|ottenere|riavere) (?:\w+ ){0,2}(?:rimborso|soldi)"
    r"|\b(?:bekomme|kriege|krieg|erhalte) ich (?:\w+ ){0,3}(?:geld|erstattung|ruckerstattung)"
)
# Asking whether one may (can I / posso / kann ich) or how it works: the shape of a question.
_ASKING = re.compile(
    r"^(?:\w+ ){0,3}(?:can|could|may|do|does|did|is|are|will|would|how|when|who|what|which|where)\b"
    r"|\b(?:can i|could i|may i|can you|do you|does it|is it|are they|will i|will you|would i)\b"
    r"|\b(?:posso|possiamo|si puo|potete|fate|mi date|mi fate|me lo fate|me li fate|e possibile|quanto|quando|chi|come|quale|quali)\b"
    r"|\b(?:kann ich|konnen wir|darf ich|durfen wir|bekomme ich|kriege ich|krieg ich|ist es|gibt es|wie|wann|wer|welche\w*|was)\b"
)
# Wanting one's money, or a person to give it.
_WANT_SAID = (  # "I want", "vorrei", "ich möchte": said by the customer
    r"\b(?:i|we) (?:really |just |only |still )?(?:want|wanna|need|demand|expect|would like|d like|wish|request|deserve)\b"
    r"(?! (?:to )?(?:know|ask|understand|check|sapere|wissen))"
    r"|\b(?:voglio|vogliamo|vorrei|rivoglio|pretendo|esigo|richiedo|desidero|mi serve|ho bisogno)\b(?! (?:di )?(?:sapere|capire|chiedere))"
    r"|\b(?:ich|wir) (?:will|wollen|mochte\w*|hatte gerne|brauche|verlange|fordere)\b(?! (?:\w+ )?(?:wissen|fragen))"
)
_WANT = re.compile(
    _WANT_SAID
    + r"|(?<!\bto )\b(?:refund|reimburse|compensate|repay|pay) (?:me|us)\b|\b(?:give|send|pay) (?:me |us )?(?:back )?(?:my|our) money\b"
    r"|\bplease refund\b|\b(?:you|can you|could you) (?:please )?(?:refund|reimburse)\b"
    r"|\b(?:please|you|can you|could you) (?:please )?(?:process|issue|send|start|give me) (?:my|the|a|an)(?: partial| full| small)? refund\b"
    r"|\brefund (?:my|the|this|that|these|those)\b(?! (?:policy|process|period|window|rules|time))"
    r"|\b(?:rimborsatemi|rimborsami|mi rimborsate|mi rimborsi|ridatemi|ridammi|restituitemi|restituiscimi)\b"
    r"|\b(?:erstatten sie mir|erstattet mir|geben sie mir|gebt mir)\b"
)
# a number of an order or a payment, or an amount paid
_OWN_NUMBER = r"\b\d{4,}\b|\b[a-z]{1,4} \d{3,}\b|\b(?:order|ordine|bestellung|auftrag|nr|no|n)\b \d{3,}\b"
_OWN_CASE = re.compile(
    _OWN_NUMBER
    + rf"|{_WANT.pattern}"
    # asking how to get one's own refund: the data sets' refund request
    r"|\bhow (?:do|can|could|should|would) (?:i|we) (?:get|claim|apply|ask|request|process|start|obtain|go about|be)\b"
    r"|\bhow i can get\b|\bwhat (?:do|should|can) (?:i|we) (?:need to |have to )?do\b|\bwhat can be done\b"
    r"|\bwhat (?:s|is) the process\b|\b(?:requested|applied for|filed|submitted|my claim)\b"
    r"|\bcome (?:posso|faccio a|si fa a) (?:avere|ottenere|chiedere|richiedere)\b|\bwie (?:bekomme|erhalte|kriege) ich\b"
    # a charge or a missing parcel complained of
    r"|\b(?:charged|charge on|double charged|twice|fraud|unauthori[sz]ed|don t recognize|never (?:received|arrived|came)"
    r"|never got|not (?:yet )?(?:received|arrived|delivered)|haven t (?:received|got)|didn t (?:receive|get|arrive)|wasn t delivered"
    r"|addebitat\w*|mai arrivat\w*|non (?:e |sono )?(?:ancora )?arrivat\w*|abgebucht|nie angekommen|nicht angekommen)\b"
)


# Wanting to send something back, said with no word of money, before asking how it works: "I want to
# return the keyboard, how many days do I have?", "Ich möchte das E-Bike zurückgeben, was kostet die Abholung?"
_WANT_RETURN = re.compile(
    r"\b(?:i|we) (?:really |just )?(?:want|would like|d like|wanna|need) to (?:return|send (?:\w+ ){0,3}back|exchange)\b"
    r"|\b(?:voglio|vorrei|devo|dovrei) (?:fare (?:un |il )?reso|restituir\w*|render\w*|rimandar\w*)"
    r"|\b(?:ich|wir) (?:mochte\w*|will|wollen|muss|musste|wurde\w*) (?:\w+ ){0,4}(?:zuruckgeben|zurucksenden|zuruckschicken|umtauschen)\b"
)
_MONEY_WORD = re.compile(r"\b(?:refund\w*|money|reimburs\w*|cash|rimbors\w*|soldi|erstatt\w*|ruckerstatt\w*|geld\w*)\b")
_HOW_IT_WORKS = re.compile(
    r"\bhow (?:does (?:it|that|this) work|do i (?:do|go about) (?:it|that)|does the return work)\b|\bwhat (?:do|should) i do\b"
    r"|\bcome (?:funziona|si fa|faccio|devo fare)\b|\bcosa devo fare\b|\bche devo fare\b"
    r"|\bwie (?:geht das|funktioniert (?:das|es|die rucksendung))\b|\bwas muss ich (?:tun|machen)\b"
)


# Whether a refund needs someone's approval, or who gives it ("can you refund me yourself in this
# chat or does someone have to approve it first?"): how refunds work, even said with "refund me".
_APPROVAL_ASKED = re.compile(
    r"\b(?:does|do|has|have|must|will|would|should) (?:someone|somebody|a person|a human|staff|a colleague|a manager|anyone|it|that|this)"
    r" (?:\w+ ){0,3}(?:approv\w*|authori[sz]\w*|sign\w* off|okay\w*)\b"
    r"|\bwho (?:approves|authori[sz]es|signs off)\b|\b(?:need|needs|require|requires|subject to) (?:an? |any )?(?:approval|authori[sz]ation)\b"
    r"|\b(?:deve|devono|va|vanno) (?:essere )?(?:approvat\w*|autorizzat\w*)\b|\b(?:deve|devono) (?:approvarl\w*|autorizzarl\w*)\b"
    r"|\bqualcuno (?:lo |la |li |le )?deve (?:approvar\w*|autorizzar\w*)\b|\bchi (?:approva|autorizza)\b"
    r"|\b(?:muss|mussen) (?:\w+ ){0,4}(?:genehmig\w*|freigeb\w*|freigegeben)\b|\bwer (?:genehmigt|gibt (?:\w+ )?frei)\b"
)
# A purchase not made yet ("mi rimborsate in contanti se compro in negozio?"): the rule, whatever the verb.
_NOT_YET_BOUGHT = re.compile(
    r"\b(?:if|when|once) (?:i|we) (?:buy|order|purchase)\b|\bse (?:compro|ordino|acquisto|comprassi|ordinassi|acquistassi)\b"
    r"|\b(?:wenn|falls) (?:ich|wir) (?:\w+ ){0,3}(?:kaufe|kaufen|bestelle|bestellen)\b"
)
# A case supposed, not one's own told: not liking it, a change of mind, a parcel lost or late
# ("can I get my money back if I send it back?" supposes nothing: a request).
_IF = re.compile(
    r"\b(?:if|in case|se|nel caso|qualora|wenn|falls)\b(?: \w+){0,5}? (?:like|love|want|need|fit|fits|suit|suits|change|changes|changed|lost|lose|late"
    r"|piace|piacciono|piacesse|serve|servono|convince|va bene|vanno bene|ripens\w*|cambio idea|perde|perso|persa|smarrit\w*|ritardo"
    r"|gefallt|gefallen|passt|passen|uberlege|verloren|verspatet|anders)\b"
)
_OWN_NUMBER_OR_WANT = re.compile(
    rf"{_OWN_NUMBER}|{_WANT_SAID}"  # an order, "I want", or "refund me" told, not asked ("can you refund me ...?")
    r"|(?<!\byou )(?<!\bto )\b(?:refund|reimburse) (?:me|us)\b|\bplease refund\b|\b(?:rimborsatemi|rimborsami|ridatemi)\b|\berstatte[nt]? (?:sie )?mir\b"
)


def asks_policy(words: str, plain: str) -> bool:
    """A question about how refunds or returns work (`plain` keeps the question mark), asked with
    no order number and no word of wanting one's own money back (wanting to send something back,
    said without money, still asks how; whether a refund needs approval asks how it works)."""
    if not _RETURN_TOPIC.search(words):
        return False
    if "?" in plain and (_APPROVAL_ASKED.search(words) or _NOT_YET_BOUGHT.search(words)) and not _OWN_NUMBER_OR_WANT.search(words):
        return True
    wants_return = bool(_WANT_RETURN.search(words)) and not _MONEY_WORD.search(words)
    rest = _WANT_RETURN.sub(" return ", words) if wants_return else words
    if _OWN_CASE.search(rest) or not ("?" in plain or _ASKING.search(rest)):
        return False
    if wants_return and _HOW_IT_WORKS.search(rest):
        return True
    # "can I get my money back?" is a request, unless asked of a case ("... if I don't like it?")
    return bool(_POLICY_ASKED.search(rest)) or (bool(_CASE_ASKED.search(rest)) and (not _MONEY_ASKED.search(rest) or bool(_IF.search(rest))))


# Whether an order was already refunded or cancelled ("ordine 24159 il rimborso l'avete fatto?"):
# the order's status answers it. Only with an order number the lookup can read, and no demand.
_REFUND_DONE = re.compile(
    r"\b(?:have|has|was|is) (?:\w+ ){1,4}(?:already |yet )?(?:been )?(?:refunded|cancel+ed)\b"
    # "my order 24159 (a pump to paris) was refunded?": the order named as one, then whether it was
    r"|\b(?:order|ordine|bestellung) (?:[a-z]{1,4} )?\d{3,12} (?:\w+ ){0,6}(?:was|has been|is) (?:already )?refunded\b|\bdid you (?:already )?(?:refund|cancel)\b"
    r"|\b(?:has|was|is) (?:my|the) refund (?:\w+ ){0,2}(?:already |yet )?(?:been )?(?:processed|issued|made|sent)\b"
    r"|\brefund (?:\w+ ){0,3}(?:go|gone|went) through\b"
    r"|\bavete (?:gia )?(?:rimborsato|annullato|fatto il rimborso)\b|\b(?:il )?rimborso (?:me )?(?:l |lo )?avete (?:gia )?fatto\b"
    r"|\b(?:e|risulta|e gia|e stato|e stata) (?:gia )?(?:stato |stata )?(?:rimborsat[oa]|annullat[oa])\b"
    r"|\b(?:habt ihr|haben sie) (?:\w+ ){0,3}(?:schon |bereits )?(?:erstattet|zuruckerstattet|storniert)\b"
    r"|\b(?:wurde|ist) (?:\w+ ){0,3}(?:schon |bereits )?(?:erstattet|zuruckerstattet|storniert)\b"
    r"|\bist die (?:ruck)?erstattung (?:schon |bereits )?(?:erfolgt|durch|raus|da)\b"
)
_ORDER_NUMBER = re.compile(r"\b(?:[a-z]{1,4} )?\d{3,12}\b")


def asks_if_refunded(words: str) -> bool:
    """Whether a numbered order was refunded or cancelled: a status question, not a request."""
    return bool(_REFUND_DONE.search(words)) and bool(_ORDER_NUMBER.search(words)) and not _WANT.search(words)


# What any request for money back names: money, a payment or a charge, an order or a purchase, a
# return, a compensation. "per che eta e la passerotto 20? e che altezza deve avere il bimbo" names
# none: the classifier's lean to a refund there is noise. Every refund request of the data sets
# names one (bench/triage.py); Chinese and Japanese are left to the classifier.
_MONEY_MATTER = re.compile(
    r"\b(?:refund\w*|money|monney|reimburs\w*|\w*charg\w*|paid|pay\w*|repay\w*|cash|compensat\w*|voucher\w*|credit\w*|debit\w*"
    r"|funds?|amount|fee|fees|price\w*|cost\w*|bill\w*|invoice\w*|cards?|account|transaction\w*|purchase\w*|bought|buy"
    r"|orders?|return\w*|back|cancel\w*|subscription\w*|membership|renew\w*|deposit\w*|withdraw\w*|transfer\w*|revers\w*"
    r"|rebate|dollars?|euros?|eur|usd|pounds?|tip|difference|claim\w*"
    r"|rimbors\w*|soldi|restitu\w*|rid\w*|risarc\w*|addebit\w*|accredit\w*|riaccredit\w*|pag\w*|prezzo|costo|carta|ordin\w*|reso"
    r"|rendere|indietro|annull\w*|acquist\w*|comprat\w*|fattura|indennizz\w*|compensazion\w*|bonus|importo|franchigia|differenza"
    r"|erstatt\w*|ruckerstatt\w*|ruckerstatung|ruckzahl\w*|geld\w*|zuruck\w*|\w*zahl\w*|gutschr\w*|entschadig\w*|schadenersatz"
    r"|abbuch\w*|abgebucht|belastet|bestell\w*|rucksend\w*|storn\w*|gekauft|rechnung\w*|karte|konto|betrag|gebuhr\w*|differenz"
    r"|reembols\w*|dinero|devol\w*|devuel\w*|cobr\w*|cargo|importe|indemni\w*|compensacion|fianza|pedido|compra|tarjeta|abon\w*"
    r"|rembours\w*|argent|sous|montant|dedommag\w*|recredit\w*|caution|achat|commande|rendez)\b"
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def names_money_matter(words: str) -> bool:
    """Whether the message names anything a refund request is about (always, for Chinese or Japanese)."""
    return bool(_MONEY_MATTER.search(words)) or bool(_CJK.search(words))
