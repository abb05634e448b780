"""Content matrix: what each role READS on every page and export, not only whether it opens.

One world (the access matrix's, from _matrix_world.py) is seeded once for the module; its "own"
cadre — in the secretary's branch, a volunteer of the team leader's team, in 东城区 — is given
distinctive sensitive values (MARKERS), each a string that cannot appear by accident. Then, for
every URL pattern of the MATRIX (GET and POST, every status: a 403/404 page may not leak either)
and every export a page links to (EXPORTS), as each role, the body is searched — xlsx opened
with openpyxl and every cell read, CSV/feeds/JSON as text — and the markers found must be a
subset of what CONTENT allows that role there. A pattern without a CONTENT row, or a page linking
an export without an EXPORTS row, fails.

The filter oracles: for roles without `cadres.view_sensitive`, a list or export requested with a
hidden-field filter (困难, 健康, 独居, 四库·困难, 易地安置, 住院走访, ID endings) must not show the
marked cadre while hiding the control cadre (same branch, team and district, ordinary values).
"""

import io
import json
import re
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import Resolver404, resolve
from django.utils import timezone

from apps.accounts.models import OrgUnit, Role
from apps.cadres.idcard import check_char
from apps.cadres.models import Cadre, FamilyContact, Hospitalization, LifeEvent
from apps.notifications.models import Reminder
from apps.subsidies.models import CadreBankAccount, EntitlementAmount, Payment
from apps.visits.models import Visit
from apps.visits.models.rules import Occasion
from apps.volunteers.models import TimeBankEntry
from tests.branches.factories import MembershipFactory
from tests.factories import OrgUnitFactory, UserFactory
from tests.visits.factories import VisitFactory
from tests.volunteers.factories import VolunteerFactory

from ._matrix_world import MATRIX, POST_DATA, ROLES, build_world, url_for

# --- the marked cadre ---------------------------------------------------------------------------
ID_FIRST17 = "320302" + "19410317" + "587"  # 徐州 area, born 1941-03-17, male (odd sequence)
ID_FULL = ID_FIRST17 + check_char(ID_FIRST17)
ID_MIDDLE = ID_FULL[4:14]  # what the masked form 3203**********5871 hides

MARKERS: dict[str, list[str]] = {
    "name": ["甄秘档"],
    "employer": ["市标记档案局"],
    "id_full": [ID_FULL],
    "id_middle": [ID_MIDDLE],
    "phone": ["13977031596"],
    "address": ["幽兰巷甲七号院"],
    "birth_date": ["1941-03-17", "1941年3月17日", "1941年03月17日", "1941/03/17", "1941.03.17"],
    "health": ["失能"],  # a choice label: searched outside <select>, as a whole xlsx cell
    "living": ["独居"],  # likewise
    "hardship": [],  # a flag: found by HARDSHIP_PATTERNS
    "relocation": ["琼崖椰林安置点"],
    "hospital": ["翠微标记医院", "标记病情甲"],
    "life_event": ["邻里标记纠纷调解中"],
    "visit_notes": ["走访标记记录乙"],
    "plan": ["标记措施每周送餐", "标记基本情况丙"],
    "request": ["标记诉求修缮屋顶"],
    "money": ["1234.56", "1,234.56"],
    "bank": ["6212263602017654321", "标记银行翠湖支行"],
    "family": ["甄亲属标记", "13566608842"],
    "time_bank": ["兑换标记上门理发"],
}
LABEL_FIELDS = {"health", "living"}
HARDSHIP_PATTERNS = [
    re.compile(r"困难\s*</(?:dt|th)>\s*<(?:dd|td)[^>]*>\s*是"),
    re.compile(r"badge[^>]*>\s*困难\s*<"),
    re.compile(r"^困难=(?:是|True|1)$", re.M),  # the xlsx row of the marked cadre
    re.compile(r"^易地安置=(?:是|True|1)$", re.M),
]
CONTROL_NAME = "对照乙丙"
ALL = frozenset(MARKERS)

