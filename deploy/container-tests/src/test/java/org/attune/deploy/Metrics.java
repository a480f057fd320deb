package org.attune.deploy;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sums of samples in one Prometheus text scrape, selected by name and labels. */
final class Metrics {

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)(?: \\S+)?$");

  private final String text;

  Metrics(String text) {
    this.text = text;
  }

  /** The sum of every {@code name} sample whose labels include {@code labels}; 0 if none. */
  double sum(String name, Map<String, String> labels) {
    double sum = 0;
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (line.startsWith("#") || !m.matches() || !m.group(1).equals(name)) {
        continue;
      }
      String tags = m.group(2) == null ? "" : m.group(2);
      boolean all =
          labels.entrySet().stream()
              .allMatch(e -> tags.contains(e.getKey() + "=\"" + e.getValue() + "\""));
      if (all) {
        sum += Double.parseDouble(m.group(3));
      }
    }
    return sum;
  }

  double sum(String name) {
    return sum(name, Map.of());
  }

  @Override
  public String toString() {
    return text;
  }
}
