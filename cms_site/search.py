"""The search backend: Wagtail's database backend, with every query read the Persian way
(issue 15, item 4).

`WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "cms_site.search"`. The admin's page and
snippet searches and the catalog's all go through it: «پروانه كسب» (Arabic kaf) finds
«پروانه کسب», a service code typed in Persian digits finds the code, a ZWNJ counts as a
word break (`formbuilder.persian.text.normalize_search_text`). The indexed side: the
catalog's `search_text` also holds the joined spellings («میخواهم») of its words
(`search_index_text`).
"""

from modelsearch.backends import database
from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText

from formbuilder.persian.text import normalize_search_text


def query_normalise(query):
    """A query string or Wagtail's parsed query, with its text normalised."""
    if isinstance(query, str):
        return normalize_search_text(query)
    if isinstance(query, PlainText):
        return PlainText(normalize_search_text(query.query_string), query.operator, query.boost)
    if isinstance(query, Phrase):
        return Phrase(normalize_search_text(query.query_string))
    if isinstance(query, (And, Or)):
        return type(query)([query_normalise(sub) for sub in query.subqueries])
    if isinstance(query, Not):
        return Not(query_normalise(query.subquery))
    if isinstance(query, Boost):
        return Boost(query_normalise(query.subquery), query.boost)
    return query


class PersianQueryMixin:
    def search(self, query, model_or_queryset, *args, **kwargs):
        return super().search(query_normalise(query), model_or_queryset, *args, **kwargs)

    def autocomplete(self, query, model_or_queryset, *args, **kwargs):
        return super().autocomplete(query_normalise(query), model_or_queryset, *args, **kwargs)


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    """The database backend for this database (PostgreSQL, or SQLite in development)."""
    base = type(database.SearchBackend(params))
    return type(f"Persian{base.__name__}", (PersianQueryMixin, base), {})(params)
