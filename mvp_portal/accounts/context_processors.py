from . import roles as role_checks


def roles(request):
    """What the navigation needs to show each person only what they may use."""
    user = request.user
    return {
        "is_employee": role_checks.is_employee(user),
        "is_mvp_lead": role_checks.is_mvp_lead(user),
        "is_program_admin": role_checks.is_program_admin(user),
    }
