"""Every rendition the public pages show of an image, made once the image is saved.

Wagtail makes a rendition the first time a page asks for it, in the request of the first
visitor: the original is decoded (a 1200 × 800 photo is about 3 MB in memory, a phone's photo
36 MB) and every size is encoded there and then. On a page of covers that is a second and more
for that visitor, and it raises the app server's memory by 10 MB and more for a moment. Here
the sizes the site's templates ask for are made from one decoding of the original when the
image is saved (uploaded in the admin, its focal point changed, or loaded with the demo
content), after the transaction commits; Wagtail's admin decodes the upload then anyway to make
its own thumbnail. A page view then finds every rendition it needs. (Replacing an image's file
in the admin deletes its renditions after the save: the first page to show it makes them, as
Wagtail always did.)

The specs are those of the templates: a card's cover (``home/includes/article_card.html``,
``events/includes/event_card.html``), a page's cover in three widths (``{% picture %}`` on the
article, notice, event and record pages and the image block), the sharing image of every page
with a cover (``base.html``) and the event poster's cover (``events/poster.html``); and for the
image chosen as the site's logo, the header's and the slogan poster's.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from wagtail.images import get_image_model

from .chrome import LOGO_RENDITION
from .models import SiteSettings
from .routing import SHARING_RENDITION
from .selectors import CARD_RENDITIONS

logger = logging.getLogger(__name__)

COVER_WIDTHS = (400, 800, 1200)
POSTER_RENDITION = "fill-1200x600|format-jpeg"
COVER_RENDITIONS = (
    *CARD_RENDITIONS,
    # In the order the template writes them ({% picture … format-{webp,jpeg} width-{…} %}):
    # the spec is the rendition's key.
    *(f"format-{kind}|width-{width}" for kind in ("webp", "jpeg") for width in COVER_WIDTHS),
    SHARING_RENDITION,
    POSTER_RENDITION,
)

# The site's logo: in the header of every page (home.chrome) and on the slogan posters.
POSTER_LOGO_RENDITION = "height-360|format-png"
LOGO_RENDITIONS = (LOGO_RENDITION, POSTER_LOGO_RENDITION)


def make_renditions(image, specs):
    """The renditions ``specs`` of ``image``, made where missing (one decoding)."""
    try:
        image.get_renditions(*specs)
    except Exception:
        # A file that cannot be read or encoded: the page that asks for it will say so, as
        # Wagtail does; saving the image must not fail for it.
        logger.exception("Renditions of image %s could not be made", image.pk)


def _image_saved(sender, instance, raw=False, **kwargs):
    if raw or not instance.file:
        return
    transaction.on_commit(lambda: make_renditions(instance, COVER_RENDITIONS))


def _settings_saved(sender, instance, raw=False, **kwargs):
    if raw or instance.logo_id is None:
        return
    transaction.on_commit(lambda: make_renditions(instance.logo, LOGO_RENDITIONS))


post_save.connect(_image_saved, sender=get_image_model(), dispatch_uid="qingfeng-cover-renditions")
post_save.connect(_settings_saved, sender=SiteSettings, dispatch_uid="qingfeng-logo-renditions")
