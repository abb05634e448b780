"""The bureau's standing rules (六个必访 and routine contact), as editable rows."""

from django.db import migrations

RULES = [
    dict(code="festival-chunjie", name="春节走访慰问", occasion="festival", sort_order=10,
         festival_calendar="lunar", festival_month=1, festival_day=1, notice_days=14),
    dict(code="festival-qiyi", name="七一走访慰问老党员", occasion="festival", sort_order=11,
         festival_calendar="solar", festival_month=7, festival_day=1, notice_days=14,
         party_members_only=True),
    dict(code="festival-zhongqiu", name="中秋走访慰问离休干部", occasion="festival", sort_order=12,
         festival_calendar="lunar", festival_month=8, festival_day=15, notice_days=14,
         retirement_kind="lixiu"),
    dict(code="festival-chongyang", name="重阳节走访慰问高龄老干部", occasion="festival",
         sort_order=13, festival_calendar="lunar", festival_month=9, festival_day=9,
         notice_days=14, min_age=80),
    dict(code="hospital", name="生病住院探望", occasion="hospital", sort_order=20, days_after=3,
         notice_days=3),
    dict(code="hospital-followup", name="出院回访及长期住院探望", occasion="hospital_followup",
         sort_order=21, days_after=7, repeat_days=30, notice_days=3),
    dict(code="birthday", name="整十生日祝寿", occasion="birthday", sort_order=30,
         ages=[70, 80, 90, 100], age_reckoning="zhousui", notice_days=14),
    dict(code="condolence", name="因病逝世吊唁慰问家属", occasion="condolence", sort_order=40,
         days_after=3, notice_days=3),
    dict(code="dispute", name="矛盾纠纷走访", occasion="dispute", sort_order=50, days_after=7,
         notice_days=3),
    dict(code="disaster", name="天灾人祸走访", occasion="disaster", sort_order=51, days_after=3,
         notice_days=3),
    dict(code="routine-call", name="每月电话联系", occasion="routine", sort_order=60,
         period="month", notice_days=7, remind_assignee=False),
    dict(code="routine-home", name="高龄独居失能老干部每季度上门", occasion="routine",
         sort_order=61, period="quarter", notice_days=14, min_age=80,
         living_situations=["alone"], health_levels=["disabled"], risk_any=True),
    dict(code="survivor-chunjie", name="春节走访已故干部遗属", occasion="festival", sort_order=70,
         festival_calendar="lunar", festival_month=1, festival_day=1, notice_days=14,
         subject="survivor"),
]


def seed(apps, schema_editor):
    VisitRule = apps.get_model("services", "VisitRule")
    for row in RULES:
        code = row["code"]
        VisitRule.objects.get_or_create(code=code, defaults=row)


def unseed(apps, schema_editor):
    VisitRule = apps.get_model("services", "VisitRule")
    VisitRule.objects.filter(code__in=[r["code"] for r in RULES], visits__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
