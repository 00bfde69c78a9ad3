package dev.revsync.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * BENCHMARKS.md as it is built: a header about the machine and the command, then one section per
 * scenario (text, a table, notes). Not thread-safe.
 */
final class Report {
  /** One scenario's section. */
  static final class Section {
    final String title;
    final List<String> paragraphs = new ArrayList<>();
    List<String> columns = List.of();
    final List<List<String>> rows = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    Section(String title) {
      this.title = title;
    }

    Section text(String paragraph) {
      paragraphs.add(paragraph);
      return this;
    }

    Section columns(String... names) {
      columns = List.of(names);
      return this;
    }

    Section row(Object... cells) {
      List<String> r = new ArrayList<>();
      for (Object c : cells) r.add(String.valueOf(c));
      rows.add(r);
      return this;
    }

    Section note(String note) {
      notes.add(note);
      return this;
    }
  }

  private final List<String> header = new ArrayList<>();
  private final List<Section> sections = new ArrayList<>();

  Report header(String line) {
    header.add(line);
    return this;
  }

  Section section(String title) {
    Section s = new Section(title);
    sections.add(s);
    return s;
  }

  List<Section> sections() {
    return sections;
  }

  String markdown() {
    StringBuilder b = new StringBuilder();
    for (String line : header) b.append(line).append('\n');
    for (Section s : sections) {
      b.append("\n## ").append(s.title).append("\n\n");
      for (String p : s.paragraphs) b.append(p).append("\n\n");
      if (!s.columns.isEmpty()) {
        b.append("| ").append(String.join(" | ", s.columns)).append(" |\n|");
        for (int i = 0; i < s.columns.size(); i++) b.append(i == 0 ? "---|" : "---:|");
        b.append('\n');
        for (List<String> r : s.rows) b.append("| ").append(String.join(" | ", r)).append(" |\n");
        b.append('\n');
      }
      for (String n : s.notes) b.append("- ").append(n).append('\n');
      if (!s.notes.isEmpty()) b.append('\n');
    }
    return b.toString();
  }

  /** A whole number with thousands separators. */
  static String count(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,d", Math.round(v));
  }

  /** A number with {@code decimals} decimals. */
  static String num(double v, int decimals) {
    return Double.isNaN(v) || Double.isInfinite(v)
        ? "–"
        : String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }
}
