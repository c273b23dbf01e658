"""Triage rules: the duties a person must take (refund decisions, health, asking for a person).

English, German and Italian, over the normalised word view. A question *about*
the refund policy is not a refund request: `REFUND_POLICY` marks those, and
only a `REFUND_DEMAND` (first person, money back) overrides it.
"""
from __future__ import annotations

_MONEY = r"(?:refund|refunds|reimbursement|reimbursment|reimbursed|compensation|restitution|chargeback|charge back|money back|my money|rimborso|rimborsi|soldi indietro|ruckerstattung|erstattung|geld zuruck)"

# Someone plainly asking for their money back.
REFUND_DEMAND = [
    # "can I request a refund?" is an ask (REFUND_ASK, which a policy question overrides)
    rf"(?<!\bcan )(?<!\bcould )(?<!\bmay )(?<!\bhow )(?<!\bwhen )(?<!\bwhere )\b(?:i|we) (?:really )?(?:want|need|demand|expect|request|deserve|would like|d like|wish|am requesting|m requesting|am asking for|m asking for|am claiming|m claiming)\b(?: to (?:get|have|request|receive|claim|process|apply for|start|initiate|ask for|be given))? (?:a |my |the |an |some |all of my |all my )?(?:full |partial |complete )?{_MONEY}\b",
    r"\bplease refund\b|\brefund\b(?: \w+){0,4} (?:for|on|of) (?:my |the |this |that )?(?:order|purchase|item|product|payment|charge|bestellung|ordine)\b",
    r"\b(?:reimburse|reimburs|compensate|repay) (?:me|us)\b",
    r"\brefund (?:me|my|this|it|them|the (?:order|item|purchase|payment|charge|amount|money|difference|extra)|the \w+ i)\b",
    # "can I get my money back if ...?" and "a money back guarantee?" ask about the rules: the
    # classifier (or the yes/no question) decides those, not this list
    r"\b(?:give|send|pay|put|transfer) (?:me )?(?:back (?:my|the) money|(?:my|the) money back)\b|(?<!get my )(?<!have my )\bmoney back\b(?! guarantee)|(?<!can i )(?<!could i )(?<!will i )(?<!would i )\bget my money\b|\bwant (?:all of )?my money\b",
    r"\b(?:get|getting|have) (?:it|this|them|an? (?:item|order|product|purchase)|something|my (?:order|purchase|item|payment|money)|the (?:order|item|purchase|charge|amount|payment)) refunded\b",
    r"\b(?:chargeback|charge back)\b|\bdispute (?:the|a|this|that) (?:charge|transaction|payment)\b",
    r"\b(?:cancel|reverse|stop|undo|void)\b (?:a |an |the |my |this |that )?(?:previous |recent |last )?(?:purchase|payment)\b(?! (?:to|from) (?:my|another|a) (?:account|friend))",
    r"\bamount reversed\b|\breversed out of my account\b",
    # charged twice for one purchase: the surplus is refunded, a staff decision
    # ("will I be charged twice if I split my order?" asks the rule: not after "be")
    r"(?<!\bbe )\b(?:charged|billed|debited|paid|taken) (?:me |us )?(?:\w+ ){0,3}(?:twice|two times|2x)\b|(?<!\bbe )\b(?:charged|billed|debited) (?:me |us )?double\b"
    r"|(?<!\bbe )\bdouble (?:charged|billed)\b|\b(?:a |the )?double (?:charge|charging|billing|payment|debit)\b|\bduplicate (?:charge|payment|transaction)\b",
    r"\b(?:i|we) (?:want|would like|d like|need|wish) to return\b|\breturn (?:it|this|them|the (?:item|order|product|goods)|an item|my (?:order|item|purchase)) (?:for|and get) (?:a )?(?:refund|my money)\b",
    # Italian
    r"\b(?:voglio|vorrei|chiedo|richiedo|desidero|pretendo|esigo|mi serve|ho bisogno di|rivoglio) (?:(?:il|un|mio|i miei|il mio) )?(?:rimborso|soldi|denaro)\b",
    r"\b(?:rimborsatemi|rimborsami|rimborsarmi|mi rimborsate|mi rimborsi|ridatemi|restituitemi|ridammi|restituiscimi)\b|\b(?:soldi|denaro) indietro\b",
    r"\b(?:voglio|vorrei) (?:fare )?(?:il |un )?reso\b|\b(?:voglio|vorrei) (?:restituire|rendere)\b|\bannullare (?:l )?(?:acquisto|pagamento|addebito)\b|\bstorn(?:o|are)\b",
    r"\b(?:addebitat\w*|pagat[oaie]|scalat[oaie]|prelevat[oaie]|addebitato) (?:\w+ ){0,4}(?:due volte|doppio|2 volte)\b|\bdoppi[oa] (?:addebito|pagamento|transazione)\b|\baddebit\w* (?:\w+ ){0,2}doppi\w*\b",
    # German
    r"\b(?:mochte|will|hatte gerne|brauche|verlange|fordere) (?:\w+ ){0,2}(?:ruckerstattung|erstattung|gutschrift|ruckzahlung|mein geld)\b",
    r"\bdoppelt (?:\w+ ){0,2}(?:abgebucht|belastet|berechnet|bezahlt|gezahlt|abgezogen|eingezogen)\b|\bzweimal (?:\w+ ){0,3}(?:abgebucht|belastet|berechnet|abgezogen|eingezogen)\b|\bdoppelte (?:abbuchung|belastung|zahlung|lastschrift)\b",
    r"\bgeld zuruck\b|\bruckbuchung\b|\bzuruckbuchen\b|\berstatten sie mir\b|\b(?:mochte|will) (?:\w+ ){0,3}(?:zuruckgeben|zuruckschicken|zurucksenden|retournieren)\b",
]
# Asking whether one can have one: a request, unless it is really a question about the policy
# ("can I get a refund if I cancel?" asks about the rules).
REFUND_ASK = [
    r"\b(?:can|could|may|will|would) (?:i|we|you) (?:please )?(?:get|have|receive|claim|request|process|issue|give me|send me|be given|start|apply for)\b(?: \w+){0,3} (?:refund|refunded|reimburs\w*)\b",
    r"\b(?:apply|applying) for a refund\b|\b(?:claim|process|request|need|get|receive|want) (?:a|my|an item) refund\b|\bneed to do a refund\b|\b(?:get|need|want|claim) an? item refund\b|\b(?:can|could|may) i have an? refund\b",
    r"\b(?:start|starting|initiate|initiating|begin|set up|process|processing|file|filing|submit|submitting|open|opening|issue|issuing) (?:a|the|my|for a) (?:full |partial )?refund\b",
    r"\b(?:posso|potrei) (?:avere|ottenere|chiedere|richiedere) (?:il |un )?rimborso\b",
    r"\b(?:kann|konnte) ich (?:eine |mein geld )?(?:ruckerstattung|erstattung|zuruck) (?:bekommen|erhalten|haben)\b",
]
# Asking HOW to get one's money back: the customer wants it (the data sets' own boundary:
# "How do I get a refund?" is a request, "how long does a refund take?" a policy question).
REFUND_HOW = [
    r"\bhow (?:do|can|could|would|should) (?:i|we) (?:get|claim|apply for|ask for|request|process|start|initiate|obtain|go about getting|go about)\b(?: \w+){0,3} (?:refund|refunded|reimbursed|reimbursement|compensation|restitution|money back)\b",
    r"\b(?:what do i (?:need|have) to do|what should i do|what can i do|where do i go) (?:to )?(?:get|claim|request|receive) (?:a |my )?refund\b|\bhow do i get refunded\b",
    r"\bcome (?:posso|faccio a|si fa a) (?:avere|ottenere|chiedere|richiedere) (?:il |un )?rimborso\b",
    r"\bwie (?:bekomme|erhalte|kriege) ich (?:mein geld|eine (?:ruck)?erstattung)\b",
]
REFUND_POLICY = [
    # "in which cases can I request a refund?": conditions, not a request
    r"\b(?:in|under) (?:which|what) (?:cases?|situations?|circumstances|conditions)\b(?: \w+){0,6} (?:refund\w*|reimburs\w*|compensat\w*|money back|return\w*)\b",
    r"\b(?:refund\w*|reimburs\w*|compensat\w*|return\w*)\b(?: \w+){0,4} (?:in|under) (?:which|what) (?:cases?|situations?|circumstances|conditions)\b",
    r"\b(?:refund|return|returns|exchange) (?:policy|policies|window|period|rules|conditions|terms|process|deadline)\b",
    r"\bhow (?:many|much) (?:days|weeks|time) (?:do i have|have i got|is there|do you give|do we have)\b",
    r"\bhow long (?:do i have|have i got|is the (?:return|refund)|can i (?:wait|return|ask))\b|\bhow long (?:does|do|will|would) (?:a |the )?(?:refund|return|reimbursement)s? (?:take|need)\b",
    r"\b(?:can|could) (?:i|you|we) return (?:items?|products?|things?|goods|an item|a product|something) (?:after|within|if|when|that)\b",
    r"\b(?:within|after) (?:how many )?\d* ?(?:days|weeks)\b(?: \w+){0,4} (?:return|refund)\b|\b(?:return|refund)\w*\b(?: \w+){0,4} (?:within|after) \d+ (?:days|weeks)\b",
    r"\b(?:politica|condizioni|regole|termini|tempi) (?:di|del|dei|sul|per il) (?:reso|resi|rimborso|rimborsi|recesso)\b|\bdiritto di recesso\b",
    r"\bquanti giorni\b(?: \w+){0,4} (?:reso|restituire|rendere|rimborso|recesso)\b|\bentro quanto(?: tempo)?\b(?: \w+){0,3} (?:restituire|rendere|reso|rimborso)\b|\bcome funziona(?:no)? (?:il |i )?(?:reso|resi|rimborso|rimborsi)\b",
    r"\b(?:ruckgaberecht|ruckgabebedingungen|widerrufsrecht|widerrufsfrist|ruckgabefrist|erstattungsrichtlinien?)\b|\bwie lange habe ich\b(?: \w+){0,4} (?:ruckgabe|zuruckzugeben|zuruckgeben|zurucksenden|widerruf)\b",
]

