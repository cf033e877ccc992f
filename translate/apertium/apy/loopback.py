"""Start Apertium-APY listening on 127.0.0.1 only.

APY 0.11.7 binds every interface and has no flag to change that, so this launcher
patches Tornado's bind to force the loopback address before calling APY's main.
Run it with Debian's /usr/bin/python3 (which has tornado and apertium_apy):

    /usr/bin/python3 loopback.py -p PORT /usr/share/apertium
"""
import sys

import tornado.tcpserver

_bind = tornado.tcpserver.TCPServer.bind


def _loopback_bind(self, port, address=None, *args, **kwargs):
    return _bind(self, port, "127.0.0.1", *args, **kwargs)


tornado.tcpserver.TCPServer.bind = _loopback_bind

from apertium_apy.apy import main  # noqa: E402  (after the patch on purpose)

sys.argv[0] = "apertium-apy"
main()
