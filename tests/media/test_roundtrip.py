"""Round trips without the reference: pixels, normalization, jpg tolerance, audio, video."""

from __future__ import annotations

import os
import wave

import numpy as np
import pytest
from PIL import Image as PILImage

import wandb
from wandb.sdk.data_types.base_types import _native


@pytest.fixture
def run(isolated_wandb_env):
    r = wandb.init(mode="offline", project="media-rt")
    yield r
    r.finish()


def _logged_file(run, desc):
    return os.path.join(run.dir, desc["path"])


def _log(run, key, value):
    run.log({key: value})
    return run.summary[key]


@pytest.mark.parametrize("shape", [(9, 7, 3), (9, 7), (9, 7, 4), (9, 7, 1), (2, 3, 3)])
def test_png_pixels_exact(run, shape):
    data = np.random.default_rng(1).integers(2, 255, shape, dtype=np.uint8)
    desc = _log(run, "img", wandb.Image(data))
    assert desc["format"] == "png" and (desc["width"], desc["height"]) == (shape[1], shape[0])
    with PILImage.open(_logged_file(run, desc)) as im:
        got = np.asarray(im)
    expected = data[:, :, 0] if data.ndim == 3 and data.shape[2] == 1 else data
    assert np.array_equal(got, expected.reshape(got.shape))
    assert desc["path"] == f"media/images/img_0_{desc['sha256'][:20]}.png"
    import hashlib

    raw = open(_logged_file(run, desc), "rb").read()
    assert hashlib.sha256(raw).hexdigest() == desc["sha256"] and len(raw) == desc["size"]


def test_normalization_rules(run):
    rng = np.random.default_rng(2)
    f01 = rng.random((4, 5, 3))
    fneg = rng.uniform(-1, 1, (4, 5))
    big = rng.uniform(-50, 400, (4, 5, 3))
    cases = {
        "f01": (f01, (f01 * 255).astype(np.uint8)),
        "fneg": (fneg, (255 * 0.5 * (fneg + 1)).astype(np.uint8)),
        "big": (big, big.clip(0, 255).astype(np.uint8)),
        "bin": (np.array([[0, 1], [1, 0]], dtype=np.uint8), np.array([[0, 255], [255, 0]], dtype=np.uint8)),
        "nonorm": (np.full((2, 2), 300.0), np.full((2, 2), 300.0).astype(np.uint8)),
    }
    for key, (data, expected) in cases.items():
        img = wandb.Image(data, normalize=(key != "nonorm"))
        run.log({key: img})
        with PILImage.open(img._path) as im:
            assert np.array_equal(np.asarray(im), expected), key


def test_torch_like_chw(run):
    torch = pytest.importorskip("torch")
    t = torch.rand(3, 6, 8)
    desc = _log(run, "t", wandb.Image(t))
    assert (desc["width"], desc["height"]) == (8, 6)
    with PILImage.open(_logged_file(run, desc)) as im:
        assert np.array_equal(np.asarray(im), (t.permute(1, 2, 0).numpy() * 255).astype(np.uint8))


def test_jpg_within_tolerance(run):
    yy, xx = np.mgrid[0:32, 0:32]
    data = np.stack([xx * 8, yy * 8, (xx + yy) * 4], axis=-1).astype(np.uint8)
    desc = _log(run, "j", wandb.Image(data, file_type="jpg"))
    assert desc["format"] == "jpg" and desc["path"].endswith(".jpg")
    with PILImage.open(_logged_file(run, desc)) as im:
        got = np.asarray(im).astype(int)
    assert np.abs(got - data.astype(int)).mean() < 4


def test_pil_and_path_inputs(run, tmp_path):
    data = np.random.default_rng(3).integers(0, 255, (5, 6, 3), dtype=np.uint8)
    pil = PILImage.fromarray(data)
    p = tmp_path / "x.png"
    pil.save(p)
    for key, value in (("pil", wandb.Image(pil)), ("path", wandb.Image(str(p))), ("pathlib", wandb.Image(p))):
        desc = _log(run, key, value)
        with PILImage.open(_logged_file(run, desc)) as im:
            assert np.array_equal(np.asarray(im), data), key


def test_audio_round_trip(run):
    samples = (0.25 * np.sin(np.linspace(0, 100, 12345))).astype(np.float32)
    desc = _log(run, "a", wandb.Audio(samples, sample_rate=22050, caption="s"))
    assert desc["_type"] == "audio-file" and desc["caption"] == "s" and desc["path"].endswith(".wav")
    with wave.open(_logged_file(run, desc)) as w:
        assert w.getframerate() == 22050 and w.getnframes() == 12345 and w.getnchannels() == 1
        back = np.frombuffer(w.readframes(12345), "<i2") / 32768.0
    assert np.abs(back - samples).max() < 1e-4
    stereo = np.zeros((100, 2))
    desc = _log(run, "s", wandb.Audio(stereo, sample_rate=8000))
    with wave.open(_logged_file(run, desc)) as w:
        assert w.getnchannels() == 2 and w.getnframes() == 100


def test_audio_list_meta(run):
    a = wandb.Audio(np.zeros(800), sample_rate=8000)
    b = wandb.Audio(np.zeros(400), sample_rate=16000, caption="b")
    assert wandb.Audio.durations([a, b]) == [0.1, 0.025]
    assert wandb.Audio.sample_rates([a, b]) == [8000, 16000]
    assert wandb.Audio.captions([a, b]) == ["", "b"]


def test_video_round_trip(run):
    v = np.random.default_rng(4).integers(0, 255, (6, 3, 10, 12), dtype=np.uint8)
    desc = _log(run, "v", wandb.Video(v, fps=5, format="gif"))
    assert (desc["width"], desc["height"]) == (12, 10)
    with PILImage.open(_logged_file(run, desc)) as im:
        assert im.n_frames == 6 and im.size == (12, 10) and im.info["duration"] == 200


def test_histogram_binding_matches_numpy():
    rng = np.random.default_rng(5)
    for values in (rng.normal(size=300_001), rng.integers(0, 5, 1000), np.array([2.0, 2.0]), np.array([])):
        for bins in (1, 3, 64, 512):
            for rng_ in (None, (-0.5, 0.75)):
                counts, edges = _native.histogram(values, bins, rng_)
                nc, ne = np.histogram(np.asarray(values, dtype=float), bins=bins, range=rng_)
                assert counts == nc.tolist() and edges == ne.tolist()
    with pytest.raises(ValueError, match="not finite"):
        _native.histogram([1.0, float("nan")], 4)
    with pytest.raises(ValueError, match="max must be larger"):
        _native.histogram([1.0], 4, (2, 1))
