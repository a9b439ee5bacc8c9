// Plotly's interface in Bahasa Indonesia (config locale "id", layouts/graph_config.py): the
// mode bar's tooltips and messages, day and month names, the Indonesian number format. Set
// as window.PlotlyLocales, which plotly.js registers when it loads (Dash loads it on demand,
// after this script); registered at once if plotly.js is already there.
(function () {
    var id = {
        moduleType: "locale",
        name: "id",
        dictionary: {
            "Autoscale": "Skala otomatis",
            "Box Select": "Pilih kotak",
            "Click to enter Colorscale title": "Klik untuk menulis judul skala warna",
            "Click to enter Component A title": "Klik untuk menulis judul komponen A",
            "Click to enter Component B title": "Klik untuk menulis judul komponen B",
            "Click to enter Component C title": "Klik untuk menulis judul komponen C",
            "Click to enter Plot title": "Klik untuk menulis judul grafik",
            "Click to enter Plot subtitle": "Klik untuk menulis subjudul grafik",
            "Click to enter X axis title": "Klik untuk menulis judul sumbu X",
            "Click to enter Y axis title": "Klik untuk menulis judul sumbu Y",
            "Click to enter radial axis title": "Klik untuk menulis judul sumbu radial",
            "Compare data on hover": "Bandingkan data saat kursor di atasnya",
            "Double-click on legend to isolate one trace": "Klik dua kali pada legenda untuk menampilkan satu seri saja",
            "Double-click to zoom back out": "Klik dua kali untuk kembali ke ukuran semula",
            "Download plot": "Unduh grafik",
            "Download plot as a PNG": "Unduh grafik sebagai PNG",
            "Download plot as JSON": "Unduh grafik sebagai JSON",
            "Draw circle": "Gambar lingkaran",
            "Draw closed freeform": "Gambar bentuk bebas tertutup",
            "Draw line": "Gambar garis",
            "Draw open freeform": "Gambar bentuk bebas terbuka",
            "Draw rectangle": "Gambar persegi panjang",
            "Erase active shape": "Hapus bentuk aktif",
            "Lasso Select": "Pilih laso",
            "Orbital rotation": "Rotasi orbit",
            "Pan": "Geser",
            "Produced with Plotly.js": "Dibuat dengan Plotly.js",
            "Reset": "Kembalikan",
            "Reset axes": "Kembalikan sumbu",
            "Reset camera to default": "Kembalikan kamera ke bawaan",
            "Reset camera to last save": "Kembalikan kamera ke simpanan terakhir",
            "Reset view": "Kembalikan tampilan",
            "Reset views": "Kembalikan tampilan",
            "Show closest data on hover": "Tampilkan data terdekat saat kursor di atasnya",
            "Snapshot succeeded": "Gambar berhasil dibuat",
            "Sorry, there was a problem downloading your image!": "Maaf, gambar gagal diunduh.",
            "Sorry, there was a problem downloading your JSON file!": "Maaf, berkas JSON gagal diunduh.",
            "Taking snapshot - this may take a few seconds": "Membuat gambar, mungkin perlu beberapa detik",
            "Toggle Spike Lines": "Garis bantu sumbu",
            "Toggle show closest data on hover": "Tampilkan/sembunyikan data terdekat",
            "Trace ": "Seri ",
            "Turntable rotation": "Rotasi meja putar",
            "Zoom": "Perbesar area",
            "Zoom in": "Perbesar",
            "Zoom out": "Perkecil",
            "new text": "teks baru"
        },
        format: {
            days: ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
            shortDays: ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"],
            months: ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                     "September", "Oktober", "November", "Desember"],
            shortMonths: ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
            date: "%d/%m/%Y",
            decimal: ",",
            thousands: "."
        }
    };
    if (window.Plotly && window.Plotly.register) {
        window.Plotly.register(id);
    } else {
        window.PlotlyLocales = (window.PlotlyLocales || []).concat([id]);
    }
})();
