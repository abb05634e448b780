"""Access matrix: every URL pattern of the project × every role × own / other scope.

The patterns are enumerated from the resolver (admin and static excluded): a pattern without a
row in MATRIX fails `test_every_url_pattern_has_a_row_in_the_matrix`, so a new page cannot ship
without someone deciding who may open it. For each role, one world is built: "own" objects in
东城区 tied to the secretary's branch and the team leader's team, "other" objects in another
city's district with another branch and team. Each request runs in a savepoint that is rolled
back, so a POST (delete, approve …) never changes what the next request sees.

Row format: name -> (kind, method, {role: status or (own, other)}). `kind` names the object
the URL's arguments come from (None: no arguments, one status per role). 302 for anonymous is
the login redirect (checked); 302 elsewhere is a successful POST's redirect.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.messages import constants
from django.db import transaction
from django.urls import reverse

from ._matrix_world import (
    MATRIX,
    POST_DATA,
    ROLES,
    build_world,
    reminder_for,
    url_for,
    url_patterns,
)


def fetch(client, name: str, method: str, url: str) -> int | str:
    """The status; for a POST redirected with an error message (nothing done), "302 refused"."""
    # A savepoint per request: a POST that deletes or approves is undone before the next one.
    with transaction.atomic():
        if method == "POST":
            response = client.post(url, POST_DATA.get(name, {}))
        else:
            response = client.get(url)
        transaction.set_rollback(True)
    status = response.status_code
    if status == 302 and not client.session.get("_auth_user_id"):
        assert reverse("accounts:login") in response["Location"], (url, response["Location"])
    if status == 302 and method == "POST" and response.wsgi_request is not None:
        # Only the messages this request added (earlier ones wait unread in the session).
        added = getattr(response.wsgi_request._messages, "_queued_messages", [])
        errors = [m for m in added if m.level == constants.ERROR]
        if errors:
            return "302 refused"
    return status


@pytest.fixture
def users(secretary, team_leader, staff_a, bureau_staff, leader_a):
    return {
        "anonymous": None,
        "secretary": secretary,
        "team_leader": team_leader,
        "district_staff": staff_a,
        "bureau_staff": bureau_staff,
        "leadership": leader_a,
        "cadre": None,  # built with the world: the own world's cadre, and their proxy
        "family": None,
    }


def observe(client, users, district_a, role, settings, tmp_path) -> dict:
    settings.MEDIA_ROOT = str(tmp_path)
    own, other = build_world(users, district_a)
    if role in ("cadre", "family"):
        users = {**users, role: own[f"{role}_user"]}
    user = users[role]
    if user is not None:
        client.force_login(user)
        own["reminder"], other["reminder"] = reminder_for(user, users["district_staff"])
        if role == "district_staff":
            other["reminder"].recipient = users["bureau_staff"]
            other["reminder"].save(update_fields=["recipient"])
    else:
        own["reminder"], other["reminder"] = reminder_for(
            users["district_staff"], users["bureau_staff"]
        )
    seen = {}
    for name in url_patterns():
        if name not in MATRIX:
            continue  # test_every_url_pattern_has_a_row_in_the_matrix names it
        kind, method, _, *rest = MATRIX[name]
        extra = rest[0] if rest else {}
        if kind is None:
            seen[name] = fetch(client, name, method, url_for(name, None, {}, extra))
        else:
            seen[name] = (
                fetch(client, name, method, url_for(name, kind, own, extra)),
                fetch(client, name, method, url_for(name, kind, other, extra)),
            )
        if user is not None and "_auth_user_id" not in client.session:
            client.force_login(user)  # the logout row signed us out
    return seen


def expected(role: str) -> dict:
    column = ROLES.index(role)
    table = {}
    for name, (kind, _method, cells, *_rest) in MATRIX.items():
        cell = cells.split()[column].replace("302r", "302 refused")
        if kind is None:
            table[name] = int(cell) if cell.isdigit() else cell
        else:
            own, other = (int(c) if c.isdigit() else c for c in cell.split("/"))
            table[name] = (own, other)
    return table


def test_every_url_pattern_has_a_row_in_the_matrix():
    patterns = set(url_patterns())
    assert sorted(patterns - set(MATRIX)) == [], "new URL: decide who may open it"
    assert sorted(set(MATRIX) - patterns) == [], "row for a URL that no longer exists"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_status_on_every_url(
    client, users, district_a, role, settings, tmp_path
):
    seen = observe(client, users, district_a, role, settings, tmp_path)
    want = expected(role)
    wrong = {
        name: f"expected {want[name]}, got {seen[name]}"
        for name in seen
        if seen[name] != want[name]
    }
    assert wrong == {}


@pytest.mark.skipif(not os.environ.get("MATRIX_DISCOVER"), reason="writes test-artifacts/")
@pytest.mark.parametrize("role", ROLES)
def test_discover(client, users, district_a, role, settings, tmp_path):
    """MATRIX_DISCOVER=1: record what each role gets, to review before editing MATRIX."""
    seen = observe(client, users, district_a, role, settings, tmp_path)
    out_dir = Path(django_settings.BASE_DIR) / "test-artifacts"
    out_dir.mkdir(exist_ok=True)
    with (out_dir / f"matrix_{role}.txt").open("w") as out:
        for name, status in seen.items():
            out.write(f"{name}\t{status}\n")
