package org.attune.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.attune.client.AttuneClient;
import org.attune.client.AttuneException;
import org.attune.client.ClientOptions;
import org.attune.client.ClockSync;
import org.attune.command.FacilitatorCommandParser;
import org.attune.command.MixerCommandParser;
import org.attune.protocol.v1.Accepted;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.RecordCommand;
import org.attune.protocol.v1.RecordFormat;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.Welcome;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code attune facilitate}: joins a group as its facilitator and gives one command (the words
 * after the options), or reads commands line by line from the console. A command changes the form
 * ({@link FacilitatorCommandParser}) or, when its first word is {@code mix}, {@code master} or
 * {@code backing}, the mix ({@link MixerCommandParser}).
 *
 * <p>Exit status: 0 when every command was accepted, 1 when the server refused the join or a
 * command or could not be reached, 2 for words that are not a command.
 *
 * <p>Thread: picocli's calling thread; the group's events print from the client's timeline thread.
 */
@Command(
    name = "facilitate",
    mixinStandardHelpOptions = true,
    modelTransformer = FacilitateCommand.CommandWordsEndOptions.class,
    description = {
      "Steer a group as its facilitator: give one command, or type commands at the attune> prompt.",
      "Commands change the form (tempo, key, ...) or the mix (mix, master, backing, remote, spotlight).",
      "Options come first; the words after them are the command, e.g.",
      "  attune facilitate --code CODE --key KEY tempo 96 --ramp 8",
      "  attune facilitate --code CODE --key KEY mix m2 gain -6 pan -0.5",
      "  attune facilitate --code CODE --key KEY backing on"
    },
    footer = {
      "%nCommands:%n" + FacilitatorCommandParser.HELP,
      "%nMixer:%n" + MixerCommandParser.HELP
    })
public final class FacilitateCommand implements Callable<Integer> {

  static final String PROMPT = "attune> ";
  private static final long REPLY_SECONDS = 10;
  private static final long CLOCK_SYNC_SECONDS = 2;

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

  @Option(names = "--key", required = true, description = "The facilitator key.")
  String key;

  @Option(
      names = "--name",
      defaultValue = "facilitator",
      description = "Your name in the group (default: ${DEFAULT-VALUE}).")
  String name;

  @Parameters(
      arity = "0..*",
      paramLabel = "COMMAND",
      description =
          "One command and its options, e.g. tempo 96 --ramp 8 or mix m2 gain -6; none for the"
              + " prompt.")
  List<String> words = new ArrayList<>();

  @Spec CommandSpec spec;

  private final Supplier<BufferedReader> input;

