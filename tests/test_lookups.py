import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PostFactory, TrustFactory
from trusts.models import Trust
from workforce.models import Post

pytestmark = pytest.mark.django_db


def test_any_finds_the_rows_whose_value_is_listed_in_one_array_parameter():
    wanted, _, also_wanted = TrustFactory.create_batch(3)
    with CaptureQueriesContext(connection) as queries:
        found = set(Trust.objects.filter(id__any=[wanted.id, also_wanted.id]).values_list("id", flat=True))
    assert found == {wanted.id, also_wanted.id}
    assert "= ANY(" in queries[0]["sql"]


def test_any_refuses_a_value_that_is_not_a_whole_number():
    with pytest.raises(ValueError):
        list(Trust.objects.filter(id__any=["1}'; DROP TABLE trusts_trust; --"]))


def test_any_of_nothing_is_nothing_without_asking_the_database():
    TrustFactory()
    with CaptureQueriesContext(connection) as queries:
        assert list(Trust.objects.filter(id__any=[])) == []
    assert len(queries) == 0


def test_any_works_across_a_relation():
    post, _ = PostFactory.create_batch(2)
    assert list(Post.objects.filter(trust__any={post.trust_id}).values_list("id", flat=True)) == [post.id]
