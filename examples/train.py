"""A small training loop that logs the way wandb users do. Runs unchanged against real wandb."""

import math
import random

import wandb


def main() -> None:
    config = {"lr": 0.01, "epochs": 5, "batch_size": 32, "arch": {"layers": 3, "act": "relu"}}
    with wandb.init(project="vireo-example", config=config, tags=["example"]) as run:
        run.define_metric("epoch")
        run.define_metric("val/*", step_metric="epoch")
        run.define_metric("train/loss", summary="min")
        step = 0
        for epoch in range(run.config.epochs):
            for _ in range(200):
                loss = math.exp(-step / 300) + random.random() * 0.05
                run.log({"train/loss": loss, "train/lr": run.config.lr})
                step += 1
            run.log({"epoch": epoch, "val/acc": 1 - math.exp(-(epoch + 1)), "val/loss": loss * 1.1})
        run.summary["final_loss"] = loss
        print(f"run {run.id}: logged {step} steps; data in {run.dir}")


if __name__ == "__main__":
    main()