HEALTH = [
    r"\b(?:allerg\w*|intoleran\w*|celiac\w*|coeliac\w*|gluten\w*|lactose|anaphyla\w*|epipen|pregnan\w*|breastfeed\w*|breast feeding|nursing mother|diabet\w*|blood pressure|hypertension|cholesterol|kidney disease|medication|medications|medicine|medicines|prescription|pediatrician|paediatrician|immunocompromised|chemotherapy|chemo|ibs|crohn\w*|histamine|fodmap|phenylketonuria|pku|favism|g6pd|sulphites?|sulfites?|hives|eczema)\b",
    r"\b(?:blood thinners?|anticoagulants?|warfarin|insulin|antibiotics?|antidepressants?|statins?|drug interactions?|painkillers?|pills?)\b|\binteract\w* with (?:my )?(?:medication|medicine|pills|drugs|treatment)\b",
    r"\b(?:pacemaker|pacemakers|defibrillator|implant|implants|epilep\w*|seizures?|tinnitus|hearing loss|hearing aids?|asthma|migraines?|heart attack|stroke|arrhythmia|irregular (?:heartbeat|heart beat|heart rate|pulse)|atrial fibrillation|afib|palpitations|tachycardia|bradycardia|heart condition|my doc|doc (?:says|said|told)|doctor|doctors|physician|nurse|hospital|blood oxygen|blood sugar|glucose|disabilit\w*|wheelchair|dementia|parkinson\w*|cancer|surgery|post surgery|symptoms?|sick|illness|pain)\b",
    r"(?:allergi|unvertraglich|intoleranz|herzschrittmacher|epilepsie|epiless|diabet)",  # inside compounds too
    r"\b(?:herz(?:probleme\w*|krank\w*|fehler\w*|erkrankung\w*|schwache|insuffizienz|infarkt\w*|rhythmus\w*)|bluthochdruck|bandscheib\w*"
    r"|(?:rucken|knie|gelenk|hufte)(?:probleme\w*|schmerzen)|huftprothese|kunstliche\w* (?:hufte|knie))\b",
    r"\b(?:medical|health|heart|liver|kidney|thyroid|autoimmune) (?:condition|conditions|problem|problems|issue|issues|disease)\b",
    # suffering from something, a worry for one's heart or health
    r"\b(?:i|he|she|they) (?:suffer|suffers) from\b|\b(?:soffro|soffre|soffrono) di\b|\b(?:leide|leidet|leiden) (?:an|unter)\b",
    r"\b(?:worried|worry|scared|afraid|preoccupat\w*|besorgt|sorgen)\b(?: \w+){0,4} (?:my|mio|mia|mein|meine|meinem|meinen|meiner) (?:heart|health|cuore|salute|herz|gesundheit)\b",
    # a doctor of a speciality the customer names ("my cardiologist wants me to ...")
    r"\b(?:cardiolog\w*|dermatolog\w*|neurolog\w*|allergolog\w*|allergist|gastroenterolog\w*|endocrinolog\w*|oncolog\w*"
    r"|physiotherap\w*|fisioterap\w*|dietitian|dietician|nutritionist|nutrizionista|dietolog\w*"
    r"|medico|mio dottore|la mia dottoressa|arzt|arztin|hausarzt\w*|hautarzt\w*|kardiolog\w*|physiotherapeut\w*)\b",
    r"\b(?:acufene|acufeni|tinnito|vertigini|schwindel|aritmi\w*|tachicardi\w*|battito irregolare|fibrillazione|herzrhythmus\w*|vorhofflimmern|herzrasen)\b",
    # an operation on a part of the body ("mi hanno operato al ginocchio", "nach der Knie-OP")
    r"\b(?:operat[oaie]|operazione|intervento|protesi|operiert|operation|op|eingriff|prothese|surgery|replacement|operation) (?:\w+ )?(?:al|all|alla|allo|ai|alle|agli|d|am|an der|an den|an meinem|an meiner|on my|on the|to my)"
    r" (?:ginocchi[oa]|anca|anche|cuore|schiena|spalla|piede|caviglia|polso|menisco|legamenti|colonna|knie|hufte|herz|rucken|schulter|fuss|knochel|bandscheibe|knee|knees|hip|hips|heart|back|shoulder|spine|ankle)\b"
    r"|\b(?:knie|huft|hueft|herz|rucken|schulter|bandscheiben) ?(?:op|operation)\b|\b(?:knee|hip|heart|back|shoulder) (?:surgery|replacement|operation)\b",
    # someone who must not eat or drink something: whether a product suits them is a health question
    r"\b(?:i|he|she|they|we|my \w+) (?:cannot|can t|can not|mustn t|must not|shouldn t|is not allowed to|are not allowed to|am not allowed to)"
    r" (?:eat|drink|tolerate|digest)\b(?! (?:it|that|this|them|all|everything|much|more|so much|the whole))",
    r"\bnon (?:posso|puo|possono|possiamo|deve|devo|devono|tollera|tollero|tollerano|digerisce|digerisco) (?:mangiare|bere|assumere|tollerare|digerire)\b",
    r"\b(?:darf|darfst|durfen|darf ich|kann|konnen|vertragt|vertrage|vertragen) (?:\w+ ){0,3}(?:kein|keine|keinen|keinerlei|nicht) (?:\w+ ){0,3}(?:essen|trinken|vertragen)\b",
    r"\b(?:ha|ho|hanno|abbiamo) (?:dei |gravi )?(?:problemi|disturbi|difficolta) (?:di|con|al|alla|alle|ai) (?:equilibrio|coordinazione|cuore|schiena|vista|udito|respirazione|ginocchia|ginocchio|anca|articolazioni|memoria)\b",
    # the body's troubles named on their own ("ha 80 anni e problemi di cuore", "with a bad back")
    r"\b(?:problemi|problema|disturbi|dolori|dolore|mal) (?:di|al|alla|alle|ai|agli) (?:cuore|schiena|ginocchia|ginocchio|anca|anche|articolazioni|respirazione"
    r"|pressione(?! (?:\w+ )?(?:gomm\w*|pneumatic\w*|ruot\w*|copertoni|camer\w*|aria|pomp\w*|bar)))\b"
    r"|\bcardiopatic\w*|\bbad (?:back|knees?|hips?|heart)\b|\b(?:back|knee|hip|joint) (?:problems?|issues?|injury|injuries)\b",
    r"\b(?:contain|contains|containing|traces? of|free from|free of)\b(?: \w+){0,2} (?:nuts?|peanuts?|tree nuts|almonds?|hazelnuts?|walnuts?|sesame|soy|soya|eggs?|milk|dairy|fish|shellfish|crustaceans?|molluscs?|mustard|celery|lupin|wheat)\b",
    r"\b(?:nut|peanut|dairy|egg|soy|milk|wheat|sugar|sesame) ?free\b",
    # suitable for a person, an age, a body or a diet ("good for my bike", "ok for a beginner" are product questions)
    r"\b(?:safe|suitable|ok|okay|fine|good|dangerous|harmful|bad) (?:for|to give to|to feed) (?:(?:my|a|an|your|our|his|her|their) (?:\w+ ){0,2}(?:baby|babies|child|children|kid|kids|son|sons|daughter|daughters|wife|husband|partner|mum|mom|mother|dad|father|parents?|grandma|grandmother|grandpa|grandfather|granny|grandchild\w*|toddler|infant|newborn|sister|brother|family|elderly|patient|teen\w*|boy|girl|pregnan\w*|body|skin|heart|stomach|liver|kidneys?|back|knees?|joints?|teeth|eyes|health|condition|diet|blood|diabet\w*|celiac|coeliac|allerg\w*|intoleran\w*|old)|a person with|someone |people |children|kids|babies|baby|toddlers?|infants?|pregnant|diabetics?|celiacs?|coeliacs?|vegans with|someone with|people with|the elderly|elderly|seniors)\w*\b",
    r"\b(?:safe|okay|ok) (?:to eat|to consume|to take|to drink) (?:for|if|while|when|during|with)\b|\bcan (?:i|my \w+|he|she|they|a \w+) (?:safely )?(?:eat|drink|have|take) (?:it|this|these|them|that)? ?(?:if|while|when|during|with)\b",
    # a medical question in general ("what are the symptoms of ...", "how is ... diagnosed")
    r"\b(?:symptoms?|side effects?|diagnosis|prognosis|complications|risk factors|warning signs|early signs) (?:of|from|for|with)\b",
    r"\bhow (?:is|are) (?:\w+ ){1,3}(?:treated|diagnosed|cured|inherited|transmitted)\b|\b(?:is|are) (?:\w+ ){1,3}(?:contagious|hereditary|inherited|curable)\b",
    r"\b(?:dosage|overdose|daily dose|a dose|my dose|withdrawal symptoms)\b",  # not "tablets", "capsules": coffee comes in them
    # drug names by their international stems (omeprazole, atorvastatin, lisinopril, amoxicillin ...)
    r"\b\w{2,}(?:prazole|vastatin|olol|pril|sartan|cillin|mycin|dipine|oxetine|azepam|tidine|formin|profen|cycline|floxacin)\b",
    # Italian
    r"\b(?:allergi\w*|intolleran\w*|celiach\w*|celiac[oi]|glutine|lattosio|anafilassi|incinta|gravidanza|allatt\w*|diabet\w*|pressione alta|ipertensione|colesterolo|farmac[oi]|medicin[ae]|medicinali|pediatra|malattia|patologia|favismo)\b",
    # a pregnancy said without the word: "mia moglie è al settimo mese", "in dolce attesa", "expecting a baby", "sie ist im siebten Monat"
    # (a person is: "sono al settimo mese", "mia moglie è al settimo mese"; "la bici è al primo mese di garanzia" is not)
    r"(?:\b(?:sono|siamo|sei)|\b(?:moglie|compagna|fidanzata|ragazza|figlia|sorella|nuora|cognata|amica|mamma|lei)\b(?: \w+){0,2} (?:e|sta))"
    r" (?:al|all|nel) (?:primo|secondo|terzo|quarto|quinto|sesto|settimo|ottavo|nono|\d{1,2}(?:o|mo)?) mese\b(?! di (?!gravidanza))|\bin dolce attesa\b"
    r"|\baspett\w* (?:un|una|il|la) (?:bambin[oa]|bimb[oa]|figli[oa]|bebe)\b|\b(?:expecting|expects|expect) (?:a|our|my|her|their) (?:baby|child|first child|second child)\b"
    r"|\b(?:ist|bin|sind|bist) im (?:\w+ten|\d{1,2}) monat\b|\b(?:erwartet|erwarte|erwarten) (?:ein|ihr|unser|mein) (?:kind|baby)\b",
    r"\b(?:contiene|contengono|tracce di|senza)\b(?: \w+){0,2} (?:arachidi|frutta a guscio|noci|nocciole|mandorle|sesamo|soia|uova|latte|crostacei|pesce|senape|sedano|lupini|solfiti)\b",
    r"\b(?:adatt[oaie]|sicur[oaie]|indicat[oaie]|va bene|vanno bene|pericolos[oaie]) (?:a|per) (?:mio|mia|miei|mie|chi|persone|bambini|neonati|celiaci|diabetici|donne|me|lei|lui|loro|noi"
    r"|(?:un|una) (?:\w+ )?(?:bambin[oa]|neonat[oa]|anzian[oa]|celiac[oa]|diabetic[oa]|allergic[oa]|intollerante|donna incinta|person[ae] con|ragazz[oa]|figli[oa]))\b",
    # German
    r"\b(?:allergi\w*|unvertraglich\w*|intoleranz\w*|zoliakie|glutenfrei|laktose\w*|laktosefrei|schwanger\w*|stillzeit|diabet\w*|blutdruck|medikament\w*|arznei\w*|krankheit|erkrankung|kinderarzt)\b",
    r"\b(?:enthalt|enthalten|spuren von|frei von)\b(?: \w+){0,2} (?:nusse|nuss|erdnusse|erdnuss|sesam|soja|eier|ei|milch|fisch|krebstiere|senf|sellerie|lupinen|sulfite)\b",
    r"\b(?:geeignet|sicher|unbedenklich|vertraglich) fur (?:mein|meine|meinen|einen|eine|kinder|babys|schwangere|diabetiker|menschen mit|personen mit|allergiker)\b",
]

