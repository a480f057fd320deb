package org.attune.loadtest.server;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A server that was already running, found through the groups file it wrote ({@code attune serve
 * --groups-file}); it is measured through its pid and left running at the end.
 *
 * <p>Thread-safe: yes.
 */
public final class RunningServer extends ProbedServer {

  private RunningServer(GroupsFile groups, long pid) {
    super(groups, pid);
  }

  /**
   * The server of {@code groupsFile}.
   *
   * @param pid the server's pid, or -1 to take the one in the file
   */
  public static RunningServer attach(Path groupsFile, long pid) throws IOException {
    GroupsFile groups = GroupsFile.read(groupsFile);
    return new RunningServer(groups, pid > 0 ? pid : groups.pid());
  }

  @Override
  public String description() {
    return "already running, pid " + probe().pid();
  }

  @Override
  public void close() {
    // Not ours to stop.
  }
}
