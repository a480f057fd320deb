package org.attune.server.group;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.attune.clock.TempoMap;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.Meters;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.MixerState;
import org.attune.protocol.v1.RecordCommand;
import org.attune.protocol.v1.RecordingState;
import org.attune.protocol.v1.StreamRequest;
import org.attune.protocol.v1.StructureChange;

/**
 * What a group tells its sound (the mixer bus of the server's {@code mixer} package) and asks of
 * it. The group knows nothing of audio; its sound knows nothing of transports.
 *
 * <p>Thread-safe: no. Called only on the group's event loop; an implementation hands the work to
 * its render thread without waiting.
 */
public interface GroupSound {

  /** A member was admitted (it gets a strip if it plays). */
  void joined(Member member);

  /** A member left for good (its strip falls silent and is freed). */
  void left(Member member);

  /**
   * A member's accepted gesture, normalized, with the pitch it sounds and the server time it was
   * played at.
   */
  void played(Member member, Gesture gesture, int pitch, long playedAtMicros);

  /** The tempo map or form changed: the form now, and the changes still pending, in order. */
  void formChanged(TempoMap tempoMap, FormState form, List<StructureChange> pending);

  /**
   * Applies a facilitator's mixer command.
   *
   * @return the mix after it
   * @throws Refusal if it names no member or a value is out of range; nothing changed then
   */
  MixerState mix(MixerCommand command) throws Refusal;

  /** The mix now. */
  MixerState state();

  /**
   * Starts or stops recording the group's mix.
   *
   * @param finished gets the final state when a recording ends, stopped or failed (on a thread of
   *     the recording's; hand it to the group's loop)
   * @return the recording's state now
   * @throws Refusal if there is nothing to stop, one is already running, or it cannot be made
   */
  RecordingState record(RecordCommand command, Consumer<RecordingState> finished) throws Refusal;

  /**
   * Starts, changes or stops the member's live stream of the mix, sent over {@code link}.
   *
   * @throws Refusal if the request is out of range, or there is no sound; nothing changed then
   */
  void stream(Member member, MemberLink link, StreamRequest request) throws Refusal;

  /** The member's link went (or it left): its live stream stops. */
  void streamEnded(Member member);

  /** Levels since the last call, if this sound has any. */
  Optional<Meters> meters(long nowMicros);

  /** The group is gone: stop rendering. */
  void close();

  /** No sound at all (the server runs without audio). */
  GroupSound SILENT =
      new GroupSound() {
        @Override
        public void joined(Member member) {}

        @Override
        public void left(Member member) {}

        @Override
        public void played(Member member, Gesture gesture, int pitch, long playedAtMicros) {}

        @Override
        public void formChanged(TempoMap tempoMap, FormState form, List<StructureChange> pending) {}

        @Override
        public MixerState mix(MixerCommand command) throws Refusal {
          throw new Refusal(
              org.attune.protocol.v1.ErrorCode.INVALID_ARGUMENT,
              "This server runs without sound, so there is no mix to change.");
        }

        @Override
        public MixerState state() {
          return MixerState.getDefaultInstance();
        }

        @Override
        public RecordingState record(RecordCommand command, Consumer<RecordingState> finished)
            throws Refusal {
          throw new Refusal(
              org.attune.protocol.v1.ErrorCode.INVALID_ARGUMENT,
              "This server runs without sound, so there is nothing to record.");
        }

        @Override
        public void stream(Member member, MemberLink link, StreamRequest request) throws Refusal {
          throw new Refusal(
              org.attune.protocol.v1.ErrorCode.INVALID_ARGUMENT,
              "This server runs without sound, so there is no stream to listen to.");
        }

        @Override
        public void streamEnded(Member member) {}

        @Override
        public Optional<Meters> meters(long nowMicros) {
          return Optional.empty();
        }

        @Override
        public void close() {}
      };

  /** Makes the sound of a new group, on the group's loop. */
  @FunctionalInterface
  interface Factory {
    GroupSound create(Group group);

    Factory SILENT = group -> GroupSound.SILENT;
  }
}
