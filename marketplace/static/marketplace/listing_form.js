/* Guided listing form, progressive enhancement only: the form works (and is validated on the server) without it. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-listing-form]");
    if (!form) { return; }

    // Needs have a readiness range and a budget; capabilities have one level and no budget.
    function currentKind() {
      var checked = form.querySelector("input[name=kind]:checked");
      return checked ? checked.value : form.getAttribute("data-kind");
    }
    function applyKind() {
      var kind = currentKind();
      form.querySelectorAll("[data-kind-only]").forEach(function (block) {
        block.hidden = Boolean(kind) && block.getAttribute("data-kind-only") !== kind;
      });
    }
    form.querySelectorAll("input[name=kind]").forEach(function (radio) { radio.addEventListener("change", applyKind); });
    applyKind();

    // Inline validation: show the browser's message next to the field when it is left.
    function showValidity(field) {
      var holder = field.closest(".field");
      if (!holder) { return; }
      var note = holder.querySelector(".js-field-error");
      if (field.checkValidity()) {
        field.classList.remove("is-invalid");
        field.removeAttribute("aria-invalid");
        if (note) { note.remove(); }
        return;
      }
      field.classList.add("is-invalid");
      field.setAttribute("aria-invalid", "true");
      if (!note) {
        note = document.createElement("p");
        note.className = "js-field-error message message--error small";
        note.setAttribute("role", "alert");
        holder.appendChild(note);
      }
      note.textContent = field.validationMessage;
    }
    form.querySelectorAll("input, textarea, select").forEach(function (field) {
      if (field.type === "hidden" || field.type === "checkbox" || field.type === "radio") { return; }
      field.addEventListener("blur", function () { showValidity(field); });
      field.addEventListener("input", function () { if (field.classList.contains("is-invalid")) { showValidity(field); } });
    });

    // Characters left in the summary.
    form.querySelectorAll("[data-counter-for]").forEach(function (counter) {
      var field = document.getElementById(counter.getAttribute("data-counter-for"));
      if (!field || !field.maxLength || field.maxLength < 0) { return; }
      function update() { counter.textContent = field.value.length + " / " + field.maxLength; }
      field.addEventListener("input", update);
      update();
    });

    // Files: refuse oversized ones before the upload starts (the server checks again, and checks the type).
    var limit = 10 * 1024 * 1024;
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      input.addEventListener("change", function () {
        var tooBig = Array.prototype.filter.call(input.files, function (file) { return file.size > limit; });
        input.setCustomValidity(tooBig.length ? tooBig.map(function (f) { return f.name; }).join(", ") + " > 10 MB" : "");
        showValidity(input);
      });
    });
  });
})();
