package org.attune.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.attune.audio.midi.MidiFileRenderer;
import org.attune.audio.sf2.SoundFontException;
import org.attune.server.journal.DataDirectory;
import org.attune.server.journal.SessionCatalog;
import org.attune.server.journal.SessionCatalogException;
import org.attune.server.journal.SessionSummary;
import org.attune.server.journal.export.MemberObservation;
import org.attune.server.journal.export.SessionExportException;
import org.attune.server.journal.export.SessionMidiExport;
import org.attune.server.journal.export.SessionObservations;
import org.attune.server.journal.export.SessionReportPage;
import org.attune.server.journal.export.SessionScore;
import org.attune.server.journal.export.SessionScoreReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code attune sessions list|export|delete}: the sessions a server's data directory keeps, read
 * from their journals, exported to MIDI (and re-rendered to WAV), and deleted with every file they
 * have. It reads and deletes files only; it needs no running server.
 */
@Command(
    name = "sessions",
    mixinStandardHelpOptions = true,
    description = "List, export, report on or delete the sessions in a data directory.",
    subcommands = {
      SessionsCommand.ListSessions.class,
      SessionsCommand.Export.class,
      SessionsCommand.Report.class,
      SessionsCommand.Delete.class
    })
final class SessionsCommand implements Runnable {

  /** The file an export writes into the session's own directory unless told otherwise. */
  static final String DEFAULT_EXPORT = "export.mid";

