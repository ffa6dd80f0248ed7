"""The ``pycpg`` command: global options, sign-in on first use, errors and exit codes."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from pycpg.cli._auth import Credentials, CredentialsError, resolve, totp_source
from pycpg.exceptions import PycpgError, PycpgUnauthorizedError

if TYPE_CHECKING:
    from pycpg.sdk import SDKClient

__all__ = ["EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "State", "cli", "main", "pass_state"]

EXIT_OK = 0
EXIT_FAILED = 1  # the work failed, wholly or in part (e.g. some bulk rows)
EXIT_USAGE = 2  # bad options, files or credentials: nothing was done
EXIT_INTERRUPTED = 130

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class State:
    """What every command shares: how to sign in, and the client once signed in."""

    profile: str | None = None
    debug: bool = False
    _sdk: SDKClient | None = field(default=None, repr=False)

    def sdk(self) -> SDKClient:
        """The signed-in client (signs in on first use).

        Raises:
            click.UsageError: no credentials are configured.
            PycpgError: the console refused them.
        """
        if self._sdk is None:
            try:
                credentials = resolve(self.profile, ask=_password_prompt() if sys.stdin.isatty() else None)
            except CredentialsError as error:
                raise click.UsageError(str(error)) from None
            self._sdk = _sign_in(credentials)
        return self._sdk

    def close(self) -> None:
        if self._sdk is not None:
            self._sdk.close()
            self._sdk = None


def _password_prompt() -> Callable[[str], str]:
    def ask(prompt: str) -> str:
        return str(click.prompt(prompt, err=True, hide_input=True))

    return ask


def _sign_in(credentials: Credentials) -> SDKClient:
    import pycpg.sdk

    options: dict[str, Any] = {} if credentials.verify_ssl else {"verify_ssl_certs": False}
    if credentials.api_client:
        return pycpg.sdk.from_api_client(credentials.host, credentials.username, credentials.secret, **options)
    totp = totp_source(credentials)
    try:
        return pycpg.sdk.from_local_account(credentials.host, credentials.username, credentials.secret, totp,
                                            **options)
    except PycpgUnauthorizedError as error:
        # A two-factor account without a TOTP secret: ask, when someone is there to answer.
        if totp is not None or "LOCAL_2FA" not in str(error) or not sys.stdin.isatty():
            raise

    def ask() -> str:
        return str(click.prompt("Two-factor code", err=True, hide_input=False)).strip()

    return pycpg.sdk.from_local_account(credentials.host, credentials.username, credentials.secret, ask, **options)


pass_state = click.make_pass_decorator(State, ensure=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--profile", metavar="NAME", help="crashplancli profile to sign in with (default: the "
              "CRASHPLAN_* environment variables, else crashplancli's default profile).")
@click.option("--debug", is_flag=True, help="Log every request (secrets redacted) to stderr.")
@click.version_option(package_name="pycpg", prog_name="pycpg")
@click.pass_context
def cli(context: click.Context, profile: str | None, debug: bool) -> None:
    """Export, change and inspect a CrashPlan tenant from the shell.

    \b
    Credentials (never on the command line):
      --profile NAME       a profile of CrashPlan's own CLI (crashplancli): its config
                           file and the password it stored in the keyring
      CRASHPLAN_HOST with CRASHPLAN_USERNAME + CRASHPLAN_PASSWORD
                           (+ CRASHPLAN_TOTP_SECRET for two-factor accounts), or with
                           CRASHPLAN_API_CLIENT_ID + CRASHPLAN_API_CLIENT_SECRET
    A two-factor code is asked for when needed and a terminal is present.

    \b
    Exit codes: 0 success, 1 failure (some rows or the whole command),
    2 usage error (bad options, files or credentials), 130 interrupted.
    """
    state = context.ensure_object(State)
    state.profile, state.debug = profile, debug
    if debug:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logging.getLogger("pycpg").addHandler(handler)
        logging.getLogger("pycpg").setLevel(logging.DEBUG)
    context.call_on_close(state.close)


def fail(message: str) -> NoReturn:
    """Stop the command with exit code 1 and ``message`` on stderr."""
    raise click.ClickException(message)


@contextmanager
def usage_errors() -> Iterator[None]:
    """Report a ``ValueError`` of the options as a usage error (exit 2)."""
    try:
        yield
    except ValueError as error:
        raise click.UsageError(str(error)) from None


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns its exit code (the ``pycpg`` console script)."""
    from pycpg.cli import _commands  # noqa: F401 - registers the commands

    try:
        # Not standalone: click hands back what it would exit with (ctx.exit codes), or raises.
        code = cli.main(args=argv, prog_name="pycpg", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Interrupted.", err=True)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return EXIT_INTERRUPTED
    except click.UsageError as error:
        error.show()
        return EXIT_USAGE
    except click.ClickException as error:
        error.show()
        return EXIT_FAILED
    except click.exceptions.Exit as done:
        return int(done.exit_code)
    except PycpgError as error:
        click.echo(f"Error: {_one_line(str(error))}", err=True)
        return EXIT_FAILED
    except OSError as error:
        click.echo(f"Error: {_one_line(str(error))}", err=True)
        return EXIT_FAILED
    return code if isinstance(code, int) else EXIT_OK


def _one_line(text: str) -> str:
    return " ".join(text.split())
