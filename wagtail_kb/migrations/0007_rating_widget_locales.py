# Gives every existing rating widget the default locale and its own translation key (Wagtail's
# BootstrapTranslatableModel), before 0008 makes the pair unique.
from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_kb", "0006_kb_content_health_tags_languages"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [BootstrapTranslatableModel("wagtail_kb.RatingWidget")]