# Who may read what (DESIGN.md "Who uses it"): staff in scope everything; leadership names and
# units; a secretary what branch work needs (names, units, hours — never IDs, phone, address,
# birth date, health, money, bank, hardship, family); a team leader names and hours (totals and
# balance; the time-bank ledger says which services a cadre received: staff only, as
# masking.sees_sensitive decides); the public nothing. Masked ID/phone forms are allowed where
# the full ones are not.
NAMES = frozenset({"name", "employer"})
DEFAULT = {
    "anonymous": frozenset(),
    "secretary": NAMES,
    "team_leader": NAMES,
    "district_staff": ALL,
    "bureau_staff": ALL,
    "leadership": NAMES,
    # A cadre (and the family member acting for them) reaches staff pages not at all (403).
    "cadre": frozenset(),
    "family": frozenset(),
}
# A published exemplar (先进典型) is public by design: its name, nothing else.
PUBLIC_NAME = {
    **DEFAULT,
    "anonymous": frozenset({"name"}),
    "cadre": frozenset({"name"}),
    "family": frozenset({"name"}),
}
# The world's marked cadre is the cadre user themselves: on their own pages their name, and on
# 我的档案 their own full ID, phone and address (the proxy sees what the cadre sees).
OWN_NAME = {**DEFAULT, "cadre": frozenset({"name"}), "family": frozenset({"name"})}
OWN_RECORD = {
    **DEFAULT,
    **{
        role: frozenset({"name", "employer", "id_full", "id_middle", "phone", "address"})
        for role in ("cadre", "family")
    },
}

# /me/ 走访慰问: the titles of their own visits (a hospital visit names their own hospital); the
# staff's 走访情况 notes stay with staff. /me/ 补贴发放: the amounts paid to them; the account only
# as its last 4 digits (the bank marker never appears).
OWN_VISITS = {**OWN_NAME, **{r: frozenset({"name", "hospital"}) for r in ("cadre", "family")}}
OWN_MONEY = {**OWN_NAME, **{r: frozenset({"name", "money"}) for r in ("cadre", "family")}}
# /me/ 我的诉求: what they asked themselves (the request marker), who handles it and by when.
OWN_REQUEST = {**OWN_NAME, **{r: frozenset({"name", "request"}) for r in ("cadre", "family")}}


