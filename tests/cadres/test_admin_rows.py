"""The admin cadre list's rows are lean (issue 21): one short class per cell, styled once in
static/css/admin_cadre_list.css, with every column, label and link that staff use kept."""

import re

from django.urls import reverse

from tests.factories import CadreFactory


def _rows(html: str) -> list[str]:
    table = html[html.index('<table id="result_list"') : html.index("</table>")]
    return re.findall(r"<tbody.*?</tbody>", table, re.S)


def test_a_cadre_row_is_under_a_kilobyte_and_a_half(client, staff_a, district_a):
    CadreFactory.create_batch(20, unit=district_a)
    client.force_login(staff_a)
    html = client.get(reverse("admin:cadres_cadre_changelist")).content.decode()
    rows = _rows(html)
    assert len(rows) == 20
    assert max(len(row.encode()) for row in rows) < 1536  # unfold's cells: ~6.5 KB a row
    assert "before:content-[attr(data-label)]" not in "".join(rows)
    assert "css/admin_cadre_list.css" in html


def test_a_lean_row_keeps_its_link_columns_and_labels(client, staff_a, district_a):
    cadre = CadreFactory(unit=district_a, name="王德华")
    client.force_login(staff_a)
    html = client.get(reverse("admin:cadres_cadre_changelist")).content.decode()
    (row,) = _rows(html)
    assert f'href="{reverse("admin:cadres_cadre_change", args=[cadre.pk])}' in row
    assert ">王德华</a>" in row
    for label in ("姓名", "性别", "身份证号", "联系电话", "管理单位", "状态"):
        assert f'data-label="{label}"' in row
    assert f'<td class="field-unit c nowrap" data-label="管理单位">{district_a.name}</td>' in row


def test_the_unit_filter_lists_units_as_plain_links(client, staff_a, district_a):
    client.force_login(staff_a)
    html = client.get(reverse("admin:cadres_cadre_changelist")).content.decode()
    assert f'<a href="?unit_tree={district_a.pk}">{district_a.name}</a>' in html
