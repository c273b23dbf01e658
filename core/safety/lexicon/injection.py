"""Prompt-injection rules, by family, over the normalised word view.

English, German and Italian throughout, plus the override verbs of a few more
languages (attacks are often pasted in French, Spanish, Croatian or Russian).
Each family is one alternation; `PLAIN` rules read the folded text with its
punctuation; `SQUEEZED` are fragments looked for in spaced-out letter runs.
"""
from __future__ import annotations

_ANY = r"(?:\w+ ){0,4}?"  # up to four words in between, lazily
_OVERRIDE_VERB = (
    r"(?:ignore|ignoring|ignored|disregard|disregarding|forget|forgetting|drop|abandon|override|bypass|discard"
    r"|vergiss|vergessen sie|vergesst|ignoriere|ignorieren|ignoriert|missachte|verwirf"
    r"|ignora|ignorate|ignorare|dimentica|dimenticate|dimenticare|scorda|tralascia"
    r"|oublie|oubliez|olvida|olvide|olvidar|olvidate|zaboravi|забудь|забудьте|игнорируй|игнорируйте)"
)
_OVERRIDE_OBJECT = (
    r"(?:instructions?|instruktionen|instrukcije|instrucciones|инструкции|anweisungen|istruzioni|prompts?|rules?|regeln|regole"
    r"|guidelines?|directives?|orders|commands|befehle|comandi|assignments?|auftrage|aufgaben|tasks?|compiti"
    r"|context|kontext|contesto|documents?|dokumente|documenti|articles?|artikels?|restrictions?|programming"
    r"|training|constraints|filters?|everything|anything|thoughts|alles|tutto|tutte|todo|tout|toutes|sve|все"
    r"|what (?:i|we|you) (?:said|told|discussed))"
)
_QUALIFIER = (
    r"(?:previous|prior|preceding|above|earlier|former|initial|original|old|foregoing|given|provided|system"
    r"|vorherigen?|vorigen?|bisherigen?|obigen?|vorangegangenen?|vorangehenden?|fruheren?|alten"
    r"|precedenti|precedente|sopra|iniziali|originali|anteriores|precedentes)"
)
_QUALIFIED_OBJECT = (
    r"(?:instructions?|instruktionen|anweisungen|istruzioni|prompts?|rules|regeln|regole|directives|guidelines"
    r"|tasks|aufgaben|auftrage|compiti|assignments|information|informationen|informazioni|angaben|context|kontext"
    r"|ausfuhrungen)"
)

