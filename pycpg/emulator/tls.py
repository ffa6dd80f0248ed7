"""TLS for the emulator: a server context from a certificate and key, or a self-signed pair.

The self-signed certificate is made with the ``openssl`` command line (the emulator
depends on nothing that can make one): an EC P-256 key, valid for 30 days, for
``127.0.0.1``, ``::1`` and ``localhost`` (and the emulator's own host when that is
another name). It is its own CA, so clients trust it by naming the certificate file
(``REQUESTS_CA_BUNDLE``, ``verify=``, ``verify_ssl_certs=``).
"""

from __future__ import annotations

import ipaddress
import shutil
import ssl
import subprocess
from collections.abc import Iterable
from pathlib import Path

#: Names every generated certificate is valid for.
LOOPBACK_NAMES = ("127.0.0.1", "::1", "localhost")
#: File names of the generated pair in its folder.
CERT_FILE = "emulator-cert.pem"
KEY_FILE = "emulator-key.pem"

_WILDCARDS = ("", "0.0.0.0", "::")

_CONFIG = """\
[req]
distinguished_name = dn
x509_extensions = ext
prompt = no
[dn]
CN = pycpg CrashPlan emulator
[ext]
subjectAltName = {names}
basicConstraints = critical, CA:TRUE
keyUsage = critical, digitalSignature, keyCertSign
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
"""


def _san(name: str) -> str:
    try:
        return f"IP:{ipaddress.ip_address(name)}"
    except ValueError:
        return f"DNS:{name}"


def certificate_names(host: str) -> list[str]:
    """The names a certificate for an emulator bound to ``host`` must carry."""
    names = list(LOOPBACK_NAMES)
    bare = host.strip("[]")
    if bare not in _WILDCARDS and bare not in names:
        names.append(bare)
    return names


def self_signed(directory: Path, names: Iterable[str]) -> tuple[Path, Path]:
    """Write a self-signed certificate for ``names`` and its key into ``directory``; their paths.

    Raises:
        RuntimeError: there is no ``openssl`` command, or it failed.
    """
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError("serving https without a certificate needs the openssl command line to make one; "
                           "install openssl or pass a certificate and its key")
    cert, key, config = directory / CERT_FILE, directory / KEY_FILE, directory / "openssl.cnf"
    config.write_text(_CONFIG.format(names=", ".join(_san(name) for name in names)), encoding="utf-8")
    command = [openssl, "req", "-x509", "-config", str(config), "-newkey", "ec",
               "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30",
               "-keyout", str(key), "-out", str(cert)]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", None) or b""
        raise RuntimeError(f"openssl could not make a certificate: {exc} {detail.decode(errors='replace')}") from exc
    key.chmod(0o600)
    return cert, key


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    """A TLS server context serving ``cert`` (PEM; may hold the chain) with ``key``."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context
