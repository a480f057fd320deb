package org.attune.server.mixer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.attune.audio.backing.BackingPart;
import org.attune.audio.builtin.GeneralMidi;
import org.attune.audio.builtin.InstrumentChoice;
import org.attune.audio.bus.GroupBus;
import org.attune.audio.bus.MemberStrip;
import org.attune.audio.bus.MemberStrips;
import org.attune.audio.mix.MeterReading;
import org.attune.clock.TempoMap;
import org.attune.mixer.MixerLimits;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.Level;
import org.attune.protocol.v1.Meters;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.MixerState;
import org.attune.protocol.v1.RecordCommand;
import org.attune.protocol.v1.RecordFormat;
import org.attune.protocol.v1.RecordingState;
import org.attune.protocol.v1.RemoteSound;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.SetBacking;
import org.attune.protocol.v1.SetSpotlight;
import org.attune.protocol.v1.SetStrip;
import org.attune.protocol.v1.StreamRequest;
import org.attune.protocol.v1.StripLevel;
import org.attune.protocol.v1.StripState;
import org.attune.protocol.v1.StructureChange;
import org.attune.server.group.GroupSound;
import org.attune.server.group.Member;
import org.attune.server.group.MemberLink;
import org.attune.server.group.Refusal;
import org.attune.server.stream.StreamListeners;

/**
 * A group's sound: gives each playing member a strip on the group's {@link GroupBus}, turns
 * accepted gestures into notes at their played-at time, keeps the backing band on the group's tempo
 * map and form, and carries out the facilitator's mixer commands.
 *
 * <p>Thread-safe: no; called on the group's loop only (see {@link GroupSound}). Every command is
 * checked whole before any event goes to the bus, so a refused one changes nothing.
 */
final class GroupMixer implements GroupSound {

  private final GroupBus bus;
  private final SoundSystem system;
  private final MemberStrips strips;
  private GroupRecording recording;
  private final StripMembers stripMembers;
  private final StreamListeners streams;
  private RemoteSound remoteSound = RemoteSound.LOCAL_SAMPLES;

  GroupMixer(GroupBus bus, SoundSystem system, StreamListeners streams) {
    this.bus = bus;
    this.system = system;
    this.strips = new MemberStrips(bus);
    this.stripMembers = new StripMembers(bus.memberStrips());
    this.streams = streams;
  }

  GroupBus bus() {
    return bus;
  }

  @Override
  public void joined(Member member) {
    if (member.role() != Role.LISTENER) {
      strips
          .add(member.id(), GeneralMidi.forInstrumentName(member.instrument()))
          .ifPresent(strip -> stripMembers.assign(strip.index(), member.id()));
    }
  }

  @Override
  public void left(Member member) {
    strips.strip(member.id()).ifPresent(strip -> stripMembers.free(strip.index()));
    strips.remove(member.id());
  }

  @Override
  public void played(Member member, Gesture gesture, int pitch, long playedAtMicros) {
    strips.played(member.id(), gesture, pitch, playedAtMicros);
  }

  @Override
  public void formChanged(TempoMap tempoMap, FormState form, List<StructureChange> pending) {
    strips.timeline(tempoMap, form, pending);
  }

  @Override
  public MixerState mix(MixerCommand command) throws Refusal {
    switch (command.getKindCase()) {
      case STRIP -> setStrip(command.getStrip());
      case MASTER -> strips.masterGain(gain(command.getMaster().getGainDb()));
      case BACKING -> strips.backing(backingMask(command.getBacking()));
      case REMOTE_SOUND -> remoteSound = remoteSound(command.getRemoteSound().getSound());
      case SPOTLIGHT -> spotlight(command.getSpotlight());
      // The group moves the spotlight on its bar lines; the sound only hears each SetSpotlight.
      case TURNS -> throw invalid("Turns in the spotlight are the group's to keep.");
      case KIND_NOT_SET -> throw invalid("The mixer command is empty.");
    }
    return state();
  }

