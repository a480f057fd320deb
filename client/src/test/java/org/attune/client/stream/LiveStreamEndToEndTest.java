package org.attune.client.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.attune.audio.SampleClock;
import org.attune.audio.bus.BusSink;
import org.attune.audio.bus.GroupBus;
import org.attune.client.AttuneClient;
import org.attune.client.AttuneException;
import org.attune.protocol.v1.AudioFrame;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ClockPing;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.Join;
import org.attune.protocol.v1.NoteOff;
import org.attune.protocol.v1.NoteOn;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.StreamRequest;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.SoundConfig;
import org.attune.server.group.Group;
import org.attune.server.stream.StreamStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The live stream against a real server in this JVM, rendering with its built-in voices: members
 * play notes, listeners hear the stream through the client library, and what they decode is
 * compared with what the group's bus rendered (captured by a sink of the test's own).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LiveStreamEndToEndTest {

  private static final long TIMEOUT_SECONDS = 10;

  /** Generous, so that a busy machine loses no frame: the test checks the sound, not the speed. */
  private static final long PLAYOUT_DELAY_MICROS = 600_000;

  private static final int NOTES = 5;
  private static final long NOTE_SPACING_MILLIS = 500;

  private AttuneServer server;
  private Group group;
  private final List<AttuneClient> clients = new ArrayList<>();

  /** The bus's output as the render thread hands it over, kept from its first block. */
  private static final class BusCapture implements BusSink {
    final float[] left = new float[SampleClock.SAMPLE_RATE * 20];
    volatile long firstFrame = -1;
    volatile int frames;

    @Override
    public void block(long frame, float[] l, float[] r, int n) {
      if (firstFrame < 0) {
        firstFrame = frame;
      }
      int at = (int) (frame - firstFrame);
      if (at >= 0 && at + n <= left.length) {
        for (int i = 0; i < n; i++) {
          left[at + i] = 0.5f * (l[i] + r[i]);
        }
        frames = at + n;
      }
    }
  }

  /** The frames a client received, in order, and the player they go on to. */
  private static final class FrameLog implements AudioFrameSink {
    final ConcurrentLinkedQueue<AudioFrame> frames = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Boolean> viaUdp = new ConcurrentLinkedQueue<>();
    final StreamPlayer player;

    FrameLog(StreamPlayer player) {
      this.player = player;
    }

    @Override
    public void onFrame(AudioFrame frame, boolean udp, long receivedLocalNanos) {
      frames.add(frame);
      viaUdp.add(udp);
      player.onFrame(frame, udp, receivedLocalNanos);
    }
  }

  @BeforeEach
  void startServer() throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts().withSound(SoundConfig.builtIn()));
    group = server.groups().create("stream tests");
  }

  @AfterEach
  void stopAll() {
    clients.forEach(AttuneClient::close);
    server.close();
  }

  private AttuneClient join(Role role, String instrument) throws Exception {
    AttuneClient client = AttuneClient.connect("127.0.0.1", server.tcpPort(), server.udpPort());
    clients.add(client);
    client
        .join(group.joinCode(), role.name().toLowerCase(), instrument, role, group.facilitatorKey())
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    client.awaitClockSync(8).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return client;
  }

  private StreamStats streamStats() {
    return server.sound().orElseThrow().streams().stats();
  }

  private GroupBus bus() {
    return server.sound().orElseThrow().bus(group.id()).orElseThrow();
  }

  /** A listener whose frames are logged on their way to a player into memory. */
  private FrameLog listen(AttuneClient client, int frameMillis, boolean udp, MemoryOutput out)
      throws Exception {
    StreamPlayer player =
        client
            .listen(frameMillis, udp, out, PLAYOUT_DELAY_MICROS)
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    FrameLog log = new FrameLog(player);
    client.audioFrames(log);
    // The player warms its decoder up first (Concentus runs interpreted at first); wait until
    // it plays, so that the notes come after the start of what it heard.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (player.stats().played() < 25 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return log;
  }

  /** Waits until the player has played up to {@code serverMicros} (a busy machine lags). */
  private static void awaitHeard(MemoryOutput heard, long serverMicros)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while ((heard.firstServerMicros() == Long.MIN_VALUE
            || heard.firstServerMicros() + heard.frames() * 1_000_000L / SampleClock.SAMPLE_RATE
                < serverMicros)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  /** Two members play {@link #NOTES} short marimba notes (the same G), in turn, 0.5 s apart. */
  private void playNotes(AttuneClient a, AttuneClient b) throws InterruptedException {
    for (int i = 0; i < NOTES; i++) {
      AttuneClient player = i % 2 == 0 ? a : b;
      int pitch = 67;
      player.sendGesture(
          Gesture.newBuilder()
              .setNoteOn(NoteOn.newBuilder().setPitch(pitch))
              .setVelocity(0.9f)
              .build());
      Thread.sleep(120);
      player.sendGesture(
          Gesture.newBuilder().setNoteOff(NoteOff.newBuilder().setPitch(pitch)).build());
      Thread.sleep(NOTE_SPACING_MILLIS - 120);
    }
    Thread.sleep(800);
  }

  @Test
  void theStreamDecodedByAListenerHasTheMixesOnsetsWithinOneFrameAndItsLevel() throws Exception {
    BusCapture mix = new BusCapture();
    bus().addSink(mix);
    join(Role.FACILITATOR, "console");
    AttuneClient a = join(Role.PARTICIPANT, "marimba");
    AttuneClient b = join(Role.PARTICIPANT, "marimba");
    AttuneClient listener = join(Role.LISTENER, "headphones");
    MemoryOutput heard = new MemoryOutput(SampleClock.SAMPLE_RATE * 20);
    FrameLog log = listen(listener, 20, false, heard);

    playNotes(a, b);
    bus().removeSink(mix);
    awaitHeard(heard, SampleClock.microsAt(mix.firstFrame + mix.frames));
    StreamPlayer.Stats stats = log.player.stats();
    listener.stopListening().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

    List<Long> mixOnsets =
        onsets(mix.left, mix.frames, SampleClock.microsAt(mix.firstFrame), peakOf(mix));
    float[] mono = mono(heard);
    List<Long> streamOnsets = onsets(mono, mono.length, heard.firstServerMicros(), peakOf(mix));
    System.out.println(
        "stream: "
            + stats
            + "; onsets in the mix "
            + mixOnsets
            + ", in the stream "
            + streamOnsets);
    assertThat(mixOnsets).as("the notes in the mix").hasSize(NOTES);
    assertThat(streamOnsets).as("the notes in the stream").hasSize(NOTES);
    for (int i = 0; i < NOTES; i++) {
      assertThat(streamOnsets.get(i))
          .as("onset %d, server µs (mix at %d)", i, mixOnsets.get(i))
          .isCloseTo(mixOnsets.get(i), org.assertj.core.data.Offset.offset(20_000L));
    }
    long from = mixOnsets.get(0) - 10_000;
    long to = mixOnsets.get(NOTES - 1) + 400_000;
    double mixRms = rms(mix.left, SampleClock.microsAt(mix.firstFrame), from, to);
    double streamRms = rms(mono, heard.firstServerMicros(), from, to);
    double db = 20 * Math.log10(streamRms / mixRms);
    int loudest = 0;
    for (int i = 0; i < mono.length; i++) {
      loudest = Math.abs(mono[i]) > Math.abs(mono[loudest]) ? i : loudest;
    }
    System.out.printf(
        "stream: level %.2f dB against the mix; its peak %.3f at %d µs (the mix's %.3f)%n",
        db,
        Math.abs(mono[loudest]),
        heard.firstServerMicros() + loudest * 1_000_000L / SampleClock.SAMPLE_RATE,
        peakOf(mix));
    assertThat(db).as("stream level against the mix, dB").isBetween(-3.0, 3.0);

    assertThat(stats.played()).isGreaterThan(100);
    assertThat(log.viaUdp).as("TCP was asked for").containsOnly(false);
    List<AudioFrame> frames = new ArrayList<>(log.frames);
    for (int i = 1; i < frames.size(); i++) {
      assertThat(frames.get(i).getSequence()).isEqualTo(frames.get(i - 1).getSequence() + 1);
      assertThat(frames.get(i).getServerMicros() - frames.get(i - 1).getServerMicros())
          .isBetween(19_990L, 20_010L);
      assertThat(frames.get(i).getFrameMillis()).isEqualTo(20);
    }
    long bytes = frames.stream().mapToLong(f -> f.getOpus().size()).sum();
    double kbits = bytes * 8.0 / (frames.size() * 0.020) / 1_000;
    assertThat(kbits).as("Opus bitrate, kbit/s").isLessThanOrEqualTo(64.0 * 1.1);
    assertThat(streamStats().listeners.sum()).as("unsubscribed").isZero();
  }

  @Test
  void aListenerThatStopsReadingLosesFramesAloneAndTheOthersHearEveryOne() throws Exception {
    BusCapture mix = new BusCapture();
    bus().addSink(mix);
    join(Role.FACILITATOR, "console");
    AttuneClient a = join(Role.PARTICIPANT, "marimba");
    AttuneClient b = join(Role.PARTICIPANT, "marimba");
    AttuneClient listener = join(Role.LISTENER, "headphones");
    MemoryOutput heard = new MemoryOutput(SampleClock.SAMPLE_RATE * 20);
    FrameLog log = listen(listener, 20, false, heard);

    try (Socket stalled = new Socket()) {
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new java.net.InetSocketAddress("127.0.0.1", server.tcpPort()), 5_000);
      OutputStream out = stalled.getOutputStream();
      InputStream in = stalled.getInputStream();
      stalled.setSoTimeout(5_000);
      ClientMessage.newBuilder()
          .setRequestId(1)
          .setJoin(
              Join.newBuilder()
                  .setGroupCode(group.joinCode())
                  .setName("stalled")
                  .setRole(Role.LISTENER))
          .build()
          .writeDelimitedTo(out);
      awaitMessage(in, ServerMessage.BodyCase.WELCOME);
      ClientMessage.newBuilder()
          .setRequestId(2)
          .setStreamRequest(StreamRequest.newBuilder().setOn(true).setFrameMillis(20))
          .build()
          .writeDelimitedTo(out);
      awaitMessage(in, ServerMessage.BodyCase.ACCEPTED);
      // From here it reads nothing. Its stream alone (8 kB/s) would take minutes to fill the
      // kernel's and Netty's buffers; clock pings, each answered with a pong it does not read,
      // fill them in a moment.
      long dropped = streamStats().framesDropped.sum();
      byte[] pings = pings(2_000);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (streamStats().framesDropped.sum() - dropped < 10 && System.nanoTime() < deadline) {
        out.write(pings);
        out.flush();
        Thread.sleep(100);
      }
      assertThat(streamStats().framesDropped.sum() - dropped)
          .as("frames dropped for the stalled listener")
          .isGreaterThanOrEqualTo(10);

      long underruns = bus().stats().underruns.sum();
      playNotes(a, b);
      long droppedWhilePlaying = streamStats().framesDropped.sum() - dropped;

      assertThat(droppedWhilePlaying).isGreaterThan(NOTES * NOTE_SPACING_MILLIS / 20);
      List<AudioFrame> frames = new ArrayList<>(log.frames);
      assertThat(frames.size()).isGreaterThan(100);
      for (int i = 1; i < frames.size(); i++) {
        assertThat(frames.get(i).getSequence())
            .as("the reading listener misses no frame")
            .isEqualTo(frames.get(i - 1).getSequence() + 1);
      }
      bus().removeSink(mix);
      awaitHeard(heard, SampleClock.microsAt(mix.firstFrame + mix.frames));
      List<Long> mixOnsets =
          onsets(mix.left, mix.frames, SampleClock.microsAt(mix.firstFrame), peakOf(mix));
      float[] mono = mono(heard);
      List<Long> streamOnsets = onsets(mono, mono.length, heard.firstServerMicros(), peakOf(mix));
      assertThat(mixOnsets).as("the mix plays on").hasSize(NOTES);
      assertThat(streamOnsets).as("the reading listener hears every note").hasSize(NOTES);
      for (int i = 0; i < NOTES; i++) {
        assertThat(streamOnsets.get(i))
            .isCloseTo(mixOnsets.get(i), org.assertj.core.data.Offset.offset(20_000L));
      }
      System.out.println(
          "stream: stalled listener dropped "
              + droppedWhilePlaying
              + " frames while the others heard all; bus underruns meanwhile "
              + (bus().stats().underruns.sum() - underruns));
    }
  }

  @Test
  void udpFramesGoToTheAddressWhosePingsCarryTheTokenAndAForgedPingGetsNone() throws Exception {
    join(Role.FACILITATOR, "console");
    AttuneClient listener = join(Role.LISTENER, "headphones");
    FrameLog log = listen(listener, 10, true, new MemoryOutput(SampleClock.SAMPLE_RATE * 20));

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!log.viaUdp.contains(true) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(log.viaUdp).as("frames came as datagrams").contains(true);
    long udpBefore = streamStats().datagramsSent.sum();

    try (DatagramSocket forger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      forger.setSoTimeout(200);
      byte[] forged =
          ClientMessage.newBuilder()
              .setClockPing(
                  ClockPing.newBuilder()
                      .setClientSendMicros(1)
                      .setStreamToken(ByteString.copyFrom(new byte[16])))
              .build()
              .toByteArray();
      int pongs = 0;
      int frames = 0;
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
      while (System.nanoTime() < until) {
        forger.send(
            new DatagramPacket(
                forged, forged.length, InetAddress.getLoopbackAddress(), server.udpPort()));
        byte[] buf = new byte[2048];
        DatagramPacket got = new DatagramPacket(buf, buf.length);
        try {
          while (true) {
            forger.receive(got);
            ServerMessage m =
                ServerMessage.parseFrom(
                    java.util.Arrays.copyOfRange(buf, got.getOffset(), got.getLength()));
            if (m.hasAudioFrame()) {
              frames++;
            } else if (m.hasClockPong()) {
              pongs++;
            }
          }
        } catch (SocketTimeoutException e) {
          // Nothing more for now.
        }
      }
      assertThat(pongs).as("its pings are answered").isGreaterThan(0);
      assertThat(frames).as("but its address gets no stream").isZero();
    }
    List<AudioFrame> frames = new ArrayList<>(log.frames);
    AudioFrame last = frames.get(frames.size() - 1);
    assertThat(last.getFrameMillis()).isEqualTo(10);
    assertThat(streamStats().datagramsSent.sum()).isGreaterThan(udpBefore);
    assertThat(log.player.stats().played()).isGreaterThan(50);
  }

  @Test
  void aStreamRequestOfFifteenMillisecondsIsRefusedAndChangesNothing() throws Exception {
    AttuneClient listener = join(Role.LISTENER, "headphones");

    assertThatThrownBy(
            () ->
                listener
                    .listen(15, false, new MemoryOutput(48_000))
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(AttuneException.class)
        .hasMessageContaining("10 or 20 ms, not 15 ms")
        .satisfies(
            e -> assertThat(((AttuneException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThatThrownBy(
            () ->
                listener.stream(
                        StreamRequest.newBuilder()
                            .setOn(true)
                            .setUdp(true)
                            .setUdpToken(ByteString.copyFrom(new byte[4]))
                            .build())
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .cause()
        .hasMessageContaining("udp_token");
    assertThat(streamStats().listeners.sum()).isZero();
    assertThat(server.sound().orElseThrow().streams().streaming()).isZero();
    assertThat(listener.isConnected()).isTrue();
  }

  // ------------------------------------------------------------------ helpers

  private static void awaitMessage(InputStream in, ServerMessage.BodyCase body) throws Exception {
    while (true) {
      ServerMessage m = ServerMessage.parseDelimitedFrom(in);
      assertThat(m).as("connection open").isNotNull();
      if (m.getBodyCase() == body) {
        return;
      }
      assertThat(m.getBodyCase()).isNotEqualTo(ServerMessage.BodyCase.ERROR);
    }
  }

  private static byte[] pings(int n) throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < n; i++) {
      ClientMessage.newBuilder()
          .setClockPing(ClockPing.newBuilder().setClientSendMicros(i + 1))
          .build()
          .writeDelimitedTo(bytes);
    }
    return bytes.toByteArray();
  }

  private static float peakOf(BusCapture mix) {
    float max = 0;
    for (int i = 0; i < mix.frames; i++) {
      max = Math.max(max, Math.abs(mix.left[i]));
    }
    return max;
  }

  private static float[] mono(MemoryOutput out) {
    float[] l = out.left();
    float[] r = out.right();
    float[] m = new float[l.length];
    for (int i = 0; i < m.length; i++) {
      m[i] = 0.5f * (l[i] + r[i]);
    }
    return m;
  }

  /**
   * Onsets, as server µs: the first sample that passes a fifth of {@code max} (the mix's peak) once
   * at least 150 ms since the last onset were below a tenth of it.
   */
  static List<Long> onsets(float[] x, int frames, long firstMicros, float max) {
    List<Long> onsets = new ArrayList<>();
    int window = 48;
    int quietWindows = 150;
    int quiet = quietWindows;
    for (int w = 0; (w + 1) * window <= frames; w++) {
      float peak = 0;
      for (int i = w * window; i < (w + 1) * window; i++) {
        peak = Math.max(peak, Math.abs(x[i]));
      }
      if (peak > max / 5 && quiet >= quietWindows) {
        int first = w * window;
        while (Math.abs(x[first]) < max / 5) {
          first++;
        }
        onsets.add(firstMicros + first * 1_000_000L / SampleClock.SAMPLE_RATE);
        quiet = 0;
      } else if (peak < max / 10) {
        // Between a tenth and a fifth (a decay, or Opus's pre-echo just before a note) counts
        // neither way.
        quiet++;
      }
    }
    return onsets;
  }

  static double peak(float[] x, long firstMicros, long fromMicros, long toMicros) {
    int from = (int) Math.max(0, (fromMicros - firstMicros) * SampleClock.SAMPLE_RATE / 1_000_000);
    int to =
        (int) Math.min(x.length, (toMicros - firstMicros) * SampleClock.SAMPLE_RATE / 1_000_000);
    double p = 0;
    for (int i = from; i < to; i++) {
      p = Math.max(p, Math.abs(x[i]));
    }
    return p;
  }

  static double rms(float[] x, long firstMicros, long fromMicros, long toMicros) {
    int from = (int) Math.max(0, (fromMicros - firstMicros) * SampleClock.SAMPLE_RATE / 1_000_000);
    int to =
        (int) Math.min(x.length, (toMicros - firstMicros) * SampleClock.SAMPLE_RATE / 1_000_000);
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += x[i] * x[i];
    }
    return Math.sqrt(sum / Math.max(1, to - from));
  }
}
