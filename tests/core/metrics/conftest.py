"""The figures run on both backends, like the store's own tests."""
from tests.core.store.conftest import backend, postgres_server, store, store_url  # noqa: F401
