package org.attune.client.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.attune.audio.SampleClock;
import org.attune.audio.builtin.BuiltinSoundFont;
import org.attune.audio.bus.GroupBus;
import org.attune.client.AttuneClient;
import org.attune.client.ClockSync;
import org.attune.command.FacilitatorCommandParser;
import org.attune.command.MixerCommandParser;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.MixerState;
import org.attune.protocol.v1.NoteOff;
import org.attune.protocol.v1.NoteOn;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.StripState;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.SoundConfig;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real server with sound (the built-in voices) on real sockets on 127.0.0.1, a facilitator, two
 * members and a remote member whose client renders the group locally: the server's bus and the
 * client's bus are both captured, by bus frame, and hold the same notes at the same server times,
 * at the same pitches and levels, through a mute and a key change, with the backing band on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalRenderingEndToEndTest {

  private static final long TIMEOUT_SECONDS = 10;

  /** The server's render delay, and the client's: their frames then line up one to one. */
  private static final long DELAY_MICROS = 50_000;

  /** The client renders each block this long before it is heard. */
  private static final long LEAD_MICROS = 40_000;

  private static final int ONE_BLOCK = SampleClock.BLOCK_FRAMES;

  private AttuneServer server;
  private Group group;
  private GroupBus serverBus;
  private final MixCapture heardOnServer = new MixCapture(40);
  private final MixCapture heardLocally = new MixCapture(40);
  private final List<AttuneClient> clients = new ArrayList<>();
  private AttuneClient facilitator;
  private AttuneClient ana;
  private AttuneClient ben;
  private AttuneClient remote;
  private LocalRenderer renderer;

  @BeforeEach
  void start() throws Exception {
    server =
        AttuneServer.start(
            ServerConfig.onFreePorts()
                .withSound(
                    SoundConfig.builtIn().withRenderDelay(Duration.ofNanos(DELAY_MICROS * 1_000))));
    group = server.groups().create("local rendering");
    serverBus = server.sound().orElseThrow().bus(group.id()).orElseThrow();
    serverBus.addSink(heardOnServer);
    facilitator = join(Role.FACILITATOR, "console");
    ana = join(Role.PARTICIPANT, "organ");
    ben = join(Role.PARTICIPANT, "organ");
    remote = join(Role.PARTICIPANT, "organ");
    remote.awaitClockSync(2 * ClockSync.MIN_SYNC_SAMPLES).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    // A long output lead: on loopback the network needs little of the delay, and a machine busy
    // with other builds can hold the render thread up for milliseconds.
    renderer =
        LocalRenderer.start(
            remote, BuiltinSoundFont.create(), DELAY_MICROS, LEAD_MICROS, heardLocally);
    awaitMix(m -> m.getStripsCount() == 4);
  }

  @AfterEach
  void stop() {
    if (renderer != null) {
      renderer.close();
    }
    clients.forEach(AttuneClient::close);
    server.close();
  }

  private AttuneClient join(Role role, String instrument) throws Exception {
    AttuneClient client = AttuneClient.connect("127.0.0.1", server.tcpPort(), server.udpPort());
    clients.add(client);
    client
        .join(group.joinCode(), role.name(), instrument, role, group.facilitatorKey())
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    client.awaitClockSync(ClockSync.MIN_SYNC_SAMPLES).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return client;
  }

  @Test
  void theClientsBusPlaysTheSameNotesAtTheSameServerTimesAsTheServersBus() throws Exception {
    // Another member's note stamped ahead, one stamped now (it reaches the client with only the
    // loopback's delay), and the remote member's own note, sent and rendered here.
    long first = now() + 300_000;
    ana.sendGesture(note(57, first));
    ana.sendGesture(noteOff(57, first + 250_000));
    Thread.sleep(1_100);
    Gesture played = ben.sendGesture(note(64, 0));
    assertThat(played).isNotNull();
    long second = played.getPlayedAtServerMicros();
    ben.sendGesture(noteOff(64, second + 250_000));
    long third = second + 800_000;
    renderer.play(note(69, third));
    renderer.play(noteOff(69, third + 250_000));

    long[] times = {first, second, third};
    int[] pitches = {57, 64, 69};
    awaitBoth(heardAt(third) + SampleClock.SAMPLE_RATE / 2);
    for (int i = 0; i < times.length; i++) {
      sameNote("note " + i, heardAt(times[i]), pitches[i], i == 1 ? ONE_BLOCK : 0);
    }
    assertThat(renderer.stats().lateEvents.sum()).as("notes too late for the delay").isZero();
    assertThat(renderer.stats().underruns.sum()).as("local underruns").isZero();
  }

  @Test
  void aMuteSilencesTheSameMemberInBothMixes() throws Exception {
    facilitator
        .mix(MixerCommandParser.parse("mix " + ben.participantId() + " mute"))
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    awaitMix(m -> strip(m, ben.participantId()).getMute());

    long at = now() + 300_000;
    ben.sendGesture(note(64, at));
    ben.sendGesture(noteOff(64, at + 250_000));
    long then = at + 600_000;
    ana.sendGesture(note(57, then));
    ana.sendGesture(noteOff(57, then + 250_000));
    awaitBoth(heardAt(then) + SampleClock.SAMPLE_RATE / 2);

    long heard = heardAt(at);
    assertThat(heardOnServer.peak(heard - 2_400, heard + 9_600))
        .as("server: muted")
        .isLessThan(1e-4);
    assertThat(heardLocally.peak(heard - 2_400, heard + 9_600)).as("local: muted").isLessThan(1e-4);
    sameNote("the unmuted member's note", heardAt(then), 57);
  }

  @Test
  void aKeyChangeMovesAPadInBothMixesAndTheBackingPlaysTheSameBars() throws Exception {
    // Before: pad 3 in C major is E.
    long before = now() + 300_000;
    ana.sendGesture(pad(3, false, before));
    ana.sendGesture(pad(3, true, before + 250_000));
    awaitBoth(heardAt(before) + SampleClock.SAMPLE_RATE / 2);
    sameNote("pad 3 in C major", heardAt(before), 64);

    long effective =
        facilitator
            .command(FacilitatorCommandParser.parse("key D dorian --at next-beat"))
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .getEffectiveServerMicros();
    long after = effective + 300_000;
    while (now() < after - 1_000_000) {
      Thread.sleep(20); // the server refuses played-at times more than 2 s from now
    }
    ana.sendGesture(pad(3, false, after));
    ana.sendGesture(pad(3, true, after + 250_000));
    awaitBoth(heardAt(after) + SampleClock.SAMPLE_RATE / 2);
    sameNote("pad 3 in D dorian (F)", heardAt(after), 65);

    // The backing band's pad holds each bar's chord; both bands follow the same form timeline.
    facilitator
        .mix(MixerCommandParser.parse("backing pad bass"))
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    awaitMix(m -> m.getBackingCount() == 2);
    long barMicros = 2_000_000; // 4/4 at 120 BPM
    long from = heardAt(now() + 2 * barMicros);
    long to = from + 2 * SampleClock.SAMPLE_RATE;
    awaitBoth(to);
    double serverRms = heardOnServer.rms(from, to);
    double localRms = heardLocally.rms(from, to);
    System.out.printf(
        "backing over 2 s: level %+.2f dB, correlation %.4f%n",
        20 * Math.log10(localRms / serverRms),
        MixCapture.correlation(heardOnServer, heardLocally, from, to));
    assertThat(serverRms).as("the backing sounds on the server").isGreaterThan(0.005);
    assertThat(20 * Math.log10(localRms / serverRms))
        .as("local level against the server's, dB")
        .isCloseTo(0, within(1.0));
    assertThat(MixCapture.correlation(heardOnServer, heardLocally, from, to))
        .as("the same notes at the same frames")
        .isGreaterThan(0.9);
  }

  @Test
  void aClientThatHasNotJoinedCannotRenderAndIsToldWhy() throws Exception {
    AttuneClient stranger = AttuneClient.connect("127.0.0.1", server.tcpPort(), server.udpPort());
    clients.add(stranger);
    assertThatThrownBy(
            () ->
                LocalRenderer.start(
                    stranger, BuiltinSoundFont.create(), DELAY_MICROS, new MixCapture(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("join a group");
  }

  private void sameNote(String what, long expected, int pitch) {
    sameNote(what, expected, pitch, 0);
  }

  /**
   * Both captures hold a note at {@code expected}: onset (within 48 frames, 1 ms; the server's up
   * to {@code serverLate} frames later), pitch and level agree.
   *
   * @param serverLate a gesture stamped "now" reaches the server's bus after its block was rendered
   *     if it takes longer than a block: it sounds at the start of the next one (a late event
   *     there)
   */
  private void sameNote(String what, long expected, int pitch, int serverLate) {
    long onServer = heardOnServer.onset(expected - 480, expected + 1_440);
    long local = heardLocally.onset(expected - 480, expected + 1_440);
    assertThat(onServer)
        .as("%s: onset on the server", what)
        .isBetween(expected - 48, expected + serverLate + 48);
    assertThat(local).as("%s: onset in the client", what).isBetween(expected - 48, expected + 48);
    assertThat(Math.abs(local - onServer))
        .as("%s: onsets apart", what)
        .isLessThanOrEqualTo(serverLate + 48L);
    double serverHz = heardOnServer.fundamental(expected + 2_400, expected + 7_200);
    double localHz = heardLocally.fundamental(expected + 2_400, expected + 7_200);
    assertThat(cents(serverHz, midiHz(pitch)))
        .as("%s: pitch on the server", what)
        .isCloseTo(0, within(10.0));
    assertThat(cents(localHz, midiHz(pitch)))
        .as("%s: pitch in the client", what)
        .isCloseTo(0, within(10.0));
    double serverRms = heardOnServer.rms(expected + 480, expected + 9_600);
    double localRms = heardLocally.rms(expected + 480, expected + 9_600);
    System.out.printf(
        "%s: onset on the server %+d frames, in the client %+d; %.1f Hz and %.1f Hz; level %+.2f"
            + " dB; local underruns %d%n",
        what,
        onServer - expected,
        local - expected,
        serverHz,
        localHz,
        20 * Math.log10(localRms / serverRms),
        renderer.stats().underruns.sum());
    assertThat(serverRms).as("%s: heard on the server", what).isGreaterThan(0.005);
    assertThat(20 * Math.log10(localRms / serverRms))
        .as("%s: local level against the server's, dB", what)
        .isCloseTo(0, within(1.0));
  }

  private void awaitBoth(long frame) throws InterruptedException {
    heardOnServer.awaitFrame(frame);
    heardLocally.awaitFrame(frame);
  }

  /** Waits until the remote member's client holds a mix that satisfies {@code condition}. */
  private void awaitMix(Predicate<MixerState> condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (remote.mixerState() == null || !condition.test(remote.mixerState())) {
      assertThat(System.nanoTime() - deadline).as("the mix reached the client").isNegative();
      Thread.sleep(10);
    }
    // The renderer hears the mix on the same thread right after; give it a block to take effect.
    Thread.sleep(20);
  }

  private static StripState strip(MixerState mix, String id) {
    return mix.getStripsList().stream()
        .filter(s -> s.getParticipantId().equals(id))
        .findFirst()
        .orElse(StripState.getDefaultInstance());
  }

  private long now() {
    return server.clock().nowMicros();
  }

  /** The bus frame at which a note played at server time {@code micros} is heard (both buses). */
  private long heardAt(long micros) {
    return SampleClock.frameAt(micros + DELAY_MICROS) + serverBus.mixer().master().latencyFrames();
  }

  private static Gesture note(int pitch, long at) {
    return Gesture.newBuilder()
        .setNoteOn(NoteOn.newBuilder().setPitch(pitch))
        .setVelocity(0.8f)
        .setPlayedAtServerMicros(at)
        .build();
  }

  private static Gesture noteOff(int pitch, long at) {
    return Gesture.newBuilder()
        .setNoteOff(NoteOff.newBuilder().setPitch(pitch))
        .setPlayedAtServerMicros(at)
        .build();
  }

  private static Gesture pad(int degree, boolean release, long at) {
    return Gesture.newBuilder()
        .setPad(Pad.newBuilder().setDegree(degree).setRelease(release))
        .setPlayedAtServerMicros(at)
        .build();
  }

  private static double cents(double hz, double reference) {
    return 1200 * Math.log(hz / reference) / Math.log(2);
  }

  private static double midiHz(int key) {
    return 440 * Math.pow(2, (key - 69) / 12.0);
  }
}
