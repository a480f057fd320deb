package org.attune.server.journal.export;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.attune.clock.TempoMap;
import org.attune.protocol.v1.ClockAnchor;
import org.attune.protocol.v1.FormPatch;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.GroupCreated;
import org.attune.protocol.v1.GroupEnded;
import org.attune.protocol.v1.Hit;
import org.attune.protocol.v1.JournalRecord;
import org.attune.protocol.v1.Member;
import org.attune.protocol.v1.MemberJoined;
import org.attune.protocol.v1.MemberLeft;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.NoteOff;
import org.attune.protocol.v1.NoteOn;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.SetStrip;
import org.attune.protocol.v1.StructureChange;
import org.attune.protocol.v1.Tap;
import org.attune.server.journal.JournalFrames;

/**
 * Writes a session's journal the way a server does: an anchor, the group's creation, members,
 * gestures whose beats come from the group's real {@link TempoMap} at their played-at time, and
 * structure changes scheduled a beat ahead that carry the whole new map pruned to ten seconds
 * before the change, as the group sends them. {@link #restart} plays a server that stopped and came
 * back on a new clock with a new anchor, the map shifted so that the beat goes on.
 *
 * <p>It remembers every sounding note it journaled ({@link #onsets}) for the tests to check the
 * export against.
 */
final class RecordedSession {

  /** How much of the map's past a journaled change keeps, as the group prunes it. */
  static final long HISTORY_MICROS = 10_000_000;

  /** A sounding onset: who, which pitch, at which beat and wall-clock time. */
  record Onset(String participantId, int pitch, double beat, long wallMicros) {}

  private final Path journal;
  private final List<Onset> onsets = new ArrayList<>();
  private long anchor;
  private long now;
  private TempoMap map;
  private long sequence;
  private final long startWall;

  /**
   * Creates group {@code groupId} at server time {@code startMicros} of a server whose time 0 was
   * {@code epochMicrosAtZero}.
   */
  RecordedSession(
      Path journal,
      String groupId,
      String name,
      long epochMicrosAtZero,
      long startMicros,
      double bpm)
      throws IOException {
    this.journal = journal;
    Files.createDirectories(journal.getParent());
    anchor = epochMicrosAtZero;
    now = startMicros;
    map = TempoMap.steady(startMicros, bpm);
    startWall = anchor + startMicros;
    write(
        JournalRecord.newBuilder()
            .setServerMicros(now)
            .setClockAnchor(ClockAnchor.newBuilder().setEpochMicrosAtZero(anchor)));
    write(
        JournalRecord.newBuilder()
            .setServerMicros(now)
            .setGroupCreated(
                GroupCreated.newBuilder()
                    .setGroupId(groupId)
                    .setName(name)
                    .setJoinCodeHash(ByteString.copyFrom(new byte[32]))
                    .setFacilitatorKeyHash(ByteString.copyFrom(new byte[32]))
                    .setSalt(ByteString.copyFrom(new byte[16]))
                    .setCreatedEpochMillis(startWall / 1000)
                    .setInitialBpm(bpm)));
  }

  long startWall() {
    return startWall;
  }

  long wall(long serverMicros) {
    return anchor + serverMicros;
  }

  TempoMap map() {
    return map;
  }

  List<Onset> onsets() {
    return onsets;
  }

  /** Server time at {@code beat}. */
  long timeAt(double beat) {
    return map.timeAt(beat);
  }

  void join(String id, String name, String instrument, Role role, boolean resumed)
      throws IOException {
    write(
        JournalRecord.newBuilder()
            .setServerMicros(now)
            .setMemberJoined(
                MemberJoined.newBuilder()
                    .setMember(
                        Member.newBuilder()
                            .setParticipantId(id)
                            .setName(name)
                            .setInstrument(instrument)
                            .setRole(role)
                            .setConnected(true))
                    .setResumed(resumed)
                    .setSessionTokenHash(ByteString.copyFrom(new byte[32]))));
  }

  void leave(String id) throws IOException {
    write(
        JournalRecord.newBuilder()
            .setServerMicros(now)
            .setMemberLeft(MemberLeft.newBuilder().setParticipantId(id)));
  }

  /** A note on at {@code beat} and its note off {@code beats} later. */
  void note(String id, double beat, int pitch, float velocity, double beats) throws IOException {
    noteOn(id, map.timeAt(beat), pitch, velocity);
    noteOff(id, map.timeAt(beat + beats), pitch);
  }

  void noteOn(String id, long playedAt, int pitch, float velocity) throws IOException {
    gesture(
        id,
        Gesture.newBuilder().setNoteOn(NoteOn.newBuilder().setPitch(pitch)).setVelocity(velocity),
        playedAt,
        pitch);
    onsets.add(new Onset(id, pitch, map.beatAt(playedAt), wall(playedAt)));
  }

  void noteOff(String id, long playedAt, int pitch) throws IOException {
    gesture(
        id, Gesture.newBuilder().setNoteOff(NoteOff.newBuilder().setPitch(pitch)), playedAt, pitch);
  }

