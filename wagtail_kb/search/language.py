"""Words of a language: tokens, stop words and a light stemmer, for the index and the queries.

The same functions read articles (``indexing``) and queries (``analysis``), so whatever they do
to a word, a query word and an article word meet in the same form.

* **Stop words** (question words, articles, pronouns, auxiliaries: "how", "do", "i", "the";
  "wie", "ich", "der"…) never have to match. English and German are built in; a site adds its
  own, per language code, with ``WAGTAILKB_SEARCH_STOP_WORDS`` (``{"en": ["django"], "fr":
  […]}``; the key ``"*"`` applies to every language). A query made only of stop words keeps
  them, so "how to" still finds something.
* **Stems**: a few common endings are taken off ("passwords" → "password", "hashing" → "hash",
  "migrations"/"migrate" → "migrat"), so a reader need not guess the article's form of a word.
  Light on purpose: it only needs to be consistent (the same function reads both sides).
"""

import re
import unicodedata
from functools import lru_cache

from ..conf import kb_settings

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
# Longest word kept (longer ones are not words readers type: hashes, base64…).
MAX_WORD_LENGTH = 40

_ENGLISH = """
    a about above after again against all am an and any are as at be because been before being
    below between both but by can cannot could did do does doing done down during each either
    else ever every few for from further get gets getting got had has have having he her here
    hers herself him himself his how i if in into is it its itself just let lets me might mine
    more most must my myself need needs no nor not now of off on once only or other ought our
    ours ourselves out over own please same shall she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up upon
    us use using very via want wants was way ways we were what when where whether which while
    who whom whose why will with within without would yes yet you your yours yourself yourselves
    s t d ll m re ve best possible anyone someone something thing things
"""
ENGLISH_STOP_WORDS = frozenset(_ENGLISH.split())

_GERMAN = """
    aber alle allem allen aller alles als also am an ander andere anderen auch auf aus bei bin
    bis bist da damit dann das dass dein deine dem den denn der des dich die dies diese diesem
    diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines er es etwas
    euch euer für gegen gibt hab habe haben hat hatte ich ihm ihn ihnen ihr ihre im in ist ja
    jede jedem jeden jeder jedes jetzt kann kein keine können könnte machen man mein meine mich
    mir mit muss müssen nach nicht nichts noch nun nur ob oder ohne sehr sein seine sich sie
    sind so soll sollte über um und uns unser unter viel vom von vor war waren warum was weil
    welche welchem welchen welcher welches wenn wer werde werden wie wieso wir wird wo woher
    wohin wurde zu zum zur
"""
GERMAN_STOP_WORDS = frozenset(_GERMAN.split())

BUILT_IN_STOP_WORDS = {"en": ENGLISH_STOP_WORDS, "de": GERMAN_STOP_WORDS}

_ENGLISH_ENDINGS = (
    ("ational", "ate"),
    ("ations", "ate"),
    ("ation", "ate"),
    ("ities", ""),
    ("ity", ""),
    ("ness", ""),
    ("ments", ""),
    ("ment", ""),
    ("ings", ""),
    ("ing", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("sses", "ss"),
    ("ed", ""),
    ("ly", ""),
    ("es", "e"),
    ("s", ""),
)
_GERMAN_ENDINGS = ("ungen", "ung", "ern", "en", "er", "es", "em", "e", "n", "s")


def base_language(language):
    """``"en-gb"`` → ``"en"``; empty for none."""
    return (language or "").lower().replace("_", "-").split("-")[0]


def fold(word):
    """Lower case without accents a reader may leave out ("résumé" → "resume"), ß kept as ss.

    Turkish dotless ı is i and Greek final ς is σ, as MariaDB's ``utf8mb4_general_ci`` compares
    them: no two letters a folded word may hold (outside the supplementary planes, which that
    collation takes as all alike) are one letter to it, so lookups of the KB's word index and its
    unique words agree on every database.
    """
    word = word.lower().replace("ß", "ss").replace("ı", "i")
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    # Lower case again: a compatibility form may decompose to a capital ("ᴬ" → "A").
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return folded.lower().replace("ı", "i").replace("ς", "σ")


def words(text):
    """The words of ``text``, folded, in order (repeats kept)."""
    return [fold(w) for w in _WORD_RE.findall(text or "") if len(w) <= MAX_WORD_LENGTH]


def stop_words(language):
    """The stop words of a language: the built-in list and the site's additions (folded)."""
    return _stop_words(base_language(language), _settings_key())


def _settings_key():
    extra = kb_settings.SEARCH_STOP_WORDS or {}
    return tuple(sorted((key, tuple(value)) for key, value in extra.items()))


@lru_cache(maxsize=32)
def _stop_words(language, extra):
    found = set(BUILT_IN_STOP_WORDS.get(language, ()))
    for key, values in extra:
        if key in ("*", language):
            found.update(fold(value) for value in values)
    return frozenset(found)


_VOWELS = "aeiouy"


def _undouble(word):
    """After "-ing"/"-ed": "runn" → "run", "pag" → "page" (Porter's step 1b, in short)."""
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in _VOWELS + "lsz":
        return word[:-1]
    if (
        len(word) == 3
        and word[0] not in _VOWELS
        and word[1] in _VOWELS
        and word[2] not in _VOWELS + "wx"
    ):
        return word + "e"
    return word


@lru_cache(maxsize=50_000)
def stem(word, language="en"):
    """The word without one common ending of its language (at least three letters stay).

    Digits and words of three letters or fewer are kept as they are.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    language = base_language(language)
    if language == "de":
        for ending in _GERMAN_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                return word[: -len(ending)]
        return word
    for ending, replacement in _ENGLISH_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            if ending == "s" and word.endswith(("ss", "us", "is")):
                break
            word = word[: -len(ending)] + replacement
            if ending in ("ing", "ings", "ed"):
                word = _undouble(word)
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word
