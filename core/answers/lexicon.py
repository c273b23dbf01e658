"""Translation and synonym tables for the answerer, beyond the shared glossary
(core/safety/glossary.py): a customer's word (English, Italian or German, folded) -> the words a
document may use for it, in any of the three languages. A document's own words are looked up
in the same table when the pack is indexed, so an Italian document's "spediamo" is found by
"ship" and "versenden" alike. General shop language by trade (food, electronics, bicycles),
never a product of one pack; checked on dev questions only.
"""
from __future__ import annotations


def _group(words: str, *targets: str) -> dict[str, tuple[str, ...]]:
    """Every word of `words` stands for `targets` (and the first word, the concept)."""
    names = words.split()
    concept = tuple(dict.fromkeys((names[0], *targets)))
    return {name: concept for name in names}


TABLE: dict[str, tuple[str, ...]] = {}
for _words, _targets in [
    # -- asking, answering, ordering ---------------------------------------------------------------
    ("answer risponde rispondere rispondete risposta antworten antwortet antwort reply respond respons", ()),
    ("request richiesta richieste anfrage antrag", ()),
    ("within entro innerhalb", ()),
    ("cancel annullare annullo annulla annullamento annullamenti annullati stornieren storniere storno stornierung "
     "cancellation cancelled cancellare", ()),
    ("change cambiare cambio modificare modifica modifiche andern anderung changed", ()),
    ("buy comprare compro comprano compra comprato comprati comprata bought kaufen kaufe gekauft purchase purchased "
     "acquisto acquistare acquistato", ()),
    ("elsewhere altrove anderswo woanders", ()),
    ("leave parte partono parta partire partito partita verlasst verlassen leaves dispatched", ()),
    ("same stesso stessa selben gleichen", ()),
    ("today oggi heute", ()),
    ("origin produce produces produced producer produttore producete prodotte hergestellt hersteller produziert "
     "makes provenienza herkunft", ("made",)),
    ("warehouse magazzino lager", ()),
    ("address indirizzo adresse", ()),
    ("return renderlo renderla rendere rimando rimandare rimandarvi rispedire restituisco restituirlo restituirla restituire restituiti "
     "zuruckgeben zuruckschicken zurucksenden ruckgabe", ()),
    ("refund rimborso rimborsi rimborsate erstattung ruckerstattung erstattet", ()),
    ("damaged danneggiato danneggiata danneggiati rotto rotta kaputt beschadigt broken", ("faulty",)),
    ("faulty difettoso difettosa difetto defekt fehlerhaft defective", ("damaged",)),
    ("warranty garanzia garantie gewahrleistung guarantee", ()),
    ("vat iva mehrwertsteuer mwst ust", ("tax",)),
    ("courier corriere corrieri paketdienst kurier versanddienstleister carrier carriers couriers spediteur", ()),
    ("tracking tracciamento sendungsnummer sendungsverfolgung", ()),
    ("cash contanti bargeld", ()),
    ("contrassegno nachnahme cod", ("cash", "delivery")),
    ("payment pagamento pagamenti pagare pago zahlung zahlen bezahlen bezahlung", ()),
    ("card carta carte karte kreditkarte", ("credit",)),
    ("transfer bonifico uberweisung", ("bank",)),
    ("hours orari orario offnungszeiten", ()),
    ("closed chiuso chiusi chiusa chiusura geschlossen", ()),
    ("open aperto aperti aperta geoffnet offen", ("opened",)),
    ("opened aperto aperta aperti geoffnete geoffneter geoffnet", ()),
    ("phone telefono telefon", ()),
    ("mail email", ()),
    ("free gratis gratuito gratuita gratuiti kostenlos", ()),
    ("gift regalo geschenk", ()),
    ("voucher buono buoni gutschein giftcard", ()),
    ("student studenti studente studenten", ()),
    ("used usato usata usati benutzt gebraucht provato", ()),
    ("new nuovo nuova nuovi neu neue", ()),
    ("size taglia taglie misura grosse rahmengrosse", ()),
    ("bag busta sacchetto borsa tasche tute", ()),
    ("life durata dura dauert dauer halt lasts", ("battery", "autonomia")),
    ("capacity capacita kapazitat", ("battery",)),
    ("front davanti anteriore vorne vorderlicht", ()),
    ("rear dietro posteriore hinten rucklicht", ()),
    ("mount monta montare montaggio montato montati montiert montieren montage fissa fissare attach", ()),
    ("single singola singolo einzeln einzelne", ()),
    ("cover copre coperto coperti coperta deckt abgedeckt covered covers", ()),
    ("accidental cade caduto caduta fallen heruntergefallen drop dropped", ()),
    ("screen schermo display bildschirm", ()),
    ("box scatola verpackung packaging originalverpackung karton", ()),
    ("order ordinare ordino ordinate ordina bestellen bestelle", ("placed",)),
    ("parcel pacco pacchi paket", ()),
    ("time ora orario uhrzeit uhr", ()),
    ("tell melden segnalare avvisare avvisateci notify report", ("within",)),
    ("shipping sendung sendungen", ()),
    ("pasta spaghetti paccheri orecchiette tagliatelle fusilli penne rigatoni nudeln", ()),
    ("travel travelling traveling viaggio viaggiare reise reisen", ()),
    ("cheaper conviene gunstiger billiger", ("price",)),
    ("together insieme zusammen combo", ("combined", "bundle")),
    ("range autonomia reichweite km", ()),
    ("charge carica ricarica ricaricare laden aufladen charging", ()),
    ("appointment appuntamento prenotare prenotazione prenoto book booking buchen termin", ()),
    ("city citta stadt", ()),
    ("afternoon pomeriggio nachmittag nachmittags", ("pm",)),
    ("morning mattina vormittag morgens", ("am",)),
    ("evening sera abend abends", ("pm",)),
    ("arrive arrives arriva arrivano arrivato arrivati ankommt ankommen ankunft", ()),
    ("pickup ritiro abholung abholen", ()),
    ("keep hold tenete teniamo tiene aufbewahren", ("shelf", "life", "opened")),
    ("abroad estero ausland", ()),
    ("watch smartwatch orologio uhr smartuhr", ()),
    ("ios iphone ipad", ()),
    ("connect connection connessione verbindung verbinden collegare collegamento connectivity connects", ()),
    ("warm caldo heiss melted sciolto", ("damaged",)),
    ("spoiled verdorben scaduto abgelaufen expired", ("damaged",)),
    ("after dopo danach nachher", ()),
    ("ruckversand rucksendekosten rucksendung", ("return", "shipping")),
    ("pay pays paid zahlt bezahlt paga pagano paghiamo", ("payment",)),
    # -- days and months: hours, closures -----------------------------------------------------------
    ("monday mondays lunedi montag montags", ()), ("tuesday martedi dienstag", ()), ("wednesday mercoledi mittwoch", ()),
    ("thursday giovedi donnerstag", ()), ("friday venerdi freitag", ()), ("saturday saturdays sabato samstag samstags", ()),
    ("sunday sundays domenica sonntag sonntags", ()), ("august agosto", ()), ("december dicembre dezember", ()),
    ("christmas natale weihnachten", ()), ("summer estate estiva sommer", ()),
    # -- food --------------------------------------------------------------------------------------
    ("parmigiano parmesan parmesankase", ()),
    ("cheese formaggio kase", ("parmigiano",)),
    ("cantucci biscotti biscuits cookies kekse", ("biscuit",)),
    ("almond mandorle mandeln", ()),
    ("glutine gluten glutenfrei glutenfreie glutenfreien glutenfreies", ()),
    ("egg uova uovo eier", ()),
    ("tomato pomodoro tomaten", ()),
    ("sugo sauce sosse sossen salsa", ()),
    ("jar vasetto barattolo glas", ()),
    ("gram grams gramm grammi", ("g", "weight")),
    ("olive olives oliva olive oliven", ()),
    # -- electronics ------------------------------------------------------------------------------
    ("earbud cuffie kopfhorer ohrhorer earphones headphones auricolari", ()),
    ("charger caricatore caricabatterie ladegerat", ()),
    # -- bicycles ---------------------------------------------------------------------------------
    ("bike bici bicicletta biciclette fahrrad fahrrader rad bikes bicycle", ()),
    ("helmet casco caschi helm", ()),
    ("lock lucchetto schloss", ()),
    ("light luci luce licht lichter lampe lights", ()),
    ("pump pompa pumpe", ()),
    ("chain catena kette", ()),
    ("tyre tyres tire tires copertone copertoni reifen gomme gomma pneumatici", ()),
    ("tube schlauch", ()),
    ("puncture punctures foratura forature bucare buco platten reifenpanne", ()),
    ("seat seggiolino kindersitz", ()),
    ("child bambini bambino bimbi bimbo kinder figlia figlio tochter sohn kids kid", ()),
    ("frame telaio rahmen", ()),
    ("battery batteria akku", ()),
    ("motor motore", ()),
    ("service tagliando inspektion wartung", ()),
    ("repair riparazione riparazioni riparare reparatur reparieren", ()),
    ("workshop officina werkstatt", ()),
    ("rack portapacchi gepacktrager", ()),
    ("brake freno freni bremse bremsen", ()),
    ("shop negozio laden geschaft", ()),
]:
    TABLE.update(_group(_words, *_targets))

