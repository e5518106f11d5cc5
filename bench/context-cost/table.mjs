// Reads our connector's query-result text back into values, by the rule in docs/postgres-connector.md
// ("What a model reads"): a first line with the row count (or the note saying rows were cut), a header of
// name:type cells, one line per row; cells split at tabs; NULL is SQL NULL, a cell starting with " is a JSON string,
// any other cell is the value as it is.

/** @returns {{ columns: { name: string, type: string }[], rows: (string | null)[][] }} */
export function decodeTable(text) {
  const lines = text.split("\n");
  const columns = lines[1].split("\t").map((cell) => {
    const colon = cell.lastIndexOf(":");
    return { name: decodeCell(cell.slice(0, colon)), type: cell.slice(colon + 1) };
  });
  const rows = lines.slice(2).map((line) => line.split("\t").map(decodeCell));
  return { columns, rows };
}

/** @returns {string | null} */
export function decodeCell(cell) {
  if (cell === "NULL") {
    return null;
  }

  return cell.startsWith('"') ? JSON.parse(cell) : cell;
}
