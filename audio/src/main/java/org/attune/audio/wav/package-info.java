/**
 * RIFF WAVE files of the bus's sound: {@link org.attune.audio.wav.WavWriter} streams stereo float
 * blocks to disk as 24-bit PCM or 32-bit float at 48 kHz, on a writer thread of its own, and {@link
 * org.attune.audio.wav.WavReader} reads such files back for tests and tools.
 *
 * <p>The layout follows Microsoft's "Multimedia Programming Interface and Data Specifications 1.0"
 * (RIFF, the {@code fmt } chunk) and its later addition of {@code WAVE_FORMAT_IEEE_FLOAT} with a
 * {@code fact} chunk, which is what sox and ffmpeg write and read for float files.
 */
package org.attune.audio.wav;
