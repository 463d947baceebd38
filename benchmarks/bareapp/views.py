"""Benchmark-only views: the bare baseline of benchmark 3."""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import BareVote


@csrf_exempt
@require_POST
def insert_one_row(request):
    """Insert one row from a form field and answer JSON: a POST with nothing else to do."""
    vote = BareVote.objects.create(
        page_id=int(request.POST.get("page", 0)), stars=int(request.POST.get("stars", 0))
    )
    return JsonResponse({"id": vote.pk})
