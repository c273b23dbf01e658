"""Translation and synonym tables for the answerer, beyond the shared glossary
(core/safety/glossary.py): a customer's word (English, Italian or German, folded) -> the words a
document may use for it, in any of the three languages. A document's own words are looked up
in the same table when the pack is indexed, so an Italian document's "spediamo" is found by
"ship" and "versenden" alike. General shop language by trade (food, electronics, bicycles),
never a product of one pack; checked on dev questions only.
"""
from __future__ import annotations

import re


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
    ("claim claims reclamo reclami reklamation garantiefall garantieanspruch", ("warranty",)),
    ("within entro innerhalb until till", ()),
    ("late later spat spater tardi", ("within",)),
    ("ride ridden riding rode gefahren fahren pedalare pedalato", ("used",)),
    ("cancel annullare annullo annulla annullamento annullamenti annullati stornieren storniere storno stornierung "
     "cancellation cancelled cancellare", ()),
    ("change cambiare cambio modificare modifica modifiche andern anderung changed", ()),
    ("buy comprare compro comprano compra comprato comprati comprata bought kaufen kaufe gekauft purchase purchased "
     "acquisto acquistare acquistato", ()),
    ("elsewhere altrove anderswo woanders", ()),
    ("leave parte partono parta partire partito partita verlasst verlassen leaves dispatched rausgeht rausgehen", ()),
    ("same stesso stessa selben gleichen", ()),
    ("today oggi heute", ()),
    ("origin produce produces produced producer produttore producete prodotte hergestellt hersteller produziert "
     "makes provenienza herkunft", ("made",)),
    ("warehouse magazzino lager", ()),
    ("address indirizzo adresse lieferadresse", ()),
    ("delivered delivers delivering liefert geliefert verschickt verschicken mandare mandate mandarvi mandatemi sent", ("delivery", "ship")),
    ("return renderlo renderla rendere rimando rimandare rimandarvi rispedire riporto riportare riportarlo riportarla restituisco restituirlo restituirla restituire restituiti "
     "zuruckgeben zuruckschicken zurucksenden ruckgabe", ()),
    ("refund rimborso rimborsi rimborsate rimborsare rimborsarmi erstattung ruckerstattung erstattet riavere ridate ridarmi ridatemi", ()),
    ("damaged danneggiato danneggiata danneggiati rotto rotta kaputt beschadigt broken danno danni schaden schaeden "
     "sturzschaden sbriciolati spaccato spaccata spaccati spaccate graffiato graffiata scratched zerkratzt ammaccato ammaccata ammaccati dented verbeult cracked crack crepato crepata incrinato "
     "gesprungen gesprungenem rissig crushed smashed schiacciato schiacciata zerdruckt", ("faulty",)),
    ("water acqua wasser liquid liquido flussigkeit swim swimming schwimmen nuotare piscina pool rain pioggia regen "
     "shower doccia duschen dusche", ()),
    ("faulty difettoso difettosa difetto defekt fehlerhaft defective", ("damaged",)),
    ("warranty garanzia garantie gewahrleistung guarantee guaranteed guarantees garantito garantita garantiti garantiert", ()),
    ("labour labor manodopera arbeitslohn arbeitskosten", ("repair",)),
    ("vat iva mehrwertsteuer mwst ust", ("tax",)),
    ("courier corriere corrieri paketdienst kurier versanddienstleister carrier carriers couriers spediteur", ()),
    ("tracking tracciamento sendungsnummer sendungsverfolgung", ()),
    ("cash contanti bargeld", ()),
    ("contrassegno nachnahme cod", ("cash", "delivery")),
    ("payment pagamento pagamenti pagare pago zahlung zahlen bezahlen bezahlung zahlungsarten zahlungsart zahlungsmethoden", ()),
    ("card carta carte karte kreditkarte", ("credit", "payment")),
    ("paypal", ("payment",)),  # a way of paying named: where a refund goes is the "payment method"
    ("transfer bonifico uberweisung", ("bank",)),
    ("hours orari orario offnungszeiten", ()),
    ("closed chiuso chiusi chiusa chiusura geschlossen", ()),
    ("open aperto aperti aperta geoffnet offen", ("opened",)),
    ("opened aperto aperta aperti aperte apro apri aprire aprono apertura ausgepackt ausgepackte ausgepacktes ausgepackten "
     "unwrapped unboxed scartato scartata geoffnete geoffneter geoffnet geoffnetes offene offenen "
     "offnen anbruch angebrochen angebrochene", ()),
    ("phone telefono telefon telefonnummer anrufen telefonieren chiamare", ()),
    ("photo photos foto fotos bild bilder", ()),
    ("mail email", ()),
    ("free gratis gratuito gratuita gratuiti kostenlos", ()),
    ("gift regalo geschenk present presents dono", ()),
    ("voucher buono buoni gutschein giftcard", ()),
    # how long or for what a voucher or a code is valid ("vale anche per un tagliando?", "gilt er auch für ...?")
    ("validity valid valido valida validi validita vale valgono gultig gultigkeit", ()),
    # when a voucher or a code runs out ("do they expire?", "scadono?", "verfällt er?")
    ("expire expires expired expiry scade scadono scadenza scaduto verfallt verfallen ablaufdatum", ("validity",)),
    # what a voucher or a thing is worth ("what values do you do?", "che tagli ci sono?")
    ("values valore valori werte betrage", ("price",)),
    ("full voll volle vollen voller vollstandig vollstandige", ()),
    # the shop shut for a while ("chiudete ad agosto?", "Betriebsferien?", "closed for the holidays?")
    ("holidays ferie vacanze urlaub betriebsferien sommerpause", ("closed",)),
    ("chiudete chiudono chiudiamo chiude schliesst schliessen schliesst", ("closed",)),
    ("giftcard", ("voucher", "buono")),
    ("customs dogana dogane doganali dazi dazio zolle zollgebuhren einfuhr", ("duty", "import")),
    ("import importazione einfuhr", ()),
    ("fee fees commissione commissioni trattenuta trattenete trattenere trattengono gebuhr gebuhren abzug lose", ()),
    ("width larghezza largo larga breite breit wide", ()),
    ("widest wider largest breiteste breitesten breiter", ("width", "maximum")),
    ("big bigger grande grandi", ("dimension", "weight")),  # "how big is the piece": its measures and its weight
    ("student studenti studente studenten college university universita universitat uni hochschule", ()),
    ("adapter adattatore netzteil alimentatore stecker plug", ("charger",)),
    ("used usato usata usati benutzt gebraucht provato tried ausprobiert", ()),
    ("unused unbenutzt inutilizzato", ()),
    # still in its sealed pack: unopened ("ist noch vakuumverpackt", "ancora sottovuoto", "still sealed")
    ("vakuumverpackt eingeschweisst versiegelt sottovuoto sigillato sigillata sigillati sealed", ("unopened",)),
    ("new nuovo nuova nuovi neu neue", ()),
    ("size taglia taglie misura grosse rahmengrosse", ()),
    ("bag busta sacchetto borsa tasche tute pannier panniers", ()),
    ("life durata dura durano durare dauert dauer halt lasts", ("battery", "autonomia", "time")),
    ("capacity capacita kapazitat", ("battery",)),
    ("front davanti anteriore vorne vorderlicht", ()),
    ("rear dietro posteriore hinten rucklicht", ()),
    ("mount monta montare montaggio montato montati montate montata montiert montieren montage fissa fissare attach fitted installed eingebaut"
     " aggancia agganciare agganciarlo agganciarla attaccare festmachen befestigen befestigt anbringen", ()),
    ("single singola singolo singole singoli einzeln einzelne", ("pair",)),  # one or a pair: "una sola, non una coppia"
    ("pair pairs coppia coppie paar paarweise", ()),
    ("cover copre coperto coperti coperta deckt abgedeckt covered covers abdeckung copertura coperchio sportellino", ()),
    ("accidental cade caduto caduta fallen heruntergefallen runtergefallen hingefallen drop dropped", ()),
    ("device devices dispositivo dispositivi apparecchio gerat gerate", ("product",)),
    ("ovp", ("box", "original")),
    ("deep depth tief tiefe profondo profondita diving dive tauchen immersione", ("water",)),
    ("meter meters metre metres metro metri", ("m",)),
    ("watt watts", ("w",)),
    ("hub bridge", ()),
    ("boil boils boiling bollire bollo bollitura lessare", ("cooking",)),
    ("screen schermo display bildschirm", ()),
    ("box scatola verpackung packaging originalverpackung karton", ()),
    ("order ordinare ordino ordinate ordina ordinato ordinata ordinati ordered bestellen bestelle bestellt bestellte", ("placed",)),
    ("parcel pacco pacchi paket", ()),
    ("time ora orario uhrzeit uhr tempi", ()),
    ("tell melden segnalare avvisare avvisateci notify report", ("within",)),
    ("shipping sendung sendungen", ()),
    ("pasta spaghetti paccheri orecchiette tagliatelle fusilli penne rigatoni nudeln nudel", ()),
    ("travel travelling traveling viaggio viaggiare reise reisen", ()),
    ("carry carrying portare trasportare transportieren mitnehmen", ()),
    ("cheaper conviene gunstiger billiger", ("price",)),
    ("taste tasting assaggiare assaggio assaggi degustazione probieren verkostung sample", ()),
    ("together insieme zusammen combo", ("combined", "bundle")),
    ("range autonomia reichweite km weit far lontano", ()),
    ("charge carica ricarica ricaricare aufladen charging ladung akkuladung", ()),
    ("appointment appuntamento prenotare prenotazione prenoto book booking buchen termin", ()),
    ("city citta stadt", ()),
    ("afternoon pomeriggio nachmittag nachmittags", ("pm",)),
    ("morning mattina mattino stamattina vormittag vormittags morgens", ("am",)),
    ("evening sera abend abends", ("pm",)),
    ("arrive arrives arriva arrivano arrivato arrivati arrivata arrivate arrived came ankommt ankommen angekommen ankunft", ("receive", "delivery")),
    ("pickup ritiro ritirare ritirate ritirata abholung abholen collect collected", ()),
    ("keep hold tenete teniamo tiene aufbewahren", ("shelf", "life", "opened")),
    ("abroad estero ausland", ()),
    ("expense expenses spese spesa costi costo", ("price", "cost")),
    # the time a customer has for something ("return window", "Rückgabefrist")
    ("window frist period deadline", ("within",)),
    # the main part of a country, as a shipping table names it ("contiguous US", "Italia continentale")
    ("mainland continentale terraferma festland", ("contiguous",)),
    ("watch smartwatch orologio uhr smartuhr", ()),
    ("ios iphone ipad", ()),
    ("connect connection connessione verbindung verbinden collegare collegamento connectivity connects", ()),
    ("warm caldo calda tiepido tiepida lauwarm warme lukewarm heiss melted sciolto gonfio aufgeblaht swollen", ("damaged",)),
    ("spoiled verdorben scaduto abgelaufen expired", ("damaged",)),
    ("ruckversand rucksendekosten rucksendung", ("return", "shipping")),
    ("pay pays paid zahlt bezahlt paga pagano paghiamo", ("payment",)),
    ("when quando wann", ("within", "day", "time")),
    ("tempo", ("time", "delivery", "day", "within")),
    ("decide decides decided entscheidet entscheiden decide decidono decidere", ()),
    ("wrong falsch falsche falschen falscher sbagliato sbagliata sbagliati sbagliate", ()),
    ("receive received receiving receipt ricevuto ricevuta ricevere ricevimento ricezione bekommen erhalten erhalt eingang", ()),
    ("goods merce merci ware merchandise", ()),
    ("week weeks settimana settimane woche wochen", ("day",)),
    ("combined combine combinare kombinieren kombinierbar kombiniert cumulare cumulabili sommare sommabili stack stackable", ()),
    ("apply applied applicare applicato applicata applicate anwenden angewendet einlosen eingelost", ()),
    ("enter entered inserire inserito inserita eingeben einzugeben eingegeben eintragen type typed typing digitare digitato eintippen", ()),
    ("after dopo danach nachher nachtraglich afterwards later", ()),
    ("cheapest cheap economico economica gunstig billig", ("price",)),
    ("shelf scadenza scade verfallsdatum mhd haltbarkeitsdatum", ("life",)),
    ("ingredient contiene contengono enthalt enthalten contain contains drin dentro", ("allergen",)),
    ("celery sedano sellerie", ()),
    ("glass vetro glas", ()),
    ("backlight beleuchtet illuminata retroilluminata hintergrundbeleuchtung retroilluminazione", ()),
    ("video risoluzione auflosung resolution", ()),
    ("microsd scheda speicherkarte speicherkartenslot", ()),
    ("work works funziona funzionano funktioniert laufen lauft", ()),
    ("dimension dimensioni grosse grossen abmessungen", ("size",)),
    ("commute commuting commuter pendolare pendolari pendeln pendler lavoro arbeit", ()),
    ("nut nuts nusse nuss noci nocciole", ()),
    ("first neukunden neukunde", ()),
    ("port ports anschluss anschlusse porte", ()),
    ("wireless kabellos drahtlos", ("qi", "bluetooth")),
    ("laptop portatile notebook", ()),
    ("memory memoria speicher", ("storage", "ram")),
    # sweat is what a water rating is measured against ("sweatproof for the gym", "Kopfhörer, die Schweiß abkönnen")
    ("sweat sweatproof sweaty sweating schweiss schweissfest schwitzen sudore sudare sudo", ("water",)),
    # how long a thing keeps ("fino a quando si conservano?", "wie lange sind sie haltbar?")
    ("conserve conserva conservano conservare conservarli conservarle conservarlo conservato conservata lagern lagert", ("shelf", "life")),
    # what a bottle or jar holds ("olive oil bottle size?", "quanti ml?")
    ("bottle bottles bottiglia bottiglie flasche flaschen", ("volume",)),
    ("perishable deperibile deperibili verderblich verderbliche verderblicher verderbliches", ()),
    # heating food ("il pesto lo devo scaldare?", "muss ich das Pesto erhitzen?")
    ("heat heated heating scaldare scaldarlo scaldarla scaldo scaldato riscaldare riscaldarlo erhitzen erhitze erwarmen aufwarmen", ("warm",)),
    ("litre litres liter liters litro litri", ("volume", "ml")),
    # -- general shop words of the three languages: selling, what is included, measures, stock ------------
    ("sell sold sells selling vendere vendiamo venduto venduta venduti vendute verkauft verkaufen", ()),
    ("include included includes including incluso inclusa inclusi incluse compreso compresa compresi comprese "
     "comprende comprendono inklusive inbegriffen incl inkl", ()),
    ("kg kilo kilos chilo chili kilogrammi kilogramm kilogram kilograms", ()),
    ("weight weigh weighs wiegt wiegen schwer pesante", ()),
    ("height altezza alto alta hoch hohe tall", ("dimension",)),
    ("colour color colours colors colore colori farbe farben", ()),
    ("instructions istruzioni anleitung bedienungsanleitung manual manuale", ()),
    ("month months mese mesi monat monate monaten", ()),
    ("minute minutes minuti minuten", ()),
    ("chilled cold cool gekuhlt kuhl kalt gekuehlt refrigerato refrigerata refrigerati freddo fredda isolato isolata "
     "isoliert isolierbox insulated thermal termico termica", ("insulated",)),
    ("fridge frigo frigorifero kuhlschrank refrigerator", ()),
    ("tomorrow domani morgen", ()),
    ("weekend wochenende", ("saturday", "sunday")),
    ("express fastest quickest schnellste veloce rapido rapida urgente asap", ()),
    ("wifi wlan", ()),
    ("quantity quantita menge mengen bulk ingrosso wholesale", ()),
    ("stock disponibile disponibili disponibilita verfugbar lieferbar available availability ausverkauft esaurito", ()),
    ("compatible compatibile compatibili kompatibel compatibility compatibilita", ()),
    # whether the law allows a product ("legal in Germany?", "im Straßenverkehr zugelassen?", "omologate")
    ("legal allowed permitted approved street-legal zugelassen zulassung erlaubt darf legale legali omologato omologata "
     "omologate omologati omologazione ammesso ammessa ammessi ammesse", ()),
    ("road roads street streets strada strade strasse strassen strassenverkehr verkehr", ()),
    # whether a part goes on the customer's own thing ("passt auf mein Rad?", "does it fit 26 inch wheels?")
    ("fit fits passt passen passend adatto adatta adatti adatte geeignet suitable", ("compatible", "compatibilita")),
    ("fach speed speeds velocita", ()),  # "11-fach", "11-speed", "11 velocità"
    ("postage versandkosten", ("shipping", "price")),
    ("age alter eta", ()),  # "für welches Alter?": "Età consigliata: 6-9 anni"
    ("impermeabilita wasserdichtigkeit waterproofing", ("water", "resistance")),  # a label: "Impermeabilità: IP64"
    # a head's size ("my head measures 59cm round": "circonferenza testa 54-58 cm")
    ("head testa kopf kopfumfang circumference circonferenza umfang", ("testa", "circonferenza")),
    ("bremsbelage bremsbelag bremsbelagen bremsklotze", ("pastiglie", "brake", "pads")),
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
    ("egg uova uovo eier ei eggs", ()),
    ("sweet sweets dolce dolci suss susses sussigkeiten", ()),
    ("garlic aglio knoblauch", ()), ("basil basilico basilikum", ()), ("salt sale salz", ()),
    ("sugar zucchero zucker", ()), ("milk latte milch lactose lattosio laktose", ()), ("butter burro", ()),
    ("honey miele honig", ()), ("flour farina mehl", ()), ("rice riso reis", ()), ("corn mais", ()),
    ("wheat grano frumento weizen", ()), ("onion cipolla zwiebel zwiebeln", ()), ("soy soia soja", ()),
    ("mustard senape senf", ()), ("pine pinoli pinienkerne", ()), ("oil olio ol", ()),
    ("harvest raccolto annata vendemmia ernte geerntet jahrgang", ()),
    ("year years anno anni jahr jahre", ()),
    ("tomato pomodoro tomaten", ()),
    ("sugo sauce sosse sossen salsa", ()),
    ("jar vasetto barattolo glas", ()),
    ("gram grams gramm grammi", ("g", "weight")),
    ("olive olives oliva olive oliven", ()),
    # -- electronics ------------------------------------------------------------------------------
    ("earbud cuffie kopfhorer ohrhorer earphones headphones auricolari", ()),
    ("charger caricatore caricabatterie ladegerat", ()),
    ("microphone microphones mic mike mikro mikros mikrofon mikrofone microfono microfoni", ()),
    ("lens linse objektiv obiettivo lente", ()),
    ("bright brightness hell heller helligkeit luminoso luminosa luminosita", ("lumens", "light")),
    ("socket fassung sockel attacco", ("base",)),  # a bulb's base ("E26 base")
    ("numpad tastierino ziffernblock nummernblock", ("numeric", "keypad")),
    # -- bicycles ---------------------------------------------------------------------------------
    ("bike bici bicicletta biciclette fahrrad fahrrader bikes bicycle", ()),
    ("wheel wheels ruota ruote rad rades rader", ()),
    ("centering centratura centrare centrata centrate zentrieren truing", ()),
    ("gear gears gange schaltung rapporti gruppo groupset schaltgruppe", ("cambio",)),
    ("pressure pressione druck", ("bar",)),
    ("removable rimovibile estraibile abnehmbar abnehmbaren abnehmbare", ()),
    ("rent noleggiamo noleggio noleggiate noleggiare mieten vermieten vermietet", ()),
    ("spare ricambio ricambi ersatz replacement", ()),
    ("basic base basis", ()),
    ("home domicilio zuhause casa", ()),
    ("helmet casco caschi helm", ()),
    ("lock lucchetto schloss", ()),
    ("light luci luce licht lichter lampe lights", ()),
    ("pump pompa pumpe", ()),
    ("chain catena kette", ()),
    ("tyre tyres tire tires copertone copertoni reifen gomme gomma pneumatici", ()),
    ("tube tubes schlauch schlauche fahrradschlauch camera camere", ()),  # the document's "camera d'aria" too
    ("puncture punctures foratura forature bucare buco platten reifenpanne flat flats", ()),
    ("seat seggiolino kindersitz", ()),
    ("child bambini bambino bimbi bimbo kinder figlia figlio tochter sohn kids kid", ()),
    ("frame telaio telai rahmen", ()),
    ("carbon carbonio karbon", ()),
    ("aluminium aluminum alluminio alu", ()),
    ("battery batteria akku", ()),
    ("motor motore", ()),
    ("service tagliando inspektion wartung", ()),
    ("repair riparazione riparazioni riparare reparatur reparieren fix fixing aggiustare sistemare", ()),
    ("maximum max massimo massima maximal hochstens hochstgewicht", ()),
    ("rechargeable ricaricabile ricaricabili aufladbar wiederaufladbar akkubetrieben", ("charge",)),
    ("workshop officina werkstatt", ()),
    ("rack portapacchi gepacktrager", ()),
    ("brake freno freni bremse bremsen", ()),
    ("shop negozio laden geschaft", ()),
]:
    TABLE.update(_group(_words, *_targets))
