"""The regions (federal subjects) of Russia, plus "other", for profiles and audiences.

Codes follow ISO 3166-2:RU where one exists; names are given in Russian and English.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    code: str
    ru: str
    en: str

    def name(self, locale: str) -> str:
        return self.ru if locale == "ru" else self.en


OTHER = Region("OTHER", "Другой регион / за пределами России", "Other / outside Russia")

REGIONS: tuple[Region, ...] = (
    Region("MOW", "Москва", "Moscow"),
    Region("SPE", "Санкт-Петербург", "Saint Petersburg"),
    Region("SEV", "Севастополь", "Sevastopol"),
    Region("AD", "Республика Адыгея", "Republic of Adygea"),
    Region("AL", "Республика Алтай", "Altai Republic"),
    Region("BA", "Республика Башкортостан", "Republic of Bashkortostan"),
    Region("BU", "Республика Бурятия", "Republic of Buryatia"),
    Region("DA", "Республика Дагестан", "Republic of Dagestan"),
    Region("DPR", "Донецкая Народная Республика", "Donetsk People's Republic"),
    Region("IN", "Республика Ингушетия", "Republic of Ingushetia"),
    Region("KB", "Кабардино-Балкарская Республика", "Kabardino-Balkarian Republic"),
    Region("KL", "Республика Калмыкия", "Republic of Kalmykia"),
    Region("KC", "Карачаево-Черкесская Республика", "Karachay-Cherkess Republic"),
    Region("KR", "Республика Карелия", "Republic of Karelia"),
    Region("KO", "Республика Коми", "Komi Republic"),
    Region("CR", "Республика Крым", "Republic of Crimea"),
    Region("LPR", "Луганская Народная Республика", "Luhansk People's Republic"),
    Region("ME", "Республика Марий Эл", "Mari El Republic"),
    Region("MO", "Республика Мордовия", "Republic of Mordovia"),
    Region("SA", "Республика Саха (Якутия)", "Sakha (Yakutia) Republic"),
    Region("SE", "Республика Северная Осетия — Алания", "North Ossetia–Alania"),
    Region("TA", "Республика Татарстан", "Republic of Tatarstan"),
    Region("TY", "Республика Тыва", "Tuva Republic"),
    Region("UD", "Удмуртская Республика", "Udmurt Republic"),
    Region("KK", "Республика Хакасия", "Republic of Khakassia"),
    Region("CE", "Чеченская Республика", "Chechen Republic"),
    Region("CU", "Чувашская Республика", "Chuvash Republic"),
    Region("ALT", "Алтайский край", "Altai Krai"),
    Region("ZAB", "Забайкальский край", "Zabaykalsky Krai"),
    Region("KAM", "Камчатский край", "Kamchatka Krai"),
    Region("KDA", "Краснодарский край", "Krasnodar Krai"),
    Region("KYA", "Красноярский край", "Krasnoyarsk Krai"),
    Region("PER", "Пермский край", "Perm Krai"),
    Region("PRI", "Приморский край", "Primorsky Krai"),
    Region("STA", "Ставропольский край", "Stavropol Krai"),
    Region("KHA", "Хабаровский край", "Khabarovsk Krai"),
    Region("AMU", "Амурская область", "Amur Oblast"),
    Region("ARK", "Архангельская область", "Arkhangelsk Oblast"),
    Region("AST", "Астраханская область", "Astrakhan Oblast"),
    Region("BEL", "Белгородская область", "Belgorod Oblast"),
    Region("BRY", "Брянская область", "Bryansk Oblast"),
    Region("VLA", "Владимирская область", "Vladimir Oblast"),
    Region("VGG", "Волгоградская область", "Volgograd Oblast"),
    Region("VLG", "Вологодская область", "Vologda Oblast"),
    Region("VOR", "Воронежская область", "Voronezh Oblast"),
    Region("ZAP", "Запорожская область", "Zaporizhzhia Oblast"),
    Region("IVA", "Ивановская область", "Ivanovo Oblast"),
    Region("IRK", "Иркутская область", "Irkutsk Oblast"),
    Region("KGD", "Калининградская область", "Kaliningrad Oblast"),
    Region("KLU", "Калужская область", "Kaluga Oblast"),
    Region("KEM", "Кемеровская область — Кузбасс", "Kemerovo Oblast – Kuzbass"),
    Region("KIR", "Кировская область", "Kirov Oblast"),
    Region("KOS", "Костромская область", "Kostroma Oblast"),
    Region("KGN", "Курганская область", "Kurgan Oblast"),
    Region("KRS", "Курская область", "Kursk Oblast"),
    Region("LEN", "Ленинградская область", "Leningrad Oblast"),
    Region("LIP", "Липецкая область", "Lipetsk Oblast"),
    Region("MAG", "Магаданская область", "Magadan Oblast"),
    Region("MOS", "Московская область", "Moscow Oblast"),
    Region("MUR", "Мурманская область", "Murmansk Oblast"),
    Region("NIZ", "Нижегородская область", "Nizhny Novgorod Oblast"),
    Region("NGR", "Новгородская область", "Novgorod Oblast"),
    Region("NVS", "Новосибирская область", "Novosibirsk Oblast"),
    Region("OMS", "Омская область", "Omsk Oblast"),
    Region("ORE", "Оренбургская область", "Orenburg Oblast"),
    Region("ORL", "Орловская область", "Oryol Oblast"),
    Region("PNZ", "Пензенская область", "Penza Oblast"),
    Region("PSK", "Псковская область", "Pskov Oblast"),
    Region("ROS", "Ростовская область", "Rostov Oblast"),
    Region("RYA", "Рязанская область", "Ryazan Oblast"),
    Region("SAM", "Самарская область", "Samara Oblast"),
    Region("SAR", "Саратовская область", "Saratov Oblast"),
    Region("SAK", "Сахалинская область", "Sakhalin Oblast"),
    Region("SVE", "Свердловская область", "Sverdlovsk Oblast"),
    Region("SMO", "Смоленская область", "Smolensk Oblast"),
    Region("TAM", "Тамбовская область", "Tambov Oblast"),
    Region("TVE", "Тверская область", "Tver Oblast"),
    Region("TOM", "Томская область", "Tomsk Oblast"),
    Region("TUL", "Тульская область", "Tula Oblast"),
    Region("TYU", "Тюменская область", "Tyumen Oblast"),
    Region("ULY", "Ульяновская область", "Ulyanovsk Oblast"),
    Region("KHE", "Херсонская область", "Kherson Oblast"),
    Region("CHE", "Челябинская область", "Chelyabinsk Oblast"),
    Region("YAR", "Ярославская область", "Yaroslavl Oblast"),
    Region("YEV", "Еврейская автономная область", "Jewish Autonomous Oblast"),
    Region("NEN", "Ненецкий автономный округ", "Nenets Autonomous Okrug"),
    Region("KHM", "Ханты-Мансийский автономный округ — Югра", "Khanty-Mansi Autonomous Okrug"),
    Region("CHU", "Чукотский автономный округ", "Chukotka Autonomous Okrug"),
    Region("YAN", "Ямало-Ненецкий автономный округ", "Yamalo-Nenets Autonomous Okrug"),
    OTHER,
)

BY_CODE: dict[str, Region] = {region.code: region for region in REGIONS}


def search(text: str, locale: str, *, limit: int = 8) -> list[Region]:
    """Regions whose name (in either language) contains the typed text; prefix matches first."""
    needle = text.strip().lower().replace("ё", "е")
    if not needle:
        return []

    def names(region: Region) -> tuple[str, str]:
        return region.ru.lower().replace("ё", "е"), region.en.lower()

    found = [region for region in REGIONS if any(needle in name for name in names(region))]
    found.sort(key=lambda region: (not any(n.startswith(needle) for n in names(region)),
                                   region.name(locale)))  # fmt: skip
    return found[:limit]
