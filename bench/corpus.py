"""A team-written generator of varied news articles, and writers for WARC, JSON Lines and RSS.

The benchmark and the fault tests need thousands of articles that look like wire news (varied
actors, verbs, places, quotes, lengths around 600 words) with no network and no third-party
text. Every template, name and sentence below was written by the tidings team; the generator is
deterministic for a given seed. About one article in six is not political (weather, markets,
sport, culture), as in a real news crawl: those are what a pre-filter may skip.

    from corpus import generate_articles, write_warc
    articles = list(generate_articles(2000, seed=7))
    write_warc(path, articles)                   # CC-NEWS layout: one gzip member per record
"""

from __future__ import annotations

import datetime as dt
import gzip
import html
import io
import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# ---------------------------------------------------------------------------------------------
# vocabulary (invented where it names people or outlets)

COUNTRIES = [
    # name, demonym, capital, other city
    ("Kenya", "Kenyan", "Nairobi", "Mombasa"),
    ("Peru", "Peruvian", "Lima", "Cusco"),
    ("Poland", "Polish", "Warsaw", "Gdansk"),
    ("Vietnam", "Vietnamese", "Hanoi", "Da Nang"),
    ("Ghana", "Ghanaian", "Accra", "Kumasi"),
    ("Chile", "Chilean", "Santiago", "Valparaiso"),
    ("Turkey", "Turkish", "Ankara", "Izmir"),
    ("India", "Indian", "New Delhi", "Chennai"),
    ("Brazil", "Brazilian", "Brasilia", "Recife"),
    ("Egypt", "Egyptian", "Cairo", "Alexandria"),
    ("Japan", "Japanese", "Tokyo", "Osaka"),
    ("Mexico", "Mexican", "Mexico City", "Monterrey"),
    ("Nigeria", "Nigerian", "Abuja", "Lagos"),
    ("Ukraine", "Ukrainian", "Kyiv", "Odesa"),
    ("Pakistan", "Pakistani", "Islamabad", "Karachi"),
    ("Indonesia", "Indonesian", "Jakarta", "Surabaya"),
    ("France", "French", "Paris", "Marseille"),
    ("Germany", "German", "Berlin", "Hamburg"),
    ("Colombia", "Colombian", "Bogota", "Medellin"),
    ("Ethiopia", "Ethiopian", "Addis Ababa", "Gondar"),
    ("Iran", "Iranian", "Tehran", "Isfahan"),
    ("Philippines", "Philippine", "Manila", "Cebu"),
    ("Sudan", "Sudanese", "Khartoum", "Port Sudan"),
    ("Canada", "Canadian", "Ottawa", "Toronto"),
]
ORGANISATIONS = [
    "the United Nations", "NATO", "the European Union", "the African Union", "the World Bank",
    "the International Monetary Fund", "the Red Cross", "Amnesty International",
    "the World Health Organization", "Human Rights Watch",
]  # fmt: skip
ROLES = ["President", "Prime Minister", "Foreign Minister", "Defence Minister", "Interior Minister",
         "opposition leader", "army chief", "central bank governor", "trade minister"]  # fmt: skip
FIRST = ["Amara", "Tomasz", "Lucia", "Kwame", "Ines", "Rahul", "Mei", "Oleksandr", "Fatima",
         "Jonas", "Camila", "Yusuf", "Hana", "Mateo", "Adaeze", "Pavel", "Leila", "Diego",
         "Sofia", "Kenji", "Nadia", "Emeka", "Rosa", "Arjun", "Elif", "Tariq"]  # fmt: skip
LAST = ["Okafor", "Nowak", "Herrera", "Mensah", "Varga", "Sharma", "Tanaka", "Kovalenko",
        "Haddad", "Lindqvist", "Rojas", "Demir", "Suzuki", "Alvarez", "Eze", "Petrov",
        "Karimi", "Moreno", "Ricci", "Abebe", "Santos", "Iyer", "Bauer", "Nguyen"]  # fmt: skip
GROUPS = ["protesters", "striking miners", "students", "farmers", "rebel fighters",
          "opposition supporters", "teachers", "dock workers", "taxi drivers", "residents"]  # fmt: skip
ISSUES = ["fuel prices", "the border dispute", "water rights", "a disputed election",
          "fishing quotas", "the detention of journalists", "grain exports", "a pipeline deal",
          "refugee returns", "mining licences", "power cuts", "land reform"]  # fmt: skip
