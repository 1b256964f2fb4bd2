"""Regenerate src/dlcourse/catalog.tsv from a data mirror's MANIFEST.tsv.

The catalog holds no data: for each file, the group it belongs to, its path in the data folder,
the sha256 to verify (of the decompressed payload for .gz files), where the public copy is, and
how it is packed there. GitHub copies are pinned to the full commit the MANIFEST names.
Usage: python tools/make_catalog.py ../shared/data/MANIFEST.tsv
"""

import csv
import re
import sys
from pathlib import Path

RAW = "https://raw.githubusercontent.com"
GITHUB_SOURCE = re.compile(r"github (?P<repo>[\w.-]+/[\w.-]+)@(?P<commit>[0-9a-f]{7,40})(?: (?P<path>[^\s(]+))?")
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
# The MANIFEST names the repository of the headline CSVs but not the folder inside it.
NYT_FOLDER = "data/nyt_dataset/articles"
# Made for the course from other photographers than the train/test pool: verified by hash, no public copy.
NEW_SIGNERS = "asl/sign_mnist_new_signers.csv"


def github_url(path: str, source: str) -> str:
    """The raw URL of ``path`` in the repository and full commit that ``source`` names ('' if none)."""
    match = GITHUB_SOURCE.search(source)
    if not match:
        return ""
    if len(match["commit"]) != 40:
        raise ValueError(f"{path}: the MANIFEST gives the short commit {match['commit']}; a download URL "
                         "needs the full 40-character commit.")
    where = (match["path"] or "").rstrip("/")
    inside = path.split("/", 1)[1]
    if path.startswith("text/nyt_headlines/"):
        where, inside = NYT_FOLDER, path.rsplit("/", 1)[1]
    if not Path(where).suffix:  # a folder: the file keeps its place below the group folder
        where = f"{where}/{inside}"
    return f"{RAW}/{match['repo']}/{match['commit']}/{where}"


def public_source(path: str, source: str) -> tuple[str, str]:
    """(url, packing) for a file of the mirror; packing is gzip, zip:<member> or plain."""
    name = path.rsplit("/", 1)[-1]
    group = path.split("/", 1)[0]
    if group == "mnist":
        return f"https://storage.googleapis.com/cvdf-datasets/mnist/{name}", "gzip"
    if group == "fashion_mnist":
        return f"https://storage.googleapis.com/tensorflow/tf-keras-datasets/{name}", "gzip"
    if path.startswith("text/uci_sentiment/"):
        return UCI_ZIP, f"zip:sentiment labelled sentences/{name}"
    if group == "asl":
        return "", "plain"  # Kaggle needs a login (data.MANUAL); the new-signers file has no public copy
    return github_url(path, source), "plain"


def group_of(path: str) -> str:
    if path == NEW_SIGNERS:
        return "asl_new_signers"
    if path.startswith("text/"):
        return path.split("/")[1]
    if path.startswith("keras/"):
        return "keras"
    return path.split("/", 1)[0]


def catalog_text(manifest: str) -> str:
    with open(manifest, newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    lines = ["group\tpath\tsha256\turl\tpacking"]
    for row in rows:
        path = row["path"]
        if path.startswith("keras/"):
            continue  # Keras downloads and verifies its own weights
        url, packing = public_source(path, row["source"])
        # The ASL CSVs differ from Kaggle's files; they are checked by format, not by hash.
        kaggle_format = path.startswith("asl/") and path != NEW_SIGNERS
        sha = "" if kaggle_format else MNIST_PAYLOAD.get(path, row["sha256"])
        lines.append(f"{group_of(path)}\t{path}\t{sha}\t{url}\t{packing}")
    return "\n".join(lines) + "\n"


def main(manifest: str) -> None:
    out = Path(__file__).resolve().parents[1] / "src" / "dlcourse" / "catalog.tsv"
    out.write_text(catalog_text(manifest))
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/MANIFEST.tsv")
