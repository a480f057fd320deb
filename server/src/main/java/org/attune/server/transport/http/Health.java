package org.attune.server.transport.http;

import java.util.List;

/**
 * The outcome of a health check: up, or down with the problems found, each a sentence for the
 * operator.
 */
public record Health(List<String> problems) {

  public Health {
    problems = List.copyOf(problems);
  }

  public boolean isUp() {
    return problems.isEmpty();
  }

  /** {@code {"status":"up"}}, or {@code {"status":"down","problems":["..."]}}. */
  public String toJson() {
    if (isUp()) {
      return "{\"status\":\"up\"}\n";
    }
    StringBuilder json = new StringBuilder("{\"status\":\"down\",\"problems\":[");
    for (int i = 0; i < problems.size(); i++) {
      json.append(i == 0 ? "\"" : ",\"");
      appendEscaped(json, problems.get(i));
      json.append('"');
    }
    return json.append("]}\n").toString();
  }

  private static void appendEscaped(StringBuilder json, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20) {
        json.append(String.format("\\u%04x", (int) c));
      } else {
        json.append(c);
      }
    }
  }
}
