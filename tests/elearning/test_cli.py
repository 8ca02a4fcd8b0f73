"""The ``flask users`` and ``flask demo`` commands."""

from sqlalchemy import select

from elearning.accounts.models import Role, User
from elearning.demo import DEMO_PASSWORD, DEMO_USERS
from elearning.extensions import db


def run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def user(email):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def test_users_create_reads_the_password_from_stdin(app):
    result = run(
        app,
        "users",
        "create",
        "--email",
        "Eva@Example.org",
        "--name",
        "Eva Nováková",
        "--role",
        "author",
        "--country",
        "CZ",
        "--password-stdin",
        input="ct-dose-index-99\n",
    )
    assert result.exit_code == 0, result.output
    created = user("eva@example.org")
    assert created.role is Role.AUTHOR and created.full_name == "Eva Nováková"
    assert created.check_password("ct-dose-index-99")


def test_users_create_explains_what_is_wrong(app):
    result = run(
        app,
        "users",
        "create",
        "--email",
        "eva@example.org",
        "--name",
        "Eva",
        "--password-stdin",
        input="password\n",
    )
    assert result.exit_code == 1
    assert "too common" in result.output
    result = run(
        app,
        "users",
        "create",
        "--email",
        "eva@example.org",
        "--name",
        "Eva",
        "--role",
        "superuser",
        input="x\n",
    )
    assert result.exit_code == 2
    assert "superuser" in result.output
    assert user("eva@example.org") is None


def test_users_create_refuses_a_duplicate(app, create_user):
    create_user(email="eva@example.org")
    result = run(
        app,
        "users",
        "create",
        "--email",
        "EVA@example.org",
        "--name",
        "Eva",
        "--password-stdin",
        input="ct-dose-index-99\n",
    )
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_users_set_role_disable_and_enable(app, create_user):
    create_user(email="eva@example.org")
    assert (
        run(app, "users", "set-role", "--email", "eva@example.org", "--role", "organiser").exit_code
        == 0
    )
    assert user("eva@example.org").role is Role.ORGANISER
    assert run(app, "users", "disable", "--email", "eva@example.org").exit_code == 0
    assert user("eva@example.org").is_disabled
    assert run(app, "users", "enable", "--email", "eva@example.org").exit_code == 0
    assert not user("eva@example.org").is_disabled
    result = run(app, "users", "set-role", "--email", "nobody@example.org", "--role", "admin")
    assert result.exit_code == 1
    assert "No account" in result.output


def test_the_last_admin_cannot_be_disabled(app, create_user):
    create_user(email="root@example.org", role=Role.ADMIN)
    result = run(app, "users", "disable", "--email", "root@example.org")
    assert result.exit_code == 1
    assert "last active administrator" in result.output


def test_demo_load_creates_every_role_once(app, client):
    result = run(app, "demo", "load")
    assert result.exit_code == 0, result.output
    roles = {u.role for u in db.session.scalars(select(User))}
    assert roles == set(Role)
    again = run(app, "demo", "load")
    assert "already has accounts" in again.output
    assert len(db.session.scalars(select(User)).all()) == len(DEMO_USERS)
    email = DEMO_USERS[0][0]
    assert client.submit("/login", {"email": email, "password": DEMO_PASSWORD}).status_code == 302
