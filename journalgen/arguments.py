"""argparse as people expect it from git or hugo: a mistyped command, value or option gets a "did
you mean", an error shows the usage of the command it is about, `help CMD` finds a command, and
arguments say what they complete to for the shell completion scripts."""

from __future__ import annotations

import argparse
from typing import Any, NoReturn

from journalgen.errors import did_you_mean

SHELLS = ("bash", "zsh", "fish")
FILE, DIRECTORY = "file", "directory"
"""What an argument completes to (its `complete`): shtab's completers by name, looked up only
when a completion script is written (see `completion_parser`), so that no other command imports shtab."""


class Parser(argparse.ArgumentParser):
    """An argparse parser that suggests what was probably meant, and knows its subcommands."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)
        self.commands: dict[str, Parser] = {}
        """The subcommands, by name (for `journalgen help CMD` and errors in their own usage)."""

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        """argparse's check of a value against its choices (commands too), with a suggestion."""
        if action.choices is None or value in action.choices:
            return
        names = [str(choice) for choice in action.choices]
        hint = did_you_mean(str(value), names)
        if action.dest.endswith("command"):
            kind = "command" if action.dest == "command" else "action"
            message = f"unknown {kind} {value!r}{hint}; the {kind}s are: {', '.join(names)}"
            raise argparse.ArgumentError(None, message)
        message = f"invalid choice {value!r}{hint}; choose from {', '.join(names)}"
        raise argparse.ArgumentError(action, message)

    def refuse_unknown(self, extras: list[str]) -> NoReturn:
        """Stop on arguments this command does not take, suggesting the option probably meant."""
        options = self._option_string_actions
        if all(arg.split("=")[0] in options for arg in extras):  # given before the command's name
            self.error(f"{' '.join(extras)} goes after the command: {self.prog} {' '.join(extras)}")
        said = " ".join(
            arg + (did_you_mean(arg.split("=")[0], sorted(options)) if arg.startswith("-") else "")
            for arg in extras
        )
        self.error(f"unrecognized arguments: {said}")

    def command(self, commands: Any, name: str, help: str, examples: str, **kwargs: Any) -> Parser:
        """Add the subcommand `name` with a one-line help and examples at the end of its --help."""
        epilog = "examples:\n" + "\n".join(f"  {line}" for line in examples.strip("\n").splitlines())
        if kwargs.get("epilog"):
            epilog = f"{kwargs.pop('epilog')}\n\n{epilog}"
        kwargs.setdefault("description", help[0].upper() + help[1:] + ".")
        sub: Parser = commands.add_parser(name, help=help, epilog=epilog, **kwargs)
        self.commands[name] = sub
        sub.set_defaults(parser=sub)
        return sub


def help_for(parser: Parser, topic: list[str]) -> Parser:
    """The parser of `journalgen help WORDS...`: the command (and subcommand) named."""
    for word in topic:
        if word not in parser.commands:
            names = list(parser.commands)
            parser.error(
                f"no command {word!r}{did_you_mean(word, names)}; the commands are: {', '.join(names)}"
            )
        parser = parser.commands[word]
    return parser


def completion_parser(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The parser with each argument's completer (FILE, DIRECTORY) as shtab wants it."""
    import shtab

    for action in parser._actions:
        if getattr(action, "complete", None) in (FILE, DIRECTORY):
            action.complete = shtab.CHOICE_FUNCTIONS[action.complete]  # type: ignore[attr-defined]
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                completion_parser(sub)
    return parser
