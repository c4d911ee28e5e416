from typing import Any

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class CitizenClaimsValidator(OAuth2Validator):
    """Puts the citizen's IIN and region in the ID token (every claim, whatever the scope)."""

    oidc_claim_scope = None

    def get_additional_claims(self, request: Any) -> dict[str, str]:
        return dict(settings.CITIZEN_CLAIMS.get(request.user.get_username(), {}))
