package org.attune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.attune.command.MixerCommandParser;
import org.attune.protocol.v1.Accepted;
import org.attune.protocol.v1.BackingPart;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.Meters;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.MixerState;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.SetStrip;
import org.attune.protocol.v1.StripState;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.SoundConfig;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's mixer calls against a real server that renders sound with its built-in voices, in
 * this JVM: what the facilitator changes comes back in the next {@link MixerState}.
 */
class MixerEndToEndTest {

  private static final long TIMEOUT_SECONDS = 10;

  private AttuneServer server;
  private Group group;
  private final List<AttuneClient> clients = new ArrayList<>();

  /** The mixer messages a client heard, in order, and the threads they were heard on. */
  private static final class Mixing implements ClientListener {
    final BlockingQueue<MixerState> states = new LinkedBlockingQueue<>();
    final BlockingQueue<Meters> meters = new LinkedBlockingQueue<>();
    final BlockingQueue<String> threads = new LinkedBlockingQueue<>();

    @Override
    public void onMixerState(MixerState state) {
      threads.add(Thread.currentThread().getName());
      states.add(state);
    }

    @Override
    public void onMeters(Meters level) {
      threads.add(Thread.currentThread().getName());
      meters.add(level);
    }
  }

  @BeforeEach
  void startServer() throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts().withSound(SoundConfig.builtIn()));
    group = server.groups().create("mixer tests");
  }

  @AfterEach
  void stopAll() {
    clients.forEach(AttuneClient::close);
    server.close();
  }

  private AttuneClient join(Role role, String instrument, Mixing heard) throws Exception {
    AttuneClient client = AttuneClient.connect("127.0.0.1", server.tcpPort(), server.udpPort());
    clients.add(client);
    client.addListener(heard);
    client
        .join(group.joinCode(), role.name(), instrument, role, group.facilitatorKey())
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return client;
  }

  private static <T> T next(BlockingQueue<T> queue) throws InterruptedException {
    T item = queue.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(item).as("heard within %d s", TIMEOUT_SECONDS).isNotNull();
    return item;
  }

  /** Waits for the mixer state that has a strip for {@code memberId}, dropping those before it. */
  private static MixerState stateWithStrip(Mixing heard, String memberId) throws Exception {
    while (true) {
      MixerState state = next(heard.states);
      if (strip(state, memberId) != null) {
        return state;
      }
    }
  }

  private static StripState strip(MixerState state, String memberId) {
    return state.getStripsList().stream()
        .filter(s -> s.getParticipantId().equals(memberId))
        .findFirst()
        .orElse(null);
  }

  private static Throwable failureOf(CompletableFuture<?> future) {
    assertThatThrownBy(() -> future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
    return future.handle((value, failure) -> failure).join();
  }

  @Test
  void aFacilitatorsMixIsAcceptedAndTheNextMixerStateShowsTheChange() throws Exception {
    Mixing heard = new Mixing();
    AttuneClient facilitator = join(Role.FACILITATOR, "console", heard);
    AttuneClient player = join(Role.PARTICIPANT, "marimba", new Mixing());
    String id = player.participantId();
    StripState before = strip(stateWithStrip(heard, id), id);
    assertThat(before.getGainDb()).isZero();
    assertThat(before.getPan()).isZero();
    heard.states.clear();

    Accepted accepted =
        facilitator
            .mix(MixerCommandParser.parse("mix " + id + " gain -6 pan -0.5 mute"))
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

    assertThat(accepted.getChangeSequence()).as("a mix is not a structure change").isZero();
    MixerState after = next(heard.states);
    StripState changed = strip(after, id);
    assertThat(changed.getGainDb()).isEqualTo(-6f);
    assertThat(changed.getPan()).isEqualTo(-0.5f);
    assertThat(changed.getMute()).isTrue();
    assertThat(changed.getSolo()).isFalse();
    assertThat(changed.getInstrument()).as("unset fields stay").isEqualTo(before.getInstrument());
    assertThat(facilitator.mixerState()).as("the client keeps the latest").isEqualTo(after);
    assertThat(heard.threads).containsOnly("attune-timeline");
  }

  @Test
  void theMasterAndTheBackingChangeTheGroupsMix() throws Exception {
    Mixing heard = new Mixing();
    AttuneClient facilitator = join(Role.FACILITATOR, "console", heard);
    next(heard.states);
    assertThat(facilitator.mixerState().getBackingList()).isEmpty();

    facilitator.mix(MixerCommandParser.parse("master -3")).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(next(heard.states).getMasterGainDb()).isEqualTo(-3f);

    facilitator.mix(MixerCommandParser.parse("backing on")).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(next(heard.states).getBackingList())
        .containsExactlyInAnyOrder(BackingPart.DRUMS, BackingPart.BASS, BackingPart.PAD);

    facilitator.mix(MixerCommandParser.parse("backing off")).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(next(heard.states).getBackingList()).isEmpty();
    assertThat(facilitator.mixerState().getMasterGainDb()).isEqualTo(-3f);
  }

  @Test
  void aParticipantsMixIsForbiddenAndTheyHearNoMixerState() throws Exception {
    Mixing facilitatorHeard = new Mixing();
    join(Role.FACILITATOR, "console", facilitatorHeard);
    Mixing playerHeard = new Mixing();
    AttuneClient player = join(Role.PARTICIPANT, "marimba", playerHeard);
    stateWithStrip(facilitatorHeard, player.participantId());

    Throwable failure =
        failureOf(player.mix(MixerCommandParser.parse("mix " + player.participantId() + " solo")));

    assertThat(failure).isInstanceOf(AttuneException.class);
    assertThat(((AttuneException) failure).code()).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(failure.getMessage()).contains("facilitator");
    assertThat(player.mixerState()).isNull();
    assertThat(playerHeard.states).isEmpty();
    assertThat(playerHeard.meters).isEmpty();
    assertThat(facilitatorHeard.states.poll(200, TimeUnit.MILLISECONDS))
        .as("a refused mix changes nothing")
        .isNull();
  }

  @Test
  void aParticipantThatWatchesTheMixHearsItAndEveryChangeUntilItStops() throws Exception {
    Mixing facilitatorHeard = new Mixing();
    AttuneClient facilitator = join(Role.FACILITATOR, "console", facilitatorHeard);
    Mixing playerHeard = new Mixing();
    AttuneClient player = join(Role.PARTICIPANT, "marimba", playerHeard);
    String id = player.participantId();

    player.watchMix(true);
    assertThat(strip(stateWithStrip(playerHeard, id), id).getMute())
        .as("the mix now, on asking")
        .isFalse();
    facilitator
        .mix(MixerCommandParser.parse("mix " + id + " mute"))
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(strip(next(playerHeard.states), id).getMute()).as("the change").isTrue();
    assertThat(player.mixerState()).isNotNull();
    assertThat(playerHeard.meters).as("meters stay the facilitator's").isEmpty();

    player.watchMix(false);
    // A round trip on the same connection: once its answer is back, the server has read the stop.
    assertThatThrownBy(
            () ->
                player
                    .mix(MixerCommandParser.parse("mix " + id + " unmute"))
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .hasCauseInstanceOf(AttuneException.class);
    playerHeard.states.clear();
    facilitator
        .mix(MixerCommandParser.parse("mix " + id + " unmute"))
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    next(facilitatorHeard.states);
    assertThat(playerHeard.states.poll(200, TimeUnit.MILLISECONDS)).as("stopped").isNull();
  }

  @Test
  void aMixForSomeoneNotInTheGroupFailsWithTheServersSentence() throws Exception {
    AttuneClient facilitator = join(Role.FACILITATOR, "console", new Mixing());
    MixerCommand nobody =
        MixerCommand.newBuilder()
            .setStrip(SetStrip.newBuilder().setParticipantId("m99").setGainDb(-6))
            .build();

    Throwable failure = failureOf(facilitator.mix(nobody));

    assertThat(((AttuneException) failure).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(failure.getMessage()).contains("m99");
  }

  @Test
  void theFacilitatorHearsMetersAboutTwentyTimesASecond() throws Exception {
    Mixing heard = new Mixing();
    join(Role.FACILITATOR, "console", heard);
    next(heard.meters);
    heard.meters.clear();

    long startNanos = System.nanoTime();
    List<Meters> second = new ArrayList<>();
    while (System.nanoTime() - startNanos < 1_000_000_000L) {
      Meters m = heard.meters.poll(100, TimeUnit.MILLISECONDS);
      if (m != null) {
        second.add(m);
      }
    }

    // A busy machine delays some sends; the server's own stamps show the pace it keeps.
    assertThat(second).hasSizeBetween(12, 26);
    long spanMicros =
        second.get(second.size() - 1).getServerMicros() - second.get(0).getServerMicros();
    double meanGapMillis = spanMicros / 1_000.0 / (second.size() - 1);
    assertThat(meanGapMillis).isBetween(40.0, 70.0);
    assertThat(second.get(0).hasMaster()).isTrue();
    assertThat(second.get(0).getMaster().getPeakDb()).as("nothing plays yet").isLessThan(-60f);
  }
}
