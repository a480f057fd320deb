package org.attune.client;

import com.google.protobuf.ByteString;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.attune.client.stream.AudioFrameSink;
import org.attune.client.stream.AudioOutput;
import org.attune.client.stream.StreamPlayer;
import org.attune.protocol.codec.ProtobufMessageDecoder;
import org.attune.protocol.codec.VarintFrameDecoder;
import org.attune.protocol.codec.VarintFramePrepender;
import org.attune.protocol.v1.Accepted;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.EndSession;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.Join;
import org.attune.protocol.v1.Leave;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.MixerState;
import org.attune.protocol.v1.RecordCommand;
import org.attune.protocol.v1.Resume;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.Roster;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.StreamRequest;
import org.attune.protocol.v1.Welcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to an Attune server: join a group, keep the clock in sync, follow the group's
 * timeline, play gestures, listen to the group's live stream ({@link #listen}), and (as
 * facilitator) give commands and change the mix.
 *
 * <p>Two threads of its own, both daemons: the Netty I/O thread ({@code attune-client-io}), which
 * reads and writes the TCP connection and the UDP clock probes, and the timeline thread ({@code
 * attune-timeline}), which fires structure changes on time and calls every {@link ClientListener}
 * and completes every future this class returns. Listener code thus never runs on the I/O thread.
 *
 * <p>Thread-safe: yes; every public method may be called from any thread. Futures complete on the
 * timeline thread; do not block it (e.g. with {@code join()}) inside a listener or a dependent
 * stage.
 */
