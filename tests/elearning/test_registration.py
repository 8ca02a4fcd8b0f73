"""Registration through the form: names of every script, unique emails, password rules."""

import pytest
from sqlalchemy import func, select

from elearning.accounts.models import Role, User
from elearning.extensions import db

GOOD = {
    "full_name": "Zoë Łukasiewicz-Ørsted",
    "email": "Zoe.Lukasiewicz@Example.ORG",
    "profession": "medical_physicist",
    "country": "PL",
    "password": "dose-area-product-42",
    "confirm": "dose-area-product-42",
}


def register(client, **changes):
    return client.submit("/register", {**GOOD, **changes}, page="/register")


def user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


@pytest.mark.parametrize(
    "name",
    ["Łukasz Nowak", "Zoë Ørsted", "Αθηνά Παπαδοπούλου", "Дмитрий Иванов", "Siobhán O'Connor"],
)
def test_registration_accepts_names_in_any_script(client, name):
    response = register(client, full_name=f"  {name} ")
    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert user.full_name == name
    assert user.email == "zoe.lukasiewicz@example.org"
    assert user.role is Role.LEARNER
    assert (
        user.password_hash.startswith(("scrypt:", "pbkdf2:")) and "dose" not in user.password_hash
    )
    # Signed in straight away.
    assert "Sign out" in client.get("/").get_data(as_text=True)


def test_email_is_unique_regardless_of_case(client):
    assert register(client).status_code == 302
    client.submit("/logout", page="/account")
    response = register(client, email="ZOE.LUKASIEWICZ@example.org")
    assert response.status_code == 200
    assert "already exists" in response.get_data(as_text=True)
    assert user_count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"password": "short1", "confirm": "short1"}, "at least 8 characters"),
        ({"password": "password123", "confirm": "password123"}, "too common"),
        ({"password": "Iloveyou1", "confirm": "Iloveyou1"}, "too common"),
        ({"password": "x" * 129, "confirm": "x" * 129}, "at most 128"),
        ({"confirm": "something-else-entirely"}, "two passwords differ"),
        ({"full_name": "R2-D2"}, "letters, spaces"),
        ({"full_name": "   "}, "Enter your full name"),
        ({"full_name": "<script>alert(1)</script>"}, "letters, spaces"),
        ({"email": "not-an-address"}, "valid email"),
        ({"country": "XX"}, "Not a valid choice"),
        ({"profession": "wizard"}, "Not a valid choice"),
    ],
)
def test_bad_registration_shows_the_reason_and_saves_nothing(client, changes, message):
    response = register(client, **changes)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    assert 'aria-invalid="true"' in page
    assert "<script>alert" not in page
    assert user_count() == 0


def test_passwords_up_to_128_characters_are_accepted(client):
    long_password = "radiation-" * 12 + "12345678"
    assert len(long_password) == 128
    assert register(client, password=long_password, confirm=long_password).status_code == 302


def test_registration_without_csrf_token_is_refused(client):
    response = client.post("/register", data=GOOD)
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    assert user_count() == 0


def test_profile_edit_changes_name_profession_and_country(client, create_user, login):
    user = create_user()
    login(user)
    response = client.submit(
        "/account",
        {"full_name": "Дмитрий Иванов", "profession": "nurse", "country": "BG"},
        page="/account",
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.full_name, user.profession.value, user.country) == (
        "Дмитрий Иванов",
        "nurse",
        "BG",
    )


def test_profile_edit_rejects_a_bad_name(client, create_user, login):
    user = create_user(full_name="Anna Berg")
    login(user)
    response = client.submit(
        "/account", {"full_name": "1234", "profession": "nurse", "country": "SE"}, page="/account"
    )
    assert "letters, spaces" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.full_name == "Anna Berg"


def test_passwords_are_hashed_with_scrypt_by_default(app, client):
    app.config.pop("PASSWORD_HASH_METHOD")
    assert register(client).status_code == 302
    user = db.session.scalar(select(User))
    assert user.password_hash.startswith("scrypt:")
    assert user.check_password(GOOD["password"]) and not user.check_password("other")
