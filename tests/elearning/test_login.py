"""Signing in and out, remember-me, redirects, throttling and ending sessions."""

import pytest

from elearning.extensions import db
from tests.conftest import PASSWORD


def test_login_with_correct_password_signs_in(client, create_user):
    user = create_user(email="Ana@Example.org")
    response = client.submit(
        "/login", {"email": " ANA@example.ORG ", "password": PASSWORD}, page="/login"
    )
    assert response.status_code == 302
    assert "Sign out" in client.get("/").get_data(as_text=True)
    db.session.refresh(user)
    assert user.last_login_at is not None and user.last_login_at.tzinfo is not None


def test_wrong_password_and_unknown_email_get_the_same_answer(client, create_user):
    create_user(email="ana@example.org")
    wrong = client.submit("/login", {"email": "ana@example.org", "password": "nope-nope"})
    unknown = client.submit("/login", {"email": "who@example.org", "password": "nope-nope"})
    assert wrong.status_code == unknown.status_code == 200
    for response in (wrong, unknown):
        assert "Email or password is incorrect." in response.get_data(as_text=True)


def test_disabled_account_cannot_sign_in(client, create_user):
    user = create_user(disabled=True)
    response = client.submit("/login", {"email": user.email, "password": PASSWORD})
    assert "disabled" in response.get_data(as_text=True)
    assert "Sign out" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("target", ["/account", "/account?tab=1"])
def test_next_redirects_within_the_site(client, create_user, target):
    user = create_user()
    response = client.submit(
        f"/login?next={target}", {"email": user.email, "password": PASSWORD}, page="/login"
    )
    assert response.headers["Location"] == target


@pytest.mark.parametrize(
    "target",
    ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "evil"],
)
def test_next_never_leaves_the_site(client, create_user, target):
    user = create_user()
    response = client.submit(
        "/login",
        {"email": user.email, "password": PASSWORD},
        page="/login",
        query_string={"next": target},
    )
    assert response.headers["Location"] == "/"


def test_protected_page_sends_anonymous_users_to_login_and_back(client, create_user):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_logout_needs_post_and_a_token(client, create_user, login):
    login(create_user())
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert "Sign out" in client.get("/").get_data(as_text=True)
    assert client.submit("/logout", page="/account").status_code == 302
    assert "Sign out" not in client.get("/").get_data(as_text=True)


def test_remember_me_sets_a_lasting_httponly_cookie(client, create_user, login):
    response = login(create_user(), remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    remember = next(c for c in cookies if c.startswith("remember_token="))
    assert "HttpOnly" in remember and "SameSite=Lax" in remember and "Expires=" in remember
    session = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in session and "SameSite=Lax" in session


def test_remember_me_cookie_alone_signs_the_user_back_in(app, client, create_user, login):
    login(create_user(), remember=True)
    remember = client.get_cookie("remember_token")
    fresh = app.test_client()
    fresh.set_cookie("remember_token", remember.value)
    assert "Sign out" in fresh.get("/").get_data(as_text=True)


def test_login_starts_a_fresh_session(client, create_user):
    user = create_user()
    client.get("/login")
    before = client.get_cookie("session").value
    client.submit("/login", {"email": user.email, "password": PASSWORD}, page="/login")
    assert client.get_cookie("session").value != before


def test_logout_ends_the_users_other_sessions_and_remember_cookies(app, client, create_user, login):
    user = create_user()
    other = app.test_client()
    login(user, to=other, remember=True)
    remember = other.get_cookie("remember_token").value
    login(user)
    client.submit("/logout", page="/account")
    assert "Sign out" not in other.get("/").get_data(as_text=True)
    stranger = app.test_client()
    stranger.set_cookie("remember_token", remember)
    assert "Sign out" not in stranger.get("/").get_data(as_text=True)


def test_password_change_keeps_this_session_and_ends_the_others(app, client, create_user, login):
    user = create_user()
    other = app.test_client()
    login(user, to=other, remember=True)
    login(user)
    response = client.submit(
        "/account/password",
        {"current": PASSWORD, "password": "new-secret-dose-7", "confirm": "new-secret-dose-7"},
        page="/account/password",
    )
    assert response.status_code == 302
    assert "Sign out" in client.get("/").get_data(as_text=True)
    assert "Sign out" not in other.get("/").get_data(as_text=True)
    client.submit("/logout", page="/account")
    assert client.submit("/login", {"email": user.email, "password": PASSWORD}).status_code == 200
    assert (
        client.submit("/login", {"email": user.email, "password": "new-secret-dose-7"}).status_code
        == 302
    )


def test_password_change_needs_the_current_password(client, create_user, login):
    login(create_user())
    response = client.submit(
        "/account/password",
        {
            "current": "not-it-at-all",
            "password": "new-secret-dose-7",
            "confirm": "new-secret-dose-7",
        },
        page="/account/password",
    )
    assert "current password is not correct" in response.get_data(as_text=True)


class TestThrottling:
    def fail(self, client, email, addr="10.0.0.1"):
        return client.submit(
            "/login",
            {"email": email, "password": "wrong-password"},
            environ_base={"REMOTE_ADDR": addr},
        )

    def test_repeated_failures_for_one_account_answer_429(self, client, create_user):
        user = create_user()
        for attempt in range(5):
            assert self.fail(client, user.email, addr=f"10.0.0.{attempt}").status_code == 200
        response = client.submit(
            "/login",
            {"email": user.email, "password": PASSWORD},
            environ_base={"REMOTE_ADDR": "10.0.0.99"},
        )
        assert response.status_code == 429
        assert "too many attempts" in response.get_data(as_text=True).lower()

    def test_repeated_failures_from_one_client_answer_429(self, client):
        for n in range(20):
            assert self.fail(client, f"person{n}@example.org").status_code == 200
        assert self.fail(client, "another@example.org").status_code == 429
        # Another client is not affected.
        assert self.fail(client, "another@example.org", addr="10.9.9.9").status_code == 200

    def test_successful_logins_do_not_count(self, client, create_user, login):
        user = create_user()
        for _ in range(8):
            login(user)
            client.submit("/logout", page="/account")