# Every URL pattern of the MATRIX: which policy applies. A new pattern without a row fails.
CONTENT = {name: DEFAULT for name in MATRIX} | {
    "publicity:exemplar": PUBLIC_NAME,
    "publicity:exemplar_list": PUBLIC_NAME,
    "publicity:home": PUBLIC_NAME,
    "cadreside:home": OWN_NAME,
    "cadreside:branch": OWN_NAME,
    "cadreside:volunteer": OWN_NAME,
    "cadreside:switch": OWN_NAME,
    "cadreside:record": OWN_RECORD,
    "events:my_events": OWN_NAME,
    "events:my_invitation": OWN_NAME,
    "cadreside:visits": OWN_VISITS,
    "cadreside:subsidies": OWN_MONEY,
    "cadreside:requests": OWN_REQUEST,
    "cadreside:request_detail": OWN_REQUEST,
    **{
        f"cadreside:{name}": OWN_NAME
        for name in ("request_new", "request_rate", "help", "help_call")
    },
    # Notices and 金点子 on the cadre side: their own name only; staff pages as DEFAULT.
    **{f"notices:{name}": OWN_NAME for name in ("mine", "read", "reply")},
    **{f"suggestions:{name}": OWN_NAME for name in ("mine", "submit", "mine_detail")},
    # 老年大学 on the cadre side: their own applications, draw number and certificate (name).
    **{
        f"university:{name}": OWN_NAME
        for name in ("my", "my_classes", "my_apply", "my_withdraw", "my_checkin", "my_draw")
    },
    "university:my_certificate": OWN_NAME,
}
# Pinned by hand: writing the table as `{name: DEFAULT for name in MATRIX}` alone would let a new
# pattern in silently. These are the patterns reviewed for this table.
REVIEWED = set(
    """
healthz accounts:login accounts:logout core:home core:favicon cadres:list cadres:export
cadres:create cadres:detail cadres:edit cadres:hospitalization_add cadres:life_event_add
cadres:family_contact_add cadres:import cadres:import_confirm cadres:import_template
branches:portal branches:branch_detail branches:activity_create branches:birthdays branches:dues
branches:activity_detail branches:activity_edit branches:activity_withdraw branches:attachment
branches:attachment_delete branches:rectification_list branches:rectification_detail
branches:rectification_evidence branches:medal branches:reports branches:report_compliance
branches:report_unorganised branches:report_inactive branches:report_attendance
branches:report_ranking volunteers:home volunteers:team_list volunteers:team_detail
volunteers:activity_list volunteers:activity_new volunteers:activity_detail
volunteers:activity_confirm volunteers:record_reject volunteers:photo volunteers:volunteer_list
volunteers:volunteer_register volunteers:volunteer_detail volunteers:volunteer_redeem
volunteers:certificate volunteers:report volunteers:report_export volunteers:project_list
volunteers:project_detail visits:my_visits visits:visit_list visits:calendar
visits:visit_detail visits:visit_cancel visits:visit_correct visits:cadre_visits
visits:campaign_list visits:campaign_cancel
visits:campaign_create visits:campaign_detail visits:campaign_generate visits:coverage
visits:coverage_export subsidies:entitlement_list subsidies:entitlement_create
subsidies:entitlement_detail subsidies:entitlement_change_amount subsidies:entitlement_end
subsidies:bank_account_set subsidies:batch_list subsidies:batch_create subsidies:batch_detail
subsidies:batch_export subsidies:batch_action subsidies:payment_fail casework:plan_list
casework:plan_create casework:plan_detail casework:plan_edit casework:plan_review
casework:request_list casework:request_create casework:request_report
casework:request_report_export casework:request_detail
casework:request_assign casework:request_close notifications:inbox notifications:open
notifications:read notifications:read_all dashboard:index dashboard:screen dashboard:export
dashboard:visits dashboard:cadre_card dashboard:annual dashboard:annual_export publicity:home
publicity:article_list publicity:category publicity:search publicity:feed publicity:feed_atom
publicity:article publicity:article_cover publicity:article_image publicity:exemplar_list
publicity:exemplar publicity:exemplar_photo publicity:manage publicity:manage_create
publicity:manage_detail publicity:manage_edit publicity:manage_submit publicity:manage_approve
publicity:manage_return publicity:manage_unpublish publicity:manage_image_upload
publicity:submission_list publicity:submission_create publicity:submission_detail
publicity:ranking publicity:ranking_export accounts:password_change accounts:forgot_password cadres:import_cancel
accounts:font_switch accounts:user_list accounts:temporary_password
cadres:import_job cadres:import_progress
notifications:deliveries notifications:preferences notifications:report notifications:test_notice
cadreside:home cadreside:record cadreside:branch cadreside:volunteer cadreside:switch
cadreside:qr_signin cadreside:code_signin cadreside:cards cadreside:card_issue cadreside:card_revoke
venues:venue_list venues:venue_detail venues:visitors_record venues:booking_create
venues:booking_cancel venues:report venues:association_list venues:association_detail
events:event_list events:event_create events:event_detail events:event_invite
events:checkin_desk events:invitation_cards events:event_close events:event_cancel
events:event_export events:invitation_respond events:checkin events:my_events
events:my_invitation
cadreside:requests cadreside:request_new cadreside:request_detail cadreside:request_rate
cadreside:help cadreside:help_call cadreside:calls cadreside:call_convert
cadreside:visits cadreside:subsidies notices:list notices:create notices:detail notices:send
notices:withdraw notices:mine notices:read notices:reply suggestions:list suggestions:report
suggestions:detail suggestions:assign suggestions:decline suggestions:answer suggestions:mine
suggestions:submit suggestions:mine_detail
university:public_classes university:public_draw university:my university:my_classes
university:my_apply university:my_withdraw university:my_checkin university:my_certificate
university:my_draw university:term_list university:term_detail university:term_allocate
university:term_sessions university:term_certificates university:class_detail
university:class_door university:counter_apply university:application_withdraw
university:session_roll university:students university:certificate
steering:home steering:assignment_list steering:task_list_detail steering:assignment_detail
steering:assignment_report steering:assignment_review steering:evidence steering:round_list
steering:round_detail steering:round_export steering:round_compute steering:entry_detail
steering:entry_step steering:project_list steering:project_detail steering:milestone_done
onboarding:list onboarding:detail onboarding:step_done
""".split()
)

