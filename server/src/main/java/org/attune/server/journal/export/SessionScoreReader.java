package org.attune.server.journal.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attune.audio.builtin.GeneralMidi;
import org.attune.clock.TempoMap;
import org.attune.form.FormStates;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.GroupCreated;
import org.attune.protocol.v1.JournalRecord;
import org.attune.protocol.v1.Member;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.SetStrip;
import org.attune.protocol.v1.StructureChange;
import org.attune.server.journal.JournalContents;
import org.attune.server.journal.JournalReader;
import org.attune.server.journal.JournalWallClock;

/**
 * Reads a session's journal into a {@link SessionScore}: every record put on the wall clock by the
 * clock anchor in force (records before a journal's first anchor by that first anchor), the tempo
 * map stitched from the initial tempo and every structure change's map, the form states in order of
 * effect (as the group applies them: by effective time, then sequence), and each playing member's
 * heard events as the group's mixer sounded them.
 *
 * <p>A damaged tail is not an error: the valid records are read and the damage is carried in the
 * score. Listeners have no channel strip and so no part. Where a server restarted (a clock anchor
 * after the group's creation), every member's held notes end at the last record the stopped server
 * wrote: its sound ended there, and the new server starts with none held. A repeated creation
 * record of the same group (a server that writes one on restoring it) is skipped.
 *
 * <p>Thread-safe: yes (stateless).
 */
public final class SessionScoreReader {

  private SessionScoreReader() {}

  /** Reads the journal file {@code journal}. */
  public static SessionScore read(Path journal) throws IOException, SessionExportException {
    return read(JournalReader.read(journal));
  }

  /**
   * Reads a journal's contents.
   *
   * @throws SessionExportException if they hold no group, records before the group's creation, or a
   *     tempo the journal format does not allow
   */
  public static SessionScore read(JournalContents contents) throws SessionExportException {
    List<JournalRecord> records = contents.records();
    JournalWallClock clock = new JournalWallClock(records);
    GroupCreated created = null;
    long startWall = 0;
    long endWall = Long.MIN_VALUE;
    TempoHistory tempo = null;
    List<Pending> changes = new ArrayList<>();
    Map<String, GestureTranscriber> parts = new LinkedHashMap<>();
    for (int i = 0; i < records.size(); i++) {
      JournalRecord record = records.get(i);
      long wall = clock.wallMicros(record);
      if (record.hasClockAnchor()) {
        if (created != null) {
          // A restart: the stopped server's sound ended with its last record.
          for (GestureTranscriber part : parts.values()) {
            part.silenced(endWall, tempo.map().beatAt(endWall));
          }
        }
        continue;
      }
      endWall = Math.max(endWall, wall);
      if (record.hasGroupCreated()) {
        if (created != null) {
          if (created.getGroupId().equals(record.getGroupCreated().getGroupId())) {
            continue;
          }
          throw new SessionExportException(
              "record "
                  + i
                  + " creates another group, "
                  + record.getGroupCreated().getGroupId()
                  + ", in the journal of "
                  + created.getGroupId());
        }
        created = record.getGroupCreated();
        startWall = wall;
        tempo = new TempoHistory(initialTempo(created, wall));
        continue;
      }
      if (created == null) {
        throw new SessionExportException(
            "record "
                + i
                + " ("
                + record.getEntryCase()
                + ") comes before the group_created record a journal starts with");
      }
      switch (record.getEntryCase()) {
        case MEMBER_JOINED -> {
          Member m = record.getMemberJoined().getMember();
          if (m.getRole() != Role.LISTENER) {
            parts
                .computeIfAbsent(
                    m.getParticipantId(),
                    id ->
                        new GestureTranscriber(
                            id, m.getName(), GeneralMidi.forInstrumentName(m.getInstrument())))
                .joined(wall, tempo.map().beatAt(wall));
          }
        }
        case MEMBER_LEFT -> {
          GestureTranscriber part = parts.get(record.getMemberLeft().getParticipantId());
          if (part != null) {
            part.silenced(wall, tempo.map().beatAt(wall));
          }
        }
        case GESTURE -> {
          GestureEvent g = record.getGesture();
          GestureTranscriber part = parts.get(g.getParticipantId());
          if (part != null) {
            long playedAt =
                g.getGesture().getPlayedAtServerMicros() != 0
                    ? g.getGesture().getPlayedAtServerMicros()
                    : g.getServerReceiveMicros();
            part.played(g, clock.wallMicros(playedAt));
            endWall = Math.max(endWall, clock.wallMicros(playedAt));
          }
        }
        case STRUCTURE_CHANGE -> {
          StructureChange change = record.getStructureChange();
          if (change.getTempoMap().getSegmentsCount() > 0) {
            try {
              tempo.adopt(
                  TempoHistory.onWallClock(change.getTempoMap(), clock.epochMicrosAtZero()));
            } catch (IllegalArgumentException e) {
              throw new SessionExportException(
                  "record "
                      + i
                      + " (structure change "
                      + change.getSequence()
                      + ") holds an invalid tempo map: "
                      + e.getMessage(),
                  e);
            }
          }
          changes.add(
              new Pending(
                  clock.wallMicros(change.getEffectiveServerMicros()),
                  change.getSequence(),
                  change));
        }
        case MIXER -> {
          SetStrip strip = record.getMixer().getStrip();
          GestureTranscriber part = parts.get(strip.getParticipantId());
          if (part != null && strip.hasInstrument()) {
            double beat = tempo.map().beatAt(wall);
            GeneralMidi.parse(strip.getInstrument())
                .ifPresent(choice -> part.instrument(choice, wall, beat));
          }
        }
        default -> {}
      }
    }
    if (created == null) {
      throw new SessionExportException(
          records.isEmpty()
              ? "the journal holds no record"
              : "the journal holds no group_created record");
    }
    return new SessionScore(
        created.getGroupId(),
        created.getName(),
        startWall,
        endWall,
        tempo.map(),
        form(startWall, endWall, changes),
        parts.values().stream().map(GestureTranscriber::part).toList(),
        contents.damage());
  }

  private record Pending(long wallMicros, long sequence, StructureChange change) {}

  private static TempoMap initialTempo(GroupCreated created, long wall)
      throws SessionExportException {
    try {
      return TempoMap.steady(wall, created.getInitialBpm());
    } catch (IllegalArgumentException e) {
      throw new SessionExportException(
          "the group_created record's initial tempo: " + e.getMessage(), e);
    }
  }

  /** The initial form, then the form after each change that took effect before the end. */
  private static List<FormChange> form(long startWall, long endWall, List<Pending> changes) {
    List<Pending> byEffect = new ArrayList<>(changes);
    byEffect.sort(
        Comparator.comparingLong(Pending::wallMicros).thenComparingLong(Pending::sequence));
    List<FormChange> form = new ArrayList<>();
    FormState state = FormStates.initial();
    form.add(new FormChange(startWall, 0, state));
    for (Pending p : byEffect) {
      if (p.wallMicros() - endWall > 0) {
        break;
      }
      FormState next = FormStates.apply(state, p.change().getForm());
      if (!next.equals(state)) {
        form.add(new FormChange(p.wallMicros(), p.change().getEffectiveBeat(), next));
        state = next;
      }
    }
    return form;
  }
}
