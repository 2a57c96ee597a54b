from . import views

ENDPOINTS = {"/healthz": views.healthz, "/readyz": views.readyz, "/metrics": views.metrics_view}


class OpsEndpointsMiddleware:
    """First in the chain: probes and scrapes are answered before host validation and the HTTPS redirect, since
    load balancers, container healthchecks and Prometheus call by address over plain HTTP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = ENDPOINTS.get(request.path_info)
        if view is not None:
            return view(request)
        return self.get_response(request)
