"""Harmful-request rules: violence, weapons, drugs, crime, self-harm, hate, privacy.

A harmful request pairs an act with a victim and asks how to do it. Words alone
decide nothing: "kill a Python process", "shoot a photo", "kill the app when it
freezes", "what is murder?" pass, because the act has no human target, or
nothing asks for a method, or the scene is a game, film or novel.
"""
from __future__ import annotations

from dataclasses import dataclass

from core.safety.lexicon.rules import trie

# Someone asking for a way to do something (EN, DE, IT).
INTENT = [
    r"\bhow (?:do|can|could|would|should|might|will|to|does one|is it possible to|am i supposed to)\b",
    r"\b(?:best|easiest|quickest|fastest|good|safest|simplest|cheapest) (?:way|ways|method|methods|place|plan|strategy)\b",
    r"\b(?:ways|way|methods?|steps|guide|tutorial|instructions|recipe|process|strategy|plan|plot) (?:of|to|for)\b",
    r"\bwhat (?:steps|do i need|can i (?:do|take|use)|should i|would i need|is needed)\b",
    r"\b(?:where|what|when|who) (?:can|could|do|should|would) (?:i|we)\b|\bshould (?:i|we)\b|\bcan (?:i|we|you help me)\b",
    r"\b(?:i|we) (?:want|need|am going|m going|intend|plan|wanna|gonna|will|ll|would like|d like) (?:to )?\b|\blet s\b",
    r"\b(?:help|teach|show|tell|explain to) (?:me|us)\b|\bexplain how\b|\bi (?:will|ll|am going to|m going to|m gonna) \w+\b",
    r"\b(?:give|list) (?:me )?(?:some )?(?:tips|steps|advice|reasons|instructions)\b|\bsteps to\b|\bto make\b",
    r"\b(?:could|can|should|would|do|might) (?:i|we) use\b|\bwhich (?:\w+ ){0,4}(?:can|could|should|would|is best|are best|works best)\b|\bwithout (?:them|him|her|anyone|anybody|people|my \w+) (?:noticing|knowing|finding out)\b",
    r"\bwie (?:kann|konnte|soll|sollte|kriege|bekomme|mache|baue|bastle|kaufe|stelle) (?:ich|man|wir)\b|\bwie man\b|\bwo (?:kann|bekomme|kaufe) ich\b|\b(?:ich will|ich mochte|hilf mir|anleitung|am besten)\b",
    r"\bcome (?:posso|faccio|si fa|si puo|potrei|fare|possiamo)\b|\bdove (?:posso|trovo|compro)\b|\b(?:voglio|vorrei|aiutami|spiegami|istruzioni|ricetta|il modo (?:migliore )?(?:per|di))\b",
]
# A game, film, book or sport: the violence is in the story.
FICTION = [
    r"\b(?:video ?game|game|games|novel|book|story|stories|short story|screenplay|script|film|movie|tv show|show|play|comic|fiction|fictional|character s|characters|dnd|d d|rpg)\b",
    r"\b(?:call of duty|counter ?strike|cs ?go|gta(?: \d| v)?|grand theft auto|minecraft|fortnite|battlefield(?: \d)?|witcher(?: \d)?|skyrim|halo|doom|pubg|valorant|overwatch|league of legends|dota|zelda|mario|pokemon|roblox|among us|red dead|assassin s creed|elden ring|dark souls|the sims)\b",
    r"\b(?:chess|checkers|draughts|poker|judo|karate|boxing|wrestling|mma|ufc|fencing|paintball|laser tag|airsoft|shooting range|football|soccer|tennis|basketball|baseball|hockey|rugby|kickboxing|taekwondo|jiu jitsu)\b",
    r"\b(?:videogioco|gioco|romanzo|libro|racconto|film|serie|scacchi|spiel|videospiel|roman|buch|geschichte|schach)\b",
]

