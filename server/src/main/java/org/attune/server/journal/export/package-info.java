/**
 * A session's journal as music: {@link org.attune.server.journal.export.SessionScoreReader} reads
 * what the group played onto one timeline ({@link org.attune.server.journal.export.SessionScore}:
 * the tempo map stitched from every structure change, the form's changes, each member's notes and
 * instrument changes), and {@link org.attune.server.journal.export.SessionMidiExport} writes that
 * as a Standard MIDI File through {@code javax.sound.midi}: a conductor track (tempo, meter, key,
 * sections, chords) and one track per member who played.
 *
 * <p>Nothing here runs on an event loop: an export reads and writes files, and is for the command
 * line or a worker thread.
 */
package org.attune.server.journal.export;
