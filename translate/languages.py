"""Language codes: ISO 639-1, ISO 639-3 (Marian) and NLLB/FLORES-200.

Users type ``ru`` or ``rus_Cyrl``; backends need whichever form their model
family uses. One table keeps the three in step.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import NoTargetLanguage, UnknownLanguage


@dataclass(frozen=True)
class Language:
    """One language under its three codes."""

    iso1: str
    iso3: str
    nllb: str
    name: str


# (ISO 639-1, ISO 639-3, NLLB code, English name). NLLB codes are FLORES-200's.
_TABLE = [
    ("en", "eng", "eng_Latn", "English"),
    ("ru", "rus", "rus_Cyrl", "Russian"),
    ("kk", "kaz", "kaz_Cyrl", "Kazakh"),
    ("ky", "kir", "kir_Cyrl", "Kyrgyz"),
    ("uz", "uzb", "uzn_Latn", "Uzbek"),
    ("tg", "tgk", "tgk_Cyrl", "Tajik"),
    ("tk", "tuk", "tuk_Latn", "Turkmen"),
    ("tt", "tat", "tat_Cyrl", "Tatar"),
    ("ba", "bak", "bak_Cyrl", "Bashkir"),
    ("az", "aze", "azj_Latn", "Azerbaijani"),
    ("tr", "tur", "tur_Latn", "Turkish"),
    ("mn", "mon", "khk_Cyrl", "Mongolian"),
    ("uk", "ukr", "ukr_Cyrl", "Ukrainian"),
    ("be", "bel", "bel_Cyrl", "Belarusian"),
    ("hy", "hye", "hye_Armn", "Armenian"),
    ("ka", "kat", "kat_Geor", "Georgian"),
    ("de", "deu", "deu_Latn", "German"),
    ("fr", "fra", "fra_Latn", "French"),
    ("es", "spa", "spa_Latn", "Spanish"),
    ("it", "ita", "ita_Latn", "Italian"),
    ("pt", "por", "por_Latn", "Portuguese"),
    ("nl", "nld", "nld_Latn", "Dutch"),
    ("pl", "pol", "pol_Latn", "Polish"),
    ("cs", "ces", "ces_Latn", "Czech"),
    ("sk", "slk", "slk_Latn", "Slovak"),
    ("sl", "slv", "slv_Latn", "Slovenian"),
    ("hr", "hrv", "hrv_Latn", "Croatian"),
    ("sr", "srp", "srp_Cyrl", "Serbian"),
    ("bs", "bos", "bos_Latn", "Bosnian"),
    ("mk", "mkd", "mkd_Cyrl", "Macedonian"),
    ("bg", "bul", "bul_Cyrl", "Bulgarian"),
    ("ro", "ron", "ron_Latn", "Romanian"),
    ("hu", "hun", "hun_Latn", "Hungarian"),
    ("fi", "fin", "fin_Latn", "Finnish"),
    ("et", "est", "est_Latn", "Estonian"),
    ("lv", "lav", "lvs_Latn", "Latvian"),
    ("lt", "lit", "lit_Latn", "Lithuanian"),
    ("sv", "swe", "swe_Latn", "Swedish"),
    ("da", "dan", "dan_Latn", "Danish"),
    ("nb", "nob", "nob_Latn", "Norwegian Bokmål"),
    ("el", "ell", "ell_Grek", "Greek"),
    ("sq", "sqi", "als_Latn", "Albanian"),
    ("ar", "ara", "arb_Arab", "Arabic"),
    ("fa", "fas", "pes_Arab", "Persian"),
    ("he", "heb", "heb_Hebr", "Hebrew"),
    ("hi", "hin", "hin_Deva", "Hindi"),
    ("ur", "urd", "urd_Arab", "Urdu"),
    ("zh", "zho", "zho_Hans", "Chinese (Simplified)"),
    ("ja", "jpn", "jpn_Jpan", "Japanese"),
    ("ko", "kor", "kor_Hang", "Korean"),
    ("vi", "vie", "vie_Latn", "Vietnamese"),
    ("id", "ind", "ind_Latn", "Indonesian"),
]

_BY_ANY: dict[str, Language] = {}
for _iso1, _iso3, _nllb, _name in _TABLE:
    _lang = Language(_iso1, _iso3, _nllb, _name)
    for _key in (_iso1, _iso3, _nllb.lower()):
        _BY_ANY.setdefault(_key, _lang)


def all_languages() -> list[Language]:
    """Every language tilshi knows, in table order."""
    seen: dict[str, Language] = {}
    for lang in _BY_ANY.values():
        seen.setdefault(lang.iso1, lang)
    return list(seen.values())


def resolve_language(code: str) -> Language:
    """Turn ``ru``, ``rus`` or ``rus_Cyrl`` (any case) into a :class:`Language`.

    Raises :class:`UnknownLanguage` naming the valid ISO 639-1 codes.
    """
    key = (code or "").strip().lower().replace("-", "_")
    if key in _BY_ANY:
        return _BY_ANY[key]
    valid = ", ".join(lang.iso1 for lang in all_languages())
    raise UnknownLanguage(f"unknown language {code!r}; use an ISO 639-1 code ({valid}) or an NLLB code such as kaz_Cyrl")


def parse_language_list(spec: str) -> list[Language]:
    """Parse ``"ru,kk"`` into languages, keeping order and dropping repeats."""
    langs: list[Language] = []
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        lang = resolve_language(part)
        if lang not in langs:
            langs.append(lang)
    if not langs:
        raise NoTargetLanguage()
    return langs
