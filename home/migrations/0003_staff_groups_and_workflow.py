"""Staff groups in Chinese and the moderation workflow.

Wagtail creates "Editors" (create and edit, submit for moderation) and "Moderators" (also
approve and publish) with page, image and document permissions, and a "Moderators approval"
workflow on the whole tree. Staff here work in Chinese, so the groups become 编辑 and 审核 and
the workflow 审核发布, keeping Wagtail's permissions.
"""

from django.db import migrations

NAMES = {"Editors": "编辑", "Moderators": "审核"}


def forwards(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    Page = apps.get_model("wagtailcore.Page")

    groups = {}
    for old, new in NAMES.items():
        group = Group.objects.filter(name=old).first() or Group.objects.filter(name=new).first()
        if group is None:
            group = Group.objects.create(name=new)
        group.name = new
        group.save()
        groups[new] = group

    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access_admin:
        for group in groups.values():
            group.permissions.add(access_admin)

    task = GroupApprovalTask.objects.filter(name__in=["Moderators approval", "审核"]).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="审核", active=True)
    task.name = "审核"
    task.save()
    task.groups.set([groups["审核"]])

    workflow = Workflow.objects.filter(name__in=["Moderators approval", "审核发布"]).first()
    if workflow is None:
        workflow = Workflow.objects.create(name="审核发布", active=True)
        workflow.workflow_tasks.create(task=task, sort_order=0)
    workflow.name = "审核发布"
    workflow.active = True
    workflow.save()

    root = Page.objects.get(depth=1)
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
