"""The words the person-name detector (`person_names`) reads as context: what is never a
person (months, holidays, languages, apps, places), what introduces one ("min son",
"kuratorn", "Mr"), the verbs only a person is the subject of, where people work, the
joiners of a list of names. Swedish and English, lower case; kept apart from the rules so
each list can be read and extended on its own.
"""

from __future__ import annotations

# Never a person, however capitalised: months, weekdays, holidays (both languages).
CALENDAR = frozenset(
    [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
        "january",
        "february",
        "march",
        "may",
        "june",
        "july",
        "august",
        "october",
        "måndag",
        "tisdag",
        "onsdag",
        "torsdag",
        "fredag",
        "lördag",
        "söndag",
        "måndagar",
        "fredagar",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "jul",
        "påsk",
        "midsommar",
        "lucia",
        "easter",
        "christmas",
        "ramadan",
        "ramadhan",
        "eid",
        "bajram",
        "nowruz",
        "newroz",
        "diwali",
        "hanukkah",
        "halloween",
        "valborg",
        "julen",
        "påsken",
        "julafton",
        "nyår",
        "nyårsafton",
        "midsommarafton",
        "nouruz",
        "norouz",
        "eiden",
        "ramadanen",
    ]
)
# Words after which the next word is a person ("min son Luka", "Skolsköterskan Naima").
INTRODUCERS = frozenset(
    [
        "son",
        "sonen",
        "dotter",
        "dottern",
        "barnet",
        "barnbarnet",
        "bror",
        "brodern",
        "syster",
        "systern",
        "kusin",
        "mamma",
        "pappa",
        "mor",
        "far",
        "mamman",
        "pappan",
        "heter",
        "hette",
        "kallas",
        "mentor",
        "mentorn",
        "lärare",
        "läraren",
        "lärarn",  # as pupils type it: "lärarn hamza"
        "fröken",
        "kurator",
        "kuratorn",
        "rektor",
        "rektorn",
        "assistent",
        "assistenten",
        "skolsköterskan",
        "sköterskan",
        "specialpedagogen",
        "skolpsykologen",
        "familjebehandlaren",
        "socialsekreteraren",
        "handläggaren",
        "kontaktpersonen",
        "son",
        "daughter",
        "brother",
        "sister",
        "named",
        "called",
        "teacher",
        "mentor",
        "assistant",
        "nurse",
        "counsellor",
        "counselor",
        "principal",
        "kompis",
        "kompisen",
        "vän",
        "vännen",
        "lillebror",
        "storebror",
        "lillasyster",
        "storasyster",
        "tvillingen",
        "kusinen",
        "mormor",
        "farmor",
        "morfar",
        "farfar",
        "moster",
        "faster",
        "morbror",
        "farbror",
        "familjebehandlare",
        "kontaktperson",
        "socialsekreterare",
        "handläggare",
        "skolpsykolog",
        "psykologen",
        "specialpedagog",
        "tolk",
        "tolken",
        "elevassistenten",
        "klassföreståndaren",
        "tränaren",
        "friend",
        "cousin",
        "twin",
        "grandmother",
        "grandma",
        "aunt",
        "uncle",
        "kids",
        "therapist",
        "worker",
        "psychologist",
        "interpreter",
        "coach",
        # titles: "Mr Lindberg", "Dr Rahimi", "herr Nilsson"
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "doktor",
        "doktorn",
        "herr",
        "sir",
    ]
)
# Places in and around Stockholm that are also names or in no word table: a district is
# a respondent attribute and a report group, not a person.
PLACES = frozenset(
    [
        "stockholm",
        "järva",
        "kungsholmen",
        "rinkeby",
        "tensta",
        "hjulsta",
        "husby",
        "kista",
        "akalla",
        "spånga",
        "hässelby",
        "vällingby",
        "bromma",
        "skärholmen",
        "farsta",
        "enskede",
        "årsta",
        "vantör",
        "hägersten",
        "liljeholmen",
        "södermalm",
        "östermalm",
        "norrmalm",
        "vasastan",
        "gamla",
        "stan",
        "älvsjö",
        "skarpnäck",
        "bagarmossen",
        "solna",
        "sundbyberg",
        "botkyrka",
        "huddinge",
        "haninge",
        "nacka",
        "täby",
        "järfälla",
        "sollentuna",
        "södertälje",
        "upplands",
        "väsby",
        # the outer districts and suburbs families write from, south and west
        "alby",
        "fittja",
        "hallunda",
        "norsborg",
        "tumba",
        "tullinge",
        "flemingsberg",
        "jordbro",
        "skogås",
        "vårby",
        "vårberg",
        "bredäng",
        "sätra",
        "rågsved",
        "högdalen",
        "hagsätra",
        "bandhagen",
        "hökarängen",
        "fagersjö",
        "farsta",
        "skarpnäck",
        "hammarbyhöjden",
        "björkhagen",
        "kärrtorp",
        "hässelby",
        "vällingby",
        "råcksta",
        "blackeberg",
        "kälvesta",
        "bromsten",
        "solhem",
        "lunda",
        "hjulsta",
        "sollentuna",
        "rissne",
        "hallonbergen",
        "märsta",
        "kurva",
        "segeltorp",
        "skärholmens",
        "botkyrka",
        "rönninge",
        "sverige",
        "sweden",
        "göteborg",
        "malmö",
        "uppsala",
        "norrland",
        "finland",
        # where families come from: a country is no person either
        "syria",
        "syrien",
        "somalia",
        "somaliland",
        "eritrea",
        "etiopien",
        "ethiopia",
        "irak",
        "iraq",
        "iran",
        "afghanistan",
        "turkiet",
        "turkey",
        "kurdistan",
        "libanon",
        "lebanon",
        "palestina",
        "palestine",
        "marocko",
        "morocco",
        "egypten",
        "egypt",
        "jemen",
        "yemen",
        "sudan",
        "bosnien",
        "bosnia",
        "kosovo",
        "serbien",
        "serbia",
        "kroatien",
        "croatia",
        "polen",
        "poland",
        "ryssland",
        "russia",
        "ukraina",
        "ukraine",
        "chile",
        "colombia",
        "bolivia",
        "peru",
        "ecuador",
        "argentina",
        "venezuela",
        "mexiko",
        "mexico",
        "estland",
        "djibouti",
        "kenya",
        "uganda",
        "etiopia",
        "mogadishu",
        "hargeisa",
        "asmara",
        "bagdad",
        "baghdad",
        "erbil",
        "damaskus",
        "damascus",
        "aleppo",
        "teheran",
        "tehran",
        "kabul",
        "ankara",
        "istanbul",
        "izmir",
        "sarajevo",
        "mostar",
        "tuzla",
        "warszawa",
        "gdansk",
        "krakow",
        "helsingfors",
        "tammerfors",
        "åbo",
        "lima",
    ]
)
# Swedish adverbs the lemma table leaves out: at the start of a sentence a verb follows
# them ("Överlag har vi…", "Hemma är det lugnt"), as it follows a name.
ADVERBS = frozenset(
    [
        "sen",
        "hemma",
        "uppe",
        "nere",
        "framme",
        "borta",
        "överlag",
        "sammanfattningsvis",
        "tyvärr",
        "egentligen",
        "nästan",
        "dessutom",
        "däremot",
        "strax",
        "äntligen",
        "annars",
        "liksom",
        "okej",
        "hittills",
        "naturligtvis",
        "troligen",
        "förmodligen",
        "antagligen",
        "givetvis",
        "iallafall",
        "nuförtiden",
        "först",
        "efteråt",
        "därefter",
        "dessförinnan",
        "sedermera",
        "emellertid",
        "således",
        "följaktligen",
        "framförallt",
        "bitvis",
        "periodvis",
        "emellanåt",
        "sällan",
        "hursomhelst",
        "ärligtvis",
        "personligen",
        "huvudsakligen",
        "mestadels",
        "vanligtvis",
        "tydligen",
        "uppenbarligen",
        "lyckligtvis",
        "olyckligtvis",
        "dessvärre",
        "hemifrån",
        "hemåt",
        "därifrån",
        "härifrån",
        "överallt",
        "ingenstans",
        "ihop",
        # prepositions and adverbs of place the lemma table leaves out
        "bredvid",
        "ovanför",
        "nedanför",
        "innanför",
        "förbi",
        "hemifrån",
        "hemåt",
        "därifrån",
        "intill",
        "runtom",
        "omkring",
        "emellan",
        "någonstans",
    ]
)
# Endings of adverbs in no list ("stundvis", "ärligen", "honestly"): never a name.
ADVERB_ENDINGS = ("vis", "ligen", "ly")
# Endings of Swedish place names ("Hammarby", "Hagsätra", "Vårberg"): a word in no list
# that ends so is a place.
PLACE_ENDINGS = (
    "sätra",
    "berg",
    "by",
    "sta",
    "vik",
    "näs",
    "holm",
    "holmen",
    "torp",
    "ryd",
    "dal",
    "dalen",
    "lund",
    "stad",
    "köping",
    "sund",
    "tuna",
    "inge",
    "hamra",
    "backen",
    "hagen",
    "ängen",
    "ström",
    "fors",
    "åker",
    "sjö",
    "plan",
    "platsen",
    "torget",
)
# Four-letter words Swedish surnames are made of ("Ekgren", "Almsten", "Lindblad"): a
# word in no list ending in one is not taken for a compound of everyday words.
SURNAME_TAILS = frozenset(
    ["gren", "sten", "blad", "dahl", "stam", "ling", "mark", "stad", "hage", "borg", "lind"]
)
# Capitalised words that are neither names nor in the word tables: English language and
# nationality words, diagnoses named after people, apps and services families mention,
# and Swedish function words the lemma table leaves out.
NEVER = (
    frozenset(
        [
            "arabic",
            "arabiska",
            "swedish",
            "svenska",
            "english",
            "engelska",
            "somali",
            "somaliska",
            "finnish",
            "finska",
            "polish",
            "polska",
            "turkish",
            "turkiska",
            "persian",
            "persiska",
            "farsi",
            "dari",
            "kurdish",
            "kurdiska",
            "tigrinya",
            "spanish",
            "spanska",
            "french",
            "franska",
            "german",
            "tyska",
            "bosnian",
            "bosniska",
            "russian",
            "ryska",
            "ukrainian",
            "ukrainska",
            "amharic",
            "amhariska",
            "tigrinja",
            "romani",
            "romska",
            "kurmanji",
            "sorani",
            "arameiska",
            "thai",
            "thailändska",
            "vietnamesiska",
            "dariska",
            "tagalog",
            "lingala",
            "swahili",
            "yoruba",
            "igbo",
            "twi",
            "wolof",
            "hindi",
            "bengali",
            "bengaliska",
            "punjabi",
            "mandarin",
            "kantonesiska",
            "cantonese",
            "vietnamese",
            "rumänska",
            "romanian",
            "albanska",
            "serbiska",
            "kroatiska",
            "hebreiska",
            "hebrew",
            "japanska",
            "japanese",
            "koreanska",
            "korean",
            "mongoliska",
            "mongolian",
            "pashtu",
            "hazaragi",
            "oromo",
            "oromiffa",
            "urdu",
            "pashto",
            "albanian",
            "serbian",
            "croatian",
            "greek",
            "italian",
            "tourette",
            "tourettes",
            "asperger",
            "aspergers",
            "adhd",
            "add",
            "autism",
            "netflix",
            "snapchat",
            "whatsapp",
            "instagram",
            "tiktok",
            "youtube",
            "google",
            "facebook",
            "fortnite",
            "minecraft",
            "roblox",
            "discord",
            "teams",
            "zoom",
            "skolplattformen",
            "unikum",
            "vklass",
            "bris",
            "spotify",
            "iphone",
            "ipad",
            "schoolsoft",
            "infomentor",
            "chromebook",
            "playstation",
            "xbox",
            "fifa",
            "uno",
            "alexa",
            "skolfam",
            "barnahus",
            # school subjects pupils capitalise ("hjälper mig me Matte")
            "matte",
            "maths",
            "math",
            "idrott",
            "slöjd",
            "hemkunskap",
            "geografi",
            "biologi",
            "kemi",
            "fysik",
            "pokemon",
            "twitch",
            "telegram",
            "viber",
            "messenger",
            "swish",
            "bankid",
            "klarna",
            # what people are, not who: "min man är Turk"
            "turk",
            "kurd",
            "svensk",
            "finne",
            "somalier",
            "syrier",
            "eritrean",
            "afghan",
            "iranier",
            "irakier",
            "arab",
            "polack",
            "bosnier",
            # shops, chains and clubs families name as places they work or go
            "ica",
            "coop",
            "lidl",
            "willys",
            "hemköp",
            "mcdonalds",
            "friskis",
            "fryshuset",
            "efter",
            "innan",
            "under",
            "sedan",
            "medan",
            "eftersom",
            "fast",
            "trots",
            "utan",
            "mellan",
            "genom",
            "enligt",
            "bland",
            "hej",
            "hejsan",
            "tack",
            "kanske",
            "också",
            "även",
            "ändå",
            "redan",
            "alltså",
            "dock",
            "förut",
            "numera",
        ]
    )
    | PLACES
    | ADVERBS
)
# "o" and "n" are how "och" and "and" are typed on a phone ("sara o ali", "abdi n hamza").
JOINERS = frozenset({"och", "and", "&", ",", "eller", "or", "samt", "o", "n", "+"})


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Kin and roles: after a genitive they make it a person's ("Axels bästa kompis"), and
# before "till"/"to"/"of" they introduce one ("mormor till Dilan").
KIN = _set(
    """
    favorit favourite favorite hooyo aabo äiti isä mummo vaari abuela abuelo mamma pappa mor far mormor farmor morfar farfar bror syster lillebror storebror
    lillasyster storasyster kusin kusiner kompis kompisar vän vänner klasskompis
    klasskompisar tvilling tvillingbror tvillingsyster moster faster morbror farbror
    föräldrar familj lärare mentor assistent elevassistent kurator tränare son dotter
    barn flickvän pojkvän man fru exman exfru sambo svärmor svärfar bonusson
    bonusdotter barnbarn
    mother father mum mom dad parents grandmother grandma grandfather grandpa granny
    brother sister cousin friend friends twin aunt uncle family teacher teachers
    mentor assistant counsellor counselor girlfriend boyfriend son daughter
    husband wife ex partner stepson stepdaughter kid kids child
    """
)
OF = _set("till to of åt för for")
NAME = _set("name namn")  # "his name is Mo"
ROLE_ADJECTIVES = _set(
    "bästa gamla nya lilla stora äldre yngre förra best old new little big older younger "
    "former elder"
)
# Verbs whose subject is a person: after a word that is also a name, at the start of a
# sentence, they tell the name ("Tuva säger", "Axel saknar").
PERSON = _set(
    """
    säger sa sade tycker tyckte vill ville mår mådde berättade berättar saknar saknade
    känner kände tror trodde pratar pratade svarade svarar frågade frågar orkar orkade
    gillar gillade älskar älskade hatar längtar längtade vägrar vägrade gråter grät
    skrattar ljuger ljög fick får slutade började kom går gick sover sov spelar spelade
    träffade träffar behöver behövde brukar bor bodde jobbar hälsar skriver skrev
    hörde satt sitter tränar hjälpte hjälper ringde ringer ordnade lyssnade lyssnar
    förstod förstår märkte kallas väntar väntade skäms skämdes litar litade trivs trivdes
    says said tells told wants wanted feels felt thinks thought likes liked loves loved
    hates hated misses missed answered asked cried refuses refused started stopped went
    goes got gets needs needed lives lived plays played talks talked sleeps slept
    came comes sat helped helps called calls listened understood noticed arranged
    uppgav menade betonade konstaterade beskrev beskriver framhöll påpekade poängterade
    lämnade fixade noted stated described emphasised emphasized
    explained reported left joined visste knew läste läser fattar fattade skäller skällde
    flyttade ritar ritade tried tries gave taught walked smiled laughed cared say hjalpte
    forstod fragade traffade följde följer followed showed visade lät
    """
)
# ... and for a word in no list, any verb a subject takes ("Yordanos har", "Soran has").
BROAD = PERSON | _set(
    """
    har hade är var blir blev kan kunde ska skulle måste kommer verkar hjälpte hjälper
    tog gjorde has had is was will can could would should must seems helped helps took
    did made e va r are
    """
)
# "e" and "va" are "är" and "var" as typed on a phone ("yonas e sjuk"), "r" is "are".
COPULA = _set("är var is was e va")
HAVE = _set("har hade has had")
# What only a person is ("Björn var rädd") or has done ("Viola har börjat").
FEELINGS = _set(
    "rädd glad ledsen arg orolig trött sjuk nervös blyg ensam stolt "
    "glada ledsna arga oroliga trötta sjuka rädda nöjd nöjda stressad "
    "scared happy sad angry worried tired sick afraid nervous shy lonely proud upset "
    "snäll snälla sjukskriven tålmodig amazing kind lovely patient helpful wonderful "
    "fin rolig gullig underbar fantastisk"
)
DONE = _set(
    "börjat slutat fått lärt berättat sagt velat tyckt mått bytt flyttat haft "
    "gått sovit klarat kommit pratat gråtit skrattat vågat orkat lyckats "
    "started stopped got told said wanted felt moved"
)
# Swedish puts the verb second: after an opening adverb the subject pronoun follows the
# verb ("Sen gick det"). English does not ("Tuva says she…").
PRONOUNS = _set("jag du han hon vi ni de dom det den man")
MY = _set("min mitt mina vår vårt våra my our")
AND = _set("och and")
THEIR = _set("hans hennes deras his her their")
ARTICLES = _set("the a an")
FUNCTION_BEFORE = _set("i jag")
# Words after which a lower-case known name is a person: the prepositions people follow
# ("pratade med hanna", "hos hodan", "thanks to lena") and the verbs of meeting someone.
TO_PERSON = _set(
    "med m me hos till åt with w to träffade träffa träffar ringde ring ringa met meet called call "
    "tel ang angående mest mejlade mejla mejlat kontaktade kontakta kontaktat smsade fråga "
    "asked ask emailed texted contacted"
)
# ... when what follows ends the phrase: a name is not followed by the noun an adjective
# or a preposition would take ("med lena händer").
PHRASE_ENDS = _set(
    "och o and n & på i från om men at from in on but som who that när when igår idag "
    "yesterday today också too also direkt hela varje every about igen again ang angående re "
    "mostly most mest ibland sometimes oftast always alltid"
)
# After a verb of saying or thinking "det" is its object, not an inverted subject
# ("Shilan tyckte det var pinsamt", unlike "Sen gick det bra").
SAYING = _set(
    "tycker tyckte säger sa sade tror trodde berättade berättar visste vet förstod förstår "
    "märkte understood knew"
)
IN = _set("i in")
# Verbs only a person does, not a letter or a bus that "came" ("Bill from the dentist came").
AGENT = _set(
    """
    säger sa sade tycker tyckte berättade berättar hjälpte hjälper ringde ringer lyssnade
    lyssnar förstod förstår märkte frågade frågar svarade svarar pratade pratar ordnade
    says said told tells helped helps called calls listened understood noticed asked
    answered talked arranged
    """
)
# Where a person works or belongs ("från soc", "på skolan", "from the team").
FROM = _set("från på i hos from at in")
FROM_PLACE = _set("från hos from")
# ... a short word that is also a name only with a place that is people, not a thing
# that comes from there ("Liv från teamet", but "Mat från skolan" is lunch).
TEAMS = _set("teamet team soc socialtjänsten bup elevhälsan familjebehandlingen")
# "linnea från teamet": who is "from the team" is a person (Swedish only: "love from
# the team" is no one).
FROM_TEAM = _set("från hos")
# ... the places a named person there works in: "Liv från teamet", "Aria from the team".
WORKPLACES = _set(
    """
    teamet team skolan school soc socialtjänsten socialtjänst socen bup elevhälsan elevhälsoteamet
    fritids fritidsgården matsalen klassen kommunen stadsdelen förvaltningen mottagningen
    vårdcentralen habiliteringen habben ungdomsmottagningen fältarna familjebehandlingen
    socialförvaltningen utbildningsförvaltningen skolförvaltningen
    """
)
# ... where only staff are ("Gunnel i matsalen", "Bex in the canteen").
STAFF_ROOMS = _set(
    "teamet matsalen köket fritids fritidsgården elevhälsan expeditionen team canteen kitchen "
    "office"
)
# How one is doing ("har det bättre") and the pronouns that refer back to a person.
STATES = _set("bättre bra sämre tufft svårt jobbigt kämpigt lättare fint skönt")
# A known name typed in lower case before "han"/"hon" in a run-on answer is the person
# they refer to ("jag gillade yonas han lyssnade").
HE_SHE = _set("han hon he she")
HIM_HER = _set("honom henne him her")
# The pronoun a row of names is taken up by ("lejla och amir dom var bäst").
THEY = _set("dom de they")
PERSONAL = HE_SHE | HIM_HER | _set("hans hennes his hen")
# ... and the words for going to see or calling someone.
VISIT = _set("hos träffade träffa ringde see met meet visit visited called")
# The adverbs after an inverted subject ("har wilma inte gått", "and yasmin too").
SENTENCE_ADVERBS = _set("inte också heller nu alltid aldrig redan fortfarande not never also too")
# Thanks name a person ("tack karolna", "JAG VILL TACKA LOTTA", "thank you anna").
THANKS = _set("tack tacka tackar thank thanks vare")
# The last word of a sign-off, before the writer's name: "Hälsningar, Per", "Mvh Bo",
# "Best regards, Will".
SIGN_OFFS = _set("mvh hälsningar hälsning hälsar kram kramar regards wishes cheers")
# Telling the reader to get in touch, opening a sentence as a name would: "Ring Ahmed
# på …", "Ring 070-…", "Call me".
CONTACT_VERBS = _set("ring ringa sms:a smsa mejla maila skriv call phone text email write")
# ... and what follows the person thanked, not a noun ("tack lena du va bäst", "tack
# lisa för allt"; but "tacka hela teamet").
THANKED_NEXT = PRONOUNS | _set("för for så so att")
# "Vide och jag", "me and Aria": only a person stands beside the writer.
ME = _set("jag mig me")
# Who a person is when it directly follows the name ("pirkko mormor var med").
ELDERS = _set("mormor farmor morfar farfar moster faster morbror farbror")
# Who someone is at work, said in brackets or after a comma right after the name
# ("Björk (läraren i svenska)", "Dag (skolsoc.)", "Li, skolsköterskan", "Abebe (the
# psychologist?)"): a person. An abbreviation counts when it begins one of these
# ("vaktm." for "vaktmästare"), so every form is listed whole, without its definite end.
ROLES = _set(
    """
    rektor biträdande kurator psykolog skolpsykolog sköterska skolsköterska sjuksköterska
    specialpedagog speciallärare lärare klasslärare ämneslärare mentor vaktmästare
    socialsekreterare handläggare familjebehandlare behandlare samordnare chef
    verksamhetschef enhetschef förvaltningschef avdelningschef skolsocionom socionom
    elevassistent assistent fritidspedagog fritidsledare studievägledare tolk läkare
    ordförande projektledare utvecklingsledare utredare kontaktperson fältassistent
    elevhälsochef skolledare skolkurator skolläkare
    teacher psychologist nurse counsellor counselor principal coordinator worker
    therapist interpreter head chair manager caretaker janitor mentor doctor social
    """
)
# The definite and plural ends a role word takes ("kuratorn", "lärarna", "mentorerna").
ROLE_ENDS = ("", "n", "en", "et", "na", "erna", "arna", "orna", "s")
# What a place or an institution named after a person is called after the name ("Selma
# Lagerlöfs skola", "Katarina kyrka", "Hjalmar Söderberg School"): not the person.
INSTITUTIONS = _set(
    """
    skola skolan skolor gymnasium gymnasiet kyrka kyrkan kyrkoförsamling församling
    sjukhus sjukhuset park parken torg torget gata gatan väg vägen plan stiftelse
    stiftelsen musikklasser musikklasserna institutet akademi akademin hus huset
    school church hospital park square street road academy college institute foundation
    """
)
# Short words that follow a first name in the name of a place, a building or a game,
# not a surname ("Ebba Grön" is a person, "Maria Torg" a square, "Mario Kart" a game).
PLACE_NOUNS = INSTITUTIONS | _set("gård torg hall hem bro port bad zoo kart")
# ... and what such a place's compound name ends in ("Astrid Lindgrens barnsjukhus").
INSTITUTION_ENDINGS = ("sjukhus", "sjukhuset", "skola", "skolan", "kyrka", "kyrkan", "gymnasiet")
# Short forms of weekdays in notes ("Try again Thu", "mån 14/3"): never a name.
WEEKDAY_SHORT = _set("mon tue tues wed thu thur thurs fri mån tis ons fre lör sön")
# Two capitals that are no one's initials: school subjects, methods and common short
# forms ("NO gick bra", "MI har hjälpt", "IT har", "OK").
ABBREVIATIONS = _set(
    "no so sv ma en eng mi ok it hr eu tv pc id vc ks bb uk us fn ai iq ps cv gp ab dm sm"
)
# Titles written short with a full stop before the name ("Ms. Ek", "fam. Warsame").
TITLE_ABBREVIATIONS = _set("mr mrs ms dr fam fr")
# A pupil's school year right after the word ("Sohrab åk 7", "Ask (åk 4)").
SCHOOL_YEAR = _set("åk årskurs grade")
# A class a pupil is in, after "i"/"in": "Liv i 4b", "Linnea i 3an", "Eden i min klass".
CLASS_WORDS = _set("klassen klass class")
# Where someone comes from is a place: "we are from Basra", "flydde från Mariupol".
ORIGIN_VERBS = _set("kom kommer är var came come comes are is am was were")
MOVING = _set("flydde flytt flyttade flyttat flytta född födda moved fled born")
WE = HE_SHE | THEY | _set("vi jag we i")
HITHER = _set("hit hem here over")
# Saying what someone is called: the next word is the name ("hon heter rose", "a boy
# named Bo", "kallade honom Mackan").
NAMING = _set("heter hette named kallas kallades")
CALLING = _set("kallade kallar kalla called calls call")
# The writer saying who writes: "det är amira här", "jag är amira, mamma till…",
# "this is amira", "i'm amira", "hej amira här".
SELF_COPULA = _set("är e is am")
SELF_SUBJECT = _set("det detta jag this it i")
SELF_CONTRACTED = _set("i'm im")
HERE = _set("här here")
GREETINGS = _set("hej hejsan hallå tjena hi hello hey")
# Verbs that open a question before its subject ("Kan Lisa komma?", "Can Anna …"):
# a capital before a name that is no first name.
AUXILIARIES = _set(
    "kan ska skall får vill måste bör borde har hade är var blir kommer kunde skulle "
    "can may shall should could would did does do must might has have is was"
)
# Words for how many, which open sentences as a name would: "Alla i teamet", "Ingen i
# elevhälsan har tid".
QUANTIFIERS = _set(
    "alla ingen inget inga många flera några vem vad varje båda all none nobody everyone "
    "someone many some both each"
)
# "på" as where staff are ("Stig på fritids", "Hope på elevhälsan").
ON = _set("på")
# One-word answers that judge or answer yes or no, never a name on their own.
ANSWER_WORDS = _set(
    "good great fine nice best ok okay yes no maybe nothing everything all none bra bäst "
    "toppen okej ja nej kanske inget allt alla ingen ingenting jättebra superbra"
)
# Speaking to someone: "Yonas, if you read this", "Karolina, läser du det här?".
YOU = _set("du ni you dig er")
