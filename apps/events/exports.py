"""One event's invitations as Excel (apps.core.xlsx): who was invited, the reply, who came.
Phones as the reader may see them (masked without cadres.view_sensitive)."""

from django.utils import timezone

from apps.accounts.masking import shown
from apps.core.xlsx import append, workbook, xlsx_response

from .selectors import invitations


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def invitations_xlsx(*, event, user):
    book = workbook()
    sheet = book.active
    sheet.title = "邀请名单"
    append(
        sheet,
        [f"{event.title}（{timezone.localtime(event.starts_at):%Y-%m-%d %H:%M}，{event.place}）"],
    )
    append(
        sheet, ["姓名", "管理单位", "联系电话", "回复", "回复方式", "回复说明", "签到时间", "到场"]
    )
    for i in invitations(user=user, event=event).iterator(chunk_size=1000):
        append(
            sheet,
            [
                i.cadre.name,
                i.cadre.unit.name,
                shown(user, i.cadre.phone, "phone"),
                i.get_response_display(),
                i.get_response_via_display(),
                i.response_note,
                _local(i.checked_in_at),
                "是" if i.checked_in_at else "否",
            ],
        )
    return xlsx_response(book, f"event-{event.pk}-invitations.xlsx")
