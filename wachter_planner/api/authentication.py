from datetime import timedelta

from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from trusts.models import ApiToken, token_digest

# Marking every request as the token's last use would be a write per read; once a minute will do.
LAST_USED_PRECISION = timedelta(minutes=1)


class DigestTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, checked against the stored digest of the key, refused once
    the token has expired or its user is inactive."""

    model = ApiToken

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(digest=token_digest(key)).first()
        if token is None:
            raise AuthenticationFailed("Invalid token.")
        if token.is_expired:
            raise AuthenticationFailed("Token has expired.")
        if not token.user.is_active:
            raise AuthenticationFailed("User inactive or deleted.")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
