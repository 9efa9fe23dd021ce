"""The SQL layer: migrations and reopening an existing database."""

from __future__ import annotations

from wandb.server.migrations import MIGRATIONS, current_version
from wandb.server.store import Store


def test_migrations_apply_once(tmp_path):
    url = f"sqlite:///{tmp_path}/x.db"
    s = Store(url)
    assert current_version(s.engine) == MIGRATIONS[-1][0]
    u = s.create_user("bob")
    key, _ = s.add_api_key(u.id)
    s.close()
    s2 = Store(url)  # reopening runs no migration twice and keeps data
    try:
        assert current_version(s2.engine) == MIGRATIONS[-1][0]
        assert s2.user_for_key(key).username == "bob"
        assert s2.user_for_key(key[:-1] + "0" if key[-1] != "0" else key[:-1] + "1") is None
    finally:
        s2.close()
