package org.attune.loadtest.bench;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.attune.audio.opus.OpusFrameSize;
import org.attune.audio.opus.OpusPacketEncoder;
import org.attune.client.AttuneClient;
import org.attune.client.stream.AudioFrameSink;
import org.attune.client.stream.MemoryOutput;
import org.attune.client.stream.StreamPlayer;
import org.attune.protocol.v1.AudioFrame;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.SoundConfig;
import org.attune.server.group.Group;

/**
 * The live stream's costs (issue 13): the Opus encode cost of one group's stream on one core (how
 * many groups one core streams in real time), the latency from the mix to a decoding client on
 * loopback, and the bandwidth per listener.
 *
 * <p>Encode: a music-like signal (decaying chords and noise, 48 kHz stereo) is encoded frame after
 * frame with the stream's encoder, after a warm-up, on this thread; the best of five rounds is
 * printed. Latency: a server in this JVM renders a group (two members playing pads four times a
 * second with the built-in voices) and streams it to a listener over TCP and one over UDP; each
 * frame's arrival is read on the client's synced clock against the frame's server time (when its
 * first sample is heard). A client that plays frame n at its server time plus a playout delay D
 * hears a gesture render delay + D after it was played; D must cover the arrival of (nearly) every
 * frame, so the latency given is render delay + p99 arrival, beside the player's default D and the
 * frames it found late. Bandwidth: the bytes of each frame's message (Opus packet, fields, frame
 * prefix) per second; IP and TCP/UDP headers not counted. Run: {@code java -cp
 * loadtest/target/attune-loadtest.jar org.attune.loadtest.bench.StreamBench [seconds]}.
 */
public final class StreamBench {

