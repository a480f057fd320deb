package org.attune.server.transport.http;

import io.netty.channel.ChannelPipeline;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.attune.server.group.FailedJoinLimiter;
import org.attune.server.group.GroupRegistry;
import org.attune.server.group.OperatorKey;
import org.attune.server.journal.SessionFiles;

/**
 * The HTTP port's {@code /api/}: group creation for the operator ({@link GroupCreationHandler}) and
 * a session's downloads for its facilitator ({@link SessionDownloadsHandler}). Made once by the
 * server; {@link #addTo} adds its handlers to each HTTP connection.
 *
 * <p>Thread-safe: yes.
 */
public final class WebApi {

  private final Optional<OperatorKey> operatorKey;
  private final GroupRegistry groups;
  private final int maxGroups;
  private final Optional<SessionFiles> files;
  private final ApiCalls calls;

  /**
   * @param operatorKey the key that creates groups; empty = none are created from the web
   * @param groups the server's groups
   * @param maxGroups the most groups the server holds; creation is refused beyond
   * @param files the sessions' stored files; empty without a data directory
   * @param limiter the failed-join limiter, which wrong keys count against too
   * @param disk the thread that reads and writes the disk for requests (never an event loop)
   */
  public WebApi(
      Optional<OperatorKey> operatorKey,
      GroupRegistry groups,
      int maxGroups,
      Optional<SessionFiles> files,
      FailedJoinLimiter limiter,
      Executor disk) {
    this.operatorKey = operatorKey;
    this.groups = groups;
    this.maxGroups = maxGroups;
    this.files = files;
    this.calls = new ApiCalls(limiter, disk);
  }

  void addTo(ChannelPipeline p) {
    p.addLast("group-creation", new GroupCreationHandler(operatorKey, groups, maxGroups, calls));
    p.addLast("session-downloads", new SessionDownloadsHandler(files, calls));
  }
}
