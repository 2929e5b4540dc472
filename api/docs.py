"""The OpenAPI schema and its Swagger UI page, under the strict Content-Security-Policy.

drf-spectacular's own page has an inline <style> and, unless split, an inline <script>; the
policy allows neither. The split view serves the start-up script from this same URL
(`?script`), and templates/api/swagger_ui.html moves the style into static/css/swagger.css.
Swagger UI's files come from drf-spectacular-sidecar (a Python package), never from a CDN.
"""

from django.contrib.auth.decorators import login_not_required
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class SchemaView(SpectacularAPIView):
    @classmethod
    def as_view(cls, *args, **kwargs):
        # Public: the schema describes endpoints, never anyone's data.
        return login_not_required(super().as_view(*args, **kwargs))


class DocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))
