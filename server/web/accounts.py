"""Accounts on the school server: sign-in, invitations, a teacher's own extensions, the staff list.

Only registered when the app runs as the school server (SERVER_MODE). The privacy officer
(beheerder) invites teachers (medewerker) with a link that works once, or creates an account
with a first password; a teacher signs in and pairs their extension from /account with a code
of their own. Every token belongs to one teacher and one browser and can be revoked.

Passwords as for the laptop's officer (server.auth): Argon2id, common passwords refused, a
back-off per client and per account name. Sessions live in a store every gate process shares
(school_server.server_config); a session is bound to the password it was opened with, so a
new password ends every other session of that account in every process.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets

from flask import (Blueprint, abort, current_app, g, has_app_context, redirect, render_template, request, session,
                   url_for)

from server.auth.passwords import PasswordError, check_new_password, hash_password, needs_rehash, verify_password
from server.auth.sessions import renew_session
from server.auth.throttle import Throttle
from server.gate import audit_log
from server.registry.accounts import ROLES, TokenOwner, User
from server.web.admin_auth import school_words
from server.web.context import registry
from server.web.errors import ApiError

bp = Blueprint("accounts", __name__)
INVITE_DAYS = 7
CODE_MINUTES = 10
OPEN_ENDPOINTS = {"accounts.sign_in", "accounts.accept_invitation", "static"}


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _mark(password_hash: str) -> str:
    # Ties a session to the password it was opened with; not the hash itself.
    return sha256(password_hash)[:16]


@functools.cache
def _no_user_hash() -> str:
    # A wrong account name costs the same Argon2 work as a wrong password: no telling which names exist.
    return hash_password(secrets.token_hex(16))


def signed_in_user() -> User | None:
    """The account of this browser's session, if its password is still the one it signed in with."""
    if "user" not in g:
        g.user = None
        username = session.get("username")
        stored = registry().password_hash(username) if username else None
        if stored and session.get("user_mark") == _mark(stored):
            g.user = registry().user(username)
    return g.user


def _start_session(user: User, password_hash: str) -> None:
    session.clear()
    renew_session()  # a new id: one planted or copied before is worth nothing now
    session.update(username=user.username, user_mark=_mark(password_hash))
    g.user = user


def sign_in_required(view=None, *, role: str | None = None):
    """A signed-in account (of `role`, if given) or a redirect to sign in."""
    if view is None:
        return functools.partial(sign_in_required, role=role)

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        user = signed_in_user()
        if user is None:
            return redirect(url_for("accounts.sign_in", next=request.path))
        if role and user.role != role:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def new_password_hash(password: str, repeat: str, user_words: tuple[str, ...] = ()) -> str:
    check_new_password(password, repeat, context=[*user_words, *(school_words() if has_app_context() else [])])
    return hash_password(password)


def throttle() -> Throttle:
    return Throttle(registry())


@bp.route("/aanmelden", methods=["GET", "POST"])
def sign_in():
    if request.method == "GET":
        return render_template("sign_in.html", error=None)
    username = request.form.get("username", "").strip().lower()
    keys = (f"client:{request.remote_addr}", f"account:{username}")
    wait = max(throttle().wait_seconds(key) for key in keys)
    if wait:
        response = current_app.make_response((render_template(
            "sign_in.html", error=f"Te vaak een verkeerd wachtwoord. Probeer het over {wait} seconden opnieuw."), 429))
        response.headers["Retry-After"] = str(wait)
        return response
    stored = registry().password_hash(username)
    if not verify_password(stored or _no_user_hash(), request.form.get("password", "")) or not stored:
        for key in keys:
            throttle().failed(key)
        return render_template("sign_in.html", error="Gebruikersnaam of wachtwoord klopt niet."), 401
    for key in keys:
        throttle().succeeded(key)
    user = registry().user(username)
    if needs_rehash(stored):
        stored = hash_password(request.form["password"])
        registry().set_password_hash(user.id, stored)
    _start_session(user, stored)
    target = request.args.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("accounts.account"))


@bp.post("/afmelden")
def sign_out():
    session.clear()
    renew_session()  # the stored session is thrown away in the shared store: gone in every process
    return redirect(url_for("accounts.sign_in"))


@bp.route("/uitnodiging/<secret>", methods=["GET", "POST"])
def accept_invitation(secret: str):
    now = _now().isoformat()
    user = registry().invited_user(sha256(secret), now)
    if user is None:
        return render_template("error.html", message="Deze uitnodiging is verlopen of al gebruikt. "
                               "Vraag de beheerder om een nieuwe."), 404
    error = None
    if request.method == "POST":
        try:
            hashed = new_password_hash(request.form.get("password", ""), request.form.get("repeat", ""),
                                       (user.username, user.display_name))
        except PasswordError as problem:
            error = str(problem)
        else:
            if registry().accept_invite(sha256(secret), hashed, now):
                _start_session(user, hashed)
                return redirect(url_for("accounts.account"))
            error = "Deze uitnodiging is net gebruikt."
    return render_template("invitation.html", user=user, error=error)


def _account_page(code: str | None = None, message: str | None = None, error: str | None = None, status=200):
    user = signed_in_user()
    return render_template("account.html", user=user, tokens=registry().user_tokens(user.id), code=code,
                           code_minutes=CODE_MINUTES, message=message, error=error), status


@bp.get("/account")
@sign_in_required
def account():
    return _account_page()


