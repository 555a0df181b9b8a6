"""The reusable sign-in pieces: password rules, the memory-hard hash, back-off per client."""
from __future__ import annotations

import pytest
from werkzeug.security import generate_password_hash

from server.auth.passwords import (PasswordError, check_new_password, hash_password, needs_rehash,
                                   verify_password)
from server.auth.throttle import FREE_TRIES, MAX_WAIT, Throttle


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


def test_back_off_doubles_per_client_and_ends_on_success():
    clock = FakeClock()
    throttle = Throttle(clock)
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


def test_a_flood_of_client_keys_stays_bounded(monkeypatch):
    monkeypatch.setattr("server.auth.throttle.MAX_CLIENTS", 100)
    throttle = Throttle()
    for number in range(1000):
        throttle.failed(f"client {number}")
    assert len(throttle._records) <= 100
