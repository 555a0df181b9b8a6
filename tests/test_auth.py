"""The reusable sign-in pieces: password rules, the memory-hard hash, back-off per client (in the registry)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash

from server import config
from server.registry import Registry

from server.auth.passwords import (PasswordError, check_new_password, hash_password, needs_rehash,
                                   verify_password)
from server.auth.throttle import FREE_TRIES, MAX_WAIT, Throttle

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("password", ["wachtwoord", "wachtwoord123", "welkom2026!", "Poortwachter1",
                                      "qwertyuiop", "1234567890", "password123", "DeRegenboog2026"])
def test_common_and_guessable_passwords_are_refused(password):
    with pytest.raises(PasswordError, match="te makkelijk"):
        check_new_password(password, password, context=["De Regenboog"])


def test_a_passphrase_is_accepted():
    check_new_password("kastanje fiets lantaarn", "kastanje fiets lantaarn")


def test_short_and_mismatched_passwords_are_refused():
    with pytest.raises(PasswordError, match="minstens"):
        check_new_password("kort", "kort")
    with pytest.raises(PasswordError, match="niet gelijk"):
        check_new_password("kastanje fiets lantaarn", "kastanje fiets")


def test_the_hash_is_argon2id_and_verifies():
    hashed = hash_password("kastanje fiets lantaarn")
    assert hashed.startswith("$argon2id$") and "m=65536" in hashed  # 64 MiB per guess
    assert verify_password(hashed, "kastanje fiets lantaarn")
    assert not verify_password(hashed, "kastanje fiets lantaarm")
    assert not needs_rehash(hashed)


def test_an_older_werkzeug_hash_still_verifies_and_asks_for_a_rehash():
    old = generate_password_hash("kastanje fiets lantaarn")
    assert verify_password(old, "kastanje fiets lantaarn")
    assert not verify_password(old, "iets anders helemaal")
    assert needs_rehash(old)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_back_off_doubles_per_client_and_ends_on_success(registry):
    clock = FakeClock()
    throttle = Throttle(registry, clock)
    for _ in range(FREE_TRIES):
        assert throttle.failed("10.0.0.1") == 0
    assert throttle.failed("10.0.0.1") == 2
    assert throttle.wait_seconds("10.0.0.1") == 2
    assert throttle.wait_seconds("10.0.0.2") == 0  # another client is not held up
    clock.now += 2
    assert throttle.wait_seconds("10.0.0.1") == 0
    assert throttle.failed("10.0.0.1") == 4
    for _ in range(30):
        throttle.failed("10.0.0.1")
    assert throttle.wait_seconds("10.0.0.1") == MAX_WAIT
    throttle.succeeded("10.0.0.1")
    assert throttle.wait_seconds("10.0.0.1") == 0


def test_every_process_sees_the_same_failures(registry, data_dir):
    """Two gate processes each open their own registry: a guesser gets the free tries once, not per process."""
    clock = FakeClock()
    first, second = Throttle(registry, clock), Throttle(Registry(config.registry_location(data_dir)), clock)
    for number in range(FREE_TRIES):
        assert (first if number % 2 else second).failed("account:fg") == 0
    assert first.failed("account:fg") == 2
    assert second.wait_seconds("account:fg") == 2
    assert second.failed("account:fg") == 4


def test_failures_counted_by_processes_at_once_all_count(data_dir):
    """Failures from several processes at the same moment are each counted (one atomic UPDATE, no lost one)."""
    script = ("import sys, time\nfrom pathlib import Path\n"
              "from server import config\nfrom server.registry import Registry\n"
              "from server.auth.throttle import wait_after\n"
              "registry = Registry(config.registry_location(Path(sys.argv[1])))\n"
              "for _ in range(25):\n    registry.sign_in_failed('client:10.0.0.9', time.time(), wait_after)\n")
    workers = [subprocess.Popen([sys.executable, "-c", script, str(data_dir)], cwd=ROOT) for _ in range(3)]
    assert [w.wait(timeout=300) for w in workers] == [0, 0, 0]
    registry = Registry(config.registry_location(data_dir))
    count = registry.db.execute("SELECT failures FROM sign_in_failures WHERE key = ?", ("client:10.0.0.9",))
    assert count.fetchone()[0] == 75
    assert Throttle(registry).wait_seconds("client:10.0.0.9") > 0
    registry.close()


def test_a_flood_of_client_keys_stays_bounded(registry, monkeypatch):
    monkeypatch.setattr("server.registry.server_state.MAX_FAILURE_KEYS", 100)
    throttle = Throttle(registry)
    for number in range(300):
        throttle.failed(f"client {number}")
    assert registry.db.execute("SELECT COUNT(*) FROM sign_in_failures").fetchone()[0] <= 100


def test_forgotten_only_when_unlocked_and_a_day_old(registry):
    clock = FakeClock()
    throttle = Throttle(registry, clock)
    for _ in range(FREE_TRIES + 1):
        throttle.failed("old")
    clock.now += 25 * 3600
    throttle.failed("new")  # any failure tidies up
    assert throttle.failed("old") == 0  # counted from one again
