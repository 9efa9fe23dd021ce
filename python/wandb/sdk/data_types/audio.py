"""``wandb.Audio``: audio from numpy samples (written as 16-bit PCM WAV) or files."""

from __future__ import annotations

import hashlib
import os
import pathlib
import struct
from typing import Any, List, Optional, Sequence, Union

from ._private import MEDIA_TMP
from .base_types.json_metadata import _tmp_name
from .base_types.media import BatchableMedia

_DTYPES = ("float32", "float64", "int16", "int32")


def _pcm16(data: Any) -> Any:
    """Samples as int16 the way libsndfile (soundfile) converts them for a PCM_16 WAV."""
    import numpy as np

    if data.dtype == np.int16:
        return data
    if data.dtype == np.int32:
        return (data >> 16).astype(np.int16)
    if data.dtype == np.float32:
        scaled = (data * np.float32(2147483648.0)).astype(np.float64)
    else:
        scaled = data.astype(np.float64) * 2147483647.0
    scaled = np.nan_to_num(scaled, nan=0.0)
    ints = np.rint(np.clip(scaled, -2147483648.0, 2147483647.0)).astype(np.int64)
    return np.clip(ints >> 16, -32768, 32767).astype(np.int16)


def write_wav(path: str, data: Any, sample_rate: int) -> None:
    """Write ``data`` (frames, or frames × channels) as a 16-bit PCM WAV file."""
    samples = _pcm16(data)
    channels = 1 if samples.ndim == 1 else samples.shape[1]
    payload = samples.astype("<i2").tobytes()
    header = (
        b"RIFF" + struct.pack("<I", 36 + len(payload)) + b"WAVEfmt "
        + struct.pack("<IHHIIHH", 16, 1, channels, sample_rate, sample_rate * 2 * channels, 2 * channels, 16)
        + b"data" + struct.pack("<I", len(payload))
    )
    with open(path, "wb") as f:
        f.write(header)
        f.write(payload)


def _as_samples(data: Any) -> Any:
    import numpy as np

    if type(data).__module__.startswith("torch"):
        data = (data.detach() if getattr(data, "requires_grad", False) else data).cpu().numpy()
    arr = np.asarray(data)
    if arr.dtype.kind in "iu" and arr.dtype.name not in _DTYPES and not isinstance(data, np.ndarray):
        arr = arr.astype(np.float64)  # plain Python lists of numbers
    if arr.dtype.kind == "O" or arr.dtype.kind not in "iuf":
        raise TypeError(f"data_or_path: audio samples must be numbers, got dtype {arr.dtype}")
    if arr.dtype.name not in _DTYPES:
        raise ValueError(f"data_or_path: audio dtype must be one of {list(_DTYPES)} and not {arr.dtype.name!r}")
    if arr.ndim not in (1, 2):
        raise ValueError(
            f"data_or_path: audio must be 1-D (frames) or 2-D (frames, channels), got shape {list(arr.shape)}"
        )
    if arr.ndim == 2 and arr.shape[1] == 0:
        raise ValueError("data_or_path: audio has no channels")
    return arr


