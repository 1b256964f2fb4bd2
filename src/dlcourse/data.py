"""Course data: find, download, verify and load every data set the course uses.

Every file is looked for in one order:

1. the local data directories: ``$DLCOURSE_DATA_DIR`` (several may be joined with ``os.pathsep``),
   then the container's baked-in folder ``/opt/dlcourse/data``;
2. the user cache: ``$DLCOURSE_CACHE_DIR``, else ``$XDG_CACHE_HOME/dlcourse``, else
   ``~/.cache/dlcourse``;
3. a download from the public source into the user cache, with a progress bar, a sha256 check
   (of the decompressed payload for ``.gz`` files), an atomic write and one retry.

A file that fails its checksum is never used: it is reported, and the next place is tried.
Loading needs no TensorFlow; decoded MNIST-style arrays are cached as ``.npy`` for speed.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import os
import shutil
import tempfile
import time
import urllib.error
import urllib.request
import warnings
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

CONTAINER_DATA_DIR = Path("/opt/dlcourse/data")
ASL_LETTERS = "ABCDEFGHIKLMNOPQRSTUVWXY"  # 24 static letters: J and Z need motion
ASL_LABEL_CODES = [ord(c) - ord("A") for c in ASL_LETTERS]  # A=0 .. Y=24, no 9 (J)
FASHION_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                   "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif"}

MANUAL = {
    "asl": (
        "The ASL letters come from Kaggle (free account needed): "
        "https://www.kaggle.com/datasets/datamunge/sign-language-mnist . Download it "
        "(`kaggle datasets download datamunge/sign-language-mnist`), unzip, and put "
        "sign_mnist_train.csv and sign_mnist_test.csv in {cache}/asl/."
    ),
    "asl_new_signers": (
        "sign_mnist_new_signers.csv (photos of people outside the training pool) was made for the "
        "course's own data folder and has no public download. Without it, chapter 11's field test uses "
        "the sample photos and your own; nothing else needs it."
    ),
}


class DataError(Exception):
    """Base class of the course's data errors: each message says what to do."""


class DataNotFound(DataError):
    pass


class DataCorrupt(DataError):
    pass


class DataFormatError(DataError):
    pass


class ImageReadError(DataError):
    pass


class DataWarning(UserWarning):
    """Something in the data was passed over or skipped; the message says what and why."""


@dataclass(frozen=True)
class CatalogEntry:
    group: str
    path: str
    sha256: str
    url: str
    packing: str


@lru_cache(maxsize=1)
def catalog() -> dict[str, CatalogEntry]:
    text = (Path(__file__).with_name("catalog.tsv")).read_text()
    rows = csv.DictReader(io.StringIO(text), delimiter="\t")
    return {row["path"]: CatalogEntry(**row) for row in rows}


def groups() -> dict[str, list[CatalogEntry]]:
    result: dict[str, list[CatalogEntry]] = {}
    for entry in catalog().values():
        result.setdefault(entry.group, []).append(entry)
    return result


def data_dirs() -> list[Path]:
    """Local data directories, in the order they are searched."""
    dirs = [Path(p).expanduser() for p in os.environ.get("DLCOURSE_DATA_DIR", "").split(os.pathsep) if p]
    dirs.append(CONTAINER_DATA_DIR)
    return dirs


def cache_dir() -> Path:
    custom = os.environ.get("DLCOURSE_CACHE_DIR")
    if custom:
        return Path(custom).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "dlcourse"


def search_path() -> list[Path]:
    """Every folder searched for a data file, in order, each named once."""
    unique: dict[str, Path] = {}
    for folder in (*data_dirs(), cache_dir()):
        unique.setdefault(os.path.realpath(folder), folder)
    return list(unique.values())


# ----------------------------------------------------------------------------- checksums


