"""Click in Dutch: its own texts ("Usage:", "Options", errors) and usage errors as exit status 3.

Click marks its texts for gettext but ships no translations, and every module
binds `gettext` as `_` when it is imported. Poortwachter's people read Dutch
whatever the computer's language is, so the command installs this catalogue
in those modules instead of going through the process-wide gettext domain
(which follows LANG and would need compiled .mo files). A text missing here
stays English; tests/test_cli_dutch.py holds the catalogue to Click's source.

Usage errors exit with 2 in Click; for `check` 2 means "blocked", so a typo
would read as a verdict. DutchGroup turns every usage error into one Dutch
line and exit status EXIT_USAGE.
"""
from __future__ import annotations

import sys

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types

EXIT_USAGE = 3

CATALOGUE: dict[str, str] = {
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Commands": "Opdrachten",
    "Positional arguments": "Argumenten",
    "Show this message and exit.": "Toon deze hulp en stop.",
    "Show the version and exit.": "Toon de versie en stop.",
    "%(prog)s, version %(version)s": "%(prog)s, versie %(version)s",
    "default: {default}": "standaard: {default}",
    "env var: {var}": "omgevingsvariabele: {var}",
    "Aborted!": "Afgebroken.",
    "Missing command.": "Geef een opdracht.",
    "Missing argument": "Ontbrekend argument",
    "Missing option": "Ontbrekende optie",
    "Missing parameter": "Ontbrekende waarde",
    "Missing parameter: {param_name}": "Ontbrekende waarde: {param_name}",
    "Missing {param_type}": "{param_type} ontbreekt",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "No such option {name!r}.": "Onbekende optie {name!r}.",
    "No such command {name!r}.": "Onbekende opdracht {name!r}.",
    "Error: {message}": "Fout: {message}",
    "Try '{command} {option}' for help.": "Zie '{command} {option}'.",
    "Could not open file {filename!r}: {message}": "Kan bestand {filename!r} niet openen: {message}",
    "Option {name!r} does not take a value.": "Optie {name!r} neemt geen waarde.",
    "Argument {name!r} takes {nargs} values.": "Argument {name!r} neemt {nargs} waarden.",
    "file": "bestand",
    "directory": "map",
    "path": "pad",
    "{value} is not in the range {range}.": "{value} ligt niet in het bereik {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} is geen ja/nee-waarde. Mogelijk: {states}",
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig getal.",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} is niet leesbaar.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} is niet schrijfbaar.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} is niet uitvoerbaar.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    "Repeat for confirmation": "Nog een keer ter bevestiging",
    "Error: The two entered values do not match.": "Fout: de twee invoeren zijn niet gelijk.",
    "Error: invalid input": "Fout: ongeldige invoer",
    "Do you want to continue?": "Doorgaan?",
    "Confirm the action without prompting.": "Bevestig zonder te vragen.",
}
PLURALS: dict[str, tuple[str, str]] = {
    "Got unexpected extra argument ({args})":
        ("Onverwacht extra argument ({args})", "Onverwachte extra argumenten ({args})"),
    "Did you mean {possibility}?": ("Bedoelde u {possibility}?", "(Bedoelde u een van: {possibilities}?)"),
    "{value!r} is not {choice}.": ("{value!r} is niet {choice}.", "{value!r} is niet een van {choices}."),
    "Option {name!r} requires an argument.":
        ("Optie {name!r} heeft een waarde nodig.", "Optie {name!r} heeft {nargs} waarden nodig."),
    "Takes {nargs} values but 1 was given.":
        ("Neemt {nargs} waarden, maar er is er 1 gegeven.", "Neemt {nargs} waarden, maar er zijn er {len} gegeven."),
    "{len_type} values are required, but {len_value} was given.":
        ("{len_type} waarden nodig, maar {len_value} gegeven.", "{len_type} waarden nodig, maar {len_value} gegeven."),
}
MODULES = (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.termui,
           click.types)


