"""The commands: lists, incremental exports, bulk changes, schemas and the emulator."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from pydantic import BaseModel

from pycpg.cli._app import EXIT_FAILED, State, cli, pass_state, usage_errors
from pycpg.cli._dates import parse_age, parse_moment
from pycpg.cli._output import FORMATS, ProgressBar, check_columns, choose_format, progress, write_items

if TYPE_CHECKING:
    from pycpg.export.incremental import Batch, ExportResult

# -- shared options ---------------------------------------------------------------------


class Moment(click.ParamType[datetime]):
    """``--since`` / ``--until``: ISO 8601, or an age such as ``7d``."""

    name = "TIME"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            return parse_moment(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


MOMENT = Moment()


def output_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--format`` and ``--columns``."""
    function = click.option("--columns", metavar="A,B.C", help="Comma-separated columns to show (dotted names "
                            "for nested fields, e.g. backupUsage); every format.")(function)
    return click.option("-f", "--format", "fmt", type=click.Choice(FORMATS, case_sensitive=False),
                        help="Output format (default: table on a terminal, jsonl otherwise).")(function)


def active_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--active/--inactive", default=None, help="Only active, or only inactive (default: all).")(
        function)


def _show(items: Iterable[BaseModel], model: type[BaseModel], fmt: str | None, columns: str | None,
          table_columns: list[str], label: str) -> None:
    chosen = [column.strip() for column in columns.split(",") if column.strip()] if columns else None
    with usage_errors():
        if chosen:
            check_columns(model, chosen)
    out = sys.stdout
    write_items(progress(items, label), model, choose_format(fmt and fmt.lower(), out), chosen, table_columns, out)


# -- lists -----------------------------------------------------------------------------


@cli.group()
def users() -> None:
    """Users of the tenant."""


@users.command("list")
@active_option
@click.option("--org-uid", help="Only users of this org.")
@click.option("--role-id", help="Only users with this role.")
@click.option("--email", help="Only the user with this email.")
@output_options
@pass_state
def users_list(state: State, active: bool | None, org_uid: str | None, role_id: str | None, email: str | None,
               fmt: str | None, columns: str | None) -> None:
    """List users."""
    from pycpg.models import User

    items = state.sdk().users.iter_all(active=active, org_uid=org_uid, role_id=role_id, email=email)
    _show(items, User, fmt, columns, ["userId", "userUid", "username", "orgName", "active", "blocked"], "users")


@cli.group()
def devices() -> None:
    """Devices (computers) backing up to the tenant."""


@devices.command("list")
@active_option
@click.option("--org-uid", help="Only devices of this org.")
@click.option("--user-uid", help="Only devices of this user.")
@click.option("--include-backup-usage", is_flag=True, help="Add each device's backup usage per destination.")
@output_options
@pass_state
def devices_list(state: State, active: bool | None, org_uid: str | None, user_uid: str | None,
                 include_backup_usage: bool, fmt: str | None, columns: str | None) -> None:
    """List devices."""
    from pycpg.models import Device

    items = state.sdk().devices.iter_all(active=active, org_uid=org_uid, user_uid=user_uid,
                                         include_backup_usage=include_backup_usage or None)
    _show(items, Device, fmt, columns, ["computerId", "guid", "name", "osName", "status", "lastConnected"],
          "devices")


@cli.group()
def orgs() -> None:
    """Organizations of the tenant."""


@orgs.command("list")
@output_options
@pass_state
def orgs_list(state: State, fmt: str | None, columns: str | None) -> None:
    """List orgs."""
    from pycpg.models import Org

    _show(state.sdk().orgs.iter_all(), Org, fmt, columns, ["orgId", "orgUid", "orgName", "parentOrgUid", "active"],
          "orgs")


@cli.group("legal-hold")
def legal_hold() -> None:
    """Legal-hold matters, custodians and events."""


@legal_hold.group("matters")
def matters() -> None:
    """Legal-hold matters."""


@matters.command("list")
@click.option("--active/--inactive", default=True, show_default=True, help="Active or inactive matters.")
@click.option("--all", "every", is_flag=True, help="Active and inactive matters.")
@output_options
@pass_state
def matters_list(state: State, active: bool, every: bool, fmt: str | None, columns: str | None) -> None:
    """List legal-hold matters."""
    from pycpg.models import LegalHoldMatter

    items = state.sdk().legalhold.iter_all_matters(active=None if every else active)
    _show(items, LegalHoldMatter, fmt, columns, ["legalHoldUid", "name", "active", "creationDate"], "matters")


@legal_hold.group("custodians")
def custodians() -> None:
    """Custodians (memberships) of legal-hold matters."""


@custodians.command("list")
@click.option("--matter-id", required=True, help="The matter's legalHoldUid.")
@click.option("--active/--inactive", default=True, show_default=True, help="Current or released custodians.")
@output_options
@pass_state
def custodians_list(state: State, matter_id: str, active: bool, fmt: str | None, columns: str | None) -> None:
    """List the custodians of a matter."""
    from pycpg.models import LegalHoldMembership

    items = state.sdk().legalhold.iter_all_matter_custodians(legal_hold_matter_uid=matter_id, active=active)
    _show(items, LegalHoldMembership, fmt, columns, ["legalHoldMembershipUid", "user.username", "active",
                                                     "creationDate"], "custodians")


