from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def family_name_first(user):
    from .formatting import full_name

    return full_name(user.first_name, user.last_name)


def name_in_sidebar(js_args):
    """The sidebar's account menu shows the given name alone ("建国"); show the full name."""

    def wrapped(module):
        from .formatting import person_name

        args = js_args(module)
        args[2]["name"] = person_name(module.user)
        return args

    return wrapped


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.models import AbstractUser
        from wagtail.admin.ui.sidebar import MainMenuModule

        from . import (
            chrome,  # noqa: F401 - connects the signals that clear the cached chrome
            renditions,  # noqa: F401 - makes an image's renditions once it is saved
        )

        # Wagtail names a user by get_full_name() on the dashboard, in page history, the users
        # list, the reports and the audit log, and Django's puts the given name first
        # ("建国 李"). One override here makes all of them read 李建国.
        AbstractUser.get_full_name = family_name_first
        MainMenuModule.js_args = name_in_sidebar(MainMenuModule.js_args)
