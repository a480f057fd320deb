package org.attune.loadtest.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.attune.clock.ServerClock;
import org.attune.clock.TempoMap;
import org.attune.protocol.v1.ClockAnchor;
import org.attune.protocol.v1.FormPatch;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.GroupCreated;
import org.attune.protocol.v1.JournalRecord;
import org.attune.protocol.v1.Member;
import org.attune.protocol.v1.MemberJoined;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.SetStrip;
import org.attune.protocol.v1.StructureChange;
import org.attune.server.ServerConfig;
import org.attune.server.group.GroupRegistry;
import org.attune.server.group.GroupSound;
import org.attune.server.group.SecretHashes;
import org.attune.server.journal.DataDirectory;
import org.attune.server.journal.FlushPolicy;
import org.attune.server.journal.JournalFrames;
import org.attune.server.journal.JournalReader;
import org.attune.server.journal.JournalStats;
import org.attune.server.journal.JournalWriter;
import org.attune.server.journal.SessionRestore;
import org.attune.server.metrics.GroupMeters;
import org.attune.server.transport.SocketTransport;

/**
 * How long a restarted server takes to bring back its sessions (issue 11: target at most 5 s for
 * 250 groups with an hour of journal each). Each group's journal holds what an hour of an 8-member
 * group playing 10 gestures a second each writes: 288,000 gestures, a structure change every 30 s,
 * mixer commands, eight members. The bench writes the 250 journals (3.4 GB), then, in one run,
 * times the server's restore ({@link SessionRestore}: every frame checked, gestures not parsed, the
 * journals read in parallel) and beside it a plain read that parses every record, as a restore that
 * replayed the gestures would. The files are in the page cache (just written); with root, the
 * restore is timed once more after dropping the caches. Run: {@code java -cp
 * loadtest/target/attune-loadtest.jar org.attune.loadtest.bench.RecoveryBench [groups]}.
 */
public final class RecoveryBench {

  private static final int MEMBERS = 8;
  private static final int GESTURES_PER_SECOND = 10;
  private static final int SECONDS = 3_600;
  private static final long HOUR_MICROS = SECONDS * 1_000_000L;

  private RecoveryBench() {}

  public static void main(String[] args) throws Exception {
    int groups = args.length > 0 ? Integer.parseInt(args[0]) : 250;
    Path root = Files.createTempDirectory("attune-recovery-bench");
    try {
      DataDirectory data = new DataDirectory(root);
      long epochAtZero = System.currentTimeMillis() * 1_000 - HOUR_MICROS - 1_000_000;
      byte[] hour = hourOfPlaying();
      long bytes = 0;
      for (int g = 1; g <= groups; g++) {
        Path journal = data.journal("g" + g);
        Files.createDirectories(journal.getParent());
        byte[] start = start("g" + g, epochAtZero);
        Files.write(journal, start);
        Files.write(journal, hour, java.nio.file.StandardOpenOption.APPEND);
        bytes += start.length + hour.length;
      }
      System.out.printf(
          "%d journals, %.2f GB, %d records each%n",
          groups,
          bytes / 1e9,
          MEMBERS * GESTURES_PER_SECOND * SECONDS + SECONDS / 30 + MEMBERS + 4);

      double restore = timeRestore(data, groups);
      long parseStart = System.nanoTime();
      long records = 0;
      for (int g = 1; g <= groups; g++) {
        records += JournalReader.read(data.journal("g" + g)).records().size();
      }
      double parseAll = (System.nanoTime() - parseStart) / 1e9;
      System.out.printf(
          "restore (warm cache): %.2f s (target <= 5); reading and parsing every"
              + " record, one thread: %.2f s (%d records), x%.1f the restore%n",
          restore, parseAll, records, parseAll / restore);
      if (dropCaches()) {
        System.out.printf("restore (caches dropped): %.2f s%n", timeRestore(data, groups));
      } else {
        System.out.println("restore (caches dropped): not measured (needs root)");
      }
    } finally {
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** Restores every session of {@code data} into a fresh registry, as a starting server does. */
  private static double timeRestore(DataDirectory data, int groups) throws Exception {
    ServerClock clock = ServerClock.startingNow();
    long epochAtZero = System.currentTimeMillis() * 1_000 - clock.nowMicros();
    EventLoopGroup loops = SocketTransport.chosen().newLoops(2);
    JournalStats stats = new JournalStats();
    try (JournalWriter writer =
        new JournalWriter(data.sessions(), FlushPolicy.DEFAULT, 1 << 16, stats)) {
      GroupRegistry registry =
          new GroupRegistry(
              "g",
              loops,
              clock,
              ServerConfig.defaults().groupSettings(),
              PooledByteBufAllocator.DEFAULT,
              GroupMeters.newStats(new SimpleMeterRegistry()),
              GroupSound.Factory.SILENT,
              writer,
              SecretHashes.ofThisRun(),
              epochAtZero);
      long start = System.nanoTime();
      SessionRestore.Outcome outcome =
          SessionRestore.restore(data, registry, writer, clock, epochAtZero, Duration.ofHours(4));
      double seconds = (System.nanoTime() - start) / 1e9;
      if (outcome.restored().size() != groups) {
        throw new IllegalStateException(
            "restored "
                + outcome.restored().size()
                + " of "
                + groups
                + "; set aside: "
                + outcome.setAside());
      }
      registry.groups().forEach(org.attune.server.group.Group::close);
      return seconds;
    } finally {
      loops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }
  }

  /** A group's first records: its creation, the clock anchor and its members' joins. */
  private static byte[] start(String id, long epochAtZero) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] salt = SecretHashes.newSalt();
    put(
        out,
        JournalRecord.newBuilder()
            .setServerMicros(0)
            .setGroupCreated(
                GroupCreated.newBuilder()
                    .setGroupId(id)
                    .setName("group " + id)
                    .setJoinCodeHash(com.google.protobuf.ByteString.copyFrom(salt))
                    .setFacilitatorKeyHash(com.google.protobuf.ByteString.copyFrom(salt))
                    .setSalt(com.google.protobuf.ByteString.copyFrom(salt))
                    .setCreatedEpochMillis(epochAtZero / 1_000)
                    .setInitialBpm(90))
            .build());
    put(
        out,
        JournalRecord.newBuilder()
            .setServerMicros(0)
            .setClockAnchor(ClockAnchor.newBuilder().setEpochMicrosAtZero(epochAtZero))
            .build());
    for (int m = 1; m <= MEMBERS; m++) {
      put(
          out,
          JournalRecord.newBuilder()
              .setServerMicros(m)
              .setMemberJoined(
                  MemberJoined.newBuilder()
                      .setMember(
                          Member.newBuilder()
                              .setParticipantId("m" + m)
                              .setName("Player " + m)
                              .setInstrument("tablet")
                              .setRole(m == 1 ? Role.FACILITATOR : Role.PARTICIPANT))
                      .setSessionTokenHash(com.google.protobuf.ByteString.copyFrom(salt)))
              .build());
    }
    return out.toByteArray();
  }