OUTLETS = [("The Harbour Post", "harbourpost.example"), ("Daily Meridian", "meridian.example"),
           ("Northern Ledger", "ledger.example"), ("Coastline Times", "coastline.example"),
           ("The Plains Courier", "courier.example"), ("Evening Compass", "compass.example")]  # fmt: skip
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday",
        "on Sunday", "late on Tuesday", "early on Friday", "this week"]  # fmt: skip

# Event sentences: {a} and {b} are actors, {c}/{city} a place, {issue} a topic, {day} a time.
EVENT_TEMPLATES = [
    "{a} accused {b} of stoking tension over {issue} {day}.",
    "{a} met {b} in {city} {day} to discuss {issue}.",
    "{a} signed an agreement with {b} {day} on {issue}.",
    "{a} threatened to impose sanctions on {b} over {issue}.",
    "{a} rejected a proposal from {b} on {issue}, officials said.",
    "{a} condemned the shelling of {city} and urged {b} to stop.",
    "{a} called for talks with {b} on {issue}.",
    "{a} praised {b} for its handling of {issue}.",
    "{a} announced emergency aid for {b} after floods hit {city}.",
    "{a} expelled two diplomats from {b} {day}.",
    "{a} demanded that {b} release the detained reporters.",
    "{a} promised to cooperate with {b} on {issue}.",
    "{a} criticised {b} for delays on {issue}.",
    "{a} visited {city} {day} and held talks with {b}.",
    "{a} denied that it had blocked talks with {b}.",
    "{a} warned {b} against any move on {issue}.",
    "{a} apologised to {b} for remarks about {issue}.",
    "{a} investigated claims that {b} had seized cargo near {city}.",
]  # fmt: skip
CONFLICT_TEMPLATES = [
    "Police arrested dozens of {group} in {city} {day}.",
    "Security forces fired tear gas at {group} who had gathered outside parliament in {city}.",
    "{group_cap} marched through central {city} {day}, demanding action on {issue}.",
    "Troops shelled positions held by rebel fighters near {city}, a military spokesman said.",
    "Gunmen attacked a police station in {city}, killing three officers.",
    "{group_cap} blocked the main road into {city} to protest over {issue}.",
]  # fmt: skip
QUOTES = [
    "We will not accept any deal that ignores {issue}",
    "Our door remains open, but patience is running out",
    "This is a matter for the courts, not for politicians",
    "The talks were frank and we made real progress",
    "Nobody should be punished for telling the truth",
    "We expect our partners to honour what they signed",
]  # fmt: skip
BACKGROUND = [
    "The dispute over {issue} has simmered for more than a decade.",
    "Analysts said the move reflected growing pressure at home ahead of next year's vote.",
    "{country} has long relied on exports of grain and minerals to balance its budget.",
    "Inflation in {country} reached its highest level in six years last month.",
    "The two neighbours share a long border that was redrawn several times in the last century.",
    "Diplomats in {capital} described the mood as tense but not hostile.",
    "Talks on {issue} broke down last spring after a row over how to verify the terms.",
    "The government has faced criticism over its handling of the economy and of {issue}.",
    "Several regional leaders are expected to attend a summit in {capital} later this month.",
    "Officials in {capital} did not respond to requests for comment.",
]  # fmt: skip
NON_POLITICAL = {
    "weather": [
        "Temperatures in {city} are forecast to climb to 31 degrees by the weekend.",
        "Light showers are likely in the afternoon, with winds easing after dark.",
        "Forecasters said the dry spell would last until the middle of next week.",
        "Humidity will stay high along the coast, while inland nights turn cooler.",
        "Early morning fog could slow traffic on the ring road around {city}.",
    ],
    "markets": [
        "Shares in {city} closed slightly higher, led by technology and consumer stocks.",
        "The currency held steady against the dollar in thin holiday trading.",
        "Bond yields edged lower as investors weighed fresh data on retail sales.",
        "Copper prices rose for a third session on hopes of stronger factory demand.",
        "Trading volumes were below their monthly average, brokers in {city} said.",
    ],
    "culture": [
        "A new exhibition of textile art opened at the city museum in {city}.",
        "The festival programme includes forty films from eighteen countries.",
        "Tickets for the opening concert sold out within an hour of going on sale.",
        "The novel follows three sisters who run a bakery on the edge of {city}.",
        "Critics singled out the lighting and the score for particular attention.",
    ],
}  # fmt: skip


