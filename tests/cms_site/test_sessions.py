"""The session stores: one statement per write outside a transaction, Django's behaviour
otherwise, and a key already in use never shared between two visitors."""

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

import cms_site.sessions as lean
from cms_site.sessions import cached_db, db

STORES = [db.SessionStore, cached_db.SessionStore]


@pytest.fixture(autouse=True)
def clean_cache():
    caches["default"].clear()
    yield
    caches["default"].clear()


def statements(captured) -> list[str]:
    return [query["sql"].split()[0].upper() for query in captured]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("store_class", STORES, ids=["db", "cached_db"])
def test_a_new_session_is_one_insert_and_a_change_one_update(store_class, monkeypatch):
    transactions = []  # BEGIN and COMMIT are not captured: a transaction turns autocommit off
    connection.ensure_connection()  # connecting sets autocommit too
    set_autocommit = connection.set_autocommit
    monkeypatch.setattr(
        connection,
        "set_autocommit",
        lambda *a, **k: transactions.append(a) or set_autocommit(*a, **k),
    )
    store = store_class()
    store["answers"] = {"full_name": "زهرا احمدی"}
    with CaptureQueriesContext(connection) as created:
        store.save()
    assert statements(created) == ["INSERT"]  # no look-up of the new key first

    store["answers"] = {"full_name": "زهرا محمدی"}
    with CaptureQueriesContext(connection) as changed:
        store.save()
    assert statements(changed) == ["UPDATE"]
    assert transactions == []

    assert store_class(store.session_key)["answers"] == {"full_name": "زهرا محمدی"}
    assert Session.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("store_class", STORES, ids=["db", "cached_db"])
def test_a_key_in_use_is_never_given_to_a_second_visitor(store_class, monkeypatch):
    first = store_class()
    first["who"] = "first"
    first.save()
    keys = iter([first.session_key, "k" * 32])
    monkeypatch.setattr(lean, "get_random_string", lambda *args: next(keys))

    second = store_class()
    second["who"] = "second"
    second.save()

    assert second.session_key == "k" * 32
    caches["default"].clear()  # read both back from the database
    assert store_class(first.session_key)["who"] == "first"
    assert store_class(second.session_key)["who"] == "second"


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_writes_keep_their_savepoint():
    store = db.SessionStore()
    store["step"] = 1
    store.save()
    with transaction.atomic():
        with CaptureQueriesContext(connection) as captured:
            store["step"] = 2
            store.save()
        assert statements(captured) == ["SAVEPOINT", "UPDATE", "RELEASE"]
    assert db.SessionStore(store.session_key)["step"] == 2


@pytest.mark.django_db(transaction=True)
def test_saving_a_session_deleted_meanwhile_is_an_update_error():
    store = db.SessionStore()
    store["step"] = 1
    store.save()
    Session.objects.all().delete()
    store["step"] = 2
    with pytest.raises(UpdateError):
        store.save()