# Exports reached by links on the pages, beyond the MATRIX rows themselves:
# signature -> (kind of the URL's object or None, URL kwargs, query string, policy).
EXPORTS = {
    "branches:medal ?format=xlsx": (None, {}, "format=xlsx", DEFAULT),
    "branches:report_compliance ?format=xlsx": (None, {}, "format=xlsx", DEFAULT),
    "branches:report_unorganised ?format=xlsx": (None, {}, "format=xlsx", DEFAULT),
    "branches:report_inactive ?format=xlsx": (None, {}, "format=xlsx", DEFAULT),
    "branches:report_attendance ?format=xlsx": (None, {}, "format=xlsx", DEFAULT),
    "branches:report_ranking ?format=xlsx": (None, {}, "format=xlsx", DEFAULT),
    "steering:assignment_list ?format=xlsx": (None, {}, "format=xlsx", DEFAULT),
    # The dashboard's section exports (the MATRIX row opens key=register).
    **{
        f"dashboard:export key={key}": (None, {"key": key}, "", DEFAULT)
        for key in [
            "birthdays",
            "casework",
            "party",
            "publicity",
            "steering",
            "subsidies",
            "university",
            "visits",
            "volunteers",
        ]
    },
    "venues:report ?format=xlsx": (None, {}, "format=xlsx", DEFAULT),
}

# Leaks being fixed by their owners: (role, target) -> the markers read there today. Exact, like
# a strict xfail per cell: a new leak fails, and so does a fixed one still listed here.
KNOWN_LEAKS: dict[tuple[str, str], list[str]] = {}

FILTERS = [
    "hardship=1",
    "health=disabled",
    "living_situation=alone",
    "library=hardship",
    "relocated=1",
    "occasion=hospital",
    f"q={ID_FULL[-4:]}",
    f"q={ID_FULL[-6:]}",
]
pytestmark = pytest.mark.django_db  # each test in its savepoint inside the module's transaction

