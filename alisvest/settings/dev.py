from .base import *  # noqa: F403
from .base import SECRET_KEY, env

# The product's own 404 and 500 pages, as people will see them; Django's technical pages
# (with the URL list) only when a developer sets DEBUG=1.
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-" + "x" * 40
# Demo logins should work without an authenticator app; production enforces MFA.
MFA_REQUIRED_ROLES = env.list("MFA_REQUIRED_ROLES", default=[])
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Without DEBUG runserver serves no static files: WhiteNoise serves them straight from the
# source folders (no collectstatic), picking up edits.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# --- HelseID and ID-porten: the local provider of `make run` (scripts/oidc-provider/) -------
# Its key pair is in the repository and for development only.
_DEV_KEY = (BASE_DIR / "scripts/oidc-provider/dev-keys/client-private.jwk.json").read_text()  # noqa: F405
for _name, _port in (("helseid", 8101), ("idporten", 8102)):
    _provider = IDENTITY_PROVIDERS[_name]  # noqa: F405
    _provider["issuer"] = _provider["issuer"] or f"http://127.0.0.1:{_port}"
    _provider["client_id"] = _provider["client_id"] or "alisvest-dev"
    _provider["private_key"] = _provider["private_key"] or _DEV_KEY
IDENTITY_PID_HASH_KEY = env.str("OIDC_PID_HASH_KEY", default="dev-only-pid-hash-key")
_form_action = CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"]  # noqa: F405
_form_action += [o for o in identity_origins(IDENTITY_PROVIDERS) if o not in _form_action]  # noqa: F405
