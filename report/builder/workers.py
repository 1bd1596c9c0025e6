"""Several PDFs at once: a pool of forked worker processes, each with its own engine, its own
warnings and its own render time limit (a SIGALRM timer works only in a process's main thread).

The brochure, loaded once in the parent, reaches the workers by fork, not by pickling: the
pool's initializer hands each worker what it builds from, before its first task.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")  # a task
R = TypeVar("R")  # its result

# What this worker process builds from (set by the pool's initializer, in the worker only).
_WORK: tuple[Callable[[object], object], Sequence[object]] | None = None


def default_jobs() -> int:
    """The machine's cores (those this process may use)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Pool(Generic[T, R]):
    """Run `work` on each task, here or in `jobs` forked processes, yielding (index, result)
    as each is done (in the order they finish)."""

    def __init__(self, work: Callable[[T], R], tasks: Sequence[T], jobs: int) -> None:
        self.work, self.tasks = work, tasks
        self.jobs = min(jobs, len(tasks))

    def results(self) -> Iterator[tuple[int, R]]:
        if self.jobs <= 1:
            for index, task in enumerate(self.tasks):
                yield index, self.work(task)
            return
        context = multiprocessing.get_context("fork")
        with context.Pool(self.jobs, initializer=_start, initargs=(self.work, self.tasks)) as pool:
            yield from pool.imap_unordered(_run, range(len(self.tasks)))


def _start(work: Callable[[object], object], tasks: Sequence[object]) -> None:
    global _WORK  # noqa: PLW0603 - the worker's own copy, set once, before its first task
    _WORK = (work, tasks)


def _run(index: int) -> tuple[int, object]:
    assert _WORK is not None
    work, tasks = _WORK
    return index, work(tasks[index])
