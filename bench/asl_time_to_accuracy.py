"""Time to accuracy on the ASL letters: chapter 09's CNN against the original DLI course's model.

Both models train in the same run, on the same data and machine; per epoch we record the
cumulative training time and the test accuracy. The threshold is not chosen by hand: it is the
DLI model's own final test accuracy in this run, so the question answered is "how long does
chapter 09's CNN need to do as well as the DLI model, and how does that compare with the DLI
model's training time?". Results go to bench/asl_comparison.json and a Markdown table beside it.

Usage: .venv/bin/python bench/asl_time_to_accuracy.py [--threshold T]  (T overrides the DLI level)
"""

import argparse
import json
import os
import platform
import time
from pathlib import Path

import dlcourse

dlcourse.setup(seed=42, tensorflow=True)

import keras  # noqa: E402

from dlcourse import asl_models  # noqa: E402
from dlcourse.data import load_asl  # noqa: E402


class EpochClock(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.start, self.times = time.perf_counter(), []

    def on_epoch_end(self, epoch, logs=None):
        self.times.append(time.perf_counter() - self.start)


def train(name, model, data, epochs, batch_size, optimizer="adam"):
    (x, y), (xv, yv) = data
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    clock = EpochClock()
    history = model.fit(x, y, epochs=epochs, batch_size=batch_size, validation_data=(xv, yv),
                        verbose=2, callbacks=[clock])
    accuracies = history.history["val_accuracy"]
    return {"model": name, "parameters": model.count_params(), "epochs": epochs, "batch_size": batch_size,
            "train_s": round(clock.times[-1], 1), "final_test_accuracy": round(accuracies[-1], 4),
            "best_test_accuracy": round(max(accuracies), 4),
            "per_epoch": [{"s": round(t, 1), "test_accuracy": round(a, 4)} for t, a in zip(clock.times, accuracies)]}


def time_to(result, threshold):
    return next((e["s"] for e in result["per_epoch"] if e["test_accuracy"] >= threshold), None)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threshold", type=float, default=None,
                        help="test accuracy to reach (default: the DLI model's final test accuracy)")
    parser.add_argument("--out", default=str(Path(__file__).with_name("asl_comparison.json")))
    args = parser.parse_args()
    (x, y), (xt, yt) = load_asl()
    data = ((asl_models.as_images(x), y), (asl_models.as_images(xt), yt))
    keras.utils.set_random_seed(42)
    dli = train("DLI course CNN", asl_models.dli_cnn(), data, 20, 32)
    keras.utils.set_random_seed(42)
    ours = train("chapter 09 CNN", asl_models.letter_cnn(), data, asl_models.CNN_EPOCHS, asl_models.CNN_BATCH,
                 optimizer=asl_models.cosine_adam(asl_models.CNN_EPOCHS, len(x)))
    results = [ours, dli]
    threshold = args.threshold if args.threshold is not None else dli["final_test_accuracy"]
    for r in results:
        r["time_to_threshold_s"] = time_to(r, threshold)
    reached = ours["time_to_threshold_s"]
    report = {"machine": f"{platform.machine()} {os.cpu_count()} cores", "date": time.strftime("%Y-%m-%d %H:%M"),
              "train_rows": len(x), "test_rows": len(xt), "threshold": threshold, "results": results,
              "ratio_to_dli_training_time": None if reached is None else round(reached / dli["train_s"], 3)}
    Path(args.out).write_text(json.dumps(report, indent=1) + "\n")
    lines = [f"ASL letters, {len(x)} training and {len(xt)} test images; {report['machine']}, {report['date']}.",
             f"Threshold: {threshold:.3f} test accuracy (the DLI model's final test accuracy in this run).", "",
             "| model | parameters | epochs | training time (s) | time to the threshold (s) | final test accuracy |",
             "|---|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r['model']} | {r['parameters']:,} | {r['epochs']} | {r['train_s']} | "
                     f"{r['time_to_threshold_s'] or 'not reached'} | {r['final_test_accuracy']:.3f} |")
    if reached is not None:
        lines += ["", f"Chapter 09's CNN reaches the DLI model's final test accuracy after {reached} s, "
                      f"{report['ratio_to_dli_training_time']:.0%} of the DLI model's {dli['train_s']} s."]
    Path(args.out).with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
