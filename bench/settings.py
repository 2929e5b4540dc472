"""Settings for the benchmarks' own server: the project's settings, plus the floor page.

The floor view is mounted by bench/urls.py, which only this module names: production's URLconf
(config/urls.py) never has it. bench/dashboard.py starts gunicorn with
DJANGO_SETTINGS_MODULE=bench.settings and DEBUG off, as production runs.
"""

import warnings

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # noqa: F405
# Static files are served from the finders (no collectstatic for a benchmark run); the pages
# timed are the HTML ones, never a static file.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# WhiteNoise warns that STATIC_ROOT was never collected; the finders serve the files instead.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
