package org.attune.server.transport.osc;

import com.illposed.osc.OSCPacket;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.attune.clock.ServerClock;
import org.attune.form.FormStates;
import org.attune.protocol.v1.Accepted;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.Snapshot;
import org.attune.protocol.v1.StructureChange;
import org.attune.server.group.Broadcast;
import org.attune.server.group.MemberLink;
import org.attune.server.time.ClockTimer;

/**
 * A member reached over OSC: turns what its group sends into OSC replies, and keeps the group's
 * timeline so that it can send {@code /attune/beat} at every beat and the state (tempo, section,
 * key, chord, dynamics, ...) whenever it changes. Structure changes are announced at once, in a
 * bundle time-tagged with the moment they take effect. A facilitator also gets the mix whenever it
 * changes and the levels of every meter reading, each reading in one bundle.
 *
 * <p>Thread-safe: the group calls it from its loop; everything it keeps lives on the loop of the
 * endpoint's channel, where each message is handed in order.
 */
final class OscMemberLink implements MemberLink {

  /**
   * A tick counts as at its moment this close before it: the loop's timer has a granularity, and a
   * beat and a change due at the same moment must go out together, the change first.
   */
  private static final long TICK_TOLERANCE_MICROS = 500;

  private final OscOutput output;

  /** False once the endpoint is gone (its connection ended, or it expired). */
  private final BooleanSupplier endpointOpen;

  private final ServerClock clock;
  private final String token;
  private final OscServerTime times;
  private OscTimeline timeline;
  private OscReplies.Music lastSent;
  private long lastBeat = Long.MIN_VALUE;
  private final ClockTimer timer;
  private ClockTimer.Pending tick;
  private boolean closed;
  private long restarts;

  /**
   * @param token the endpoint's OSC session token, told to it in {@code /attune/joined}
   * @param times how server times are written in its replies, as it chose at join
   * @param endpointOpen false once the endpoint is gone
   */
  OscMemberLink(
      OscOutput output,
      ServerClock clock,
      String token,
      OscServerTime times,
      BooleanSupplier endpointOpen) {
    this.output = output;
    this.endpointOpen = endpointOpen;
    this.clock = clock;
    this.timer = new ClockTimer(output.loop(), clock);
    this.token = token;
    this.times = times;
  }

  OscOutput output() {
    return output;
  }

  @Override
  public String transport() {
    return output.transport();
  }

  @Override
  public boolean isWritable() {
    return output.isWritable();
  }

  @Override
  public void send(ServerMessage message) {
    output.loop().execute(() -> handle(message));
  }

  @Override
  public void send(Broadcast broadcast) {
    ServerMessage message = broadcast.message();
    output.loop().execute(() -> handle(message));
  }

  @Override
  public boolean isOpen() {
    return endpointOpen.getAsBoolean();
  }

  /** An OSC endpoint cannot resume its membership on a new link: it leaves when it is gone. */
  @Override
  public boolean resumable() {
    return false;
  }

  @Override
  public void close() {
    output
        .loop()
        .execute(
            () -> {
              stop();
              output.close();
            });
  }

  /** Stops the beat messages; the endpoint is gone. Runs on the endpoint's loop. */
  void stop() {
    closed = true;
    if (tick != null) {
      tick.cancel();
      tick = null;
    }
  }

  private void handle(ServerMessage message) {
    if (closed || !isOpen()) {
      return;
    }
    switch (message.getBodyCase()) {
      case WELCOME -> {
        var welcome = message.getWelcome();
        output.send(
            OscReplies.joined(
                welcome.getParticipantId(), welcome.getRole(), welcome.getGroupId(), token));
        restart(welcome.getSnapshot());
      }
      case SNAPSHOT -> restart(message.getSnapshot());
      case STRUCTURE_CHANGE -> announce(message.getStructureChange());
      case GESTURE -> output.send(OscReplies.played(message.getGesture(), times));
      case ROSTER -> sendAll(OscReplies.roster(message.getRoster()));
      case ERROR ->
          output.send(
              OscReplies.error(message.getError().getCode(), message.getError().getMessage(), ""));
      case ACCEPTED -> accepted(message.getAccepted());
      case MIXER_STATE -> sendAll(OscReplies.mixer(message.getMixerState()));
      case METERS -> sendAll(OscReplies.levels(message.getMeters()));
      case SESSION_ENDED -> output.send(OscReplies.ended(message.getSessionEnded().getReason()));
      case RECORDING -> output.send(OscReplies.recording(message.getRecording()));
      case CLOCK_PONG, AUDIO_FRAME, BODY_NOT_SET -> {
        // OSC endpoints keep no clock of Attune's and ask for no stream; nothing to send.
      }
    }
  }