def sha256_of(path: Path, packing: str = "plain") -> str:
    digest = hashlib.sha256()
    opener = gzip.open if packing == "gzip" or (packing == "" and path.suffix == ".gz") else open
    try:
        with opener(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        raise DataCorrupt(f"{path} cannot be read ({error}): it is truncated or not a gzip file.")
    return digest.hexdigest()


def verify(path: Path, entry: CatalogEntry) -> bool:
    """True when ``path`` matches the catalog checksum (or the catalog has none)."""
    if not entry.sha256:
        return True
    stat = path.stat()
    stamp = cache_dir() / "verified" / hashlib.sha256(
        f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}:{entry.sha256}".encode()).hexdigest()
    if stamp.exists():
        return True
    packing = "gzip" if entry.packing == "gzip" else "plain"
    try:
        ok = sha256_of(path, packing) == entry.sha256
    except DataCorrupt:
        return False
    if ok:
        try:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.touch()
        except OSError:
            pass
    return ok


# ----------------------------------------------------------------------------- download


def _download(url: str, target: Path, attempts: int = 2, timeout: float = 30) -> None:
    """Download ``url`` to ``target`` atomically, with a progress bar and one retry."""
    from tqdm.auto import tqdm

    target.parent.mkdir(parents=True, exist_ok=True)
    last_error: Exception | None = None
    for attempt in range(attempts):
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as response:
                total = int(response.headers.get("Content-Length") or 0) or None
                with tqdm(total=total, unit="B", unit_scale=True, desc=target.name, leave=False) as bar:
                    for block in iter(lambda: response.read(1 << 16), b""):
                        out.write(block)
                        bar.update(len(block))
                if total is not None and out.tell() != total:
                    raise ConnectionError(f"connection closed after {out.tell()} of {total} bytes")
            os.replace(tmp, target)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as error:
            last_error = error
            if attempt + 1 < attempts:
                time.sleep(1)
        finally:
            tmp.unlink(missing_ok=True)  # also on Ctrl-C: never leave half a file behind
    raise ConnectionError(str(last_error))


def _fetch(entry: CatalogEntry, target: Path) -> None:
    if entry.packing.startswith("zip:"):
        archive = cache_dir() / "downloads" / entry.url.rsplit("/", 1)[-1]
        if not archive.exists():
            _download(entry.url, archive)
        member = entry.packing[4:]
        with zipfile.ZipFile(archive) as z, z.open(member) as src:
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
            with os.fdopen(fd, "wb") as out:
                shutil.copyfileobj(src, out)
            os.replace(tmp, target)
    else:
        _download(entry.url, target)


def _not_found_message(path: str, entry: CatalogEntry | None, reason: str) -> str:
    looked = "\n".join(f"  - {d / path}" for d in search_path())
    fixes = (
        f"Two ways to fix it:\n"
        f"  1. connect to the internet and run `dlcourse data fetch {entry.group if entry else path}`, or\n"
        f"  2. copy the file into one of the folders above, or point DLCOURSE_DATA_DIR at a folder that has it."
    )
    manual = MANUAL.get(entry.group) if entry else None
    if manual:
        fixes = manual.format(cache=cache_dir()) + "\nOr point DLCOURSE_DATA_DIR at a folder that has the file."
    return f"Could not find the course data file '{path}' ({reason}).\nLooked in:\n{looked}\n{fixes}"


def locate(path: str, download: bool = True) -> Path:
    """Return a verified local copy of the course file ``path`` (e.g. ``"mnist/t10k-labels-idx1-ubyte.gz"``)."""
    entry = catalog().get(path)
    corrupt = []
    for base in search_path():
        candidate = base / path
        if candidate.is_file():
            if entry is None or verify(candidate, entry):
                _warn_passed_over(corrupt, candidate)
                return candidate
            corrupt.append(candidate)
    target = cache_dir() / path
    if not download or entry is None or not entry.url:
        if corrupt:
            raise DataCorrupt(_corrupt_message(corrupt, path))
        raise DataNotFound(_not_found_message(path, entry, "no local copy"))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _fetch(entry, target)
    except (ConnectionError, OSError, zipfile.BadZipFile) as error:
        if corrupt:
            raise DataCorrupt(_corrupt_message(corrupt, path) + f" A fresh download from {entry.url} "
                              f"failed too: {error}") from None
        reason = f"no local copy, and the download from {entry.url} failed: {error}"
        raise DataNotFound(_not_found_message(path, entry, reason)) from None
    if not verify(target, entry):
        bad = target.with_name(target.name + ".corrupt")
        os.replace(target, bad)
        raise DataCorrupt(f"The download of '{path}' does not match its sha256 checksum; it was "
                          f"kept as {bad} and not used. Try `dlcourse data fetch {entry.group}` again.")
    _warn_passed_over(corrupt, target)
    return target


def _warn_passed_over(corrupt: list[Path], used: Path) -> None:
    if corrupt:
        warnings.warn(f"{', '.join(map(str, corrupt))} failed its sha256 check (truncated or damaged) and "
                      f"was passed over; using {used} instead. Delete or replace the damaged file.",
                      DataWarning, stacklevel=3)


def _corrupt_message(files: list[Path], path: str) -> str:
    names = ", ".join(str(f) for f in files)
    return (f"{names} failed its sha256 check (truncated or damaged) and was not used. Delete it and "
            f"run `dlcourse data fetch` for '{path}', or restore the file from the original source.")


def fetch(group: str) -> list[Path]:
    """Make sure every file of ``group`` is present and verified; download what is missing."""
    all_groups = groups()
    if group not in all_groups:
        raise DataError(f"Unknown data set {group!r}. Known: {', '.join(sorted(all_groups))}.")
    return [locate(entry.path) for entry in all_groups[group]]


def verify_all() -> list[tuple[str, str, str]]:
    """Rows (path, status, where) for every catalog file: ok, corrupt, missing or unchecked."""
    rows = []
    for entry in catalog().values():
        found = [base / entry.path for base in search_path() if (base / entry.path).is_file()]
        if not found:
            rows.append((entry.path, "missing", ""))
            continue
        for f in found:
            status = "ok" if entry.sha256 and verify(f, entry) else ("unchecked" if not entry.sha256 else "CORRUPT")
            rows.append((entry.path, status, str(f)))
    return rows


# ----------------------------------------------------------------------------- Keras weights


def keras_home() -> Path | None:
    """The local Keras cache to use: a data directory's ``keras/`` folder with ``models/`` in it."""
    for base in data_dirs():
        if (base / "keras" / "models").is_dir():
            return base / "keras"
    return None


def configure_keras() -> None:
    """Point Keras at the local weights (``KERAS_HOME``, else a data directory's) before Keras is
    imported; Keras's default otherwise. Weights the learner cannot write (an image's baked data,
    a read-only mount, a hub's shared folder) are shown to Keras through a writable folder of
    links in the cache, since Keras ignores a ``KERAS_HOME`` it cannot write and downloads again."""
    from dlcourse import pretrained_weights

    explicit = os.environ.get("KERAS_HOME")
    home = Path(explicit).expanduser() if explicit else keras_home()
    if home is not None and home.is_dir():
        view = pretrained_weights.writable_view(home, cache_dir() / "keras")
        pretrained_weights.point_keras_at(view)


# ----------------------------------------------------------------------------- decoding helpers


def _decoded_cache(source: Path, name: str) -> Path:
    stat = source.stat()
    key = hashlib.sha256(f"{source.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    return cache_dir() / "decoded" / f"{name}-{key}.npz"


def _cached_arrays(source: Path, name: str, decode) -> tuple[np.ndarray, ...]:
    """``decode(source)`` (a tuple of arrays), cached uncompressed next to the user cache."""
    cached = _decoded_cache(source, name)
    if cached.exists():
        try:
            with np.load(cached) as stored:
                return tuple(stored[f"arr_{i}"] for i in range(len(stored.files)))
        except (OSError, ValueError, KeyError):
            cached.unlink(missing_ok=True)
    arrays = decode(source)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cached.parent, suffix=".npz.part")
        with os.fdopen(fd, "wb") as f:
            np.savez(f, *arrays)
        os.replace(tmp, cached)
    except OSError:
        pass  # no writable cache: decode again next time
    return arrays


def read_idx(path: Path) -> np.ndarray:
    """Decode an IDX file (as MNIST ships), gzip-compressed or not."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        raw = f.read()
    if len(raw) < 4 or raw[:2] != b"\x00\x00" or raw[2] != 0x08:
        raise DataFormatError(f"{path} is not an IDX file of unsigned bytes.")
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    offset = 4 + 4 * ndim
    expected = int(np.prod(dims))
    if len(raw) - offset != expected:
        raise DataFormatError(f"{path} should hold {expected} values of shape {tuple(dims)}, "
                              f"but has {len(raw) - offset}: the file is truncated.")
    return np.frombuffer(raw, dtype=np.uint8, offset=offset).reshape(dims)


def _load_idx_set(folder: str):
    parts = []
    for split in ("train", "t10k"):
        images = locate(f"{folder}/{split}-images-idx3-ubyte.gz")
        labels = locate(f"{folder}/{split}-labels-idx1-ubyte.gz")
        parts.append(_cached_arrays(images, f"{folder}-{split}-images", lambda p: (read_idx(p),))
                     + _cached_arrays(labels, f"{folder}-{split}-labels", lambda p: (read_idx(p),)))
    return parts[0], parts[1]


def load_mnist():
    """MNIST handwritten digits.

    Returns ``(x_train, y_train), (x_test, y_test)``: images ``uint8`` of shape (60000, 28, 28)
    and (10000, 28, 28) with values 0..255; labels ``uint8`` 0..9 of shape (60000,) and (10000,).
    """
    return _load_idx_set("mnist")


def load_fashion_mnist():
    """Fashion-MNIST: same shapes and dtypes as :func:`load_mnist`; class names in ``FASHION_CLASSES``."""
    return _load_idx_set("fashion_mnist")


# ----------------------------------------------------------------------------- ASL letters


def read_sign_mnist_csv(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Read a Sign-Language-MNIST CSV: ``label,pixel1..pixel784`` per row.

    Returns images ``uint8`` (N, 28, 28) and the letter codes (A=0 .. Y=24) as ``int64``.
    """
    import pandas as pd

    with open(path, newline="") as f:
        header = next(csv.reader(f), [])
    expected = ["label"] + [f"pixel{i}" for i in range(1, 785)]
    if header != expected:
        problem = (f"its first column is {header[0]!r}, not 'label'" if header and header[0] != "label"
                   else f"it has {max(len(header) - 1, 0)} pixel columns instead of 784")
        raise DataFormatError(f"{path} does not look like a Sign Language MNIST file: {problem}. "
                              "The header must be label,pixel1,...,pixel784 (28x28 images).")
    try:
        frame = pd.read_csv(path, dtype=np.int64)
    except ValueError:
        raise DataFormatError(_bad_csv_row(path, len(expected))) from None
    values = frame.to_numpy()
    if not len(values):
        raise DataFormatError(f"{path} has its header but no data rows: the file is cut short or empty. "
                              "Fetch it again (`dlcourse data fetch asl`) or restore it from the original.")
    codes, pixels = values[:, 0], values[:, 1:]
    bad = ~np.isin(codes, ASL_LABEL_CODES)
    if bad.any():
        row = int(np.argmax(bad))
        raise DataFormatError(f"{path}, data row {row + 1}: label {codes[row]} is out of range. Labels "
                              "are letter numbers A=0 .. Y=24, without J (9) and Z (25).")
    if pixels.min() < 0 or pixels.max() > 255:
        raise DataFormatError(f"{path} has pixel values outside 0..255.")
    return pixels.astype(np.uint8).reshape(-1, 28, 28), codes


def _bad_csv_row(path: Path, columns: int) -> str:
    """Which data row of a Sign Language MNIST file pandas could not read as whole numbers, and why."""
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        for number, row in enumerate(reader, 1):
            if len(row) != columns:
                return (f"{path}, data row {number} (line {number + 1}): {len(row)} values instead of "
                        f"{columns} (a label and 784 pixels): the row is cut short or has extra values.")
            for name, value in zip(header, row):
                if not value.strip().lstrip("+-").isdigit():
                    return (f"{path}, data row {number} (line {number + 1}), column {name}: {value!r} is "
                            "not a whole number; every value must be an integer (labels 0..24, pixels 0..255).")
    return f"{path} has a value pandas could not read as a whole number."


def _load_sign_mnist(name: str) -> tuple[np.ndarray, np.ndarray]:
    """``asl/sign_mnist_<name>.csv`` as images and class indices 0..23 into ``ASL_LETTERS``."""
    source = locate(f"asl/sign_mnist_{name}.csv")
    images, codes = _cached_arrays(source, f"asl-{name}", read_sign_mnist_csv)
    return images, np.searchsorted(ASL_LABEL_CODES, codes).astype(np.int64)


def load_asl():
    """American Sign Language letters, 28x28 grayscale (Sign Language MNIST format).

    Returns ``(x_train, y_train), (x_valid, y_valid)``: images ``uint8`` (N, 28, 28) with values
    0..255, and labels ``int64`` class indices 0..23 into ``ASL_LETTERS`` (J and Z are left out
    because they need motion). Row counts depend on the copy you have.
    """
    return _load_sign_mnist("train"), _load_sign_mnist("test")


def load_asl_new_signers():
    """ASL letters photographed by people outside the training pool: the field test of chapter 11.

    Returns ``(x, y)`` in the format of :func:`load_asl`. Raises :class:`DataNotFound` where the file
    is absent (it exists only in the course's data folder; Kaggle's files have no such set).
    """
    return _load_sign_mnist("new_signers")


# ----------------------------------------------------------------------------- images


def load_image(path: str | os.PathLike, size: tuple[int, int] | None = None,
               mode: str = "RGB") -> np.ndarray:
    """Read an image file (JPEG, PNG, WebP whatever its extension) as a ``uint8`` array.

    ``size`` is (height, width); ``mode`` is a Pillow mode ("RGB" or "L"). Raises
    :class:`ImageReadError` naming the file when it is missing or not an image.
    """
    from PIL import Image, UnidentifiedImageError

    path = Path(path)
    try:
        with Image.open(path) as image:
            image = image.convert(mode)
            if size is not None:
                image = image.resize((size[1], size[0]), Image.Resampling.BILINEAR)
            return np.asarray(image, dtype=np.uint8)
    except FileNotFoundError:
        raise ImageReadError(f"There is no file {path}.") from None
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise ImageReadError(f"Could not read {path} as an image ({type(error).__name__}): "
                             "is it really a photo? Re-save it as JPEG or PNG, or remove it.") from None


def sample_images(group: str) -> dict[str, Path]:
    """The course's sample photos: ``"asl_images"`` or ``"doggy_door_images"`` -> {file name: path}."""
    return {Path(p).name: p for p in fetch(group)}


def image_folder(root: str | os.PathLike, size: tuple[int, int] = (224, 224),
                 min_per_class: int = 1, skip_unreadable: bool = False, classes: list[str] | None = None):
    """Load a folder of photos laid out as ``root/<class name>/<image files>``.

    Returns ``(images, labels, class_names, paths)``: images ``uint8`` (N, H, W, 3), labels
    ``int64`` indices into the alphabetically sorted ``class_names``. Unreadable files stop the
    load with their name (or are skipped with a warning when ``skip_unreadable``). With ``classes``,
    any other class folder is an error; without, a folder named like another class (``Bo_extra``
    beside ``bo``) is warned about. Files that are not photos, and folders inside a class folder,
    are skipped with a one-line warning that names them.
    """
    root = Path(root)
    if not root.is_dir():
        raise DataNotFound(f"There is no folder {root}. Expected {root}/<class>/<photos>.")
    class_dirs = sorted(d for d in root.iterdir() if d.is_dir() and not d.name.startswith("."))
    _check_class_names(root, [d.name for d in class_dirs], classes)
    if len(class_dirs) < 2:
        raise DataFormatError(f"{root} needs at least two class folders (for example bo/ and not_bo/); "
                              f"found {[d.name for d in class_dirs]}.")
    images, labels, paths = [], [], []
    for index, class_dir in enumerate(class_dirs):
        files = _photos_in(class_dir)
        if len(files) < min_per_class:
            raise DataFormatError(f"The class folder {class_dir} has {len(files)} photo(s); it needs at "
                                  f"least {min_per_class}. Add photos (.jpg, .png, .webp) to it.")
        for f in files:
            try:
                images.append(load_image(f, size))
            except ImageReadError as error:
                if not skip_unreadable:
                    raise
                warnings.warn(f"skipped {f}: {error}", DataWarning)
                continue
            labels.append(index)
            paths.append(f)
    return (np.stack(images), np.array(labels, dtype=np.int64), [d.name for d in class_dirs], paths)


def _check_class_names(root: Path, found: list[str], expected: list[str] | None) -> None:
    if expected is not None:
        unexpected = [name for name in found if name not in expected]
        if unexpected:
            raise DataFormatError(f"{root} has class folder(s) {', '.join(unexpected)} that are not among the "
                                  f"expected classes {', '.join(expected)}: move their photos into one of those "
                                  "folders, or remove them.")
        return
    for name in found:
        base = next((other for other in found if other != name and _variant_of(name, other)), None)
        if base:
            warnings.warn(f"{root}: the folder {name}/ becomes a class of its own beside {base}/ (classes: "
                          f"{', '.join(found)}). If its photos are {base}, move them into {base}/.", DataWarning)


def _variant_of(name: str, other: str) -> bool:
    """``Bo_extra``, ``bo copy`` or ``Bo`` for ``bo``: the same name in other case or with a suffix."""
    name, other = name.lower(), other.lower()
    return name == other or (name.startswith(other) and not name[len(other)].isalnum())


def _photos_in(class_dir: Path) -> list[Path]:
    """The photos of one class folder, with a one-line warning for what is skipped there and why."""
    photos, skipped = [], []
    for entry in sorted(class_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            skipped.append(f"{entry.name}/ (a folder: photos must sit directly in {class_dir.name}/)")
        elif entry.suffix.lower() in IMAGE_SUFFIXES:
            photos.append(entry)
        elif entry.suffix.lower() in (".heic", ".heif"):
            skipped.append(f"{entry.name} (HEIC is not readable here: export it as JPEG)")
        else:
            skipped.append(f"{entry.name} (not a photo type: {', '.join(sorted(IMAGE_SUFFIXES))})")
    if skipped:
        warnings.warn(f"skipped in {class_dir}: {'; '.join(skipped)}", DataWarning)
    return photos


def presidential_doggy_door_dir() -> Path:
    """The folder with ``train/`` and ``valid/``, each with ``bo/`` and ``not_bo/``."""
    files = fetch("presidential_doggy_door")
    return Path(str(files[0]).split("presidential_doggy_door")[0]) / "presidential_doggy_door"


# ----------------------------------------------------------------------------- text


def load_sentiment() -> tuple[list[str], np.ndarray, list[str]]:
    """The UCI labelled sentences (IMDB, Yelp, Amazon).

    Returns ``(sentences, labels, sources)``: 3,000 strings, labels ``int64`` (1 positive,
    0 negative), and the source site of each sentence.
    """
    sentences, labels, sources = [], [], []
    for entry in groups()["uci_sentiment"]:
        if not entry.path.endswith("_labelled.txt"):
            continue
        path = locate(entry.path)
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            if not line.strip():
                continue
            text, _, label = line.rstrip().rpartition("\t")
            if label not in ("0", "1") or not text:
                raise DataFormatError(f"{path}, line {number}: expected 'sentence<TAB>0 or 1'.")
            sentences.append(text.strip())
            labels.append(int(label))
            sources.append(path.name.split("_")[0])
    return sentences, np.array(labels, dtype=np.int64), sources


def sentiment_split(valid_fraction: float = 0.2, seed: int = 0):
    """The fixed split of the 3,000 labelled sentences used by chapter 14 and its lab.

    Returns ``(train_sentences, train_labels), (valid_sentences, valid_labels)``: lists of strings
    and ``int64`` arrays (1 positive, 0 negative). The lab's checks measure on the validation part.
    """
    sentences, labels, _ = load_sentiment()
    order = np.random.default_rng(seed).permutation(len(sentences))
    n_valid = int(round(len(sentences) * valid_fraction))
    valid, train = order[:n_valid], order[n_valid:]
    return (([sentences[i] for i in train], labels[train]),
            ([sentences[i] for i in valid], labels[valid]))


def load_headlines() -> list[str]:
    """New York Times headlines (the ``headline`` column of Articles*.csv), "Unknown" ones dropped."""
    import pandas as pd

    headlines: list[str] = []
    for entry in sorted(groups()["nyt_headlines"], key=lambda e: e.path):
        path = locate(entry.path)
        frame = pd.read_csv(path, usecols=["headline"])
        headlines.extend(h for h in frame["headline"].astype(str) if h != "Unknown")
    return headlines