  private void setStrip(SetStrip set) throws Refusal {
    MemberStrip strip =
        strips
            .strip(set.getParticipantId())
            .orElseThrow(
                () -> invalid("No member \"" + set.getParticipantId() + "\" plays in this group."));
    InstrumentChoice instrument = set.hasInstrument() ? instrument(set.getInstrument()) : null;
    Float gain = set.hasGainDb() ? gain(set.getGainDb()) : null;
    if (set.hasPan() && !MixerLimits.isPan(set.getPan())) {
      throw invalid(
          "Pan must be between "
              + (int) MixerLimits.MIN_PAN
              + " (left) and "
              + (int) MixerLimits.MAX_PAN
              + " (right), not "
              + set.getPan()
              + ".");
    }
    if (instrument != null) {
      strips.instrument(strip, instrument);
    }
    if (gain != null) {
      strips.gain(strip, gain);
    }
    if (set.hasPan()) {
      strips.pan(strip, set.getPan());
    }
    if (set.hasMute()) {
      strips.mute(strip, set.getMute());
    }
    if (set.hasSolo()) {
      strips.solo(strip, set.getSolo());
    }
  }

  /** An instrument by name, or by General MIDI program number 1..128. */
  static InstrumentChoice instrument(String text) throws Refusal {
    String t = text.strip();
    String programs = MixerLimits.FIRST_PROGRAM + ".." + MixerLimits.LAST_PROGRAM;
    if (t.isEmpty()) {
      throw invalid(
          "Name an instrument, e.g. marimba, guitar, drums, or a program " + programs + ".");
    }
    if (!MixerLimits.isInstrumentText(t)) {
      throw invalid(
          "An instrument name has at most "
              + MixerLimits.MAX_INSTRUMENT_CHARS
              + " printable characters.");
    }
    return GeneralMidi.parse(t)
        .orElseThrow(
            () ->
                t.chars().allMatch(Character::isDigit)
                    ? invalid("A General MIDI program is " + programs + ", not " + t + ".")
                    : invalid(
                        "Attune does not know the instrument \""
                            + t
                            + "\"; name one such as piano,"
                            + " marimba, guitar, strings, flute, organ or drums, or a General MIDI program "
                            + programs
                            + "."));
  }

  private static float gain(float db) throws Refusal {
    if (!MixerLimits.isGainDb(db)) {
      throw invalid(
          "Gain must be between "
              + (int) MixerLimits.MIN_GAIN_DB
              + " and +"
              + (int) MixerLimits.MAX_GAIN_DB
              + " dB, not "
              + db
              + ".");
    }
    return db;
  }

  private void spotlight(SetSpotlight set) throws Refusal {
    if (set.getParticipantId().isEmpty()) {
      strips.spotlight(null, 0);
      return;
    }
    if (strips.strip(set.getParticipantId()).isEmpty()) {
      throw invalid("No member \"" + set.getParticipantId() + "\" plays in this group.");
    }
    float duck = set.getDuckDb() == 0 ? MixerLimits.DEFAULT_DUCK_DB : set.getDuckDb();
    if (!MixerLimits.isDuckDb(duck)) {
      throw invalid(
          "The others are ducked by "
              + (int) MixerLimits.MIN_DUCK_DB
              + ".."
              + (int) MixerLimits.MAX_DUCK_DB
              + " dB, not "
              + set.getDuckDb()
              + ".");
    }
    strips.spotlight(set.getParticipantId(), duck);
  }

  private static RemoteSound remoteSound(RemoteSound sound) throws Refusal {
    if (sound == RemoteSound.UNRECOGNIZED) {
      throw invalid("Remote members hear LOCAL_SAMPLES or SERVER_STREAM.");
    }
    return sound;
  }

  private static int backingMask(SetBacking backing) throws Refusal {
    int mask = 0;
    for (org.attune.protocol.v1.BackingPart p : backing.getPartsList()) {
      mask |= part(p).bit();
    }
    return mask;
  }

  static BackingPart part(org.attune.protocol.v1.BackingPart p) throws Refusal {
    return switch (p) {
      case CLICK -> BackingPart.CLICK;
      case DRUMS -> BackingPart.DRUMS;
      case BASS -> BackingPart.BASS;
      case PAD -> BackingPart.PAD;
      case COMPING -> BackingPart.COMPING;
      case BACKING_PART_UNSPECIFIED, UNRECOGNIZED ->
          throw invalid("Backing parts are click, drums, bass, pad and comping.");
    };
  }

  static org.attune.protocol.v1.BackingPart toProto(BackingPart p) {
    return org.attune.protocol.v1.BackingPart.valueOf(p.name());
  }

