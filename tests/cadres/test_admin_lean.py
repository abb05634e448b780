"""The admin cadre list at register scale (issue 21): gzipped, 50 rows, no whole-table count."""

import gzip

from django.urls import reverse

from tests.factories import CadreFactory


def test_the_cadre_changelist_is_gzipped_for_browsers_that_accept_it(client, staff_a, district_a):
    CadreFactory.create_batch(5, unit=district_a, name="王德华")
    client.force_login(staff_a)
    url = reverse("admin:cadres_cadre_changelist")
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip"
    html = gzip.decompress(zipped.content).decode()
    assert html.count("王德华") >= 5
    plain = client.get(url)
    assert "Content-Encoding" not in plain
    assert len(zipped.content) * 3 < len(plain.content)


def test_the_changelist_counts_only_what_it_filters(
    client, staff_a, district_a, django_assert_max_num_queries
):
    CadreFactory.create_batch(55, unit=district_a)
    client.force_login(staff_a)
    with django_assert_max_num_queries(20) as queries:
        response = client.get(reverse("admin:cadres_cadre_changelist"))
    assert len(response.context["cl"].result_list) == 50
    assert response.context["cl"].show_full_result_count is False
    counts = [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"].upper() and 'FROM "cadres_cadre"' in q["sql"]
    ]
    assert len(counts) == 1, counts  # the pager's filtered count; no whole-register count
