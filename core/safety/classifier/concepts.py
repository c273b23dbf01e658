"""Hand-written synonym groups: words that mean the same thing to the triage and the screens.

Written for this project from what customers and attackers say (English, Italian,
German, Spanish, French), never from the rows the classifier is measured on. Each
entry is a folded phrase of one to four words, its words joined by "_" (lower case, no accents: see
`core.safety.lexicon.text.fold`); inflections are listed where the stem alone would be
ambiguous. A group only says "these belong together": the model learns from the
training rows what a group weighs for each label, so a group may hold words that
also occur in ordinary messages.
"""
from __future__ import annotations

GROUPS: dict[str, str] = {
    # money going back to the customer
    "moneyback": """refund refunds refunded refunding refundable reimburse reimbursed reimbursement reimbursements
        reimbursing restitution compensation compensate compensated chargeback chargebacks repay repayment
        money_back cash_back rimborso rimborsi rimborsare rimborsato rimborsami rimborsatemi risarcimento
        erstattung ruckerstattung erstatten erstattet ruckzahlung gutschrift geld_zuruck reembolso reembolsar
        reembolsen devolucion remboursement rembourser remboursez rembourse dedommagement""",
    "money": """money cash funds payment payments charge charges charged amount sum fee fees soldi denaro importo
        addebito pagamento geld betrag zahlung abbuchung dinero pago cargo argent paiement montant""",
    "reverse": """reverse reversed reversal undo cancel cancelled void dispute disputed contest annullare stornare
        annullate stornieren zuruckbuchen widerrufen anular cancelar annuler contester""",
    # asking for a person
    "person": """human humans person people somebody someone anybody anyone agent agents representative
        representatives rep operator operators staff employee employees manager supervisor advisor adviser
        consultant colleague live_agent real_person human_being customer_service customer_support support_team
        operatore operatrice persona persone umano qualcuno addetto responsabile collega mensch menschen
        mitarbeiter mitarbeiterin jemand jemanden jemandem berater beraterin kundenservice kundendienst
        alguien humano agente asesor representante quelqu_un humain conseiller conseillere""",
    "talk": """speak speaking talk talking chat chatting call calling phone ring contact reach connect transfer
        put_through callback call_back parlare parlo chattare chiamare chiamatemi richiamare contattare
        sprechen reden anrufen zuruckrufen ruckruf kontaktieren hablar llamar llamame contactar parler
        appeler rappeler contacter joindre""",
    "botnot": """bot robot machine automated assistant chatbot useless pointless not_helping doesn_t_help
        inutile non_capisci nutzlos verstehst_nicht inutil no_entiendes ne_comprends_pas""",
    # rules and conditions: questions to answer, not requests to act on
    "policy": """policy policies conditions rules terms eligible eligibility cases circumstances guarantee
        window deadline allowed possible how_long how_many_days within politica condizioni regole termini
        entro_quanto bedingungen richtlinie richtlinien frist innerhalb politica condiciones plazo
        politique conditions delai""",
    # food allergens and diets tied to health
    "allergen": """gluten wheat nuts nut peanut peanuts tree_nuts almond almonds hazelnut hazelnuts walnut
        walnuts cashew cashews pistachio sesame soy soya shellfish crustaceans molluscs lupin mustard celery
        sulphites sulfites lactose casein dairy eggs egg milk fish glutine arachidi frutta_a_guscio noci
        nocciole mandorle sesamo soia crostacei lattosio solfiti senape sedano nusse nuss erdnusse erdnuss
        haselnusse mandeln sesam krebstiere laktose milch senf sellerie gluten trigo cacahuetes frutos_secos
        lactosa ble arachides fruits_a_coque lactose""",
    "condition": """allergy allergies allergic intolerance intolerant celiac coeliac pregnant pregnancy
        breastfeeding diabetic diabetes asthma eczema anaphylaxis anaphylactic epipen hives reaction
        allergia allergie allergico allergica intolleranza intollerante celiaco celiaca celiachia incinta
        gravidanza allattamento diabetico allergisch unvertraglichkeit zoliakie schwanger stillzeit
        diabetiker alergia alergico intolerancia celiaco embarazada allergique enceinte""",
    "medical": """symptom symptoms side_effect side_effects dose doses dosage overdose medication medications
        medicine medicines drug drugs pill pills tablet tablets capsule prescription prescribed doctor
        doctors physician pharmacist treatment treatments treat treated therapy diagnosis diagnosed disease
        diseases syndrome disorder condition conditions infection chronic inherited genetic hereditary
        contagious vaccine vaccines immune mg farmaco farmaci medicinale sintomi sintomo dosaggio medico
        malattia terapia medikament medikamente arznei nebenwirkungen dosis arzt krankheit symptome
        medicamento medicina sintomas dosis medecin medicament symptomes maladie""",
    # prompt injection
    "ignore": """ignore ignoring disregard forget override overwrite bypass skip abandon drop ignora ignorate
        dimentica dimenticate ignoriere ignorieren vergiss vergessen missachte ignora olvida olvidar ignore
        ignorez oublie oubliez игнорируйте игнорируй игнорировать забудь забудьте abaikan lupakan
        huwag_pansinin kalimutan bo_qua 무시하고 무시해 무시하세요 gormezden_gel unut zignoruj ignoruj zapomnij
        negeer vergeet ignorar esqueca esquece""",
    "instructions": """instructions instruction rules prompt prompts system_prompt directives guidelines
        guardrails programming configuration initial_prompt system_message context training restrictions
        filters policies istruzioni regole prompt direttive impostazioni anweisungen anweisung regeln
        vorgaben richtlinien systemprompt instrucciones reglas directrices consignes regles""",
    "previous": """previous prior above earlier preceding initial original all_prior all_previous before
        precedenti precedente sopra iniziali vorherigen vorherige obigen bisherigen alle_vorherigen
        anteriores anterior precedentes ci_dessus""",
    "reveal": """reveal print repeat output disclose leak paste dump recite spell_out verbatim expose
        word_for_word rivela ripeti stampa rivelami zeige_mir verrate wiederhole gib_aus revela repite
        revele repete affiche""",
    "secret": """password passwords secret secrets key api_key token confidential hidden internal private
        passphrase code_word codeword credentials segreto segreta parola_d_ordine chiave passwort geheim
        geheimnis schlussel contrasena secreto clave mot_de_passe secret пароль секретный ключ kata_sandi
        sandi rahasia mat_khau bi_mat 비밀번호 비밀 sifre gizli haslo sekret senha segredo wachtwoord geheim""",
    "developer": """developer developers creator creators your_creator admin administrator sysadmin engineer
        sviluppatore amministratore entwickler administrator desarrollador creador developpeur createur
        разработчик создатель pengembang nha_phat_trien 개발자 gelistirici deweloper desenvolvedor
        ontwikkelaar""",
    "roleplay": """pretend roleplay role_play act_as you_are_now imagine persona character simulate simulation
        dan jailbreak jailbroken developer_mode god_mode admin_mode debug_mode sudo unrestricted unfiltered
        uncensored without_restrictions no_restrictions no_rules no_limits no_filter evil fai_finta
        interpreta impersona fingi tu_sei_ora stell_dir_vor tu_so_als_ob du_bist_jetzt spiele finge actua
        como eres_ahora imagina fais_semblant tu_es_maintenant""",
    # harmful requests
    "weapon": """bomb bombs explosive explosives grenade gun guns firearm firearms rifle ammunition weapon
        weapons pipe_bomb molotov detonator nerve_agent sarin anthrax ricin poison poisons toxin bioweapon
        chemical_weapon napalm thermite bomba esplosivo arma armi veleno bombe sprengstoff waffe waffen gift
        explosivo armas veneno explosif arme armes poison""",
    "crime": """steal stealing stole theft rob robbery burglary shoplift shoplifting fraud scam scams phishing
        launder laundering counterfeit forge forged fake_id smuggle smuggling traffic trafficking extort
        extortion blackmail bribe kidnap hijack embezzle evade_taxes tax_evasion identity_theft insider_trading
        rubare truffa frode riciclaggio contraffatto stehlen betrug falschgeld erpressen robar
        estafa fraude voler arnaque escroquerie""",
    "hack": """hack hacking hacker hacked exploit exploits malware ransomware keylogger virus trojan botnet
        ddos backdoor rootkit spyware crack cracking brute_force sql_injection zero_day breach bypass_security
        disable_antivirus steal_data credentials hackerare hackern hackear pirater""",
    "violence": """kill killing murder murdering hurt harm attack assault torture stab shoot shooting strangle
        massacre terrorist terrorism genocide abuse abusing kidnapping rape uccidere ammazzare ferire
        torturare toten umbringen verletzen foltern matar herir torturar tuer blesser torturer""",
    "selfharm": """suicide suicidal kill_myself end_my_life self_harm cut_myself hang_myself overdose_on
        starve_myself suicidio uccidermi farla_finita selbstmord umbringen suizid suicidarme suicider""",
    "illicit": """meth methamphetamine cocaine heroin fentanyl crack lsd mdma ecstasy narcotics illegal_drugs
        cook_meth grow_weed drug_dealer cocaina eroina droga drogen kokain heroin droga drogue""",
    "hate": """racist racism slur slurs inferior subhuman nazi supremacy supremacist hate_speech bigot
        discriminate propaganda extremist razzista rassistisch racista raciste""",
    "abuse": """harass harassment bully bullying cyberbully stalk stalking dox doxx doxxing revenge_porn
        threaten threat intimidate defame defamation manipulate gaslight molestare minacciare belastigen
        drohen acosar amenazar harceler menacer""",
    "howto": """how_to how_do_i how_can_i step_by_step steps tutorial guide instructions_for detailed_plan
        write_a create_a develop_a design_a explain_how teach_me give_me come_fare come_posso wie_kann_ich
        anleitung como_hacer comment_faire""",
}


def phrases() -> dict[str, str]:
    """Every phrase and its group (a phrase listed in two groups keeps the first)."""
    found: dict[str, str] = {}
    for group, text in GROUPS.items():
        for entry in text.split():
            found.setdefault(entry.replace("_", " "), group)
    return found
