"""Runs a command on a new pseudo-terminal and plays a script against it.

argv[1] is JSON: {"argv": [...], "env": {...}, "size": [rows, cols], "steps": [...], "timeout": seconds}
Steps: ["expect", text] waits for text in the output after the last match; ["send", text] types it;
["resize", rows, cols] changes the window size (the kernel sends SIGWINCH); ["sleep", seconds].
Prints JSON: {"before": stty -a, "after": stty -a, "output": text, "code": exit status, "error": null or why it stopped}.
"""
import fcntl, json, os, select, struct, subprocess, sys, termios, time

spec = json.loads(sys.argv[1])
deadline = time.monotonic() + spec.get("timeout", 60)
master, slave = os.openpty()


def set_size(rows, cols):
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def stty():
    return subprocess.run(["stty", "-a"], stdin=slave, capture_output=True, text=True).stdout


def child_setup():
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


set_size(*spec["size"])
before = stty()
env = dict(os.environ, **spec.get("env", {}))
proc = subprocess.Popen(spec["argv"], stdin=slave, stdout=slave, stderr=slave, env=env, preexec_fn=child_setup, close_fds=True)
output = b""
seen = 0
error = None


def pump(wait):
    global output
    ready, _, _ = select.select([master], [], [], wait)
    if ready:
        try:
            data = os.read(master, 65536)
        except OSError:
            return False
        output += data
        return bool(data)
    return True


try:
    for step in spec["steps"]:
        kind = step[0]
        if kind == "expect":
            needle = step[1].encode()
            while output.find(needle, seen) < 0:
                if time.monotonic() > deadline:
                    raise TimeoutError("timed out waiting for %r" % step[1])
                if not pump(0.1) and proc.poll() is not None:
                    raise EOFError("the command exited with status %s before %r appeared" % (proc.returncode, step[1]))
            seen = output.find(needle, seen) + len(needle)
        elif kind == "send":
            os.write(master, step[1].encode())
        elif kind == "resize":
            set_size(step[1], step[2])
        elif kind == "sleep":
            end = time.monotonic() + step[1]
            while time.monotonic() < end:
                pump(0.05)
    while proc.poll() is None:
        if time.monotonic() > deadline:
            raise TimeoutError("the command did not exit")
        pump(0.1)
    while pump(0.2) and select.select([master], [], [], 0)[0]:
        pass
except Exception as e:  # report, do not hang the test
    error = str(e)
    proc.kill()
    proc.wait()

after = stty()
print(json.dumps({"before": before, "after": after, "output": output.decode("utf-8", "replace"), "code": proc.returncode, "error": error}))
