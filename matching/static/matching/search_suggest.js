/* Search suggestions under the search box (progressive enhancement: the form works without it). */
(function () {
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-suggestions");
  if (!input || !list || !window.fetch) { return; }
  var timer = null, last = "";
  function clear() { list.innerHTML = ""; list.hidden = true; }
  function show(items) {
    list.innerHTML = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.setAttribute("data-testid", "suggestion");
      li.textContent = item.text;
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();
        input.value = item.text;
        clear();
        input.form.submit();
      });
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
  }
  input.addEventListener("input", function () {
    var value = input.value.trim();
    clearTimeout(timer);
    if (!value) { clear(); return; }
    timer = setTimeout(function () {
      if (value === last) { return; }
      last = value;
      fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(value), {headers: {"Accept": "application/json"}})
        .then(function (response) { return response.ok ? response.json() : {suggestions: []}; })
        .then(function (data) { if (input.value.trim() === value) { show(data.suggestions || []); } })
        .catch(clear);
    }, 150);
  });
  input.addEventListener("blur", function () { setTimeout(clear, 150); });
  input.addEventListener("keydown", function (event) { if (event.key === "Escape") { clear(); } });
})();
