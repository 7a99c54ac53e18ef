"""Every award has its credential id (0005 filled them): unique from now on.
A migration of its own so the rows are written before the index is built."""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("awards", "0005_credentials")]

    operations = [
        migrations.AlterField(
            model_name="award",
            name="credential_id",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                help_text="The public id of its verifiable credential (unguessable: hidden profiles stay hidden)",
                unique=True,
            ),
        ),
    ]
