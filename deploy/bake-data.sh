#!/usr/bin/env bash
# Fetch the course data into the image at build time (Dockerfile, FETCH_DATA=1), into
# /opt/dlcourse/data: the folder the course searches first after $DLCOURSE_DATA_DIR.
# Every file is checked against its sha256 by `dlcourse data fetch`. The ASL letters
# (group "asl") need a Kaggle account, so they are left to the learner (see `dlcourse doctor`).
set -euo pipefail
target=${1:-/opt/dlcourse/data}
export DLCOURSE_CACHE_DIR=$target
groups=(mnist fashion_mnist asl_images doggy_door_images presidential_doggy_door uci_sentiment nyt_headlines)
dlcourse data fetch "${groups[@]}"
rm -rf "$target/downloads" "$target/verified"
# Keras's pretrained weights for the transfer-learning chapters, in Keras's own cache layout.
KERAS_HOME="$target/keras" python -c '
import numpy as np, keras
keras.applications.MobileNet(alpha=0.75, weights="imagenet")
keras.applications.MobileNet(alpha=0.75, include_top=False, weights="imagenet", input_shape=(224, 224, 3))
keras.applications.imagenet_utils.decode_predictions(np.eye(1, 1000), top=1)
'
echo "bake-data: course data in $target"
