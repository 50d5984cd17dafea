"""Demo content for `python manage.py seed_demo`: an imaginary municipality's service desk.

The data lives in plain modules (`catalog_data`, `services_*`, `accounts_data`, and the
request forms in `forms_data`, `forms_*`); `seed` holds the functions that build it
idempotently.
"""
