package org.attune.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of {@code /metrics} over real HTTP, parsed into samples. */
final class Scrape {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)(?: \\S+)?$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  record Sample(String name, Map<String, String> labels, double value) {}

  final String text;
  final HttpResponse<String> response;
  private final List<Sample> samples = new ArrayList<>();

  private Scrape(HttpResponse<String> response) {
    this.response = response;
    this.text = response.body();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      assertThat(m.matches()).as("sample line: %s", line).isTrue();
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
    }
  }

  static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return send(port, path, HttpRequest.newBuilder().GET());
  }

  static HttpResponse<String> send(int port, String path, HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return HTTP.send(
        request
            .uri(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static Scrape of(AttuneServer server) throws IOException, InterruptedException {
    HttpResponse<String> response = get(server.httpPort(), "/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    return new Scrape(response);
  }

  /** The value of the one series of {@code name} whose labels include {@code labelPairs}. */
  double value(String name, String... labelPairs) {
    List<Sample> matching = new ArrayList<>();
    for (Sample s : samples) {
      if (s.name.equals(name) && hasLabels(s, labelPairs)) {
        matching.add(s);
      }
    }
    assertThat(matching).as("series %s%s in\n%s", name, List.of(labelPairs), text).hasSize(1);
    return matching.get(0).value;
  }

  boolean has(String name) {
    return samples.stream().anyMatch(s -> s.name.equals(name));
  }

  private static boolean hasLabels(Sample s, String... pairs) {
    for (int i = 0; i < pairs.length; i += 2) {
      if (!pairs[i + 1].equals(s.labels.get(pairs[i]))) {
        return false;
      }
    }
    return true;
  }
}
