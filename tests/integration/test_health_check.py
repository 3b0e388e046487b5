# `eddy --address-file` and `eddy --health-check`, the container image's
# HEALTHCHECK, with the real binary: the check must pass while eddy serves
# and fail before it starts and after it stops.

import subprocess


def health_check(eddy_bin, *args):
    return subprocess.run([eddy_bin, '--health-check', *args], capture_output=True, text=True, timeout=30)


def test_health_check_follows_the_address_file(tmp_path, eddy_bin, start_server):
    address_file = tmp_path / 'eddy.address'
    before = health_check(eddy_bin, '--address-file', str(address_file))
    assert before.returncode == 1
    assert 'no address in' in before.stderr

    server = start_server(str(tmp_path / 'data'), '--address-file', str(address_file))
    assert address_file.read_text() == server.endpoint + '\n'
    # The flags would point elsewhere (port 1); the file says where eddy is.
    ok = health_check(eddy_bin, '--address-file', str(address_file), '--port', '1')
    assert ok.returncode == 0, ok.stderr

    assert server.stop() == 0
    assert not address_file.exists()
    after = health_check(eddy_bin, '--address-file', str(address_file))
    assert after.returncode == 1


def test_health_check_without_a_file_uses_the_flags(tmp_path, eddy_bin, start_server):
    server = start_server(str(tmp_path / 'data'))
    port = server.endpoint.rsplit(':', 1)[1]
    assert health_check(eddy_bin, '-port', port).returncode == 0
    refused = health_check(eddy_bin, '-port', '1')
    assert refused.returncode == 1
    assert 'unhealthy: connect 127.0.0.1:1' in refused.stderr
    # Docker reserves exit code 2 for health checks: bad flags give 1 here.
    assert health_check(eddy_bin, '--no-such-flag').returncode == 1