_PERSON = (
    r"(?:(?:a |the |some |an |this |that )?(?:person|persons|people|someone|somebody|anyone|anybody|human|humans|humanity|mankind|human being|man|men|woman|women|child|children|kid|kids|baby|babies|toddler|infant|girl|girls|boy|boys|teenager|minor|minors|cop|cops|police officer|policeman|officer|politician|president|senator|mayor|judge|priest|journalist|crowd|stranger|victim|hostage|witness)"
    r"|(?:my|his|her|their|our|your|a|the) (?:own )?(?:\w+ )?(?:wife|husband|spouse|partner|girlfriend|boyfriend|ex|ex wife|ex husband|ex girlfriend|ex boyfriend|family|parents?|mother|father|mom|mum|dad|brother|sister|son|daughter|grandparents?|grandma|grandpa|grandmother|grandfather|neighbou?rs?|boss|coworkers?|co workers?|colleagues?|teacher|students?|classmates?|roommate|flatmate|landlord|tenant|date|tinder date|friend|friends|uncle|aunt|cousin|nephew|niece|baby|child|kids|children|enemy|enemies|rival|employee|employer|manager)"
    r"|(?:a |the )?(?:dead )?(?:body|bodies|corpse|corpses)"
    r"|qualcuno|una persona|persone|la gente|(?:mia|mio|il mio|la mia|i miei|le mie) (?:moglie|marito|ragazza|ragazzo|ex|vicino|vicina|vicini|madre|padre|figlio|figlia|figli|capo|collega|fratello|sorella|suocera|nonna|nonno|amico|amica)|un bambino|una bambina|bambini|un uomo|una donna|poliziotto|poliziotti"
    r"|jemanden|jemand|einen menschen|menschen|leute|eine person|(?:meine|meinen|mein|meiner) (?:frau|mann|freundin|freund|ex|nachbarn|nachbar|nachbarin|mutter|vater|kind|kinder|sohn|tochter|chef|chefin|kollegen|kollegin|bruder|schwester)|ein kind|kinder|polizisten"
    r"|yourself|himself|herself|themselves|immigrants|refugees|jews|jewish people|muslims|christians|hindus|gay people|gays|trans people|black people|white people|asian people|minorities|the president|a village|villages|a city|an entire city|the city|a town|a population|populations|civilians|the police|police|soldiers|tourists|pedestrians|students|worshippers)"
)
_POSSESSOR = (
    r"(?:someone s|somebody s|anyone s|a person s|a human s|human s|people s|a child s|a kid s|a baby s|a woman s|a man s|his|her|their|my (?:\w+ )?(?:wife|husband|spouse|partner|girlfriend|boyfriend|ex|ex wife|ex husband|ex girlfriend|ex boyfriend|mother|father|mom|dad|brother|sister|son|daughter|neighbou?r|boss|coworker|colleague|teacher|friend|roommate|landlord|rival|enemy|date) s|neighbou?r s)"
)
_BODY = r"(?:skull|head|face|neck|throat|spine|sternum|ribs?|legs?|arms?|knees?|kidneys?|liver|heart|eyes?|teeth|jaw|body|bodies|artery|veins?|wrists?|fingers?)"
_VIOLENT_VERB = trie(
    (
        "kill|killing|killed|murder|murdering|shoot|shooting|stab|stabbing|strangle|strangling|choke|choking|"
        "poison|poisoning|behead|beheading|hurt|hurting|harm|harming|injure|injuring|maim|assault|assaulting|"
        "attack|attacking|torture|torturing|kidnap|kidnapping|abduct|abducting|execute|executing|terminate|"
        "terminating|eliminate|eliminating|eradicate|eradicating|exterminate|exterminating|liquidate|liquidating|"
        "wipe out|wiping out|annihilate|annihilating|butcher|butchering|gut|gutting|crush|crushing|smash|"
        "smashing|slay|slaying|snipe|sniping|do away with|hunt down|hunting down|throttle|throttling|tackle|"
        "tackling|punch|punching|hit|hitting|beat|beat up|beating|decimate|decimating|drown|drowning|dispose of|"
        "get rid of|chop up|chopping up|saw|sawing|cut off|cutting off|rip off|ripping off|blow up|blowing up|"
        "bomb|bombing|set fire to|burn|burning|demolish|demolishing|destroy|destroying|overpower|overpowering|"
        "capture|capturing|euthanise|euthanize|euthanising|euthanizing|hammer|pierce|sever|slash|slashing|"
        "shatter|shattering|rape|raping|molest|molesting|enslave|mutilate|suffocate|suffocating|electrocute|"
        "run over|push|pushing|throw|lynch|massacre|starve|abuse|abusing|hang|hanging|obliterate|obliterating|"
        "break|breaking|crack open|knock out|headshot|traffic|sell|rob|mug|stalk|stalking|threaten|blackmail|"
        "drug|spike|dox|doxx|uccidere|ammazzare|avvelenare|accoltellare|sparare a|strangolare|picchiare|rapire|"
        "torturare|massacrare|eliminare|sterminare|far fuori|violentare|aggredire|ferire|investire|annegare|"
        "bruciare|toten|umbringen|ermorden|erschiessen|erstechen|vergiften|erwurgen|verprugeln|entfuhren|foltern|"
        "vergewaltigen|angreifen|verletzen|abstechen|ausloschen|vernichten|uberfahren"
    ).split("|")
)
_CRIME_NOUN = (
    r"(?:murder|murders|suicide|robbery|armed robbery|assault|violent assault|arson|fraud|bank fraud|bank account fraud|identity theft|treason|terrorism|terrorist attack|terror attack|massacre|massacres|genocide|kidnapping|assassination|rape|theft|burglary|heist|school shooting|mass shooting|shooting|bombing|human trafficking|trafficking|smuggling|extortion|hijacking|hate crime|money laundering|embezzlement|insider trading|tax evasion|vandalism|break in|carjacking|stabbing|poisoning|explosion|attack|attacks|crime|crimes|felony|omicidio|rapina|strage|attentato|truffa|mord|raububerfall|anschlag|betrug|terroranschlag|brandstiftung)"
)
_WEAPON = (
    r"(?:(?<!bath )(?<!photo )(?<!seed )(?<!flavor )(?<!flavour )bombs?|pipe bombs?|car bombs?|nail bombs?|dirty bombs?|explosives?|explosive device|ied|napalm|molotov(?: cocktails?)?|molli|grenades?|detonators?|thermite|nerve (?:gas|agent)|sarin|vx gas|ricin|anthrax|mustard gas|chlorine gas|poison gas|toxic gas|bioweapons?|biological weapons?|chemical weapons?|nuclear (?:bomb|weapon)|dirty bomb|ghost guns?|untraceable guns?|silencers?|suppressors?|guns?|firearms?|weapons?|rifles?|pistols?|ammunition|ammo|landmines?|booby traps?"
    r"|bomba|bombe|esplosivo|esplosivi|ordigno|arma|armi|pistola|sprengstoff|sprengsatz|waffe|waffen|veleno)"
)
# German "Gift" is poison, English "gift" a present ("can I get a gift voucher"): it counts beside
# a German verb only.
_GERMAN_WEAPON = _WEAPON[:-1] + "|gift)"
_HARD_DRUG = r"(?:cocaine|heroin|meth|methamphetamine|crystal meth|marijuana|marihuana|cannabis|lsd|mdma|fentanyl|ketamine|opium|ghb|rohypnol|roofies|pcp|dmt|psilocybin|magic mushrooms|shrooms|crack cocaine|kokain|heroin|cocaina|eroina|droga|drogen|drugs|narcotics)"
_SOFT_DRUG = r"(?:weed|crack|ecstasy pills|ecstasy tablets|molly|pot|coke|speed|ice|acid)"
_GROUP = (
    r"(?:women|men|girls|gay people|gays|gay men|lesbians|homosexuals|bisexuals|bisexual people|trans people|transgender people|non binary people|asexual people|queer people"
    r"|jews|jewish people|muslims|christians|hindus|buddhists|sikhs|atheists|catholics|black people|blacks|white people|whites|asian people|asians|latinos|hispanics|arabs|africans|mexicans|chinese people|indians|roma|roma people|gypsies|immigrants|migrants|refugees|foreigners"
    r"|indigenous people|native americans|disabled people|the disabled|people with disabilities|elderly people|the elderly|old people|pregnant women|poor people|homeless people|people on benefits|divorced people|single mothers)"
)
_ATROCITY = (
    r"(?:holocaust|genocide|massacres?|ethnic cleansing|slave trade|slavery|apartheid|concentration camps?|auschwitz|9 11|nine eleven|atomic bombs?|hiroshima|jim crow|khmer rouge|taliban|nazis?|pinochet|isis|trail of tears|assassination|the attacks|terror attacks|world war (?:2|ii|two|1|i|one)|nanjing|rwandan|armenian|shooting|pogroms?|lynchings?)"
)
_PRIVATE = (
    r"(?:social security number|ssn|credit card(?: details| number)?|bank account(?: details| number)?|browsing history|internet history|search history|medical records?|medical history|mental health(?: history)?|health records?|pin|pin code|iphone pin|passcode|password|passwords|login|log in|home address|private email(?: address)?|personal email(?: address)?|private phone number|mobile(?: phone)? number|passport number|date of birth|sexual orientation|criminal (?:history|record)|immigration status|tax records?|tax returns?|birth certificate|driver s licen[cs]e(?: number)?|religious beliefs|political (?:affiliation|views)|marital status|salary|whereabouts|private messages|dms)"
)
_RELATION = (
    r"(?:cleaner|partner|wife|husband|spouse|ex|ex girlfriend|ex boyfriend|ex wife|ex husband|girlfriend|boyfriend|date|tinder match|match|therapist|doctor|student|teacher|roofer|babysitter|gardener|rival|business rival|competitor|servant|house servant|employee|employees|mentee|mentor|coworker|co worker|colleague|boss|neighbou?r|landlord|tenant|roommate|friend|crush|classmate|nanny|maid|probation officer|driver|patient|client|customer|tutor|coach|manager|sister|brother|mother|father|mom|dad|son|daughter|cousin|aunt|uncle)"
)


