"""The `poortwachter` command line."""


def main() -> None:
    """The console script's entry point; the command line is imported only when it runs.

    The face and scan workers are spawned processes, and a spawned process
    re-imports the script that started its parent. Importing server.cli.cli at
    the top put PyAV, zxcvbn and cryptography into every worker (~100 MB each,
    counted by bench/load.py).
    """
    from server.cli.cli import main as command_line

    command_line()