NOT_SENSITIVE = ["secretary", "team_leader", "leadership"]
MD5 = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- the world, once per module -----------------------------------------------------------------
def _mark(own: dict, staff) -> None:
    cadre = own["cadre"]
    Cadre.objects.filter(pk=cadre.pk).update(
        name=MARKERS["name"][0],
        name_initials="zmd",
        original_employer=MARKERS["employer"][0],
        id_number=ID_FULL,
        gender="M",
        birth_date=date(1941, 3, 17),
        phone=MARKERS["phone"][0],
        address=MARKERS["address"][0],
        health=Cadre.Health.DISABLED,
        living_situation=Cadre.Living.ALONE,
        hardship=True,
        relocated=True,
        relocated_place=MARKERS["relocation"][0],
    )
    cadre.refresh_from_db()
    today = timezone.localdate()
    hospital, diagnosis = MARKERS["hospital"]
    Hospitalization.objects.create(
        cadre=cadre, hospital=hospital, diagnosis=diagnosis, admitted_on=today - timedelta(days=3)
    )
    LifeEvent.objects.create(
        cadre=cadre,
        kind=LifeEvent.Kind.DISPUTE,
        occurred_on=today - timedelta(days=10),
        description=MARKERS["life_event"][0],
    )
    FamilyContact.objects.create(
        cadre=cadre, name=MARKERS["family"][0], relation="女儿", phone=MARKERS["family"][1]
    )
    Visit.objects.filter(pk=own["visit"].pk).update(
        occasion=Occasion.HOSPITAL,
        title=f"住院探望：{hospital}",
        notes=MARKERS["visit_notes"][0],
    )
    own["plan"].measures, own["plan"].situation = MARKERS["plan"]
    own["plan"].save(update_fields=["measures", "situation"])
    own["request"].content = MARKERS["request"][0]
    own["request"].save(update_fields=["content"])
    amount = Decimal(MARKERS["money"][0])
    entitlement = own["entitlement"]
    type(entitlement).objects.filter(pk=entitlement.pk).update(monthly_amount=amount)
    EntitlementAmount.objects.filter(entitlement=entitlement).update(monthly_amount=amount)
    account, bank = MARKERS["bank"]
    CadreBankAccount.objects.update_or_create(
        cadre=cadre,
        defaults={"bank_name": bank, "account_name": cadre.name, "account_number": account},
    )
    Payment.objects.filter(pk=own["payment"].pk).update(
        amount=amount, bank_name=bank, account_number=account
    )
    volunteer = own["volunteer"]
    TimeBankEntry.objects.create(
        volunteer=volunteer,
        kind=TimeBankEntry.Kind.CREDIT,
        hours=Decimal("5"),
        balance_after=Decimal("5"),
        on=today - timedelta(days=5),
        record=own["record"],
        description="志愿服务：政策宣讲",
    )
    TimeBankEntry.objects.create(
        volunteer=volunteer,
        kind=TimeBankEntry.Kind.DEBIT,
        hours=Decimal("2"),
        balance_after=Decimal("3"),
        on=today - timedelta(days=1),
        description=MARKERS["time_bank"][0],
        recorded_by=staff,
    )
    type(volunteer).objects.filter(pk=volunteer.pk).update(time_balance=Decimal("3"))


def _control(own: dict) -> Cadre:
    """Same branch, team and district as the marked cadre; ordinary values."""
    cadre = MembershipFactory(
        branch=own["branch"],
        cadre__name=CONTROL_NAME,
        cadre__unit=own["branch"].unit,
        cadre__birth_date=date(1945, 6, 2),
    ).cadre
    VolunteerFactory(cadre=cadre, teams=[own["team"]])
    VisitFactory(cadre=cadre)
    return cadre


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("content-matrix-media")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=MD5, MEDIA_ROOT=str(media)),
    ):
        # One transaction for the module; each test's own savepoint nests inside it.
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            city = OrgUnitFactory(name="市委老干部局", kind=OrgUnit.Kind.CITY)
            district = OrgUnitFactory(name="东城区", kind=OrgUnit.Kind.DISTRICT, parent=city)
            users = {
                "anonymous": None,
                "secretary": UserFactory(role=Role.SECRETARY, unit=district),
                "team_leader": UserFactory(role=Role.TEAM_LEADER, unit=district),
                "district_staff": UserFactory(role=Role.DISTRICT_STAFF, unit=district),
                "bureau_staff": UserFactory(role=Role.BUREAU_STAFF, unit=city),
                "leadership": UserFactory(role=Role.LEADERSHIP, unit=district),
            }
            own, _other = build_world(users, district)
            users["cadre"], users["family"] = own["cadre_user"], own["family_user"]
            _mark(own, users["district_staff"])
            _control(own)
            reminders = {
                role: Reminder.objects.create(
                    recipient=user or users["district_staff"],
                    kind="test",
                    key=f"content-{role}",
                    subject="提醒",
                    due_on=timezone.localdate(),
                )
                for role, user in users.items()
            }
            yield {"users": users, "own": own, "reminders": reminders, "media": str(media)}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# --- reading a response -------------------------------------------------------------------------
