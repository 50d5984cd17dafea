"""Constants of the project as a whole."""

# A client told the database is unavailable (503) may try again after this many seconds:
# long enough for a restart or a failover, short enough for a citizen's patience.
DATABASE_RETRY_AFTER_SECONDS = 30
