package org.attune.server.transport.osc;

import com.illposed.osc.OSCBundle;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacket;
import com.illposed.osc.argument.OSCTimeTag64;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.attune.clock.TempoMap;
import org.attune.clock.TempoSegment;
import org.attune.command.FacilitatorCommandParser;
import org.attune.form.Dynamics;
import org.attune.form.FormStates;
import org.attune.form.RomanChord;
import org.attune.form.Scales;
import org.attune.protocol.v1.BackingPart;
import org.attune.protocol.v1.Dynamic;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.FormPatch;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Level;
import org.attune.protocol.v1.Member;
import org.attune.protocol.v1.Meters;
import org.attune.protocol.v1.MixerState;
import org.attune.protocol.v1.PadLayer;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.Roster;
import org.attune.protocol.v1.StripLevel;
import org.attune.protocol.v1.StripState;
import org.attune.protocol.v1.StructureChange;

/**
 * What Attune sends over OSC (README.md, "OSC", server to client), built from the group's messages.
 *
 * <p>Only OSC 1.0's core argument types go out ({@code i f s b}, and time tags in bundle headers),
 * because Pure Data's {@code [oscparse]}, Max's {@code udpreceive} and many tablet apps read no
 * others: flags are ints 0 or 1, server times two ints ({@link OscServerTime}). The one exception
 * is what an endpoint asks for at join ({@code --int64}).
 *
 * <p>Stateless; thread-safe.
 */
final class OscReplies {

  /** {@code #bundle} and the time tag. */
  private static final int BUNDLE_HEADER_BYTES = 16;

  /** A level message in a bundle, but for its strip name: size, address, type tags, two floats. */
  private static final int LEVEL_ELEMENT_BYTES =
      4 + oscStringBytes("/attune/level") + oscStringBytes(",sff") + 8;

  private OscReplies() {}

  /** What the music is at one moment, in the words the OSC replies use. */
  record Music(
      double bpm,
      int beatsPerBar,
      int beatUnit,
      String section,
      String tonic,
      String mode,
      String chord,
      String chordName,
      String groove,
      String dynamic,
      float level) {

    static Music at(TempoMap map, FormState form, long micros) {
      double beat = map.beatAt(micros);
      RomanChord chord = FormStates.chordAt(form, beat);
      double level = Dynamics.levelAt(form.getDynamics(), beat);
      return new Music(
          Math.round(map.bpmAt(micros) * 10) / 10.0,
          form.getMeter().getBeatsPerBar(),
          form.getMeter().getBeatUnit(),
          form.getSection(),
          Scales.noteName(form.getKey().getTonic()),
          FacilitatorCommandParser.modeName(form.getKey().getMode()),
          chord.symbol(),
          chord.nameIn(form.getKey()),
          form.getGroove(),
          marking(level),
          Math.round((level - 1) / 7 * 100) / 100f);
    }
  }

  static OSCMessage joined(String memberId, Role role, String groupId, String token) {
    return message("/attune/joined", memberId, roleName(role), groupId, token);
  }

  static OSCMessage left() {
    return message("/attune/left");
  }

  /** {@code /attune/recording on file seconds error}: 1 while recording, 0 once finished. */
  static OSCMessage recording(org.attune.protocol.v1.RecordingState state) {
    return message(
        "/attune/recording",
        state.getRecording() ? 1 : 0,
        state.getFile(),
        (float) (state.getFrames() / 48_000.0),
        state.getError());
  }

  static OSCMessage ended(String reason) {
    return message("/attune/ended", reason);
  }

  static OSCMessage error(ErrorCode code, String sentence, String address) {
    return message("/attune/error", code.name().toLowerCase(Locale.ROOT), sentence, address);
  }

  /**
   * The same error without its sentence (code and address only), for an unproven UDP sender whose
   * datagram was too small to pay for the whole error under the anti-amplification rule; null if
   * {@code packet} is not an error or has no sentence.
   */
  static OSCMessage withoutSentence(OSCPacket packet) {
    if (packet instanceof OSCMessage m
        && m.getAddress().equals("/attune/error")
        && m.getArguments().size() == 3
        && !"".equals(m.getArguments().get(1))) {
      return message("/attune/error", m.getArguments().get(0), "", m.getArguments().get(2));
    }
    return null;
  }

  static OSCMessage pong(long serverMicros) {
    return message("/attune/pong", (float) (serverMicros / 1e6));
  }

  static OSCMessage quantize(String at) {
    return message("/attune/quantize", at);
  }

  static OSCMessage beat(long bar, int beatInBar) {
    return message("/attune/beat", (int) bar, beatInBar);
  }

