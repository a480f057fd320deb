package org.attune.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiUnavailableException;
import org.attune.audio.SampleClock;
import org.attune.audio.bus.BusSink;
import org.attune.audio.device.LinePlayback;
import org.attune.audio.sf2.SoundFont;
import org.attune.audio.sf2.SoundFontException;
import org.attune.client.AttuneClient;
import org.attune.client.AttuneException;
import org.attune.client.ClientListener;
import org.attune.client.ClientOptions;
import org.attune.client.ClockSync;
import org.attune.client.midi.GroupToMidi;
import org.attune.client.midi.MidiDevices;
import org.attune.client.midi.MidiInput;
import org.attune.client.render.LocalRenderer;
import org.attune.client.render.WavFileSink;
import org.attune.form.FormStates;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.Role;
import org.attune.server.mixer.SoundSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code attune play}: joins a group as a participant and plays pads from the keyboard, or, with
 * {@code --bot}, lets a bot play along on every beat; with {@code --sound local}, renders the group
 * here ({@link LocalRenderer}) on the sound device or into a WAV file.
 *
 * <p>On a terminal, keys act at once (the terminal is put in cbreak mode and restored on exit);
 * from a pipe, each character of each line is a key.
 *
 * <p>Thread: picocli's calling thread reads the keys; the group's events print from the client's
 * timeline thread; the bot plays on a thread of its own; local sound renders on a render thread and
 * is written out by the sink's thread.
 */
@Command(
    name = "play",
    mixinStandardHelpOptions = true,
    description = {
      "Join a group and play: pads from the keyboard, or a bot that plays along.",
      Keypad.LEGEND
    })
public final class PlayCommand implements Callable<Integer> {

  private static final long JOIN_SECONDS = 10;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Server address (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "7400",
      description = "Server port (default: ${DEFAULT-VALUE}).")
  int port;

  @Mixin TlsClientOptions tlsOptions = new TlsClientOptions();

  @Option(names = "--code", required = true, description = "The group's join code.")
  String code;

  @Option(names = "--name", description = "Your name in the group (a pseudonym is fine).")
  String name;

  @Option(
      names = "--instrument",
      description = "What you play, e.g. \"tablet pads\" (default: keyboard, or bot).")
  String instrument;

  @Option(
      names = "--bot",
      description = "Let a bot play along on every beat instead of the keyboard.")
  boolean bot;

  @Option(
      names = "--duration",
      description =
          "With --bot or --midi-in: stop after this many seconds (default: until Ctrl-C).")
  Long durationSeconds;

  @Option(
      names = "--midi-in",
      paramLabel = "DEVICE",
      description =
          "Play from a MIDI instrument (a USB keyboard or e-drum) instead of the computer's"
              + " keyboard: its notes, drum-channel hits and expression controllers become"
              + " gestures; DEVICE is part of its name (see --list-midi-devices).")
  String midiIn;

  @Option(
      names = "--midi-out",
      paramLabel = "DEVICE",
      description =
          "Play the group into a MIDI device (a synth or a DAW's port): each member on a"
              + " channel of its own, hits on channel 10; DEVICE is part of its name.")
  String midiOut;

  @Option(
      names = "--list-midi-devices",
      help = true,
      description = "List the MIDI devices here, and whether each is an input or an output.")
  boolean listMidiDevices;

  /** How this member hears the group. */
  enum Sound {
    /** Nothing: the room's speakers, or another program, play the group. */
    off,
    /** Rendered here, from the gestures and changes this client receives. */
    local
  }

  @Option(
      names = "--sound",
      defaultValue = "off",
      description =
          "How you hear the group: off, or local (rendered here, on the synced clock, from the"
              + " gestures this client receives; no audio stream). Default: ${DEFAULT-VALUE}.")
  Sound sound;

  @Option(
      names = "--sound-out",
      description =
          "With --sound local (implied): write what is rendered to this WAV file (48 kHz stereo,"
              + " 24-bit) instead of the sound device.")
  Path soundOut;

  @Option(
      names = "--soundfont",
      description =
          "With --sound local: SoundFont 2 file to play (default: $ATTUNE_SOUNDFONT, else an"
              + " installed one in /usr/share/sounds/sf2, else the built-in voices; 'builtin'"
              + " forces those). Play the server's, to hear what the room hears.")
  Path soundFont;

  @Option(
      names = "--render-delay-ms",
      description =
          "With --sound local: from a gesture's time to when it is heard here (default: twice the"
              + " round trip to the server plus 20 ms, at least 25 ms).")
  Double renderDelayMillis;

  @Spec CommandSpec spec;

  private final Supplier<InputStream> keys;
  private final boolean console;

  public PlayCommand() {
    this.keys = () -> System.in;
    this.console = true;
  }

