"""Facts of the `cpu` probe."""

from rigcheck.facts._declare import ProbeFacts
from rigcheck.i18n import N_

CPU = ProbeFacts("cpu", N_("Processor"))

MODEL = CPU.declare("model", str, "", N_("Processor model"), "Processor model name", "Intel(R) Core(TM) i5-1135G7 @ 2.40GHz")
PHYSICAL_CORES = CPU.declare("physical_cores", int, "cores", N_("Physical cores"), "Physical cores", 4)
LOGICAL_CORES = CPU.declare("logical_cores", int, "threads", N_("Logical processors"), "Logical processors (hardware threads)", 8)
MAX_GHZ = CPU.declare("max_ghz", (int, float), "GHz", N_("Maximum clock"), "Maximum (rated) clock; None when the OS does not tell", 4.2)
LOAD_PERCENT = CPU.declare("load_percent", (int, float), "%", N_("Processor load"), "CPU load over a short sample", 12.0)
