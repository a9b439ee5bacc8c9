"""Reading Dash components in tests (objects, or the plain dicts of their JSON form): the text a
user would read in one."""


def text_of(component) -> str:
    """The text inside a component tree (strings joined by spaces); '' for None."""
    if component is None:
        return ""
    if isinstance(component, str):
        return component
    if isinstance(component, dict):  # a component in the JSON form Dash sends (layouts.k1_obat._plain)
        children = component.get("props", {}).get("children")
    else:
        children = getattr(component, "children", None)
    if isinstance(children, (list, tuple)):
        return " ".join(text_of(c) for c in children)
    return text_of(children)
