package org.attune.server.journal.export;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.attune.form.Dynamics;
import org.attune.protocol.v1.Dynamic;

/**
 * The session report: one self-contained HTML page (no script, no outside file) that a therapist
 * reads after a session. The form's timeline (sections, tempo curve, dynamics), then a table of
 * what each member did ({@link MemberObservation}), then per member their participation (onsets per
 * bar) and synchrony (mean asynchrony per bar) over the session, as inline SVG with the figures
 * also in text.
 *
 * <p>Thread-safe: yes (stateless).
 */
public final class SessionReportPage {

  private static final int WIDTH = 900;
  private static final int PLOT_HEIGHT = 120;
  private static final int MEMBER_HEIGHT = 70;
  private static final int LEFT = 60;
  private static final String[] NOTE_NAMES = {
    "C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"
  };
  private static final String[] SECTION_COLOURS = {
    "#dbe9f6", "#fde2c8", "#d9f0d3", "#f3d9ec", "#fff2b3", "#e0e0e0"
  };
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private SessionReportPage() {}

  /** The page for {@code score}, with {@code members} as {@link SessionObservations} made them. */
  public static String html(SessionScore score, List<MemberObservation> members) {
    StringBuilder h = new StringBuilder();
    double minutes = (score.endWallMicros() - score.startWallMicros()) / 60e6;
    h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Session report: ")
        .append(escape(score.name()))
        .append("</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:24px;color:#111;max-width:960px}")
        .append("table{border-collapse:collapse;margin:12px 0}")
        .append("th,td{border:1px solid #999;padding:4px 8px;text-align:right}")
        .append("th:first-child,td:first-child{text-align:left}")
        .append("h2{margin-top:32px}svg{display:block;margin:8px 0}")
        .append(".note{color:#444;font-size:90%}</style></head><body>\n");
    h.append("<h1>Session report: ").append(escape(score.name())).append("</h1>\n");
    h.append(
        String.format(
            Locale.ROOT,
            "<p>Started %s, %.1f minutes, %d bars, %d members who played.</p>%n",
            WHEN.format(Instant.ofEpochSecond(0, score.startWallMicros() * 1000)),
            minutes,
            SessionObservations.barCount(score),
            members.size()));
    score
        .damage()
        .ifPresent(
            d ->
                h.append("<p class=\"note\">The journal's tail was damaged: ")
                    .append(escape(d))
                    .append("</p>\n"));
    h.append("<h2>The form</h2>\n");
    timeline(h, score);
    h.append("<h2>Each member</h2>\n");
    table(h, members);
    h.append(
        "<p class=\"note\">Asynchrony: how far each onset falls from the nearest beat of the"
            + " group's pulse (negative: early), from the played-at times the server kept, so"
            + " network delay does not count. Tempo: the member's own, from successive onsets one"
            + " to four beats apart; steadiness is its spread as a percentage.</p>\n");
    for (MemberObservation m : members) {
      member(h, m);
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void timeline(StringBuilder h, SessionScore score) {
    long start = score.startWallMicros();
    long end = Math.max(start + 1, score.endWallMicros());
    int plot = WIDTH - LEFT - 10;
    h.append(
        String.format(
            Locale.ROOT,
            "<svg width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"Sections, tempo and"
                + " dynamics over the session\">",
            WIDTH,
            PLOT_HEIGHT * 2 + 40));
    h.append("<title>Sections, tempo and dynamics over the session</title>");
    List<FormChange> form = score.form();
    for (int i = 0; i < form.size(); i++) {
      long from = Math.max(start, form.get(i).wallMicros());
      long to = i + 1 < form.size() ? form.get(i + 1).wallMicros() : end;
      if (to <= from) {
        continue;
      }
      double x0 = LEFT + plot * (from - start) / (double) (end - start);
      double x1 = LEFT + plot * (to - start) / (double) (end - start);
      String section = form.get(i).form().getSection();
      h.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
                  + "<text x=\"%.1f\" y=\"14\" font-size=\"12\">%s</text>",
              x0,
              x1 - x0,
              PLOT_HEIGHT * 2,
              SECTION_COLOURS[Math.floorMod(section.hashCode(), SECTION_COLOURS.length)],
              x0 + 3,
              escape(section.isEmpty() ? "–" : section)));
    }
    StringBuilder tempo = new StringBuilder();
    StringBuilder dynamics = new StringBuilder();
    double maxBpm = 60;
    int steps = 300;
    double[] bpm = new double[steps + 1];
    double[] level = new double[steps + 1];
    for (int i = 0; i <= steps; i++) {
      long t = start + (end - start) * i / steps;
      bpm[i] = score.tempo().bpmAt(t);
      maxBpm = Math.max(maxBpm, bpm[i]);
      level[i] = Dynamics.levelAt(formAt(form, t).getDynamics(), score.tempo().beatAt(t));
    }
    double top = Math.ceil(maxBpm / 20) * 20;
    for (int i = 0; i <= steps; i++) {
      double x = LEFT + plot * i / (double) steps;
      tempo
          .append(i == 0 ? "M" : "L")
          .append(fmt(x))
          .append(' ')
          .append(fmt(20 + (PLOT_HEIGHT - 20) * (1 - bpm[i] / top)));
      dynamics
          .append(i == 0 ? "M" : "L")
          .append(fmt(x))
          .append(' ')
          .append(fmt(PLOT_HEIGHT + 20 + (PLOT_HEIGHT - 20) * (1 - level[i] / Dynamic.FFF_VALUE)));
    }
    h.append("<path d=\"")
        .append(tempo)
        .append("\" fill=\"none\" stroke=\"#1f4e99\" stroke-width=\"2\"/>");
    h.append("<path d=\"")
        .append(dynamics)
        .append("\" fill=\"none\" stroke=\"#a33\" stroke-width=\"2\"/>");
    h.append(
        String.format(
            Locale.ROOT,
            "<text x=\"2\" y=\"30\" font-size=\"12\" fill=\"#1f4e99\">tempo</text>"
                + "<text x=\"2\" y=\"44\" font-size=\"11\">%.0f bpm</text>"
                + "<text x=\"2\" y=\"%d\" font-size=\"11\">0</text>"
                + "<text x=\"2\" y=\"%d\" font-size=\"12\" fill=\"#a33\">dynamics</text>"
                + "<text x=\"2\" y=\"%d\" font-size=\"11\">fff</text>"
                + "<text x=\"2\" y=\"%d\" font-size=\"11\">ppp</text>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"11\">0 min</text>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%.1f min</text>",
            top,
            PLOT_HEIGHT,
            PLOT_HEIGHT + 30,
            PLOT_HEIGHT + 44,
            PLOT_HEIGHT * 2,
            LEFT,
            PLOT_HEIGHT * 2 + 16,
            WIDTH - 10,
            PLOT_HEIGHT * 2 + 16,
            (end - start) / 60e6));
    h.append("</svg>\n<p>Sections: ");
    for (int i = 0; i < form.size(); i++) {
      FormChange c = form.get(i);
      h.append(i == 0 ? "" : ", ")
          .append(escape(c.form().getSection().isEmpty() ? "–" : c.form().getSection()))
          .append(
              String.format(
                  Locale.ROOT, " from %.1f min", (Math.max(start, c.wallMicros()) - start) / 60e6));
    }
    h.append(".</p>\n");
  }

