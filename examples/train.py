"""A small training loop that logs the way wandb users do. Runs unchanged against real wandb."""

import json
import math
import os
import random
import tempfile

import numpy as np

import wandb


def main() -> None:
    config = {"lr": 0.01, "epochs": 5, "batch_size": 32, "arch": {"layers": 3, "act": "relu"}}
    with wandb.init(project="vireo-example", config=config, tags=["example"]) as run:
        run.define_metric("epoch")
        run.define_metric("val/*", step_metric="epoch")
        run.define_metric("train/loss", summary="min")
        rng = np.random.default_rng(0)
        weights = rng.normal(size=1000)
        step = 0
        for epoch in range(run.config.epochs):
            for _ in range(200):
                loss = math.exp(-step / 300) + random.random() * 0.05
                run.log({"train/loss": loss, "train/lr": run.config.lr})
                step += 1
            weights = weights * 0.9 + rng.normal(scale=0.1, size=weights.size)
            run.log({
                "epoch": epoch,
                "val/acc": 1 - math.exp(-(epoch + 1)),
                "val/loss": loss * 1.1,
                "weights": wandb.Histogram(weights),
                "samples": wandb.Image(rng.integers(0, 255, size=(32, 32, 3), dtype=np.uint8),
                                       caption=f"epoch {epoch}"),
            })
        preds = wandb.Table(columns=["id", "label", "prediction", "confidence"],
                            data=[[i, i % 3, (i + (i % 5 == 0)) % 3, round(random.random(), 3)]
                                  for i in range(50)])
        run.log({"predictions": preds,
                 "confusion": wandb.plot.confusion_matrix(
                     y_true=[r[1] for r in preds.data], preds=[r[2] for r in preds.data],
                     class_names=["cat", "dog", "bird"])})
        run.summary["final_loss"] = loss
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "model.json")
            with open(path, "w") as f:
                json.dump({"weights": weights[:10].tolist(), "epochs": run.config.epochs}, f)
            model = wandb.Artifact("example-model", type="model", metadata={"loss": loss})
            model.add_file(path)
            run.log_artifact(model, aliases=["best"]).wait()
        print(f"run {run.id}: logged {step} steps and a model artifact; data in {run.dir}")


if __name__ == "__main__":
    main()
