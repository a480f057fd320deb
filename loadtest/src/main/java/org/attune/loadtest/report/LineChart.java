package org.attune.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A small line chart written as plain SVG: one or more series on linear x and linear or logarithmic
 * y axes, with ticks, labels and a legend. No dependencies.
 *
 * <p>Thread-safe: no; build and render on one thread.
 */
public final class LineChart {

  /** One line of the chart. */
  public record Series(String name, List<double[]> points) {}

  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
  private static final int WIDTH = 720;
  private static final int HEIGHT = 420;
  private static final int LEFT = 80;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 60;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final boolean logY;
  private final List<Series> series = new ArrayList<>();
  private DoubleFunction<String> xTickLabel = LineChart::number;
  private double[] xTicks;

  public LineChart(String title, String xLabel, String yLabel, boolean logY) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.logY = logY;
  }

  public LineChart add(Series s) {
    if (!s.points().isEmpty()) {
      series.add(s);
    }
    return this;
  }

  /** Fixed x ticks with their own labels (e.g. percentiles on a "nines" axis). */
  public LineChart xTicks(double[] ticks, DoubleFunction<String> label) {
    this.xTicks = ticks.clone();
    this.xTickLabel = label;
    return this;
  }

  /** The chart as an SVG document. */
  public String toSvg() {
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (Series s : series) {
      for (double[] p : s.points()) {
        minX = Math.min(minX, p[0]);
        maxX = Math.max(maxX, p[0]);
        double y = yValue(p[1]);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }
    if (series.isEmpty()) {
      minX = 0;
      maxX = 1;
      minY = 0;
      maxY = 1;
    }
    if (logY) {
      minY = Math.floor(minY);
      maxY = Math.ceil(maxY);
    } else {
      minY = Math.min(0, minY);
      maxY = niceCeiling(maxY);
    }
    if (maxX == minX) {
      maxX = minX + 1;
    }
    if (maxY == minY) {
      maxY = minY + 1;
    }
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    text(svg, WIDTH / 2.0, 22, "middle", 15, title);
    text(svg, LEFT + (WIDTH - LEFT - RIGHT) / 2.0, HEIGHT - 15, "middle", 12, xLabel);
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"18\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 18 %.1f)\">%s</text>%n",
            TOP + (HEIGHT - TOP - BOTTOM) / 2.0,
            TOP + (HEIGHT - TOP - BOTTOM) / 2.0,
            escape(yLabel)));
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" stroke=\"#888\"/>%n",
            LEFT,
            TOP,
            plotW,
            plotH));
    // y ticks
    List<double[]> yTicks = new ArrayList<>();
    if (logY) {
      for (double e = minY; e <= maxY + 1e-9; e++) {
        yTicks.add(new double[] {e, Math.pow(10, e)});
      }
    } else {
      for (int i = 0; i <= 5; i++) {
        double v = minY + (maxY - minY) * i / 5;
        yTicks.add(new double[] {v, v});
      }
    }
    for (double[] t : yTicks) {
      double y = TOP + plotH - (t[0] - minY) / (maxY - minY) * plotH;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
              LEFT,
              y,
              LEFT + plotW,
              y));
      text(svg, LEFT - 6, y + 4, "end", 11, number(t[1]));
    }
    double[] xs = xTicks;
    if (xs == null) {
      xs = new double[6];
      for (int i = 0; i <= 5; i++) {
        xs[i] = minX + (maxX - minX) * i / 5;
      }
    }
    for (double t : xs) {
      double x = LEFT + (t - minX) / (maxX - minX) * plotW;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
              x,
              TOP,
              x,
              TOP + plotH));
      text(svg, x, TOP + plotH + 16, "middle", 11, xTickLabel.apply(t));
    }
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      String color = COLORS[i % COLORS.length];
      StringBuilder path = new StringBuilder();
      for (double[] p : s.points()) {
        double x = LEFT + (p[0] - minX) / (maxX - minX) * plotW;
        double y = TOP + plotH - (yValue(p[1]) - minY) / (maxY - minY) * plotH;
        path.append(path.length() == 0 ? "M" : " L")
            .append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
              path,
              color));
      double ly = TOP + 14 + i * 16;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\"/>%n",
              LEFT + 10,
              ly - 4,
              LEFT + 30,
              ly - 4,
              color));
      text(svg, LEFT + 36, ly, "start", 11, s.name());
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private double yValue(double v) {
    return logY ? Math.log10(Math.max(v, 1e-3)) : v;
  }

  private static double niceCeiling(double v) {
    if (v <= 0) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * magnitude >= v) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    return Math.abs(v) >= 10
        ? String.format(Locale.ROOT, "%,.0f", v)
        : Math.abs(v) >= 1
            ? String.format(Locale.ROOT, "%.1f", v)
            : String.format(Locale.ROOT, "%.3g", v);
  }

  private static void text(
      StringBuilder svg, double x, double y, String anchor, int size, String text) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
            x,
            y,
            anchor,
            size,
            escape(text)));
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
