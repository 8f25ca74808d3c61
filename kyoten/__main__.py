"""`python -m kyoten` is the `kyoten` command."""

from kyoten.tools.cli import command

command()
