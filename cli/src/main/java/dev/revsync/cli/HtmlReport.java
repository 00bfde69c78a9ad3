package dev.revsync.cli;

import dev.revsync.ConfigurationException;
import dev.revsync.pipeline.DailyReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a {@link DailyReport} as its self-contained HTML page for {@code --html FILE}. */
final class HtmlReport {
  private HtmlReport() {}

  static void write(Path file, DailyReport report, PrintWriter o) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.writeString(file, report.toHtml(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigurationException(
          "revsync",
          "--html " + file,
          "cannot write the report: " + e,
          "Name a file in a writable directory",
          e);
    }
    o.println("report page: " + file.toAbsolutePath());
  }

  /** {@code report.html} → {@code report-day2.html}. */
  static Path sibling(Path file, String suffix) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String renamed =
        dot > 0 ? name.substring(0, dot) + suffix + name.substring(dot) : name + suffix;
    return file.resolveSibling(renamed);
  }
}
