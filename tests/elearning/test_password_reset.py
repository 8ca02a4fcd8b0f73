"""Password reset by email, against a real local SMTP server."""

import re

from itsdangerous import TimestampSigner

from tests.conftest import PASSWORD

NEW = "fresh-password-on-file-9"
ANSWER = "If an account exists for that address"


def reset_link(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"(http\S+/reset-password/\S+)", body).group(1)


def ask_for_reset(client, email, **kwargs):
    return client.submit("/reset-password", {"email": email}, follow_redirects=True, **kwargs)


def test_reset_mail_links_to_the_configured_site_not_the_request_host(client, create_user, mailbox):
    user = create_user(email="ana@example.org")
    response = ask_for_reset(client, "ANA@example.org", base_url="http://evil.example")
    assert ANSWER in response.get_data(as_text=True)
    [message] = mailbox.messages
    assert message["To"] == user.email
    link = reset_link(message)
    assert link.startswith("http://learn.example.test/reset-password/")
    assert "evil.example" not in message.as_string()


def test_unknown_address_gets_the_same_answer_and_no_mail(client, create_user, mailbox):
    create_user(email="ana@example.org")
    known = ask_for_reset(client, "ana@example.org").get_data(as_text=True)
    unknown = ask_for_reset(client, "nobody@example.org").get_data(as_text=True)
    assert ANSWER in known and ANSWER in unknown
    assert len(mailbox.messages) == 1


def test_disabled_account_gets_no_reset_mail(client, create_user, mailbox):
    user = create_user(disabled=True)
    assert ANSWER in ask_for_reset(client, user.email).get_data(as_text=True)
    assert mailbox.messages == []


def test_reset_link_sets_a_new_password_once(client, create_user, mailbox):
    user = create_user()
    ask_for_reset(client, user.email)
    path = reset_link(mailbox.messages[0]).removeprefix("http://learn.example.test")
    assert client.get(path).status_code == 200
    response = client.submit(path, {"password": NEW, "confirm": NEW}, page=path)
    assert response.status_code == 302
    assert client.submit("/login", {"email": user.email, "password": PASSWORD}).status_code == 200
    assert client.submit("/login", {"email": user.email, "password": NEW}).status_code == 302
    # The same link does not work a second time.
    again = client.get(path)
    assert again.status_code == 400
    assert "already been used" in again.get_data(as_text=True)


def test_reset_ends_existing_sessions(app, client, create_user, login, mailbox):
    user = create_user()
    other = app.test_client()
    login(user, to=other, remember=True)
    ask_for_reset(client, user.email)
    path = reset_link(mailbox.messages[0]).removeprefix("http://learn.example.test")
    client.submit(path, {"password": NEW, "confirm": NEW}, page=path)
    assert "Sign out" not in other.get("/").get_data(as_text=True)


def test_reset_refuses_a_weak_new_password(client, create_user, mailbox):
    user = create_user()
    ask_for_reset(client, user.email)
    path = reset_link(mailbox.messages[0]).removeprefix("http://learn.example.test")
    response = client.submit(path, {"password": "12345678", "confirm": "12345678"}, page=path)
    assert "too common" in response.get_data(as_text=True)
    assert client.submit("/login", {"email": user.email, "password": PASSWORD}).status_code == 302


def test_expired_link_is_refused(client, create_user, mailbox, monkeypatch):
    user = create_user()
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) - 7200)
    ask_for_reset(client, user.email)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", real)
    path = reset_link(mailbox.messages[0]).removeprefix("http://learn.example.test")
    response = client.get(path)
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)


def test_tampered_link_is_refused(client):
    response = client.get("/reset-password/eyJ1aWQiOjF9.forged.signature")
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)


def test_reset_requests_are_rate_limited(client, create_user, mailbox):
    user = create_user()
    for _ in range(5):
        assert ask_for_reset(client, user.email).status_code == 200
    assert client.submit("/reset-password", {"email": user.email}).status_code == 429
    assert len(mailbox.messages) == 5


def test_smtp_failure_is_logged_and_the_answer_stays_the_same(app, client, create_user, caplog):
    user = create_user()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_USE_TLS=False)
    response = ask_for_reset(client, user.email)
    assert ANSWER in response.get_data(as_text=True)
    assert "Could not send a password reset mail" in caplog.text


def test_without_mail_server_the_message_goes_to_the_log(client, create_user, caplog):
    user = create_user()
    caplog.set_level("INFO", logger="elearning.mail")
    ask_for_reset(client, user.email)
    assert "/reset-password/" in caplog.text
