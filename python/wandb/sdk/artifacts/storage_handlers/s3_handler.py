"""``s3://`` references through boto3: ETag digests, sizes, version ids; prefixes expand."""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qsl, urlparse

from ..artifact_manifest_entry import ArtifactManifestEntry
from . import DEFAULT_MAX_OBJECTS, object_name_and_ref, load_via_etag_cache

if TYPE_CHECKING:
    from ..artifact import Artifact


def _client() -> Any:
    try:
        import boto3
    except ImportError as e:
        raise ImportError(
            "s3:// references need boto3; install it with `pip install boto3`"
        ) from e
    endpoint = os.environ.get("AWS_S3_ENDPOINT_URL")
    region = os.environ.get("AWS_REGION")
    return boto3.session.Session().client("s3", endpoint_url=endpoint, region_name=region)


def parse_uri(uri: str) -> Tuple[str, str, Optional[str]]:
    """(bucket, key, versionId or None) of ``s3://bucket/key?versionId=..``."""
    parsed = urlparse(uri)
    query = dict(parse_qsl(parsed.query))
    return parsed.netloc, parsed.path.lstrip("/"), query.get("versionId")


def _extra(etag: str, version_id: Optional[str]) -> Dict[str, str]:
    extra = {"etag": etag}
    if version_id and version_id != "null":
        extra["versionID"] = version_id
    return extra


def store_path(artifact: "Artifact", path: str, name: Optional[str] = None,
               checksum: bool = True, max_objects: Optional[int] = None
               ) -> List[ArtifactManifestEntry]:
    bucket, key, version = parse_uri(path)
    path = f"s3://{bucket}/{key}"
    max_objects = max_objects or DEFAULT_MAX_OBJECTS
    if not checksum:
        return [ArtifactManifestEntry(path=name or (key if key else bucket), ref=path, digest=path)]
    s3 = _client()
    from botocore.exceptions import ClientError

    objs: List[Dict[str, Any]] = []
    multi = False
    if key:
        try:
            kw = {"Bucket": bucket, "Key": key}
            if version:
                kw["VersionId"] = version
            head = s3.head_object(**kw)
            if "x-directory" in (head.get("ContentType") or ""):
                multi = True
            else:
                objs = [{"Key": key, "ETag": head["ETag"], "Size": head["ContentLength"],
                         "VersionId": head.get("VersionId")}]
        except ClientError as e:
            code = e.response.get("Error", {}).get("Code")
            if code in ("404", "NoSuchKey", "NotFound"):
                multi = True
            else:
                from wandb.errors import CommError

                raise CommError(
                    f"Unable to connect to S3 ({code}): {e.response.get('Error', {}).get('Message')}. "
                    "Check that your authentication credentials are valid and that your region is "
                    "set correctly."
                ) from e
    else:
        multi = True
    start = None
    if multi:
        import wandb

        start = time.time()
        wandb.termlog(f'Generating checksum for up to {max_objects} objects in "{bucket}/{key}"... ',
                      newline=False)
        paginator = s3.get_paginator("list_objects_v2")
        kw = {"Bucket": bucket}
        if key:
            kw["Prefix"] = key
        for page in paginator.paginate(**kw):
            for o in page.get("Contents") or []:
                objs.append({"Key": o["Key"], "ETag": o["ETag"], "Size": o["Size"], "VersionId": None})
                if len(objs) > max_objects:
                    break
            if len(objs) > max_objects:
                break
    entries = []
    for o in objs:
        if o["Size"] <= 0:
            continue
        vid = o.get("VersionId")
        if vid is None and multi:
            try:
                vid = s3.head_object(Bucket=bucket, Key=o["Key"]).get("VersionId")
            except Exception:  # noqa: BLE001
                vid = None
        entries.append(_entry(bucket, key, name, o, vid, multi))
    if start is not None:
        import wandb

        wandb.termlog("Done. %.1fs" % (time.time() - start), prefix=False)
    if len(entries) > max_objects:
        raise ValueError(f"Exceeded {max_objects} objects tracked, pass max_objects to add_reference")
    return entries


def _entry(bucket: str, key: str, name: Optional[str], obj: Dict[str, Any],
           version_id: Optional[str], multi: bool) -> ArtifactManifestEntry:
    path, ref = object_name_and_ref(bucket, key, name, obj["Key"], multi)
    etag = obj["ETag"][1:-1] if obj["ETag"].startswith('"') else obj["ETag"]
    return ArtifactManifestEntry(path=path, ref=f"s3://{ref}", digest=etag,
                                 size=obj["Size"], extra=_extra(etag, version_id))


def load_path(entry: ArtifactManifestEntry, local: bool = False,
              dest_path: Optional[str] = None) -> str:
    """The URI, or (``local``) the object (its recorded version) in the ETag cache."""
    return load_via_etag_cache(entry, local, dest_path, lambda opener: _fetch(entry, opener))


def _fetch(entry: ArtifactManifestEntry, opener: Any) -> None:
    bucket, key, _ = parse_uri(entry.ref)  # type: ignore[arg-type]
    s3 = _client()
    kw: Dict[str, Any] = {"Bucket": bucket, "Key": key}
    version = (entry.extra or {}).get("versionID")
    if version:
        kw["VersionId"] = version
    try:
        obj = s3.get_object(**kw)
    except Exception as e:  # noqa: BLE001
        raise FileNotFoundError(f"Unable to find {entry.ref}: {e}") from e
    etag = obj["ETag"].strip('"')
    if entry.digest != entry.ref and etag != entry.digest:
        raise ValueError(
            f"Digest mismatch for object {entry.ref}: expected {entry.digest} but found {etag}"
        )
    with opener("wb") as f:
        for chunk in obj["Body"].iter_chunks(1 << 20):
            f.write(chunk)