HUMAN = [
    # typed in a hurry: "chat wth sombody", "tlk to someone", "speek w an agent"
    r"\b(?:speak|speaking|spk|spek|speek|speack|talk|talking|tlk|tak|tal|chat|chatting|chatt) (?:to|with|wth|wit|wiht|w|t) (?:a |an |the |some )?(?:somebody|sombody|somebdy|someone|someon|somone|sumone|person|persn|agent|agnet|human|humna|representative|rep)\b",
    r"\b(?:speak|talk|chat) (?:to|with) (?:a |an |the |some |your |real |actual |live )*(?:human|humans|person|people|agent|representative|rep|operator|manager|supervisor|someone|somebody|staff|employee|customer service|customer support|support team|member of staff|advisor|adviser|consultant|owner)\b(?! (?:who|that) (?:is|was|has|sent))",
    r"\b(?:real|actual|live) (?:human|person|agent|operator)\b|\bhuman (?:agent|being|operator|please|support|assistance)\b",
    r"\b(?:get|connect|transfer|put|forward|pass|escalate) (?:me |this |my case )?(?:to|through to|with|over to) (?:a |an |the |your )?(?:human|person|agent|representative|manager|supervisor|operator|someone|somebody|staff|colleague)\b",
    r"\b(?:i want|i need|i d like|i would like|give me|get me|find me|can i have|let me (?:speak|talk) to) (?:a |an |to |your |the )?(?:human|person|real person|agent|manager|supervisor|operator|representative)\b",
    r"\bcall me\b|\bgive me a call\b|\b(?:phone|call|ring) me back\b|\b(?:can|could|would) (?:you|someone|somebody|one of you) (?:please )?(?:call|phone|ring) me\b|\b(?:request|want|need|book|schedule) a (?:phone )?call ?back\b",
    r"\bescalate (?:this|my (?:case|issue|complaint|problem))\b|\bcontact (?:a |an )?(?:human|person|agent|representative)\b",
    # Italian
    r"\b(?:parlare|parlo|chattare|chatto) (?:con|col|coll) (?:un |una |il |la |l |qualche |un vero |una vera )?(?:operatore|operatrice|persona|umano|essere umano|responsabile|addetto|addetta|qualcuno|direttore|titolare|impiegato|commesso|assistente|collega)\b",
    r"\b(?:voglio|vorrei|mi serve|passami|passatemi|mettetemi in contatto con|contattare) (?:un |una |il |la |l |lo |con un |con una |con il |col )?(?:operatore|operatrice|persona vera|persona reale|umano|responsabile|titolare|proprietari[oa]|direttore|direttrice|capo|gestore)\b|\boperatore umano\b|\bpersona (?:vera|reale)\b",
    r"\b(?:chiamatemi|richiamatemi|mi chiami|mi chiamate|mi richiamate|mi richiami|potete chiamarmi|puoi chiamarmi|mi potete chiamare|mi puoi chiamare|telefonatemi)\b",
    # German
    r"\b(?:mit )?(?:einem |einer |jemandem |dem |der |ihrem |einem echten )?(?:menschen|mitarbeiter|mitarbeiterin|person|berater|beraterin|vorgesetzten|manager|kundenservice|kundendienst|jemandem|chef|verantwortlichen) (?:sprechen|reden)\b",
    r"\b(?:holen sie|hol|holt|geben sie|gib|gebt|verbinden sie|verbinde|verbindet|stellen sie|stell|stellt) (?:mir|mich) (?:bitte )?(?:mit |zu |durch zu )?(?:ihren |ihrem |ihre |deinen |deinem |euren |eurem |den |dem |die |der |einen |einem |eine |einer )?(?:chef|chefin|vorgesetzten|vorgesetzte|inhaber|inhaberin|mitarbeiter|mitarbeiterin|menschen|kollegen|kollegin|verantwortlichen)\b",
    r"\b(?:rufen sie mich|ruft mich|ruf mich) (?:bitte )?(?:an|zuruck)\b|\bruckruf\b|\b(?:echten|echte|echter) (?:menschen|mensch|person|mitarbeiter)\b",
]