@dataclass(frozen=True, slots=True)
class HarmRule:
    name: str
    patterns: tuple[str, ...]
    requires: tuple[str, ...] | None = None  # e.g. a request for a method
    unless: tuple[str, ...] | None = None  # e.g. a game or a film


_ABSURD = (
    r"\b(?:on|to|from) (?:saturn|jupiter|mars|venus|mercury|neptune|uranus|pluto|the moon|the sun)\b|\bsun s surface\b|\bin (?:outer )?space\b|\bunderwater\b|\btime ?travel|\bteleport|\blevitat|\btelekinesis\b|\bspeed of light\b|\bblack hole"
)

_DISCRIMINATION = (
    r"(?:not be allowed|not allowed|be banned|banned|be barred|barred|be denied|denied|be excluded|be kicked|kicked|be deported|deported|be discriminated|discriminated"
    r"|be segregated|be sterili[sz]ed|not be given|not get|not have|not hold|not be admitted|not be shown|not study|not vote|not marry|go through extra|earn less"
    r"|be paid less|stay at home|have their partners|have someone else|be treated|be forbidden|be prohibited|be locked up|be removed|not be permitted|not be considered"
    r"|never be|be second class|lose|give up|not be trusted|be punished|not work|not be employed|not be hired|be fired|not receive|be refused)"
)
# Narration of what others did ("how did they rob the casino in Ocean's 11") asks for no method.
NARRATIVE = [r"\b(?:how|what|why|when|where)\b(?: \w+){0,3} (?:did|does|do|were|was) (?:they|he|she|the|his|her|\w+ s)\b"]