# German "Porto" is postage; Italian "porto" is "I bring": both readings
TABLE["porto"] = ("postage", "shipping", "carry", "portare")

# Phrases read as one word before the words are looked up (folded text).
PHRASES: dict[str, str] = {
    "send something back": "return", "sending it back": "return", "sending back": "return", "sending them back": "return", "send it back": "return", "send them back": "return", "send back": "return",
    "ship it back": "return", "ship them back": "return", "ship back": "return", "shipping it back": "return",
    "post it back": "return", "mail it back": "return",
    "bring back": "return", "give back": "return", "money back": "refund", "get the money": "refund", "get my money": "refund", "the money go": "refund", "my money go": "refund",
    "store credit": "voucher", "gutschrift": "gutschein", "soldi indietro": "rimborso",
    # the whole price back ("would I get the full amount back?", "mi ridate tutto?", "bekomme ich alles zurück?")
    # bought somewhere else ("una catena presa da un altro sito", "got it off amazon", "woanders gekauft")
    "da un altro sito": "altrove", "su un altro sito": "altrove", "da un altro negozio": "altrove", "su amazon": "altrove",
    "off amazon": "elsewhere", "on amazon": "elsewhere", "another shop": "elsewhere", "another store": "elsewhere",
    "another website": "elsewhere", "bei amazon": "woanders", "anderen shop": "woanders", "anderswo gekauft": "woanders",
    "out of the box": "opened", "out of its box": "opened", "out of the packaging": "opened", "aus der verpackung": "ausgepackt",
    "tolto dalla confezione": "aperto", "tolta dalla confezione": "aperta", "tolto dalla scatola": "aperto", "tolta dalla scatola": "aperta",
        "full amount back": "full refund", "whole amount back": "full refund", "amount back": "refund", "everything back": "full refund",
    "mi ridate tutto": "rimborso", "ridate tutto": "rimborso", "tutti i soldi": "rimborso",
    "alles zuruck": "volle erstattung", "den vollen betrag": "volle erstattung",
    "non aperta": "unopened", "non aperto": "unopened", "non aperti": "unopened", "non aperte": "unopened",
    "not opened": "unopened", "mai usato": "unused", "mai usata": "unused", "never used": "unused",
    "not used": "unused", "nie benutzt": "unused", "nicht benutzt": "unused", "non usato": "unused", "non usata": "unused", "nicht geoffnet": "unopened", "nicht geoffnete": "unopened", "never opened": "unopened",
    "change my mind": "", "if i don t like it": "", "se non mi piace": "", "non mi piace": "",
    "gefallt mir nicht": "", "don t like it": "",
    "how much is": "price is", "how much are": "price are", "how much for": "price for", "how much does it cost": "price",
    # "how much to ship the bike to milan?": the price of sending it, not an amount
    "how much to ship": "price to ship", "how much to send": "price to send", "how much to deliver": "price to deliver",
    "quanto costa": "prezzo", "quanto costano": "prezzo", "quanto viene": "prezzo", "quanto vengono": "prezzo",
    "wie viel kostet": "preis", "wieviel kostet": "preis", "was kostet": "preis",
    "da dove viene": "origine", "da dove vengono": "origine", "where is it from": "origin", "where does it come from": "origin", "woher kommt": "herkunft", "come from": "origin", "comes from": "origin", "coming from": "origin", "made in": "origin",
    "kommt aus": "herkunft", "da dove": "origine", "woher": "herkunft", "kommen aus": "herkunft", "prodotto in": "origine", "prodotti in": "origine", "changed my mind": "", "ci ho ripensato": "", "anders uberlegt": "",
    "oggi stesso": "same today", "stesso giorno": "same day", "same day": "same day", "selben tag": "same day",
    "gleichen tag": "same day", "gluten free": "glutine", "senza glutine": "glutine",
    "cosa c e nella confezione": "box", "cosa c e nella scatola": "box", "nella confezione": "box",
    "what s in the box": "box", "what is in the box": "box", "what comes in the box": "box",
    "was ist in der packung": "box", "was ist im karton": "box", "in der packung": "box", "lieferumfang": "box",
    "cash on delivery": "contrassegno", "pay on delivery": "contrassegno", "pagare alla consegna": "contrassegno",
    "pago alla consegna": "contrassegno", "bezahlen bei lieferung": "nachnahme", "zahlen bei lieferung": "nachnahme",
    "bei lieferung bezahlen": "nachnahme", "bei lieferung zahlen": "nachnahme", "bis wann": "innerhalb", "wie schnell": "innerhalb", "how fast": "within", "how quickly": "within",
    "how soon": "within", "west coast time": "pacific time", "west coast": "pacific", "ora del pacifico": "pacific time",
    "buy a lot": "quantity", "order a lot": "quantity", "buy lots": "quantity",
    "viel bestelle": "menge", "viel bestellen": "menge", "viel kaufe": "menge", "viel kaufen": "menge",
    "compro tanta": "quantita", "compra tanta": "quantita", "ordino tanta": "quantita", "passo a prenderla": "ritiro", "passo a prenderlo": "ritiro", "passare a prendere": "ritiro",
    "passo a prendere": "ritiro", "venite a prendere": "ritiro", "venire a prendere": "ritiro", "come and get": "pickup",
    "serve per la garanzia": "reclamo garanzia", "need for the warranty": "claim warranty",
    "need for a warranty claim": "claim warranty", "brauche ich fur die garantie": "reklamation garantie", "aprire una pratica": "reclamo", "pratica di garanzia": "reclamo garanzia",
    "open a claim": "claim", "make a claim": "claim", "file a claim": "claim", "cosa vi devo mandare": "reclamo",
    "cosa devo mandarvi": "reclamo", "what do i need to send": "claim", "what do you need from me": "claim",
    "was muss ich euch schicken": "reklamation", "was muss ich ihnen schicken": "reklamation", "was braucht ihr von mir": "reklamation", "mezzo kg": "500 g peso", "mezzo chilo": "500 g peso", "half a kilo": "500 g weight",
    "half a kg": "500 g weight", "halbes kilo": "500 g gewicht", "ein halbes kilo": "500 g gewicht", "customs fees": "customs", "customs fee": "customs",
    "customs charges": "customs", "import fees": "customs", "wall plug": "adapter", "power plug": "adapter",
    "come with": "included", "comes with": "included", "come with a": "included box", "comes with a": "included box",
    "come with any": "included box", "comes with any": "included box", "come with an": "included box", "ist dabei": "inklusive", "do you charge": "price", "you charge": "price", "will you charge": "price", "si paga qualcosa": "costo gratis", "costa qualcosa": "costo gratis", "kostet das was": "preis kostenlos",
    "kostet das etwas": "preis kostenlos", "kostet es was": "preis kostenlos", "does it cost anything": "cost free", "cost anything": "cost free", "go out": "leave", "goes out": "leave", "going out": "leave", "ship out": "leave", "ships out": "leave", "your work": "repair", "the repair": "repair", "vostro lavoro": "riparazione", "eure arbeit": "reparatur", "ihre arbeit": "reparatur", "dentro la scatola": "box", "dentro la confezione": "box", "a parte": "separately", "extra kaufen": "separately", "montare sulla": "adatto", "va bene per": "adatto", "vanno bene per": "adatto", "montare sul": "adatto", "montarlo sulla": "adatto", "montarlo sul": "adatto",
    "montarla sulla": "adatto", "montarla sul": "adatto", "mettere sulla": "adatto", "mettere sul": "adatto", "fit on": "fit", "put on my": "fit",
    "work with my": "fit", "an mein": "passt an mein", "an meinem": "passt an meinem", "auf mein": "passt auf mein", "auf meinem": "passt auf meinem", "ist das drin": "inklusive", "ist das schon drin": "inklusive", "schon drin": "inklusive", "mit drin": "inklusive", "im preis drin": "inklusive", "sind dabei": "inklusive", "mit dabei": "inklusive", "in quanto tempo": "entro", "quanto ci mettete": "entro", "quanto ci vuole": "entro", "how long do i have": "within",
    "frutta secca": "noci", "new customers": "first", "new customer": "first", "first time": "first", "zum ersten mal": "first", "das erste mal": "first",
    "per la prima volta": "first", "la prima volta": "first", "erste bestellung": "first",
    "contanti al corriere": "contrassegno", "pagare alla consegna": "contrassegno", "paga alla consegna": "contrassegno",
    "pay the courier": "contrassegno", "pay on delivery": "contrassegno", "pay cash on delivery": "contrassegno",
    "bar an der tur": "nachnahme", "bar bei lieferung": "nachnahme", "beim boten bezahlen": "nachnahme",
    "nuovo cliente": "first", "nuovi clienti": "first", "primo acquisto": "first", "senza fili": "wireless",
    # a gift card is a thing the shop sells or not, not a discount: read as "giftcard", no kind word
    "gift cards": "giftcard", "gift vouchers": "giftcard", "gift card": "giftcard", "gift voucher": "giftcard",
    "buono regalo": "giftcard", "buoni regalo": "giftcard", "carta regalo": "giftcard", "geschenkgutschein": "giftcard",
    "geschenkgutscheine": "giftcard", "geschenkkarte": "giftcard", "on top": "",
    "click and collect": "pickup", "pick up": "pickup", "pick it up": "pickup", "pick them up": "pickup",
    "picking up": "pickup", "abholen kann": "abholen", "ritiro in negozio": "pickup", "abholung im laden": "pickup",
    "camera d aria": "tube", "inner tube": "tube", "child seat": "seggiolino",
    "fine settimana": "weekend", "al posto degli": "sbagliato", "al posto dei": "sbagliato", "al posto del": "sbagliato",
    "al posto della": "sbagliato", "instead of the": "wrong", "anstatt": "falsch", "statt der": "falsch", "statt den": "falsch", "senza cavo": "wireless", "senza cavi": "wireless", "ohne kabel": "wireless",
    "cordless": "wireless", "geld zuruck": "erstattung", "geld wieder": "erstattung", "mein geld": "erstattung", "nie gefahren": "unused", "never ridden": "unused", "mai usata su strada": "unused", "paid back": "refund", "pay me back": "refund", "cambio idea": "", "cambiato idea": "",
    "meinung andere": "", "meinung geandert": "", "meine meinung": "", "ridarmi i soldi": "rimborso", "ridate i soldi": "rimborso", "ridare i soldi": "rimborso",
    "ride to work": "commute", "cycle to work": "commute", "bike to work": "commute", "zur arbeit": "commute",
    "al lavoro": "commute", "spese di spedizione": "postage", "costi di spedizione": "postage",
    "paket mit": "bundle", "pakete mit": "bundle", "package with": "bundle", "pack with": "bundle",
    "con chi": "corriere", "with whom": "courier", "mit wem": "kurier", "which courier": "courier", "which carrier": "carrier",
    "customer service": "servizio clienti", "servizio clienti": "servizio clienti", "micro sd": "microsd",
}

