from datetime import date

import pytest
from django.core.exceptions import ValidationError

from apps.cadres import idcard
from apps.cadres.models import Cadre
from apps.cadres.validation import cadre_clean

# Published sample numbers whose check characters are known.
VALID_X = "11010519491231002X"
VALID_DIGIT = "320102194510031239"


def test_a_valid_number_gives_birth_date_and_gender():
    info = idcard.parse(VALID_DIGIT)
    assert info.birth_date == date(1945, 10, 3)
    assert info.gender == "M"


def test_an_x_check_digit_is_accepted_and_gives_female_for_an_even_sequence():
    info = idcard.parse(VALID_X)
    assert info.number == VALID_X
    assert info.birth_date == date(1949, 12, 31)
    assert info.gender == "F"


def test_a_lowercase_x_and_stray_spaces_are_normalised():
    assert idcard.parse(" 110105 19491231002x ").number == VALID_X


def test_a_wrong_check_digit_is_refused_with_a_chinese_message():
    with pytest.raises(ValidationError) as exc:
        idcard.parse("110105194912310021")
    assert "校验位" in exc.value.messages[0]


def test_an_impossible_birth_date_is_refused():
    with pytest.raises(ValidationError) as exc:
        idcard.parse("110105194902300021")
    assert "出生日期" in exc.value.messages[0]


def test_a_number_of_the_wrong_length_is_refused():
    with pytest.raises(ValidationError) as exc:
        idcard.parse("11010519491231")
    assert "18 位" in exc.value.messages[0]


def test_a_fifteen_digit_first_generation_number_is_upgraded():
    first17 = "110105491231002"[:6] + "19" + "110105491231002"[6:]
    assert idcard.parse("110105491231002").number == first17 + idcard.check_char(first17)


def _cadre(**overrides):
    fields = dict(
        name="张建国",
        gender="F",
        birth_date=date(1949, 12, 31),
        id_number=VALID_X,
        retirement_kind="tuixiu",
        political_status="masses",
    )
    fields.update(overrides)
    return Cadre(**fields)


def test_a_birth_date_that_disagrees_with_the_number_is_refused():
    with pytest.raises(ValidationError) as exc:
        cadre_clean(_cadre(birth_date=date(1949, 12, 30)))
    assert "出生日期与身份证号不一致" in exc.value.message_dict["birth_date"][0]


def test_a_gender_that_disagrees_with_the_number_is_refused():
    with pytest.raises(ValidationError) as exc:
        cadre_clean(_cadre(gender="M"))
    assert "性别与身份证号不一致" in exc.value.message_dict["gender"][0]


def test_a_consistent_entry_passes():
    cadre_clean(_cadre())


def test_a_birth_date_before_1890_is_refused():
    first17 = "44052418800101001"
    with pytest.raises(ValidationError):
        idcard.parse(first17 + idcard.check_char(first17))


def test_a_death_before_retirement_is_refused():
    with pytest.raises(ValidationError) as exc:
        cadre_clean(
            _cadre(
                retirement_date=date(2010, 1, 1), status="deceased", deceased_on=date(2009, 5, 1)
            )
        )
    assert "去世日期不能早于离退休时间" in exc.value.message_dict["deceased_on"][0]