def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        # Not response.close(): the client's wrapper closes it without closing the connection.
        return b"".join(response.streaming_content)
    return response.content


def text_of(response) -> tuple[str, str]:
    """(all text, text for choice labels) of a response, whatever its format."""
    ctype = response.get("Content-Type", "")
    data = body_of(response)
    if "spreadsheetml" in ctype or data[:2] == b"PK":
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        lines, cells = [], []
        for sheet in book.worksheets:
            header = None
            for row in sheet.iter_rows(values_only=True):
                values = ["" if v is None else str(v) for v in row]
                cells.extend(values)
                lines.append("\t".join(values))
                if header is None and any(values):
                    header = values
                elif header and any(MARKERS["name"][0] in v for v in values):
                    lines.extend(f"{h}={v}" for h, v in zip(header, values, strict=False))
        book.close()
        text = "\n".join(lines)
        return text, "\n".join(f"\x00{c}\x00" for c in cells)
    text = data.decode("utf-8", errors="replace")
    if "json" in ctype:
        try:
            text = json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    # Option lists of filter/edit forms name every choice; they say nothing about the cadre.
    labels = re.sub(r"<select\b.*?</select>", "", text, flags=re.S | re.I)
    return text, labels


def markers_in(response) -> set[str]:
    text, labels = text_of(response)
    found = set()
    for field, values in MARKERS.items():
        if field in LABEL_FIELDS:
            if any(v in labels for v in values):
                found.add(field)
        elif any(v in text for v in values):
            found.add(field)
    if any(p.search(text) for p in HARDSHIP_PATTERNS):
        found.add("hardship")
    if "\x00" in labels:  # xlsx: a label counts only as a whole cell
        found -= LABEL_FIELDS
        for field in LABEL_FIELDS:
            if any(f"\x00{v}\x00" in labels for v in MARKERS[field]):
                found.add(field)
    return found


def request(client, method: str, url: str, data=None):
    # A savepoint per request: a POST that deletes or approves is undone at once.
    with transaction.atomic():
        response = client.post(url, data or {}) if method == "POST" else client.get(url)
        if getattr(response, "streaming", False):
            # Streamed exports read the database as they go: read them inside the savepoint.
            response.streaming_content = [body_of(response)]
        transaction.set_rollback(True)
    return response


def export_links(response, objects: dict) -> set[str]:
    """Signatures of the export links on a page (an href with format= or an *export* route)."""
    if "html" not in response.get("Content-Type", ""):
        return set()
    found = set()
    html = body_of(response).decode("utf-8", errors="replace")
    for href in re.findall(r'href="([^"]+)"', html):
        href = href.replace("&amp;", "&")
        parts = urlsplit(href)
        if parts.netloc or not parts.path.startswith("/"):
            continue
        try:
            match = resolve(parts.path)
        except Resolver404:
            continue
        query = parse_qs(parts.query)
        if "format" not in query and "export" not in (match.url_name or ""):
            continue
        kwargs = {k: v for k, v in match.kwargs.items() if k not in ("pk", "cadre_pk")}
        name = match.view_name
        if "format" not in query and name in MATRIX:
            row = MATRIX[name]
            if {k: str(v) for k, v in (row[3] if len(row) > 3 else {}).items()} == kwargs:
                continue  # the MATRIX row itself
        sig = name + "".join(f" {k}={v}" for k, v in sorted(kwargs.items()))
        if "format" in query:
            sig += f" ?format={query['format'][0]}"
        found.add(sig)
    return found


