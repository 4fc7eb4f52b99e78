"""Names vulture cannot see used: called by a framework, the C side of ctypes or the standard library.

vulture reads this file beside src/ ([tool.vulture] in pyproject.toml): a name written here counts as
used. Each group says who uses it. Textual's `on_*`, `action_*`, `watch_*` and `compose` are matched by
pattern in pyproject.toml instead. Code that only tests or benchmarks use is not whitelisted: it lives
under tests/ or bench/.
"""

from vulture.whitelist_utils import Whitelist

# Textual reads these class variables and attributes, and calls these methods, by name.
textual = Whitelist()
textual.CSS_PATH
textual.TITLE
textual.SUB_TITLE
textual.BINDINGS
textual.sub_title
textual.can_focus
textual.disabled
textual.display
textual.highlighted
textual.can_replace  # Message.can_replace: a newer progress message replaces the queued one
textual.check_action  # Screen.check_action: whether a binding is shown and active
textual.filter_paths  # DirectoryTree.filter_paths
textual.get_system_commands  # App.get_system_commands: the command palette's entries

# ctypes structures: the Win32 call reads the size fields the caller sets.
ctypes_fields = Whitelist()
ctypes_fields.cb
ctypes_fields.dmSize

# urllib.request dispatches to <scheme>_open by name; io calls writable() on text streams; argparse's hooks.
stdlib = Whitelist()
stdlib.http_open
stdlib.https_open
stdlib.writable
stdlib._check_value  # argparse calls it on each value with choices (rigcheck.cli.RigcheckParser says "did you mean")
stdlib._fill_text  # argparse's HelpFormatter wraps descriptions with it (rigcheck.cli._HelpFormatter)

# Dataclass fields read through dataclasses.asdict (MicMeasurement.to_facts: each becomes a fact).
asdict_fields = Whitelist()
asdict_fields.noise_floor_dbfs
asdict_fields.speech_level_dbfs
asdict_fields.speech_to_noise_db
asdict_fields.clipped_percent
asdict_fields.clipping

# The fact declarations' own interface: declare() is called by the declaration modules (not searched, see
# [tool.vulture]); accepts() and keys are the contract the declaration tests and probe contract tests check.
declarations = Whitelist()
declarations.declare
declarations.accepts
declarations.keys

# ITU-T G.107 Table 2 is kept whole beside the E-model, including the defaults its simplified form never reads.
emodel_table = Whitelist()
emodel_table.DR

# The registry reader the Windows collectors' tests hand them in place of the real registry.
winreg_tests = Whitelist()
winreg_tests.reader_from_mapping
# Win32 structures: Windows reads the size field the caller sets (OSVERSIONINFOEXW for RtlGetVersion).
win32_structures = Whitelist()
win32_structures.dwOSVersionInfoSize
win32_structures.cbSize
win32_structures._fields_  # set after the class for self-referencing structures (a Next pointer)

# http.client.HTTPConnection.connect() calls its _create_connection hook to make the socket; the backup link's
# connections set it to one bound to the backup interface (netmeasure/backend.make_connection).
http_client_hook = Whitelist()
http_client_hook._create_connection