  private StreamBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    System.out.printf(
        "StreamBench on %d cores (a shared machine: other work ran beside it)%n",
        Runtime.getRuntime().availableProcessors());
    for (OpusFrameSize size : OpusFrameSize.values()) {
      encodeCost(size);
    }
    for (int frameMillis : new int[] {20, 10}) {
      latency(frameMillis, seconds);
    }
  }

  private static void encodeCost(OpusFrameSize size) {
    OpusPacketEncoder encoder = org.attune.server.stream.StreamEncoding.encoder(size);
    int frames = 60_000 / size.millis();
    float[] signal = music(frames * size.frames());
    byte[] packet = new byte[OpusPacketEncoder.MAX_PACKET_BYTES];
    long bytes = 0;
    for (int f = 0; f < frames; f++) {
      encoder.encode(signal, f * size.frames() * 2, packet);
    }
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long start = System.nanoTime();
      bytes = 0;
      for (int f = 0; f < frames; f++) {
        bytes += encoder.encode(signal, f * size.frames() * 2, packet);
      }
      best = Math.min(best, (System.nanoTime() - start) / (double) frames);
    }
    double streamsPerCore = size.millis() * 1e6 / best;
    System.out.printf(
        "encode %2d ms frames: %.1f µs a frame, %.0fx real time: %.0f group streams per core"
            + " (target >= 60); %.1f kbit/s of Opus%n",
        size.millis(), best / 1_000, streamsPerCore, streamsPerCore, bytes * 8.0 / 60 / 1_000);
  }

  /** Four decaying chords a second over a little noise, a hard case for a music codec. */
  private static float[] music(int frames) {
    float[] pcm = new float[frames * 2];
    java.util.Random random = new java.util.Random(13);
    double[] pitches = {220, 277.18, 329.63, 440, 246.94, 311.13, 369.99, 493.88};
    for (int i = 0; i < frames; i++) {
      int chord = (i / 12_000) % 2;
      double t = (i % 12_000) / 48_000.0;
      double env = Math.exp(-t * 6);
      double s = 0;
      for (int k = 0; k < 4; k++) {
        double f = pitches[chord * 4 + k];
        s +=
            Math.sin(2 * Math.PI * f * i / 48_000.0)
                + 0.3 * Math.sin(4 * Math.PI * f * i / 48_000.0);
      }
      double noise = 0.02 * random.nextGaussian();
      pcm[2 * i] = (float) (0.12 * env * s + noise);
      pcm[2 * i + 1] = (float) (0.12 * env * s * 0.8 + noise);
    }
    return pcm;
  }

  private static void latency(int frameMillis, int seconds) throws Exception {
    try (AttuneServer server =
        AttuneServer.start(ServerConfig.onFreePorts().withSound(SoundConfig.builtIn()))) {
      Group group = server.groups().create("stream bench");
      AttuneClient a = join(server, group, Role.PARTICIPANT, "marimba");
      AttuneClient b = join(server, group, Role.PARTICIPANT, "piano");
      AttuneClient tcp = join(server, group, Role.LISTENER, "tcp");
      AttuneClient udp = join(server, group, Role.LISTENER, "udp");
      long delay = StreamPlayer.defaultPlayoutDelayMicros(frameMillis);
      StreamPlayer tcpPlayer =
          tcp.listen(frameMillis, false, new MemoryOutput(48_000), delay).get(10, TimeUnit.SECONDS);
      StreamPlayer udpPlayer =
          udp.listen(frameMillis, true, new MemoryOutput(48_000), delay).get(10, TimeUnit.SECONDS);
      Arrivals tcpArrivals = new Arrivals(tcp, tcpPlayer);
      Arrivals udpArrivals = new Arrivals(udp, udpPlayer);
      tcp.audioFrames(tcpArrivals);
      udp.audioFrames(udpArrivals);
      Thread.sleep(5_000); // warm-up: the JIT, the clock estimates, UDP proven
      tcpArrivals.reset();
      udpArrivals.reset();
      StreamPlayer.Stats tcpBefore = tcpPlayer.stats();
      StreamPlayer.Stats udpBefore = udpPlayer.stats();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      int n = 0;
      while (System.nanoTime() < end) {
        AttuneClient player = n % 2 == 0 ? a : b;
        player.sendGesture(
            Gesture.newBuilder()
                .setPad(Pad.newBuilder().setDegree(1 + n % 8))
                .setVelocity(0.8f)
                .build());
        n++;
        Thread.sleep(250);
      }
      long renderDelay = group.mixerState().getRenderDelayMicros();
      tcpArrivals.print("TCP", frameMillis, renderDelay, tcpBefore, tcpPlayer.stats(), seconds);
      udpArrivals.print("UDP", frameMillis, renderDelay, udpBefore, udpPlayer.stats(), seconds);
      for (AttuneClient c : new AttuneClient[] {a, b, tcp, udp}) {
        c.close();
      }
    }
  }

  private static AttuneClient join(AttuneServer server, Group group, Role role, String what)
      throws Exception {
    AttuneClient client = AttuneClient.connect("127.0.0.1", server.tcpPort(), server.udpPort());
    client.join(group.joinCode(), what, what, role, null).get(10, TimeUnit.SECONDS);
    client.awaitClockSync(16).get(10, TimeUnit.SECONDS);
    return client;
  }

  /** Each frame's arrival after its server time, and its size on the wire. */
  private static final class Arrivals implements AudioFrameSink {
    private final AttuneClient client;
    private final StreamPlayer player;
    private final ConcurrentLinkedQueue<long[]> seen = new ConcurrentLinkedQueue<>();

    Arrivals(AttuneClient client, StreamPlayer player) {
      this.client = client;
      this.player = player;
    }

    void reset() {
      seen.clear();
    }

    @Override
    public void onFrame(AudioFrame frame, boolean viaUdp, long receivedLocalNanos) {
      long arrival =
          client.clockSync().serverMicrosAt(receivedLocalNanos / 1_000) - frame.getServerMicros();
      int bytes = ServerMessage.newBuilder().setAudioFrame(frame).build().getSerializedSize() + 2;
      seen.add(new long[] {arrival, bytes, viaUdp ? 1 : 0});
      player.onFrame(frame, viaUdp, receivedLocalNanos);
    }

    void print(
        String path,
        int frameMillis,
        long renderDelay,
        StreamPlayer.Stats before,
        StreamPlayer.Stats after,
        int seconds) {
      long[][] all = seen.toArray(long[][]::new);
      long[] arrivals = Arrays.stream(all).mapToLong(x -> x[0]).sorted().toArray();
      long bytes = Arrays.stream(all).mapToLong(x -> x[1]).sum();
      long datagrams = Arrays.stream(all).filter(x -> x[2] == 1).count();
      if (arrivals.length == 0) {
        System.out.printf("%s %d ms: no frames arrived%n", path, frameMillis);
        return;
      }
      long p50 = arrivals[arrivals.length / 2];
      long p99 = arrivals[(int) Math.min(arrivals.length - 1, arrivals.length * 0.99)];
      long max = arrivals[arrivals.length - 1];
      long played = after.played() - before.played();
      long late = after.late() - before.late();
      long lost = after.lost() - before.lost();
      System.out.printf(
          "%s %d ms frames: %d frames (%d as datagrams); arrival after server time p50 %.1f /"
              + " p99 %.1f / max %.1f ms; latency mix to client = render delay %.1f + p99 %.1f"
              + " = %.1f ms (target <= %d); at the default playout delay %.1f ms (latency %.1f ms):"
              + " %d played, %d late, %d lost; %.1f kbit/s per listener (target <= 64)%n",
          path,
          frameMillis,
          arrivals.length,
          datagrams,
          p50 / 1e3,
          p99 / 1e3,
          max / 1e3,
          renderDelay / 1e3,
          p99 / 1e3,
          (renderDelay + p99) / 1e3,
          frameMillis == 20 ? 40 : 25,
          after.playoutDelayMicros() / 1e3,
          (renderDelay + after.playoutDelayMicros()) / 1e3,
          played,
          late,
          lost,
          bytes * 8.0 / seconds / 1_000);
    }
  }
}
