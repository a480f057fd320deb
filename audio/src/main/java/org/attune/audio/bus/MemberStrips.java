package org.attune.audio.bus;

import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.attune.audio.backing.BackingPart;
import org.attune.audio.backing.FormTimeline;
import org.attune.audio.builtin.InstrumentChoice;
import org.attune.clock.TempoMap;
import org.attune.form.PadMapping;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.PadLayer;
import org.attune.protocol.v1.StructureChange;

/**
 * A group's members on a {@link GroupBus}: which strip each plays on, what it plays and its
 * settings, and the bus events that their gestures, the mixer's settings and the group's form make.
 *
 * <p>The one translation from a group's music to its sound: the server's mixer feeds it what the
 * group accepts, and a client that renders the group locally feeds it what it hears from the
 * server, so that both buses play the same notes at the same server times.
 *
 * <p>Values are checked by the caller (the server refuses bad mixer commands before they get here);
 * what arrives here goes to the bus.
 *
 * <p>Thread-safe: no; one owner thread (the group's loop on the server, the client's timeline
 * thread), which hands the events to the bus's render thread through {@link GroupBus#offer}.
 */
public final class MemberStrips {

  /** The velocity of a gesture that gives none (0 on the wire), 0..1. */
  public static final float DEFAULT_VELOCITY = 0.8f;

  /** What the others' velocities are multiplied by while a member has the spotlight. */
  public static final float SOFTENED_VELOCITY = 0.7f;

  private final GroupBus bus;
  private final Map<String, MemberStrip> strips = new LinkedHashMap<>();
  private final BitSet usedStrips = new BitSet();
  private float masterGainDb;
  private int backingMask;
  private String spotlit;
  private float duckDb;

  public MemberStrips(GroupBus bus) {
    this.bus = bus;
  }

  public GroupBus bus() {
    return bus;
  }

  /**
   * Gives a member the lowest free strip, at 0 dB, centred, playing {@code instrument}.
   *
   * @return its strip, or empty if it has one already or every member strip is taken
   */
  public Optional<MemberStrip> add(String memberId, InstrumentChoice instrument) {
    if (strips.containsKey(memberId)) {
      return Optional.empty();
    }
    int index = usedStrips.nextClearBit(0);
    if (index >= bus.memberStrips()) {
      return Optional.empty();
    }
    usedStrips.set(index);
    MemberStrip strip = new MemberStrip(memberId, index, instrument);
    strips.put(memberId, strip);
    bus.offer(new BusEvent.StripAdded(index, instrument.bank(), instrument.program()));
    if (duckOf(strip) != 0) {
      bus.offer(new BusEvent.StripGain(index, effectiveGainDb(strip)));
    }
    return Optional.of(strip);
  }

  /** Takes a member's strip off the bus (its notes are released) and frees it. */
  public boolean remove(String memberId) {
    MemberStrip strip = strips.remove(memberId);
    if (strip == null) {
      return false;
    }
    usedStrips.clear(strip.index());
    bus.offer(new BusEvent.StripRemoved(strip.index()));
    if (memberId.equals(spotlit)) {
      spotlight(null, 0);
    }
    return true;
  }

  public Optional<MemberStrip> strip(String memberId) {
    return Optional.ofNullable(strips.get(memberId));
  }

  /** Every member's strip, in the order they were added. */
  public Collection<MemberStrip> all() {
    return Collections.unmodifiableCollection(strips.values());
  }

  /**
   * A member's gesture becomes notes at the server time it was played: note on and off, a pad's
   * press and release (the release ends the pitch its press sounded, whatever the key is now), a
   * hit from the drum kit. Control and tap shape nothing audible. A member without a strip is not
   * heard.
   *
   * @param pitch the pitch it sounds ({@link #soundingPitch})
   * @param playedAtMicros server time it was played at
   */
  public void played(String memberId, Gesture gesture, int pitch, long playedAtMicros) {
    MemberStrip strip = strips.get(memberId);
    if (strip == null) {
      return;
    }
    int velocity = midiVelocity(gesture.getVelocity());
    if (duckOf(strip) != 0) {
      velocity = Math.max(1, Math.round(velocity * SOFTENED_VELOCITY));
    }
    int s = strip.index();
    switch (gesture.getKindCase()) {
      case NOTE_ON -> bus.offer(new BusEvent.NoteOn(s, playedAtMicros, pitch, velocity));
      case NOTE_OFF -> bus.offer(new BusEvent.NoteOff(s, playedAtMicros, pitch));
      case PAD -> {
        int layer = gesture.getPad().getLayer() == PadLayer.CHORD ? 1 : 0;
        int degree = gesture.getPad().getDegree();
        if (gesture.getPad().getRelease()) {
          bus.offer(
              new BusEvent.NoteOff(s, playedAtMicros, strip.padReleased(layer, degree, pitch)));
        } else {
          strip.padPressed(layer, degree, pitch);
          bus.offer(new BusEvent.NoteOn(s, playedAtMicros, pitch, velocity));
        }
      }
      case HIT -> bus.offer(new BusEvent.Hit(s, playedAtMicros, pitch, velocity));
      // Intensity and taps shape nothing audible yet: they are relayed, not heard.
      case CONTROL, TAP, KIND_NOT_SET -> {}
    }
  }

