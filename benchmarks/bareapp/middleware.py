import os


class WorkerHeaderMiddleware:
    """Benchmark-only: say which gunicorn worker answered (``X-Bench-Worker: <pid>``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response["X-Bench-Worker"] = str(os.getpid())
        return response
