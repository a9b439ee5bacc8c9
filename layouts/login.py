"""The login page: plain HTML served by Flask (no JavaScript needed, nothing of the data), in
the app's own Bootstrap. Every text that reaches it is escaped."""
from __future__ import annotations

from markupsafe import Markup, escape

from layouts.components import DEMO_TEXT

_PAGE = """<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Masuk – Dasbor Puskesmas</title>
<link rel="stylesheet" href="/assets/00-bootstrap-5.3.9.min.css">
<link rel="stylesheet" href="/assets/style.css">
</head>
<body class="login-body">
<main class="login-main">
<h1 class="login-title">Dasbor Puskesmas <span class="login-sub">PWS · ILP · IKS</span></h1>
{demo_strip}
<div class="login-grid">
<form method="post" action="/masuk" class="login-card card card-body" autocomplete="on">
<h2 class="h4 mb-3">Masuk</h2>
{message}
<input type="hidden" name="csrf" value="{csrf}">
<input type="hidden" name="next" value="{next}">
<label for="nama" class="form-label">Nama pengguna</label>
<input id="nama" name="nama" class="form-control mb-3" autocomplete="username" required
 maxlength="64" value="{nama}" autofocus>
<label for="sandi" class="form-label">Kata sandi</label>
<input id="sandi" name="sandi" type="password" class="form-control mb-3"
 autocomplete="current-password" required>
<button type="submit" class="btn btn-primary btn-lg w-100">Masuk</button>
<p class="text-muted small mt-3 mb-0">Lupa kata sandi? Hubungi admin dasbor di Dinas Kesehatan;
admin mengatur ulang kata sandi Anda.</p>
</form>
{demo_accounts}
</div>
</main>
</body>
</html>
"""


def login_page(*, csrf: str, next_path: str = "", nama: str = "", message: str | None = None,
               error: bool = True, demo_accounts: list[dict] | None = None) -> str:
    """demo_accounts: dicts with nama, sandi, peran, wilayah (only when demo data is loaded)."""
    alert = ""
    if message:
        kind = "danger" if error else "info"
        alert = f'<div class="alert alert-{kind}" role="alert">{escape(message)}</div>'
    strip = demo = ""
    if demo_accounts is not None:
        strip = (f'<div class="demo-strip login-demo-strip">{escape(DEMO_TEXT)}: semua wilayah, '
                 'nama dan angka di dasbor ini fiktif.</div>')
        rows = "".join(
            f"<tr><td><code>{escape(a['nama'])}</code></td><td><code>{escape(a['sandi'])}</code></td>"
            f"<td>{escape(a['peran'])}</td><td>{escape(a['wilayah'])}</td></tr>" for a in demo_accounts)
        demo = (f'<section class="login-demo card card-body"><h2 class="h5">Akun demo '
                f'<span class="badge text-bg-warning">{escape(DEMO_TEXT)}</span></h2>'
                '<p class="small mb-2">Akun ini hanya ada selama basis data berisi data demo. '
                'Dengan data sungguhan tidak ada akun bawaan: admin pertama dibuat dengan '
                '<code>python cli.py pengguna tambah --peran admin</code>.</p>'
                '<table class="table table-sm mb-0"><thead><tr><th>Nama pengguna</th><th>Kata sandi</th>'
                f'<th>Peran</th><th>Wilayah</th></tr></thead><tbody>{rows}</tbody></table></section>')
    return _PAGE.format(demo_strip=Markup(strip), message=Markup(alert), csrf=escape(csrf),
                        next=escape(next_path), nama=escape(nama), demo_accounts=Markup(demo))