  /** The pitch a gesture sounds in {@code form} at {@code beat}; 0 for control and tap. */
  public static int soundingPitch(Gesture gesture, FormState form, double beat) {
    return switch (gesture.getKindCase()) {
      case NOTE_ON -> gesture.getNoteOn().getPitch();
      case NOTE_OFF -> gesture.getNoteOff().getPitch();
      case HIT -> gesture.getHit().getInstrument();
      case PAD ->
          PadMapping.pitch(form, beat, gesture.getPad().getDegree(), gesture.getPad().getLayer());
      default -> 0;
    };
  }

  /** A gesture's velocity 0..1 as MIDI's 1..127; 0 (none given) is {@link #DEFAULT_VELOCITY}. */
  static int midiVelocity(float velocity) {
    float v = velocity == 0 ? DEFAULT_VELOCITY : velocity;
    return Math.max(1, Math.min(127, Math.round(v * 127)));
  }

  /** The strip plays {@code instrument} from now on (its held notes are released). */
  public void instrument(MemberStrip strip, InstrumentChoice instrument) {
    strip.instrument = instrument;
    bus.offer(new BusEvent.Program(strip.index(), instrument.bank(), instrument.program()));
  }

  public void gain(MemberStrip strip, float db) {
    strip.gainDb = db;
    bus.offer(new BusEvent.StripGain(strip.index(), effectiveGainDb(strip)));
  }

  /**
   * Gives {@code memberId} the spotlight: every other member's strip is ducked by {@code duckDb}
   * (below its own gain) and their notes soften (velocity x {@value #SOFTENED_VELOCITY}); null
   * takes the spotlight away. A member who joins meanwhile is ducked too.
   */
  public void spotlight(String memberId, float duckDb) {
    spotlit = memberId;
    this.duckDb = memberId == null ? 0 : duckDb;
    for (MemberStrip strip : strips.values()) {
      bus.offer(new BusEvent.StripGain(strip.index(), effectiveGainDb(strip)));
    }
  }

  /** The member in the spotlight, if any. */
  public Optional<String> spotlit() {
    return Optional.ofNullable(spotlit);
  }

  /** How far the others are ducked while someone has the spotlight, dB (0 or below). */
  public float duckDb() {
    return duckDb;
  }

  private float duckOf(MemberStrip strip) {
    return spotlit == null || spotlit.equals(strip.memberId()) ? 0 : duckDb;
  }

  private float effectiveGainDb(MemberStrip strip) {
    return strip.gainDb + duckOf(strip);
  }

  public void pan(MemberStrip strip, float pan) {
    strip.pan = pan;
    bus.offer(new BusEvent.StripPan(strip.index(), pan));
  }

  public void mute(MemberStrip strip, boolean muted) {
    strip.muted = muted;
    bus.offer(new BusEvent.StripMute(strip.index(), muted));
  }

  public void solo(MemberStrip strip, boolean soloed) {
    strip.soloed = soloed;
    bus.offer(new BusEvent.StripSolo(strip.index(), soloed));
  }

  public void masterGain(float db) {
    masterGainDb = db;
    bus.offer(new BusEvent.MasterGain(db));
  }

  public float masterGainDb() {
    return masterGainDb;
  }

  /** Which backing parts play: a bit per {@link BackingPart}, {@link BackingPart#bit()}. */
  public void backing(int mask) {
    backingMask = mask;
    bus.offer(new BusEvent.BackingParts(mask));
  }

  public int backingMask() {
    return backingMask;
  }

  /**
   * The group's tempo map and form from now on, for the backing band: the form now and the changes
   * announced but not yet in effect, in order of effect.
   */
  public void timeline(TempoMap tempoMap, FormState form, List<StructureChange> pending) {
    bus.offer(new BusEvent.Timeline(FormTimeline.of(tempoMap, form, List.copyOf(pending))));
  }
}
