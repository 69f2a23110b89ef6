"""Settings of the bare sign-up baseline that bench/signup_load.py serves beside Gonghui.

Gonghui's own settings (same database, same tables, same DRF), but only the middleware a
bare Django project keeps for an API and the one URL of bench/_bare_urls.py: what the job
of a sign-up costs without Gonghui's scoping, permissions, audit and page middleware.
"""

from gonghui.settings import *  # noqa: F403 - the same project, narrowed

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "bench._bare_urls"
