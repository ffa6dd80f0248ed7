"""``python -m pycpg.emulator``: serve the emulator until Ctrl-C."""

from __future__ import annotations

import argparse
import threading
from collections.abc import Sequence

from pycpg.emulator.server import (
    DEFAULT_ADMIN_PASSWORD,
    DEFAULT_ADMIN_USERNAME,
    DEFAULT_TOTP_SECRET,
    LEGAL_HOLD_LIST_SHAPES,
    Emulator,
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pycpg.emulator", description="Local CrashPlan API emulator.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4285)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--orgs", type=int, default=3)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--devices", type=int, default=40)
    parser.add_argument("--max-page-size", type=int, default=None)
    parser.add_argument("--admin-username", default=DEFAULT_ADMIN_USERNAME)
    parser.add_argument("--admin-password", default=DEFAULT_ADMIN_PASSWORD)
    parser.add_argument("--totp-secret", default=DEFAULT_TOTP_SECRET)
    parser.add_argument("--legal-hold-lists", choices=LEGAL_HOLD_LIST_SHAPES, default="bare",
                        help="legal-hold matter/membership lists as bare arrays or wrapped in objects")
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
        f"  audit log:   {emu.url}/audit-log (legal-hold lists: {emu.legal_hold_lists})",
        "Press Ctrl-C to stop.",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, start the emulator, block until interrupted."""
    args = _parser().parse_args(argv)
    emu = Emulator(
        args.seed, orgs=args.orgs, users=args.users, devices=args.devices, host=args.host, port=args.port,
        max_page_size=args.max_page_size, admin_username=args.admin_username,
        admin_password=args.admin_password, totp_secret=args.totp_secret, legal_hold_lists=args.legal_hold_lists,
    )
    emu.log_requests = True
    emu.poll_interval = 0.5  # long-running: no need to wake often
    emu.start()
    print(_banner(emu), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        emu.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