  /** How many snapshots the link has started from; a catch-up compares it. Endpoint's loop only. */
  long restarts() {
    return restarts;
  }

  /**
   * Sends the whole state again from the link's own timeline (the changes to come, then tempo,
   * section, key, ...), after the endpoint missed replies, unless a snapshot has restarted the link
   * since {@code restartsBefore}: then it has had the whole state already. Endpoint's loop only.
   */
  void resendState(long restartsBefore) {
    if (closed || timeline == null || restarts != restartsBefore) {
      return;
    }
    long now = clock.nowMicros();
    for (StructureChange change : timeline.pending()) {
      FormState before = timeline.formBefore(change.getEffectiveServerMicros());
      output.send(
          OscReplies.announcement(
              change,
              before,
              OscTimeTags.at(change.getEffectiveServerMicros(), now, Instant.now())));
    }
    lastSent = null;
    tick();
  }

  private void restart(Snapshot snapshot) {
    restarts++;
    timeline = new OscTimeline(snapshot);
    lastSent = null;
    lastBeat = timeline.beatReachedAt(clock.nowMicros());
    for (StructureChange change : snapshot.getPendingList()) {
      announce(change);
    }
    tick();
  }

  private void announce(StructureChange change) {
    if (timeline == null) {
      return;
    }
    long now = clock.nowMicros();
    FormState before = timeline.formBefore(change.getEffectiveServerMicros());
    timeline.announce(change);
    output.send(
        OscReplies.announcement(
            change, before, OscTimeTags.at(change.getEffectiveServerMicros(), now, Instant.now())));
    tick();
  }

  private void accepted(Accepted accepted) {
    if (accepted.getChangeSequence() == 0 || timeline == null) {
      output.send(OscReplies.accepted(0, 0, 0));
      return;
    }
    FormState form = timeline.formBefore(accepted.getEffectiveServerMicros() + 1);
    double beat = accepted.getEffectiveBeat();
    output.send(
        OscReplies.accepted(
            accepted.getChangeSequence(),
            FormStates.barAt(form, beat),
            (int) Math.floor(FormStates.beatInBar(form, beat))));
  }

  /**
   * Brings the endpoint up to now (changes in effect, the beat if one was reached, the state if it
   * changed) and plans the next tick.
   */
  private void tick() {
    if (tick != null) {
      tick.cancel();
      tick = null;
    }
    if (closed || timeline == null) {
      return;
    }
    long now = clock.nowMicros() + TICK_TOLERANCE_MICROS;
    timeline.advanceTo(now);
    OscReplies.Music music = OscReplies.Music.at(timeline.tempoMap(), timeline.form(), now);
    sendAll(OscReplies.changed(lastSent, music));
    lastSent = music;
    long beat = timeline.beatReachedAt(now);
    if (beat > lastBeat) {
      lastBeat = beat;
      FormState form = timeline.form();
      output.send(
          OscReplies.beat(
              FormStates.barAt(form, beat), (int) Math.floor(FormStates.beatInBar(form, beat))));
    }
    long next = timeline.nextEventMicros(now);
    if (next != Long.MAX_VALUE) {
      tick = timer.at(next, this::tick);
    }
  }

  private void sendAll(List<? extends OSCPacket> packets) {
    for (OSCPacket packet : packets) {
      output.send(packet);
    }
  }
}
