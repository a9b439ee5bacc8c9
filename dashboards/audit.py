"""Admin page Log audit: what the users inside the admin's wilayah did, newest first."""
from data_access.users import EVENTS
from layouts.admin_parts import audit_page
from layouts.pages import PAGE_BY_KEY, register_page

register_page(__name__, PAGE_BY_KEY["audit"])


def layout(**_query):
    return audit_page(EVENTS)
