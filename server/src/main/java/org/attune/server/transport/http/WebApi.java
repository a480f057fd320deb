package org.attune.server.transport.http;

import io.netty.channel.ChannelPipeline;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.attune.audio.sf2.SoundFont;
import org.attune.server.group.FailedJoinLimiter;
import org.attune.server.group.GroupRegistry;
import org.attune.server.group.OperatorKey;
import org.attune.server.journal.SessionFiles;

/**
 * The HTTP port's {@code /api/}: group creation for the operator ({@link GroupCreationHandler}), a
 * session's downloads for its facilitator ({@link SessionDownloadsHandler}), and the server's
 * instruments for the play pages ({@link InstrumentSamplesHandler}). Made once by the server;
 * {@link #addTo} adds its handlers to each HTTP connection.
 *
 * <p>Thread-safe: yes.
 */
public final class WebApi {

  private final Optional<OperatorKey> operatorKey;
  private final GroupRegistry groups;
  private final Optional<SessionFiles> files;
  private final ApiCalls calls;
  private final Optional<SoundFont> font;
  private final Map<Integer, InstrumentSamplesHandler.Served> instruments =
      InstrumentSamplesHandler.newCache();

  /**
   * @param operatorKey the key that creates groups; empty = none are created from the web
   * @param groups the server's groups
   * @param files the sessions' stored files; empty without a data directory
   * @param limiter the failed-join limiter, which wrong keys count against too
   * @param disk the thread that reads and writes the disk for requests (never an event loop)
   * @param font the SoundFont the groups play, whose instruments the play pages fetch; empty
   *     without sound
   */
  public WebApi(
      Optional<OperatorKey> operatorKey,
      GroupRegistry groups,
      Optional<SessionFiles> files,
      FailedJoinLimiter limiter,
      Executor disk,
      Optional<SoundFont> font) {
    this.operatorKey = operatorKey;
    this.groups = groups;
    this.files = files;
    this.calls = new ApiCalls(limiter, disk);
    this.font = font;
  }

  void addTo(ChannelPipeline p) {
    p.addLast("group-creation", new GroupCreationHandler(operatorKey, groups, calls));
    p.addLast("session-downloads", new SessionDownloadsHandler(files, calls));
    p.addLast("instruments", new InstrumentSamplesHandler(font, instruments, calls));
  }
}
