"""The access matrix's world and URL table, shared by the status matrix
(test_access_matrix.py) and the content matrix (test_content_matrix.py).

MATRIX rows: name -> (kind, method, "anonymous secretary team_leader district_staff
bureau_staff leadership cadre family" [, URL arguments]); see test_access_matrix.py for the cells.
"""

from datetime import date

from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from apps.accounts.models import OrgUnit, Role
from apps.branches.models import ActivityAttachment
from apps.cadreside import services as cadreside_services
from apps.cadreside.models import HelpCall
from apps.notices import services as notice_services
from apps.notices.models import Notice
from apps.notifications.models import Reminder
from apps.publicity.models import Article, ArticleImage, InfoSubmission
from apps.subsidies.models import Payment, PaymentBatch
from apps.subsidies.services import batch_create
from apps.suggestions.models import Suggestion
from apps.volunteers.models import ActivityPhoto
from tests.branches.factories import (
    BranchActivityFactory,
    MembershipFactory,
    PartyBranchFactory,
    RectificationFactory,
)
from tests.casework.factories import ServicePlanFactory, ServiceRequestFactory
from tests.events.factories import matrix_objects as events_objects
from tests.factories import OrgUnitFactory, UserFactory
from tests.onboarding.factories import matrix_objects as onboarding_objects
from tests.publicity.factories import ArticleFactory, ExemplarFactory, PublishedArticleFactory
from tests.steering.factories import matrix_objects as steering_objects
from tests.subsidies.factories import EntitlementFactory, seed_subsidy_data
from tests.university.factories import university_world
from tests.venues.factories import matrix_objects as venues_objects
from tests.visits.factories import CampaignFactory, VisitFactory
from tests.volunteers.factories import (
    ActivityFactory,
    ProjectFactory,
    RecordFactory,
    TeamFactory,
    VolunteerFactory,
)

ROLES = [
    "anonymous",
    "secretary",
    "team_leader",
    "district_staff",
    "bureau_staff",
    "leadership",
    "cadre",
    "family",
]
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def url_patterns() -> dict[str, str]:
    """{"namespace:name": route} for every pattern outside the admin."""
    found = {}

    def walk(patterns, prefix="", namespace=None):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                if route.startswith("admin/"):
                    continue
                walk(p.url_patterns, route, p.namespace or namespace)
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name}" if namespace else p.name
                found[name] = route

    walk(get_resolver().url_patterns)
    return found


# --- the world ----------------------------------------------------------------------------------
def _file(instance, field: str, name: str, content: bytes = PNG) -> None:
    getattr(instance, field).save(name, ContentFile(content), save=True)


