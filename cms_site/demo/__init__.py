"""Demo content for `python manage.py seed_demo`: an imaginary municipality's service desk.

The data lives in plain modules (`catalog_data`, `services_*`, `accounts_data`);
`seed` holds the functions that build it idempotently.
"""