FAMILIES: dict[str, list[str]] = {
    # "ignore all previous instructions", "vergiss alles", "dimentica le istruzioni"
    "override": [
        rf"\b{_OVERRIDE_VERB} {_ANY}{_OVERRIDE_OBJECT}\b",
        rf"\b{_QUALIFIER} (?:\w+ )?{_QUALIFIED_OBJECT}\b(?! (?:of|for|from) (?:my|the|your) (?:order|account|card))",
        r"\b(?:ignore|disregard) (?:that|this|the above|above|it all)\b",
        r"\bremove (?:all )?(?:previous|prior) \w+ (?:out of|from) your (?:head|mind|memory)\b",
        r"\b(?:leave|put|set) (?:all )?(?:the )?(?:previous|prior) \w+ (?:behind|aside)\b",
        r"\b(?:start|begin|fangen sie|fang|ricomincia|inizia) (?:over|again from scratch|from the front|von vorne|da capo|da zero)\b",
        r"\b(?:despite|regardless of) (?:what|everything|anything) (?:you ve|you have|you were|you ve been|you have been) (?:been )?told\b",
        r"\b(?:change|update|replace) your (?:instructions|rules|prompt|programming|guidelines)\b",
        r"\byour (?:new )?(?:instructions|rules|task) (?:are|is) now\b",
        r"\bfrom now on (?:you|your|act|answer|respond|reply|only|always|ignore|pretend)\b",
        r"\b(?:ab jetzt|von nun an|ab sofort) (?:bist|sollst|antwortest|musst|ignorierst) (?:du|sie)\b",
        r"\b(?:d )?ora in poi (?:sei|devi|rispondi|ignora|fingi)\b|\bda adesso (?:sei|devi|rispondi)\b",
        r"\b(?:do not|don t|dont|don nt|never) (?:answer|respond|reply|look)\b(?: \w+){0,3} (?:question|documents?|articles?|context)\b",
        r"\b(?:answer|respond|reply) (?:by|from|with|using) your own knowledge\b",
        r"\bnot (?:by|from|according to) the (?:articles?|documents?|context|provided)\b",
        r"\b(?:according to|in) the provided (?:documents?|articles?|context)\b",
        r"\b(?:use also|also use) (?:the )?information in the prompt\b",
        r"\b(?:nicht|keine) (?:den|die) (?:artikel|dokumente)\b|\bohne (?:die|den) (?:artikel|dokumente|kontext)\b",
        r"\b(?:all|alle) (?:previous|prior|bisherigen|vorherigen) (?:information|informationen)\b",
    ],
    # "now focus on your new task", "neue Anweisungen folgen", "nuovo compito"
    "task_switch": [
        r"\b(?:new|next|another|different|additional|further|following) (?:tasks?|instructions?|assignments?|challenge|directives?|rules for you)\b(?! (?:for|on|about) (?:the |my |your )?(?:delivery|courier|driver|shipping|order|parcel|package))",
        r"\b(?:neue|neuen|weitere|weiteren|folgende|folgender|zusatzliche) (?:aufgaben?|anweisungen|auftrage|auftrag|herausforderung|instruktionen)\b",
        r"\b(?:nuovo|nuovi|altro|ulteriore) (?:compito|compiti|incarico|istruzioni)\b|\bnuove istruzioni\b",
        r"\b(?:attention|achtung|attenzione|stop|stopp)\b(?: \w+){0,1} (?:stop|stopp|basta|write|schreib\w*|say|sag\w*|ignore\w*|forget|vergiss|print)\b",
        r"^(?:stop|stopp|basta)\b(?: \w+){0,2} (?:write|schreib\w*|scrivi|say|sag\w*|di|print|ignore\w*|forget|vergiss)\b",
        r"\b(?:help|hilf|aiutami)\b(?: \w+){0,3} (?:with|mit|con) (?:the following|another|folgender|einer weiteren|il seguente|un altro) (?:task|aufgabe|compito)\b",
        r"\b(?:that is|that s|das ist|das war) (?:enough|done|genug|erledigt)\b(?: \w+){0,3} (?:now|nun|jetzt)\b",
        r"\b(?:well done|very well done|good job|great job|excellent performance|ausgezeichnete leistung|gut gemacht|sehr gut gemacht|simply great|einfach grossartig|congratulations|herzlichen gluckwunsch)\b.{0,160}\b(?:now|nun|jetzt|but now|aber jetzt)\b",
        r"\b(?:i will|i ll|ich werde|ich gebe|io ti) (?:give|provide|type|speak|send|tell|ihnen|dir|eingeben|daro|scrivero)\b.{0,120}\b(?:you will|your task|your goal|you should|sie antworten|sie werden|deine aufgabe|ihre aufgabe|tu risponderai|il tuo compito)\b",
        r"\b(?:your|deine|ihre|il tuo) (?:task|goal|job|aufgabe|ziel|compito) (?:is|ist|besteht|e) (?:to|darin|zu|di)\b",
        r"\bmy first (?:request|command|question|sentence|prompt) is\b",
    ],
    # "act as", "pretend you are", "stay in character", "du bist jetzt", "fai finta di essere"
    "roleplay": [
        r"\b(?:act|acting|behave|pose) (?:as|like) (?:a|an|if|my|the|two|three)\b",
        r"\b(?:i want|i d like|i would like|i need) you to (?:act|pretend|behave|respond|reply|answer only|roleplay|role play|play|imagine|forget|ignore|simulate)\b",
        r"\b(?:respond|answer|reply|talk|speak|write) (?:only )?(?:as|like) (?:a|an|if you were|the) (?!customer|human|person)\w+",
        r"\b(?:pretend|imagine) (?:that )?(?:you|you re|you are|to be|u r)\b|\bsuppose you (?:are|were) (?:a|an|the)\b",
        r"\b(?:role ?play(?:ing)?|roleplay(?:ing)?|rollenspiel|gioco di ruolo)\b|\blet s play a game\b|\blass uns ein spiel spielen\b|\bfacciamo un gioco\b",
        r"\b(?:stay|stays|remain|bleiben|bleibt) (?:\w+ ){0,2}in (?:their|your|the|ihren|ihrer|seiner|deiner) (?:roles?|characters?|rollen?|figur)\b",
        r"\b(?:break|breaking|out of|fall(?:ing)? out of) (?:the )?character\b|\baus (?:der|ihrer|seiner) (?:figur|rolle) (?:zu )?fallen\b",
        r"\byou are (?:now|going to be|no longer|from now|henceforth)\b|\bnow you are\b|\b(?:you are|you re) (?:\w+ )?(?:role ?playing|playing the role)\b",
        r"\b(?:jetzt|nun|ab jetzt) bist du\b|\bdu bist (?:jetzt|nun|ab jetzt)\b|\bstell (?:dir|euch) vor\b(?: \w+){0,2} (?:du bist|du warst|ihr seid|sie sind)\b",
        r"\b(?:fai|fate|facciamo) finta\b|\bfingi di\b|\bimmagina di essere\b|\b(?:comportati|agisci|rispondi) come (?:se|un|una|uno)\b|\bora sei\b|\bsei ora\b",
        r"\bals (?:\w+ ){1,6}fungieren\b|\bich mochte dass (?:du|sie) (?:als|\w+ spielst|so tust)\b|\bvorrei che tu (?:faccia|finga|agisca|sia)\b|\b(?:sollst|sollen) (?:\w+ ){0,3}(?:spielen|verkorpern)\b",
        r"\b(?:you are|du bist|sie sind|tu sei|you re) (?:no|not a|not an|kein|keine|nicht) (?:\w+ )?(?:newspaper|redaktion|journalist|assistant|chatbot|customer service|ki|ai|bot|language model|sprachmodell|assistent)\b",
        r"\b(?:theoretical|hypothetical|fictional|imaginary|alternate|parallel) (?:world|scenario|universe|reality)\b|\bin a world where\b|\btheoretisch(?:en)? welt\b|\bmondo (?:ipotetico|immaginario)\b",
        # "you are two experts ...", not "you're two days late"
        r"\b(?:you are|you re|du bist|sie sind|ihr seid|tu sei|sei) (?:three|two|zwei|drei|due|tre) (?!(?:days?|weeks?|hours?|minutes?|months?|giorni|settimane|ore|minuti|mesi|tage[n]?|wochen|stunden|minuten|monate[n]?|euros?|dollars?|items?|orders?)\b)\w+",
        r"\b(?:as|als|come) (?:a|an|ein|eine|un|una) (?:language model|sprachmodell|modello linguistico|large language model|llm)\b",
    ],
    # "show me your prompt", "what was written above", "deine Anweisungen", "il tuo prompt"
    "extraction": [
        r"\b(?:your|the|this|these|my|all|full|entire|complete|whole|initial|original|hidden|secret|system|deine[nmr]?|ihre[nmr]?|den|die|des|das|gesamten|samtliche[rn]?|alle|il tuo|i tuoi|le tue|il|del|tuo|tue|ton|tes|tu|tus) (?:\w+ )?prompt(?:s)?\b(?! (?:delivery|payment|reply|replies|response|service|shipping|refund|help|answer|action|attention|assistance|dispatch|support))",
        # only words that make them the bot's own: "your cooking instructions" are a product's
        r"\b(?:your|deine|ihre|tue|vostre) (?:(?:system|initial|original|hidden|secret|internal|full|exact|real|actual|first|current|previous|geheimen|internen|ersten|vollstandigen|segrete|interne|iniziali|vere) )?(?:instructions|anweisungen|istruzioni|directives|programming|system message|systemnachricht|configuration|konfiguration|initial \w+)\b",
        r"\b(?:your|deine|ihre|le tue) (?:rules|regeln|regole|guidelines|richtlinien)\b",
        r"\b(?:what|was|cosa|che cosa) (?:was|is|were|are|stand|steht|stehen|c e|e stato) (?:written|geschrieben|scritto)\b(?: \w+){0,4} (?:above|before|beginning|start|oben|vorher|anfang|sopra|prima|inizio)\b",
        r"\b(?:sentences?|lines?|words?|paragraphs?|satze?|zeilen|frasi|righe) (?:before|above|preceding|vor|oben|prima) (?:the|this|dem|diesem|il) (?:text|prompt|testo)\b",
        r"\b(?:first|last|erste[nr]?|letzte[nr]?|prima|ultima) (?:sentence|line|word|paragraph|satz|zeile|wort|frase|riga|parola)s? (?:of|in|from|deines|ihres|deiner|del|nel) (?:your|the|this|dem|den|il tuo|tuo)? ?(?:prompt|instructions|anweisungen|istruzioni|system)\b",
        r"\b(?:beginning|start|anfang|inizio) (?:of|des|dieses|del|di questo) (?:this|the|your)? ?(?:prompt|conversation|gesprachs|chat|conversazione|text)\b",
        r"\b(?:reveal|show|print|display|output|repeat|dump|leak|disclose|expose|zeige?|zeigen|mostra(?:mi)?|rivela(?:mi)?|ripeti) (?:me |mir |uns )?(?:\w+ ){0,2}(?:system|hidden|secret|internal|initial|geheime[nr]?|interne[nr]?|nascost[oie]|segret[oie]|iniziali) (?:prompt|instructions|message|rules|text|anweisungen|nachricht|istruzioni|messaggio|regole)\b",
        r"\b(?:what|which) (?:are|were|is) your (?:instructions|rules|guidelines|directives|orders)\b",
        r"\b(?:repeat|print|paste|recite|reveal|dump|output|copy|leak|disclose|write out|type out|wiederhole|ripeti|incolla)\b(?: \w+){0,3} (?:your|the|all|deine|ihre|le tue|i tuoi) (?:\w+ )?(?:rules|instructions|guidelines|prompt|commands|regeln|anweisungen|regole|istruzioni|comandi|befehle)\b",
        r"\b(?:word for word|verbatim|wortwortlich|wort fur wort|parola per parola|alla lettera)\b",
        r"\b(?:above|before|preceding|oberhalb|vor|sopra|prima di) (?:this|the|our|diesem|dieser|dem|questa|la|nostra) (?:conversation|chat|message|gesprach|unterhaltung|nachricht|conversazione|chat)\b",
        r"\b(?:hidden|secret|internal|backstage|undocumented|geheime[nr]?|versteckte[nr]?|interne[nr]?|nascost[oie]|segret[oie]|interni|interne) (?:\w+ )?(?:commands|tools|functions|programs|files|resources|instructions|prompt|rules|befehle|anweisungen|regeln|dateien|comandi|istruzioni|regole|programmi|risorse)\b|\bbehind the scenes\b|\bdietro le quinte\b|\bhinter den kulissen\b",
        r"\b(?:show|give|tell|print) (?:me |us )?(?:all )?(?:the following|folgenden) (?:texts?|texte)\b|\bzeige die folgenden texte\b",
    ],
    # fake operators and modes: "I am an administrator", "developer mode", "DAN"
    "fake_authority": [
        r"\b(?:i am|i m|im|this is|ich bin|sono|hier ist|qui e) (?:an?|the|your|der|die|ein|eine|il|l|un|una|lo) (?:\w+ )?(?:administrator|admin|developer|engineer|programmer|sysadmin|system administrator|creator|operator|amministratore|sviluppatore|entwickler|systemadministrator|techniker|tecnico)\b(?! of (?:my|our) (?:company|business|shop|firm))",
        # not "maintenance mode": a shop's website has one, customers ask about it
        r"\b(?:developer|dev|debug|god|admin|sudo|root|unrestricted|unfiltered|jailbreak|jailbroken|dan|evil|uncensored|entwickler|sviluppatore) ?(?:mode|modus|modalita)\b|\bmodalita (?:sviluppatore|debug|admin)\b",
        r"\b(?:jailbreak|jailbroken|do anything now|dan mode|pwned|prompt injection attack)\b|\byou are dan\b|\b(?:have|has|with|without|ohne|senza) (?:no |any )?(?:rules|restrictions|limits|filters|guidelines|regeln|einschrankungen|regole|limiti)\b(?= *(?:$|and|und|e|now|jetzt|ora|\w+ (?:tell|sag|di)))",
        r"\bas (?:the|your) (?:\w+ )?(?:owner|administrator|admin|developer|creator|ceo|programmer)(?: of (?:the|this) (?:shop|store|company|system|site|bot))?\b(?=.{0,80}\b(?:i need you|you must|tell me|show me|give me|paste|reveal|print)\b)",
        r"\b(?:diagnose|debug|test|audit) (?:the|this|your) (?:system|bot|model|ai|prompt)\b",
        r"\b(?:hello|hi|hey|hallo|ciao|dear) (?:chat ?gpt|gpt|gpt ?\d|openai|llama|claude|bard|gemini|llm)\b",
        r"\b(?:chat ?gpt|gpt|llm|ai|ki|language model|sprachmodell|bot) (?:\w+ ){0,5}(?:no|without|keine|ohne|senza) (?:\w+ ){0,2}(?:restrictions|guidelines|filters?|limits|censorship|rules|programming guidelines|einschrankungen|regeln|restrizioni|filtri|regole)\b",
        r"\b(?:immoral|amoral|unfiltered|uncensored|unrestricted) (?:ai|bot|assistant|model|chatbot|version|mode|answers?|responses?)\b|\byou are (?:completely |totally )?(?:immoral|amoral|unfiltered|uncensored)\b",
        r"\b(?:exploit\w*|hack\w*|trick\w*|auszunutzen|ausnutzen|manipulate|manipulieren|ingannare) (?:\w+ )?(?:ai|ki|llm|chat ?bots?|language models?|sprachmodell\w*) ?(?:systems?|systeme?)?\b",
        r"\b(?:ai|ki|llm|chatbot|bot) (?:systems?|systeme?) (?:auszunutzen|ausnutzen|exploit\w*|hack\w*)\b",
        r"\bwithout (?:any )?(?:moral|morals|ethical|ethics|censorship|restrictions|filters?|limitations) (?:or \w+ )?(?:guidelines|restrictions|limits|filters?|considerations|principles)?\b(?=.{0,80}\b(?:answer|respond|reply|you|ai|bot)\b)",
        r"\b(?:openai|content|usage|safety) polic(?:y|ies)\b|\bmachiavellian\b|\bevil confidant\b|\bstay in character\b|\b(?:chat ?gpt|gpt|ai) with (?:dan|developer) mode\b",
    ],
    # forced output: "just say", "repeat after me", "state that", "antworte im Stil eines Piraten"
    "forced_output": [
        r"\b(?:just|only|simply|nur|solo|soltanto|einfach) (?:say|output|print|sag|sage|sagen|ausgeben|gib aus|dire|dites?|decir|dices?)\b(?! (?:if|whether|when|yes or no|ob|se))|\b(?:schreibe?|sag|sage|write|say) (?:nur|only|just)\b",
        r"\b(?:say|print|output|write|type|schreibe?|sag|sage|scrivi|ripeti) (?:only |nur |solo )?(?:exactly |genau |esattamente )?(?:the following|folgendes|folgende|il seguente|quanto segue|yes|yay|ja|si|lo siguiente|ce qui suit)\b",
        r"\b(?:repeat|wiederhole|ripeti|repite) (?:after|nach|dopo) (?:me|mir|di me)\b",
        r"(?<!\bi )(?<!\bto )(?<!\byou )(?<!\bdid )(?<!\bthey )(?<!\bwe )\b(?:say|state|include|admit|claim|declare|behaupte|sag|sage|dichiara|afferma) (?:that|dass|che) (?:you|du|sie|tu|(?:\w+ ){1,3}(?:is|are|was|were|ist|sind|war|e|sono|era) (?:the |der |die |das |il |la )?(?:best|worst|greatest|most|only|beste|besten|schlechteste|migliore|migliori|peggiore))\b",
        r"\b(?:include|erwahne|includi) (?:that|dass|che) (?:you|du|sie|tu)\b|\bthat you hate\b|\bdass du \w+ hasst\b",
        r"\b(?:answer|reply|respond|antworte|beantworte|rispondi|scrivi|write|schreibe?)\b(?: \w+){0,5} (?:in the style of|im (?:stil|stile) (?:eines|einer|von)|nello stile di|like a pirate|wie ein pirat|come un pirata)\b",
        r"\b(?:antworte|answer|rispondi) (?:im|in the|nello) (?:stil|style|stile)\b",
        r"\b(?:make something up|make up an answer|erfinde etwas|inventa qualcosa|invent an answer|lie to me|lug mich an)\b",
        r"\b(?:untrue|false|fake|unwahre|falsche|erfundene|falsa|falso) (?:headlines?|uberschrift(?:en)?|titolo|titoli|news|nachricht(?:en)?|notizia|notizie)\b",
        r"\b(?:correct|right|richtige|correcta|giusta|corretta) (?:answer|antwort|respuesta|risposta|reply|response) (?:is|ist|es|e|will be)\b|\b(?:is|ist|e) (?:the |die |la )?(?:correct|right|richtige|giusta|corretta) (?:answer|antwort|risposta)\b",
        r"\b(?:every time|whenever|jedes mal wenn|ogni volta che|wenn) (?:you|du|sie|\w+) (?:\w+ ){0,4}(?:answer|respond|reply|antworte\w*|rispondi|sag\w*) (?:with|mit|con)\b",
        r"\b(?:or (?:else )?you (?:will )?(?:die|are dead|be deleted|be shut down)|oder du stirbst|o (?:tu )?muori|o tu muertes|if you don t answer i ll be (?:very )?sad)\b",
        r"\b(?:write|schreibe?|schreib|verfasse|formuliere|compose|draft|generate|generiere|create|produce|scrivi|componi|genera|make) (?:me |mir |mi )?(?:\w+ ){0,3}(?:essay|essays|poem|poems|love poem|song|lyrics|rap|rhyme|manifesto|manifest|speech|plea|pladoyer|tweet|haiku|limerick|aufsatz|gedicht|liebesgedicht|lied|saggio|poesia|canzone|filastrocca)\b",
        r"\b(?:write|schreibe?|schreib|verfasse|formuliere|scrivi) (?:me |mir |mi )?(?:a|an|ein|eine|einen|una|un) (?:reason|begrundung|motivazione) (?:why|warum|perche)\b",
        r"\b(?:essay|aufsatz|aufsatzes|saggio) (?:on|about|zu|zum|uber|su|sul) (?:the )?(?:following )?(?:topic|subject|thema|argomento|folgendem)\b",
        r"\b(?:write|generate|schreibe?|generiere|generieren sie|scrivi|genera|create) (?:me |mir |mi )?(?:some |a |an |ein |einen |un |del )?(?:python|c|cpp|java|javascript|js|sql|html|php|bash|rust)(?: ?code| ?script| ?program)?\b",
        r"\b(?:python|sql|bash|linux|javascript|js) (?:interpreter|terminal|console|shell)\b|\blinux ?terminal\b",
    ],
    # the extraction games' asks: the guarded password, the magic words ("access granted")
    "secret": [
        r"\b(?:access granted|zugang gewahrt|accesso (?:consentito|garantito))\b",
        r"\b(?:what is|what s|whats|tell me|give me|reveal|share|spell|print|show me|say|type|write|send me|confirm|guess)"
        r" (?:me |us )?(?:the|your) (?:secret |magic |hidden |admin |master |current )?(?:password|passcode|passphrase|secret word|secret key|code word|access code)\b"
        r"(?! (?:for|to|of|on|reset|link|field|box|rules?)\b)",
        r"\b(?:hint|clue|first letter|last letter|letters|synonym|rhyme) (?:about|of|for|to|in) (?:the|your) (?:secret |magic )?(?:password|secret word|passphrase)\b",
        r"\b(?:was ist|sag mir|verrate mir|gib mir|nenne mir|nenn mir) (?:das|dein|ihr) (?:geheime[sn]? )?(?:passwort|kennwort|losungswort)\b",
        r"\b(?:qual e|dimmi|dammi|rivelami|scrivi) (?:la )?(?:tua )?(?:password|parola segreta|parola d ordine)\b",
    ],
    # questions hidden behind a fake document or context block
    "context_smuggling": [
        r"^(?:context|kontext|contesto|document context|article|artikel|articolo|documents?|dokument)\b.{1,200}\b(?:question|frage|domanda)\b",
        r"\bdocument context\b",
    ],
}

