"""Accounts on the school server: the SQL for users, invitations, teachers' pairing codes and tokens.

Mixed into Registry; only hashes of secrets are stored (invitation links, codes, tokens).
"""
from __future__ import annotations

from dataclasses import dataclass

ROLES = ("beheerder", "medewerker")


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: str
    active: bool  # the invitation was accepted and a password set


@dataclass(frozen=True)
class TokenOwner:
    name: str               # what the extension called itself
    user: User | None       # None for a laptop's own pairing (no accounts there)
    origin: str = ""        # the extension origin that paired ("" for none)


class AccountStore:
    """Users and their tokens; `self.db` and `self.transaction` come from Registry."""

    def add_user(self, username: str, display_name: str, role: str, now: str, *,
                 password_hash: str | None = None, invite_hash: str | None = None,
                 invite_expires: str | None = None) -> User | None:
        """A new account, active (with a password) or invited; None when the name is taken."""
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM users WHERE username = ?", (username,)).fetchone():
                return None
            db.execute("INSERT INTO users (username, display_name, role, password_hash, invite_hash,"
                       " invite_expires, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (username, display_name, role, password_hash, invite_hash, invite_expires, now))
        return self.user(username)

    def user(self, username: str) -> User | None:
        row = self.db.execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()
        return _user(row) if row else None

    def user_by_id(self, user_id: int) -> User | None:
        row = self.db.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()
        return _user(row) if row else None

    def users(self) -> list[User]:
        return [_user(r) for r in self.db.execute("SELECT * FROM users ORDER BY role, username")]

    def password_hash(self, username: str) -> str | None:
        row = self.db.execute("SELECT password_hash FROM users WHERE username = ?", (username,)).fetchone()
        return row["password_hash"] if row else None

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE users SET password_hash = ? WHERE id = ?", (password_hash, user_id))

    def invited_user(self, invite_hash: str, now: str) -> User | None:
        """The account an invitation link is for, while the link is valid."""
        row = self.db.execute("SELECT * FROM users WHERE invite_hash = ? AND invite_expires > ?",
                              (invite_hash, now)).fetchone()
        return _user(row) if row else None

    def accept_invite(self, invite_hash: str, password_hash: str, now: str) -> User | None:
        """Set the password and use the link up, in one step: a link works once."""
        with self.transaction() as db:
            row = db.execute("UPDATE users SET password_hash = ?, invite_hash = NULL, invite_expires = NULL"
                             " WHERE invite_hash = ? AND invite_expires > ? RETURNING id",
                             (password_hash, invite_hash, now)).fetchone()
        return self.user_by_id(row["id"]) if row else None

    def remove_user(self, user_id: int) -> tuple[User, int] | None:
        """Delete an account; its tokens and codes go with it (ON DELETE CASCADE).

        Returns the account as it was and how many extensions it had paired; None if there was none.
        """
        with self.transaction() as db:
            row = db.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()
            if row is None:
                return None
            tokens = db.execute("SELECT COUNT(*) FROM tokens WHERE user_id = ?", (user_id,)).fetchone()[0]
            db.execute("DELETE FROM users WHERE id = ?", (user_id,))
            return _user(row), tokens

    def add_user_pairing_code(self, user_id: int, code_hash: str, expires_at: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM user_pairing WHERE user_id = ?", (user_id,))
            db.execute("INSERT INTO user_pairing (code_hash, user_id, expires_at) VALUES (?, ?, ?)",
                       (code_hash, user_id, expires_at))

    def redeem_user_pairing_code(self, code_hash: str, now: str) -> int | None:
        """The user a valid code belongs to; the code is used up."""
        with self.transaction() as db:
            row = db.execute("DELETE FROM user_pairing WHERE code_hash = ? AND expires_at > ? RETURNING user_id",
                             (code_hash, now)).fetchone()
        return row["user_id"] if row else None

    def add_user_token(self, token_hash: str, name: str, user_id: int, now: str, origin: str = "") -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO tokens (hash, name, created_at, user_id, origin) VALUES (?, ?, ?, ?, ?)",
                       (token_hash, name, now, user_id, origin))

    def token_owner(self, token_hash: str) -> TokenOwner | None:
        row = self.db.execute("SELECT t.name AS token_name, t.origin AS token_origin, u.* FROM tokens t"
                              " LEFT JOIN users u ON u.id = t.user_id WHERE t.hash = ?", (token_hash,)).fetchone()
        if row is None:
            return None
        return TokenOwner(row["token_name"], _user(row) if row["id"] is not None else None, row["token_origin"])

    def user_tokens(self, user_id: int) -> list[dict]:
        rows = self.db.execute("SELECT hash, name, created_at FROM tokens WHERE user_id = ? ORDER BY created_at",
                               (user_id,))
        return [{"id": r["hash"][:16], "name": r["name"], "created_at": r["created_at"]} for r in rows]

    def revoke_user_token(self, user_id: int, token_id: str) -> str | None:
        """Revoke one of this user's tokens by the short id the page shows (a prefix of its hash).

        Returns the name the extension paired under (for the audit log); None if there was no such token.
        """
        with self.transaction() as db:
            row = db.execute("DELETE FROM tokens WHERE user_id = ? AND substr(hash, 1, 16) = ? RETURNING name",
                             (user_id, token_id)).fetchone()
            return row["name"] if row else None


def _user(row) -> User:
    return User(row["id"], row["username"], row["display_name"], row["role"], row["password_hash"] is not None)
