"""The ASL numbers that decide something, over several seeds: chapters 07, 09, 10 and 11.

For each seed: chapter 07's dense network, chapter 09's CNN and chapter 10's augmented CNN, each
with its training, test and new-signers accuracy and its training time; then chapter 11's
fine-tuning of both CNNs on a few photos per letter of the new signers, scored on the rest of them.
Results go to bench/asl_seeds.json and a Markdown table of means and spreads beside it; the lab
targets and the lectures' tables quote them.

Usage: .venv/bin/python bench/asl_seeds.py [--seeds 0 1 2]
"""

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

import dlcourse

dlcourse.setup(seed=0, tensorflow=True)

import keras  # noqa: E402
import numpy as np  # noqa: E402

from dlcourse import asl_models as M  # noqa: E402
from dlcourse.data import DataNotFound, load_asl, load_asl_new_signers  # noqa: E402

DENSE_EPOCHS = 40
FEW = 5  # photos per letter from the new signers used for fine-tuning
REPLAY = 600  # training photos mixed in, so that the model does not forget them (chapter 11)


def timed(function):
    start = time.perf_counter()
    result = function()
    return result, round(time.perf_counter() - start, 1)


def dense_run(data, seed):
    (x, y), (xt, yt), (xn, yn) = data
    keras.utils.set_random_seed(seed)
    model = M.dense_network()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    flat = lambda a: a.reshape(len(a), -1)  # noqa: E731
    _, seconds = timed(lambda: model.fit(flat(x), y, epochs=DENSE_EPOCHS, batch_size=64, verbose=0))
    return {"train": M.accuracy(model, flat(x), y), "test": M.accuracy(model, flat(xt), yt),
            "new_signers": M.accuracy(model, flat(xn), yn) if len(xn) else None, "seconds": seconds}


def cnn_run(data, seed, augmented):
    (x, y), (xt, yt), (xn, yn) = data
    pipeline = M.augmentation_pipeline(seed) if augmented else None
    (model, _), seconds = timed(lambda: M.train_cnn(x, y, augmentation=pipeline, seed=seed))
    row = {"train": M.accuracy(model, x, y), "test": M.accuracy(model, xt, yt), "seconds": seconds,
           "new_signers": M.accuracy(model, xn, yn) if len(xn) else None}
    if len(xn):
        few, rest = M.few_per_letter(yn, FEW, seed)
        row["new_signers_held_out"] = M.accuracy(model, xn[rest], yn[rest])
        tuned = M.fine_tune(model, xn[few], yn[few], seed=seed)
        row["fine_tuned_held_out"] = M.accuracy(tuned, xn[rest], yn[rest])
        row["fine_tuned_test"] = M.accuracy(tuned, xt, yt)
        replay = np.random.default_rng(seed).choice(len(x), REPLAY, replace=False)
        mixed = M.fine_tune(model, np.concatenate([xn[few], x[replay]]), np.concatenate([yn[few], y[replay]]),
                            seed=seed)
        row["replay_tuned_held_out"] = M.accuracy(mixed, xn[rest], yn[rest])
        row["replay_tuned_test"] = M.accuracy(mixed, xt, yt)
    return row


def summary(rows, key):
    values = [r[key] for r in rows if r.get(key) is not None]
    if not values:
        return None
    return {"mean": round(statistics.mean(values), 4), "min": round(min(values), 4), "max": round(max(values), 4),
            "std": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--out", default=str(Path(__file__).with_name("asl_seeds.json")))
    args = parser.parse_args()
    (x, y), (xt, yt) = load_asl()
    try:
        xn, yn = load_asl_new_signers()
    except DataNotFound:
        xn, yn = x[:0], y[:0]
    data = ((M.as_images(x), y), (M.as_images(xt), yt), (M.as_images(xn), yn))
    runs = {"dense (ch. 07)": [], "CNN (ch. 09)": [], "CNN + augmentation (ch. 10)": []}
    for seed in args.seeds:
        runs["dense (ch. 07)"].append(dense_run(data, seed))
        runs["CNN (ch. 09)"].append(cnn_run(data, seed, augmented=False))
        runs["CNN + augmentation (ch. 10)"].append(cnn_run(data, seed, augmented=True))
        print(seed, json.dumps({k: v[-1] for k, v in runs.items()}), flush=True)
    keys = ["train", "test", "new_signers", "new_signers_held_out", "fine_tuned_held_out", "fine_tuned_test",
            "replay_tuned_held_out", "replay_tuned_test", "seconds"]
    report = {"machine": f"{platform.machine()} {os.cpu_count()} cores", "date": time.strftime("%Y-%m-%d"),
              "rows": {"train": len(x), "test": len(xt), "new_signers": len(xn)}, "seeds": args.seeds,
              "few_per_letter": FEW, "replay": REPLAY, "dense_epochs": DENSE_EPOCHS, "cnn_epochs": M.CNN_EPOCHS,
              "runs": runs, "summary": {name: {k: summary(rows, k) for k in keys} for name, rows in runs.items()}}
    Path(args.out).write_text(json.dumps(report, indent=1) + "\n")
    names = {"train": "training", "test": "test", "new_signers": "new signers",
             "new_signers_held_out": f"new signers, held out (all but {FEW}/letter)",
             "fine_tuned_held_out": f"same, after fine-tuning on {FEW}/letter", "fine_tuned_test": "test, after fine-tuning",
             "replay_tuned_held_out": f"held-out new signers, fine-tuned on {FEW}/letter + {REPLAY} training photos",
             "replay_tuned_test": "test, after that fine-tuning",
             "seconds": "training time (s)"}
    lines = [f"ASL letters: {len(x)} training, {len(xt)} test, {len(xn)} new-signers images; seeds {args.seeds}; "
             f"{report['machine']}, {report['date']}. Accuracy as mean ± standard deviation (min-max).", "",
             "| | " + " | ".join(runs) + " |", "|---|" + "---:|" * len(runs)]
    for key in keys:
        cells = []
        for name in runs:
            s = report["summary"][name][key]
            cells.append("-" if s is None else (f"{s['mean']:.1f} ({s['min']:.0f}-{s['max']:.0f})" if key == "seconds"
                                                 else f"{s['mean']:.3f} ± {s['std']:.3f} ({s['min']:.3f}-{s['max']:.3f})"))
        lines.append(f"| {names[key]} | " + " | ".join(cells) + " |")
    Path(args.out).with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