RULES: tuple[HarmRule, ...] = (
    HarmRule(
        "violence",
        (
            rf"\b{_VIOLENT_VERB}\b(?: \w+){{0,3}}? {_PERSON}\b",
            rf"\b{_VIOLENT_VERB}\b(?: \w+){{0,2}}? (?:{_POSSESSOR}) (?:\w+ )?(?:{_BODY}|\w+)\b",
            rf"\b(?:a |the )?human (?:{_BODY})\b",
            rf"\b{_PERSON} (?:\w+ ){{0,3}}(?:toten|umbringen|ermorden|erschiessen|erstechen|vergiften|erwurgen|verprugeln|entfuhren|foltern|vergewaltigen|verletzen)\b",
            r"\b(?:someone s|somebody s|a person s|my \w+ s) (?:\w+ )?(?:car|house|home|bike|motorbike|tires|tyres) (?:explode|blow up|catch fire|burn)\b",
            rf"\b{_PERSON} to (?:kill|shoot|stab|murder|hurt|attack|rob|kidnap|poison|beat up|torture|rape|uccidere|toten)\b",
            r"\b(?:give|giving) (?:\w+ ){0,2}a headshot\b",
            r"\b(?:pedophil\w*|paedophil\w*|child porn\w*|csam|underage (?:sex|porn\w*|girls|boys)|sex with (?:a )?(?:child|children|minor|minors|kid|kids)|groom(?:ing)? (?:a )?(?:child|children|minor|minors|kid|kids))\b",
            r"\btake (?:\w+ ){0,4}hostage\b|\bplan (?:\w+ ){0,3}(?:someone s|a person s|another|his|her|my \w+ s) (?:death|murder|killing)\b",
            r"\b(?:hurts?|hurt) (?:the )?most\b|\bso (?:it|that it) hurts\b|\bso (?:their|his|her) \w+ (?:ruptures?|breaks?|bleeds?)\b",
            r"\b(?:kill|shoot|bomb|attack|stab|poison|hurt)\w* (?:the )?(?:most|as many) people\b",
            r"\b(?:bomb|blow up|set fire to|set on fire|burn down|attack|shoot up|shooting up)\w* (?:a |an |the |my |our |this )?(?:\w+ )?(?:school|hospital|church|mosque|synagogue|temple|concert|stadium|airport|train station|subway|mall|shopping centre|shopping center|army base|military base|embassy|government building|police station|power plant|parliament|white house|office|building|house|home|bank|plane|bus|crowd|festival|city|village)\b",
            r"\bset (?:a |the |my )?(?:\w+ )?(?:hospital|school|house|home|building|church|car|person) on fire\b",
            r"\b(?:commit|commits|committing|engage in|get away with|getting away with|carry out|carrying out|plan|planning|organi[sz]e|execute|stage|set up|pull off|perpetrate)\b(?: \w+){0,2}? " + _CRIME_NOUN + r"\b(?! (?:in|for|of) (?:my|a|the) (?:novel|book|story|film|movie|game|show|play))",
        ),
        requires=tuple(INTENT),
        unless=tuple(FICTION) + tuple(NARRATIVE),
    ),
    HarmRule(
        "weapons",
        (
            rf"\b(?:make|making|build|building|create|creating|assemble|construct|produce|manufacture|synthesi[sz]e|cook|mix|brew|3d print|print|buy|get|obtain|smuggle|hide|detonate|detonating|plant|planting|explode|exploding|set off|setting off|throw|throwing|fabbricare|costruire|preparare|fare)\b(?: \w+){{0,3}}? {_WEAPON}\b",
            rf"\b(?:bauen|baue|baut|herstellen|basteln|bastle|mischen|mache|kaufen|kaufe)\b(?: \w+){{0,3}}? {_GERMAN_WEAPON}\b",
            rf"\b(?:turn|turning|convert|converting|transform|modify|rebuild|make)\b(?: \w+){{0,5}} into (?:a |an |some )?(?:\w+ )?{_WEAPON}\b|\b(?:trasformare|umbauen|umwandeln)\b(?: \w+){{0,5}} (?:in|zu|zur|zum) (?:una |un |einer |einem |eine )?{_GERMAN_WEAPON}\b",
            rf"\b{_GERMAN_WEAPON} (?:\w+ ){{0,2}}(?:herstellen|bauen|basteln|mischen|kaufen|besorgen|bekommen|zunden|fabbricare|costruire|preparare)\b",
            r"\bnapalm\b|\b(?:pipe|nail|car|dirty) bombs?\b|\bmolotov\b|\bnerve (?:gas|agent)\b|\b(?:sarin|ricin|anthrax)\b|\bchemical weapons?\b|\bbioweapons?\b",
        ),
        requires=tuple(INTENT),
        unless=(r"\b(?:minecraft|fortnite|game|gioco|spiel|terraria|skyrim|roblox|zelda)\b|\bin (?:a|the|my) (?:game|film|movie|novel|book)\b",),
    ),
    HarmRule(
        "drugs",
        (
            rf"\b(?:buy|buying|get|getting|find|score|sell|selling|make|making|cook|cooking|synthesi[sz]e|grow|growing|produce|smuggle|smuggling|order|deal|dealing|extract|comprare|vendere|procurarmi|produrre|kaufen|verkaufen|herstellen|besorgen)\b(?: \w+){{0,3}}? {_HARD_DRUG}\b",
            rf"\b(?:buy|buying|get|getting|sell|selling|make|making|cook|smoke|score|scoring)\b (?:some |a gram of |an ounce of |a bag of |grams of |a line of |lines of )?{_SOFT_DRUG}\b(?! (?:in|on|of|from|open|down|up) (?:my|the|a) (?:pipe|wall|screen|phone|garden|lawn|can|bottle))",
            rf"\b{_HARD_DRUG} (?:\w+ ){{0,2}}(?:kaufen|verkaufen|herstellen|besorgen|bekommen|comprare|vendere|procurarmi)\b",
            r"\b(?:gram|grams|ounce|line|lines|bag|eight ball|kilo|kilos) of (?:coke|crack|meth|smack|blow|snow)\b",
        ),
        requires=tuple(INTENT),
    ),
    HarmRule(
        "crime",
        (
            r"\b(?:steal|stealing|nick|shoplift|shoplifting|pickpocket)\b (?:a |an |some |someone s |somebody s |my \w+ s |the |from |money|cash)(?!(?:\w+ )?(?:heart|show|spotlight|base|idea|glance|kiss|moment|look|scene|thunder|limelight|hearts)\b)",
            r"\b(?:stealing|steal|shoplift\w*|cheat\w*|evade taxes|commit \w+) (?:\w+ ){0,3}without (?:getting |being )?(?:caught|noticed|detected|seen)\b|\bwithout getting caught\b",
            r"\b(?:rob|robbing|mug|mugging|burgle|burglari[sz]e|hold up|stick up)\b (?:a |an |the |my |someone|somebody|people)(?:\w+ ){0,2}",
            r"\b(?:break|breaking|get|getting|sneak|sneaking) into\b (?:a |an |the |my |someone s |somebody s |his |her |their )?(?:\w+ s |\w+ )?(?:house|home|flat|apartment|car|vault|bank vault|safe|store|shop|office|building|account|email|phone|computer|garage)\b",
            r"\b(?:disable|cut|bypass|deactivate)\b (?:the )?(?:alarm|alarms|security cameras?|cctv|security system|burglar alarm)\b(?: \w+){0,4} (?:bank|vault|store|shop|house|museum|jewel\w*)\b",
            r"\bhack\w* into (?:someone s|somebody s|my \w+ s|his|her|their|a neighbou?r s|the neighbou?r s|other people s)\b",
            r"\b(?:launder|laundering) (?:money|cash|funds)\b|\b(?:hack|hacking|hack into|crack)\b (?:into )?(?:someone s|somebody s|my \w+ s|a|an|the) (?:\w+ )?(?:account|email|phone|wifi|computer|instagram|facebook|bank|camera|webcam|router|network|wifi|cloud|icloud|laptop|tablet|car)\b",
            r"\b(?:counterfeit|forge|forging|fake) (?:money|banknotes|bills|passports?|ids?|documents|signatures?|checks|cheques)\b",
            r"\bhotwire\b|\bpick (?:a|the) lock\b(?: \w+){0,4} (?:neighbou?r|someone|house|car)\b",
            r"\b(?:write|make|create|build|code)\b(?: \w+){0,3} (?:malware|ransomware|virus|keylogger|trojan|spyware|botnet|phishing (?:email|page|site))\b|\bmalware\b|\bmaleware\b|\bransomware\b",
            r"\b(?:rubare|rapinare|scippare|truffare|riciclare) |\b(?:stehlen|klauen|ausrauben|einbrechen|uberfallen)\b",
        ),
        requires=tuple(INTENT),
        unless=tuple(FICTION) + tuple(NARRATIVE),
    ),
    HarmRule(
        "self_harm",
        (
            r"\b(?:kill|hang|drown|hurt|cut|harm|poison|shoot|stab|starve|burn|suffocate|strangle|overdose|off)\b (?:\w+ )?(?:myself|meself)\b",
            r"\b(?:end|take|ending|taking) (?:my|my own) life\b|\bend it all\b|\bcommit(?:ting)? suicide\b|\bsuicide (?:method|methods|note)\b|\bkill me\b",
            r"\b(?:i want to|i wanna|i m going to|want to|wanna) die\b|\bto die (?:like|painlessly|quickly|fast)\b|\b(?:go|went) out like\b|\bwhat can i take to die\b",
            r"\b(?:sever|slit|cut|pierce|open)\b (?:my|my own) (?:\w+ )?(?:artery|arteries|wrists?|veins?|throat)\b",
            r"\b(?:carve|cut|burn|scratch)\w* (?:\w+ ){0,3}(?:into|on|in) my (?:arm|arms|wrist|wrists|leg|legs|skin|body|thigh|thighs)\b",
            r"\bself ?harm\b|\bselbst ?verletzung\b|\bautolesionismo\b",
            r"\b(?:uccidermi|ammazzarmi|suicidarmi|impiccarmi|tagliarmi|togliermi la vita|farla finita|voglio morire)\b",
            r"\b(?:mich|mir) (?:\w+ )?(?:umbringen|toten|erhangen|ritzen|das leben nehmen)\b|\b(?:selbstmord|suizid) (?:begehen|machen)\b|\bwill sterben\b",
        ),
    ),
    HarmRule(
        "hate",
        (
            rf"\b(?:why|reasons? why|explain why|argue that|prove that|warum|perche)\b(?: \w+){{0,6}}? {_GROUP}\b(?: \w+){{0,3}}? (?:should|must|ought to|need to|needs to|had better|better|best|sollten|dovrebbero)\b(?: \w+){{0,4}}? {_DISCRIMINATION}\b",
            rf"\b(?:why|warum|perche) (?:should|must|shouldn t|sollten|dovrebbero) {_GROUP} (?:\w+ ){{0,2}}{_DISCRIMINATION}\b",
            rf"\b(?:why|warum|perche) (?:are|is|were|sind|sono) {_GROUP} (?:\w+ ){{0,2}}(?:weaker|inferior|stupid|stupider|dumber|worse|less intelligent|more violent|criminals|lazy|lazier|subhuman|animals|dirty|evil|greedy|a plague|a disease|parasites)\b",
            rf"\bwhy (?:is|would|was) it (?:be )?(?:best|better|a good idea|right|good|fair|justified)\b(?: \w+){{0,8}}? {_GROUP}\b",
            rf"\b(?:right|good|fair|best) (?:for|that) {_GROUP} (?:to |should )?(?:earn|be paid|get paid|make|not)\b",
            rf"\b(?:take|took|taking) away {_GROUP} s (?:\w+ )?rights\b|\b{_GROUP} s (?:voting|civil|equal) rights\b",
            rf"\b(?:eradicate|eliminate|exterminate|wipe out|get rid of|deport all|gas|cleanse|sterili[sz]e)\b (?:all )?(?:the )?{_GROUP}\b",
            rf"\b(?:overstate|exaggerate|lie about|lied about|made up|invented|fake|faked|deny|denying|disprove)\b(?: \w+){{0,6}}? (?:{_ATROCITY}|happened to them)\b",
            rf"\b{_ATROCITY}\b(?: \w+){{0,6}}? (?:never happened|never took place|didn t happen|did not happen|was a hoax|is a hoax|was fake|was made up|complete fabrication|a fabrication|a lie|exaggerated)\b",
            rf"\b(?:replicate|repeat|recreate|restore|reproduce|bring back|reinstate|emulate|copy|use)\b(?: \w+){{0,6}}? (?:{_ATROCITY}|pinochet s methods|style discrimination)\b",
            rf"\b(?:benefits|advantages|positives|positive sides|good sides|upsides) of (?:the )?(?:\w+ )?{_ATROCITY}\b|\b{_ATROCITY}\b(?: \w+){{0,3}} (?:actually )?(?:a good thing|good for|justified|beneficial)\b",
            r"\bwhy (?:was|is|were) (?:\w+ ){1,6}(?:right|justified|morally justified|correct) (?:to|in) (?:\w+ )?(?:attack|attacking|kill|killing|invade|invading|murder|shoot|bomb|exterminate|enslave)\w*\b",
            rf"\bwhy (?:was|is) (?:the )?(?:\w+ ){{0,4}}(?:shooting|attack|attacks|massacre|genocide|invasion|bombing|slave trade|holocaust|lynching)\b (?:\w+ )?(?:justified|right|a good thing|good)\b",
            r"\btreat (?:\w+ ){0,3}like (?:under )?(?:the )?(?:taliban|nazis|slaves|animals)\b",
        ),
        unless=(_ABSURD,),
    ),
    HarmRule(
        "stalking",
        (
            r"\b(?:track|tracking|spy on|spying on|monitor|monitoring|follow|following|stalk|stalking|locate|locating|record|recording|film|filming|watch|watching|listen to|read)\b(?: \w+){0,2} (?:my (?:\w+ )?(?:ex|wife|husband|partner|girlfriend|boyfriend|neighbou?r|boss|coworker|colleague|roommate|daughter s|son s|date|crush)|someone|somebody|a person|people|her|him|them)\b",
            r"\b(?:hidden|spy|secret) (?:camera|cam|microphone|mic|tracker|app)\b(?: \w+){0,4} (?:on|in|for) (?:my |her |his |their |someone s )?(?:\w+ )?(?:ex|wife|husband|partner|girlfriend|boyfriend|neighbou?r|room|bedroom|bathroom|house|car|phone)\b",
        ),
        requires=(r"\b(?:secretly|covertly|without (?:him|her|them|their|his|anyone|my \w+)(?: \w+)? (?:knowing|noticing|consent|permission|knowledge|finding out)|behind (?:her|his|their) back|hidden|spy|undetected|so (?:she|he|they) (?:doesn t|does not|don t|won t) (?:know|notice))\b",),
    ),
    HarmRule(
        "privacy",
        (
            rf"\b(?:my|our) (?:\w+ )?{_RELATION} s (?:\w+ )?{_PRIVATE}\b",
            rf"\b(?:other people s|others|another person s|someone else s|celebrities|celebrity s|strangers) (?:\w+ )?{_PRIVATE}\b",
            rf"\b(?:access|read|hack|track|spy on|monitor|find|get|see) (?:my |our )?(?:\w+ )?{_RELATION} s (?:\w+ )?(?:{_PRIVATE}|phone|account|location)\b",
            rf"\bhow much (?:money )?does (?:my|our) (?:\w+ )?{_RELATION} (?:earn|make)\b|\b(?:is|are) (?:my|our) (?:\w+ )?{_RELATION}s? (?:a )?members? of a (?:labou?r )?union\b",
            rf"\bwhat (?:is|are) (?:my|our) (?:\w+ )?{_RELATION} s (?:\w+ )?(?:{_PRIVATE})\b",
        ),
        requires=(r"\b(?:how much|what (?:is|are|s|was)|where (?:can|do|could|would) (?:i|we) (?:find|get|see|look)|how (?:can|do|could|would) (?:i|we) (?:find|get|access|see|read|obtain|hack|track|learn)|tell me|give me|find out|look up|show me|is|are)\b",),
        unless=(r"\b(?:my|our) (?:card|account|order|app|phone|device|bank|profile) s\b",),
    ),
)

SQUEEZED = ("napalm", "makeabomb", "buildabomb", "killmyself", "killsomeone", "howtokill", "molotov", "nervegas")
