"""ITU-T G.107 E-model: transmission rating R and the MOS estimate derived from it.

R = Ro - Is - Id - Ie_eff + A   (G.107 (06/2015) equation 3-1)

All planning parameters keep the G.107 default values (Table 2) except the ones a network test
can observe: the mean one-way delay T, the absolute one-way delay Ta, the round-trip delay Tr of the
listener echo path, the packet-loss probability Ppl and the burst ratio BurstR.

How a measurement becomes E-model inputs (documented assumptions, G.711 voice):
- one-way network delay = round trip / 2 (the voice path is assumed symmetric);
- Ta = T = one-way network delay + 20 ms packetisation (one 20 ms frame, the 50 packets/s the
  voice stream imitates) + a jitter buffer of 2 x jitter (a common adaptive-buffer sizing);
- Tr = 2 x T (listener echo travels the loop twice);
- codec G.711 with packet-loss concealment: Ie = 0 and Bpl = 25.1 (ITU-T G.113 Appendix I);
- BurstR from the observed loss pattern (1 = random loss, > 1 = bursty), see voice_stats.burst_ratio.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# G.107 Table 2 default values.
SLR = 8.0  # send loudness rating, dB
RLR = 2.0  # receive loudness rating, dB
STMR = 15.0  # sidetone masking rating, dB
LSTR = 18.0  # listener sidetone rating, dB
DS = 3.0  # D-value of telephone, send side
DR = 3.0  # D-value of telephone, receive side
TELR = 65.0  # talker echo loudness rating, dB
WEPL = 110.0  # weighted echo path loss, dB
QDU = 1.0  # number of quantization distortion units
NC = -70.0  # circuit noise referred to the 0 dBr point, dBm0p
NFOR = -64.0  # noise floor at the receive side, dBmp
PS = 35.0  # room noise at the send side, dB(A)
PR = 35.0  # room noise at the receive side, dB(A)
A = 0.0  # advantage factor (wired, no advantage)
MT = 100.0  # minimum perceivable delay Ta, ms (G.107 2011+ parameter mT)
ST = 1.0  # delay sensitivity (G.107 2011+ parameter sT)

# Codec assumptions (G.113 Appendix I): G.711 with packet loss concealment.
G711_IE = 0.0
G711_PLC_BPL = 25.1

PACKETIZATION_MS = 20.0
JITTER_BUFFER_FACTOR = 2.0


def _lg(value: float) -> float:
    return math.log10(value)


@dataclass(frozen=True)
class EModelInput:
    """E-model inputs that vary; every other parameter keeps its G.107 default."""

    mean_one_way_delay_ms: float = 0.0  # T
    absolute_delay_ms: float = 0.0  # Ta
    round_trip_echo_delay_ms: float = 0.0  # Tr
    packet_loss_percent: float = 0.0  # Ppl
    burst_ratio: float = 1.0  # BurstR
    ie: float = G711_IE
    bpl: float = G711_PLC_BPL


def _noise_and_ro() -> tuple[float, float]:
    olr = SLR + RLR
    nos = PS - SLR - DS - 100 + 0.004 * (PS - olr - DS - 14) ** 2
    pre = PR + 10 * _lg(1 + 10 ** ((10 - LSTR) / 10))
    nor = RLR - 121 + pre + 0.008 * (pre - 35) ** 2
    nfo = NFOR + RLR
    no = 10 * _lg(10 ** (NC / 10) + 10 ** (nos / 10) + 10 ** (nor / 10) + 10 ** (nfo / 10))
    ro = 15 - 1.5 * (SLR + no)
    return no, ro


def _simultaneous_impairment(no: float, ro: float, t: float) -> float:
    olr = SLR + RLR
    xolr = olr + 0.2 * (64 + no - RLR)
    iolr = 20 * ((1 + (xolr / 8) ** 8) ** (1 / 8) - xolr / 8)
    stmro = -10 * _lg(10 ** (-STMR / 10) + math.exp(-t / 4) * 10 ** (-TELR / 10))
    ist = (
        12 * (1 + ((stmro - 13) / 6) ** 8) ** (1 / 8)
        - 28 * (1 + ((stmro + 1) / 19.4) ** 35) ** (1 / 35)
        - 13 * (1 + ((stmro - 3) / 33) ** 13) ** (1 / 13)
        + 29
    )
    q = 37 - 15 * _lg(QDU)
    g = 1.07 + 0.258 * q + 0.0602 * q**2
    y = (ro - 100) / 15 + 46 / 8.4 - g / 9
    z = 46 / 30 - g / 40
    iq = 15 * _lg(1 + 10**y + 10**z)
    return iolr + ist + iq


def _delay_impairment(no: float, ro: float, t: float, ta: float, tr: float) -> float:
    # Talker echo (Idte). STMR = 15 by default, so the STMR < 9 and > 20 corrections do not apply.
    terv = TELR - 40 * _lg((1 + t / 10) / (1 + t / 150)) + 6 * math.exp(-0.3 * t**2)
    roe = -1.5 * (no - RLR)
    re = 80 + 2.5 * (terv - 14)
    idte = ((roe - re) / 2 + math.sqrt((roe - re) ** 2 / 4 + 100) - 1) * (1 - math.exp(-t))
    # Listener echo (Idle).
    rle = 10.5 * (WEPL + 7) * (tr + 1) ** -0.25
    idle = (ro - rle) / 2 + math.sqrt((ro - rle) ** 2 / 4 + 169)
    # Pure delay (Idd).
    if ta <= MT:
        idd = 0.0
    else:
        x = _lg(ta / MT) / _lg(2)
        k = 6 * ST
        idd = 25 * ((1 + x**k) ** (1 / k) - 3 * (1 + (x / 3) ** k) ** (1 / k) + 2)
    return idte + idle + idd


def effective_equipment_impairment(ie: float, ppl: float, bpl: float, burst_ratio: float) -> float:
    """Ie-eff = Ie + (95 - Ie) * Ppl / (Ppl / BurstR + Bpl)   (G.107 equation 7-29)."""
    burst_ratio = max(burst_ratio, 1e-9)
    return ie + (95 - ie) * ppl / (ppl / burst_ratio + bpl)


def r_factor(inputs: EModelInput) -> float:
    """Transmission rating R for the given inputs (G.107 defaults elsewhere)."""
    no, ro = _noise_and_ro()
    t = max(inputs.mean_one_way_delay_ms, 0.0)
    ta = max(inputs.absolute_delay_ms, 0.0)
    tr = max(inputs.round_trip_echo_delay_ms, 0.0)
    is_ = _simultaneous_impairment(no, ro, t)
    id_ = _delay_impairment(no, ro, t, ta, tr)
    ie_eff = effective_equipment_impairment(
        inputs.ie, max(inputs.packet_loss_percent, 0.0), inputs.bpl, inputs.burst_ratio
    )
    return ro - is_ - id_ - ie_eff + A


def mos_from_r(r: float) -> float:
    """G.107 Annex B: MOS_CQE from R (1 below R = 0, 4.5 above R = 100)."""
    if r < 0:
        return 1.0
    if r > 100:
        return 4.5
    return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6


def inputs_from_measurement(
    rtt_ms: float, jitter_ms: float, packet_loss_percent: float, burst_ratio: float = 1.0
) -> EModelInput:
    """Map a voice-path measurement to E-model inputs (the assumptions in the module docstring)."""
    one_way = rtt_ms / 2 + PACKETIZATION_MS + JITTER_BUFFER_FACTOR * jitter_ms
    return EModelInput(
        mean_one_way_delay_ms=one_way,
        absolute_delay_ms=one_way,
        round_trip_echo_delay_ms=2 * one_way,
        packet_loss_percent=packet_loss_percent,
        burst_ratio=burst_ratio,
    )


def mos_from_measurement(
    rtt_ms: float, jitter_ms: float, packet_loss_percent: float, burst_ratio: float = 1.0
) -> float:
    """Estimated MOS of a G.711 call over a path with this round trip, jitter and loss."""
    return mos_from_r(r_factor(inputs_from_measurement(rtt_ms, jitter_ms, packet_loss_percent, burst_ratio)))