  /** {@code /attune/accepted seq bar beat}: a command was scheduled (0 0 0 for a counted tap). */
  static OSCMessage accepted(long sequence, long bar, int beatInBar) {
    return message("/attune/accepted", (int) sequence, (int) bar, beatInBar);
  }

  /** The parts of {@code now} that differ from {@code before} (everything if it is null). */
  static List<OSCPacket> changed(Music before, Music now) {
    List<OSCPacket> out = new ArrayList<>();
    if (before == null || before.bpm() != now.bpm()) {
      out.add(message("/attune/tempo", (float) now.bpm()));
    }
    if (before == null
        || before.beatsPerBar() != now.beatsPerBar()
        || before.beatUnit() != now.beatUnit()) {
      out.add(message("/attune/meter", now.beatsPerBar(), now.beatUnit()));
    }
    if (before == null || !before.section().equals(now.section())) {
      out.add(message("/attune/section", now.section()));
    }
    if (before == null
        || !before.tonic().equals(now.tonic())
        || !before.mode().equals(now.mode())) {
      out.add(message("/attune/key", now.tonic(), now.mode()));
    }
    if (before == null
        || !before.chord().equals(now.chord())
        || !before.chordName().equals(now.chordName())) {
      out.add(message("/attune/chord", now.chord(), now.chordName()));
    }
    if (before == null || !before.groove().equals(now.groove())) {
      out.add(message("/attune/groove", now.groove()));
    }
    if (before == null
        || !before.dynamic().equals(now.dynamic())
        || before.level() != now.level()) {
      out.add(message("/attune/dynamics", now.dynamic(), now.level()));
    }
    return out;
  }

  /**
   * A change announced before it takes effect: a bundle time-tagged with the moment it does,
   * holding {@code /attune/change seq bar beat description} and a {@code /attune/next/...} message
   * for each part that changes.
   */
  static OSCBundle announcement(StructureChange change, FormState formBefore, OSCTimeTag64 when) {
    FormState after = FormStates.apply(formBefore, change.getForm());
    double beat = change.getEffectiveBeat();
    List<OSCPacket> packets = new ArrayList<>();
    packets.add(
        message(
            "/attune/change",
            (int) change.getSequence(),
            (int) FormStates.barAt(after, beat),
            (int) Math.floor(FormStates.beatInBar(after, beat)),
            change.getDescription()));
    packets.add(
        nextTempo(
            TempoMap.fromProto(change.getTempoMap()).segmentAt(change.getEffectiveServerMicros())));
    FormPatch patch = change.getForm();
    if (patch.hasSection()) {
      packets.add(message("/attune/next/section", after.getSection()));
    }
    if (patch.hasMeter()) {
      packets.add(
          message(
              "/attune/next/meter",
              after.getMeter().getBeatsPerBar(),
              after.getMeter().getBeatUnit()));
    }
    if (patch.hasKey()) {
      packets.add(
          message(
              "/attune/next/key",
              Scales.noteName(after.getKey().getTonic()),
              FacilitatorCommandParser.modeName(after.getKey().getMode())));
    }
    if (patch.hasGroove()) {
      packets.add(message("/attune/next/groove", after.getGroove()));
    }
    if (patch.hasDynamics()) {
      packets.add(
          message(
              "/attune/next/dynamics",
              after.getDynamics().getTo().name().toLowerCase(Locale.ROOT),
              (float) after.getDynamics().getBeats()));
    }
    if (patch.hasProgression()) {
      List<Object> chords = new ArrayList<>(after.getProgression().getChordsList());
      packets.add(new OSCMessage("/attune/next/chords", chords));
    }
    if (patch.getAccent()) {
      packets.add(message("/attune/next/accent"));
    }
    return new OSCBundle(packets, when);
  }

  /**
   * {@code /attune/next/tempo bpm beats}: the tempo from the change on, reached over {@code beats}
   * beats (0: at once); 0 BPM for a fermata.
   */
  private static OSCMessage nextTempo(TempoSegment segment) {
    double bpm = 0;
    double beats = 0;
    if (segment instanceof TempoSegment.Steady steady) {
      bpm = steady.bpm();
    } else if (segment instanceof TempoSegment.Ramp ramp) {
      bpm = ramp.toBpm();
      beats = ramp.beats();
    }
    return message("/attune/next/tempo", (float) bpm, (float) beats);
  }

