from datetime import date
from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from apps.cadres import roster_import
from apps.cadres.idcard import check_char
from apps.cadres.models import Cadre
from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "序号",
    "姓 名",
    "性别",
    "出生年月",
    "身份证号码",
    "原工作单位",
    "原职务",
    "离退休类别",
    "离退休时间",
    "政治面貌",
    "联系电话",
    "现住址",
]


def idn(birth: str, seq: str) -> str:
    first17 = f"320102{birth}{seq}"
    return first17 + check_char(first17)


GOOD_ROWS = [
    [
        1,
        " 张建国 ",
        "男",
        1945.1,
        idn("19451003", "123"),
        "市财政局",
        "处长",
        "退休",
        "2005.10",
        "中共党员",
        "13900000001",
        "人民路1号",
    ],
    [
        2,
        "李秀英",
        "女",
        "1950年3月",
        idn("19500312", "124").lower(),
        "市教育局",
        "科长",
        "退休",
        "2005-03-01",
        "群众",
        "13900000002",
        "解放路2号",
    ],
    [
        3,
        "王德华",
        "男",
        "1930-05-06",
        idn("19300506", "111"),
        "市委",
        "局长",
        "离休",
        "1990/06",
        "中共党员",
        "",
        "和平路3号",
    ],
]


def roster(rows, header=HEADER, title=True, footer=True) -> BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append(["江州市东城区离退休干部花名册"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if footer:
        sheet.append([])
        sheet.append(["填表人：张三", None, None, "审核人：李四"])
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_a_real_shaped_roster_imports_every_row(staff_a, district_a):
    result = roster_import.import_roster(roster(GOOD_ROWS), user=staff_a, unit=district_a)
    assert result.ok, [r.errors for r in result.errors]
    assert result.count("create") == 3
    zhang = Cadre.objects.get(name="张建国")
    assert zhang.birth_date == date(1945, 10, 3)
    assert zhang.retirement_date == date(2005, 10, 1)
    assert zhang.unit == district_a and zhang.political_status == "cpc"
    li = Cadre.objects.get(name="李秀英")
    assert li.id_number.endswith("X") or li.id_number == idn("19500312", "124")
    assert Cadre.objects.get(name="王德华").retirement_kind == "lixiu"


def test_importing_the_same_file_twice_changes_nothing(staff_a, district_a):
    roster_import.import_roster(roster(GOOD_ROWS), user=staff_a, unit=district_a)
    before = list(Cadre.objects.order_by("pk").values())
    again = roster_import.import_roster(roster(GOOD_ROWS), user=staff_a, unit=district_a)
    assert again.count("unchanged") == 3 and again.count("create") == 0
    assert list(Cadre.objects.order_by("pk").values()) == before


def test_one_bad_row_saves_nothing_and_names_row_and_reason(staff_a, district_a):
    rows = [
        *GOOD_ROWS,
        [
            4,
            "赵永福",
            "男",
            "1948.02",
            "320102194802011230",
            "市水利局",
            "科员",
            "退休",
            "2008.02",
            "群众",
            "",
            "",
        ],
    ]
    result = roster_import.import_roster(roster(rows), user=staff_a, unit=district_a)
    assert not result.applied
    assert Cadre.objects.count() == 0
    [bad] = result.errors
    assert bad.row == 6  # title row + header row + three good rows before it
    assert "校验位" in bad.errors[0]


def test_future_dates_duplicate_ids_and_mismatched_birth_are_reported(staff_a, district_a):
    future = date.today().year + 1
    rows = [
        GOOD_ROWS[0],
        [2, "张建国", "男", 1945.1, GOOD_ROWS[0][4], "", "", "退休", "", "", "", ""],
        [
            3,
            "刘桂兰",
            "女",
            "1952.01",
            idn("19520115", "122"),
            "",
            "",
            "退休",
            f"{future}.01",
            "",
            "",
            "",
        ],
        [4, "陈志强", "男", "1953.07", idn("19530601", "131"), "", "", "退休", "", "", "", ""],
    ]
    result = roster_import.preview(roster(rows), user=staff_a, unit=district_a)
    reasons = {r.row: "；".join(r.errors) for r in result.errors}
    assert "重复" in reasons[4]
    assert "不能晚于今天" in reasons[5]
    assert "出生年月与身份证号不一致" in reasons[6]


def test_an_unknown_unit_in_the_file_is_a_row_error(staff_a, district_a, district_b):
    header = [*HEADER, "管理单位"]
    rows = [[*GOOD_ROWS[0], "东城区"], [*GOOD_ROWS[1], "西城区"], [*GOOD_ROWS[2], "不存在区"]]
    result = roster_import.preview(roster(rows, header=header), user=staff_a, unit=None)
    reasons = {r.row: "；".join(r.errors) for r in result.errors}
    assert set(reasons) == {4, 5}  # 西城区 is outside staff A's scope, 不存在区 does not exist
    assert "未知单位" in reasons[4] and "未知单位" in reasons[5]


def test_a_cadre_registered_in_another_scope_is_not_overwritten(staff_a, district_a, district_b):
    other = CadreFactory(
        unit=district_b, id_number=GOOD_ROWS[0][4], gender="M", birth_date=date(1945, 10, 3)
    )
    result = roster_import.import_roster(roster(GOOD_ROWS), user=staff_a, unit=district_a)
    assert not result.applied
    assert "其他单位" in result.errors[0].errors[0]
    other.refresh_from_db()
    assert other.unit == district_b


def test_a_file_without_the_required_headers_is_refused(staff_a, district_a):
    result = roster_import.preview(
        roster([["x"]], header=["名字", "号码"]), user=staff_a, unit=district_a
    )
    assert "表头" in result.file_errors[0]


def test_the_command_exits_1_and_saves_nothing_on_a_bad_row(tmp_path, district_a, capsys):
    path = tmp_path / "roster.xlsx"
    rows = [
        *GOOD_ROWS,
        [4, "赵永福", "男", "1948.02", "320102194802011230", "", "", "退休", "", "", "", ""],
    ]
    path.write_bytes(roster(rows).getvalue())
    with pytest.raises(SystemExit) as exc:
        call_command("import_cadres", str(path), "--unit", "东城区")
    assert exc.value.code == 1
    assert "第 6 行" in capsys.readouterr().err
    assert Cadre.objects.count() == 0


def test_the_command_imports_a_good_file(tmp_path, district_a, capsys):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(roster(GOOD_ROWS).getvalue())
    call_command("import_cadres", str(path), "--unit", str(district_a.pk))
    assert "新增 3 人" in capsys.readouterr().out
    assert Cadre.objects.filter(unit=district_a).count() == 3


def test_the_command_dry_run_saves_nothing(tmp_path, district_a):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(roster(GOOD_ROWS).getvalue())
    call_command("import_cadres", str(path), "--unit", "东城区", "--dry-run")
    assert Cadre.objects.count() == 0


def test_the_web_import_previews_then_saves_on_confirm(client, staff_a, district_a):
    client.force_login(staff_a)
    upload = roster(GOOD_ROWS)
    upload.name = "花名册.xlsx"
    preview = client.post(reverse("cadres:import"), {"file": upload, "unit": district_a.pk})
    assert "新增 3 人" in preview.content.decode()
    assert Cadre.objects.count() == 0
    client.post(reverse("cadres:import_confirm"))
    assert Cadre.objects.filter(unit=district_a).count() == 3
    latest = Cadre.objects.get(name="张建国").history.first()
    assert latest.history_user == staff_a


def test_the_template_download_is_a_readable_roster(client, staff_a, district_a):
    client.force_login(staff_a)
    response = client.get(reverse("cadres:import_template"))
    result = roster_import.preview(BytesIO(response.content), user=staff_a, unit=district_a)
    # Its example row is marked and never imported (issue 16): alone, nothing to import.
    assert not result.ok and "示例行" in result.file_errors[0]
    from openpyxl import load_workbook

    book = load_workbook(BytesIO(response.content))
    sheet = book.active
    assert "示例行" in str(sheet.cell(row=3, column=20).value)
    assert sheet.cell(row=3, column=1).font.italic
    sheet.insert_rows(4)
    for column, value in enumerate(
        ["王德华", "男", "汉族", "1948.05", idn("19480512", "135"), "市卫生局", "科长", "退休"],
        start=1,
    ):
        sheet.cell(row=4, column=column, value=value)
    filled = BytesIO()
    book.save(filled)
    filled.seek(0)
    result = roster_import.preview(filled, user=staff_a, unit=district_a)
    assert result.ok and [r.name for r in result.rows] == ["王德华"]


def test_a_row_marked_as_the_example_is_skipped_wherever_it_is(staff_a, district_a):
    example = [9, "示例", "男", "1948.05", idn("19480512", "135"), "", "", "退休"]
    sheet = roster([GOOD_ROWS[0], example + ["", "", "", "【示例行，导入时忽略】"]])
    result = roster_import.preview(sheet, user=staff_a, unit=district_a)
    assert result.ok and [r.name for r in result.rows] == ["张建国"]


def test_the_preview_shows_each_rows_parsed_values(client, staff_a, leader_a, district_a):
    upload = roster(GOOD_ROWS)
    upload.name = "花名册.xlsx"
    client.force_login(staff_a)
    html = client.post(reverse("cadres:import"), {"file": upload, "unit": district_a.pk})
    table = html.content.decode().split('data-testid="import-parsed"')[1].split("</table>")[0]
    assert idn("19451003", "123") in table  # staff see the ID whole
    assert "1945-10-03" in table  # the birth date read from the ID
    assert "2005-10" in table and "东城区" in table and "退休" in table
    rows = roster_import.preview_rows(
        roster_import.preview(roster(GOOD_ROWS), user=staff_a, unit=district_a), user=leader_a
    )
    assert rows[0]["id_number"] != idn("19451003", "123")  # masked for who may not see it
    assert rows[0]["id_number"].endswith(idn("19451003", "123")[-4:])


# -- every problem at once; no file left behind ------------------------------------------------


def test_a_duplicate_id_is_reported_even_when_its_first_row_was_bad(staff_a, district_a):
    first = list(GOOD_ROWS[0])
    first[7] = "不知道"  # 离退休类别 unrecognised: the first row is itself bad
    second = list(GOOD_ROWS[0])
    second[0] = 2
    result = roster_import.preview(roster([first, second]), user=staff_a, unit=district_a)
    reasons = {r.row: "；".join(r.errors) for r in result.errors}
    assert "离退休类别“不知道”无法识别" in reasons[3]
    assert "身份证号与第 3 行重复" in reasons[4]


def test_a_row_with_a_parse_error_still_reports_its_other_problems(staff_a, district_a):
    future = date.today().year + 1
    row = list(GOOD_ROWS[2])
    row[2] = "未知"  # gender unrecognised
    row[8] = f"{future}.01"  # and a retirement date in the future
    result = roster_import.preview(roster([row]), user=staff_a, unit=district_a)
    [bad] = result.errors
    text = "；".join(bad.errors)
    assert "性别“未知”无法识别" in text and "不能晚于今天" in text


def _upload(rows):
    upload = roster(rows)
    upload.name = "花名册.xlsx"
    return upload


def _stored_imports(settings):
    from pathlib import Path

    folder = Path(settings.MEDIA_ROOT) / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_failed_preview_leaves_no_file_behind(client, staff_a, district_a, settings):
    bad = list(GOOD_ROWS[0])
    bad[4] = "320102194510031230"
    client.force_login(staff_a)
    response = client.post(
        reverse("cadres:import"), {"file": _upload([bad]), "unit": district_a.pk}
    )
    assert "有错误" in response.content.decode()
    assert _stored_imports(settings) == []
    assert "cadre_import" not in client.session


def test_a_file_level_error_leaves_no_file_behind(client, staff_a, district_a, settings):
    client.force_login(staff_a)
    upload = roster([["x"]], header=["名字", "号码"])
    upload.name = "花名册.xlsx"
    client.post(reverse("cadres:import"), {"file": upload, "unit": district_a.pk})
    assert _stored_imports(settings) == []


def test_confirming_an_import_removes_the_uploaded_file(client, staff_a, district_a, settings):
    client.force_login(staff_a)
    client.post(reverse("cadres:import"), {"file": _upload(GOOD_ROWS), "unit": district_a.pk})
    assert len(_stored_imports(settings)) == 1
    client.post(reverse("cadres:import_confirm"))
    assert Cadre.objects.count() == 3
    assert _stored_imports(settings) == []


def test_cancelling_an_import_removes_the_file_and_saves_nothing(
    client, staff_a, district_a, settings
):
    client.force_login(staff_a)
    client.post(reverse("cadres:import"), {"file": _upload(GOOD_ROWS), "unit": district_a.pk})
    response = client.post(reverse("cadres:import_cancel"), follow=True)
    assert "已取消导入" in response.content.decode()
    assert _stored_imports(settings) == [] and Cadre.objects.count() == 0
    assert client.post(reverse("cadres:import_confirm")).status_code == 302
    assert Cadre.objects.count() == 0


def test_a_second_upload_replaces_the_first_pending_file(client, staff_a, district_a, settings):
    client.force_login(staff_a)
    client.post(reverse("cadres:import"), {"file": _upload(GOOD_ROWS), "unit": district_a.pk})
    client.post(reverse("cadres:import"), {"file": _upload(GOOD_ROWS), "unit": district_a.pk})
    assert len(_stored_imports(settings)) == 1


def test_a_confirmed_import_is_in_the_access_log(client, staff_a, district_a):
    from apps.accounts.models import PersonalDataAccess

    client.force_login(staff_a)
    client.post(reverse("cadres:import"), {"file": _upload(GOOD_ROWS), "unit": district_a.pk})
    client.post(reverse("cadres:import_confirm"))
    (entry,) = PersonalDataAccess.objects.filter(action="import")
    assert entry.row_count == 3
    assert set(entry.cadre_ids) == set(Cadre.objects.values_list("pk", flat=True))
