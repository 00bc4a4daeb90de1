"""The editions' PDFs typeset in processes of their own, in the background, while the site is still being built.

Why: WeasyPrint takes seconds of CPU per edition, and a language's pages are all rendered before its build writes
them out (MkDocs renders every page, then calls `on_env`, then writes the HTML files). So each edition's PDF starts in
its own process as soon as `on_env` of its language has run, and typesets while MkDocs writes that language's pages
and builds the next languages; the last `on_post_build` only waits for them (macros/plugin/pdf.py). With two cores
the build keeps both busy instead of building HTML on one core and then typesetting on two.
"""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from macros.render.typesetting import Job, render


def _work(job: Job, results) -> None:
    """The body of a typesetting process: render, send back what `render` says (or the error), end."""
    try:
        outcome = render(job)
    except BaseException as exc:  # noqa: BLE001  any failure is the build's to report, with its traceback
        import traceback

        outcome = (job.out, 0.0, 0, [f"the typesetter failed: {exc!r}\n" + traceback.format_exc()], 0)
    results.send((*outcome, time.monotonic()))  # the clock is the machine's: the build reads when it was done
    results.close()


class Typesetter:
    """The processes typesetting the editions' PDFs, kept on the plugin instance (one per `mkdocs` command).

    Each process is forked when its edition starts: it inherits its `Job` and the loaded WeasyPrint (the plugin is
    imported from the folder of the mkdocs.yml being built, which a freshly spawned process would not know), and
    sends `render`'s plain result back through a pipe (macros/render/typesetting.py). One process per edition, however many cores: the system shares them out, and the editions finish
    together instead of one waiting for a free worker. A build that fails stops the processes it started
    (`on_build_error`)."""

    def __init__(self):
        self.running: list[tuple[Job, multiprocessing.Process, object, float]] = []

    def start(self, job: Job) -> None:
        import weasyprint  # noqa: F401  # loaded before the fork, so each process starts with it

        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_work, args=(job, send), name=f"pdf-{job.lang}", daemon=True)
        process.start()
        send.close()  # the child's end: recv() then fails (EOFError) if the child dies without an answer
        self.running.append((job, process, receive, time.monotonic()))

    def finish(self) -> tuple[list[str], list[str]]:
        """Wait for every edition started; ([report line per PDF], [problems per failed PDF])."""
        done, failed = [], []
        for job, process, receive, started in self.running:
            try:
                out, cpu, pages, messages, layouts, ended = receive.recv()
            except EOFError:
                process.join()
                out, cpu, pages, messages, layouts, ended = job.out, 0.0, 0, [
                    f"the typesetting process ended without a result (exit code {process.exitcode})"], 0, \
                    time.monotonic()
            process.join()
            receive.close()
            if messages:
                failed.append(f"the {job.lang} PDF:\n  " + "\n  ".join(messages))
            else:
                done.append(f"PDF {Path(out).name}: {Path(out).stat().st_size / 1e6:.2f} MB, {pages} pages, "
                            f"{cpu:.1f} s of CPU ({cpu / max(pages, 1):.3f} s a page, laid out {layouts}x), "
                            f"done {ended - started:.1f} s after its edition's pages were rendered")
        self.running = []
        return done, failed

    def stop(self) -> None:
        for _, process, receive, _ in self.running:
            process.kill()
            process.join()
            receive.close()
        self.running = []
