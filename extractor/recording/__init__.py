"""Recordings: capture a page once with everything it fetched, replay it offline, test against it."""

from extractor.errors import RecordingError
from extractor.recording.check import Outcome, Verdict, check_recordings
from extractor.recording.folder import Recording, find_recordings, folder_name, open_recording, open_source
from extractor.recording.record import record
from extractor.recording.replay import replay_dom, replay_offline, replay_render

__all__ = [
    "Outcome",
    "Recording",
    "RecordingError",
    "Verdict",
    "check_recordings",
    "find_recordings",
    "folder_name",
    "open_recording",
    "open_source",
    "record",
    "replay_dom",
    "replay_offline",
    "replay_render",
]