  public FacilitateCommand() {
    this(() -> new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())));
  }

  /** For tests: commands come from {@code input} instead of the console. */
  FacilitateCommand(Supplier<BufferedReader> input) {
    this.input = input;
  }

  /**
   * Makes the first command word end the options, so that the command's own options ({@code
   * --ramp}, {@code --at}, {@code --phrase}) and negative numbers ({@code master -3}) reach the
   * command instead of picocli.
   */
  static final class CommandWordsEndOptions implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      spec.parser().stopAtPositional(true);
      return spec;
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Order oneShot = null;
    if (!words.isEmpty()) {
      try {
        oneShot = Order.of(words);
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        err.flush();
        return 2;
      }
    }
    try (AttuneClient client =
        AttuneClient.connect(host, port, tlsOptions.applyTo(ClientOptions.defaults()))) {
      if (join(client, err) == null) {
        return 1;
      }
      awaitClock(client);
      int status;
      if (oneShot != null) {
        status = give(client, oneShot, out, err) ? 0 : 1;
      } else {
        GroupPrinter printer = new GroupPrinter(client, out, false);
        client.addListener(printer);
        status = prompt(client, out, err);
        client.removeListener(printer);
      }
      client.leave();
      return status;
    } catch (IOException e) {
      err.println(e.getMessage());
      err.flush();
      return 1;
    }
  }

  private Welcome join(AttuneClient client, PrintWriter err) {
    try {
      return client
          .join(code, name, "console", Role.FACILITATOR, key)
          .get(REPLY_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | CompletionException e) {
      err.println("could not join: " + reason(e.getCause()));
    } catch (TimeoutException e) {
      err.println("could not join: the server did not answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    err.flush();
    return null;
  }

  private static void awaitClock(AttuneClient client) {
    try {
      client.awaitClockSync(ClockSync.MIN_SYNC_SAMPLES).get(CLOCK_SYNC_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // Go on with the estimate there is; it only affects the "in N ms" of the replies.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int prompt(AttuneClient client, PrintWriter out, PrintWriter err) {
    out.println("Joined as facilitator. Type a command, \"help\" for the list, \"quit\" to leave.");
    int result = 0;
    try (BufferedReader in = input.get()) {
      while (true) {
        out.print(PROMPT);
        out.flush();
        String line = in.readLine();
        if (line == null) {
          out.println();
          break;
        }
        String trimmed = line.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (trimmed.isEmpty()) {
          continue;
        }
        if (lower.equals("quit") || lower.equals("exit")) {
          break;
        }
        if (lower.equals("help") || lower.equals("?")) {
          out.println(FacilitatorCommandParser.HELP);
          out.println();
          out.println(MixerCommandParser.HELP);
          out.println();
          out.println(
              "record [start] [wav|float|opus] [stems] | record stop   record the mix (24-bit"
                  + " WAV, 32-bit float WAV or Ogg Opus; stems: a file per member too) into the"
                  + " session's directory on the server");
          out.println(
              "end session                    end the session for everyone (it stays on"
                  + " disk until deleted)");
          continue;
        }
        if (!client.isConnected()) {
          err.println("not connected to the server any more");
          err.flush();
          return 1;
        }
        try {
          if (!give(client, Order.of(trimmed), out, err)) {
            result = 1;
          }
        } catch (IllegalArgumentException e) {
          err.println(e.getMessage());
          err.flush();
        }
      }
    } catch (IOException e) {
      err.println("could not read the console: " + e.getMessage());
      err.flush();
      return 1;
    }
    return result;
  }

  /** One command as typed: a change to the form or to the mix. */
  sealed interface Order permits FormOrder, MixOrder, SessionOrder {

    /**
     * Reads a line with the mixer's parser if its first word is a mixer word, else with the form's.
     *
     * @throws IllegalArgumentException with the parser's sentence if it is not a command
     */
    static Order of(String line) {
      String trimmed = line == null ? "" : line.strip();
      return of(trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+")));
    }

    /** As {@link #of(String)}, for words as a shell splits them. */
    static Order of(List<String> words) {
      if (MixerCommandParser.isMixerLine(words)) {
        return new MixOrder(MixerCommandParser.parse(words));
      }
      if (!words.isEmpty() && SessionOrder.WORDS.contains(words.get(0).toLowerCase(Locale.ROOT))) {
        return SessionOrder.of(words);
      }
      if (!words.isEmpty()
          && !FacilitatorCommandParser.commands().contains(words.get(0).toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "\""
                + words.get(0)
                + "\" is not a command; the form's"
                + " commands are "
                + String.join(", ", FacilitatorCommandParser.commands())
                + ", the mix's "
                + String.join(", ", MixerCommandParser.commands())
                + ", and record start|stop, end session.");
      }
      return new FormOrder(FacilitatorCommandParser.parse(words));
    }

    /** Sends it; completes with the server's answer. */
    CompletableFuture<Accepted> send(AttuneClient client);

    /** The line that reports its acceptance. */
    String acceptedLine(AttuneClient client, Accepted accepted);
  }

  /** A change to tempo or form, which takes effect at a beat the server names. */
  record FormOrder(FacilitatorCommand command) implements Order {
    @Override
    public CompletableFuture<Accepted> send(AttuneClient client) {
      return client.command(command);
    }

    @Override
    public String acceptedLine(AttuneClient client, Accepted accepted) {
      return FacilitateCommand.acceptedLine(client, command, accepted);
    }
  }

  /** A change to the mix, which takes effect at once. */
  record MixOrder(MixerCommand command) implements Order {
    @Override
    public CompletableFuture<Accepted> send(AttuneClient client) {
      return client.mix(command);
    }

    @Override
    public String acceptedLine(AttuneClient client, Accepted accepted) {
      return FacilitateCommand.acceptedLine(command);
    }
  }

  /** A recording started or stopped, or the session ended: "record stop", "end session". */
  record SessionOrder(RecordCommand record) implements Order {

    static final List<String> WORDS = List.of("record", "end");

    /** The order those words give; {@code record} alone starts a recording. */
    static SessionOrder of(List<String> words) {
      String first = words.get(0).toLowerCase(Locale.ROOT);
      String second = words.size() > 1 ? words.get(1).toLowerCase(Locale.ROOT) : "";
      if (first.equals("end")) {
        if (!second.equals("session") || words.size() > 2) {
          throw new IllegalArgumentException("To end the session for everyone, say: end session.");
        }
        return new SessionOrder(null);
      }
      if (second.equals("stop")) {
        if (words.size() > 2) {
          throw new IllegalArgumentException("record stop takes nothing more.");
        }
        return new SessionOrder(RecordCommand.newBuilder().setStart(false).build());
      }
      if (!List.of("", "start").contains(second)) {
        throw new IllegalArgumentException(
            "Say record start [wav|float|opus] [stems] (or record) or record stop.");
      }
      RecordCommand.Builder record = RecordCommand.newBuilder().setStart(true);
      for (String word : words.subList(Math.min(2, words.size()), words.size())) {
        switch (word.toLowerCase(Locale.ROOT)) {
          case "wav", "wav24" -> record.setFormat(RecordFormat.WAV_PCM24);
          case "float", "wav32" -> record.setFormat(RecordFormat.WAV_FLOAT32);
          case "opus", "ogg" -> record.setFormat(RecordFormat.OGG_OPUS);
          case "stems" -> record.setStems(true);
          default ->
              throw new IllegalArgumentException(
                  "After record start, say wav, float or opus, and stems, not \"" + word + "\".");
        }
      }
      return new SessionOrder(record.build());
    }

    @Override
    public CompletableFuture<Accepted> send(AttuneClient client) {
      return record == null ? client.endSession() : client.record(record);
    }

    @Override
    public String acceptedLine(AttuneClient client, Accepted accepted) {
      if (record == null) {
        return "accepted: the session is over for everyone";
      }
      if (!record.getStart()) {
        return "accepted: recording stops; its files are being finished";
      }
      return "accepted: recording the mix"
          + (record.getStems() ? " and a stem per member" : "")
          + (record.getFormat() == RecordFormat.OGG_OPUS
              ? " as Ogg Opus"
              : record.getFormat() == RecordFormat.WAV_FLOAT32 ? " as 32-bit float WAV" : " as WAV")
          + " on the server";
    }
  }

  /** Sends one command and prints the answer; true if it was accepted. */
  static boolean give(AttuneClient client, Order order, PrintWriter out, PrintWriter err) {
    try {
      Accepted accepted = order.send(client).get(REPLY_SECONDS, TimeUnit.SECONDS);
      out.println(order.acceptedLine(client, accepted));
      out.flush();
      return true;
    } catch (ExecutionException e) {
      err.println(reason(e.getCause()));
    } catch (TimeoutException e) {
      err.println("the server did not answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    err.flush();
    return false;
  }

  /** "accepted: m2: gain -6 dB, pan -0.5": a mix takes effect at once, so there is no when. */
  static String acceptedLine(MixerCommand command) {
    return "accepted: " + MixerCommandParser.describe(command);
  }

  /** "accepted: tempo 96 BPM at bar 5 beat 1 (in 820 ms)". */
  static String acceptedLine(AttuneClient client, FacilitatorCommand command, Accepted accepted) {
    // The bar is counted in the form just before the change, which may itself change the meter.
    FormState form = client.timeline().state().formAt(accepted.getEffectiveServerMicros() - 1);
    long inMillis =
        Math.round(
            (accepted.getEffectiveServerMicros() - client.clockSync().nowServerMicros()) / 1_000.0);
    return "accepted: "
        + FacilitatorCommandParser.describe(command)
        + " at "
        + BarBeat.of(form, accepted.getEffectiveBeat())
        + " (in "
        + Math.max(0, inMillis)
        + " ms)";
  }

  private static String reason(Throwable failure) {
    if (failure instanceof AttuneException refused) {
      return refused.getMessage();
    }
    return failure == null ? "unknown failure" : String.valueOf(failure.getMessage());
  }
}
