// Search over TL_INDEX (search-index.js): rows of [TL name, kind, href, Python name], and for
// an error the regex of its instances ("" for a plain name): FLOOD_WAIT_42 finds FLOOD_WAIT_X.
// Plain JS, no network: works when the reference is opened from file://.
(function () {
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var patterns = {};
  function instance(row, q) {
    if (!row[4]) return false;
    if (!(row[4] in patterns)) patterns[row[4]] = new RegExp(row[4], "i");
    return patterns[row[4]].test(q);
  }
  function rank(row, q) {
    var name = row[0].toLowerCase(), local = name.slice(name.lastIndexOf(".") + 1);
    var python = row[3].toLowerCase();
    if (name === q || local === q || python === q || instance(row, q)) return 0;
    if (local.indexOf(q) === 0 || python.indexOf(q) === 0) return 1;
    if (name.indexOf(q) >= 0 || python.indexOf(q) >= 0) return 2;
    return -1;
  }
  function show() {
    var q = input.value.trim().toLowerCase();
    list.textContent = "";
    if (!q) return;
    var hits = [];
    for (var i = 0; i < TL_INDEX.length; i++) {
      var r = rank(TL_INDEX[i], q);
      if (r >= 0) hits.push([r, TL_INDEX[i]]);
    }
    hits.sort(function (a, b) { return a[0] - b[0] || (a[1][0] < b[1][0] ? -1 : a[1][0] > b[1][0] ? 1 : 0); });
    hits.slice(0, 100).forEach(function (hit) {
      var row = hit[1], item = document.createElement("li"), link = document.createElement("a");
      link.href = row[2];
      link.textContent = row[0];
      item.appendChild(link);
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = row[1] + (row[3] ? " · " + row[3] : "");
      item.appendChild(kind);
      list.appendChild(item);
    });
  }
  input.addEventListener("input", show);
  show();
})();