  private static org.attune.protocol.v1.FormState formAt(List<FormChange> form, long t) {
    org.attune.protocol.v1.FormState in = form.get(0).form();
    for (FormChange c : form) {
      if (c.wallMicros() <= t) {
        in = c.form();
      }
    }
    return in;
  }

  private static void table(StringBuilder h, List<MemberObservation> members) {
    h.append(
        "<table><thead><tr><th>Member</th><th>Instrument</th><th>Onsets</th><th>Per bar</th>"
            + "<th>Silent bars</th><th>Tempo, bpm</th><th>Steadiness, %</th>"
            + "<th>Asynchrony, ms</th><th>Spread, ms</th><th>Velocity</th><th>Range</th>"
            + "</tr></thead><tbody>\n");
    for (MemberObservation m : members) {
      h.append("<tr><td>")
          .append(escape(m.name()))
          .append("</td><td>")
          .append(escape(m.instrument()))
          .append("</td><td>")
          .append(m.onsets())
          .append("</td><td>")
          .append(number(m.eventsPerBar(), 1))
          .append("</td><td>")
          .append(m.silentBars())
          .append(" of ")
          .append(m.barsPresent())
          .append("</td><td>")
          .append(number(m.tempoBpm(), 1))
          .append("</td><td>")
          .append(number(m.tempoSpreadPercent(), 1))
          .append("</td><td>")
          .append(number(m.asynchronyMeanMs(), 1))
          .append("</td><td>")
          .append(number(m.asynchronySpreadMs(), 1))
          .append("</td><td>")
          .append(
              m.onsets() == 0
                  ? "–"
                  : number(m.velocityMean(), 0)
                      + " ("
                      + m.velocityMin()
                      + "–"
                      + m.velocityMax()
                      + ")")
          .append("</td><td>")
          .append(
              m.lowestPitch() < 0 ? "–" : pitch(m.lowestPitch()) + "–" + pitch(m.highestPitch()))
          .append("</td></tr>\n");
    }
    h.append("</tbody></table>\n");
  }

