"""Settings for every test run from the repository root, notebooks included."""


def pytest_collection_modifyitems(session, config, items):
    # nbval: stderr carries TensorFlow's start-up logs and library warnings, which come and go
    # with the environment; the book drops stderr too. Compare everything else.
    for item in items:
        notebook = getattr(item, "parent", None)
        skip = getattr(notebook, "skip_compare", None)
        if skip is not None and "stderr" not in skip:
            notebook.skip_compare = (*skip, "stderr")
