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
    # The other member states of the United Nations, and Kosovo and Palestine: NER tags a less reported country
    # as a person or an organisation as often as a place ("Malawi's government said" had no speaker).
    # Chad is left out: it is a first name more often than a country in English copy.
    "Andorra": ["Andorran"], "Angola": ["Angolan"], "Antigua and Barbuda": ["Antiguan"], "Bahamas": ["Bahamian"],
    "Barbados": ["Barbadian"], "Belize": ["Belizean"], "Benin": ["Beninese"], "Bhutan": ["Bhutanese"],
    "Botswana": ["Botswanan"], "Brunei": ["Bruneian"], "Burkina Faso": ["Burkinabe"], "Burundi": ["Burundian"],
    "Cameroon": ["Cameroonian"], "Cape Verde": ["Cape Verdean"], "Central African Republic": [],
    "Comoros": ["Comorian"], "Congo": ["Congolese"], "Costa Rica": ["Costa Rican"], "Djibouti": ["Djiboutian"],
    "Dominica": [], "Dominican Republic": ["Dominican"], "El Salvador": ["Salvadoran"],
    "Equatorial Guinea": ["Equatoguinean"], "Eritrea": ["Eritrean"], "Eswatini": ["Swazi", "Swaziland"],
    "Fiji": ["Fijian"], "Gabon": ["Gabonese"], "Gambia": ["Gambian"], "Georgia": ["Georgian"],
    "Grenada": ["Grenadian"], "Guatemala": ["Guatemalan"], "Guinea": ["Guinean"], "Guinea-Bissau": [],
    "Guyana": ["Guyanese"], "Haiti": ["Haitian"], "Honduras": ["Honduran"], "Iceland": ["Icelandic"],
    "Ivory Coast": ["Ivorian", "Cote d'Ivoire"], "Jamaica": ["Jamaican"], "Kiribati": [],
    "Kosovo": ["Kosovar"], "Kyrgyzstan": ["Kyrgyz"], "Laos": ["Laotian"], "Lesotho": [], "Liberia": ["Liberian"],
    "Liechtenstein": [], "Luxembourg": [], "Madagascar": ["Malagasy"], "Malawi": ["Malawian"],
    "Maldives": ["Maldivian"], "Mali": ["Malian"], "Malta": ["Maltese"], "Marshall Islands": [],
    "Mauritania": ["Mauritanian"], "Mauritius": ["Mauritian"], "Micronesia": ["Micronesian"],
    "Moldova": ["Moldovan"], "Monaco": ["Monegasque"], "Mongolia": ["Mongolian"], "Montenegro": ["Montenegrin"],
    "Mozambique": ["Mozambican"], "Myanmar": ["Burma", "Burmese"], "Namibia": ["Namibian"], "Nauru": [],
    "Nepal": ["Nepali", "Nepalese"], "New Zealand": [], "Nicaragua": ["Nicaraguan"], "Niger": ["Nigerien"],
    "North Macedonia": ["Macedonia", "Macedonian"], "Oman": ["Omani"], "Palau": [],
    "Palestine": ["Palestinian Authority"], "Panama": ["Panamanian"], "Papua New Guinea": [],
    "Paraguay": ["Paraguayan"], "Saint Kitts and Nevis": [], "Saint Lucia": [], "Samoa": ["Samoan"],
    "San Marino": [], "Senegal": ["Senegalese"], "Seychelles": [], "Sierra Leone": ["Sierra Leonean"],
    "Solomon Islands": [], "South Sudan": ["South Sudanese"], "Sri Lanka": ["Sri Lankan"],
    "Suriname": ["Surinamese"], "Tajikistan": ["Tajik"], "Timor-Leste": ["East Timor", "Timorese"],
    "Togo": ["Togolese"], "Tonga": ["Tongan"], "Trinidad and Tobago": ["Trinidadian"],
    "Turkmenistan": ["Turkmen"], "Tuvalu": [], "Uruguay": ["Uruguayan"], "Uzbekistan": ["Uzbek"],
    "Vanuatu": [], "Zambia": ["Zambian"],
}
