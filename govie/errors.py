"""Every error govie raises on bad input, with messages that name the input."""
from __future__ import annotations


class GovieError(Exception):
    """Base class: a problem with the user's input, reported in one line."""


class InputError(GovieError, ValueError):
    """A file or text that cannot be read as a report."""


class DecodeError(InputError):
    """Bytes that decode as no supported Chinese encoding."""


class ModelError(GovieError):
    """A model directory that cannot be loaded."""


class AnnotationError(GovieError, ValueError):
    """Gold annotations that do not fit their text or the schema."""


class ConfigError(GovieError, ValueError):
    """A training or evaluation config with a missing or wrong value."""


E001 = "{path}: no such file"
E002 = "{path}: is a directory, expected a report file (.txt, .html, .pdf, .docx)"
E003 = "{path}: the file is empty"
E004 = "{path}: cannot decode as UTF-8, UTF-16, GB18030/GBK or Big5 ({detail})"
E005 = "{path}: looks like binary data, not a report ({detail})"
E006 = "{path}: unsupported file type {suffix!r}; allowed: {allowed}"
E007 = "{path}: reading {kind} needs the optional package {package!r}: pip install 'govie[{extra}]'"
E008 = "{path}: {kind} file is damaged or not a {kind} ({detail})"

# govie.model: model directories
M001 = "{path}: no such model directory"
M002 = "{path}: not a govie model directory: missing {missing}"
M003 = "{path}: holds pickle weights ({files}); govie loads only safetensors (model.safetensors) and never unpickles"
M004 = "{path}: labels in config.json are not BIO over govie labels ({allowed}): {detail}"
M005 = "{path}: cannot load the model: {detail}"
E009 = "{path}: the {kind} file has no text to read (a scanned image?); govie reads text layers only"
E010 = "{what}: expected {expected}, got {got!r}"

# govie.normalize.dates / relations, govie.tag.rules_date_rel
D001 = "{func}({value!r}): {name} expected {expected}, got {got}"
D002 = "DateRange({start}, {end}): {problem}"
D003 = "{func}: span ({start}, {end}) is outside the text of {length} characters"
