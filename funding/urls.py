from django.urls import path

from . import views

app_name = "funding"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("funding/", views.BudgetView.as_view(), name="budget"),
    path("funding/planner/", views.PlannerView.as_view(), name="planner"),
]
