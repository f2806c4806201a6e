"""Build (or refresh) the demo site: articles, notices, standard and section pages, settings.

Pages are found by slug under their parent and updated in place, so running the command again
leaves the same tree. Everything is published through a revision, as the admin would, which
sets first_published_at and updates the search index.
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.models import Site

from home import demo, demo_articles, demo_images
from home.models import (
    ArticleIndexPage,
    ArticlePage,
    NoticeIndexPage,
    NoticePage,
    SectionPage,
    SiteSettings,
    StandardPage,
)


class Command(BaseCommand):
    help = "Load the Chinese demo content (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the home page already has child pages.",
        )

    def handle(self, *args, if_empty=False, **options):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise CommandError("没有默认站点，请先运行 manage.py migrate。")
        home = site.root_page.specific

        if if_empty and home.get_children().exists():
            self.stdout.write("首页下已有内容，未加载演示内容。")
            return

        self._stored_files = []
        try:
            with transaction.atomic():
                # Text the services write (log notes, messages) goes in in the site's language.
                with translation.override(settings.LANGUAGE_CODE):
                    counts = self._load(site, home, timezone.localdate())
        except BaseException:
            # The rollback undoes the rows but not the files written for new images.
            for name in self._stored_files:
                default_storage.delete(name)
            raise

        summary = (
            f"演示内容已就绪：廉政文化文章 {counts['articles']} 篇，"
            f"通知公告 {counts['notices']} 条，图片 {counts['images']} 张"
        )
        # Other apps' hooks report their own counts as {"活动": 5}.
        summary += "".join(f"，{label} {count}" for label, count in counts["extra"].items())
        self.stdout.write(self.style.SUCCESS(summary + "。"))

    def _load(self, site, home, today):
        images = self._ensure_images()
        image_ids = {key: image.pk for key, image in images.items()}
        self._update_home(site, home, images)

        articles = notices = 0
        article_index = self._publish(
            home,
            ArticleIndexPage,
            "articles",
            title="廉政文化",
            show_in_menus=True,
            intro="学习廉政知识，讲好身边故事：社区廉政文化文章都在这里。",
        )
        if article_index:
            for spec in demo_articles.articles(today, image_ids):
                when = demo.published_at(spec["date"])
                articles += bool(
                    self._publish(article_index, ArticlePage, first_published_at=when, **spec)
                )

        notice_index = self._publish(
            home,
            NoticeIndexPage,
            "notices",
            title="通知公告",
            show_in_menus=True,
            intro="社区的通知和公示。置顶的通知请优先阅读，公示期内欢迎提出意见。",
        )
        if notice_index:
            for spec in demo.notices(today, image_ids):
                when = demo.published_at(spec["date"])
                notices += bool(
                    self._publish(notice_index, NoticePage, first_published_at=when, **spec)
                )

        self._publish(home, StandardPage, "about", **demo.about_page(image_ids))
        self._publish(home, StandardPage, "privacy", **demo.privacy_page())
        # Other apps add their own demo content (events, discussions…) through a hook, each
        # replacing its section placeholder; the placeholders left are created afterwards.
        extra = {}
        for load in hooks.get_hooks(demo.DEMO_HOOK):
            extra.update(load(home=home, images=images, today=today) or {})
        for slug, title, in_menu, intro in demo.SECTIONS:
            self._publish(
                home, SectionPage, slug, quiet=True, title=title, show_in_menus=in_menu, intro=intro
            )
        demo.order_menu(home)
        return {"articles": articles, "notices": notices, "images": len(images), "extra": extra}

    def _ensure_images(self):
        """The demo pictures, drawn and stored once; later runs find them by title."""
        image_model = get_image_model()
        images = {}
        for key, (title, alt, filename, _draw) in demo_images.IMAGES.items():
            image = image_model.objects.filter(title=title).order_by("pk").first()
            if image is None:
                image = image_model(title=title, description=alt)
                # ImageFile (not a bare ContentFile) lets the field read width and height.
                image.file = ImageFile(ContentFile(demo_images.render_image(key)), name=filename)
                image._set_image_file_metadata()
                image.save()
                self._stored_files.append(image.file.name)
            elif image.description != alt:
                image.description = alt
                image.save(update_fields=["description"])
            images[key] = image
        return images

    def _update_home(self, site, home, images):
        home.title = "清风社区"
        home.intro = demo.HOME_INTRO
        home.image = images["board"]
        home.save_revision().publish()

        settings = SiteSettings.for_site(site)
        for field, value in demo.SITE_SETTINGS.items():
            setattr(settings, field, value)
        settings.logo = images["logo"]
        settings.save()

    def _publish(self, parent, model, slug, quiet=False, **fields):
        page = demo.publish_page(parent, model, slug, **fields)
        if page is None and not quiet:
            self.stderr.write(f"“{parent.title}”下地址 {slug} 已被其他类型的页面占用，跳过。")
        return page
