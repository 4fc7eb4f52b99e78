"""Facts of the opt-in `mic` probe (`rigcheck probe mic`): levels of a short recording. Judging them is the scorer's job."""

from rigcheck.facts._declare import ProbeFacts
from rigcheck.i18n import N_

MIC = ProbeFacts("mic", N_("Microphone level test"), optional=True)

RMS_DBFS = MIC.declare("rms_dbfs", (int, float), "dBFS", N_("Average level"),
                       "average level of the recording (RMS; a full-scale sine is -3 dBFS)", -21.0)
PEAK_DBFS = MIC.declare("peak_dbfs", (int, float), "dBFS", N_("Peak level"), "loudest sample", -6.0)
NOISE_FLOOR_DBFS = MIC.declare("noise_floor_dbfs", (int, float), "dBFS", N_("Background noise"),
                               "level of the quietest 10 % of 50 ms blocks (room and microphone noise)", -58.0)
SPEECH_LEVEL_DBFS = MIC.declare("speech_level_dbfs", (int, float), "dBFS", N_("Speech level"), "level of the loudest 10 % of 50 ms blocks", -21.0)
SPEECH_TO_NOISE_DB = MIC.declare("speech_to_noise_db", (int, float), "dB", N_("Speech above noise"),
                                 "speech level minus noise floor (meaningful when the user spoke)", 37.0)
CLIPPED_PERCENT = MIC.declare("clipped_percent", (int, float), "%", N_("Clipped samples"), "samples at digital full scale", 0.0)
CLIPPING = MIC.declare("clipping", bool, "", N_("Clipping"), "the input is overdriven (>= 0.1 % of samples at full scale)", False)
SILENT = MIC.declare("silent", bool, "", N_("Silent"), "only digital silence or a few bits of noise: muted or dead microphone", False)
DEVICE = MIC.declare("device", str, "", N_("Microphone"), "the input recorded", "Jabra EVOLVE 20 MS")
SAMPLERATE_HZ = MIC.declare("samplerate_hz", (int, float), "Hz", N_("Sample rate"), "sample rate of the recording", 48000)
SECONDS = MIC.declare("seconds", (int, float), "s", N_("Recording length"), "length of the recording", 3.0)
# rigcheck's own bands for the plain reading of the noise floor (the profile key audio.max_room_noise_dbfs
# sets the employer's limit): at or below -55 dBFS a closed quiet room, up to -45 some noise (a fan,
# voices next door), above that a caller hears the room.
ROOM_NOISE_BANDS_DBFS: tuple[tuple[str, float], ...] = (("quiet", -55.0), ("some_noise", -45.0))
ROOM_NOISE = MIC.declare("room_noise", str, "", N_("Room"),
                         "the noise floor read plainly: quiet, some_noise or noisy (bands at -55 and -45 dBFS); "
                         "None for a silent (muted) microphone", "quiet")
# The reading in the applicant's words (translated where it is shown).
ROOM_NOISE_WORDS = {"quiet": N_("quiet"), "some_noise": N_("some noise"), "noisy": N_("too noisy for calls")}
