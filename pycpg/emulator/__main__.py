"""``python -m pycpg.emulator``: serve the emulator until Ctrl-C.

``--tls`` serves https with a certificate made at start (or ``--cert``/``--key``); the
banner names the certificate file to trust and how.
"""

from __future__ import annotations

import argparse
import signal
import threading
from collections.abc import Sequence

from pycpg.emulator.server import (
    DEFAULT_ADMIN_PASSWORD,
    DEFAULT_ADMIN_USERNAME,
    DEFAULT_TOTP_SECRET,
    LEGAL_HOLD_LIST_SHAPES,
    Emulator,
)
from pycpg.emulator.totp import totp_code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pycpg.emulator",
        description="Serve a local CrashPlan console (API, audit log, key-value store, storage nodes) "
        "with a generated tenant, until Ctrl-C. The banner lists the demo accounts, the services, "
        "a current two-factor code and the archive secrets of the demo devices.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=4285,
                        help="the console's port (0: any free one); each service gets a free port of its own "
                        "(default: %(default)s)")
    parser.add_argument("--tls", action="store_true",
                        help="serve https (a self-signed certificate for 127.0.0.1/localhost unless --cert/--key)")
    parser.add_argument("--cert", default=None, help="PEM certificate (chain) to serve; implies --tls")
    parser.add_argument("--key", default=None, help="PEM private key of --cert")
    parser.add_argument("--seed", type=int, default=7,
                        help="the tenant's seed: the same seed (and --now) gives the same tenant (default: %(default)s)")
    parser.add_argument("--orgs", type=int, default=3, help="orgs to generate (default: %(default)s)")
    parser.add_argument("--users", type=int, default=20, help="users to generate (default: %(default)s)")
    parser.add_argument("--devices", type=int, default=40, help="devices to generate (default: %(default)s)")
    parser.add_argument("--max-page-size", type=int, default=None,
                        help="cap every page at this many items, whatever the client asks (default: no cap)")
    parser.add_argument("--audit-events", type=int, default=300,
                        help="past audit-log events to generate (default: %(default)s)")
    parser.add_argument("--audit-log-cap", type=int, default=10_000,
                        help="most results one audit-log search serves (default: %(default)s, CrashPlan's cap)")
    parser.add_argument("--admin-username", default=DEFAULT_ADMIN_USERNAME,
                        help="username of the two-factor admin (default: %(default)s)")
    parser.add_argument("--admin-password", default=DEFAULT_ADMIN_PASSWORD,
                        help="password of the two-factor admin (default: the demo password shown in the banner)")
    parser.add_argument("--totp-secret", default=DEFAULT_TOTP_SECRET,
                        help="base32 TOTP secret of the two-factor admin (default: the demo secret)")
    parser.add_argument("--legal-hold-lists", choices=LEGAL_HOLD_LIST_SHAPES, default="wrapped",
                        help="legal-hold matter/membership lists wrapped in objects ({\"matters\": [...]}, as "
                        "CrashPlan sends them) or as bare arrays (default: %(default)s)")
    parser.add_argument("--now", default=None, metavar="ISO",
                        help="pin the clock: generated history ends at this instant and the clock advances one "
                        "second per write, so runs are reproducible (default: the real current time)")
    parser.add_argument("--time-zone", default="UTC", metavar="ZONE",
                        help="the zone every date is rendered in: UTC, +HH:MM or an IANA name (default: %(default)s)")
    parser.add_argument("--totp-code", action="store_true",
                        help="print the current two-factor code of --totp-secret and exit")
    return parser


def _banner(emu: Emulator) -> str:
    # A local dev server: printing its own demo credentials is the point.
    lines = [
        f"CrashPlan emulator listening on {emu.url}",
        f"  tenant: {emu.tenant.customer.name} ({emu.tenant_uid}), seed {emu.seed}",
        f"  2FA admin:   {emu.admin.username} / {emu.admin.password}  TOTP secret {emu.admin.totp_secret}",
        f"  admin:       {emu.plain_admin.username} / {emu.plain_admin.password}",
        f"  restricted:  {emu.restricted.username} / {emu.restricted.password}",
        f"  SSO (refused): {emu.sso_user.username}",
        f"  API client:  {emu.api_client_id} / {emu.api_client_secret}",
        f"  two-factor code now: {emu.totp()}  (a fresh one: python -m pycpg.emulator --totp-code"
        f"{'' if emu.admin.totp_secret == DEFAULT_TOTP_SECRET else ' --totp-secret SECRET'}, "
        "or any authenticator app given the TOTP secret)",
        f"  legal-hold lists: {emu.legal_hold_lists}; clock: {emu.now.isoformat()}"
        f"{'' if emu.tenant.mint.frame.live else ' (pinned)'}; dates rendered in {emu.tenant.mint.frame.zone}",
        *_archive_secrets(emu),
        "  services, each on its own origin (clients find them from the console):",
        *_services(emu),
        *_tls_lines(emu),
        "Press Ctrl-C to stop.",
    ]
    return "\n".join(lines)


def _services(emu: Emulator) -> list[str]:
    store = emu.service_url("/simple-key-value-store")
    lines = [f"    key-value store: {store}  (ServerEnv names {store}/sts)",
             f"    audit log:       {emu.service_url('/audit-log')}"]
    for node in sorted({destination.server_guid for destination in emu.tenant.destinations}):
        lines.append(f"    storage node {node}: {emu.service_url(f'/storage/{node}')}")
    lines.append("    connected servers: one per connected device, named by /api/v1/connectedServerUrl")
    return lines


def _archive_secrets(emu: Emulator) -> list[str]:
    """The devices whose archives need an archive password or a custom key to restore."""
    lines = []
    for device in emu.tenant.devices:
        password, key = emu.archive_secret(device.guid)
        if password is not None:
            lines.append(f"    {device.guid} {device.name}: archive_password={password}")
        if key is not None:
            lines.append(f"    {device.guid} {device.name}: encryption_key={key}")
    if not lines:
        return ["  archive secrets: no device needs an archive password or custom key"]
    return ["  archive secrets (pass them to sdk.archive.stream_from_backup):", *lines]


def _tls_lines(emu: Emulator) -> list[str]:
    cert = emu.ca_cert_path
    if cert is None:
        return []
    return [
        f"  TLS certificate to trust: {cert}",
        f"    requests and pycpg (this SDK):  export REQUESTS_CA_BUNDLE={cert}",
        f"    or this SDK's client option:    verify_ssl_certs=\"{cert}\"",
        f"    pycpg 1.0 (CrashPlan's SDK):    pycpg.settings.verify_ssl_certs = \"{cert}\"",
    ]


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, start the emulator, block until interrupted."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.totp_code:
        print(totp_code(args.totp_secret))
        return 0
    if (args.cert is None) != (args.key is None):
        parser.error("--cert and --key go together")
    emu = Emulator(
        args.seed, orgs=args.orgs, users=args.users, devices=args.devices, host=args.host, port=args.port,
        tls=args.tls, tls_cert=args.cert, tls_key=args.key,
        max_page_size=args.max_page_size, audit_events=args.audit_events, audit_log_cap=args.audit_log_cap,
        admin_username=args.admin_username,
        admin_password=args.admin_password, totp_secret=args.totp_secret, legal_hold_lists=args.legal_hold_lists,
        now=args.now, time_zone=args.time_zone,
    )
    emu.log_requests = True
    emu.poll_interval = 0.5  # long-running: no need to wake often
    emu.start()
    print(_banner(emu), flush=True)
    # SIGTERM stops as Ctrl-C does: the servers close and a generated certificate is removed.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        emu.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
