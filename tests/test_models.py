from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from workforce.models import Person, Post

from .factories import PersonFactory, PostFactory, TrustFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fraction", [Decimal("1.5"), Decimal("0"), Decimal("-0.1")])
def test_time_fraction_out_of_range_is_refused_and_nothing_saved(fraction):
    post = PostFactory.build(trust=TrustFactory(), person=None, time_fraction=fraction)
    with pytest.raises(ValidationError) as refused:
        post.save()
    assert "time_fraction" in refused.value.message_dict
    assert Post.objects.count() == 0


def test_end_before_start_is_refused_on_end_date():
    post = PostFactory.build(trust=TrustFactory(), person=None, end_date="2015-01-01")
    with pytest.raises(ValidationError) as refused:
        post.save()
    assert refused.value.message_dict == {"end_date": ["The end date cannot be before the start date."]}


def test_malformed_nmc_pin_is_refused_on_registration_number():
    person = PersonFactory.build(
        employing_trust=TrustFactory(),
        profession="nurse",
        registration_body="NMC",
        registration_number="12345678",
    )
    with pytest.raises(ValidationError) as refused:
        person.save()
    assert list(refused.value.message_dict) == ["registration_number"]
    assert "NMC" in refused.value.message_dict["registration_number"][0]
    assert Person.objects.count() == 0


def test_registration_number_is_unique_per_body():
    first = PersonFactory(registration_number="1234567")
    duplicate = PersonFactory.build(employing_trust=first.employing_trust, registration_number="1234567")
    with pytest.raises(ValidationError) as refused:
        duplicate.save()
    assert list(refused.value.message_dict) == ["registration_number"]