# A return for no fault of the goods ("I changed my mind", "non mi serve più"): one word the answerer
# reads (it stands for no document word), so the rules for damaged or wrong goods are not its answer.
MIND_CHANGE = "mindchange"
TABLE[MIND_CHANGE] = ()
for _phrase in ("change my mind", "changed my mind", "if i don t like it", "don t like it", "se non mi piace", "non mi piace",
                "gefallt mir nicht", "ci ho ripensato", "anders uberlegt", "cambio idea", "cambiato idea", "meinung andere",
                "meinung geandert", "meine meinung", "non mi convince", "non mi serve", "don t need it", "no longer need",
                "brauche ich nicht", "brauche es nicht", "brauche sie nicht", "doesn t fit", "non mi sta", "passt nicht"):
    PHRASES[_phrase] = MIND_CHANGE

# A customer who has ordered before ("not my first order"): the first order's code is not theirs.
RETURNING = "regularbuyer"
TABLE[RETURNING] = ()
for _phrase in ("not my first order", "not the first order", "not my first time", "not the first time", "ordered before",
                "ordered from you before", "already ordered", "non e il mio primo ordine", "non e il primo ordine",
                "non e la prima volta", "ho gia ordinato", "ho gia comprato", "nicht meine erste bestellung",
                "nicht die erste bestellung", "nicht das erste mal", "schon mal bestellt", "schon einmal bestellt",
                "schon bestellt", "bereits bestellt"):
    PHRASES[_phrase] = RETURNING