  /**
   * {@code /attune/played member kind pitch value played_s played_us}: another member's gesture,
   * with the server time it was played in {@code times}'s form (by default whole seconds and
   * microseconds, two ints; with {@code --int64} at join, one int64 of microseconds).
   */
  static OSCMessage played(GestureEvent event, OscServerTime times) {
    Gesture g = event.getGesture();
    String kind =
        switch (g.getKindCase()) {
          case NOTE_ON -> "note_on";
          case NOTE_OFF -> "note_off";
          case PAD ->
              (g.getPad().getLayer() == PadLayer.CHORD ? "tone" : "pad")
                  + (g.getPad().getRelease() ? "_release" : "");
          case HIT -> "hit";
          case CONTROL -> "control";
          case TAP -> "tap";
          case KIND_NOT_SET -> "none";
        };
    float value = g.hasControl() ? g.getControl().getValue() : g.getVelocity();
    List<Object> args = new ArrayList<>(6);
    args.add(event.getParticipantId());
    args.add(kind);
    args.add(event.getResolvedPitch());
    args.add(value);
    times.append(args, g.getPlayedAtServerMicros());
    return new OSCMessage("/attune/played", args);
  }

  /**
   * {@code /attune/roster count}, then {@code /attune/member id name instrument role connected}.
   */
  static List<OSCPacket> roster(Roster roster) {
    List<OSCPacket> out = new ArrayList<>();
    out.add(message("/attune/roster", roster.getMembersCount()));
    for (Member m : roster.getMembersList()) {
      out.add(
          message(
              "/attune/member",
              m.getParticipantId(),
              m.getName(),
              m.getInstrument(),
              roleName(m.getRole()),
              m.getConnected() ? 1 : 0));
    }
    return out;
  }

  /**
   * {@code /attune/mixer strips master_db backing}, then {@code /attune/strip member instrument
   * gain_db pan mute solo} for each strip. {@code backing} is the parts that play, space-separated,
   * or {@code off}: the words {@code /attune/backing} takes, so a patch can send it back as it is.
   */
  static List<OSCPacket> mixer(MixerState state) {
    List<OSCPacket> out = new ArrayList<>();
    List<String> parts = new ArrayList<>();
    for (BackingPart p : state.getBackingList()) {
      if (p != BackingPart.BACKING_PART_UNSPECIFIED && p != BackingPart.UNRECOGNIZED) {
        parts.add(p.name().toLowerCase(Locale.ROOT));
      }
    }
    out.add(
        message(
            "/attune/mixer",
            state.getStripsCount(),
            state.getMasterGainDb(),
            parts.isEmpty() ? "off" : String.join(" ", parts)));
    for (StripState strip : state.getStripsList()) {
      out.add(
          message(
              "/attune/strip",
              strip.getParticipantId(),
              strip.getInstrument(),
              strip.getGainDb(),
              strip.getPan(),
              strip.getMute() ? 1 : 0,
              strip.getSolo() ? 1 : 0));
    }
    return out;
  }

  /**
   * One meter reading as {@code /attune/level strip peak_db rms_db} per strip, then {@code
   * /attune/level master peak_db rms_db}, in one bundle so that a tablet draws them together. Only
   * a group too large for one packet gets more than one bundle. Floats and strings only: Pure Data
   * and Max read no other types.
   */
  static List<OSCBundle> levels(Meters meters) {
    List<OSCBundle> out = new ArrayList<>();
    List<OSCPacket> bundle = new ArrayList<>();
    int bytes = BUNDLE_HEADER_BYTES;
    List<OSCMessage> all = new ArrayList<>();
    for (StripLevel strip : meters.getStripsList()) {
      all.add(level(strip.getStrip(), strip.getLevel()));
    }
    all.add(level("master", meters.getMaster()));
    for (OSCMessage m : all) {
      int size = LEVEL_ELEMENT_BYTES + oscStringBytes((String) m.getArguments().get(0));
      if (!bundle.isEmpty() && bytes + size > OscCodec.MAX_PACKET_BYTES) {
        out.add(new OSCBundle(bundle, OSCTimeTag64.IMMEDIATE));
        bundle = new ArrayList<>();
        bytes = BUNDLE_HEADER_BYTES;
      }
      bundle.add(m);
      bytes += size;
    }
    out.add(new OSCBundle(bundle, OSCTimeTag64.IMMEDIATE));
    return out;
  }

  private static OSCMessage level(String strip, Level level) {
    return message("/attune/level", strip, level.getPeakDb(), level.getRmsDb());
  }

  /** An OSC string's size: its bytes and a terminating zero, padded to four. */
  private static int oscStringBytes(String s) {
    return (s.getBytes(StandardCharsets.UTF_8).length / 4 + 1) * 4;
  }

  private static String roleName(Role role) {
    return role.name().toLowerCase(Locale.ROOT);
  }

  /** The nearest marking to a level 1..8. */
  private static String marking(double level) {
    int n =
        (int)
            Math.max(Dynamic.PPP.getNumber(), Math.min(Dynamic.FFF.getNumber(), Math.round(level)));
    return Dynamic.forNumber(n).name().toLowerCase(Locale.ROOT);
  }

  private static OSCMessage message(String address, Object... args) {
    return new OSCMessage(address, List.of(args));
  }
}