def login(client, world, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    return {**world["own"], "reminder": world["reminders"][role]}


@pytest.fixture
def media_of_world(world, settings):
    # tests/conftest.py points MEDIA_ROOT at a per-test directory; the world's files are here.
    settings.MEDIA_ROOT = world["media"]


# --- the tests ----------------------------------------------------------------------------------
def test_every_url_pattern_has_a_row_in_the_content_policy():
    assert sorted(set(MATRIX) - REVIEWED) == [], "new URL: decide what each role may read on it"
    assert sorted(REVIEWED - set(MATRIX)) == [], "content row for a URL that no longer exists"
    assert set(CONTENT) == set(MATRIX)


def test_the_id_markers_are_a_valid_number_and_its_hidden_middle():
    from apps.accounts.masking import mask_id_number
    from apps.cadres.idcard import validate_id_number

    validate_id_number(ID_FULL)
    masked = mask_id_number(ID_FULL)
    assert ID_MIDDLE not in masked and ID_FULL[-4:] in masked


def leaks_of(client, world, role) -> dict[str, list[str]]:
    """{target: markers `role` reads there but may not} over every MATRIX row and EXPORTS row."""
    objects = login(client, world, role)
    leaks = {}
    for name, (kind, method, _cells, *rest) in MATRIX.items():
        url = url_for(name, kind, objects, rest[0] if rest else {})
        response = request(client, method, url, POST_DATA.get(name))
        leaked = markers_in(response) - CONTENT[name][role]
        if leaked:
            leaks[name] = sorted(leaked)
        unknown = export_links(response, objects) - set(EXPORTS)
        if unknown:
            leaks[name + " links"] = [f"export without a content row: {u}" for u in sorted(unknown)]
        if "_auth_user_id" not in client.session and world["users"][role] is not None:
            client.force_login(world["users"][role])  # the logout row signed us out
    for sig, (kind, kwargs, query, policy) in EXPORTS.items():
        url = url_for(sig.split()[0], kind, objects, kwargs) + f"?{query}"
        leaked = markers_in(request(client, "GET", url)) - policy[role]
        if leaked:
            leaks[sig] = sorted(leaked)
    return leaks


def oracles_of(client, world, role) -> dict[str, list[str]]:
    """{target: filters on a hidden field that list the marked cadre without the control}."""
    objects = login(client, world, role)

    def who(url):
        response = request(client, "GET", url)
        if response.status_code != 200:
            return None
        text, _ = text_of(response)
        return MARKERS["name"][0] in text, CONTROL_NAME in text

    found = {}
    targets = [(n, row[0], row[3] if len(row) > 3 else {}, "") for n, row in MATRIX.items()]
    targets += [(sig, kind, kw, q + "&") for sig, (kind, kw, q, _p) in EXPORTS.items()]
    for target, kind, kwargs, query in targets:
        if target in MATRIX and MATRIX[target][1] != "GET":
            continue
        base = url_for(target.split()[0], kind, objects, kwargs) + "?" + query
        if who(base) != (True, True):
            continue  # the page does not list both: nothing to single out
        oracles = [f for f in FILTERS if who(base + f) == (True, False)]
        if oracles:
            found[target + " filter"] = oracles
    return found


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_only_what_it_may_on_every_page_and_export(
    client, world, media_of_world, role
):
    leaks = leaks_of(client, world, role)
    if role in NOT_SENSITIVE:
        leaks |= oracles_of(client, world, role)
    known = {target: markers for (r, target), markers in KNOWN_LEAKS.items() if r == role}
    # Exact: a new leak fails, and so does a fixed one still listed (remove its row).
    assert leaks == known


def test_staff_find_every_marker_somewhere(client, world, media_of_world):
    """The scan is not vacuous: each marker is rendered to staff and recognised."""
    objects = login(client, world, "district_staff")
    found = set()
    for name in [
        "cadres:detail",
        "cadres:export",
        "casework:plan_detail",
        "casework:request_detail",
        "subsidies:entitlement_detail",
        "visits:visit_detail",
        "subsidies:batch_export",
        "volunteers:volunteer_detail",
    ]:
        kind, method, _cells, *rest = MATRIX[name]
        found |= markers_in(request(client, method, url_for(name, kind, objects, {})))
    assert found == set(ALL)
