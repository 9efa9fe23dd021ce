"""ArtifactDownloadLogger: progress at most every 0.1 s, a final line with the total."""

from wandb.sdk.artifacts.artifact_download_logger import ArtifactDownloadLogger


def test_progress_lines():
    now = [0.0]
    lines = []
    log = ArtifactDownloadLogger(4, clock_for_testing=lambda: now[0],
                                 termlog_for_testing=lambda text, newline=True: lines.append((text, newline)))
    log.notify_downloaded()  # too soon: nothing
    now[0] = 0.5
    log.notify_downloaded()
    now[0] = 0.55
    log.notify_downloaded()  # within 0.1 s of the last line: nothing
    log.notify_downloaded()
    assert lines == [("\\ 2 of 4 files downloaded...\r", False), ("  4 of 4 files downloaded.  ", True)]
