"""Regenerate src/dlcourse/catalog.tsv from a data mirror's MANIFEST.tsv.

The catalog holds no data: for each file, the group it belongs to, its path in the data folder,
the sha256 to verify (of the decompressed payload for .gz files), where the public copy is, and
how it is packed there. Usage: python tools/make_catalog.py ../shared/data/MANIFEST.tsv
"""

import csv
import sys
from pathlib import Path

RAW = "https://raw.githubusercontent.com"
MNIST_PAYLOAD = {
    "mnist/train-images-idx3-ubyte.gz": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "mnist/train-labels-idx1-ubyte.gz": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "mnist/t10k-images-idx3-ubyte.gz": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "mnist/t10k-labels-idx1-ubyte.gz": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    "fashion_mnist/train-images-idx3-ubyte.gz": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    "fashion_mnist/train-labels-idx1-ubyte.gz": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    "fashion_mnist/t10k-images-idx3-ubyte.gz": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    "fashion_mnist/t10k-labels-idx1-ubyte.gz": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}
UCI_ZIP = "https://archive.ics.uci.edu/static/public/331/sentiment+labelled+sentences.zip"


def public_source(path: str) -> tuple[str, str]:
    """(url, packing) for a file of the mirror; packing is gzip, zip:<member> or plain."""
    name = path.rsplit("/", 1)[-1]
    group = path.split("/", 1)[0]
    if group == "mnist":
        return f"https://storage.googleapis.com/cvdf-datasets/mnist/{name}", "gzip"
    if group == "fashion_mnist":
        return f"https://storage.googleapis.com/tensorflow/tf-keras-datasets/{name}", "gzip"
    if group == "asl_images":
        if name in ("a.png", "b.png"):
            return f"{RAW}/vnikoofard/DeepLearningTF/26b9503/data/asl_images/{name}", "plain"
        member = "asl.png" if name == "asl_alphabet.png" else name
        return f"{RAW}/NVDLI/fundamentals-of-deep-learning-zh/537dddc/course_content/tutorials/images/{member}", "plain"
    if group == "doggy_door_images":
        return f"{RAW}/NVDLI/fundamentals-of-deep-learning-zh/537dddc/course_content/tutorials/data/doggy_door_images/{name}", "plain"
    if group == "presidential_doggy_door":
        return f"{RAW}/vnikoofard/DeepLearningTF/26b9503/data/{path}", "plain"
    if path.startswith("text/uci_sentiment/"):
        return UCI_ZIP, f"zip:sentiment labelled sentences/{name}"
    if path.startswith("text/nyt_headlines/"):
        return f"{RAW}/vnikoofard/DeepLearningTF/26b9503/data/nyt_dataset/articles/{name}", "plain"
    return "", "plain"  # ASL CSVs and Keras weights: see data.MANUAL and Keras's own cache


def group_of(path: str) -> str:
    if path.startswith("text/"):
        return path.split("/")[1]
    if path.startswith("keras/"):
        return "keras"
    return path.split("/", 1)[0]


def main(manifest: str) -> None:
    rows = list(csv.DictReader(open(manifest), delimiter="\t"))
    out = Path(__file__).resolve().parents[1] / "src" / "dlcourse" / "catalog.tsv"
    with open(out, "w") as f:
        f.write("group\tpath\tsha256\turl\tpacking\n")
        for row in rows:
            path = row["path"]
            if path.startswith("keras/"):
                continue
            url, packing = public_source(path)
            # The ASL CSVs differ from Kaggle's files; they are checked by format, not by hash.
            sha = "" if path.startswith("asl/") else MNIST_PAYLOAD.get(path, row["sha256"])
            f.write(f"{group_of(path)}\t{path}\t{sha}\t{url}\t{packing}\n")
    print(f"wrote {out} ({len(rows)} manifest rows)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/MANIFEST.tsv")