class DutchChoice(click.ParamType):
    """A choice shown and accepted in Dutch (sociale_media), passed on as the code (social_media).

    The codes themselves are accepted too: scripts and the JSON contract use them.
    """

    name = "keuze"

    def __init__(self, words: dict[str, str], what: str) -> None:
        self.words = words  # Dutch word -> code
        self.what = what  # 'kanaal', 'account'

    def get_metavar(self, param, ctx=None) -> str:
        return "[" + "|".join(self.words) + "]"

    def convert(self, value, param, ctx):
        key = str(value).strip().lower().replace("-", "_").replace(" ", "_")
        if key in self.words:
            return self.words[key]
        if key in self.words.values():
            return key
        self.fail(f"'{value}' is geen {self.what}; kies uit {', '.join(self.words)}.", param, ctx)


CHANNEL_WORDS = {"sociale_media": "social_media", "website": "website", "nieuwsbrief": "nieuwsbrief",
                 "schoolapp": "schoolapp"}
ACCOUNT_WORDS = {"school": "school", "persoonlijk": "personal"}
CHANNEL = DutchChoice(CHANNEL_WORDS, "kanaal")
ACCOUNT = DutchChoice(ACCOUNT_WORDS, "account")


def gettext(message: str) -> str:
    return CATALOGUE.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    dutch = PLURALS.get(singular)
    if dutch is None:
        return singular if count == 1 else plural
    return dutch[0] if count == 1 else dutch[1]


def install() -> None:
    """Make Click speak Dutch in this process."""
    for module in MODULES:
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
    for kind, name in TYPE_NAMES.items():
        kind.name = name


# How Click names a value in --help ("--text TEXT"), by its type.
TYPE_NAMES = {click.types.StringParamType: "tekst", click.types.IntParamType: "getal",
              click.types.IntRange: "getal", click.types.FloatParamType: "getal", click.types.File: "bestand",
              click.types.DateTime: "datum"}


class DutchCommand(click.Command):
    """A command whose usage line reads 'Gebruik: poortwachter check [OPTIES] [FOTO]...'."""

    def __init__(self, *args, options_metavar: str | None = "[OPTIES]", **kwargs) -> None:
        super().__init__(*args, options_metavar=options_metavar, **kwargs)


class DutchGroup(click.Group):
    """Usage errors are one Dutch line and exit status EXIT_USAGE, never 2; subcommands are Dutch too."""

    command_class = DutchCommand
    group_class = type  # subgroups are DutchGroups

    def __init__(self, *args, options_metavar: str | None = "[OPTIES]", subcommand_metavar: str | None = None,
                 **kwargs) -> None:
        super().__init__(*args, options_metavar=options_metavar,
                         subcommand_metavar=subcommand_metavar or "OPDRACHT [ARGUMENTEN]...", **kwargs)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        """A command made with plain click.command() reads Dutch here too."""
        _dutch_metavars(cmd)
        super().add_command(cmd, name)


    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as error:
            click.echo(usage_line(error), err=True)
            sys.exit(EXIT_USAGE)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo(gettext("Aborted!"), err=True)
            sys.exit(EXIT_USAGE)
        sys.exit(result if isinstance(result, int) else 0)


def _dutch_metavars(cmd: click.Command) -> None:
    if cmd.options_metavar == "[OPTIONS]":
        cmd.options_metavar = "[OPTIES]"
    if isinstance(cmd, click.Group):
        if cmd.subcommand_metavar == "COMMAND [ARGS]...":
            cmd.subcommand_metavar = "OPDRACHT [ARGUMENTEN]..."
        for sub in cmd.commands.values():
            _dutch_metavars(sub)


def usage_line(error: click.UsageError) -> str:
    """'Fout: <what> (zie 'poortwachter check --help')', on one line."""
    message = " ".join(error.format_message().split())
    if error.ctx is not None:
        return f"Fout: {message} Zie '{error.ctx.command_path} --help'."
    return f"Fout: {message}"


install()
