"""Recordings: capture a page once with everything it fetched, replay it offline, test against it."""

from extractor.errors import RecordingError
from extractor.recording.folder import Recording, find_recordings, folder_name, open_recording
from extractor.recording.record import record
from extractor.recording.replay import replay_dom, replay_render

__all__ = [
    "Recording",
    "RecordingError",
    "find_recordings",
    "folder_name",
    "open_recording",
    "record",
    "replay_dom",
    "replay_render",
]