@dataclass(frozen=True)
class GeneratedArticle:
    id: str
    title: str
    text: str
    outlet: str
    host: str
    url: str
    published: dt.date
    political: bool

    @property
    def words(self) -> int:
        return len(self.text.split())

    def as_record(self) -> dict[str, str]:
        """The JSON Lines contract of tidings.sources.jsonl."""
        return {"id": self.id, "url": self.url, "outlet": self.outlet, "title": self.title,
                "published": self.published.isoformat(), "text": self.text}  # fmt: skip


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _actor(rng: random.Random, home: tuple[str, str, str, str]) -> str:
    kind = rng.random()
    country, demonym, _capital, _city = home
    if kind < 0.35:
        return f"{demonym} {rng.choice(ROLES)} {_person(rng)}"
    if kind < 0.55:
        return f"the {demonym} government"
    if kind < 0.7:
        return rng.choice(ORGANISATIONS)
    if kind < 0.85:
        return country
    return f"{country}'s {rng.choice(['army', 'foreign ministry', 'parliament', 'police'])}"


def _fill(template: str, rng: random.Random, home, away) -> str:
    city = rng.choice([home[2], home[3], away[2], away[3]])
    group = rng.choice(GROUPS)
    text = template.format(
        a=_actor(rng, home), b=_actor(rng, away), city=city, issue=rng.choice(ISSUES),
        day=rng.choice(DAYS), group=group, group_cap=group[0].upper() + group[1:],
        country=home[0], capital=home[2],
    )  # fmt: skip
    return text[0].upper() + text[1:]


def _quote(rng: random.Random, home) -> str:
    speaker = f"{home[1]} {rng.choice(ROLES).lower()} {_person(rng)}"
    said = rng.choice(["said", "told reporters", "said in a statement", "told a news conference"])
    quote = rng.choice(QUOTES).format(issue=rng.choice(ISSUES))
    return f'"{quote}," {speaker} {said}.'


def _political(rng: random.Random, target_words: int) -> tuple[str, str]:
    home, away = rng.sample(COUNTRIES, 2)
    lead = _fill(rng.choice(EVENT_TEMPLATES), rng, home, away)
    title = " ".join(lead.split(",")[0].rstrip(".").split()[:12])
    paragraphs = [f"{home[2].upper()} - {lead}"]
    words = len(paragraphs[0].split())
    while words < target_words:
        roll = rng.random()
        sentences = []
        for _ in range(rng.randint(2, 4)):
            pick = rng.random()
            if pick < 0.35:
                sentences.append(_fill(rng.choice(EVENT_TEMPLATES), rng, home, away))
            elif pick < 0.5:
                sentences.append(_fill(rng.choice(CONFLICT_TEMPLATES), rng, home, away))
            else:
                sentences.append(_fill(rng.choice(BACKGROUND), rng, home, away))
        if roll < 0.3:
            sentences.append(_quote(rng, rng.choice([home, away])))
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    return title, "\n\n".join(paragraphs) + "\n"


def _non_political(rng: random.Random, target_words: int) -> tuple[str, str]:
    topic = rng.choice(sorted(NON_POLITICAL))
    place = rng.choice(COUNTRIES)
    pool = NON_POLITICAL[topic]
    paragraphs: list[str] = []
    words = 0
    while words < target_words:
        sentences = [rng.choice(pool).format(city=rng.choice(place[2:])) for _ in range(3)]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    title = f"{topic.capitalize()} report: {place[2]}"
    return title, "\n\n".join(paragraphs) + "\n"


def generate_articles(
    n: int, *, seed: int = 0, words: int = 600, spread: float = 0.25,
    political_share: float = 5 / 6, start: dt.date = dt.date(2025, 3, 1),
) -> Iterator[GeneratedArticle]:  # fmt: skip
    """``n`` distinct articles of about ``words`` words (± ``spread``), deterministic by seed."""
    for i in range(n):
        rng = random.Random(f"{seed}:{i}")
        target = max(20, int(words * rng.uniform(1 - spread, 1 + spread)))
        political = rng.random() < political_share
        title, text = _political(rng, target) if political else _non_political(rng, target)
        text = f"{text.rstrip()}\n\n(Report {seed}-{i}.)\n"  # every article distinct
        outlet, host = rng.choice(OUTLETS)
        published = start + dt.timedelta(days=rng.randrange(120))
        slug = "-".join(title.lower().split()[:6]).strip(".,'\"")
        yield GeneratedArticle(
            id=f"gen-{seed}-{i}", title=title, text=text, outlet=outlet, host=host,
            url=f"https://www.{host}/{published:%Y/%m/%d}/{slug}-{i}", published=published,
            political=political,
        )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# writers


