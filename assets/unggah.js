// The upload zone silently drops a file over its size limit; tell the user, naming the limit.
document.addEventListener("change", check, true);
document.addEventListener("drop", check, true);

function check(event) {
  const wrap = event.target.closest && event.target.closest("#unggah-upload-wrap");
  if (!wrap) { return; }
  const files = (event.dataTransfer && event.dataTransfer.files) || event.target.files || [];
  const limit = Number(wrap.dataset.maxBytes);
  const note = document.getElementById("unggah-size-note");
  if (!note) { return; }
  note.textContent = "";
  for (const file of files) {
    if (file.size > limit) {
      const mb = (file.size / 1048576).toFixed(1).replace(".", ",");
      note.textContent = "Berkas " + file.name + " (" + mb + " MB) ditolak: ukuran paling besar " +
        wrap.dataset.maxMb + " MB. Muat berkas sebesar ini dengan perintah " +
        "python cli.py import <jenis> <berkas>.";
    }
  }
}
