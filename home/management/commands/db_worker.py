"""`manage.py db_worker`: django-tasks-db's worker, kept alive while the database is away.

This command takes the place of django-tasks-db's own (``home`` comes before it in
INSTALLED_APPS), with the same options, so `make serve`, `make run` and a production service
need no change. The original stops with a traceback at the first query that finds the database
gone, and the text messages queued meanwhile (verification codes among them) then wait for
someone to restart it. This one waits for the database instead, then carries on:

- The outage is logged once when it begins and once when it ends.
- A task that was running when the connection dropped (its own query failed, or recording its
  result did) is put back in the queue once the database is back, so it runs again rather than
  staying "running" forever. A text message is therefore sent at least once: if the provider
  took it just before the drop, the resident may get it twice, which is better than a
  verification code that never comes. (``deliver`` looks at the message's own status first, so
  one already recorded as sent is not sent again.)
"""

import logging
import time

from django.db import DatabaseError, close_old_connections, connection
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from home.faults import fault_of

logger = logging.getLogger("qingfeng.faults")

# How often to look for the database while it is away (each look may itself wait for up to
# 5 s on PostgreSQL, home.db.postgresql).
WAIT_SECONDS = 0.5


class Worker(db_worker.Worker):
    interrupted = None  # the task whose run the outage cut short

    def run(self):
        while self.running:
            try:
                return super().run()
            except DatabaseError as error:
                if fault_of(error) is None:
                    raise
                self.wait_for_database(error)
                self.requeue_interrupted()
                # No random delay again: it only spreads the first start of several workers.
                self.startup_delay = False

    def run_task(self, db_task_result):
        """Run as the original does, except that a task cut short by the outage is not marked
        failed: the error goes up to ``run``, which waits and puts the task back."""
        self.interrupted = db_task_result
        record_failure = db_task_result.set_failed

        def set_failed(error):
            if isinstance(error, DatabaseError) and fault_of(error):
                raise error
            record_failure(error)

        db_task_result.set_failed = set_failed
        super().run_task(db_task_result)
        self.interrupted = None

    def wait_for_database(self, error):
        logger.warning(
            "Task worker: the database is unavailable (%s); waiting", type(error).__name__
        )
        started = time.monotonic()
        while self.running:
            close_old_connections()
            try:
                connection.ensure_connection()
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
            except DatabaseError:
                connection.close()
                time.sleep(WAIT_SECONDS)
            else:
                logger.warning(
                    "Task worker: the database is back after %.1f s; carrying on",
                    time.monotonic() - started,
                )
                return

    def requeue_interrupted(self):
        task, self.interrupted = self.interrupted, None
        if task is None:
            return
        requeued = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY
        )
        if requeued:
            logger.warning("Task worker: task %s was cut short and is queued again", task.pk)


class Command(db_worker.Command):
    help = db_worker.Command.help + ", waiting for the database while it is away"

    def handle(self, **options):
        # The original builds its Worker inside handle(); use ours in its place.
        original, db_worker.Worker = db_worker.Worker, Worker
        try:
            return super().handle(**options)
        finally:
            db_worker.Worker = original
