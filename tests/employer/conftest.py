import pytest


@pytest.fixture(autouse=True)
def _private_profile_cache(tmp_path, monkeypatch):
    """Profiles fetched by URL are cached per user: each test gets a cache of its own."""
    monkeypatch.setenv("RIGCHECK_CACHE_DIR", str(tmp_path / "cache"))
