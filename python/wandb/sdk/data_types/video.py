"""``wandb.Video``: videos from numpy frames (T×C×H×W or B×T×C×H×W) or files / bytes.

Frames are written with imageio: GIF through its Pillow plugin (as wandb does), mp4/webm/ogg
through imageio-ffmpeg. The frames kept and their order follow what wandb 0.21.3 (moviepy)
writes for the same input.
"""

from __future__ import annotations

import logging
import os
import pathlib
from io import BytesIO
from typing import Any, Optional, Sequence, Type, Union

from ._private import MEDIA_TMP
from .base_types.json_metadata import _tmp_name
from .base_types.media import BatchableMedia

_CODECS = {"mp4": "libx264", "webm": "libvpx", "ogg": "libtheora"}


def _termwarn(msg: str) -> None:
    import wandb

    wandb.termwarn(msg)


def _frame_count(frames: int, fps: float) -> int:
    """How many frames moviepy's ``iter_frames`` yields for ``frames`` images at ``fps``."""
    duration = sum(1.0 / fps for _ in range(frames))
    return int(duration * fps)


def write_gif(path: str, frames: Any, fps: float) -> None:
    """Write ``frames`` (T×H×W×C uint8) as a looping GIF at ``fps`` frames per second."""
    try:
        import imageio
    except ImportError:
        import wandb

        raise wandb.Error('wandb.Video requires imageio when passing raw data. Install with "pip install wandb[media]"') from None
    writer = imageio.save(path, quantizer=0, palettesize=256, loop=0, duration=1000 / fps)
    try:
        for frame in frames:
            writer.append_data(frame)
    finally:
        writer.close()


def write_ffmpeg(path: str, frames: Any, fps: float, fmt: str) -> None:
    """Write ``frames`` (T×H×W×C uint8) with ffmpeg (mp4: libx264, webm: libvpx, ogg: libtheora)."""
    try:
        import imageio_ffmpeg
    except ImportError:
        import wandb

        raise wandb.Error(
            f'wandb.Video needs imageio-ffmpeg to write {fmt} files. Install with "pip install imageio-ffmpeg"'
        ) from None
    import numpy as np

    t, h, w, c = frames.shape
    pix_fmt_in = {1: "gray", 3: "rgb24", 4: "rgba"}.get(c)
    if pix_fmt_in is None:
        raise ValueError(f"data_or_path: video frames need 1, 3 or 4 channels, got {c}")
    gen = imageio_ffmpeg.write_frames(
        path, (w, h), fps=fps, codec=_CODECS[fmt], pix_fmt_in=pix_fmt_in, pix_fmt_out="yuv420p",
        macro_block_size=1, quality=None, bitrate=None, output_params=["-preset", "medium"] if fmt == "mp4" else None,
        ffmpeg_log_level="error",
    )
    gen.send(None)
    for frame in frames:
        gen.send(np.ascontiguousarray(frame))
    gen.close()


