"""Fast replacements at init must give the same answers as the standard library."""

import platform
import re

from wandb.sdk.lib.runid import generate_id
from wandb.sdk.wandb_settings import _platform_string


def test_platform_string_matches_the_standard_library():
    assert _platform_string() == platform.platform(aliased=True)


def test_run_ids_are_8_lowercase_alphanumerics_and_vary():
    ids = {generate_id() for _ in range(50)}
    assert len(ids) == 50
    assert all(re.fullmatch(r"[a-z0-9]{8}", i) for i in ids)
