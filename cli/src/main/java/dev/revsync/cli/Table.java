package dev.revsync.cli;

import java.util.List;

/** Plain-text tables with aligned columns; the first row is the header. */
final class Table {
  private Table() {}

  static String render(List<String[]> rows) {
    int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++)
        width[i] = Math.max(width[i], row[i] == null ? 0 : row[i].length());
    }
    StringBuilder s = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        String cell = row[i] == null ? "" : row[i];
        line.append(cell);
        if (i < row.length - 1) line.append(" ".repeat(width[i] - cell.length() + 2));
      }
      s.append(line.toString().stripTrailing()).append('\n');
      if (r == 0) {
        int total = 0;
        for (int i = 0; i < columns; i++) total += width[i] + (i < columns - 1 ? 2 : 0);
        s.append("-".repeat(total)).append('\n');
      }
    }
    return s.toString();
  }
}
