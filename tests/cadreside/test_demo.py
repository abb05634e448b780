import random

import pytest
from django.utils import timezone

from apps.cadres.models import Cadre
from apps.cadreside import demo
from apps.cadreside.models import LoginCard
from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db


def test_demo_creates_cadre1_and_family1_each_with_a_card_once():
    CadreFactory.create_batch(2)
    lines = []
    demo.seed(rng=random.Random(1), today=timezone.localdate(), log=lines.append)
    demo.seed(rng=random.Random(1), today=timezone.localdate(), log=lines.append)
    cadre1_cadre = Cadre.objects.get(cadre_account__user__username="cadre1")
    family_cadre = Cadre.objects.get(proxy_grants__user__username="family1")
    assert cadre1_cadre != family_cadre
    assert LoginCard.objects.active().count() == 2
    assert any("验证码" in line for line in lines) and "already present" in lines[-1]


def test_demo_gives_cadre1_a_request_to_rate_a_notice_to_answer_and_a_suggestion_once(
    district_a, staff_a
):
    from apps.cadreside.models import HelpCall
    from apps.casework.models import ServiceRequest
    from apps.notices.models import NoticeRecipient
    from apps.suggestions.models import Suggestion
    from tests.subsidies.factories import seed_subsidy_data

    seed_subsidy_data()
    CadreFactory.create_batch(2, unit=district_a)
    for _ in range(2):
        demo.seed(rng=random.Random(1), today=timezone.localdate(), log=lambda line: None)
    cadre = Cadre.objects.get(cadre_account__user__username="cadre1")
    request = ServiceRequest.objects.get(cadre=cadre)
    assert request.status == "closed" and request.rating is None
    receipt = NoticeRecipient.objects.get(cadre=cadre)
    assert receipt.notice.asks_reply and receipt.reply == ""
    assert Suggestion.objects.get(cadre=cadre).status == "submitted"
    assert HelpCall.objects.filter(on_behalf=True).count() == 1
