package org.attune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.attune.client.AttuneClient;
import org.attune.client.ClientListener;
import org.attune.protocol.v1.BackingPart;
import org.attune.protocol.v1.MixerState;
import org.attune.protocol.v1.Mode;
import org.attune.protocol.v1.RecordCommand;
import org.attune.protocol.v1.RecordFormat;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.StripState;
import org.attune.protocol.v1.StructureChange;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.SoundConfig;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class FacilitateCommandTest {

  /** The command as the attune executable nests it. */
  @Command(name = "attune", subcommands = FacilitateCommand.class)
  static final class Attune implements Runnable {
    @Override
    public void run() {}
  }

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(FacilitateCommand command, String... args) {
    CommandLine line = new CommandLine(command);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line.execute(args);
  }

  private static FacilitateCommand typing(String... lines) {
    return new FacilitateCommand(
        () -> new BufferedReader(new StringReader(String.join("\n", lines) + "\n")));
  }

  // ------------------------------------------------------------------ arguments, no server

  @Test
  void theWordsAfterTheOptionsAreTheCommandTheirOwnOptionsIncluded() {
    CommandLine.ParseResult result =
        new CommandLine(new Attune())
            .parseArgs(
                "facilitate",
                "--code",
                "C",
                "--key",
                "K",
                "tempo",
                "96",
                "--ramp",
                "8",
                "--at",
                "next-bar");
    FacilitateCommand parsed = (FacilitateCommand) result.subcommand().commandSpec().userObject();
    assertThat(parsed.code).isEqualTo("C");
    assertThat(parsed.key).isEqualTo("K");
    assertThat(parsed.words).containsExactly("tempo", "96", "--ramp", "8", "--at", "next-bar");
  }

  @Test
  void mixerWordsAreTheCommandTheirNegativeNumbersIncluded() {
    CommandLine.ParseResult result =
        new CommandLine(new Attune())
            .parseArgs(
                "facilitate",
                "--code",
                "C",
                "--key",
                "K",
                "mix",
                "m2",
                "gain",
                "-6",
                "pan",
                "-0.5");
    FacilitateCommand parsed = (FacilitateCommand) result.subcommand().commandSpec().userObject();
    assertThat(parsed.words).containsExactly("mix", "m2", "gain", "-6", "pan", "-0.5");
  }

  @Test
  void optionsHaveDefaults() {
    CommandLine.ParseResult result =
        new CommandLine(new Attune()).parseArgs("facilitate", "--code", "C", "--key", "K");
    FacilitateCommand parsed = (FacilitateCommand) result.subcommand().commandSpec().userObject();
    assertThat(parsed.host).isEqualTo("127.0.0.1");
    assertThat(parsed.port).isEqualTo(7400);
    assertThat(parsed.name).isEqualTo("facilitator");
    assertThat(parsed.words).isEmpty();
  }

  @Test
  void theCodeAndKeyAreRequired() {
    assertThat(execute(new FacilitateCommand(), "--code", "C")).isEqualTo(2);
    assertThat(err.toString()).contains("--key");
  }

  @Test
  void wordsThatAreNotACommandExitWithTwoBeforeConnecting() {
    int status =
        execute(
            new FacilitateCommand(), "--port", "1", "--code", "C", "--key", "K", "tempo", "fast");
    assertThat(status).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo("\"fast\" is not a tempo; give beats per minute, for example \"tempo 96\".");
  }

  @Test
  void mixerWordsThatAreNotACommandExitWithTwoBeforeConnecting() {
    int status =
        execute(
            new FacilitateCommand(),
            "--port",
            "1",
            "--code",
            "C",
            "--key",
            "K",
            "mix",
            "m2",
            "gain",
            "20");
    assertThat(status).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("Gain must be between -60 and +12 dB, not 20.");
  }

  @Test
  void theHelpListsTheCommands() {
    assertThat(execute(new FacilitateCommand(), "--help")).isZero();
    assertThat(out.toString()).contains("tempo BPM [--ramp BEATS]", "chords I IV V I", "--code");
  }

  @Test
  void theHelpListsTheMixerCommandsWithAnExample() {
    assertThat(execute(new FacilitateCommand(), "--help")).isZero();
    assertThat(out.toString())
        .contains(
            "Mixer:",
            "mix MEMBER gain DB",
            "mix MEMBER instrument NAME",
            "master DB",
            "backing on | backing off",
            "attune facilitate --code CODE --key KEY mix m2 gain -6 pan -0.5");
  }

  // ------------------------------------------------------------------ against a server

  @Test
  void recordStartTakesAFormatAndStemsInEitherOrder() {
    assertThat(
            FacilitateCommand.SessionOrder.of(List.of("record", "start", "stems", "opus")).record())
        .isEqualTo(
            RecordCommand.newBuilder()
                .setStart(true)
                .setFormat(RecordFormat.OGG_OPUS)
                .setStems(true)
                .build());
    assertThat(FacilitateCommand.SessionOrder.of(List.of("record")).record())
        .isEqualTo(RecordCommand.newBuilder().setStart(true).build());
    assertThat(
            FacilitateCommand.SessionOrder.of(List.of("record", "start", "float"))
                .record()
                .getFormat())
        .isEqualTo(RecordFormat.WAV_FLOAT32);
    assertThat(FacilitateCommand.SessionOrder.of(List.of("record", "stop")).record().getStart())
        .isFalse();
    assertThatThrownBy(() -> FacilitateCommand.SessionOrder.of(List.of("record", "start", "mp3")))
        .hasMessageContaining("say wav, float or opus, and stems, not \"mp3\"");
    assertThatThrownBy(() -> FacilitateCommand.SessionOrder.of(List.of("record", "stop", "stems")))
        .hasMessageContaining("record stop takes nothing more");
  }

  @Nested
  class AgainstAServer {
    private AttuneServer server;
    private Group group;

    @BeforeEach
    void start() throws Exception {
      server = AttuneServer.start(ServerConfig.onFreePorts().withSound(SoundConfig.builtIn()));
      group = server.groups().create("cli tests");
    }

    @AfterEach
    void stop() {
      server.close();
    }

    private String[] args(String key, String... words) {
      List<String> all =
          new java.util.ArrayList<>(
              List.of(
                  "--port",
                  Integer.toString(server.tcpPort()),
                  "--code",
                  group.joinCode(),
                  "--key",
                  key));
      all.addAll(List.of(words));
      return all.toArray(String[]::new);
    }

    @Test
    void recordIsRefusedWithoutADataDirectoryAndEndSessionEndsTheGroup() throws Exception {
      int status = execute(typing("record", "end", "end session"), args(group.facilitatorKey()));
      assertThat(status).as("a command was refused").isEqualTo(1);
      assertThat(err.toString())
          .contains("cannot record; start it with --data-dir")
          .contains("To end the session for everyone, say: end session.");
      assertThat(out.toString()).contains("accepted: the session is over for everyone");
      assertThat(server.groups().findById(group.id())).isEmpty();
    }

    @Test
    void oneAcceptedCommandPrintsWhenItTakesEffect() {
      int status =
          execute(
              new FacilitateCommand(),
              args(group.facilitatorKey(), "section", "B", "--at", "next-bar"));
      assertThat(status).as(err.toString()).isZero();
      assertThat(out.toString().strip())
          .matches("accepted: section B at bar \\d+ beat 1 \\(in \\d+ ms\\)");
    }

    @Test
    void aRefusedCommandPrintsTheServersSentenceAndExitsWithOne() {
      int status =
          execute(
              new FacilitateCommand(),
              args(group.facilitatorKey(), "section", "B", "--at", "beat:0"));
      assertThat(status).isEqualTo(1);
      assertThat(err.toString()).contains("too soon");
    }

    @Test
    void aWrongKeyCannotJoin() {
      int status = execute(new FacilitateCommand(), args("wrong", "fermata"));
      assertThat(status).isEqualTo(1);
      assertThat(err.toString()).startsWith("could not join: ");
    }

    @Test
    void withoutCommandWordsItReadsCommandsAtAPrompt() throws Exception {
      AttuneClient player = AttuneClient.connect("127.0.0.1", server.tcpPort());
      try (player) {
        CompletableFuture<StructureChange> keyChange = new CompletableFuture<>();
        player.addListener(
            new ClientListener() {
              @Override
              public void onStructureChangeReceived(
                  StructureChange change, long receivedLocalNanos) {
                if (change.getForm().hasKey()) {
                  keyChange.complete(change);
                }
              }
            });
        player.join(group.joinCode(), "P", "", Role.PARTICIPANT, null).get(10, TimeUnit.SECONDS);
        int status =
            execute(
                typing(
                    "help",
                    "",
                    "key D dorian",
                    "louder",
                    "tempo 100 --ramp 4",
                    "quit",
                    "section never"),
                args(group.facilitatorKey()));
        assertThat(status).as(err.toString()).isZero();
        String printed = out.toString();
        assertThat(printed).contains(FacilitateCommand.PROMPT, "dynamics MARK");
        assertThat(printed).containsPattern("accepted: key D dorian at bar \\d+ beat 1");
        assertThat(printed)
            .containsPattern("accepted: tempo 100 BPM over 4 beats at bar \\d+ beat");
        assertThat(printed).doesNotContain("never");
        assertThat(err.toString())
            .contains("\"louder\" is not a command")
            .contains(
                "tempo",
                "the mix's mix, master, backing, remote, spotlight",
                "record start|stop, end session");
        assertThat(keyChange.get(10, TimeUnit.SECONDS).getForm().getKey().getMode())
            .as("the other members hear it")
            .isEqualTo(Mode.DORIAN);
      }
    }

    /** A participant in the group, so that there is a strip to mix. */
    private AttuneClient player() throws Exception {
      AttuneClient player = AttuneClient.connect("127.0.0.1", server.tcpPort());
      player
          .join(group.joinCode(), "P", "marimba", Role.PARTICIPANT, null)
          .get(10, TimeUnit.SECONDS);
      return player;
    }

    /** A second facilitator that hears every mixer state, to see what the console changed. */
    private AttuneClient observer(BlockingQueue<MixerState> states) throws Exception {
      AttuneClient observer = AttuneClient.connect("127.0.0.1", server.tcpPort());
      observer.addListener(
          new ClientListener() {
            @Override
            public void onMixerState(MixerState state) {
              states.add(state);
            }
          });
      observer
          .join(group.joinCode(), "O", "", Role.FACILITATOR, group.facilitatorKey())
          .get(10, TimeUnit.SECONDS);
      return observer;
    }

    /** Waits for the first mixer state that shows the change. */
    private MixerState awaitState(BlockingQueue<MixerState> states, Predicate<MixerState> change)
        throws InterruptedException {
      while (true) {
        MixerState state = states.poll(10, TimeUnit.SECONDS);
        assertThat(state).as("a mixer state with the change, within 10 s").isNotNull();
        if (change.test(state)) {
          return state;
        }
      }
    }

    private static StripState strip(MixerState state, String memberId) {
      return state.getStripsList().stream()
          .filter(strip -> strip.getParticipantId().equals(memberId))
          .findFirst()
          .orElseThrow();
    }

    @Test
    void oneMixerCommandIsAcceptedAndChangesTheMix() throws Exception {
      BlockingQueue<MixerState> states = new LinkedBlockingQueue<>();
      try (AttuneClient player = player();
          AttuneClient observer = observer(states)) {
        String id = player.participantId();
        int status =
            execute(
                new FacilitateCommand(),
                args(group.facilitatorKey(), "mix", id, "gain", "-6", "pan", "-0.5"));
        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString().strip()).isEqualTo("accepted: " + id + ": gain -6 dB, pan -0.5");
        awaitState(states, state -> strip(state, id).getGainDb() == -6f);
        assertThat(strip(observer.mixerState(), id).getPan()).isEqualTo(-0.5f);
      }
    }

    @Test
    void backingOnStartsTheBand() throws Exception {
      BlockingQueue<MixerState> states = new LinkedBlockingQueue<>();
      try (AttuneClient observer = observer(states)) {
        int status =
            execute(new FacilitateCommand(), args(group.facilitatorKey(), "backing", "on"));
        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString().strip()).isEqualTo("accepted: backing drums, bass, pad");
        awaitState(states, state -> state.getBackingCount() > 0);
        assertThat(observer.mixerState().getBackingList())
            .containsExactly(BackingPart.DRUMS, BackingPart.BASS, BackingPart.PAD);
      }
    }

    @Test
    void aRefusedMixerCommandPrintsTheServersSentenceAndExitsWithOne() {
      int status =
          execute(new FacilitateCommand(), args(group.facilitatorKey(), "mix", "m99", "mute"));
      assertThat(status).isEqualTo(1);
      assertThat(out.toString()).isEmpty();
      assertThat(err.toString()).contains("\"m99\"");
    }

    @Test
    void thePromptTakesMixerLinesToo() throws Exception {
      BlockingQueue<MixerState> states = new LinkedBlockingQueue<>();
      try (AttuneClient player = player();
          AttuneClient observer = observer(states)) {
        String id = player.participantId();
        int status =
            execute(
                typing(
                    "help",
                    "mix " + id + " gain -12 dB solo",
                    "master loud",
                    "MASTER -3",
                    "backing off",
                    "quit"),
                args(group.facilitatorKey()));
        assertThat(status).as(err.toString()).isZero();
        String printed = out.toString();
        assertThat(printed).contains("tempo BPM [--ramp BEATS]", "mix MEMBER pan PAN");
        assertThat(printed)
            .contains(
                "accepted: " + id + ": gain -12 dB, solo",
                "accepted: master -3 dB",
                "accepted: backing off");
        assertThat(err.toString().strip())
            .isEqualTo("\"loud\" is not a master gain; give decibels, for example \"master -3\".");
        // The strip changed before the master, so every state with the new master shows both.
        awaitState(states, state -> state.getMasterGainDb() == -3f);
        StripState strip = strip(observer.mixerState(), id);
        assertThat(strip.getGainDb()).isEqualTo(-12f);
        assertThat(strip.getSolo()).isTrue();
      }
    }

    @Test
    void aPromptThatEndsWithTheInputLeavesCleanly() {
      int status = execute(typing(), args(group.facilitatorKey()));
      assertThat(status).isZero();
      assertThat(out.toString()).contains(FacilitateCommand.PROMPT);
    }
  }
}