class Audio(BatchableMedia):
    """Audio to log: a numpy array of samples with ``sample_rate``, or an audio file path."""

    _log_type = "audio-file"

    def __init__(self, data_or_path: Union[str, pathlib.Path, list, Any], sample_rate: Optional[int] = None,
                 caption: Optional[str] = None) -> None:
        """Create the audio.

        Args:
            data_or_path: samples (1-D, or frames × channels) or the path/URL of an audio file.
            sample_rate: samples per second; required with raw samples.
            caption: label shown with the audio.
        """
        super().__init__(caption=caption)
        self._duration: Optional[float] = None
        self._sample_rate = sample_rate
        if isinstance(data_or_path, (str, pathlib.Path)):
            path = str(data_or_path)
            if self.path_is_reference(path):
                self._path = path
                self._sha256 = hashlib.sha256(path.encode("utf-8")).hexdigest()
                self._is_tmp = False
            else:
                if not os.path.isfile(path):
                    raise FileNotFoundError(f"data_or_path: audio file {path!r} does not exist")
                self._set_file(path, is_tmp=False)
            return
        if sample_rate is None:
            raise ValueError('Argument "sample_rate" is required when instantiating wandb.Audio with raw data.')
        if isinstance(sample_rate, bool) or not isinstance(sample_rate, (int, float)) or sample_rate <= 0 \
                or int(sample_rate) != sample_rate:
            raise ValueError(f"sample_rate must be a positive integer, got {sample_rate!r}")
        samples = _as_samples(data_or_path)
        tmp_path = os.path.join(MEDIA_TMP.name, _tmp_name() + ".wav")
        write_wav(tmp_path, samples, int(sample_rate))
        self._duration = len(data_or_path) / float(sample_rate)
        self._set_file(tmp_path, is_tmp=True)

    @classmethod
    def get_media_subdir(cls) -> str:
        return os.path.join("media", "audio")

    @classmethod
    def from_json(cls, json_obj: dict, source_artifact: Any) -> "Audio":
        return cls(source_artifact.get_entry(json_obj["path"]).download(), caption=json_obj["caption"])

    def bind_to_run(self, run: Any, key: Union[int, str], step: Union[int, str],
                    id_: Optional[Union[int, str]] = None, ignore_copy_err: Optional[bool] = None) -> None:
        if self.path_is_reference(self._path):
            raise ValueError(
                "Audio media created by a reference to external storage cannot currently be added to a run"
            )
        super().bind_to_run(run, key, step, id_, ignore_copy_err)

    def to_json(self, run: Any) -> dict:
        json_dict = super().to_json(run)
        json_dict.update({"_type": self._log_type})
        return json_dict

    @classmethod
    def seq_to_json(cls, seq: Sequence[BatchableMedia], run: Any, key: str, step: Union[int, str]) -> dict:
        """``audio`` descriptor of a list of bound Audio objects."""
        audio_list: List[Audio] = list(seq)  # type: ignore[arg-type]
        os.makedirs(os.path.join(run.dir, "media", "audio"), exist_ok=True)
        meta: dict = {"_type": "audio", "count": len(audio_list), "audio": [a.to_json(run) for a in audio_list]}
        sample_rates = cls.sample_rates(audio_list)
        if sample_rates:
            meta["sampleRates"] = sample_rates
        durations = cls.durations(audio_list)
        if durations:
            meta["durations"] = durations
        captions = cls.captions(audio_list)
        if captions:
            meta["captions"] = captions
        return meta

    @classmethod
    def durations(cls, audio_list: Sequence["Audio"]) -> List[Optional[float]]:
        """Duration in seconds of each item (None for audio made from files)."""
        return [a._duration for a in audio_list]

    @classmethod
    def sample_rates(cls, audio_list: Sequence["Audio"]) -> List[Optional[int]]:
        """Sample rate of each item (None when not given)."""
        return [a._sample_rate for a in audio_list]

    @classmethod
    def captions(cls, audio_list: Sequence["Audio"]) -> Union[bool, List[str]]:  # type: ignore[override]
        """Captions ('' for missing ones), or False when no item has one."""
        captions = [a._caption for a in audio_list]
        if all(c is None for c in captions):
            return False
        return ["" if c is None else c for c in captions]

    def resolve_ref(self) -> Optional[str]:
        """The remote reference this audio points to, if any."""
        if self.path_is_reference(self._path):
            return self._path
        src = self._artifact_source
        if src is None:
            return None
        name = src.artifact._local_path_to_name(self._path)
        if name is not None:
            entry = src.artifact.manifest.get_entry_by_path(name)
            if entry is not None:
                return entry.ref
        return None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Audio):
            return False
        if self.path_is_reference(self._path) or self.path_is_reference(other._path):
            return self.resolve_ref() == other.resolve_ref() and self._caption == other._caption
        return super().__eq__(other) and self._caption == other._caption

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = BatchableMedia.__hash__


def _define_dtype() -> None:
    try:
        from . import _dtypes
    except ImportError:
        return

    class _AudioFileType(_dtypes.Type):  # type: ignore[name-defined,misc]
        name = "audio-file"
        types = [Audio]

    globals()["_AudioFileType"] = _AudioFileType
    _dtypes.TypeRegistry.add(_AudioFileType)


_define_dtype()
