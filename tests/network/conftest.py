"""Fixtures for the network lab (tests/network/lab.py). Lab tests skip with a reason without root."""

from __future__ import annotations

import pytest

from .lab import Lab, missing_requirements


@pytest.fixture(scope="session")
def lab_servers():
    """One lab for the session: namespaces, the HTTP test server, coturn and an iperf3 server."""
    reason = missing_requirements()
    if reason:
        pytest.skip(reason)
    with Lab() as lab:
        lab.http_url = lab.start_http_server()
        lab.stun_address = lab.start_stun_server()
        lab.start_iperf_server()
        yield lab


@pytest.fixture
def lab(lab_servers):
    """The session lab, with every impairment removed before and after the test."""
    lab_servers.reset_impairments()
    yield lab_servers
    lab_servers.reset_impairments()