  /** A pad press at {@code beat} that sounds {@code pitch}, released {@code beats} later. */
  void pad(String id, double beat, int degree, int pitch, double beats) throws IOException {
    long on = map.timeAt(beat);
    gesture(
        id,
        Gesture.newBuilder().setPad(Pad.newBuilder().setDegree(degree)).setVelocity(0.5f),
        on,
        pitch);
    onsets.add(new Onset(id, pitch, beat, wall(on)));
    gesture(
        id,
        Gesture.newBuilder().setPad(Pad.newBuilder().setDegree(degree).setRelease(true)),
        map.timeAt(beat + beats),
        pitch);
  }

  void hit(String id, double beat, int key) throws IOException {
    long at = map.timeAt(beat);
    gesture(
        id,
        Gesture.newBuilder().setHit(Hit.newBuilder().setInstrument(key)).setVelocity(0.8f),
        at,
        key);
    onsets.add(new Onset(id, key, beat, wall(at)));
  }

  /** A tap: relayed, not heard. */
  void tap(String id, double beat) throws IOException {
    gesture(id, Gesture.newBuilder().setTap(Tap.getDefaultInstance()), map.timeAt(beat), 0);
  }

  private void gesture(String id, Gesture.Builder gesture, long playedAt, int pitch)
      throws IOException {
    now = Math.max(now, playedAt);
    write(
        JournalRecord.newBuilder()
            .setServerMicros(now)
            .setGesture(
                GestureEvent.newBuilder()
                    .setParticipantId(id)
                    .setGesture(gesture.setPlayedAtServerMicros(playedAt))
                    .setServerReceiveMicros(now)
                    .setResolvedPitch(pitch)
                    .setBeat(map.beatAt(playedAt))));
  }

  /**
   * A structure change taking effect at server time {@code effective}, scheduled {@code
   * aheadMicros} before it: the tempo changed by {@code tempo} there, the form by {@code patch}.
   */
  void change(
      long effective,
      long aheadMicros,
      UnaryOperator<TempoMap> tempo,
      FormPatch patch,
      String description)
      throws IOException {
    now = Math.max(now, effective - aheadMicros);
    double beat = map.beatAt(effective);
    map = tempo.apply(map);
    write(
        JournalRecord.newBuilder()
            .setServerMicros(now)
            .setStructureChange(
                StructureChange.newBuilder()
                    .setSequence(++sequence)
                    .setEffectiveBeat(beat)
                    .setEffectiveServerMicros(effective)
                    .setTempoMap(map.prunedBefore(now - HISTORY_MICROS).toProto())
                    .setForm(patch)
                    .setDescription(description)));
  }

  /** A structure change at {@code beat}, scheduled one second ahead. */
  void change(double beat, UnaryOperator<TempoMap> tempo, FormPatch patch, String description)
      throws IOException {
    change(map.timeAt(beat), 1_000_000, tempo, patch, description);
  }

  void instrument(String id, String instrument, double beat) throws IOException {
    now = Math.max(now, map.timeAt(beat));
    write(
        JournalRecord.newBuilder()
            .setServerMicros(now)
            .setMixer(
                MixerCommand.newBuilder()
                    .setStrip(
                        SetStrip.newBuilder().setParticipantId(id).setInstrument(instrument))));
  }

  /**
   * The server stops at {@code beat} and a new one starts {@code downMicros} later with its own
   * clock at {@code newNowMicros}: a new anchor, and the map shifted onto the new clock so that the
   * beat has gone on as if the server had kept running.
   */
  void restart(double beat, long downMicros, long newNowMicros) throws IOException {
    long stopWall = wall(map.timeAt(beat));
    long restartWall = stopWall + downMicros;
    long newAnchor = restartWall - newNowMicros;
    long shift = anchor - newAnchor;
    org.attune.protocol.v1.TempoMap.Builder shifted = map.toProto().toBuilder();
    shifted
        .getSegmentsBuilderList()
        .forEach(s -> s.setStartServerMicros(s.getStartServerMicros() + shift));
    map = TempoMap.fromProto(shifted.build());
    anchor = newAnchor;
    now = newNowMicros;
    write(
        JournalRecord.newBuilder()
            .setServerMicros(now)
            .setClockAnchor(ClockAnchor.newBuilder().setEpochMicrosAtZero(anchor)));
  }

  void end(double beat) throws IOException {
    now = Math.max(now, map.timeAt(beat));
    write(
        JournalRecord.newBuilder()
            .setServerMicros(now)
            .setGroupEnded(GroupEnded.newBuilder().setReason("facilitator")));
  }

  /** Moves the server's clock to {@code serverMicros}. */
  void advanceTo(long serverMicros) {
    now = Math.max(now, serverMicros);
  }

  long now() {
    return now;
  }

  private void write(JournalRecord.Builder record) throws IOException {
    byte[] frame = JournalFrames.encode(record.build()).array();
    Files.write(journal, frame, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
