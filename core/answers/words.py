"""A text's words as the answerer compares them: folded (case, accents), lightly stemmed, with
the function words of English, Italian and German dropped and chat spellings read as words."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r"[a-z0-9]+")

# Function words and the filler of chat messages ("hey guys pls tell me"): they say nothing
# about what is asked, so an unknown one must not make the answerer abstain.
STOP = frozenset(
    "a an the and or of to in on for with is are do does did how what which who whom whose why when much many you "
    "your i my me it its this that these those can could would will there be have has had at by from as any some "
    "please tell about also if so than then get got am was were been being our us we they them just still "
    "hi hello hey hallo ciao buongiorno salve guys thanks thank thx pls plz know want wanted need like wondering "
    "question quick ok okay yes no not dont doesnt cant im ive id whats wheres hows isnt arent there here one "
    "should shall might may really actually btw hmm um well sure kindly maybe possible able let lets "
    "il lo la i gli le di da del della dei delle dello degli con su per tra fra un una uno che e ed o ma mi ti ci "
    "si ne quale quali come cosa sono avete ho ha hai posso puoi potete servono vorrei al alla allo ai agli "
    "nel nella nei sul sulla anche non se ancora gia sapere volevo chiedere grazie mio mia miei tuo tua vostro "
    "vostra voi noi io tu lui lei e c gentilmente qualcosa questo questa quello quella quanto quanta quanti "
    "quante qual dove quando perche voglio sia fate fa fanno va vi".split()
).union(
    "der die das den dem des ein eine einen einem einer und oder ist sind ich du sie wir ihr mir mich es zu von "
    "mit fur wie was welche welcher welches welchen habe hat haben kann konnen ab bei nach gilt bitte auch noch "
    "mal gibt es euch ihnen ihr ihre ihren mein meine meinen meiner wo wann warum danke gerne hallo moin "
    "frage fragen wissen mochte mochten wurde wurden nicht kein keine man so schon denn doch ja nein "
    "wieviel viel viele dieser diese dieses eigentlich".split()
)

# Common verbs and fillers of the three languages: they carry no topic of their own.
STOP = STOP | frozenset(
    "something anything everything thing things stuff gets getting go going goes make makes making doing done "
    "having see look looking find give say said think try ask help mean right good great nice more most other else "
    "again ever even already yet soon now always often every each either own via into onto over under up down out "
    "guess wonder wondered curious hear heard mine someone somebody anyone way lot lots little bit kind sort "
    "fare faccio fai facciamo fanno fatto fatta siete era avere abbiamo hanno avuto potere puo possiamo possono "
    "dovere devo devi deve dobbiamo dovete devono volere vuoi vuole vorremmo sai sa sapete dite dice detto "
    "andare vado venire stare sto sta mettere mettete mette qualche qualcuno niente nulla molto poco piu meno "
    "sempre mai proprio bene scusate scusa allora quindi pero cioe tipo magari forse ecc etc cosi dell nell "
    "sull dall coi col perché cosa chi ciò cio ecco serve servono bisogna "
    "machen mache macht gemacht sein bin bist war waren werden wird kannst konnt mussen muss musst musst sollen "
    "soll sollte durfen darf wollen will willst mogen gehen geht sagen sagt geben etwas alles nichts jemand halt "
    "eben gern vielleicht ungefahr etwa ganz mehr weniger oft jetzt hier dort da dann also aber sondern weil "
    "wenn falls ob dass brauche brauchen braucht alle agli dalle sulle nelle dagli sugli negli "
    "eure euer eurem euren eurer unsere unserer unseren sachen sache cose roba beim vom ins wohne wohnen abito vivo live living "
    "policy policies politica richtlinie richtlinien bedingungen conditions take takes took taking nehmen prendere "
    "moglich possibile possible "
    "difference differenza unterschied between zwischen compare confronto vergleich "
    "too welchem welcher welches welchen kommt kommen komme komm kommst kam yesterday ieri gestern "
    "pack packs paio volte volta giro quello quella quelli thinking "
    "packung confezione package packet pezzo stuck bucks dollars dollar euro euros ve ce gli "
    "use usate usiamo usa usare uses using verwenden verwendet verwendest benutzen benutzt nutzen".split()
)

# The rest of the three languages' function words (pronouns, articulated prepositions, auxiliaries,
# conjunctions, greetings and chat fillers): general grammar, not any pack's or question's words.
# A customer's "auf", "poi" or "theyre" the pack does not use must not read as a topic it lacks.
# ("ware"/"waren" stay out: German "Ware" is goods.)
STOP = STOP | frozenset(
    "he him his she her hers they their theirs its ours yours myself yourself himself herself itself ourselves "
    "themselves yourselves but because cause since while though although whether where wherever whatever whichever "
    "whoever once very quite rather pretty totally literally basically anyway anyways anymore however therefore thus "
    "theyre youre werent wasnt hasnt hadnt havent wont wouldnt couldnt shouldnt didnt aint ill youll gonna wanna gotta "
    "lol haha oh ah eh ugh wow omg dear sorry cheers regards hiya yo yeah yep nope "
    "happen happens happened happening came come comes coming bring brings brought put puts "
    "lui lei loro suo sua suoi sue nostro nostra nostri nostre vostri vostre tuoi tue mie me te sé "
    "dello degli dei delle allo ai dal dallo dalla dai dagli dalle nello negli sullo sui sugli col coi "
    "fino poi tanto tanta tanti tante tutto tutta tutti tutte invece ogni adesso comunque oppure anzi mentre percio "
    "dunque qui qua ehi buonasera buondi mille prego favore cortesia gentile gentili "
    "dire dici dimmi ditemi spiegare spiegarmi dov com quest quell anch tutt qualcun nessun nessuno nessuna "
    "essere siamo sara sarebbe sarei stato stata abbia abbiano avrei avremmo avevo aveva "
    "cui stai stiamo stanno vai andiamo fatemi fammi succede succedere capito capire "
    "auf bis uber vor als wer wem wen hab habt hast seid ihn ihm damit dafur dazu davon darauf daran daruber darum "
    "wieder einfach nen ne zum zur im um an aus durch unter neben seit wahrend wegen trotz deren dessen sich uns unser "
    "unsere unseres unserem seine seinen seiner seinem seines ihrem ihres dein deine deinen deiner deinem meinem meines "
    "diesem diesen jene jener jeder jede jedes jeden jedem sehr bereits gerade immer bzw usw "
    "servus leute vielen dank lieber liebe grusse gruss mfg freundliche freundlichen na ach hm gibts hatte hatten "
    "hattest konnte konnten wurdest ist bin warst sorte sorten decent various different verschieden verschiedene "
    "verschiedenen diversi diverse vari varie preso presa presi prendo prendi prende prenderla prenderlo passare ago ad od verso nie niemals never forgot forget dimenticato dimenticata "
    "scordato scordata vergessen moment momento momentan currently attualmente derzeit "
    "kriege krieg kriegt kriegen packungen confezioni "
    # the people a customer buys for or speaks of: whom it is for, not what is asked
    "mum mom mother mama mamma madre mutter mutti dad father papa padre vater sister sorella schwester brother "
    "fratello bruder friend friends amico amica amici freund freundin wife moglie frau husband marito boyfriend "
    "girlfriend fidanzato fidanzata parents genitori eltern grandma nonna oma grandpa nonno opa aunt zia tante "
    "uncle zio onkel boss "
    # how often something happens, said in passing ("how long does it usually take")
    "usually normally typically generally usualmente solitamente normalmente generalmente normalerweise meistens "
    "gewohnlich short version summary overview breve riassunto kurz kurzfassung zusammenfassung usual hit fine real actual actually inside somewhere through tried "
    "dentro fuori sopra punto son li po ca vogliono cerco cercavo lascio lasciare meglio basta vedo esattamente tranquillo "
    "tranquilla strano aver vicino "
    "lassen bleibt ganze ganzen keinen keiner gegen gut endlich raus letztes letzte furs "
    "er brauch direkt riesce riesco riescono tira tirare hypothetically hypothetical ipoteticamente theoretically teoricamente theoretisch "
    "volessi volesse volessimo vorrebbe wollte wurdet".split()
)

# Chat spellings and common typos, read as what they stand for before anything else.
CHAT = {
    "ur": "your", "u": "you", "r": "are", "pls": "please", "plz": "please", "thx": "thanks", "wheres": "where is",
    "whats": "what is", "hows": "how is", "whens": "when is", "im": "i am", "cn": "can", "wat": "what",
    "adress": "address", "shiping": "shipping", "shippin": "shipping", "delivry": "delivery", "pyment": "payment",
    "paymnet": "payment", "refnd": "refund", "retrun": "return", "retun": "return",
    "spedizzione": "spedizione", "perche": "perche", "xke": "perche", "cmq": "comunque", "nn": "non",
    "qnt": "quanto", "qlc": "qualche",
}


@lru_cache(maxsize=8192)  # the pack's lines are folded again for every question: once is enough
def fold(text: str) -> str:
    """Lower case without accents ("Öl" -> "ol", "è" -> "e"); ß reads as ss."""
    if text.isascii():
        return text.casefold()  # nothing to decompose: most customers' messages
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ß", "ss")


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """English plural and -ing / -ed endings, enough for "ships" / "shipping" / "ship"."""
    if word.endswith("able") and len(word) > 7:
        return word[:-4]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] != "s":
                word = word[:-1]
            return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def raw_words(text: str) -> list[str]:
    """The folded words of a text, chat spellings expanded ("wheres" -> "where", "is") and numbers
    written as words read as figures ("dieci giorni" -> "10 giorni")."""
    found = []
    for word in WORD.findall(fold(text).replace("'", " ")):
        found += CHAT.get(word, NUMBERS.get(word, word)).split()
    return found


# Numbers written as words in the three languages ("sei", "acht", "one" stay words: "you are", "eight"/"attention", "a").
NUMBERS = {w: str(n) for n, words in enumerate([
    "", "", "two zwei due", "three drei tre", "four vier quattro", "five funf cinque", "six sechs",
    "seven sieben sette", "eight otto", "nine neun nove", "ten zehn dieci", "eleven elf undici", "twelve zwolf dodici",
]) for w in words.split()}


def terms(text: str) -> set[str]:
    """The stemmed content words of a document passage."""
    return {stem(w) for w in WORD.findall(fold(text)) if w not in STOP}


def is_number(word: str) -> bool:
    return word.isdigit()
