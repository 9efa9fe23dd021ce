"""Chart inputs shared by our client and wandb 0.21.3 (this file is exec'd by both).

``build(wandb, np)`` returns ``[(log_key, chart), ...]``; every chart is logged in one
``run.log`` call per entry, in order.
"""


def build(wandb, np):
    rng = np.random.RandomState(0)
    t = wandb.Table(data=[[1, 2.5, "a"], [3, 4.0, "b"], [5, 1.5, "a"]], columns=["x", "y", "s"])

    # multiclass probabilities with ties and integer labels
    y3 = rng.randint(0, 3, size=40)
    p3 = rng.rand(40, 3).round(2)
    p3 = p3 / p3.sum(axis=1, keepdims=True)
    # binary, string labels
    yb = np.array(["cat", "dog"] * 15)
    pb = rng.rand(30, 2).round(1)

    cases = [
        ("bar", wandb.plot.bar(t, "s", "y", title="Bars")),
        ("hist", wandb.plot.histogram(t, "y")),
        ("line", wandb.plot.line(t, "x", "y", stroke="s", title="L")),
        ("line_nostroke", wandb.plot.line(t, "x", "y")),
        ("scatter", wandb.plot.scatter(t, "x", "y", title="S", split_table=True)),
        ("ls_shared", wandb.plot.line_series([1, 2, 3], [[1, 2, 3], [4.5, 5, 6]], title="T", xname="ep")),
        ("ls_each", wandb.plot.line_series([[0, 1], [0, 2, 4]], [[1, 2], [3, 4, 5]], keys=["a", "b"])),
        ("cm_preds", wandb.plot.confusion_matrix(y_true=[0, 1, 2, 2, 1], preds=[0, 2, 2, 1, 1],
                                                 class_names=["x", "y", "z"], title="CM")),
        ("cm_probs", wandb.plot.confusion_matrix(probs=p3[:10].tolist(), y_true=y3[:10].tolist())),
        ("cm_np_preds", wandb.plot.confusion_matrix(preds=[np.int64(v) for v in y3[10:30]], y_true=y3[:20],
                                                    class_names=["Lion", "Tiger", "Elephant"])),
        ("cm_np_probs", wandb.plot.confusion_matrix(probs=p3[:20], y_true=y3[:20], class_names=["a", "b", "c"],
                                                    title="W")),
        ("cm_str", wandb.plot.confusion_matrix(y_true=["b", "a", "c"], preds=["a", "a", "c"])),
        ("pr", wandb.plot.pr_curve(y3, p3)),
        ("pr_labels", wandb.plot.pr_curve(y3, p3, labels=["zero", "one", "two"], classes_to_plot=[0, 2],
                                          interp_size=7, title="PR")),
        ("pr_str", wandb.plot.pr_curve(yb, pb)),
        ("roc", wandb.plot.roc_curve(y3, p3)),
        ("roc_labels", wandb.plot.roc_curve(y3, p3, labels=["zero", "one", "two"], classes_to_plot=[1],
                                            title="R", split_table=True)),
        ("roc_str", wandb.plot.roc_curve(yb, pb)),
        ("custom", wandb.plot_table("my/spec", t, {"a": "x"}, {"t": "v"})),
    ]
    nested = ("n", {"inner": wandb.plot.bar(t, "s", "x"), "v": 1})
    cases.append(nested)
    return cases
