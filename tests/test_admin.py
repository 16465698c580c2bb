import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from trusts.models import Region, Trust
from workforce.models import Person, Policy, Post
from workforce.querysets import IN_FORCE_NOT_DELETED

from .factories import AllocationFactory, CredentialFactory, EnrolmentFactory, PostFactory

pytestmark = pytest.mark.django_db

OUR_APPS = {"trusts", "workforce", "funding"}


def our_models():
    return sorted(
        (model for model in admin.site._registry if model._meta.app_label in OUR_APPS),
        key=lambda model: model._meta.label,
    )


def test_every_domain_model_is_in_the_admin():
    registered = {model.__name__ for model in our_models()}
    assert {"Region", "Trust", "Person", "Credential", "Post", "Policy", "Cohort", "Enrolment"} <= registered
    assert {"Budget", "Allocation", "ComplianceResult"} <= registered


@pytest.mark.parametrize("model", our_models(), ids=lambda model: model._meta.label)
def test_each_changelist_opens_with_search_for_an_administrator(admin_client, model):
    PostFactory()
    CredentialFactory()
    EnrolmentFactory()
    AllocationFactory()
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert admin_client.get(url, {"q": "a"}).status_code == 200


def test_a_bad_time_fraction_in_the_admin_is_refused_and_nothing_saved(admin_client):
    post = PostFactory()
    url = reverse("admin:workforce_post_change", args=[post.pk])
    response = admin_client.post(
        url,
        {
            "trust": post.trust_id,
            "person": post.person_id,
            "role": "ccio",
            "time_fraction": "1.5",
            "reports_to": "ceo",
            "start_date": "2016-01-01",
        },
    )
    assert response.status_code == 200
    assert "The time fraction cannot be more than 1" in response.content.decode()
    post.refresh_from_db()
    assert (post.role, str(post.time_fraction)) == ("clinical_informatician", "0.500")
    assert Post.objects.count() == 1 and Person.objects.count() == 1
    assert Trust.objects.count() == 1 and Region.objects.count() == 10


def test_the_policy_in_force_is_not_deleted_from_its_page(admin_client):
    policy = Policy.objects.get(is_active=True)
    url = reverse("admin:workforce_policy_delete", args=[policy.pk])
    for response in (
        admin_client.get(url, follow=True),
        admin_client.post(url, {"post": "yes"}, follow=True),
    ):
        assert response.status_code == 200
        assert IN_FORCE_NOT_DELETED in [str(message) for message in response.context["messages"]]
    assert Policy.objects.filter(pk=policy.pk, is_active=True).exists()


def test_the_policy_in_force_is_not_deleted_with_others_in_bulk(admin_client):
    in_force = Policy.objects.get(is_active=True)
    retired = Policy.objects.create(code="old", name="An old policy")
    selected = {"action": "delete_selected", "_selected_action": [in_force.pk, retired.pk]}
    for confirmed in ({}, {"post": "yes"}):
        response = admin_client.post(
            reverse("admin:workforce_policy_changelist"), {**selected, **confirmed}, follow=True
        )
        assert response.status_code == 200
        assert IN_FORCE_NOT_DELETED in [str(message) for message in response.context["messages"]]
    assert Policy.objects.count() == 2
    assert admin_client.get("/").status_code == 200


def test_a_retired_policy_is_deleted_in_bulk(admin_client):
    retired = Policy.objects.create(code="old", name="An old policy")
    response = admin_client.post(
        reverse("admin:workforce_policy_changelist"),
        {"action": "delete_selected", "_selected_action": [retired.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Policy.objects.filter(pk=retired.pk).exists()


def test_a_bulk_delete_in_code_keeps_the_policy_in_force():
    with pytest.raises(ValidationError):
        Policy.objects.all().delete()
    assert Policy.objects.active().exists()
