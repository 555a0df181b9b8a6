"""`poortwachter serve` and `pair`: the local service for the extension and the self-check page."""
from __future__ import annotations

import datetime as dt
import signal
import sys
from pathlib import Path

import click

from server import config
from server.cli.common import (UserError, common_options, data_dir, handle_errors, open_registry, purge_departed,
                               setting)

# Clients at once; more wait in the kernel's queue, unseen, until one is done. Enough that
# a burst is seen and answered (a 503 within the queue time) rather than queued there:
# bodies are bounded by bytes (body_budget), not by connections.
CONNECTION_LIMIT = 32
IDLE_SECONDS = 30  # a connection that sends nothing for this long is closed (a half-sent request)


def waitress_options(app) -> dict:
    """Bodies stay in memory, a burst stays bounded, and no request waits unseen.

    waitress spools request bodies over 512 KB and responses over 1 MB to
    temporary files: uploaded photos and safe copies would touch the disk. Kept
    in memory instead, bodies of MAX_CONTENT_LENGTH at most, and bigger ones get 413
    before they are read whole; together they stay within body_budget's bytes. One thread per
    connection: waitress hands a request to the app only once its body is in, so
    a client that sends half a request holds a connection but never a thread or
    a check slot, and a whole request never queues inside waitress before the
    check slot's clock (security.CheckSlot) starts. A video's safe copy may be
    as big as the school's video limit: answers stay in memory up to that.
    """
    from server.gate.video import load_video_limits

    limit = app.config["MAX_CONTENT_LENGTH"]
    answer = max(limit, load_video_limits(Path(app.config["DATA_DIR"])).max_bytes)
    return {"threads": CONNECTION_LIMIT, "ident": "poortwachter", "_quiet": True,
            # waitress counts its listening socket and its wake-up pipe as connections too
            "connection_limit": CONNECTION_LIMIT + 2, "channel_timeout": IDLE_SECONDS,
            "max_request_body_size": limit, "inbuf_overflow": limit + 1, "outbuf_overflow": answer + 1}


@click.command()
@common_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Alleen 127.0.0.1 is toegestaan.")
@click.option("--port", default=config.DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535),
              help="De poort op 127.0.0.1.")
@click.option("--server", "school_server", is_flag=True,
              help="Als schoolserver: meerdere processen achter een TLS-proxy, met accounts (zie instellingen.toml).")
@handle_errors
def serve(host: str, port: int, school_server: bool) -> None:
    """Start de dienst voor de extensie en de zelfcontrolepagina.

    Voorbeeld: poortwachter serve --port 5151

    Schoolserver: poortwachter serve --server (instellingen in instellingen.toml in de datamap)
    """
    if school_server:
        from server.web.school_server import run

        run(data_dir(), setting("today"))
        return
    from server.web.body_budget import create_server

    from server.web.app import create_app
    from detectors.memory import limit_heaps
    from server.web.page_access import page_link
    from server.web.pairing import new_code
    from server.web.pairing_code import remember

    if host not in ("127.0.0.1", "localhost"):
        raise UserError("Poortwachter luistert alleen op 127.0.0.1: foto's van kinderen blijven op deze computer.")
    ensure_port_free(port)  # before a code or an address is printed that would not work
    limit_heaps()
    app = create_app({"DATA_DIR": str(data_dir()), "TODAY": setting("today"), "PORT": port})
    registry = open_registry()
    purge_departed(registry)
    code = new_code(registry)
    remember(app, code)  # the self-check page shows the same code until it expires
    # Load both models now, so the first post is checked as fast as the next.
    gate = app.extensions["poortwachter.gate"]
    gate.warm_up(registry)
    registry.close()
    # Like Jupyter: only who has this link (new at every start) can open the pages.
    click.echo(f"Zelfcontrole: {page_link(app)}")
    click.echo(f"Koppelcode: {code} (geldig tot {code_expiry()}; een nieuwe staat op de zelfcontrolepagina)")
    click.echo("Stoppen: Ctrl+C")
    sys.stdout.flush()
    # SIGTERM (a service manager, a test) ends like Ctrl+C: the face workers are shut down too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        create_server(app, host="127.0.0.1", port=port, **waitress_options(app)).run()
    except OSError as error:
        raise UserError(f"Kan poort {port} niet gebruiken: {error.strerror}.") from None
    finally:
        app.extensions["poortwachter.gate"].close()


def ensure_port_free(port: int) -> None:
    """One Dutch line if another program (often a Poortwachter already running) holds the port."""
    import errno
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As waitress binds: a port left in TIME_WAIT by a stopped service counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise UserError(f"Poort {port} is al in gebruik: draait Poortwachter al? Gebruik dat venster, "
                                f"of start op een andere poort met --port {port + 1}.") from None
            raise UserError(f"Kan poort {port} niet gebruiken: {error.strerror}.") from None


@click.command("account")
@common_options
@click.argument("username")
@click.option("--name", "display_name", help="De naam die het auditlog noemt (standaard de gebruikersnaam).")
@click.option("--role", type=click.Choice(["beheerder", "medewerker"]), default="beheerder", show_default=True,
              help="beheerder: toestemmingen en auditlog; medewerker: alleen controleren.")
@click.password_option("--password", prompt="Wachtwoord", confirmation_prompt="Nog een keer",
                       help="Het eerste wachtwoord (anders gevraagd).")
@handle_errors
def account(username: str, display_name: str | None, role: str, password: str) -> None:
    """Maak een account op de schoolserver, zoals de eerste beheerder.

    Voorbeeld: poortwachter account fg.jansen --name "F. Jansen" --role beheerder
    """
    from server.auth.passwords import PasswordError
    from server.web.accounts import add_account

    try:
        user = add_account(open_registry(), username, display_name or username, role, password, password)
    except PasswordError as error:
        raise UserError(str(error)) from None
    click.echo(f"Account {user.username} ({user.role}) gemaakt.")


@click.command()
@common_options
@click.option("--list", "list_", is_flag=True, help="Toon de gekoppelde extensies.")
@click.option("--revoke", metavar="ID", help="Ontkoppel de extensie met deze ID (zie --list).")
@handle_errors
def pair(list_: bool, revoke: str | None) -> None:
    """Maak een nieuwe koppelcode voor de extensie, of toon en ontkoppel gekoppelde extensies.

    Voorbeeld: poortwachter pair --list
    """
    from server.web.pairing import new_code, unpair

    registry = open_registry()
    if revoke:
        name = unpair(registry, revoke.strip())
        if name is None:
            raise UserError(f"Geen gekoppelde extensie met ID {revoke}; zie poortwachter pair --list.")
        click.echo(f"Ontkoppeld: {revoke} ({name}). Die extensie moet opnieuw koppelen.")
    elif list_:
        tokens = registry.tokens()
        if not tokens:
            click.echo("Geen gekoppelde extensies.")
        for token in tokens:
            click.echo(f"{token['id']}  {token['name']:20}  gekoppeld {token['created_at'][:10]}  "
                       f"laatst gebruikt {token['last_seen'] or '-'}  {token['origin'] or '-'}")
    else:
        click.echo(f"Koppelcode: {new_code(registry)} (geldig tot {code_expiry()})")


def code_expiry() -> str:
    """'09:41': when a code made just now stops working."""
    from server.web.pairing import CODE_MINUTES

    return f"{dt.datetime.now() + dt.timedelta(minutes=CODE_MINUTES):%H:%M}"
