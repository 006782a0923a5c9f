"""STARTTLS, implicit TLS and AUTH against aiosmtpd, with a certificate made by trustme."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest
import trustme
from aiosmtpd.smtp import AuthResult, LoginPassword

from .smtp_server import Recorder, ledger_lines, point_project_at, remind, smtp_server
from .test_remind import DUE_2026_12_04

TODAY = "2026-12-04"
USER, PASSWORD = "avtal", "hemligt lösen"
LOGIN = {"SLMSPEC_SMTP_USER": USER, "SLMSPEC_SMTP_PASSWORD": PASSWORD}


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def trusted(ca: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test CA is what the system trusts (OpenSSL reads SSL_CERT_FILE)."""
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    return bundle


def server_context(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = (isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode()
          and auth_data.password == PASSWORD.encode())
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535


def starttls_server(ca: trustme.CA, handler: Recorder):
    return smtp_server(handler, tls_context=server_context(ca), require_starttls=True,
                       authenticator=authenticator, auth_required=True, auth_require_tls=True)


def test_starttls_and_login(example: Path, run, ca: trustme.CA, trusted: Path) -> None:
    handler = Recorder()
    with starttls_server(ca, handler) as controller:
        point_project_at(example, controller.port, extra="      starttls: true\n")
        result = remind(run, example, TODAY, "--send", env=LOGIN)
    assert result.exit_code == 0, result.output
    assert handler.keys() == DUE_2026_12_04
    assert all(r.tls and r.authenticated for r in handler.received)
    assert PASSWORD not in result.output


def test_wrong_password_sends_nothing(example: Path, run, ca: trustme.CA, trusted: Path) -> None:
    handler = Recorder()
    with starttls_server(ca, handler) as controller:
        point_project_at(example, controller.port, extra="      starttls: true\n")
        result = remind(run, example, TODAY, "--send",
                        env={**LOGIN, "SLMSPEC_SMTP_PASSWORD": "fel"})
    assert result.exit_code == 1
    assert "login to 127.0.0.1:" in result.output
    assert "535" in result.output
    assert "fel" not in result.output.replace("failed", "")
    assert handler.received == []
    assert ledger_lines(example) == []


def test_a_server_that_requires_starttls_refuses_plain_text(example: Path, run,
                                                            ca: trustme.CA) -> None:
    handler = Recorder()
    with starttls_server(ca, handler) as controller:
        point_project_at(example, controller.port)
        result = remind(run, example, TODAY, "--send")
    assert result.exit_code == 1
    assert "530" in result.output
    assert handler.received == []


def test_an_untrusted_certificate_is_refused(example: Path, run, ca: trustme.CA) -> None:
    """Without the test CA in the trust store the upgrade fails: no mail in clear text."""
    handler = Recorder()
    with starttls_server(ca, handler) as controller:
        point_project_at(example, controller.port, extra="      starttls: true\n")
        result = remind(run, example, TODAY, "--send", env=LOGIN)
    assert result.exit_code == 1
    assert "certificate not trusted" in result.output
    assert handler.received == []


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_implicit_tls(example: Path, run, ca: trustme.CA, trusted: Path) -> None:
    handler = Recorder()
    with smtp_server(handler, ssl_context=server_context(ca), authenticator=authenticator,
                     auth_required=True, auth_require_tls=False) as controller:  # TLS anyway
        point_project_at(example, controller.port, extra="      ssl: true\n")
        result = remind(run, example, TODAY, "--send", env=LOGIN)
    assert result.exit_code == 0, result.output
    assert handler.keys() == DUE_2026_12_04
    assert all(r.authenticated for r in handler.received)
