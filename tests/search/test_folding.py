"""Turkish dotless ı folds to i (and Greek ς to σ), on both sides of the KB's own word index, as
MariaDB's ``utf8mb4_general_ci`` compares them: the same results and vocabulary on every database.
"""

from django.test import SimpleTestCase

from tests.utils import make_article
from wagtail_kb.models import KBSearchVocabulary
from wagtail_kb.search.language import fold

from .base import SearchTestCase, paragraph, result_titles


class FoldTests(SimpleTestCase):
    def test_dotless_and_dotted_i(self):
        for word in ("kırmızı", "KIRMIZI", "kirmizi", "Kırmızı"):
            self.assertEqual(fold(word), "kirmizi", word)
        self.assertEqual(fold("İstanbul"), "istanbul")
        self.assertEqual(fold("Résumé"), "resume")  # accents as before
        # Greek final sigma is sigma (MariaDB takes them as one letter too).
        self.assertEqual(fold("ΛΟΓΟΣ"), fold("λογος"))
        self.assertEqual(fold("λογος"), "λογοσ")
        # A compatibility letter that decomposes to a capital is lower case too.
        self.assertEqual(fold("ᴬᴮ"), "ab")


class DotlessISearchTests(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_article(
            cls.topic,
            "Kırmızı düğme",
            body=[paragraph("Temizlemek için ılık su kullanın.")],
            slug="dugme",
        )
        make_article(cls.topic, "Kemik", body=[paragraph("İlik kemiğin içindedir.")], slug="kemik")

    def test_a_word_typed_with_i_finds_the_word_written_with_dotless_i(self):
        for query in ("kirmizi", "KIRMIZI", "kırmızı"):
            response = self.search(query)
            self.assertEqual(result_titles(response), ["Kırmızı düğme"], query)
            self.assertNotContains(response, "Did you mean")

    def test_one_vocabulary_word_on_every_database(self):
        # "ılık" (lukewarm) and "ilik" (marrow) are one word to MariaDB's collation (its unique
        # index on the word would merge them): one word everywhere. Compared in Python, not SQL.
        words = dict(
            KBSearchVocabulary.objects.filter(kb_id=self.home.pk).values_list("word", "articles")
        )
        self.assertEqual(words.get("ilik"), 2)
        self.assertEqual([word for word in words if "ı" in word], [])
