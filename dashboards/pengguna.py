"""Admin page Pengguna: the users inside the admin's wilayah; add one, change one."""
from layouts.admin_parts import users_page
from layouts.pages import PAGE_BY_KEY, register_page

register_page(__name__, PAGE_BY_KEY["pengguna"])


def layout(**_query):
    return users_page()
