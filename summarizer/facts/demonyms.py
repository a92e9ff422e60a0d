"""Countries by the adjective news copy names their governments with: "Hungarian Foreign Minister".

The actor table knows a few dozen countries by all their names; any other country
NER tags as a place is an actor of its own, but its adjective ("Hungarian", "Kenyan")
is tagged NORP and named no one, so "Hungarian Foreign Minister Janos Martonyi"
spoke for nobody. Singular adjectives only: "Kenyans" are people, not the government.
"""

from __future__ import annotations

DEMONYMS: dict[str, list[str]] = {
    "Afghanistan": ["Afghan"], "Albania": ["Albanian"], "Algeria": ["Algerian"],
    "Argentina": ["Argentine", "Argentinian"], "Armenia": ["Armenian"], "Austria": ["Austrian"],
    "Azerbaijan": ["Azerbaijani"], "Bahrain": ["Bahraini"], "Bangladesh": ["Bangladeshi"],
    "Belarus": ["Belarusian"], "Belgium": ["Belgian"], "Bolivia": ["Bolivian"], "Bosnia": ["Bosnian"],
    "Bulgaria": ["Bulgarian"], "Cambodia": ["Cambodian"], "Chile": ["Chilean"], "Colombia": ["Colombian"],
    "Croatia": ["Croatian"], "Cuba": ["Cuban"], "Cyprus": ["Cypriot"], "Czech Republic": ["Czech"],
    "Denmark": ["Danish"], "Ecuador": ["Ecuadorian"], "Estonia": ["Estonian"], "Ethiopia": ["Ethiopian"],
    "Finland": ["Finnish"], "Ghana": ["Ghanaian"], "Greece": ["Greek"], "Hungary": ["Hungarian"],
    "Indonesia": ["Indonesian"], "Iraq": ["Iraqi"], "Ireland": ["Irish"], "Jordan": ["Jordanian"],
    "Kazakhstan": ["Kazakh"], "Kenya": ["Kenyan"], "Kuwait": ["Kuwaiti"], "Latvia": ["Latvian"],
    "Lebanon": ["Lebanese"], "Libya": ["Libyan"], "Lithuania": ["Lithuanian"], "Malaysia": ["Malaysian"],
    "Morocco": ["Moroccan"], "Nigeria": ["Nigerian"], "North Korea": ["North Korean"], "Norway": ["Norwegian"],
    "Pakistan": ["Pakistani"], "Peru": ["Peruvian"], "Philippines": ["Philippine", "Filipino"],
    "Poland": ["Polish"], "Portugal": ["Portuguese"], "Romania": ["Romanian"], "Rwanda": ["Rwandan"],
    "Serbia": ["Serbian"], "Singapore": ["Singaporean"], "Slovakia": ["Slovak"], "Slovenia": ["Slovenian", "Slovene"],
    "Somalia": ["Somali"], "South Africa": ["South African"], "Sudan": ["Sudanese"], "Sweden": ["Swedish"],
    "Switzerland": ["Swiss"], "Syria": ["Syrian"], "Taiwan": ["Taiwanese"], "Tanzania": ["Tanzanian"],
    "Thailand": ["Thai"], "Tunisia": ["Tunisian"], "Uganda": ["Ugandan"], "United Arab Emirates": ["Emirati"],
    "Venezuela": ["Venezuelan"], "Vietnam": ["Vietnamese"], "Yemen": ["Yemeni"], "Yugoslavia": ["Yugoslav"],
    "Zimbabwe": ["Zimbabwean"],
}
