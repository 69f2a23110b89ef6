// Visit form: the festival field only matters for festival goods.
document.addEventListener("DOMContentLoaded", () => {
  const occasion = document.getElementById("id_occasion");
  const festival = document.getElementById("id_festival");
  if (!occasion || !festival) return;
  const row = festival.closest(".mb-3");
  const sync = () => { if (row) row.hidden = occasion.value !== "festival"; };
  occasion.addEventListener("change", sync);
  sync();
});
