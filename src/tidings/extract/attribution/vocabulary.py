"""The words attribution reads: cue verbs and nouns, anonymity markers, media, platforms.

Small closed lists that decide mechanism rather than coding (the speech verbs themselves live in
the event lexicon, ``lexicons/data/speech_verbs.tsv``). Each list says what it is for.
"""

from __future__ import annotations

# Verbs that introduce quoted words but are not speech acts worth an entry in speech_verbs.tsv.
QUOTE_VERBS = {
    "chant", "shout", "yell", "scream", "whisper", "exclaim", "cry", "plead", "mutter", "murmur",
    "sing", "recite", "sigh", "laugh", "snap", "bark", "retort", "interject", "write", "tweet",
    "post", "add", "say", "read",
}
# Quote verbs whose subject is often a thing ("banners reading “...”"): kept only for people and
# organisations the article names.
WEAK_QUOTE_VERBS = {"read"}
# Nouns that name a speech act; their source is their possessor, a from/by phrase, or the
# subject of the verb that issues them.
SPEECH_NOUNS = {
    "statement", "message", "words", "remark", "remarks", "comment", "comments", "speech",
    "announcement", "declaration", "testimony", "reply", "response", "answer", "warning",
    "appeal", "plea", "claim", "claims", "assertion", "denial", "allegation", "post", "tweet",
    "letter", "note", "memo", "release", "communique", "communiqué", "briefing", "interview",
    "address", "report", "verdict", "ruling", "promise", "pledge", "vow", "threat", "insistence",
    "argument", "assessment", "estimate", "forecast", "prediction", "admission", "confirmation",
}
# Verbs that issue a speech act: "the federation issued a statement" -> the federation speaks.
ISSUING_VERBS = {
    "issue", "give", "make", "deliver", "release", "publish", "post", "send", "put", "read",
    "offer", "share", "write", "sign", "tweet", "broadcast", "circulate", "file",
}
# Verbs that report speech only with a clause ("the footage showed that ..."); "the bank had
# shown a persistent disregard" is no speech act.
CLAUSE_ONLY_CUES = {"show", "find", "learn", "understand", "document", "detail", "indicate",
                    "signal", "imply", "suggest", "recall", "observe", "note", "answer", "question"}
# Things that carry words without speaking them ("signs saying “...”"); the speaker is whoever
# carries them, or nobody.
SIGN_NOUNS = {"sign", "banner", "placard", "poster", "slogan", "t-shirt", "shirt", "graffiti",
              "notice", "billboard", "sticker", "flag", "leaflet", "flyer"}
CARRYING_VERBS = {"carry", "hold", "wave", "display", "raise", "brandish", "hang", "unfurl",
                  "paint", "spray", "put", "wear", "distribute", "hand"}
