"""Start the test provider: ``python -m kurultai.accounts.tests.oidc_provider.serve DIR PORT``.

Generates the RSA signing key into DIR/key.pem, migrates a fresh SQLite database there, creates
the relying party's application (OIDC_PROVIDER_CLIENT: JSON with client_id, client_secret and
redirect_uris) and the citizens (OIDC_PROVIDER_USERS: JSON {username: password}), then serves on
127.0.0.1:PORT until killed.
"""

import json
import os
import sys
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main(directory: str, port: int) -> None:
    root = Path(directory)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    (root / "key.pem").write_bytes(pem)
    os.environ["OIDC_PROVIDER_DIR"] = str(root)
    os.environ["DJANGO_SETTINGS_MODULE"] = "kurultai.accounts.tests.oidc_provider.settings"

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    client = json.loads(os.environ["OIDC_PROVIDER_CLIENT"])
    Application.objects.create(
        name="Kurultai",
        client_id=client["client_id"],
        client_secret=client["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(client["redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,  # consent is part of the provider, not of what is tested here
    )
    for username, password in json.loads(os.environ["OIDC_PROVIDER_USERS"]).items():
        User.objects.create_user(username=username, password=password)
    server = make_server("127.0.0.1", port, get_wsgi_application(), server_class=_Server, handler_class=_QuietHandler)
    (root / "ready").write_text("ok")
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
