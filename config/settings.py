"""Broadsheet's one settings module: everything that differs between machines comes from the
environment (see README's table and .env.example)."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core ---------------------------------------------------------------------------------------
DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (a long random string), "
            "or set DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Django
    "blog.apps.BlogAdminConfig",  # django.contrib.admin, with the blog's own site (the desk)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Third party
    "crispy_forms",
    "crispy_bootstrap5",
    "social_django",
    "django_tasks_db",
    "axes",
    # Ours, from the ground up (docs/architecture.md): what every app uses, the features, and the
    # two that sit on top of them.
    "core",
    "accounts",
    "blog",
    "comments",
    "subscriptions",
    "federation",
    "wordpress",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    # The blog's language for every page (the admin: the staff member's own), before anything
    # that may answer, so even a 400 page is in it.
    "blog.middleware.BlogLanguageMiddleware",
    "core.middleware.RejectHostileInputMiddleware",
    # A post's address asked for as ActivityPub answers its Article (the cache keeps HTML only).
    "federation.activitypub.negotiation.ArticleAtPostAddressMiddleware",
    # Before sessions, CSRF and messages: it must see every cookie they set (blog.pagecache).
    "blog.pagecache.PageCacheMiddleware",
    # A post page's Link header naming the Webmention endpoint (kept with the page above).
    "federation.webmention.WebmentionLinkMiddleware",
    # Dates in the blog's time zone (after the page cache: a kept page needs none).
    "blog.middleware.BlogTimeZoneMiddleware",
    # Old WordPress links (/?p=ID) answer with a 301 before the home page would render.
    "wordpress.middleware.OldAddressMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.middleware.SignInErrorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "blog.context_processors.site",
                "federation.context.links",
            ],
        },
    },
]

# --- Data ---------------------------------------------------------------------------------------
# A write waiting on another's lock gives up after DATABASE_LOCK_TIMEOUT seconds, a PostgreSQL
# statement after DATABASE_STATEMENT_TIMEOUT: the reader gets a 503 with Retry-After (and their
# form back) before GUNICORN_TIMEOUT (30 s) would kill the worker mid-request.
DATABASE_LOCK_TIMEOUT = env_int("DATABASE_LOCK_TIMEOUT", 10)
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 20)
DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL", "sqlite:///db.sqlite3"),
        base_dir=BASE_DIR,
        lock_timeout=DATABASE_LOCK_TIMEOUT,
        statement_timeout=DATABASE_STATEMENT_TIMEOUT,
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Fails open: while Redis is away the site goes on without its cache (core/redis_cache.py).
    CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "broadsheet"),
        }
    }
else:
    # Files, not local memory: every gunicorn worker on this machine must see the same cache,
    # or a purge (page cache, navigation) in one worker would leave the others stale.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "broadsheet"),
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# --- Accounts -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# The lockout gate first (django-axes), then whoever checks who you are.
AUTHENTICATION_BACKENDS = [
    "core.lockout.LockoutBackend",
    # Readers: sign-in with a provider (a button shows only when its keys are set below).
    "social_core.backends.google.GoogleOAuth2",
    "social_core.backends.twitter_oauth2.TwitterOAuth2",
    "social_core.backends.facebook.FacebookOAuth2",
    # Staff: a password at /admin/ (readers have none).
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "admin:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation -----------------------------------------------------------------------
# The blog's language is its own setting (Blog.language, chosen in the admin; blog.middleware
# activates it for every public page); LANGUAGE_CODE is its default and the fallback.
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en-us")
# The languages shipped complete (locale/; docs/translations.md), each named in itself.
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("fa", "فارسی"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers as each language writes them: Django's formats, English as WordPress's.
FORMAT_MODULE_PATH = ["core.formats"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded images on an S3-compatible store (pip install 'broadsheet[s3]'), for several servers.
# Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (read by boto3 itself).
S3_BUCKET = env_str("S3_BUCKET")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "custom_domain": env_str("S3_CUSTOM_DOMAIN") or None,
            # Image URLs are written into posts when they are saved: they must not expire.
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- E-mail (Django 6.1 mailers) --------------------------------------------------------------
EMAIL_BACKEND_PATH = env_str(
    "EMAIL_BACKEND",
    "core.console_mail.EmailBackend"  # readable messages and links in the terminal
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
SMTP_OPTIONS = {
    "host": env_str("EMAIL_HOST", "localhost"),
    "port": env_int("EMAIL_PORT", 25),
    "username": env_str("EMAIL_HOST_USER"),
    "password": env_str("EMAIL_HOST_PASSWORD"),
    "use_tls": env_bool("EMAIL_USE_TLS", default=False),
    "timeout": env_int("EMAIL_TIMEOUT", 10),
}
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": SMTP_OPTIONS if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Broadsheet <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks (django.tasks) ---------------------------------------------------------
# Production stores tasks in the database and `manage.py run_worker` runs them (docs/email.md);
# the tests set TASKS_BACKEND to the immediate backend, which runs each task as it is enqueued.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Forms --------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Sign-in with social accounts (keys from the environment) -----------------------------------
SOCIAL_AUTH_GOOGLE_OAUTH2_KEY = env_str("SOCIAL_AUTH_GOOGLE_OAUTH2_KEY")
SOCIAL_AUTH_GOOGLE_OAUTH2_SECRET = env_str("SOCIAL_AUTH_GOOGLE_OAUTH2_SECRET")
SOCIAL_AUTH_TWITTER_OAUTH2_KEY = env_str("SOCIAL_AUTH_TWITTER_OAUTH2_KEY")
SOCIAL_AUTH_TWITTER_OAUTH2_SECRET = env_str("SOCIAL_AUTH_TWITTER_OAUTH2_SECRET")
SOCIAL_AUTH_FACEBOOK_KEY = env_str("SOCIAL_AUTH_FACEBOOK_KEY")
SOCIAL_AUTH_FACEBOOK_SECRET = env_str("SOCIAL_AUTH_FACEBOOK_SECRET")
SOCIAL_AUTH_URL_NAMESPACE = "social"
# Minimal scopes: identity and e-mail. Google's default is "openid email profile"; X's
# "users.read tweet.read" (X gives no e-mail); Facebook needs "email" asked for explicitly.
SOCIAL_AUTH_FACEBOOK_SCOPE = ["email"]
SOCIAL_AUTH_FACEBOOK_PROFILE_EXTRA_PARAMS = {"fields": "id,name,email,picture.type(large)"}
SOCIAL_AUTH_FACEBOOK_API_VERSION = "24.0"  # pinned: Graph API versions change behaviour
# Where sign-in returns: the `next` the sign-in block posts (a path on this site), else these.
SOCIAL_AUTH_LOGIN_REDIRECT_URL = "accounts:profile"
SOCIAL_AUTH_LOGIN_ERROR_URL = "accounts:profile"
SOCIAL_AUTH_SANITIZE_REDIRECTS = True
SOCIAL_AUTH_ALLOWED_REDIRECT_HOSTS: list[str] = []
# Failures become a plain message on the page (accounts.middleware), never a 500 or a traceback.
SOCIAL_AUTH_RAISE_EXCEPTIONS = False
SOCIAL_AUTH_REDIRECT_IS_HTTPS = env_bool("SOCIAL_AUTH_REDIRECT_IS_HTTPS", default=not DEBUG)
SOCIAL_AUTH_REQUESTS_TIMEOUT = 10
SOCIAL_AUTH_SLUGIFY_USERNAMES = True
SOCIAL_AUTH_UUID_LENGTH = 6
SOCIAL_AUTH_PIPELINE = (
    "social_core.pipeline.social_auth.social_details",
    "social_core.pipeline.social_auth.social_names",
    "social_core.pipeline.social_auth.social_uid",
    "social_core.pipeline.social_auth.auth_allowed",
    "social_core.pipeline.social_auth.social_user",
    "accounts.pipeline.associate_by_verified_email",
    "accounts.pipeline.refuse_staff_and_inactive",
    "accounts.pipeline.username_from_name",
    "social_core.pipeline.user.get_username",
    "social_core.pipeline.user.create_user",
    "social_core.pipeline.social_auth.associate_user",
    "social_core.pipeline.social_auth.load_extra_data",
    "accounts.pipeline.save_profile",
)
SOCIAL_AUTH_DISCONNECT_PIPELINE = (
    "social_core.pipeline.disconnect.allowed_to_disconnect",
    "social_core.pipeline.disconnect.get_entries",
    "social_core.pipeline.disconnect.revoke_tokens",
    "social_core.pipeline.disconnect.disconnect",
    "accounts.pipeline.forget_disconnected_provider",
)

# --- Security -----------------------------------------------------------------------------------
# Behind a reverse proxy: trust its X-Forwarded-Proto, and the address it appends to
# X-Forwarded-For (the client's IP for rate limits).
BEHIND_PROXY = env_bool("BEHIND_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_ENGINE = "core.sessions"  # the database, less a redundant query (see there)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# The CSRF cookie stays readable by scripts on purpose (Django's default), so a page script may
# send it in a header; forms use the hidden field. Session cookies are the ones that matter.
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = {  # core.middleware.PermissionsPolicyMiddleware
    feature: []
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
        "encrypted-media", "geolocation", "gyroscope", "hid", "magnetometer", "microphone",
        "midi", "payment", "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
        "xr-spatial-tracking",
    )
}  # fmt: skip

# Content Security Policy (Django's own, django.middleware.csp): everything from this origin,
# inline <script>/<style> only with the per-request nonce ({% csp_nonce_attr %}), no plugins,
# no framing. Form posts may go to our own origin, and to a sign-in provider's authorization
# page: Chromium applies form-action to the redirect that follows POST /login/<backend>/.
SOCIAL_AUTH_AUTHORIZATION_ORIGINS = {
    "google-oauth2": "https://accounts.google.com",
    "twitter-oauth2": "https://twitter.com",
    "facebook": "https://www.facebook.com",
}
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", *env_list("CSP_IMG_SRC")],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "media-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "frame-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [
        CSP.SELF,
        *SOCIAL_AUTH_AUTHORIZATION_ORIGINS.values(),
        *env_list("CSP_FORM_ACTION"),
    ],
    "frame-ancestors": [CSP.NONE],
}

# Hostile input (core.middleware.RejectHostileInputMiddleware): bodies over this many bytes
# get a 413 before they are read; form fields without files are capped by
# DATA_UPLOAD_MAX_MEMORY_SIZE (above).
MAX_REQUEST_SIZE = env_int("MAX_REQUEST_SIZE", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# Abuse limits: core/ratelimit.py counts in the default cache (set REDIS_URL when several
# processes serve the site, so they share the counts).
RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", default=True)
# Per client address: searches (GET /search/), and social sign-in starts and callbacks
# (/login/<backend>/, /complete/<backend>/). Comment limits: COMMENTS_FLOOD_SECONDS and
# COMMENTS_HOURLY_LIMIT below (per address and per account).
RATELIMIT_SEARCH = env_str("RATELIMIT_SEARCH", "30/m")
RATELIMIT_SIGNIN = env_str("RATELIMIT_SIGNIN", "20/10m")

# Admin sign-in lockout (django-axes): after AXES_FAILURE_LIMIT failed sign-ins from one address,
# that address is refused (429) for AXES_COOLOFF_TIME hours; attempts are kept in the database
# (shared by every app server, visible in the admin). A successful sign-in resets the count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_ip"
AXES_LOCKOUT_TEMPLATE = "429.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_VERBOSE = False

# --- Logging ------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# --- Blog ---------------------------------------------------------------------------------------
BLOG_NAME = env_str("BLOG_NAME", "Broadsheet")
BLOG_TAGLINE = env_str("BLOG_TAGLINE", "A blog")
BLOG_POSTS_PER_PAGE = env_int("BLOG_POSTS_PER_PAGE", 10)

# --- Page cache (blog.pagecache; see README "Performance") -------------------------------------
PAGE_CACHE = env_bool("PAGE_CACHE", default=True)
PAGE_CACHE_DIR = env_str("PAGE_CACHE_DIR")
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 24 * 60 * 60)
# --- Comments (defaults and meanings in comments/conf.py) ---------------------------------------
COMMENTS_MAX_DEPTH = env_int("COMMENTS_MAX_DEPTH", 5)
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 50)
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 0) or None
COMMENTS_FLOOD_SECONDS = env_int("COMMENTS_FLOOD_SECONDS", 15)
COMMENTS_HOURLY_LIMIT = env_int("COMMENTS_HOURLY_LIMIT", 30)
COMMENTS_AVATAR_SALT = env_str("COMMENTS_AVATAR_SALT")