  /** An hour of an 8-member group at 10 gestures a second each, a change every 30 s. */
  private static byte[] hourOfPlaying() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 << 20);
    TempoMap map = TempoMap.steady(0, 90);
    int perSecond = MEMBERS * GESTURES_PER_SECOND;
    for (int s = 0; s < SECONDS; s++) {
      long second = s * 1_000_000L;
      if (s % 30 == 0) {
        map = map.withSteady(second + 200_000, 80 + s / 30 % 40);
        put(
            out,
            JournalRecord.newBuilder()
                .setServerMicros(second)
                .setStructureChange(
                    StructureChange.newBuilder()
                        .setSequence(s / 30 + 1)
                        .setEffectiveBeat(map.beatAt(second + 200_000))
                        .setEffectiveServerMicros(second + 200_000)
                        .setTempoMap(map.prunedBefore(second - 10_000_000).toProto())
                        .setForm(FormPatch.newBuilder().setSection("S" + s / 30 % 4))
                        .setDescription("section at next bar"))
                .build());
      }
      if (s % 600 == 0) {
        put(
            out,
            JournalRecord.newBuilder()
                .setServerMicros(second)
                .setMixer(
                    MixerCommand.newBuilder()
                        .setStrip(
                            SetStrip.newBuilder().setParticipantId("m2").setGainDb(-(s / 600))))
                .build());
      }
      for (int i = 0; i < perSecond; i++) {
        long at = second + i * (1_000_000L / perSecond);
        put(
            out,
            JournalRecord.newBuilder()
                .setServerMicros(at)
                .setGesture(
                    GestureEvent.newBuilder()
                        .setParticipantId("m" + (1 + i % MEMBERS))
                        .setGesture(
                            Gesture.newBuilder()
                                .setPad(Pad.newBuilder().setDegree(1 + i % 7))
                                .setVelocity(0.8f)
                                .setPlayedAtServerMicros(at))
                        .setServerReceiveMicros(at)
                        .setResolvedPitch(60 + i % 12)
                        .setBeat(map.beatAt(at)))
                .build());
      }
    }
    return out.toByteArray();
  }

  private static void put(ByteArrayOutputStream out, JournalRecord record) {
    ByteBuffer frame = JournalFrames.encode(record);
    out.write(frame.array(), frame.arrayOffset(), frame.remaining());
  }

  private static boolean dropCaches() {
    try {
      new ProcessBuilder("sync").inheritIO().start().waitFor();
      Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
      return true;
    } catch (IOException | InterruptedException | SecurityException e) {
      return false;
    }
  }
}
