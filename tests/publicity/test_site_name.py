import pytest
from django.conf import settings as django_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_public_pages_and_feeds_carry_the_public_name_not_the_system_name(client, settings):
    settings.PUBLIC_SITE_NAME = "银龄之家测试站"
    internal = django_settings.PORTAL_NAME
    home = client.get(reverse("publicity:home")).content.decode()
    title = home.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "银龄之家测试站" in title and internal not in title
    assert 'class="navbar-brand"' in home and "银龄之家测试站</a>" in home
    assert 'type="application/rss+xml"' in home and 'type="application/atom+xml"' in home
    assert "RSS 订阅" in home and "Atom 订阅" in home
    for name in ("publicity:feed", "publicity:feed_atom"):
        feed = client.get(reverse(name)).content.decode()
        assert "银龄之家测试站 · 新闻动态" in feed and internal not in feed


def test_without_a_setting_the_public_name_is_still_not_the_system_name(client, settings):
    settings.PUBLIC_SITE_NAME = ""
    home = client.get(reverse("publicity:home")).content.decode()
    assert "离退休干部之家</a>" in home