public final class AttuneClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AttuneClient.class);
  private static final long CLOSE_WAIT_MILLIS = 1_000;
  private static final int MAX_DATAGRAM_BYTES = 2_048;
  private static final int STREAM_TOKEN_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EventLoopGroup group;
  private final ScheduledThreadPoolExecutor timelineThread;
  private final TimelineThreadFactory timelineThreads;
  private final Channel tcp;
  private final Channel udp;
  private final ClockSync clockSync;
  private final Timeline timeline;
  private final ListenerSet listeners;
  private final ClientSession session;
  private final ClockPinger pinger;
  private final AudioFrameRoute frames;
  private final AtomicReference<StreamPlayer> player = new AtomicReference<>();
  private final AtomicLong requestIds = new AtomicLong();
  private final AtomicLong droppedGestures = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  private AttuneClient(
      EventLoopGroup group,
      ScheduledThreadPoolExecutor timelineThread,
      TimelineThreadFactory timelineThreads,
      Channel tcp,
      Channel udp,
      ClockSync clockSync,
      Timeline timeline,
      ListenerSet listeners,
      ClientSession session,
      ClockPinger pinger,
      AudioFrameRoute frames) {
    this.group = group;
    this.timelineThread = timelineThread;
    this.timelineThreads = timelineThreads;
    this.tcp = tcp;
    this.udp = udp;
    this.clockSync = clockSync;
    this.timeline = timeline;
    this.listeners = listeners;
    this.session = session;
    this.pinger = pinger;
    this.frames = frames;
  }

  /** Connects with the {@linkplain ClientOptions#defaults() default options}. */
  public static AttuneClient connect(String host, int port) throws IOException {
    return connect(host, port, ClientOptions.defaults());
  }

  /** Connects with the default options; clock probes go to {@code udpPort}. */
  public static AttuneClient connect(String host, int tcpPort, int udpPort) throws IOException {
    return connect(host, tcpPort, udpPort, ClientOptions.defaults());
  }

  /** Connects; clock probes go to the same port number over UDP. */
  public static AttuneClient connect(String host, int port, ClientOptions options)
      throws IOException {
    return connect(host, port, port, options);
  }

  /**
   * Opens the TCP connection (waiting at most the options' connect timeout) and the UDP socket for
   * clock probes, and starts probing. Call from an application thread: it blocks until connected.
   *
   * @throws IOException if the server cannot be reached
   */
  public static AttuneClient connect(String host, int tcpPort, int udpPort, ClientOptions options)
      throws IOException {
    TimelineThreadFactory timelineThreads = new TimelineThreadFactory();
    ScheduledThreadPoolExecutor timelineThread =
        new ScheduledThreadPoolExecutor(1, timelineThreads);
    timelineThread.setRemoveOnCancelPolicy(true);
    timelineThread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("attune-client-io", true), NioIoHandler.newFactory());
    try {
      ClockSync clockSync = new ClockSync();
      ListenerSet listeners = new ListenerSet();
      Timeline timeline = new Timeline(clockSync, timelineThread, listeners);
      ClientSession session = new ClientSession(clockSync, timeline, listeners, timelineThread);
      ClockPinger pinger = new ClockPinger(clockSync, options.pingInterval().toNanos());
      SslContext tls = options.tls().enabled() ? options.tls().newContext() : null;
      AudioFrameRoute frames = new AudioFrameRoute();

      ChannelFuture connecting =
          new Bootstrap()
              .group(group)
              .channel(NioSocketChannel.class)
              .option(ChannelOption.TCP_NODELAY, true)
              .option(
                  ChannelOption.CONNECT_TIMEOUT_MILLIS,
                  (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      if (tls != null) {
                        SslHandler ssl = tls.newHandler(ch.alloc(), host, tcpPort);
                        ssl.setHandshakeTimeoutMillis(options.connectTimeout().toMillis());
                        ch.pipeline().addLast("tls", ssl);
                      }
                      ch.pipeline()
                          .addLast("frameDecoder", new VarintFrameDecoder(options.maxFrameBytes()))
                          .addLast(
                              "messageDecoder",
                              new ProtobufMessageDecoder<>(ServerMessage.parser()))
                          .addLast("framePrepender", new VarintFramePrepender())
                          .addLast(
                              "client",
                              new ServerMessageHandler(clockSync, pinger, session, frames));
                    }
                  })
              .connect(host, tcpPort);
      connecting.awaitUninterruptibly();
      if (!connecting.isSuccess()) {
        throw new IOException(
            "cannot connect to " + host + ":" + tcpPort + ": " + connecting.cause().getMessage(),
            connecting.cause());
      }
      Channel tcp = connecting.channel();
      if (tls != null) {
        awaitHandshake(tcp, host, tcpPort);
      }
      InetSocketAddress udpServer =
          new InetSocketAddress(((InetSocketAddress) tcp.remoteAddress()).getAddress(), udpPort);
      Channel udp =
          options.udpClockPings() ? openUdp(group, clockSync, pinger, udpServer, frames) : null;
      pinger.start(tcp.eventLoop(), tcp, udp, udpServer);
      return new AttuneClient(
          group,
          timelineThread,
          timelineThreads,
          tcp,
          udp,
          clockSync,
          timeline,
          listeners,
          session,
          pinger,
          frames);
    } catch (IOException | RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      timelineThread.shutdownNow();
      throw e;
    }
  }

  /** Waits for the TLS handshake (bounded by its timeout), so that a refused one fails connect. */
  private static void awaitHandshake(Channel tcp, String host, int port) throws IOException {
    Future<Channel> handshake = tcp.pipeline().get(SslHandler.class).handshakeFuture();
    handshake.awaitUninterruptibly();
    if (!handshake.isSuccess()) {
      tcp.close();
      Throwable cause = handshake.cause();
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      throw new IOException(
          "TLS handshake with " + host + ":" + port + " failed: " + cause.getMessage(),
          handshake.cause());
    }
  }

  private static Channel openUdp(
      EventLoopGroup group,
      ClockSync clock,
      ClockPinger pinger,
      InetSocketAddress server,
      AudioFrameRoute frames) {
    ChannelFuture binding =
        new Bootstrap()
            .group(group)
            .channel(NioDatagramChannel.class)
            .option(
                ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM_BYTES))
            .handler(new DatagramPongHandler(clock, pinger, server, frames))
            .bind(0)
            .awaitUninterruptibly();
    if (!binding.isSuccess()) {
      log.warn("no UDP socket for clock probes, using TCP: {}", binding.cause().toString());
      return null;
    }
    return binding.channel();
  }

  // ------------------------------------------------------------------ membership

  /**
   * Joins a group.
   *
   * @param facilitatorKey required for {@link Role#FACILITATOR}, else ignored (may be null)
   * @return completes with the welcome (the timeline already holds its snapshot), or exceptionally
   *     with an {@link AttuneException} if the server refuses
   */
  public CompletableFuture<Welcome> join(
      String groupCode, String name, String instrument, Role role, String facilitatorKey) {
    Join join =
        Join.newBuilder()
            .setGroupCode(nonNull(groupCode))
            .setName(nonNull(name))
            .setInstrument(nonNull(instrument))
            .setRole(role)
            .setFacilitatorKey(nonNull(facilitatorKey))
            .build();
    long id = requestIds.incrementAndGet();
    CompletableFuture<Welcome> welcome = session.expectWelcome(id);
    if (!welcome.isDone()) {
      send(ClientMessage.newBuilder().setRequestId(id).setJoin(join).build(), id);
    }
    return welcomed(welcome);
  }

  /** Takes back a membership after a dropped connection, with the session token of its welcome. */
  public CompletableFuture<Welcome> resume(String sessionToken) {
    long id = requestIds.incrementAndGet();
    CompletableFuture<Welcome> welcome = session.expectWelcome(id);
    if (!welcome.isDone()) {
      send(
          ClientMessage.newBuilder()
              .setRequestId(id)
              .setResume(Resume.newBuilder().setSessionToken(nonNull(sessionToken)))
              .build(),
          id);
    }
    return welcomed(welcome);
  }

  private CompletableFuture<Welcome> welcomed(CompletableFuture<Welcome> welcome) {
    welcome.thenRun(pinger::allowTcp);
    return welcome;
  }

  /** Leaves the group for good: the session token stops working. The connection stays open. */
  public void leave() {
    send(
        ClientMessage.newBuilder()
            .setRequestId(requestIds.incrementAndGet())
            .setLeave(Leave.getDefaultInstance())
            .build(),
        0);
  }

  // ------------------------------------------------------------------ playing

  /**
   * Sends a gesture. If it has no {@code played_at_server_micros} and the clock is in sync, it is
   * stamped with the estimated server time now. Dropped (and counted) while the connection cannot
   * take more, so that a stalled connection does not queue stale gestures.
   *
   * @return the gesture as sent (stamped), or null if it was dropped
   */
  public Gesture sendGesture(Gesture gesture) {
    Gesture stamped = gesture;
    if (gesture.getPlayedAtServerMicros() == 0 && clockSync.isSynced()) {
      stamped = gesture.toBuilder().setPlayedAtServerMicros(clockSync.nowServerMicros()).build();
    }
    if (!tcp.isWritable()) {
      droppedGestures.incrementAndGet();
      return null;
    }
    tcp.writeAndFlush(ClientMessage.newBuilder().setGesture(stamped).build(), tcp.voidPromise());
    return stamped;
  }

  /** Gestures dropped because the connection was not writable. */
  public long droppedGestures() {
    return droppedGestures.get();
  }

  // ------------------------------------------------------------------ facilitating

  /**
   * Gives a facilitator command.
   *
   * @return completes with the server's acceptance, or exceptionally with an {@link
   *     AttuneException} carrying the server's error code and sentence
   */
  public CompletableFuture<Accepted> command(FacilitatorCommand command) {
    long id = requestIds.incrementAndGet();
    CompletableFuture<Accepted> accepted = session.expectAccepted(id);
    if (!accepted.isDone()) {
      send(ClientMessage.newBuilder().setRequestId(id).setCommand(command).build(), id);
    }
    return accepted;
  }

  /**
   * Changes the group's mix (a strip, the master, the backing band); it takes effect at once. The
   * new mix arrives afterwards as a {@link MixerState} ({@link ClientListener#onMixerState}).
   *
   * @return completes with the server's acceptance (change sequence 0: a mix is not a structure
   *     change), or exceptionally with an {@link AttuneException} carrying the server's error code
   *     and sentence, e.g. {@code FORBIDDEN} for a participant
   */
  public CompletableFuture<Accepted> mix(MixerCommand command) {
    long id = requestIds.incrementAndGet();
    CompletableFuture<Accepted> accepted = session.expectAccepted(id);
    if (!accepted.isDone()) {
      send(ClientMessage.newBuilder().setRequestId(id).setMixer(command).build(), id);
    }
    return accepted;
  }

  /**
   * Starts or stops recording the group's mix on the server (facilitator only); the recording's
   * state arrives afterwards ({@link ClientListener#onRecording}), again when its file is finished.
   */
  public CompletableFuture<Accepted> record(RecordCommand command) {
    return request(ClientMessage.newBuilder().setRecord(command));
  }

  /**
   * Asks the server to send this member the group's mix now and after every change, whatever its
   * role ({@link ClientListener#onMixerState}), or to stop. The server forgets it when it restarts:
   * ask again after each welcome.
   */
  public void watchMix(boolean on) {
    send(
        ClientMessage.newBuilder()
            .setWatchMix(org.attune.protocol.v1.WatchMix.newBuilder().setOn(on))
            .build(),
        0);
  }

  /**
   * Ends the group's session for everyone (facilitator only): every member gets {@code
   * SessionEnded} ({@link ClientListener#onSessionEnded}) and the server closes the connections.
   */
  public CompletableFuture<Accepted> endSession() {
    return request(ClientMessage.newBuilder().setEndSession(EndSession.getDefaultInstance()));
  }

  private CompletableFuture<Accepted> request(ClientMessage.Builder message) {
    long id = requestIds.incrementAndGet();
    CompletableFuture<Accepted> accepted = session.expectAccepted(id);
    if (!accepted.isDone()) {
      send(message.setRequestId(id).build(), id);
    }
    return accepted;
  }

  // ------------------------------------------------------------------ the live stream

  /**
   * Listens to the group's live stream: subscribes, and plays each frame into {@code output} at its
   * server time plus {@code playoutDelayMicros} on the synced clock (wait for {@link
   * #awaitClockSync} first). Any role may listen. Replaces a stream already listened to.
   *
   * @param frameMillis 10 or 20
   * @param udp whether the frames should come as datagrams (over TCP until the server has seen this
   *     client's UDP probes, or if it has no UDP socket)
   * @return completes with the player once the server accepts, or exceptionally with an {@link
   *     AttuneException} (e.g. {@code INVALID_ARGUMENT} for 15 ms); the player is closed then
   */
  public CompletableFuture<StreamPlayer> listen(
      int frameMillis, boolean udp, AudioOutput output, long playoutDelayMicros) {
    StreamPlayer started = new StreamPlayer(output, clockSync, playoutDelayMicros);
    StreamPlayer old = player.getAndSet(started);
    frames.sink(started);
    closeQuietly(old);
    StreamRequest.Builder request =
        StreamRequest.newBuilder().setOn(true).setFrameMillis(frameMillis);
    ByteString token = ByteString.EMPTY;
    if (udp && pinger.hasUdp()) {
      byte[] bytes = new byte[STREAM_TOKEN_BYTES];
      RANDOM.nextBytes(bytes);
      token = ByteString.copyFrom(bytes);
      request.setUdp(true).setUdpToken(token);
    }
    ByteString proof = token;
    return stream(request.build())
        .handle(
            (accepted, error) -> {
              if (error != null) {
                if (player.compareAndSet(started, null)) {
                  frames.sink(null);
                }
                closeQuietly(started);
                throw error instanceof java.util.concurrent.CompletionException c
                    ? c
                    : new java.util.concurrent.CompletionException(error);
              }
              pinger.streamToken(proof);
              return started;
            });
  }

  /** {@link #listen(int, boolean, AudioOutput, long)} with the default playout delay. */
  public CompletableFuture<StreamPlayer> listen(int frameMillis, boolean udp, AudioOutput output) {
    return listen(frameMillis, udp, output, StreamPlayer.defaultPlayoutDelayMicros(frameMillis));
  }

  /** Stops listening: unsubscribes, and closes the player and its output. */
  public CompletableFuture<Accepted> stopListening() {
    pinger.streamToken(ByteString.EMPTY);
    StreamPlayer old = player.getAndSet(null);
    frames.sink(null);
    closeQuietly(old);
    return stream(StreamRequest.newBuilder().setOn(false).build());
  }

  /**
   * Sends a stream request as it is; the frames go to the sink set by {@link #audioFrames}. For
   * programs that decode the stream themselves, and tests.
   */
  public CompletableFuture<Accepted> stream(StreamRequest request) {
    return request(ClientMessage.newBuilder().setStreamRequest(request));
  }

  /** Where the stream's frames go as they arrive (null: nowhere), instead of a player's. */
  public void audioFrames(AudioFrameSink sink) {
    frames.sink(sink);
  }

  private static void closeQuietly(StreamPlayer p) {
    if (p == null) {
      return;
    }
    try {
      p.close();
    } catch (IOException e) {
      log.warn("closing the stream's output: {}", e.getMessage());
    }
  }

  // ------------------------------------------------------------------ raw access, for tests

  /** Writes bytes to the TCP connection as they are, without a length prefix. For tests. */
  public void sendRaw(byte[] bytes) {
    sendRaw(Unpooled.wrappedBuffer(bytes));
  }

  /** Writes a buffer to the TCP connection as it is (and releases it). For tests. */
  public void sendRaw(ByteBuf bytes) {
    tcp.writeAndFlush(bytes);
  }

  /** Sends a message as a frame, with whatever request id it carries. For tests. */
  public void sendMessage(ClientMessage message) {
    tcp.writeAndFlush(message);
  }

  private void send(ClientMessage message, long requestId) {
    tcp.writeAndFlush(message)
        .addListener(
            (ChannelFuture written) -> {
              if (!written.isSuccess() && requestId != 0) {
                session.requestFailed(requestId, written.cause());
              }
            });
  }

  // ------------------------------------------------------------------ state

  public void addListener(ClientListener listener) {
    listeners.add(listener);
  }

  public void removeListener(ClientListener listener) {
    listeners.remove(listener);
  }

  public ClockSync clockSync() {
    return clockSync;
  }

  public Timeline timeline() {
    return timeline;
  }

  /**
   * Completes (on the timeline thread) once {@code samples} clock probes have been answered in
   * total; {@link ClockSync#MIN_SYNC_SAMPLES} make the clock count as synced.
   */
  public CompletableFuture<ClockSync.Estimate> awaitClockSync(int samples) {
    return clockSync.awaitSamples(samples).thenApplyAsync(estimate -> estimate, timelineThread);
  }

  /** The latest welcome, or null before joining. */
  public Welcome welcome() {
    return session.welcome();
  }

  /** This member's id in the group, or "" before joining. */
  public String participantId() {
    Welcome welcome = session.welcome();
    return welcome == null ? "" : welcome.getParticipantId();
  }

  /** The token to {@link #resume} with after a dropped connection, or "" before joining. */
  public String sessionToken() {
    Welcome welcome = session.welcome();
    return welcome == null ? "" : welcome.getSessionToken();
  }

  /** The group's membership as last heard. */
  public Roster roster() {
    return session.roster();
  }

  /**
   * The group's mix as last heard, or null before the server sent one. The server sends it to
   * facilitators, and to members that asked ({@link #watchMix}), on joining and after every change.
   */
  public MixerState mixerState() {
    return session.mixerState();
  }

  /** True while the TCP connection is open. */
  public boolean isConnected() {
    return tcp.isActive();
  }

  /**
   * Closes the connection and stops both threads: listeners hear {@code onDisconnected}, waiting
   * futures fail. Waits (a second or two at most) for both threads to end, except for the timeline
   * thread when called on it (from a listener), which then ends after the callback returns.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    pinger.stop();
    closeQuietly(player.getAndSet(null));
    boolean onTimelineThread = timelineThreads.isCurrent();
    tcp.close().awaitUninterruptibly(CLOSE_WAIT_MILLIS);
    if (udp != null) {
      udp.close();
    }
    session.onDisconnected();
    timelineThread.shutdown();
    if (!onTimelineThread) {
      try {
        if (!timelineThread.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
          timelineThread.shutdownNow();
        }
      } catch (InterruptedException e) {
        timelineThread.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    session.failAll(ClientSession.closedException());
    var terminated = group.shutdownGracefully(0, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    if (!tcp.eventLoop().inEventLoop()) {
      terminated.awaitUninterruptibly(2 * CLOSE_WAIT_MILLIS);
    }
  }

  /** Makes the timeline thread (a daemon) and remembers it, so close() can tell it is on it. */
  private static final class TimelineThreadFactory implements ThreadFactory {
    private volatile Thread last;

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "attune-timeline");
      thread.setDaemon(true);
      last = thread;
      return thread;
    }

    boolean isCurrent() {
      return Thread.currentThread() == last;
    }
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
