"""Audio and Video: descriptors and files compared with wandb 0.21.3 for the same input."""

from __future__ import annotations

import pytest
from media_helpers import assert_same_runs, compare_with_reference

pytestmark = pytest.mark.compat

_PRELUDE = """
import io, numpy as np, wandb
rng = np.random.default_rng(0)
r = wandb.init(mode="offline", project="media")
"""


def _run(body: str, tmp_path):
    ref, ours = compare_with_reference(_PRELUDE + body + "\nr.finish()\n", tmp_path)
    assert_same_runs(ref, ours)
    return ours


def test_audio(ref_python, tmp_path):
    ours = _run("""
t = np.linspace(0, 1, 8000)
a = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
r.log({"aud": wandb.Audio(a, sample_rate=8000, caption="sine")})
r.log({"auds": [wandb.Audio(a, sample_rate=8000), wandb.Audio(a[:4000], sample_rate=16000, caption="x")]})
r.log({"loud": wandb.Audio(rng.uniform(-1.5, 1.5, 1000), sample_rate=22050),
       "stereo": wandb.Audio(rng.uniform(-1, 1, (500, 2)).astype(np.float32), sample_rate=44100),
       "i16": wandb.Audio(rng.integers(-32768, 32767, 300).astype(np.int16), sample_rate=8000),
       "i32": wandb.Audio(rng.integers(-2**31, 2**31 - 1, 300).astype(np.int32), sample_rate=8000)})
r.summary["saud"] = wandb.Audio(a, sample_rate=8000)
""", tmp_path)
    auds = ours["history"][1]["auds"]
    assert auds["_type"] == "audio" and auds["sampleRates"] == [8000, 16000]
    assert auds["durations"] == [1, 0.25] and auds["captions"] == ["", "x"]
    # WAV files are byte-identical (the same PCM conversion as libsndfile)
    assert all(p[0].split("<")[1].startswith("raw:") for p in ours["files"])


def test_audio_from_path(ref_python, tmp_path):
    _run("""
import wave
with wave.open("in.wav", "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000)
    w.writeframes((np.arange(800) * 40).astype("<i2").tobytes())
r.log({"p": wandb.Audio("in.wav", caption="file"), "plist": [wandb.Audio("in.wav"), wandb.Audio("in.wav", sample_rate=8000)]})
""", tmp_path)


def test_video(ref_python, tmp_path):
    ours = _run("""
v = rng.integers(0, 255, (10, 3, 32, 48), dtype=np.uint8)
r.log({"vid": wandb.Video(v, fps=4, format="gif", caption="v")})
r.log({"vids": [wandb.Video(v, fps=4, format="gif"), wandb.Video(v[:5], fps=2, format="gif")]})
r.log({"v5": wandb.Video(rng.integers(0, 255, (3, 4, 3, 8, 8), dtype=np.uint8), format="gif")})
r.log({"fps7": wandb.Video(v, fps=7, format="gif"), "float": wandb.Video(v.astype(float), fps=4, format="gif")})
r.log({"mp4": wandb.Video(v, fps=4, format="mp4")})
open("clip.gif", "wb").write(open(r.dir + "/" + "media/videos/" + __import__("os").listdir(r.dir + "/media/videos")[0], "rb").read())
r.log({"path": wandb.Video("clip.gif", format="gif"), "bytes": wandb.Video(io.BytesIO(open("clip.gif", "rb").read()), format="gif", caption="b")})
""", tmp_path)
    assert ours["history"][0]["vid"]["width"] == 48 and ours["history"][0]["vid"]["height"] == 32
    assert ours["history"][1]["vids"]["captions"] is False
    assert ours["history"][2]["v5"]["width"] == 32 and ours["history"][2]["v5"]["height"] == 8