  /** For tests: keys come from {@code keys} instead of the console. */
  PlayCommand(Supplier<InputStream> keys) {
    this.keys = keys;
    this.console = false;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (listMidiDevices) {
      List<MidiDevices.Found> devices = MidiDevices.list();
      if (devices.isEmpty()) {
        out.println("No MIDI devices here.");
      }
      devices.forEach(d -> out.println(d.describe()));
      out.flush();
      return 0;
    }
    String who = name != null ? name : bot ? "bot" : "player";
    String what = instrument != null ? instrument : bot ? "bot" : "keyboard";
    try (AttuneClient client =
        AttuneClient.connect(host, port, tlsOptions.applyTo(ClientOptions.defaults()))) {
      CompletableFuture<Void> disconnected = new CompletableFuture<>();
      client.addListener(
          new ClientListener() {
            @Override
            public void onDisconnected() {
              disconnected.complete(null);
            }
          });
      GroupPrinter printer = new GroupPrinter(client, out, !bot);
      client.addListener(printer);
      try {
        client.join(code, who, what, Role.PARTICIPANT, null).get(JOIN_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        err.println(
            "could not join: "
                + (e.getCause() instanceof AttuneException a ? a.getMessage() : e.getCause()));
        err.flush();
        return 1;
      } catch (TimeoutException e) {
        err.println("could not join: the server did not answer");
        err.flush();
        return 1;
      }
      out.println("Joined as " + who + ": " + FormStates.describe(client.timeline().form()) + ".");
      out.flush();
      Optional<LocalSound> local;
      try {
        local = startSound(client, out, err);
      } catch (SoundFontException e) {
        err.println("cannot play the group here: " + e.getMessage());
        err.flush();
        client.leave();
        return 1;
      }
      Consumer<Gesture> toGroup =
          local.isPresent() ? local.get().renderer()::play : g -> client.sendGesture(g);
      Optional<MidiDevice> midiOutDevice;
      Optional<MidiDevice> midiInDevice;
      Consumer<Gesture> send = toGroup;
      try {
        midiOutDevice = openMidi(midiOut, false);
        if (midiOutDevice.isPresent()) {
          GroupToMidi toMidi = new GroupToMidi(midiOutDevice.get().getReceiver());
          client.addListener(toMidi);
          String me = client.participantId();
          // The server does not send a member's own gestures back: they are played out here.
          send =
              g -> {
                toGroup.accept(g);
                toMidi.play(me, g, ownPitch(g));
              };
          out.println(
              "Playing the group into " + midiOutDevice.get().getDeviceInfo().getName() + ".");
        }
        midiInDevice = openMidi(midiIn, true);
        if (midiInDevice.isPresent()) {
          midiInDevice.get().getTransmitter().setReceiver(new MidiInput(send));
          out.println("Playing from " + midiInDevice.get().getDeviceInfo().getName() + ".");
        }
        out.flush();
      } catch (MidiUnavailableException e) {
        err.println("MIDI: " + e.getMessage());
        err.flush();
        local.ifPresent(l -> l.close(out, err));
        client.leave();
        return 1;
      }
      // On Ctrl-C, leave for good rather than linger as a member who may resume.
      Thread leaveOnInterrupt = new Thread(client::leave, "attune-leave");
      Runtime.getRuntime().addShutdownHook(leaveOnInterrupt);
      int status;
      try {
        status =
            bot
                ? playAlong(client, send, out, disconnected)
                : midiInDevice.isPresent()
                    ? awaitEnd(out, disconnected)
                    : playKeys(client, send, out, disconnected);
      } finally {
        midiInDevice.ifPresent(MidiDevice::close);
        midiOutDevice.ifPresent(MidiDevice::close);
        local.ifPresent(l -> l.close(out, err));
      }
      removeShutdownHook(leaveOnInterrupt);
      client.removeListener(printer);
      client.leave();
      return status;
    } catch (IOException e) {
      err.println(e.getMessage());
      err.flush();
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private int playAlong(
      AttuneClient client,
      Consumer<Gesture> send,
      PrintWriter out,
      CompletableFuture<Void> disconnected)
      throws InterruptedException {
    awaitClock(client);
    ScheduledThreadPoolExecutor thread =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread t = new Thread(task, "attune-bot");
              t.setDaemon(true);
              return t;
            });
    thread.setRemoveOnCancelPolicy(true);
    PlayAlongBot player = new PlayAlongBot(client, thread, new Random(), send);
    out.println(
        "The bot plays along"
            + (durationSeconds != null ? " for " + durationSeconds + " s." : "; Ctrl-C to stop."));
    out.flush();
    player.start();
    try {
      if (durationSeconds != null) {
        disconnected.get(durationSeconds, TimeUnit.SECONDS);
      } else {
        disconnected.get();
      }
    } catch (TimeoutException | ExecutionException e) {
      // The duration is over.
    } finally {
      player.stop();
      thread.shutdownNow();
    }
    out.println("The bot played " + player.played() + " beats.");
    out.flush();
    return disconnected.isDone() ? 1 : 0;
  }

  /** Opens the MIDI device named like {@code name}, if one is asked for. */
  private static Optional<MidiDevice> openMidi(String name, boolean input)
      throws MidiUnavailableException {
    if (name == null) {
      return Optional.empty();
    }
    MidiDevice device = MidiDevices.find(name, input);
    device.open();
    return Optional.of(device);
  }

  /** The pitch this member's own gesture sounds, where it names one (notes; hits by key). */
  private static int ownPitch(Gesture g) {
    return switch (g.getKindCase()) {
      case NOTE_ON -> g.getNoteOn().getPitch();
      case NOTE_OFF -> g.getNoteOff().getPitch();
      default -> 0;
    };
  }

  /** Plays from MIDI until the duration is over, the server goes or Ctrl-C. */
  private int awaitEnd(PrintWriter out, CompletableFuture<Void> disconnected)
      throws InterruptedException {
    out.println(
        "Play your instrument"
            + (durationSeconds != null ? " for " + durationSeconds + " s." : "; Ctrl-C to stop."));
    out.flush();
    try {
      if (durationSeconds != null) {
        disconnected.get(durationSeconds, TimeUnit.SECONDS);
      } else {
        disconnected.get();
      }
    } catch (TimeoutException | ExecutionException e) {
      // The duration is over.
    }
    return disconnected.isDone() ? 1 : 0;
  }

  private int playKeys(
      AttuneClient client,
      Consumer<Gesture> send,
      PrintWriter out,
      CompletableFuture<Void> disconnected)
      throws IOException {
    out.println(Keypad.LEGEND);
    out.flush();
    Optional<TerminalMode> terminal = console ? TerminalMode.cbreak() : Optional.empty();
    Thread restore =
        new Thread(() -> terminal.ifPresent(TerminalMode::close), "attune-restore-terminal");
    Runtime.getRuntime().addShutdownHook(restore);
    try {
      InputStream in = keys.get();
      int key;
      while ((key = in.read()) != -1) {
        if (key == Keypad.QUIT || disconnected.isDone()) {
          break;
        }
        double level =
            client.timeline().state().dynamicsLevelAt(client.clockSync().nowServerMicros());
        Optional<Gesture> gesture = Keypad.gestureFor((char) key, level);
        gesture.ifPresent(send);
      }
    } finally {
      terminal.ifPresent(TerminalMode::close);
      removeShutdownHook(restore);
    }
    return disconnected.isDone() ? 1 : 0;
  }

  /** The group rendered here and where its sound goes. */
  private record LocalSound(LocalRenderer renderer, AutoCloseable sink, String where) {
    void close(PrintWriter out, PrintWriter err) {
      renderer.close();
      try {
        sink.close();
      } catch (Exception e) {
        err.println("the sound could not be finished: " + e.getMessage());
      }
      StringBuilder said = new StringBuilder("Rendered the group to ").append(where);
      if (sink instanceof WavFileSink file && file.firstFrame() >= 0) {
        said.append("; its first sample is heard at server time ")
            .append(SampleClock.microsAt(file.firstFrame()))
            .append(" µs");
      }
      long late = renderer.stats().lateEvents.sum();
      if (late > 0) {
        said.append("; ")
            .append(late)
            .append(" notes came after their time (raise --render-delay-ms)");
      }
      out.println(said.append('.'));
      out.flush();
      err.flush();
    }
  }

  /**
   * Starts rendering the group here if asked: into the WAV file, else on the sound device; without
   * a device, says so and plays on in silence.
   *
   * @throws SoundFontException if the SoundFont named cannot be read
   */
  private Optional<LocalSound> startSound(AttuneClient client, PrintWriter out, PrintWriter err)
      throws SoundFontException, InterruptedException {
    if (sound != Sound.local && soundOut == null) {
      return Optional.empty();
    }
    SoundFont font = SoundSystem.loadFont(Optional.ofNullable(soundFont));
    AutoCloseable sink;
    BusSink bus;
    String where;
    try {
      if (soundOut != null) {
        WavFileSink file = WavFileSink.open(soundOut);
        sink = file;
        bus = file;
        where = soundOut.toString();
      } else {
        LinePlayback line =
            LinePlayback.open("write the sound to a file with --sound-out FILE.wav instead.");
        sink = line;
        bus = line;
        where = "the sound device";
      }
    } catch (IOException e) {
      err.println("No local sound: " + e.getMessage() + " Playing on without it.");
      err.flush();
      return Optional.empty();
    }
    awaitClock(client);
    long delay =
        renderDelayMillis != null
            ? Math.round(renderDelayMillis * 1_000)
            : LocalRenderer.autoDelayMicros(client.clockSync());
    LocalRenderer renderer;
    try {
      renderer = LocalRenderer.start(client, font, delay, bus);
    } catch (IllegalArgumentException | IllegalStateException e) {
      try {
        sink.close();
      } catch (Exception closing) {
        e.addSuppressed(closing);
      }
      err.println("No local sound: " + e.getMessage() + ". Playing on without it.");
      err.flush();
      return Optional.empty();
    }
    out.println(
        "Hearing the group here ("
            + font.name()
            + ", "
            + delay / 1_000
            + " ms render delay) into "
            + where
            + ".");
    out.flush();
    return Optional.of(new LocalSound(renderer, sink, where));
  }

  private static void removeShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down and runs the hook.
    }
  }

  private static void awaitClock(AttuneClient client) throws InterruptedException {
    try {
      client.awaitClockSync(ClockSync.MIN_SYNC_SAMPLES * 2).get(JOIN_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // Play with the estimate there is.
    }
  }
}
