import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models


def fill(apps, schema_editor):
    from apps.publicity.search import document_tokens

    Article = apps.get_model("publicity", "Article")
    batch = []
    for article in Article.objects.only("pk", "title", "body_text").iterator(chunk_size=500):
        article.search_tokens = document_tokens(article.title, article.body_text)
        batch.append(article)
        if len(batch) >= 500:
            Article.objects.bulk_update(batch, ["search_tokens"])
            batch = []
    Article.objects.bulk_update(batch, ["search_tokens"])


class Migration(migrations.Migration):
    dependencies = [("publicity", "0002_seed_media_levels")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_tokens",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.TextField(),
                blank=True,
                default=list,
                editable=False,
                size=None,
                verbose_name="检索词元",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_tokens"], name="article_search_tokens"
            ),
        ),
    ]