  /** The file a report writes into the session's own directory unless told otherwise. */
  static final String DEFAULT_REPORT = "report.html";

  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description =
          "The data directory (default: $ATTUNE_DATA_DIR, else $XDG_DATA_HOME/attune,"
              + " else ~/.local/share/attune).")
  Path dataDir;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  SessionCatalog catalog() {
    return new SessionCatalog(
        dataDir != null ? new DataDirectory(dataDir) : DataDirectory.fromEnvironment());
  }

  /** Prints {@code attune sessions NAME: message} and gives the exit code of a failure. */
  private static int fail(CommandSpec spec, String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("attune sessions " + spec.name() + ": " + message);
    err.flush();
    return 1;
  }

  /** {@code attune sessions list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "List the sessions: id, name, creation time, whether they ended, members,"
              + " gestures, journal size, and any damage.")
  static final class ListSessions implements Callable<Integer> {

    @ParentCommand SessionsCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      SessionCatalog catalog = parent.catalog();
      List<SessionSummary> sessions;
      try {
        sessions = catalog.list();
      } catch (IOException e) {
        return fail(spec, "cannot read " + catalog.data().sessions() + ": " + e.getMessage());
      }
      PrintWriter out = spec.commandLine().getOut();
      if (sessions.isEmpty()) {
        out.println("No sessions in " + catalog.data().sessions() + ".");
        out.flush();
        return 0;
      }
      out.println("Sessions in " + catalog.data().sessions() + ":");
      out.printf(
          "%-24s %-20s %-17s %-12s %7s %9s %10s%n",
          "ID", "NAME", "CREATED (UTC)", "STATE", "MEMBERS", "GESTURES", "JOURNAL");
      for (SessionSummary s : sessions) {
        out.printf(
            "%-24s %-20s %-17s %-12s %7d %9d %10s%n",
            s.groupId(),
            s.name(),
            s.created().map(MINUTES::format).orElse("-"),
            state(s),
            s.members(),
            s.gestures(),
            bytes(s.journalBytes()));
        s.unreadable().ifPresent(why -> out.println("    unreadable: " + why));
        s.damage().ifPresent(why -> out.println("    damaged tail: " + why));
      }
      out.flush();
      return 0;
    }

    private static String state(SessionSummary s) {
      if (s.unreadable().isPresent()) {
        return "unreadable";
      }
      return s.hasEnded() ? "ended" : "not ended";
    }

    private static String bytes(long n) {
      return n < 1024
          ? n + " B"
          : n < 1024 * 1024
              ? String.format(Locale.ROOT, "%.1f kB", n / 1024.0)
              : String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
    }
  }

  /** {@code attune sessions export}. */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Export a session to a Standard MIDI File (by default export.mid in the"
              + " session's directory, so that deleting the session deletes it) and, with --wav,"
              + " render that file to WAV with Attune's engine as 'attune render' does.")
  static final class Export implements Callable<Integer> {

    @ParentCommand SessionsCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The session's id (see list).")
    String id;

    @Option(
        names = "--midi",
        paramLabel = "FILE.mid",
        description = "The MIDI file to write (default: export.mid in the session's directory).")
    Path midi;

    @Option(
        names = "--wav",
        paramLabel = "FILE.wav",
        description = "Also render the export to this 48 kHz stereo WAV file.")
    Path wav;

    @Option(
        names = "--soundfont",
        paramLabel = "SF2",
        description =
            "SoundFont 2 file for --wav (default: $ATTUNE_SOUNDFONT, else an installed"
                + " one, else the built-in voices; 'builtin' forces those).")
    Path soundFont;

    @Override
    public Integer call() {
      SessionCatalog catalog = parent.catalog();
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        SessionSummary session = catalog.find(id);
        if (session.unreadable().isPresent()) {
          return fail(spec, "session " + id + " cannot be exported: " + session.unreadable().get());
        }
        SessionScore score = SessionScoreReader.read(catalog.data().journal(id));
        score
            .damage()
            .ifPresent(
                why ->
                    err.println(
                        "attune sessions export: the journal's tail"
                            + " is damaged, so the export ends before it: "
                            + why));
        Path file = midi != null ? midi : session.directory().resolve(DEFAULT_EXPORT);
        SessionMidiExport.Result result = SessionMidiExport.write(score, file);
        result.warnings().forEach(w -> err.println("attune sessions export: " + w));
        err.flush();
        out.printf(
            "%s: %d tracks (the conductor and %d members), %d notes%n",
            file, result.tracks(), result.tracks() - 1, result.notes());
        out.flush();
        if (wav != null) {
          RenderCommand.report(
              out,
              wav,
              RenderCommand.renderToWav(
                  file,
                  wav,
                  Optional.ofNullable(soundFont),
                  false,
                  MidiFileRenderer.DEFAULT_POLYPHONY));
        }
        return 0;
      } catch (SessionCatalogException
          | SessionExportException
          | IOException
          | SoundFontException e) {
        return fail(spec, e.getMessage());
      }
    }
  }

  /** {@code attune sessions report}. */
  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description =
          "Write a session's report: an HTML page (by default report.html in the session's"
              + " directory) with the form's timeline (sections, tempo, dynamics) and, for each"
              + " member, how much they played, their tempo and its steadiness, their synchrony"
              + " with the group's pulse, their dynamics and range, bar by bar.")
  static final class Report implements Callable<Integer> {

    @ParentCommand SessionsCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The session's id (see list).")
    String id;

    @Option(
        names = {"-o", "--out"},
        paramLabel = "FILE.html",
        description = "The page to write (default: report.html in the session's directory).")
    Path page;

    @Override
    public Integer call() {
      SessionCatalog catalog = parent.catalog();
      PrintWriter out = spec.commandLine().getOut();
      try {
        SessionSummary session = catalog.find(id);
        if (session.unreadable().isPresent()) {
          return fail(spec, "session " + id + " cannot be read: " + session.unreadable().get());
        }
        SessionScore score = SessionScoreReader.read(catalog.data().journal(id));
        List<MemberObservation> members = SessionObservations.of(score);
        Path file = page != null ? page : session.directory().resolve(DEFAULT_REPORT);
        Files.writeString(file, SessionReportPage.html(score, members), StandardCharsets.UTF_8);
        out.printf(
            "%s: %d %s over %d bars%n",
            file,
            members.size(),
            members.size() == 1 ? "member" : "members",
            SessionObservations.barCount(score));
        for (MemberObservation m : members) {
          out.printf(
              Locale.ROOT,
              "  %s: %d onsets, %.1f a bar, asynchrony %.1f ms (spread %.1f), tempo %.1f bpm%n",
              m.name(),
              m.onsets(),
              m.eventsPerBar(),
              m.asynchronyMeanMs(),
              m.asynchronySpreadMs(),
              m.tempoBpm());
        }
        out.flush();
        return 0;
      } catch (SessionCatalogException | SessionExportException | IOException e) {
        return fail(spec, e.getMessage());
      }
    }
  }

  /** {@code attune sessions delete}. */
  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description =
          "Delete a session: its directory and every file in it (journal, recordings,"
              + " exports). A session that has not ended is kept unless --force.")
  static final class Delete implements Callable<Integer> {

    @ParentCommand SessionsCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The session's id (see list).")
    String id;

    @Option(
        names = "--force",
        description =
            "Delete a session that has not ended too (a server may still be writing"
                + " it, or bring it back on restart).")
    boolean force;

    @Override
    public Integer call() {
      try {
        SessionSummary gone = parent.catalog().delete(id, force);
        PrintWriter out = spec.commandLine().getOut();
        out.println(
            "Deleted session "
                + gone.groupId()
                + (gone.name().isEmpty() ? "" : " (" + gone.name() + ")")
                + ": "
                + gone.directory()
                + " and everything in it.");
        out.flush();
        return 0;
      } catch (SessionCatalogException e) {
        return fail(spec, e.getMessage());
      } catch (IOException e) {
        return fail(spec, "could not delete every file of session " + id + ": " + e.getMessage());
      }
    }
  }
}
