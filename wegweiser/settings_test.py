"""Test settings: the production settings with a fixed key, fast hashing and the second factor optional."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("WEGWEISER_REQUIRE_SECOND_FACTOR", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from wegweiser.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
AXES_ENABLED = True
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# A kept portal page would outlive the transaction of the test that rendered it (the cache table is not flushed
# between live-server tests); wegweiser/portal/tests/test_page_cache.py turns it on where it is the subject.
WEGWEISER_PORTAL_SERVER_CACHE_SECONDS = 0
