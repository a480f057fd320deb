package org.attune.loadtest.server;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.group.Group;
import org.attune.server.transport.ConnectionLimits;

/**
 * An Attune server in the load generator's own JVM, for tests: CPU and heap are those of the whole
 * JVM, load generator included, so its figures are not the server's alone.
 *
 * <p>Thread-safe: yes.
 */
public final class InProcessServer extends ProbedServer {

  private final AttuneServer server;

  private InProcessServer(AttuneServer server, GroupsFile groups) {
    super(groups, ProcessHandle.current().pid());
    this.server = server;
  }

  /** Starts a server on 127.0.0.1, any free port, with {@code groupCount} groups. */
  public static InProcessServer start(int groupCount) throws InterruptedException {
    // Every simulated member connects from 127.0.0.1: the per-address cap would refuse most.
    AttuneServer server =
        AttuneServer.start(
            ServerConfig.onFreePorts()
                .withLimits(ConnectionLimits.defaults().withMaxConnections(65_536, 65_536)));
    List<GroupsFile.GroupEntry> entries = new ArrayList<>();
    for (int i = 1; i <= groupCount; i++) {
      Group g = server.groups().create("load-" + i);
      entries.add(new GroupsFile.GroupEntry(g.name(), g.joinCode(), g.facilitatorKey()));
    }
    return new InProcessServer(
        server,
        new GroupsFile(
            server.clock().originNanos(),
            server.tcpPort(),
            server.oscPort(),
            server.httpPort(),
            ProcessHandle.current().pid(),
            entries));
  }

  /** The server itself, for tests that look inside it. */
  public AttuneServer server() {
    return server;
  }

  @Override
  public OptionalLong heapAfterGcBytes() {
    System.gc();
    return OptionalLong.of(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
  }

  @Override
  public String description() {
    return "in process (CPU and heap include the load generator)";
  }

  @Override
  public void close() {
    server.close();
  }
}
