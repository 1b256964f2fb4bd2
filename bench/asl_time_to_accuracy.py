"""Time to accuracy on the ASL letters: chapter 09's CNN against the original DLI course's model.

Both models train in the same run, on the same data and machine; per epoch we record the
cumulative training time and the validation accuracy. Results go to bench/asl_comparison.json
and a Markdown table beside it.

Usage: .venv/bin/python bench/asl_time_to_accuracy.py [--threshold 0.3]
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

from dlcourse.data import load_asl  # noqa: E402

L = keras.layers


def course_cnn() -> keras.Model:
    """Chapter 09's model (notebooks/09_asl_cnn.ipynb)."""
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        L.Conv2D(16, 3, activation="relu"), L.BatchNormalization(), L.MaxPool2D(2),
        L.Conv2D(32, 3, activation="relu"), L.BatchNormalization(), L.MaxPool2D(2),
        L.Dropout(0.25), L.Flatten(), L.Dense(128, activation="relu"), L.Dropout(0.5),
        L.Dense(24, activation="softmax"),
    ])


def dli_cnn() -> keras.Model:
    """The original course's ASL model: Conv 75/50/25 with BatchNorm, MaxPool and Dropout."""
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        L.Conv2D(75, 3, padding="same", activation="relu"), L.BatchNormalization(),
        L.MaxPool2D(2, strides=2, padding="same"),
        L.Conv2D(50, 3, padding="same", activation="relu"), L.Dropout(0.2), L.BatchNormalization(),
        L.MaxPool2D(2, strides=2, padding="same"),
        L.Conv2D(25, 3, padding="same", activation="relu"), L.BatchNormalization(),
        L.MaxPool2D(2, strides=2, padding="same"),
        L.Flatten(), L.Dense(512, activation="relu"), L.Dropout(0.3), L.Dense(24, activation="softmax"),
    ])


class EpochClock(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.start, self.times = time.perf_counter(), []

    def on_epoch_end(self, epoch, logs=None):
        self.times.append(time.perf_counter() - self.start)


def train(name, model, data, epochs, batch_size, threshold):
    (x, y), (xv, yv) = data
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    clock = EpochClock()
    history = model.fit(x, y, epochs=epochs, batch_size=batch_size, validation_data=(xv, yv),
                        verbose=2, callbacks=[clock])
    accuracies = history.history["val_accuracy"]
    reached = next((t for t, a in zip(clock.times, accuracies) if a >= threshold), None)
    return {"model": name, "parameters": model.count_params(), "epochs": epochs, "batch_size": batch_size,
            "train_s": round(clock.times[-1], 1), "final_val_accuracy": round(accuracies[-1], 4),
            "best_val_accuracy": round(max(accuracies), 4),
            f"time_to_{threshold}_s": None if reached is None else round(reached, 1),
            "per_epoch": [{"s": round(t, 1), "val_accuracy": round(a, 4)} for t, a in zip(clock.times, accuracies)]}


def main():
    parser = argparse.ArgumentParser()
    # 0.3 suits the offline mirror's ASL photos (hard: validation comes from other photographers);
    # on Kaggle's Sign Language MNIST use --threshold 0.9.
    parser.add_argument("--threshold", type=float, default=0.3)
    parser.add_argument("--out", default=str(Path(__file__).with_name("asl_comparison.json")))
    args = parser.parse_args()
    (x, y), (xv, yv) = load_asl()
    prep = lambda a: a.reshape(-1, 28, 28, 1).astype("float32") / 255  # noqa: E731
    data = ((prep(x), keras.utils.to_categorical(y, 24)), (prep(xv), keras.utils.to_categorical(yv, 24)))
    results = [train("chapter 09 CNN", course_cnn(), data, 12, 64, args.threshold),
               train("DLI course CNN", dli_cnn(), data, 20, 32, args.threshold)]
    report = {"machine": f"{platform.node()} {os.cpu_count()} cores", "date": time.strftime("%Y-%m-%d %H:%M"),
              "train_rows": len(x), "valid_rows": len(xv), "threshold": args.threshold, "results": results}
    Path(args.out).write_text(json.dumps(report, indent=1) + "\n")
    key = f"time_to_{args.threshold}_s"
    lines = [f"ASL letters, {len(x)} training and {len(xv)} validation images; {report['machine']}, {report['date']}.", "",
             f"| model | parameters | epochs | training time (s) | time to {args.threshold:.0%} validation (s) | final validation accuracy |",
             "|---|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r['model']} | {r['parameters']:,} | {r['epochs']} | {r['train_s']} | {r[key] or 'not reached'} | {r['final_val_accuracy']:.3f} |")
    Path(args.out).with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
