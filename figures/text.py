"""Text from the data (area names) made safe for plotly, which reads pseudo-HTML in labels."""
from __future__ import annotations

import html


def plain(text: object) -> str:
    """`text` shown literally in a figure: & < > as entities, which plotly.js decodes after
    it has looked for its tags (<a href>, <b>, <span style>), so a desa named
    '<a href="…">Login ulang</a>' draws those characters instead of a live link. Applied
    where a name enters a figure dict, once (escaping twice would show '&amp;'). None → ''."""
    return "" if text is None else html.escape(str(text), quote=False)
