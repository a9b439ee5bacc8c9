"""The import queue when REDIS_URL is set: Celery with Redis as broker. The web process sends a
job id (`send`); `python cli.py worker` runs the Celery worker (`work`) that takes it and runs it.
Celery is imported only here and only then: without REDIS_URL nothing of it is needed."""
from __future__ import annotations

from collections.abc import Callable
from functools import cache

TASK = "impor.jalankan"


@cache
def celery_app(redis_url: str):
    from celery import Celery

    app = Celery("dasbor_impor", broker=redis_url)
    # one import at a time per worker process, taken only when it can start; a worker killed
    # mid-import does not get it again (acknowledged on receipt): its job is marked gagal instead
    app.conf.update(worker_prefetch_multiplier=1, task_acks_late=False,
                    broker_connection_retry_on_startup=True, worker_hijack_root_logger=False)
    return app


def send(redis_url: str, job: str) -> None:
    # a few quick retries, not kombu's default: the page waits on this
    celery_app(redis_url).send_task(TASK, args=[job], retry_policy={
        "max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1})


def work(redis_url: str, concurrency: int, run: Callable[[str], object]) -> None:
    """Run the worker in this process until stopped (Ctrl+C or SIGTERM); `run(job)` runs one
    job in one of its `concurrency` child processes."""
    app = celery_app(redis_url)
    app.task(name=TASK)(run)
    app.worker_main(["worker", "--loglevel=INFO", f"--concurrency={concurrency}", "--pool=prefork"])
