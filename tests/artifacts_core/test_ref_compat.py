"""Our digests and artifact record bytes against wandb 0.21.3 (needs VIREO_REF_PYTHON)."""

from __future__ import annotations

import base64
import json
import os

from art_core_helpers import blob
from reftools import run_ref

from wandb import _core


def test_file_digests_match_wandb_hashutil(tmp_path, ref_python):
    files = []
    for i, n in enumerate([0, 1, 4095, 1 << 20, (3 << 20) + 1]):
        p = tmp_path / f"f{i}.bin"
        p.write_bytes(blob(n, i))
        files.append(str(p))
    out = run_ref(
        """
        import json, sys
        from wandb.sdk.lib import hashutil
        print(json.dumps([[hashutil.md5_file_b64(p), hashutil.md5_file_hex(p)] for p in sys.argv[1:]]))
        """,
        tmp_path / "ref",
        args=tuple(files),
    ).stdout
    ref = json.loads(out.strip().splitlines()[-1])
    ours = _core.md5_files(files)
    assert [d for d, _ in ours] == [b for b, _ in ref]
    assert [base64.b64decode(d).hex() for d, _ in ours] == [h for _, h in ref]
    assert [n for _, n in ours] == [os.path.getsize(p) for p in files]
    # part digests as the multipart upload sends them (hex)
    parts = _core.md5_parts(files[-1], 1 << 20)
    assert len(parts) == 4


ARTIFACT = {
    "artifact": {
        "run_id": "r1", "project": "p", "entity": "e", "type": "dataset", "name": "ds",
        "digest": "f518e4a6060e3dc3c7f468e006c6a76b", "description": "d", "metadata": "{\"k\": 1}",
        "user_created": True, "use_after_commit": True, "aliases": ["latest", "best"],
        "manifest": {
            "version": 1, "storage_policy": "wandb-storage-policy-v1",
            "storage_policy_config": [{"key": "storageLayout", "value_json": "\"V2\""}],
            "contents": [
                {"path": "a.txt", "digest": "Gz8Znbd7EKjvs+Owab8zpw==", "size": 15, "mimetype": "text/plain",
                 "local_path": "/tmp/x", "birth_artifact_id": "QXJ0aWZhY3Q6MQ==", "skip_cache": True,
                 "extra": [{"key": "e", "value_json": "[1]"}]},
                {"path": "r", "digest": "https://h/x", "ref": "https://h/x"},
            ],
            "manifest_file_path": "/tmp/m.json",
        },
        "distributed_id": "dist", "finalize": True, "client_id": "c" * 32, "sequence_client_id": "s" * 32,
        "base_id": "b", "ttl_duration_seconds": 86400, "tags": ["t1"], "incremental_beta1": True,
        "_info": {"stream_id": "r1"},
    },
}
USE = {"use_artifact": {"id": "QXJ0aWZhY3Q6Mg==", "type": "dataset", "name": "ds:v0",
                        "partial": {"job_name": "j", "source_info": {"_version": "v0", "source_type": "artifact",
                                    "source": {"artifact": {"artifact": "a:v0", "entrypoint": ["x.py"]}},
                                    "runtime": "3.11"}}}}


def test_artifact_records_are_wire_compatible(tmp_path, ref_python):
    ours = [_core.encode_record(json.dumps(r)) for r in (ARTIFACT, USE)]
    out = run_ref(
        """
        import base64, json, sys
        from google.protobuf.json_format import MessageToDict
        from wandb.proto import wandb_internal_pb2 as pb
        res = []
        for b64 in sys.argv[1:]:
            r = pb.Record(); r.ParseFromString(base64.b64decode(b64))
            res.append([MessageToDict(r, preserving_proto_field_name=True),
                        base64.b64encode(r.SerializeToString()).decode()])
        print(json.dumps(res))
        """,
        tmp_path / "ref",
        args=tuple(base64.b64encode(b).decode() for b in ours),
    ).stdout
    ref = json.loads(out.strip().splitlines()[-1])
    a = ref[0][0]["artifact"]
    assert a["manifest"]["contents"][0]["birth_artifact_id"] == "QXJ0aWZhY3Q6MQ=="
    assert a["ttl_duration_seconds"] == "86400" and a["incremental_beta1"] is True and a["tags"] == ["t1"]
    assert a["manifest"]["storage_policy_config"] == [{"key": "storageLayout", "value_json": "\"V2\""}]
    assert ref[1][0]["use_artifact"]["partial"]["source_info"]["source"]["artifact"]["entrypoint"] == ["x.py"]
    # the reference's own serialization decodes to our JSON form unchanged
    for want, (_, ref_b64) in zip((ARTIFACT, USE), ref):
        assert json.loads(_core.decode_record(base64.b64decode(ref_b64))) == want