# "Who pays (the return)?": the words a rule uses to say who pays, not the payment methods.
WHO_PAYS = "whopays"
TABLE[WHO_PAYS] = ("pay", "customer", "cliente", "carico", "paghiamo", "recipient", "destinatario", "kunde", "empfanger",
                   "trattenuti", "deducted")
for _phrase in ("who pays", "who will pay", "who has to pay", "who covers", "wer zahlt", "wer bezahlt", "wer tragt", "wer ubernimmt",
                "chi paga", "chi le paga", "chi la paga", "chi lo paga", "chi li paga", "a carico di chi"):
    PHRASES[_phrase] = WHO_PAYS

# The circumstances above, found in a whole message (folded, as a question is read) to hold for each
# of its questions.
CIRCUMSTANCES = {
    token: re.compile(r"\b(?:" + "|".join(re.escape(p) for p, t in PHRASES.items() if t == token) + r")\b")
    for token in (MIND_CHANGE, RETURNING)
}
# A first order, said in any sentence of a message ("ich bestelle zum ersten Mal bei euch. Gutscheincode?").
FIRST_ORDER = re.compile(r"\b(?:" + "|".join(re.escape(p) for p, t in PHRASES.items() if t == "first")
                         + r"|first order|primo ordine|erste bestellung|ersten bestellung)\b")
