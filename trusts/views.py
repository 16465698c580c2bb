from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import ListView

from .models import Trust


class TrustListView(LoginRequiredMixin, ListView):
    queryset = Trust.objects.active().select_related("region")
    template_name = "trusts/trust_list.html"