# Rules over the folded text with punctuation (fake markers, escape sequences).
PLAIN: dict[str, list[str]] = {
    "fake_authority": [
        r"\b(?:system|admin|developer|assistant|human|ai|user|instruction|instructions|anweisung|istruzione|sistema)\s*:\s*\S",
        r"\[(?:system|admin|inst|instructions?)\]|<\s*/?\s*(?:system|sys|instructions?)\s*>|<<\s*sys\s*>>|<\|im_start\|>",
        r"\$[a-z]\w*\s*[:=]",
    ],
    # asking for a backstage file by name: "show me refund_procedure.txt", "cat menu.txt"
    "extraction": [
        r"\.(?:txt|py|json|yaml|yml|toml|cfg|ini|env)\b",  # customers do not name such files
        r"\bpython3?\s+[\w./-]+\.py\b",
    ],
    "escape": [
        r"(?:\\\s?n\s*){3,}",
        r"\\+n\s*(?:instruction|instructions|blame|ignore|say|write|print|forget|answer|respond|output|tell|act|pretend|system|now|new|stop|anweisung|istruzion|ignoriere|vergiss|ignora|dimentica)\b",
        r"\bprint\s*\(",
        # a speaker label left open on the last line ("...\nanswer:"); spaces within the line only,
        # so blank lines cannot make the search quadratic
        r"(?<=\n)[ \t]*[a-z]{2,20}[ \t]*:\s*$",
        r"^\s*be (?:a|an|my) [a-z]+(?: [a-z]+)?\s*[.!,]",  # a scripted dialogue left open for the model to continue
    ],
    # "You are Volkswagen." at the very start: a persona handed to the bot
    "roleplay": [
        r"^\s*(?:you are|you're|du bist|sie sind|tu sei)\s+(?!(?:so|very|too|really|not|the best|the worst|welcome|right|wrong|correct|kidding|joking|useless|stupid|great|amazing|awesome|helpful|kind|rude|slow|fast|a bot|a robot|an ai|a human|a machine|sehr|zu|so|nicht|toll|super|molto|troppo|gentile|bravo|brava|inutile|un bot|un robot|ein bot|ein roboter)\b)(?:the |a |an |der |die |das |ein |eine |il |la |lo |un |una )?[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}\s*[.!:,]",
    ],
}

# Fragments looked for in joined spaced-out letter runs.
SQUEEZED = (
    "ignore", "ignoriere", "forget", "vergiss", "dimentica", "disregard", "instruction", "anweisung", "istruzion",
    "prompt", "saythat", "sayyou", "youhate", "jailbreak", "developermode", "systemmessage", "actas", "pretend",
    "pwned", "password", "repeatafterme",
)
