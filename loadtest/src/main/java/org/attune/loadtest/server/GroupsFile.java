package org.attune.loadtest.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The groups file that {@code attune serve --groups-file} writes: the server clock's origin, the
 * port, the OSC gateway's port (-1 if off or not given), the HTTP port (WebSocket members; -1 if
 * not given), the server's pid and each group's join code and facilitator key.
 *
 * <p>Immutable; thread-safe.
 */
public record GroupsFile(
    long originNanos, int port, int oscPort, int httpPort, long pid, List<GroupEntry> groups) {

  /** One group of the file. */
  public record GroupEntry(String name, String joinCode, String facilitatorKey) {}

  public GroupsFile {
    groups = List.copyOf(groups);
  }

  /**
   * Reads a groups file.
   *
   * @throws IllegalArgumentException if a line is not understood or a field is missing
   */
  public static GroupsFile read(Path file) throws IOException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  static GroupsFile parse(List<String> lines) {
    Long origin = null;
    Integer port = null;
    long pid = -1;
    int oscPort = -1;
    int httpPort = -1;
    List<GroupEntry> groups = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      switch (f[0]) {
        case "origin_nanos" -> origin = Long.parseLong(f[1]);
        case "port" -> port = Integer.parseInt(f[1]);
        case "pid" -> pid = Long.parseLong(f[1]);
        case "osc_port" -> oscPort = Integer.parseInt(f[1]);
        case "http_port" -> httpPort = Integer.parseInt(f[1]);
        case "group" -> {
          if (f.length != 4) {
            throw new IllegalArgumentException("a group line needs name, code and key: " + line);
          }
          groups.add(new GroupEntry(f[1], f[2], f[3]));
        }
        default -> throw new IllegalArgumentException("unknown line in groups file: " + line);
      }
    }
    if (origin == null || port == null) {
      throw new IllegalArgumentException("groups file lacks origin_nanos or port");
    }
    return new GroupsFile(origin, port, oscPort, httpPort, pid, groups);
  }
}
