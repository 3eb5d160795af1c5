"""A byte-counting progress bar on stderr, for long reads and downloads (stdout stays for data)."""

from __future__ import annotations

from collections.abc import Callable


def progress_bar(description: str, total: int | None) -> Callable[[int, int | None], None]:
    """Start a bar; the function returned moves it to ``done`` bytes and ends it at the total."""
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn, TransferSpeedColumn

    progress = Progress(
        "{task.description}",
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task(description, total=total)
    progress.start()

    def update(done: int, new_total: int | None) -> None:
        final = new_total if new_total is not None else total
        progress.update(task, completed=done, total=final)
        if final is not None and done >= final:
            progress.stop()

    return update
