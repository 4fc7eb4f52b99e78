"""Fixtures for the whole suite."""

import pytest


@pytest.fixture(autouse=True)
def _private_profile_cache(tmp_path, monkeypatch):
    """Profiles fetched by URL are cached per user: each test (and the CLI it runs) gets a cache of its
    own, so no test reads or writes the real ~/.cache/rigcheck."""
    monkeypatch.setenv("RIGCHECK_CACHE_DIR", str(tmp_path / "profile-cache"))


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """The language is the process's (the app's `l` key switches it): a test that switched it must not
    leave the next test speaking Filipino."""
    yield
    from rigcheck.i18n import set_language

    set_language("en")