@legal_hold.group("events")
def legal_hold_events() -> None:
    """The legal-hold audit trail."""


@legal_hold_events.command("list")
@click.option("--matter-id", help="Only events of this matter (legalHoldUid).")
@click.option("--since", type=MOMENT, help="Earliest event (ISO 8601 or an age: 7d, 12h).")
@click.option("--until", type=MOMENT, help="Latest event (ISO 8601 or an age).")
@output_options
@pass_state
def legal_hold_events_list(state: State, matter_id: str | None, since: datetime | None, until: datetime | None,
                           fmt: str | None, columns: str | None) -> None:
    """List legal-hold events, oldest first."""
    from pycpg.models import LegalHoldEvent

    items = state.sdk().legalhold.iter_all_events(legal_hold_uid=matter_id, min_event_date=since,
                                                  max_event_date=until)
    _show(items, LegalHoldEvent, fmt, columns, ["eventDate", "eventType", "legalHoldUid", "eventUid"], "events")


@cli.group("audit-logs")
def audit_logs() -> None:
    """The tenant's audit log."""


@audit_logs.command("list")
@click.option("--since", type=MOMENT, help="First instant (ISO 8601 or an age: 7d, 12h).")
@click.option("--until", type=MOMENT, help="End of the window, excluded.")
@click.option("--event-type", "event_types", multiple=True, help="Event name, e.g. logged_in (repeatable).")
@click.option("--username", "usernames", multiple=True, help="Acting user (repeatable).")
@click.option("--affected-username", "affected_usernames", multiple=True, help="User acted upon (repeatable).")
@output_options
@pass_state
def audit_logs_list(state: State, since: datetime | None, until: datetime | None, event_types: tuple[str, ...],
                    usernames: tuple[str, ...], affected_usernames: tuple[str, ...], fmt: str | None,
                    columns: str | None) -> None:
    """List audit-log events, newest first (all of them: past the 10,000 of one search)."""
    from pycpg.models import AuditLogEvent

    items = state.sdk().auditlogs.iter_all(begin_time=since, end_time=until, event_types=list(event_types) or None,
                                           usernames=list(usernames) or None,
                                           affected_usernames=list(affected_usernames) or None)
    _show(items, AuditLogEvent, fmt, columns, ["timestamp", "type$", "actorName", "actorIpAddress",
                                               "affectedUserName"], "events")


# -- schemas and the emulator ---------------------------------------------------------------


@cli.command()
@click.argument("model", required=False)
@click.option("--list", "listing", is_flag=True, help="List the model names.")
def schema(model: str | None, listing: bool) -> None:
    """Print the JSON Schema of MODEL (wire names), e.g. Device."""
    import json

    from pycpg.models import json_schema, schema_names

    if listing or model is None:
        for name in schema_names():
            click.echo(name)
        return
    with usage_errors():
        document = json_schema(model)
    click.echo(json.dumps(document, indent=2))


@cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True}, add_help_option=False)
@click.argument("arguments", nargs=-1, type=click.UNPROCESSED)
def emulator(arguments: tuple[str, ...]) -> None:
    """Run the local CrashPlan emulator (its options: pycpg emulator --help)."""
    import subprocess

    # A process of its own: the command line is SDK-side code, which imports nothing of the emulator.
    raise SystemExit(subprocess.call([sys.executable, "-m", "pycpg.emulator", *arguments]))


# -- incremental exports ---------------------------------------------------------------------