  private static void member(StringBuilder h, MemberObservation m) {
    List<MemberObservation.BarFigure> bars = m.bars();
    int plot = WIDTH - LEFT - 10;
    double w = plot / (double) Math.max(1, bars.size());
    int most = 1;
    for (MemberObservation.BarFigure b : bars) {
      most = Math.max(most, b.onsets());
    }
    h.append("<h3>").append(escape(m.name())).append("</h3>\n");
    h.append(
        String.format(
            Locale.ROOT,
            "<svg width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s: onsets per bar and"
                + " asynchrony per bar\"><title>%s: onsets per bar (bars) and mean asynchrony per"
                + " bar (dots, ±100 ms)</title>",
            WIDTH,
            MEMBER_HEIGHT * 2 + 10,
            escape(m.name()),
            escape(m.name())));
    int mid = MEMBER_HEIGHT + 10 + MEMBER_HEIGHT / 2;
    h.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#999\"/>"
                + "<text x=\"2\" y=\"14\" font-size=\"11\">onsets</text>"
                + "<text x=\"2\" y=\"28\" font-size=\"11\">max %d</text>"
                + "<text x=\"2\" y=\"%d\" font-size=\"11\">late</text>"
                + "<text x=\"2\" y=\"%d\" font-size=\"11\">early</text>",
            LEFT,
            WIDTH - 10,
            mid,
            mid,
            most,
            MEMBER_HEIGHT + 22,
            MEMBER_HEIGHT * 2 + 6));
    for (MemberObservation.BarFigure b : bars) {
      double x = LEFT + b.bar() * w;
      if (!b.present()) {
        h.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%d\" fill=\"#f0f0f0\"/>",
                x,
                w,
                MEMBER_HEIGHT));
        continue;
      }
      double bh = (MEMBER_HEIGHT - 4) * b.onsets() / (double) most;
      h.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#2b7a4b\"/>",
              x,
              MEMBER_HEIGHT - bh,
              Math.max(0.5, w - 0.5),
              bh));
      if (!Double.isNaN(b.asynchronyMs())) {
        double clamped = Math.max(-100, Math.min(100, b.asynchronyMs()));
        h.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"#1f4e99\"/>",
                x + w / 2,
                mid - clamped / 100 * (MEMBER_HEIGHT / 2 - 2)));
      }
    }
    h.append("</svg>\n");
  }

  private static String number(double v, int decimals) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String pitch(int midi) {
    return NOTE_NAMES[midi % 12] + (midi / 12 - 1);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
