package dev.revsync.internal.html;

import java.util.List;
import java.util.Locale;

/**
 * The little HTML both revsync pages need: escaping, the shared style sheet, and SVG bar charts
 * drawn inline, so a page is one self-contained file that loads nothing from the network.
 */
public final class Html {
  /** A page's Content-Security-Policy: nothing but its own inline style; forms post to itself. */
  static final String PAGE_CSP =
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'";

  /** As sent in a header, where (unlike a meta element) framing can be refused too. */
  public static final String CSP = PAGE_CSP + "; frame-ancestors 'none'";

  static final String STYLE =
      """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1f2933;background:#fff}
      h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:15px;margin:18px 0 6px}
      .muted{color:#617080}table{border-collapse:collapse;margin:6px 0 12px}
      th,td{border-bottom:1px solid #d9e2ec;padding:4px 10px;text-align:left;vertical-align:top}
      td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
      .COMPLETED{color:#1b7a3d}.QUOTA_EXHAUSTED,.WINDOW_CLOSED{color:#a35d00}.FAILED,.CANCELLED{color:#b3261e}
      .charts{display:flex;flex-wrap:wrap;gap:24px}figure{margin:0}.chart{border:1px solid #d9e2ec;border-radius:6px;padding:10px}
      .note{background:#f0f4f8;border-left:4px solid #627d98;padding:8px 12px;margin:12px 0}
      .ok{background:#e3f9e5;border-left:4px solid #1b7a3d;padding:8px 12px}
      .error{background:#ffe3e3;border-left:4px solid #b3261e;padding:8px 12px}
      form.limits{display:flex;gap:12px;align-items:end;flex-wrap:wrap}
      label{display:flex;flex-direction:column;font-size:12px;color:#486581}
      input{font:inherit;padding:4px 6px;width:9em}button{font:inherit;padding:5px 14px}
      section.connection{border:1px solid #d9e2ec;border-radius:6px;padding:4px 16px 12px;margin:16px 0}
      """;

  private static final String[] PALETTE = {
    "#2f6fde", "#e07b00", "#1b998b", "#c2185b", "#6a4c93", "#8d6e63"
  };

  private Html() {}

  /** Escapes text for HTML content and attribute values. */
  public static String escape(String s) {
    if (s == null) return "";
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** The opening of a page up to and including {@code <body>}. */
  public static String head(String title) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta http-equiv=\"Content-Security-Policy\" content=\""
        + PAGE_CSP
        + "\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>"
        + escape(title)
        + "</title><style>"
        + STYLE
        + "</style></head><body>\n";
  }

  public static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** One bar of a chart: its label, and one value per series. */
  @SuppressWarnings("ArrayRecordComponent") // drawn once, never compared or hashed
  public record Bar(String label, long... values) {}

  /**
   * A horizontal bar chart as inline SVG: one row per bar, the series stacked, a legend under it.
   *
   * @param id the chart's id (tests find it by this)
   * @param title shown above the chart
   * @param series the name of each stacked part
   * @param max the value the full width stands for (the largest bar's total when 0)
   */
  public static String barChart(
      String id, String title, List<String> series, List<Bar> bars, long max) {
    int labelWidth = 170;
    int width = 420;
    int row = 24;
    int legend = 22;
    long scale = max;
    for (Bar b : bars) {
      long total = 0;
      for (long v : b.values()) total += Math.max(0, v);
      scale = Math.max(scale, total);
    }
    if (scale <= 0) scale = 1;
    int height = bars.size() * row + legend + 8;
    StringBuilder svg = new StringBuilder();
    svg.append("<figure class=\"chart\"><figcaption><b>")
        .append(escape(title))
        .append("</b></figcaption>")
        .append("<svg id=\"")
        .append(escape(id))
        .append("\" role=\"img\" aria-label=\"")
        .append(escape(title))
        .append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(labelWidth + width + 70)
        .append("\" height=\"")
        .append(height)
        .append("\" font-size=\"12\" font-family=\"sans-serif\">");
    int y = 4;
    for (Bar b : bars) {
      svg.append("<text x=\"0\" y=\"")
          .append(y + 15)
          .append("\">")
          .append(escape(b.label()))
          .append("</text>");
      double x = labelWidth;
      long total = 0;
      for (int s = 0; s < b.values().length; s++) {
        long v = Math.max(0, b.values()[s]);
        total += v;
        double w = (double) v / scale * width;
        if (w <= 0) continue;
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect class=\"bar\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"%s\">"
                    + "<title>%s: %s</title></rect>",
                x,
                y,
                w,
                PALETTE[s % PALETTE.length],
                escape(b.label() + " " + series.get(s)),
                number(v)));
        x += w;
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" fill=\"#486581\">%s</text>",
              x + 4,
              y + 14,
              number(total)));
      y += row;
    }
    int lx = labelWidth;
    for (int s = 0; s < series.size(); s++) {
      svg.append("<rect x=\"")
          .append(lx)
          .append("\" y=\"")
          .append(y + 4)
          .append("\" width=\"10\" height=\"10\" fill=\"")
          .append(PALETTE[s % PALETTE.length])
          .append("\"/><text x=\"")
          .append(lx + 14)
          .append("\" y=\"")
          .append(y + 13)
          .append("\">")
          .append(escape(series.get(s)))
          .append("</text>");
      lx += 20 + 8 * series.get(s).length();
    }
    svg.append("</svg></figure>\n");
    return svg.toString();
  }
}