def export_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--checkpoint``, ``--output``, ``--state``, ``--since``, ``--overlap``."""
    for option in reversed([
        click.option("--checkpoint", required=True, metavar="NAME",
                     help="The export's checkpoint: each run resumes where the last one of this name stopped."),
        click.option("-o", "--output", type=click.Path(dir_okay=False), help="JSON Lines file to append to "
                     "(exactly once, even after a killed run); default: stdout (at least once)."),
        click.option("--state", "state_dir", type=click.Path(file_okay=False), envvar="PYCPG_STATE_DIR",
                     help="Folder of the checkpoints (default: ~/.pycpg/checkpoints; env PYCPG_STATE_DIR)."),
        click.option("--since", type=MOMENT, help="Where the first run starts (ISO 8601 or an age: 30d)."),
        click.option("--overlap", default="10m", show_default=True, metavar="AGE",
                     help="How much before the checkpoint each run reads again (late events)."),
    ]):
        function = option(function)
    return function


def _state_folder(state: str | None) -> Path:
    return Path(state) if state else Path.home() / ".pycpg" / "checkpoints"


def _overlap(text: str) -> timedelta:
    with usage_errors():
        return parse_age(text)


def _export(output: str | None, to_file: Callable[[str], ExportResult],
            batches: Callable[[], Iterator[Batch[Any]]], label: str) -> None:
    """Append to ``output`` exactly once (:func:`to_file`), or stream the batches to stdout."""
    if output is not None:
        with usage_errors():
            result = to_file(output)
        click.echo(f"{result.delivered} new {label} appended to {output}; "
                   f"read up to {result.cursor:%Y-%m-%d %H:%M:%S} UTC", err=True)
        return
    from pycpg.export import jsonl_line

    with usage_errors():
        pending = batches()
    delivered = 0
    with ProgressBar(label) as bar:
        for batch in pending:  # committed when the next batch is asked for: after it was written
            for event in batch.events:
                sys.stdout.write(jsonl_line(event))
            sys.stdout.flush()
            delivered += len(batch.events)
            bar.advance(delivered)
    click.echo(f"{delivered} new {label} written", err=True)


@audit_logs.command("export")
@export_options
@click.option("--event-type", "event_types", multiple=True, help="Event name, e.g. logged_in (repeatable).")
@click.option("--username", "usernames", multiple=True, help="Acting user (repeatable).")
@pass_state
def audit_logs_export(state: State, checkpoint: str, output: str | None, state_dir: str | None,
                      since: datetime | None, overlap: str, event_types: tuple[str, ...],
                      usernames: tuple[str, ...]) -> None:
    """Export the audit-log events that earlier runs of --checkpoint did not, oldest first, as JSON Lines.

    Nothing is lost or repeated: events recorded late are caught by re-reading the
    --overlap before the checkpoint, and an interrupted run is completed by the next one.
    """
    from pycpg.export.incremental import audit_log_batches, export_audit_logs

    folder, window, sdk = _state_folder(state_dir), _overlap(overlap), state.sdk()
    filters: dict[str, Any] = {"event_types": list(event_types) or None, "usernames": list(usernames) or None}
    _export(
        output,
        lambda path: export_audit_logs(sdk, path, folder, checkpoint, since=since, overlap=window, **filters),
        lambda: audit_log_batches(sdk, folder, checkpoint, since=since, overlap=window, **filters),
        "audit-log events",
    )


@legal_hold_events.command("export")
@export_options
@click.option("--matter-id", help="Only events of this matter (legalHoldUid).")
@pass_state
def legal_hold_events_export(state: State, checkpoint: str, output: str | None, state_dir: str | None,
                             since: datetime | None, overlap: str, matter_id: str | None) -> None:
    """Export the legal-hold events that earlier runs of --checkpoint did not, oldest first, as JSON Lines."""
    from pycpg.export.incremental import export_legal_hold_events, legal_hold_event_batches

    folder, window, sdk = _state_folder(state_dir), _overlap(overlap), state.sdk()
    _export(
        output,
        lambda path: export_legal_hold_events(sdk, path, folder, checkpoint, legal_hold_uid=matter_id, since=since,
                                              overlap=window),
        lambda: legal_hold_event_batches(sdk, folder, checkpoint, legal_hold_uid=matter_id, since=since,
                                         overlap=window),
        "legal-hold events",
    )


# -- bulk changes ----------------------------------------------------------------------------


@cli.command()
@click.argument("action", required=False, metavar="ACTION")
@click.argument("file", required=False, type=click.Path(dir_okay=False, exists=True))
@click.option("--list", "listing", is_flag=True, help="List the actions and their columns.")
@click.option("--dry-run", is_flag=True, help="Only report what each row would change; send no write.")
@click.option("--concurrency", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Rows in flight at most (halved after HTTP 429).")
@click.option("--results", type=click.Path(dir_okay=False),
              help="Per-row results file (CSV, or .jsonl); default: FILE's name + .results.csv.")
@click.option("--resume", is_flag=True, help="Skip the rows --results already holds as done; run the rest.")
@pass_state
def bulk(state: State, action: str | None, file: str | None, listing: bool, dry_run: bool, concurrency: int,
         results: str | None, resume: bool) -> None:
    """Run a bulk ACTION over the rows of FILE (CSV or JSON Lines), e.g. devices.deactivate devices.csv.

    Prints a summary; the per-row results (input columns, status, outcome, error) go
    to --results. Exit code 1 when any row failed or was invalid.
    """
    import pycpg.bulk

    if listing:
        click.echo(pycpg.bulk.actions_table(pycpg.bulk.ACTIONS))
        return
    if action is None or file is None:
        raise click.UsageError("Give an ACTION and a FILE (pycpg bulk --list shows the actions).")
    chosen = pycpg.bulk.ACTIONS.get(action)
    if chosen is None:
        raise click.UsageError(f"No bulk action {action!r}; the actions are: {', '.join(pycpg.bulk.ACTIONS)}")
    results_path = Path(results) if results else Path(f"{file}.results.csv")
    with usage_errors():
        rows = pycpg.bulk.read_rows(file, chosen)
    sdk = state.sdk()
    with ProgressBar("rows") as bar:
        summary = pycpg.bulk.run(sdk, chosen, rows, dry_run=dry_run, concurrency=concurrency,
                                 results=results_path, resume=resume,
                                 progress=lambda done, total, _result: bar.advance(done, total))
    click.echo(f"{summary}; results in {results_path}")
    if not summary.succeeded:
        raise click.exceptions.Exit(EXIT_FAILED)
