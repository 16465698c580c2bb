from django.urls import path

from . import views

app_name = "trusts"
urlpatterns = [
    path("", views.TrustListView.as_view(), name="list"),
]
