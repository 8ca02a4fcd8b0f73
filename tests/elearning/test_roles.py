"""Role checks on the server, and the administration of accounts."""

import pytest

from elearning.accounts.models import Role
from elearning.extensions import db

ADMIN_PAGES = ["/admin/users/"]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_anonymous_users_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("path", ADMIN_PAGES)
@pytest.mark.parametrize("role", [Role.LEARNER, Role.AUTHOR, Role.ORGANISER])
def test_other_roles_get_a_403_that_explains(client, create_user, login, path, role):
    login(create_user(role=role))
    response = client.get(path)
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "Admin role" in page
    assert f"with the {role.value} role" in page


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admins_get_in(client, create_user, login, path):
    login(create_user(role=Role.ADMIN))
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    "action", ["/admin/users/{id}/role", "/admin/users/{id}/disable", "/admin/users/{id}/enable"]
)
@pytest.mark.parametrize("role", [None, Role.LEARNER, Role.AUTHOR, Role.ORGANISER])
def test_admin_actions_are_refused_to_non_admins(client, create_user, login, action, role):
    target = create_user(email="target@example.org")
    if role:
        login(create_user(role=role))
    response = client.submit(action.format(id=target.id), {"role": "admin"})
    assert response.status_code in (302, 403)
    if role:
        assert response.status_code == 403
    db.session.refresh(target)
    assert target.role is Role.LEARNER and not target.is_disabled


def test_navigation_shows_what_each_role_may_do(client, create_user, login):
    assert "/admin/users/" not in client.get("/").get_data(as_text=True)
    login(create_user(role=Role.LEARNER))
    assert "/admin/users/" not in client.get("/").get_data(as_text=True)
    client.submit("/logout", page="/account")
    login(create_user(role=Role.ADMIN))
    assert "/admin/users/" in client.get("/").get_data(as_text=True)


def test_admin_changes_a_role(client, create_user, login):
    target = create_user()
    login(create_user(role=Role.ADMIN))
    response = client.submit(f"/admin/users/{target.id}/role", {"role": "author"})
    assert response.status_code == 302
    db.session.refresh(target)
    assert target.role is Role.AUTHOR


def test_an_unknown_role_is_a_400(client, create_user, login):
    target = create_user()
    login(create_user(role=Role.ADMIN))
    assert client.submit(f"/admin/users/{target.id}/role", {"role": "god"}).status_code == 400
    assert client.submit("/admin/users/999999/role", {"role": "author"}).status_code == 404


def test_disabling_an_account_ends_its_sessions(app, client, create_user, login):
    target = create_user()
    victim = app.test_client()
    login(target, to=victim, remember=True)
    login(create_user(role=Role.ADMIN))
    client.submit(f"/admin/users/{target.id}/disable")
    assert "Sign out" not in victim.get("/").get_data(as_text=True)
    assert victim.get("/account").status_code == 302
    client.submit(f"/admin/users/{target.id}/enable")
    db.session.refresh(target)
    assert not target.is_disabled


def test_admins_cannot_disable_or_demote_themselves(client, create_user, login):
    admin = create_user(role=Role.ADMIN)
    login(admin)
    page = client.submit(f"/admin/users/{admin.id}/disable", follow_redirects=True)
    assert "cannot disable your own account" in page.get_data(as_text=True)
    page = client.submit(
        f"/admin/users/{admin.id}/role", {"role": "learner"}, follow_redirects=True
    )
    assert "cannot remove your own administrator role" in page.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.role is Role.ADMIN and not admin.is_disabled


def test_user_list_filters_by_text_and_role(client, create_user, login):
    create_user(email="anna@example.org", full_name="Anna Berg", role=Role.AUTHOR)
    create_user(email="piotr@example.org", full_name="Piotr Nowak")
    login(create_user(email="root@example.org", role=Role.ADMIN))
    page = client.get("/admin/users/?q=berg").get_data(as_text=True)
    assert "anna@example.org" in page and "piotr@example.org" not in page
    page = client.get("/admin/users/?role=author").get_data(as_text=True)
    assert "anna@example.org" in page and "piotr@example.org" not in page


def test_user_list_query_count_does_not_grow(client, create_user, login, count_queries):
    login(create_user(role=Role.ADMIN))
    counts = []
    for extra in (2, 30):
        for _ in range(extra):
            create_user()
        with count_queries() as counter:
            assert client.get("/admin/users/").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_user_search_treats_wildcards_literally(client, create_user, login):
    create_user(email="anna_b@example.org", full_name="Anna Berg")
    create_user(email="annab@example.org", full_name="Anna Blom")
    login(create_user(email="root@example.org", role=Role.ADMIN))
    page = client.get("/admin/users/?q=anna_b").get_data(as_text=True)
    assert "anna_b@example.org" in page and "annab@example.org" not in page


def test_user_search_folds_case_in_every_script(client, create_user, login):
    create_user(email="zoe@example.org", full_name="Zoë Łukasiewicz-Ørsted")
    create_user(email="dima@example.org", full_name="Дмитрий Иванов")
    login(create_user(email="root@example.org", role=Role.ADMIN))
    for query in ("łukasiewicz", "ØRSTED", "дмитрий"):
        page = client.get(f"/admin/users/?q={query}").get_data(as_text=True)
        assert "1 user" in page, query
