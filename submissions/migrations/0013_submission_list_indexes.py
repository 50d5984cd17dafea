"""Indexes for the lists newest first filtered by status, by service or to the overdue (cartable,
staff API), found with bench/scale.py at 1,000,000 requests.

Built CONCURRENTLY (outside a transaction): the requests table takes citizens' new
requests all day, and a plain CREATE INDEX would hold their inserts for as long as the
build takes on a big table (seconds to minutes). If a concurrent build fails it leaves
an invalid index: drop it (`DROP INDEX CONCURRENTLY <name>`) and migrate again.

Extended statistics on (department, service): a service belongs to one unit, so "in
the clerk's unit and of this service" matches every request of the service, where the
planner, taking the columns as independent, expects one in sixteen and sorts all of
them for one page instead of reading them newest first (`submission_service_created`).
The statistics hold the pairs that occur (`mcv`) and the dependency; ANALYZE fills them.

PostgreSQL only, both: on another database (SQLite, `make run`'s embedded default) the
indexes are built the plain way and there are no statistics.
"""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models

STATISTICS = "submission_department_service_stats"


class AddIndexConcurrentlyOnPostgres(AddIndexConcurrently):
    """`CREATE INDEX CONCURRENTLY` on PostgreSQL; elsewhere a plain `AddIndex`."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return migrations.AddIndex.database_forwards(
            self, app_label, schema_editor, from_state, to_state
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return migrations.AddIndex.database_backwards(
            self, app_label, schema_editor, from_state, to_state
        )


def statistics_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (mcv, dependencies) "
        "ON department_id, service_id FROM submissions_submission"
    )
    schema_editor.execute("ANALYZE submissions_submission")


def statistics_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("submissions", "0012_submission_idempotency_key"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="submission",
            index=models.Index(fields=["status", "created_at"], name="submission_status_created"),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="submission",
            index=models.Index(fields=["service", "created_at"], name="submission_service_created"),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="submission",
            index=models.Index(
                condition=models.Q(("status__in", ["completed", "rejected"]), _negated=True),
                fields=["created_at", "due_date"],
                name="submission_open_created",
            ),
        ),
        migrations.RunPython(statistics_create, statistics_drop),
    ]
