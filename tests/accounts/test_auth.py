import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_is_in_chinese(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "用户名" in page and "密码" in page


def test_repeated_failed_logins_lock_the_account(client, staff_a):
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "staff_a", "password": "wrong"})
    response = client.post(
        reverse("accounts:login"), {"username": "staff_a", "password": "portal-test-pass-1"}
    )
    assert "已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_correct_login_reaches_the_portal_home(client, staff_a):
    response = client.post(
        reverse("accounts:login"), {"username": "staff_a", "password": "portal-test-pass-1"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_a.pk)


def test_portal_pages_need_a_login(client):
    response = client.get(reverse("cadres:list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_healthz_reports_both_servers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["postgresql"] == "ok" and response.json()["redis"] == "ok"


def test_healthz_names_redis_when_it_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["redis"] == "down"
    assert "redis" in response.json()["status"]