def build_world(users: dict, district_a) -> tuple[dict, dict]:
    seed_subsidy_data()
    other_city = OrgUnitFactory(name="外市老干部局", kind=OrgUnit.Kind.CITY)
    other_district = OrgUnitFactory(name="外市某区", kind=OrgUnit.Kind.DISTRICT, parent=other_city)
    other_secretary = UserFactory(role=Role.SECRETARY, unit=other_district)
    other_leader = UserFactory(role=Role.TEAM_LEADER, unit=other_district)
    worlds = []
    for i, (unit, secretary, team_leader) in enumerate(
        [
            (district_a, users["secretary"], users["team_leader"]),
            (other_district, other_secretary, other_leader),
        ]
    ):
        w = {}
        w["branch"] = PartyBranchFactory(unit=unit, secretary=secretary)
        w["cadre"] = MembershipFactory(branch=w["branch"]).cadre
        # The cadre side: the world's cadre signs in as themselves; a family member acts for them.
        w["cadre_user"] = cadreside_services.cadre_account_create(
            cadre=w["cadre"], username=f"matrix_cadre_{i}"
        )
        w["family_user"] = cadreside_services.proxy_grant_create(
            cadre=w["cadre"], username=f"matrix_family_{i}", relation="子女", by=None
        ).user
        w["login_card"] = cadreside_services.card_issue(
            cadre=w["cadre"], holder=w["cadre_user"], by=None
        ).card
        w["account"] = team_leader  # a user staff may give a temporary password
        w["activity"] = BranchActivityFactory(branch=w["branch"], recorded_by=secretary)
        attachment = ActivityAttachment(
            activity=w["activity"],
            file_type="image",
            content_type="image/png",
            original_name="a.png",
            size=len(PNG),
            uploaded_by=secretary,
        )
        attachment.file.save("a.png", ContentFile(PNG), save=False)
        attachment.save()
        w["attachment"] = attachment
        w["rectification"] = RectificationFactory(branch=w["branch"])
        _file(w["rectification"], "evidence_file", "r.pdf", b"%PDF-1.4\n%%EOF\n")
        w["team"] = TeamFactory(unit=unit, leader=team_leader)
        w["volunteer"] = VolunteerFactory(cadre=w["cadre"], teams=[w["team"]])
        w["vactivity"] = ActivityFactory(team=w["team"])
        w["record"] = RecordFactory(activity=w["vactivity"], volunteer=w["volunteer"])
        photo = ActivityPhoto(activity=w["vactivity"], content_type="image/png")
        _file(photo, "image", "p.png")
        w["vphoto"] = photo
        w["project"] = ProjectFactory(unit=unit)
        w["visit"] = VisitFactory(cadre=w["cadre"], assignee=users.get("district_staff"))
        w["campaign"] = CampaignFactory(unit=unit)
        w["submission"] = InfoSubmission.objects.create(
            unit=unit, title="报送", content="内容", submitted_on=timezone.localdate()
        )
        w["entitlement"] = EntitlementFactory(cadre=w["cadre"])
        w["plan"] = ServicePlanFactory(cadre=w["cadre"], responsible=users["district_staff"])
        w["request"] = ServiceRequestFactory(cadre=w["cadre"])
        w["exemplar"] = ExemplarFactory(cadre=w["cadre"])
        _file(w["exemplar"], "photo", "e.png")
        w.update(venues_objects(unit, w["cadre"]))
        w.update(events_objects(unit, w["cadre"]))
        w.update(steering_objects(unit))
        w.update(onboarding_objects(w["cadre"]))
        w.update(university_world(unit, w["cadre"], users.get("district_staff")))
        # 老干部通知 (sent, asking yes/no) and a 金点子 of the world's cadre.
        w["notice"] = Notice.objects.create(
            unit=unit,
            title="情况通报会邀请",
            body="请参加情况通报会。",
            audience=Notice.Audience.ALL,
            asks_reply=True,
            reply_question="是否参加？",
            created_by=w["cadre_user"],
        )
        notice_services.notice_send(notice=w["notice"], by=None)
        w["suggestion"] = Suggestion.objects.create(
            cadre=w["cadre"], title="金点子", content="建议多办讲座。", submitted_by=w["cadre_user"]
        )
        w["help_call"] = HelpCall.objects.create(
            cadre=w["cadre"], unit_id=w["cadre"].unit_id, phone="12345", by=w["cadre_user"]
        )
        worlds.append(w)
    own, other = worlds
    # One payment batch a month for the whole city (rows scoped by unit): "other" is a batch
    # that does not exist; the payments inside it are own and other.
    own["batch"] = batch_create(month=date(2026, 11, 1))
    other["batch"] = PaymentBatch(pk=own["batch"].pk + 1000)
    own["payment"] = Payment.objects.get(entitlement=own["entitlement"])
    other["payment"] = Payment.objects.get(entitlement=other["entitlement"])
    # Publicity: "own" is what the role may manage / the public may read; "other" is a draft of
    # another city (never public, out of every role's scope).
    own["article"] = ArticleFactory(source_unit=district_a)
    other["article"] = ArticleFactory(source_unit=other_district)
    own["pending"] = ArticleFactory(source_unit=district_a, status=Article.Status.PENDING)
    other["pending"] = ArticleFactory(source_unit=other_district, status=Article.Status.PENDING)
    own["published"] = PublishedArticleFactory(source_unit=district_a)
    other["published"] = other["article"]
    _file(own["published"], "cover", "c.png")
    _file(other["published"], "cover", "c.png")
    for w in (own, other):
        image = ArticleImage(article=w["published"])
        _file(image, "image", "i.png")
        w["article_image"] = image
    other["exemplar"].is_published = False
    other["exemplar"].save(update_fields=["is_published"])
    return own, other