@bp.post("/account/wachtwoord")
@sign_in_required
def change_password():
    """A new password ends this account's other sessions, in every process (see signed_in_user)."""
    user = signed_in_user()
    if not verify_password(registry().password_hash(user.username) or _no_user_hash(), request.form.get("current", "")):
        return _account_page(error="Het huidige wachtwoord klopt niet.", status=400)
    try:
        hashed = new_password_hash(request.form.get("password", ""), request.form.get("repeat", ""),
                                   (user.username, user.display_name))
    except PasswordError as problem:
        return _account_page(error=str(problem), status=400)
    registry().set_password_hash(user.id, hashed)
    audit_log.record(registry(), "account_password", actor=user.display_name)
    _start_session(user, hashed)
    return _account_page(message="Je wachtwoord is gewijzigd; andere aanmeldingen zijn beëindigd.")


@bp.post("/account/koppelcode")
@sign_in_required
def pairing_code():
    """A code for this teacher's extension: long, since many teachers hold one at once."""
    code = "-".join(secrets.token_hex(2).upper() for _ in range(4))
    expires = _now() + dt.timedelta(minutes=CODE_MINUTES)
    registry().add_user_pairing_code(signed_in_user().id, sha256(normalise_code(code)), expires.isoformat())
    return _account_page(code=code)


@bp.post("/account/extensies/<token_id>/ontkoppelen")
@sign_in_required
def revoke_token(token_id: str):
    user = signed_in_user()
    name = registry().revoke_user_token(user.id, token_id)
    if name is not None:
        audit_log.record(registry(), "unpair", 1, actor=user.display_name, name=name)
    return redirect(url_for("accounts.account"))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def redeem_code(code: str, name: str, origin: str) -> tuple[str, User] | None:
    """A teacher's pairing code for a new token of theirs, bound to the extension's origin; None if wrong."""
    user_id = registry().redeem_user_pairing_code(sha256(normalise_code(code)), _now().isoformat())
    if user_id is None:
        return None
    token = secrets.token_urlsafe(32)
    registry().add_user_token(sha256(token), name[:100] or "extensie", user_id, _now().isoformat(), origin[:200])
    return token, registry().user_by_id(user_id)


def token_owner(token: str, origin: str | None) -> TokenOwner | None:
    """A teacher's token used from the extension that paired: named after the teacher and the browser."""
    owner = registry().token_owner(sha256(token)) if token else None
    if owner is None or owner.user is None:  # a laptop's token has no place on the school server
        return None
    if origin is not None and owner.origin and origin != owner.origin:
        return None
    return TokenOwner(f"{owner.user.display_name} ({owner.name})", owner.user, owner.origin)


def officer_only() -> None:
    """The consent list and the audit log are for the privacy officer, not for every teacher's token."""
    user = g.get("user")
    if user is None or user.role != "beheerder":
        raise ApiError(403, "not_officer", "Alleen de privacyfunctionaris (beheerder) ziet de toestemmingslijst "
                       "en het auditlog.")


@bp.route("/beheer/medewerkers", methods=["GET", "POST"])
@sign_in_required(role="beheerder")
def staff():
    """The officer's list of accounts: invite, create, remove."""
    invite_link, error = None, None
    if request.method == "POST":
        username = request.form.get("username", "").strip().lower()
        display = request.form.get("display_name", "").strip() or username
        role = request.form.get("role", "medewerker")
        if not username.replace(".", "").replace("-", "").replace("_", "").isalnum() or role not in ROLES:
            error = "Kies een gebruikersnaam van letters en cijfers en een rol."
        elif request.form.get("password"):
            try:
                add_account(registry(), username, display, role, request.form["password"],
                            request.form.get("repeat", ""), actor=signed_in_user().display_name)
            except PasswordError as problem:
                error = str(problem)
        else:
            secret = secrets.token_urlsafe(24)
            expires = (_now() + dt.timedelta(days=INVITE_DAYS)).isoformat()
            if registry().add_user(username, display, role, _now().isoformat(), invite_hash=sha256(secret),
                                   invite_expires=expires) is None:
                error = f"De gebruikersnaam {username} bestaat al."
            else:
                audit_log.record(registry(), "account", 1, actor=signed_in_user().display_name, name=display,
                                 role=role)
                invite_link = url_for("accounts.accept_invitation", secret=secret, _external=True)
    return render_template("staff.html", users=registry().users(), invite_link=invite_link, error=error,
                           invite_days=INVITE_DAYS, me=signed_in_user())


@bp.post("/beheer/medewerkers/<int:user_id>/verwijderen")
@sign_in_required(role="beheerder")
def remove_user(user_id: int):
    officer = signed_in_user()
    removed = registry().remove_user(user_id) if user_id != officer.id else None  # no locking oneself out
    if removed is not None:
        user, tokens = removed
        audit_log.record(registry(), "account_removed", 1, actor=officer.display_name, name=user.display_name,
                         role=user.role, username=user.username, extensions=tokens)
    return redirect(url_for("accounts.staff"))


def add_account(reg, username: str, display_name: str, role: str, password: str, repeat: str,
                actor: str | None = None) -> User:
    """An account with a first password (the staff page, or `poortwachter account` for the first beheerder)."""
    username = username.strip().lower()
    hashed = new_password_hash(password, repeat, (username, display_name))
    user = reg.add_user(username, display_name, role, _now().isoformat(), password_hash=hashed)
    if user is None:
        raise PasswordError(f"De gebruikersnaam {username} bestaat al.")
    audit_log.record(reg, "account", 1, actor=actor, name=display_name, role=role)
    return user


def require_sign_in():
    """On the school server every page is for signed-in staff, and /beheer for the officer only."""
    if request.path.startswith("/api/") or request.endpoint in OPEN_ENDPOINTS:
        return None
    user = signed_in_user()
    if user is None:
        return redirect(url_for("accounts.sign_in", next=request.path))
    if request.path.startswith("/beheer") and user.role != "beheerder":
        abort(403)
    return None


def init_app(app) -> None:
    if app.config.get("SERVER_MODE"):
        app.register_blueprint(bp)
        app.before_request(require_sign_in)
