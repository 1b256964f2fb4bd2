"""One way to turn a plotting function into a live widget that also works on the static site.

``explorer(draw, controls, frames)`` returns an object that JupyterLab shows as live ipywidgets
(controls plus the figure ``draw(**values)`` makes), and that a kernel-less page (the Jupyter
Book) shows as a small HTML slider over pre-rendered frames: the book prefers ``text/html`` for
these outputs, JupyterLab prefers the widget view.
"""

from __future__ import annotations

import base64
import html
import io
import itertools
import json
import uuid
from typing import Any, Callable

MAX_FRAMES = 48
FRAME_DPI = 60


def compact_frame(png: bytes, image_format: str = "png") -> bytes:
    """A pre-rendered frame, small enough for the book: plots as 256-colour PNG, photos as JPEG.

    A plot has few distinct colours, so a palette PNG looks the same at about 40 % of the size;
    photographs keep their detail better, and far smaller, as JPEG.
    """
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    buffer = io.BytesIO()
    if image_format == "jpeg":
        image.save(buffer, format="jpeg", quality=80, optimize=True)
    else:
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(buffer, format="png", optimize=True)
    return buffer.getvalue()


class Explorer:
    def __init__(self, draw: Callable[..., Any], controls: dict, frames: dict[str, list], alt: str,
                 image_format: str = "png"):
        self.image_format = image_format
        self.draw = draw
        self.controls = controls
        self.frames = frames
        self.alt = alt
        self._widget = None

    @property
    def widget(self):
        """The live ipywidgets box (built on first use)."""
        if self._widget is None:
            import ipywidgets as widgets
            import matplotlib.pyplot as plt

            output = widgets.Output()

            def redraw(**values):
                with output:
                    output.clear_output(wait=True)
                    figure = self.draw(**values)
                    plt.show(figure) if figure is not None else plt.show()

            interactive = widgets.interactive(redraw, **self.controls)
            controls_box = widgets.VBox(list(interactive.children[:-1]))
            self._widget = widgets.VBox([controls_box, output])
            self._interactive = interactive
            interactive.update()
        return self._widget

    def set(self, **values) -> None:
        """Move controls programmatically (what tests and demos do)."""
        self.widget
        for child in self._interactive.children[:-1]:
            if getattr(child, "description", None) in values:
                child.value = values[child.description]
            key = getattr(child, "_kwarg", None)
            if key in values:
                child.value = values[key]

    def frame_values(self) -> list[dict]:
        names = list(self.frames)
        combos = [dict(zip(names, combo)) for combo in itertools.product(*self.frames.values())]
        if len(combos) > MAX_FRAMES:
            raise ValueError(f"{len(combos)} static frames; keep it at {MAX_FRAMES} or fewer")
        return combos

    def static_html(self) -> str:
        """A self-contained HTML slider over pre-rendered frames (no kernel, no CDN)."""
        import matplotlib.pyplot as plt

        defaults = {k: _default_value(v) for k, v in self.controls.items()}
        images = {}
        names = list(self.frames)
        for values in self.frame_values():
            figure = self.draw(**{**defaults, **values})
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png", dpi=FRAME_DPI, metadata={"Software": None})
            plt.close(figure)
            key = "|".join(str(self.frames[k].index(values[k])) for k in names)
            images[key] = base64.b64encode(compact_frame(buffer.getvalue(), self.image_format)).decode()
        uid = "dlx-" + uuid.uuid5(uuid.NAMESPACE_OID, self.alt + json.dumps(self.frames, default=str)).hex[:10]
        inputs = []
        for i, (name, options) in enumerate(self.frames.items()):
            start = options.index(defaults[name]) if defaults.get(name) in options else 0
            inputs.append(
                f'<label style="display:inline-block;margin:0 1.5em 0.3em 0">{html.escape(name)} '
                f'<input type="range" min="0" max="{len(options) - 1}" '
                f'step="1" value="{start}" data-i="{i}" aria-label="{html.escape(name)}"> '
                f'<output style="display:inline-block;min-width:3em">{html.escape(str(options[start]))}</output></label>'
            )
        first = "|".join(str(self.frames[k].index(defaults[k])) if defaults.get(k) in self.frames[k] else "0"
                         for k in names)
        script = (
            "(function(){var r=document.getElementById('%s');var f=%s;var o=%s;"
            "var ins=r.querySelectorAll('input');function up(){var k=[];ins.forEach(function(e,i){"
            "k.push(e.value);e.nextElementSibling.textContent=o[i][+e.value];});"
            "var s=f[k.join('|')];if(s){r.querySelector('img').src='data:image/%s;base64,'+s;}}"
            "ins.forEach(function(e){e.addEventListener('input',up);});up();})();"
        ) % (uid, json.dumps(images), json.dumps([[_js(v) for v in opts] for opts in self.frames.values()]),
             self.image_format)
        return (
            f'<div class="dlcourse-explorer" id="{uid}">'
            f'<div class="dlcourse-explorer-controls">{"".join(inputs)}</div>'
            f'<img alt="{html.escape(self.alt)}" src="data:image/{self.image_format};base64,{images[first]}">'
            f"<script>{script}</script></div>"
        )

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/html"] = self.static_html()
        data["text/plain"] = f"Interactive figure: {self.alt}"
        return data


def _default_value(control: Any) -> Any:
    return getattr(control, "value", control)


def _js(value: Any) -> Any:
    return value if isinstance(value, (int, float, str, bool)) else str(value)


def explorer(draw: Callable[..., Any], controls: dict, frames: dict[str, list], alt: str,
             image_format: str = "png") -> Explorer:
    """Live controls for ``draw`` in JupyterLab, pre-rendered ``frames`` on the static site.

    ``controls`` maps ``draw``'s keyword arguments to ipywidgets controls (or fixed values);
    ``frames`` maps at most a few of them to the values pre-rendered for the book (their
    product must stay at or below 48 frames); ``alt`` describes the figure for screen readers.
    ``image_format="jpeg"`` keeps frames of photographs small.
    """
    return Explorer(draw, controls, frames, alt, image_format)
