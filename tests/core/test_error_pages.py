"""Chinese 403/404/500 pages with a way back and a number to call; lockout and 忘记密码 pages."""

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse


@override_settings(BUREAU_PHONE="0871-12345678")
@pytest.mark.parametrize(
    ("template", "heading"),
    [("403.html", "没有权限"), ("404.html", "页面不存在"), ("400.html", "请求有误")],
)
def test_error_pages_speak_chinese_with_a_way_back_and_a_number(rf, template, heading):
    html = render_to_string(template, request=rf.get("/x/"))
    assert heading in html
    assert 'href="/"' in html and "返回首页" in html
    assert 'href="tel:0871-12345678"' in html
    assert "portal.css" in html


@override_settings(BUREAU_PHONE="0871-12345678", PORTAL_NAME="老干部工作平台")
def test_the_500_page_renders_without_request_context_or_database():
    # no django_db mark: any query would raise here
    html = render_to_string("500.html")
    assert "系统暂时出错" in html and "返回首页" in html
    assert 'href="tel:0871-12345678"' in html
    assert "老干部工作平台" in html


@override_settings(AXES_COOLOFF_TIME=0.5, BUREAU_PHONE="0871-12345678")
def test_the_lockout_page_says_for_how_long_and_whom_to_call(rf):
    html = render_to_string("accounts/locked_out.html", request=rf.get("/"))
    assert "30 分钟" in html
    assert 'href="tel:0871-12345678"' in html


@pytest.mark.django_db
@override_settings(BUREAU_PHONE="0871-12345678")
def test_the_login_page_links_to_a_forgot_password_page_that_says_whom_to_call(client):
    login = client.get(reverse("accounts:login")).content.decode()
    assert f'href="{reverse("accounts:forgot_password")}"' in login
    page = client.get(reverse("accounts:forgot_password")).content.decode()
    assert "忘记密码" in page and "临时密码" in page
    assert 'href="tel:0871-12345678"' in page