def article_html(article: GeneratedArticle) -> str:
    """A news page around the article: navigation, the body in <article>, a footer."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in article.text.split("\n\n") if p.strip())
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(article.title)}</title>"
        f'<meta property="og:site_name" content="{html.escape(article.outlet)}">'
        f'<meta property="article:published_time" content="{article.published.isoformat()}">'
        f"</head><body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>"
        f"<header><h1>{html.escape(article.title)}</h1></header><article>{body}</article>"
        f"<footer>All rights reserved.</footer></body></html>"
    )


def warc_record(article: GeneratedArticle, *, html_text: str | None = None,
                content_type: str = "text/html; charset=utf-8") -> bytes:  # fmt: skip
    """One gzip-compressed WARC response record (a CC-NEWS member) for the article."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    payload = (html_text if html_text is not None else article_html(article)).encode("utf-8")
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    http_headers = StatusAndHeaders(
        "200 OK", [("Content-Type", content_type), ("Content-Length", str(len(payload)))],
        protocol="HTTP/1.1",
    )  # fmt: skip
    crawled = dt.datetime.combine(article.published, dt.time(6, 30)) + dt.timedelta(hours=20)
    record = writer.create_warc_record(
        article.url, "response", payload=io.BytesIO(payload), http_headers=http_headers,
        warc_headers_dict={"WARC-Date": crawled.strftime("%Y-%m-%dT%H:%M:%SZ")},
    )  # fmt: skip
    writer.write_record(record)
    return out.getvalue()


def warcinfo_record() -> bytes:
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("tidings-bench.warc.gz", {"software": "tidings bench"}))
    return out.getvalue()


def write_warc(path: Path, articles: Iterable[GeneratedArticle]) -> list[int]:
    """A CC-NEWS-style WARC.gz (warcinfo, then one response per article); record offsets."""
    offsets: list[int] = []
    with open(path, "wb") as fh:
        fh.write(warcinfo_record())
        for article in articles:
            offsets.append(fh.tell())
            fh.write(warc_record(article))
    return offsets


def write_jsonl(path: Path, articles: Iterable[GeneratedArticle]) -> int:
    n = 0
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as fh:
        for article in articles:
            fh.write(json.dumps(article.as_record(), ensure_ascii=False) + "\n")
            n += 1
    return n


def gold_articles(max_sentences: int = 30) -> Iterator[GeneratedArticle]:
    """The shared gold texts read at run time, as articles: the seed article, and the
    Multi-CoPED sentences grouped into pseudo-articles of ``max_sentences`` sentences.

    Nothing is copied into the project: the files are read from the shared reference folder
    when this runs, and yield nothing where that folder is absent.
    """
    from tidings.paths import reference_dir, seed_dir

    start = dt.date(2025, 3, 1)
    for path in sorted(seed_dir().glob("*.txt")) if seed_dir().exists() else []:
        text = path.read_text(encoding="utf-8")
        yield GeneratedArticle(id=f"seed-{path.stem}", title=path.stem, text=text,
                               outlet="seed", host="seed.example",
                               url=f"https://seed.example/{path.stem}", published=start,
                               political=True)  # fmt: skip
    gold = reference_dir() / "plover" / "cameo_multicoped_en.jsonl"
    if not gold.exists():
        return
    batch: list[str] = []
    number = 0
    with gold.open(encoding="utf-8") as fh:
        for line in fh:
            batch.append(json.loads(line)["text"])
            if len(batch) == max_sentences:
                yield _gold_article(batch, number, start)
                number += 1
                batch = []
    if batch:
        yield _gold_article(batch, number, start)


def _gold_article(sentences: list[str], number: int, start: dt.date) -> GeneratedArticle:
    paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
    return GeneratedArticle(id=f"multicoped-{number}", title=f"multicoped {number}",
                            text="\n\n".join(paragraphs) + "\n", outlet="gold",
                            host="gold.example", url=f"https://gold.example/{number}",
                            published=start, political=True)  # fmt: skip