# Phrases read as one word before the words are looked up (folded text).
PHRASES: dict[str, str] = {
    "send something back": "return", "sending it back": "return", "sending back": "return", "sending them back": "return", "send it back": "return", "send them back": "return", "send back": "return",
    "bring back": "return", "give back": "return", "money back": "refund", "soldi indietro": "rimborso",
    "change my mind": "", "if i don t like it": "", "se non mi piace": "", "non mi piace": "",
    "gefallt mir nicht": "", "don t like it": "",
    "how much is": "price is", "how much are": "price are", "how much for": "price for", "how much does it cost": "price",
    "quanto costa": "prezzo", "quanto costano": "prezzo", "quanto viene": "prezzo", "quanto vengono": "prezzo",
    "wie viel kostet": "preis", "wieviel kostet": "preis", "was kostet": "preis",
    "da dove viene": "origine", "where is it from": "origin", "where does it come from": "origin", "woher kommt": "herkunft", "changed my mind": "", "ci ho ripensato": "", "anders uberlegt": "",
    "oggi stesso": "same today", "stesso giorno": "same day", "same day": "same day", "selben tag": "same day",
    "gleichen tag": "same day", "gluten free": "glutine", "senza glutine": "glutine",
    "cash on delivery": "contrassegno", "bis wann": "innerhalb", "how long do i have": "within",
    "gift card": "voucher", "gift voucher": "voucher", "buono regalo": "voucher", "buoni regalo": "voucher",
    "click and collect": "pickup", "ritiro in negozio": "pickup", "abholung im laden": "pickup",
    "camera d aria": "tube", "inner tube": "tube", "child seat": "seggiolino",
    "customer service": "servizio clienti", "servizio clienti": "servizio clienti", "micro sd": "microsd",
}
