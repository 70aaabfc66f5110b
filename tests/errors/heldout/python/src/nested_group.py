"""A nested ExceptionGroup raised from a batch job."""


def run_batch():
    io_errors = ExceptionGroup(
        "io",
        [OSError("disk /dev/sdb not ready"), TimeoutError("nfs mount timed out")],
    )
    raise ExceptionGroup("batch 42 failed", [ValueError("row 7: bad date"), io_errors])


run_batch()
