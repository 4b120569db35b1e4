from rest_framework.authtoken.models import Token
from rest_framework.permissions import BasePermission


class IsStaffOrTokenUser(BasePermission):
    """Writes: staff users (dashboard) or scripts holding an API token."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and (user.is_staff or isinstance(request.auth, Token)))