# Speech verbs whose direct object is what was said ("announced 10,000 job cuts"); for the others
# ("told reporters", "praised the rescuers") the object is an addressee or a target.
OBJECT_CONTENT_VERBS = {
    "announce", "report", "confirm", "reveal", "disclose", "claim", "predict", "forecast",
    "estimate", "publish", "post", "cite", "declare", "proclaim", "allege",
}
# Demonstratives that point a sentence back at the quote before it ("Those were the words of").
POINTING_BACK = {"that", "this", "those", "these", "such", "so"}
# Objects of a speech verb that point back at the quote before ("Governor X repeated it").
POINTING_OBJECTS = {"it", "that", "this", "them", "these", "those", "words", "message", "line", "point"}
# Speaker phrases that count people rather than name them ("one of the nurses", "some say").
QUANTIFIERS = {
    "one", "two", "three", "four", "five", "several", "some", "many", "most", "all", "none",
    "each", "both", "few", "any", "dozens", "hundreds", "thousands",
}
# "I" and "we" inside a quotation are its speaker.
FIRST_PERSON = {"i", "me", "my", "we", "us", "our"}
# Left off a speaker phrase made into an actor ("a source close to ..." -> "source close to ...").
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "one", "some", "another"}
# Heads of unnamed-source phrases, and the phrases that mark a source as anonymous.
ANONYMOUS_HEADS = {
    "official", "source", "person", "people", "diplomat", "aide", "insider", "staffer", "adviser",
    "advisor", "lawmaker", "legislator", "executive", "negotiator", "investigator", "officer",
    "employee", "minister", "member", "operative", "confidant", "associate", "ally", "friend",
    "banker", "trader",
}
ANONYMITY_MARKERS = (
    "anonymity", "not to be named", "not be named", "not be identified", "not authorised",
    "not authorized", "unnamed", "anonymously", "not permitted to", "on background",
    "declined to be named", "declined to be identified", "requested anonymity",
)
SOURCE_PHRASE_MARKERS = ("familiar with", "knowledge of", "close to", "briefed on", "aware of")
# Nouns that name an organisation; "the company said" points back to the last one named.
ORGANISATION_NOUNS = {
    "company", "firm", "group", "organisation", "organization", "ministry", "department",
    "agency", "club", "airline", "bank", "party", "union", "federation", "council", "court",
    "commission", "committee", "board", "authority", "institute", "foundation", "charity",
    "association", "network", "broadcaster", "paper", "newspaper", "carrier", "lender",
    "insurer", "retailer", "manufacturer", "automaker", "carmaker", "plant", "office", "body",
    "coalition", "alliance", "movement", "campaign", "league", "team", "university", "school",
    "hospital", "army", "navy", "military", "police", "government", "administration", "embassy",
}
# Nouns that fit any organisation, and nouns that fit a company: "the group said" points back to
# the last organisation named, "the company said" to the last company.
GENERIC_ORGANISATION_NOUNS = {"group", "organisation", "organization", "body", "institution", "outfit", "charity"}
COMPANY_NOUNS = {"company", "firm", "carrier", "lender", "insurer", "retailer", "manufacturer",
                 "automaker", "carmaker", "airline", "bank", "group"}
# Nouns that name a person; "the minister said" points back to the last named person whose role
# has the noun, "the 58-year-old said" to the last named person.
PERSON_NOUNS = {
    "man", "woman", "boy", "girl", "veteran", "mother", "father", "resident", "lawyer", "expert",
    "official", "minister", "leader", "chief", "head", "spokesman", "spokeswoman", "spokesperson",
    "president", "mediator", "envoy", "ambassador", "diplomat", "senator", "governor", "mayor",
    "judge", "prosecutor", "general", "commander", "director", "professor", "economist",
    "analyst", "author", "candidate", "activist", "coach", "doctor", "teacher", "farmer",
}
# Actor kinds (actors.py) that are organisations.
ORGANISATION_KINDS = {"organisation", "ngo", "company", "government", "media", "university",
                      "military", "party", "think_tank", "criminal", "igo", "platform"}
# Media words, normalised; publications are named where the text names them.
MEDIUM_LABELS = (
    ("news conference", "news conference"), ("press conference", "news conference"),
    ("press briefing", "news conference"), ("briefing", "briefing"),
    ("press release", "statement"), ("statement", "statement"), ("communique", "statement"),
    ("interview", "interview"), ("speech", "speech"), ("address", "speech"),
    ("testimony", "hearing"), ("hearing", "hearing"), ("filing", "court filing"),
    ("letter", "letter"), ("memo", "memo"), ("podcast", "podcast"), ("television", "television"),
    ("radio", "radio"), ("rally", "rally"), ("post", "post"), ("tweet", "X"), ("video", "video"),
)
# Nouns for a written piece; its medium is the publication named with it ("at Just Security").
PUBLICATION_WORDS = {"analysis", "article", "essay", "piece", "op-ed", "oped", "column", "blog",
                     "commentary", "editorial", "paper", "book", "report", "newsletter"}
# Social platforms by name, and the verbs that name one ("tweeted").
PLATFORMS = {
    "x": "X", "twitter": "X", "bluesky": "Bluesky", "facebook": "Facebook",
    "instagram": "Instagram", "telegram": "Telegram", "tiktok": "TikTok", "youtube": "YouTube",
    "threads": "Threads", "mastodon": "Mastodon", "linkedin": "LinkedIn", "weibo": "Weibo",
    "truth social": "Truth Social", "whatsapp": "WhatsApp", "substack": "Substack",
}
PLATFORM_VERBS = {"tweet": "X"}
