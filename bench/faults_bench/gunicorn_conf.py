"""gunicorn hooks for the fault suite: a worker killed for hanging past --timeout first
writes where every thread of it stood, into gunicorn's log (a hang is a finding)."""

import faulthandler
import sys


def worker_abort(worker):
    faulthandler.dump_traceback(file=sys.stderr, all_threads=True)