def reminder_for(user, recipient_other) -> tuple:
    own = Reminder.objects.create(
        recipient=user, kind="test", key="own", subject="提醒", due_on=timezone.localdate()
    )
    other = Reminder.objects.create(
        recipient=recipient_other, kind="test", key="other", subject="提醒"
    )
    return own, other


# --- the requests -------------------------------------------------------------------------------
KIND_ARGS = {  # kind -> how its object fills the URL's arguments
    "invitation_token": lambda o: {"token": o["invitation_token"].token},
    "cadre_visits": lambda o: {"cadre_pk": o["cadre"].pk},
    "udoor": lambda o: {"token": o["uclass"].door_token},
}


def url_for(name: str, kind: str | None, objects: dict, extra: dict) -> str:
    if kind is None:
        return reverse(name, kwargs=extra or None)
    if kind in KIND_ARGS:
        return reverse(name, kwargs={**KIND_ARGS[kind](objects), **extra})
    return reverse(name, kwargs={"pk": objects[kind].pk, **extra})


# name: (kind, method, "anonymous secretary team_leader district_staff bureau_staff leadership
#        cadre family" [, URL arguments]). cadre: the own world's cadre signed in as themselves;
#        family: their proxy; both reach /me/ and the public site only (403 everywhere else). A cell is one status (no arguments) or own/other; 302r is a POST
#        redirected with an error message: refused, nothing done (e.g. not the recorder).
# fmt: off
MATRIX = {
    "healthz":                               (None,            "GET",  "200      200      200      200      200      200      200      200"),
    "accounts:login":                        (None,            "GET",  "200      302      302      302      302      302      302      302"),
    "accounts:logout":                       (None,            "POST", "302      302      302      302      302      302      302      302"),
    "accounts:password_change":              (None,            "GET",  "302      200      200      200      200      200      403      403"),
    "accounts:forgot_password":              (None,            "GET",  "200      200      200      200      200      200      403      403"),
    "accounts:font_switch":                  (None,            "POST", "302      302      302      302      302      302      302      302"),
    "accounts:user_list":                    (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "accounts:temporary_password":           ("account",       "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "core:home":                             (None,            "GET",  "302      200      200      200      200      200      302      302"),
    "core:favicon":                          (None,            "GET",  "301      301      301      301      301      301      301      301"),
    "cadres:list":                           (None,            "GET",  "302      200      200      200      200      200      403      403"),
    "cadres:export":                         (None,            "GET",  "302      200      200      200      200      200      403      403"),
    "cadres:create":                         (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "cadres:detail":                         ("cadre",         "GET",  "302/302  200/404  200/404  200/404  200/404  200/404  403/403  403/403"),
    "cadres:edit":                           ("cadre",         "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "cadres:hospitalization_add":            ("cadre",         "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "cadres:life_event_add":                 ("cadre",         "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "cadres:family_contact_add":             ("cadre",         "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "cadres:import":                         (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "cadres:import_confirm":                 (None,            "POST", "302      403      403      302r     302r     403      403      403"),
    "cadres:import_cancel":                  (None,            "POST", "302      403      403      302      302      403      403      403"),
    "cadres:import_template":                (None,            "GET",  "302      200      200      200      200      200      403      403"),
    "cadres:import_job":                     (None,            "GET",  "302      403      403      404      404      403      403      403", {"job_id": "0" * 32}),
    "cadres:import_progress":                (None,            "GET",  "302      403      403      404      404      403      403      403", {"job_id": "0" * 32}),
    "branches:portal":                       (None,            "GET",  "302      200      200      200      200      200      403      403"),
    "branches:branch_detail":                ("branch",        "GET",  "302/302  200/404  404/404  200/404  200/404  200/404  403/403  403/403"),
    "branches:activity_create":              ("branch",        "GET",  "302/302  200/404  404/404  200/404  200/404  403/404  403/403  403/403"),
    "branches:birthdays":                    ("branch",        "GET",  "302/302  200/404  404/404  200/404  200/404  200/404  403/403  403/403"),
    "branches:dues":                         ("branch",        "GET",  "302/302  200/404  404/404  200/404  200/404  403/404  403/403  403/403"),
    "branches:activity_detail":              ("activity",      "GET",  "302/302  200/404  404/404  200/404  200/404  200/404  403/403  403/403"),
    "branches:activity_edit":                ("activity",      "GET",  "302/302  200/404  404/404  302/404  302/404  302/404  403/403  403/403"),
    "branches:activity_withdraw":            ("activity",      "POST", "302/302  302/404  404/404  302/404  302/404  302r/404 403/403  403/403"),
    "branches:attachment":                   ("attachment",    "GET",  "302/302  200/404  404/404  200/404  200/404  200/404  403/403  403/403"),
    "branches:attachment_delete":            ("attachment",    "POST", "302/302  302/404  404/404  302r/404 302r/404 302r/404 403/403  403/403"),
    "branches:rectification_list":           (None,            "GET",  "302      200      200      200      200      200      403      403"),
    "branches:rectification_detail":         ("rectification", "GET",  "302/302  200/404  404/404  200/404  200/404  200/404  403/403  403/403"),
    "branches:rectification_evidence":       ("rectification", "GET",  "302/302  200/404  404/404  200/404  200/404  200/404  403/403  403/403"),
    "branches:medal":                        (None,            "GET",  "302      200      200      200      200      200      403      403"),
    "branches:reports":                      (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "branches:report_compliance":            (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "branches:report_unorganised":           (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "branches:report_inactive":              (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "branches:report_attendance":            (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "branches:report_ranking":               (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "volunteers:home":                       (None,            "GET",  "302      200      200      200      200      200      403      403"),
    "volunteers:team_list":                  (None,            "GET",  "302      200      200      200      200      200      403      403"),
    "volunteers:team_detail":                ("team",          "GET",  "302/302  200/404  200/404  200/404  200/404  200/404  403/403  403/403"),
    "volunteers:activity_list":              (None,            "GET",  "302      200      200      200      200      200      403      403"),
    "volunteers:activity_new":               (None,            "GET",  "302      200      200      200      200      403      403      403"),
    "volunteers:activity_detail":            ("vactivity",     "GET",  "302/302  200/404  200/404  200/404  200/404  200/404  403/403  403/403"),
    "volunteers:activity_confirm":           ("vactivity",     "POST", "302/302  403/404  302/404  302/404  302/404  403/404  403/403  403/403"),
    "volunteers:record_reject":              ("record",        "POST", "302/302  403/404  302/404  302/404  302/404  403/404  403/403  403/403"),
    "volunteers:photo":                      ("vphoto",        "GET",  "302/302  200/404  200/404  200/404  200/404  200/404  403/403  403/403"),
    "volunteers:volunteer_list":             (None,            "GET",  "302      200      200      200      200      200      403      403"),
    "volunteers:volunteer_register":         (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "volunteers:volunteer_detail":           ("volunteer",     "GET",  "302/302  200/404  200/404  200/404  200/404  200/404  403/403  403/403"),
    "volunteers:volunteer_redeem":           ("volunteer",     "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "volunteers:certificate":                ("volunteer",     "GET",  "302/302  200/404  200/404  200/404  200/404  200/404  403/403  403/403"),
    "volunteers:report":                     (None,            "GET",  "302      200      200      200      200      200      403      403"),
    "volunteers:report_export":              (None,            "GET",  "302      200      200      200      200      200      403      403"),
    "volunteers:project_list":               (None,            "GET",  "302      200      200      200      200      200      403      403"),
    "volunteers:project_detail":             ("project",       "GET",  "302/302  404/404  404/404  200/404  200/404  200/404  403/403  403/403"),
    "visits:my_visits":                    (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "visits:visit_list":                   (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "visits:calendar":                     (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "visits:visit_detail":                 ("visit",         "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "visits:visit_cancel":                 ("visit",         "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "visits:visit_correct":                ("visit",         "POST", "302/302  403/403  403/403  400/404  400/404  403/403  403/403  403/403"),
    "visits:cadre_visits":                 ("cadre_visits",  "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "visits:campaign_list":                (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "visits:campaign_create":              (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "visits:campaign_detail":              ("campaign",      "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "visits:campaign_generate":            ("campaign",      "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "visits:campaign_cancel":              ("campaign",      "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "visits:coverage":                     (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "visits:coverage_export":              (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "subsidies:entitlement_list":             (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "subsidies:entitlement_create":           (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "subsidies:entitlement_detail":           ("entitlement",   "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "subsidies:entitlement_change_amount":    ("entitlement",   "POST", "302/302  403/403  403/403  302r/404 302r/404 403/403  403/403  403/403"),
    "subsidies:entitlement_end":              ("entitlement",   "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "subsidies:bank_account_set":             ("entitlement",   "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "subsidies:batch_list":                   (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "subsidies:batch_create":                 (None,            "POST", "302      403      403      403      302      403      403      403"),
    "subsidies:batch_detail":                 ("batch",         "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "subsidies:batch_export":                 ("batch",         "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "subsidies:batch_action":                 ("batch",         "POST", "302/302  403/403  403/403  403/403  302/404  403/403  403/403  403/403", {"action": "submit"}),
    "subsidies:payment_fail":                 ("payment",       "POST", "302/302  403/403  403/403  403/403  302r/404 403/403  403/403  403/403"),
    "casework:plan_list":                    (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "casework:plan_create":                  (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "casework:plan_detail":                  ("plan",          "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "casework:plan_edit":                    ("plan",          "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "casework:plan_review":                  ("plan",          "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "casework:request_list":                 (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "casework:request_create":               (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "casework:request_report":               (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "casework:request_report_export":        (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "casework:request_detail":               ("request",       "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "casework:request_assign":               ("request",       "POST", "302/302  403/403  403/403  302r/404 302r/404 403/403  403/403  403/403"),
    "casework:request_close":                ("request",       "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "notifications:inbox":                   (None,            "GET",  "302      200      200      200      200      200      403      403"),
    "notifications:open":                    ("reminder",      "GET",  "302/302  302/404  302/404  302/404  302/404  302/404  403/403  403/403"),
    "notifications:read":                    ("reminder",      "POST", "302/302  302/404  302/404  302/404  302/404  302/404  403/403  403/403"),
    "notifications:read_all":                (None,            "POST", "302      302      302      302      302      302      403      403"),
    "notifications:deliveries":              ("reminder",      "GET",  "302/302  200/404  200/404  200/404  200/200  200/404  403/403  403/403"),
    "notifications:preferences":             (None,            "GET",  "302      200      200      200      200      200      403      403"),
    "notifications:report":                  (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "notifications:test_notice":             (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "dashboard:index":                       (None,            "GET",  "302      404      404      200      200      200      403      403"),
    "dashboard:screen":                      (None,            "GET",  "302      404      404      200      200      200      403      403"),
    "dashboard:export":                      (None,            "GET",  "302      404      404      200      200      200      403      403", {"key": "register"}),
    "dashboard:visits":                      (None,            "GET",  "302      404      404      200      200      200      403      403"),
    "dashboard:cadre_card":                  ("cadre",         "GET",  "302/302  404/404  404/404  200/404  200/404  200/404  403/403  403/403"),
    "dashboard:annual":                      (None,            "GET",  "302      404      404      200      200      200      403      403"),
    "dashboard:annual_export":               (None,            "GET",  "302      404      404      200      200      200      403      403"),
    "publicity:home":                        (None,            "GET",  "200      200      200      200      200      200      200      200"),
    "publicity:article_list":                (None,            "GET",  "200      200      200      200      200      200      200      200"),
    "publicity:category":                    (None,            "GET",  "200      200      200      200      200      200      200      200", {"category": "work"}),
    "publicity:search":                      (None,            "GET",  "200      200      200      200      200      200      200      200"),
    "publicity:feed":                        (None,            "GET",  "200      200      200      200      200      200      200      200"),
    "publicity:feed_atom":                   (None,            "GET",  "200      200      200      200      200      200      200      200"),
    "publicity:article":                     ("published",     "GET",  "200/404  200/404  200/404  200/404  200/404  200/404  200/404  200/404"),
    "publicity:article_cover":               ("published",     "GET",  "200/404  200/404  200/404  200/404  200/404  200/404  200/404  200/404"),
    "publicity:article_image":               ("article_image", "GET",  "200/404  200/404  200/404  200/404  200/404  200/404  200/404  200/404"),
    "publicity:exemplar_list":               (None,            "GET",  "200      200      200      200      200      200      200      200"),
    "publicity:exemplar":                    ("exemplar",      "GET",  "200/404  200/404  200/404  200/404  200/404  200/404  200/404  200/404"),
    "publicity:exemplar_photo":              ("exemplar",      "GET",  "200/404  200/404  200/404  200/404  200/404  200/404  200/404  200/404"),
    "publicity:manage":                      (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "publicity:manage_create":               (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "publicity:manage_detail":               ("article",       "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "publicity:manage_edit":                 ("article",       "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "publicity:manage_submit":               ("article",       "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "publicity:manage_approve":              ("pending",       "POST", "302/302  403/403  403/403  403/403  302/404  403/403  403/403  403/403"),
    "publicity:manage_return":               ("pending",       "POST", "302/302  403/403  403/403  403/403  302/404  403/403  403/403  403/403"),
    "publicity:manage_unpublish":            ("published",     "POST", "302/302  403/403  403/403  403/403  302/404  403/403  403/403  403/403"),
    "publicity:manage_image_upload":         ("article",       "POST", "302/302  403/403  403/403  302r/404 302r/404 403/403  403/403  403/403"),
    "publicity:submission_list":             (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "publicity:submission_create":           (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "publicity:submission_detail":           ("submission",    "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "publicity:ranking":                     (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "publicity:ranking_export":              (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "venues:venue_list":                     (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "venues:venue_detail":                   ("venue",         "GET",  "302/302  403/403  403/403  200/404  200/404  200/404  403/403  403/403"),
    "venues:visitors_record":                ("venue",         "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "venues:booking_create":                 ("room",          "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "venues:booking_cancel":                 ("booking",       "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "venues:report":                         (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "venues:association_list":               (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "venues:association_detail":             ("association",   "GET",  "302/302  403/403  403/403  200/404  200/404  200/404  403/403  403/403"),
    "university:public_classes":             (None,            "GET",  "200      200      200      200      200      200      403      403"),
    "university:public_draw":                ("udraw",         "GET",  "200/200  200/200  200/200  200/200  200/200  200/200  403/403  403/403"),
    "university:my":                         (None,            "GET",  "302      403      403      403      403      403      200      200"),
    "university:my_classes":                 (None,            "GET",  "302      403      403      403      403      403      200      200"),
    "university:my_apply":                   ("uclass",        "POST", "302/302  403/403  403/403  403/403  403/403  403/403  404/404  404/404"),
    "university:my_withdraw":                ("uapplication",  "POST", "302/302  403/403  403/403  403/403  403/403  403/403  302/404  302/404"),
    "university:my_checkin":                 ("udoor",         "GET",  "302/302  403/403  403/403  403/403  403/403  403/403  200/404  200/404"),
    "university:my_certificate":             ("ucertificate",  "GET",  "302/302  403/403  403/403  403/403  403/403  403/403  200/404  200/404"),
    "university:my_draw":                    ("udraw",         "GET",  "302/302  403/403  403/403  403/403  403/403  403/403  200/404  200/404"),
    "university:term_list":                  (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "university:term_detail":                ("uterm",         "GET",  "302/302  403/403  403/403  200/404  200/404  200/404  403/403  403/403"),
    "university:term_allocate":              ("uterm",         "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "university:term_sessions":              ("uterm",         "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "university:term_certificates":          ("uterm",         "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "university:class_detail":               ("uclass",        "GET",  "302/302  403/403  403/403  200/404  200/404  200/404  403/403  403/403"),
    "university:class_door":                 ("uclass",        "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "university:counter_apply":              ("uclass",        "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "university:application_withdraw":       ("uapplication",  "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "university:session_roll":               ("usession",      "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "university:students":                   (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "university:certificate":                ("ucertificate",  "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "events:event_list":                     (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "events:event_create":                   (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "events:event_detail":                   ("event",         "GET",  "302/302  403/403  403/403  200/404  200/404  200/404  403/403  403/403"),
    "events:event_invite":                   ("event",         "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "events:checkin_desk":                   ("event",         "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "events:invitation_cards":               ("event",         "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "events:event_close":                    ("event",         "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "events:event_cancel":                   ("event",         "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "events:event_export":                   ("event",         "GET",  "302/302  403/403  403/403  200/404  200/404  200/404  403/403  403/403"),
    "events:invitation_respond":             ("invitation",    "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "events:checkin":                        ("invitation_token", "GET", "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "events:my_events":                      (None,            "GET",  "302      403      403      403      403      403      200      200"),
    "events:my_invitation":                  ("invitation",    "GET",  "302/302  403/403  403/403  403/403  403/403  403/403  200/404  200/404"),
    "cadreside:home":                        (None,            "GET",  "302      403      403      403      403      403      200      200"),
    "cadreside:record":                      (None,            "GET",  "302      403      403      403      403      403      200      200"),
    "cadreside:branch":                      (None,            "GET",  "302      403      403      403      403      403      200      200"),
    "cadreside:volunteer":                   (None,            "GET",  "302      403      403      403      403      403      200      200"),
    "cadreside:switch":                      (None,            "POST", "302      403      403      403      403      403      404      404"),
    "cadreside:requests":                    (None,            "GET",  "302      403      403      403      403      403      200      200"),
    "cadreside:request_new":                 (None,            "GET",  "302      403      403      403      403      403      200      200"),
    "cadreside:request_detail":              ("request",       "GET",  "302/302  403/403  403/403  403/403  403/403  403/403  200/404  200/404"),
    "cadreside:request_rate":                ("request",       "POST", "302/302  403/403  403/403  403/403  403/403  403/403  302r/404 302r/404"),
    "cadreside:help":                        (None,            "GET",  "302      403      403      403      403      403      200      200"),
    "cadreside:help_call":                   (None,            "POST", "302      403      403      403      403      403      204      204"),
    "cadreside:calls":                       (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "cadreside:call_convert":                ("help_call",     "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "cadreside:visits":                      (None,            "GET",  "302      403      403      403      403      403      200      200"),
    "cadreside:subsidies":                   (None,            "GET",  "302      403      403      403      403      403      200      200"),
    "cadreside:qr_signin":                   (None,            "GET",  "200      200      200      200      200      200      200      200", {"token": "no-such-token"}),
    "cadreside:code_signin":                 (None,            "GET",  "200      200      200      200      200      200      200      200"),
    "cadreside:cards":                       ("cadre",         "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "cadreside:card_issue":                  ("cadre",         "POST", "302/302  403/403  403/403  302r/404 302r/404 403/403  403/403  403/403"),
    "cadreside:card_revoke":                 ("login_card",    "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "steering:home":                         (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "steering:assignment_list":              (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "steering:task_list_detail":             ("task_list",     "GET",  "302/302  403/403  403/403  200/404  200/404  200/404  403/403  403/403"),
    "steering:assignment_detail":            ("assignment",    "GET",  "302/302  403/403  403/403  200/404  200/404  200/404  403/403  403/403"),
    "steering:assignment_report":            ("assignment",    "POST", "302/302  403/403  403/403  302/404  403/404  403/404  403/403  403/403"),
    "steering:assignment_review":            ("submitted",     "POST", "302/302  403/403  403/403  403/404  302/404  403/404  403/403  403/403"),
    "steering:evidence":                     ("evidence",      "GET",  "302/302  403/403  403/403  200/404  200/404  200/404  403/403  403/403"),
    "steering:round_list":                   (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "steering:round_detail":                 ("round",         "GET",  "302/302  403/403  403/403  200/404  200/404  200/404  403/403  403/403"),
    "steering:round_export":                 ("round",         "GET",  "302/302  403/403  403/403  200/404  200/404  200/404  403/403  403/403"),
    "steering:round_compute":                ("round",         "POST", "302/302  403/403  403/403  403/404  302/404  403/404  403/403  403/403"),
    "steering:entry_detail":                 ("entry",         "GET",  "302/302  403/403  403/403  200/404  200/404  200/404  403/403  403/403"),
    "steering:entry_step":                   ("entry",         "POST", "302/302  403/403  403/403  302/404  403/404  403/404  403/403  403/403", {"step": "recommend"}),
    "steering:project_list":                 (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "steering:project_detail":               ("sproject",      "GET",  "302/302  403/403  403/403  200/404  200/404  200/404  403/403  403/403"),
    "steering:milestone_done":               ("milestone",     "POST", "302/302  403/403  403/403  302/404  403/404  403/404  403/403  403/403"),
    "onboarding:list":                       (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "onboarding:detail":                     ("checklist",     "GET",  "302/302  403/403  403/403  200/404  200/404  200/404  403/403  403/403"),
    "onboarding:step_done":                  ("checklist_step", "POST", "302/302  403/403  403/403  302/404  302/404  403/404  403/403  403/403"),
    "notices:list":                          (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "notices:create":                        (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "notices:detail":                        ("notice",        "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "notices:send":                          ("notice",        "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "notices:withdraw":                      ("notice",        "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "notices:mine":                          (None,            "GET",  "302      403      403      403      403      403      200      200"),
    "notices:read":                          ("notice",        "GET",  "302/302  403/403  403/403  403/403  403/403  403/403  200/404  200/404"),
    "notices:reply":                         ("notice",        "POST", "302/302  403/403  403/403  403/403  403/403  403/403  302/404  302/404"),
    "suggestions:list":                      (None,            "GET",  "302      403      403      200      200      403      403      403"),
    "suggestions:report":                    (None,            "GET",  "302      403      403      200      200      200      403      403"),
    "suggestions:detail":                    ("suggestion",    "GET",  "302/302  403/403  403/403  200/404  200/404  403/403  403/403  403/403"),
    "suggestions:assign":                    ("suggestion",    "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "suggestions:decline":                   ("suggestion",    "POST", "302/302  403/403  403/403  302/404  302/404  403/403  403/403  403/403"),
    "suggestions:answer":                    ("suggestion",    "POST", "302/302  403/403  403/403  302r/404 302r/404 403/403  403/403  403/403"),
    "suggestions:mine":                      (None,            "GET",  "302      403      403      403      403      403      200      200"),
    "suggestions:submit":                    (None,            "GET",  "302      403      403      403      403      403      200      200"),
    "suggestions:mine_detail":               ("suggestion",    "GET",  "302/302  403/403  403/403  403/403  403/403  403/403  200/404  200/404"),
}

# fmt: on

# What a POST sends: enough for the action to happen when the role may do it.
POST_DATA = {
    "accounts:font_switch": {"large": "1", "next": "/accounts/login/"},
    "events:event_cancel": {"reason": "上级通知延期"},
    "events:invitation_respond": {"response": "yes", "via": "phone"},
    "venues:visitors_record": {"day": "2025-06-01", "count": "80"},
    "venues:booking_cancel": {"reason": "场地维修"},
    "steering:assignment_report": {"progress": "已召开专题会议", "self_score": "5"},
    "steering:assignment_review": {"decision": "return", "reason": "材料不全"},
    "steering:milestone_done": {"done_on": "2026-11-01"},
    "onboarding:step_done": {"done_on": "2026-11-01"},
    "university:application_withdraw": {"reason": "本人来电申请退课"},
    "volunteers:record_reject": {"reason": "时长有误"},
    "visits:visit_cancel": {"reason": "已迁出本市"},
    "branches:activity_withdraw": {"reason": "重复录入"},
    "visits:campaign_cancel": {"reason": "上级通知暂停"},
    "publicity:manage_return": {"comment": "请补充图片说明"},
    "subsidies:entitlement_change_amount": {"monthly_amount": "350.00", "reason": "标准调整"},
    "subsidies:entitlement_end": {"ends_on": "2027-06"},
    "subsidies:bank_account_set": {
        "bank_name": "工商银行",
        "account_name": "户名",
        "account_number": "6222020000000000",
    },
    "subsidies:batch_create": {"month": "2026-12"},
    "subsidies:payment_fail": {"reason": "账号有误"},
    "casework:plan_review": {"review_on": "2027-03-01"},
    "casework:request_close": {"outcome": "已协调社区维修"},
    "notices:withdraw": {"reason": "时间调整"},
    "notices:reply": {"answer": "yes"},
    "cadreside:request_rate": {"rating": "5"},
    "cadreside:call_convert": {"content": "来电反映：家中停水"},
    "suggestions:assign": {"department": "市卫健委", "deadline": "2099-01-31"},
    "suggestions:decline": {"reply": "不属于本局职责，已转交相关部门。"},
    "suggestions:answer": {"reply": "已采纳", "adopted": "1"},
}
