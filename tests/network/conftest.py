"""Fixtures for the network lab (tests/network/lab.py). Lab tests skip with a reason without root."""

from __future__ import annotations

import pytest

from .lab import Lab, missing_librespeed, missing_requirements


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
        # LibreSpeed's own backend, as employers deploy it: PHP's built-in server and Apache + mod_php.
        lab.librespeed_urls = {}
        lab.librespeed_missing = {}
        for kind, start in (("php", lab.start_librespeed_php), ("apache", lab.start_librespeed_apache)):
            reason = missing_librespeed(kind)
            if reason:
                lab.librespeed_missing[kind] = reason
            else:
                lab.librespeed_urls[kind] = start()
        yield lab


@pytest.fixture
def lab(lab_servers):
    """The session lab, with every impairment removed before and after the test."""
    lab_servers.reset_impairments()
    yield lab_servers
    lab_servers.reset_impairments()


@pytest.fixture(params=["php", "apache"])
def real_librespeed(request, lab):
    """The URL of LibreSpeed's own backend in the lab, under php -S and under Apache with mod_php."""
    kind = request.param
    if kind not in lab.librespeed_urls:
        pytest.skip(lab.librespeed_missing[kind])
    return lab.librespeed_urls[kind]
