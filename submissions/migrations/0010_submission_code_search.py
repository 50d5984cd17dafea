"""A trigram index on tracking codes, so that the cartable's and the staff API's search by
part of a code (`tracking_code LIKE '%digits%'`) reads the few matching requests rather
than every request. PostgreSQL only (pg_trgm, a trusted extension since PostgreSQL 13:
the database's owner may create it); other databases search without it.
"""

from django.db import migrations

INDEX = "submission_code_trgm"


def index_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON submissions_submission "
        "USING gin (tracking_code gin_trgm_ops)"
    )


def index_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("submissions", "0009_draft")]

    operations = [migrations.RunPython(index_create, index_drop)]