def _prepare_video(video: Any) -> Any:
    """Tile a (B,)T×C×H×W array into T×H'×W'×C frames (a grid of the B videos), as wandb does."""
    import numpy as np

    if video.ndim < 4:
        raise ValueError("Video must be at least 4 dimensions: time, channels, height, width")
    if video.ndim > 5:
        raise ValueError(
            f"data_or_path: video arrays must be 4-D (time, channels, height, width) or 5-D "
            f"(batch, time, channels, height, width), got shape {list(video.shape)}"
        )
    if video.ndim == 4:
        video = video.reshape(1, *video.shape)
    b, t, c, h, w = video.shape
    if video.dtype != np.uint8:
        logging.warning("Converting video data to uint8")
        video = video.astype(np.uint8)
    n = video.shape[0]
    if n & (n - 1):
        extra = int(2 ** n.bit_length() - n)
        video = np.concatenate((video, np.zeros(shape=(extra, t, c, h, w))), axis=0)
    n_rows = 2 ** ((b.bit_length() - 1) // 2)
    n_cols = video.shape[0] // n_rows
    video = video.reshape(n_rows, n_cols, t, c, h, w)
    video = np.transpose(video, axes=(2, 0, 4, 1, 5, 3))
    return video.reshape(t, n_rows * h, n_cols * w, c)


class Video(BatchableMedia):
    """A video to log: numpy frames (T×C×H×W or B×T×C×H×W, uint8), a file path, or a BytesIO."""

    _log_type = "video-file"
    EXTS = ("gif", "mp4", "webm", "ogg")

    def __init__(self, data_or_path: Union[str, pathlib.Path, Any], caption: Optional[str] = None,
                 fps: Optional[int] = None, format: Optional[str] = None) -> None:
        """Create the video.

        Args:
            data_or_path: frames, a path to a gif/mp4/webm/ogg file, or a BytesIO of one.
            caption: label shown with the video.
            fps: frames per second for raw frames (default 4).
            format: "gif" (default), "mp4", "webm" or "ogg".
        """
        super().__init__(caption=caption)
        if format is None:
            _termwarn(
                "`format` argument was not provided, defaulting to `gif`. This parameter will be required "
                "in v0.20.0, please specify the format explicitly."
            )
        self._format = format or "gif"
        self._width: Optional[int] = None
        self._height: Optional[int] = None
        self._channels: Optional[int] = None
        if self._format not in Video.EXTS:
            raise ValueError("wandb.Video accepts {} formats".format(", ".join(Video.EXTS)))
        if isinstance(data_or_path, (BytesIO, str)) and fps:
            _termwarn(
                "`fps` argument does not affect the frame rate of the video when providing a file path or raw bytes."
            )
        if isinstance(data_or_path, BytesIO):
            filename = os.path.join(MEDIA_TMP.name, _tmp_name() + "." + self._format)
            with open(filename, "wb") as f:
                f.write(data_or_path.read())
            self._set_file(filename, is_tmp=True)
        elif isinstance(data_or_path, (str, pathlib.Path)):
            path = str(data_or_path)
            ext = os.path.splitext(path)[1][1:].lower()
            if ext not in Video.EXTS:
                raise ValueError("wandb.Video accepts {} formats".format(", ".join(Video.EXTS)))
            if not os.path.isfile(path):
                raise FileNotFoundError(f"data_or_path: video file {path!r} does not exist")
            self._set_file(path, is_tmp=False)
        else:
            self.data = self._to_numpy(data_or_path)
            fps = fps or 4
            if not isinstance(fps, (int, float)) or isinstance(fps, bool) or fps <= 0:
                raise ValueError(f"fps must be a positive number, got {fps!r}")
            self.encode(fps=fps)

    @staticmethod
    def _to_numpy(data: Any) -> Any:
        module = type(data).__module__ or ""
        if module.startswith("torch"):
            return (data.detach() if getattr(data, "requires_grad", False) else data).cpu().numpy()
        if hasattr(data, "numpy") and not (module == "numpy" or module.startswith("numpy.")):
            return data.numpy()
        if module == "numpy" or module.startswith("numpy.") and hasattr(data, "ndim"):
            if data.dtype.kind not in "biuf":
                raise TypeError(f"data_or_path: video frames must be numbers, got dtype {data.dtype}")
            return data
        raise ValueError("wandb.Video accepts a file path or numpy like data as input")

    def encode(self, fps: int = 4) -> None:
        """Encode ``self.data`` into a temporary file of this video's format."""
        import numpy as np

        tensor = _prepare_video(self.data)
        _, self._height, self._width, self._channels = tensor.shape
        if self._channels not in (1, 3, 4):
            raise ValueError(f"data_or_path: video frames need 1, 3 or 4 channels, got {self._channels}")
        n = _frame_count(tensor.shape[0], fps)
        frames = tensor[:n]
        if frames.dtype != np.uint8:
            frames = frames.astype(np.uint8)
        filename = os.path.join(MEDIA_TMP.name, _tmp_name() + "." + self._format)
        if self._format == "gif":
            if self._channels == 1:
                frames = frames[..., 0]
            write_gif(filename, frames, fps)
        else:
            write_ffmpeg(filename, frames, fps, self._format)
        self._set_file(filename, is_tmp=True)

    @classmethod
    def get_media_subdir(cls) -> str:
        return os.path.join("media", "videos")

    def to_json(self, run_or_artifact: Any) -> dict:
        json_dict = super().to_json(run_or_artifact)
        json_dict["_type"] = self._log_type
        if self._width is not None:
            json_dict["width"] = self._width
        if self._height is not None:
            json_dict["height"] = self._height
        return json_dict

    @classmethod
    def seq_to_json(cls: Type["Video"], seq: Sequence[BatchableMedia], run: Any, key: str,
                    step: Union[int, str]) -> dict:
        """``videos`` descriptor of a list of bound videos."""
        os.makedirs(os.path.join(run.dir, cls.get_media_subdir()), exist_ok=True)
        return {
            "_type": "videos",
            "count": len(seq),
            "videos": [v.to_json(run) for v in seq],
            "captions": Video.captions(seq),
        }


def _define_dtype() -> None:
    try:
        from . import _dtypes
    except ImportError:
        return

    class _VideoFileType(_dtypes.Type):  # type: ignore[name-defined,misc]
        name = "video-file"
        types = [Video]

    globals()["_VideoFileType"] = _VideoFileType
    _dtypes.TypeRegistry.add(_VideoFileType)


_define_dtype()