  @Override
  public MixerState state() {
    MixerState.Builder state =
        MixerState.newBuilder()
            .setMasterGainDb(strips.masterGainDb())
            .setRenderDelayMicros(bus.delayMicros())
            .setSoundFont(system.soundFontName())
            .setRemoteSound(remoteSound)
            .setSpotlight(strips.spotlit().orElse(""))
            .setSpotlightDuckDb(strips.duckDb());
    for (MemberStrip s : strips.all()) {
      state.addStrips(
          StripState.newBuilder()
              .setParticipantId(s.memberId())
              .setInstrument(s.instrument().name())
              .setBank(s.instrument().bank())
              .setProgram(s.instrument().program())
              .setGainDb(s.gainDb())
              .setPan(s.pan())
              .setMute(s.muted())
              .setSolo(s.soloed()));
    }
    for (BackingPart p : BackingPart.values()) {
      if ((strips.backingMask() & p.bit()) != 0) {
        state.addBacking(toProto(p));
      }
    }
    return state.build();
  }

  @Override
  public RecordingState record(RecordCommand command, Consumer<RecordingState> finished)
      throws Refusal {
    if (recording != null && recording.done()) {
      recording = null;
    }
    if (!command.getStart()) {
      if (recording == null) {
        throw invalid("No recording is running.");
      }
      RecordingState state = recording.state().toBuilder().setRecording(false).build();
      recording.stop();
      recording = null;
      return state;
    }
    if (recording != null) {
      throw invalid(
          "A recording is already running (" + recording.state().getFile() + "); stop it first.");
    }
    Path file =
        system
            .recordingFile(bus.name(), RecordingFile.extension(command.getFormat()))
            .orElseThrow(
                () ->
                    invalid(
                        "This server keeps no"
                            + " data directory, so it cannot record; start it with --data-dir."));
    if (command.getFormat() == RecordFormat.UNRECOGNIZED) {
      throw invalid("Unknown recording format: use WAV_PCM24, WAV_FLOAT32 or OGG_OPUS.");
    }
    GroupRecording started;
    try {
      started =
          new GroupRecording(
              bus,
              file,
              command.getFormat(),
              command.getStems(),
              stripMembers,
              system.recordingStats(),
              finished);
    } catch (IOException e) {
      throw invalid(
          "The recording could not be started: "
              + file
              + " cannot be written ("
              + e.getMessage()
              + ").");
    }
    recording = started;
    return started.state();
  }

  /** Stops the recording, if one runs, and waits briefly for its file to be finished. */
  void finishRecording(long waitMillis) {
    GroupRecording r = recording;
    if (r != null) {
      recording = null;
      r.stop();
      try {
        r.awaitFinished(waitMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void stream(Member member, MemberLink link, StreamRequest request) throws Refusal {
    streams.request(member, link, request);
  }

  @Override
  public void streamEnded(Member member) {
    streams.ended(member);
  }

  @Override
  public Optional<Meters> meters(long nowMicros) {
    Meters.Builder meters = Meters.newBuilder().setServerMicros(nowMicros);
    List<StripLevel> levels = new ArrayList<>();
    for (MemberStrip s : strips.all()) {
      levels.add(level(s.memberId(), bus.mixer().strip(s.index()).meter().readAndReset()));
    }
    for (BackingPart p : BackingPart.values()) {
      levels.add(
          level(
              "backing:" + p.name().toLowerCase(),
              bus.mixer().strip(bus.backingStrip(p)).meter().readAndReset()));
    }
    return Optional.of(
        meters
            .addAllStrips(levels)
            .setMaster(level(bus.mixer().master().meter().readAndReset()))
            .build());
  }

  private static StripLevel level(String strip, MeterReading reading) {
    return StripLevel.newBuilder().setStrip(strip).setLevel(level(reading)).build();
  }

  /** A reading as dBFS, silence as -120 (the wire carries no infinities). */
  static Level level(MeterReading r) {
    return Level.newBuilder()
        .setPeakDb((float) Math.max(-120, r.peakDb()))
        .setRmsDb((float) Math.max(-120, r.rmsDb()))
        .build();
  }

  @Override
  public void close() {
    streams.close();
    finishRecording(0);
    system.remove(this);
  }

  private static Refusal invalid(String message) {
    return new Refusal(ErrorCode.INVALID_ARGUMENT, message);
  }
}
