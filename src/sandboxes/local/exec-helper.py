"""Vigil's exec helper: runs commands in one live sandbox, entering its namespaces once.

Started by the local sandbox adapter as host root, one per sandbox. It joins the sandbox's
ipc, uts, net, pid and mount namespaces and, last, its user namespace (bwrap nests the user
namespace, so entering it first would leave no right to enter the others), sets
no-new-privs, empties its capability bounding set and installs a seccomp filter, all once.
Each command is then one fork: the child puts itself in the sandbox's cgroups through
descriptors opened before any namespace was entered, starts a new session, becomes the
sandbox's uid (which leaves it no capability) and execs. The helper itself stays outside the
sandbox's cgroups and pid namespace: commands can neither see, signal nor trace it, and a
timeout that kills the cgroup does not kill it.

Protocol: one JSON object per line each way. Requests:
  {"op": "run", "id": 1, "argv": [...], "env": {...}, "cwd": "/work", "stdin": "<base64>",
   "limit": 1048576}
Replies: {"ready": true} once; per command {"id": 1, "started": <host pid>}, then
  {"id": 1, "exit": <code or null>, "signal": <number or null>, "stdout": "<base64>",
   "stderr": "<base64>", "truncated": false}
or {"id": 1, "error": "..."} when the command could not be started. EOF on stdin ends it.
"""

import base64
import ctypes
import json
import os
import selectors
import signal
import struct
import sys

libc = ctypes.CDLL(None, use_errno=True)

PR_SET_PDEATHSIG = 1
PR_SET_KEEPCAPS = 8
PR_CAPBSET_DROP = 24
PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_RAISE = 2
SECCOMP_MODE_FILTER = 2
CAP_NET_RAW = 13
LAST_CAP = 63


def fail(message):
    sys.stderr.write(f"exec helper: {message}\n")
    sys.exit(1)


def check(result, what):
    if result != 0:
        fail(f"{what} failed: {os.strerror(ctypes.get_errno())}")


# ---------- seccomp: a classic BPF program, assembled here (no libseccomp binding needed) ----------

SECCOMP_RET_KILL_PROCESS = 0x80000000
SECCOMP_RET_ERRNO = 0x00050000
SECCOMP_RET_ALLOW = 0x7FFF0000
AUDIT_ARCH_X86_64 = 0xC000003E
EPERM, ENOSYS = 1, 38
BPF_LD_W_ABS, BPF_JEQ_K, BPF_JGE_K, BPF_JSET_K, BPF_RET_K = 0x20, 0x15, 0x35, 0x45, 0x06

# x86_64 system calls no task needs and kernel exploits like; capabilities already stop most.
DENIED_X86_64 = {
    "syslog": 103, "uselib": 134, "pivot_root": 155, "acct": 163, "mount": 165, "umount2": 166,
    "swapon": 167, "swapoff": 168, "reboot": 169, "init_module": 175, "delete_module": 176,
    "quotactl": 179, "lookup_dcookie": 212, "kexec_load": 246, "add_key": 248,
    "request_key": 249, "keyctl": 250, "unshare": 272, "perf_event_open": 298,
    "name_to_handle_at": 303, "open_by_handle_at": 304, "setns": 308, "finit_module": 313,
    "kexec_file_load": 320, "bpf": 321, "userfaultfd": 323, "io_uring_setup": 425,
    "io_uring_enter": 426, "io_uring_register": 427, "open_tree": 428, "move_mount": 429,
    "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433, "mount_setattr": 442,
}
NR_IOCTL, NR_SOCKET, NR_CLONE, NR_CLONE3 = 16, 41, 56, 435
TIOCSTI, TIOCLINUX = 0x5412, 0x541C
AF_PACKET = 17
NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000


def seccomp_program(raw_sockets):
    """Instructions as (code, jt, jf, k) with symbolic jump targets, resolved below."""
    arg = lambda index: 16 + 8 * index  # low 32 bits of argument `index` (little endian)
    program = [
        (BPF_LD_W_ABS, 0, 0, 4),
        (BPF_JEQ_K, 1, 0, AUDIT_ARCH_X86_64),
        (BPF_RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS),
        (BPF_LD_W_ABS, 0, 0, 0),
        (BPF_JGE_K, "deny", 0, 0x40000000),  # the x32 ABI: another door to the same calls
    ]
    for number in sorted(DENIED_X86_64.values()):
        program.append((BPF_JEQ_K, "deny", 0, number))
    program += [
        (BPF_JEQ_K, "nosys", 0, NR_CLONE3),  # its flags are in memory: make libc fall back to clone
        (BPF_JEQ_K, "clone", 0, NR_CLONE),
        (BPF_JEQ_K, "ioctl", 0, NR_IOCTL),
        (BPF_JEQ_K, "socket", 0, NR_SOCKET),
        (BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW),
        ("clone",),
        (BPF_LD_W_ABS, 0, 0, arg(0)),
        (BPF_JSET_K, "deny", 0, NAMESPACE_FLAGS),
        (BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW),
        ("ioctl",),
        (BPF_LD_W_ABS, 0, 0, arg(1)),
        (BPF_JEQ_K, "deny", 0, TIOCSTI),
        (BPF_JEQ_K, "deny", 0, TIOCLINUX),
        (BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW),
        ("socket",),
        (BPF_LD_W_ABS, 0, 0, arg(0)),
        (BPF_JEQ_K, "allow" if raw_sockets else "deny", 0, AF_PACKET),
        ("allow",),
        (BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW),
        ("deny",),
        (BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | EPERM),
        ("nosys",),
        (BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | ENOSYS),
    ]
    labels, instructions = {}, []
    for entry in program:
        if len(entry) == 1:
            labels[entry[0]] = len(instructions)
        else:
            instructions.append(entry)

    def offset(target, index):
        if isinstance(target, int):
            return target
        distance = labels[target] - index - 1
        assert 0 <= distance < 256, target
        return distance

    return b"".join(
        struct.pack("HBBI", code, offset(jt, index), offset(jf, index), k)
        for index, (code, jt, jf, k) in enumerate(instructions)
    )


def install_seccomp(raw_sockets):
    machine = os.uname().machine  # not platform.machine(): importing platform costs ~6 ms
    if machine != "x86_64":
        fail(f"the seccomp filter is built for x86_64 only, not {machine}")
    program = seccomp_program(raw_sockets)
    filters = ctypes.create_string_buffer(program)
    fprog = struct.pack("HxxxxxxQ", len(program) // 8, ctypes.addressof(filters))
    fprog_buffer = ctypes.create_string_buffer(fprog)
    check(libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, fprog_buffer, 0, 0), "seccomp")


# ---------- capabilities for raw-socket sandboxes ----------

def keep_only_net_raw():
    """After setresuid with KEEPCAPS: CAP_NET_RAW effective, permitted, inheritable and ambient."""
    header = struct.pack("Ii", 0x20080522, 0)
    bit = 1 << CAP_NET_RAW
    data = struct.pack("IIIIII", bit, bit, bit, 0, 0, 0)
    check(libc.capset(ctypes.create_string_buffer(header), ctypes.create_string_buffer(data)), "capset")
    check(libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_RAW, 0, 0), "ambient CAP_NET_RAW")


# ---------- set-up ----------

config = json.loads(sys.argv[1])
uid = int(config["uid"])
raw_sockets = bool(config.get("rawSockets", False))
check(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "parent-death signal")
if os.getppid() == 1:
    sys.exit(1)  # the adapter is already gone

namespaces = ["ipc", "uts", "net", "pid", "mnt"]
# A raw-socket sandbox's commands stay in the host user namespace, the owner of the network
# namespace, so that CAP_NET_RAW means something there; they keep no other capability.
if not raw_sockets:
    namespaces.append("user")
target = int(config["pid"])
try:
    namespace_fds = [os.open(f"/proc/{target}/ns/{name}", os.O_RDONLY | os.O_CLOEXEC) for name in namespaces]
    cgroup_fds = [os.open(path, os.O_WRONLY | os.O_CLOEXEC) for path in config["procsFiles"]]
except OSError as error:
    fail(f"cannot open the sandbox's namespaces or cgroups: {error}")
os.setgroups([])
for name, fd in zip(namespaces, namespace_fds):
    check(libc.setns(fd, 0), f"entering the {name} namespace")
    os.close(fd)
check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no-new-privs")
for cap in range(LAST_CAP + 1):
    if cap != CAP_NET_RAW or not raw_sockets:
        libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)  # caps this kernel lacks fail harmlessly
install_seccomp(raw_sockets)


def child_main(argv, env, cwd, stdin_fd, stdout_fd, stderr_fd):
    """In the forked child: cgroups, session, uid, then exec. Never returns."""
    try:
        for fd in cgroup_fds:
            os.write(fd, b"0")  # "0" is the writer itself
            os.close(fd)
        os.dup2(stdin_fd, 0)
        os.dup2(stdout_fd, 1)
        os.dup2(stderr_fd, 2)
        # Python ignores these two; an ignored signal stays ignored across exec, and a shell
        # pipeline such as `yes | head -1` then fails with EPIPE instead of ending quietly.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
        os.setsid()
        if raw_sockets:
            check(libc.prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0), "keep-caps")
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
        if raw_sockets:
            keep_only_net_raw()
        os.chdir(cwd)
        os.execvpe(argv[0], argv, env)
    except BaseException as error:  # noqa: BLE001 - whatever went wrong, the child must not return
        try:
            message = f"{argv[0] if argv else '(empty command)'}: {getattr(error, 'strerror', None) or error}\n"
            os.write(2, message.encode())
        finally:
            os._exit(127)


# ---------- the command loop ----------

selector = selectors.DefaultSelector()
commands = {}
out = sys.stdout


def send(message):
    out.write(json.dumps(message) + "\n")
    out.flush()


class Command:
    def __init__(self, request):
        self.id = request["id"]
        self.limit = int(request.get("limit", 1 << 20))
        self.output = {1: bytearray(), 2: bytearray()}
        self.truncated = False
        self.open_streams = 2
        self.status = None
        self.pending_input = base64.b64decode(request.get("stdin", ""))
        stdin_read, self.stdin_write = os.pipe2(os.O_CLOEXEC)
        stdout_read, stdout_write = os.pipe2(os.O_CLOEXEC)
        stderr_read, stderr_write = os.pipe2(os.O_CLOEXEC)
        env = {str(key): str(value) for key, value in request.get("env", {}).items()}
        pid = os.fork()
        if pid == 0:
            child_main([str(part) for part in request["argv"]], env, request.get("cwd") or config["home"],
                       stdin_read, stdout_write, stderr_write)
        self.pid = pid
        for fd in (stdin_read, stdout_write, stderr_write):
            os.close(fd)
        self.pidfd = os.pidfd_open(pid)
        os.set_blocking(self.stdin_write, False)
        selector.register(stdout_read, selectors.EVENT_READ, (self, 1))
        selector.register(stderr_read, selectors.EVENT_READ, (self, 2))
        selector.register(self.pidfd, selectors.EVENT_READ, (self, "exit"))
        if self.pending_input:
            selector.register(self.stdin_write, selectors.EVENT_WRITE, (self, "stdin"))
        else:
            self.close_stdin()
        send({"id": self.id, "started": pid})

    def close_stdin(self):
        if self.stdin_write is not None:
            os.close(self.stdin_write)
            self.stdin_write = None

    def feed(self):
        try:
            written = os.write(self.stdin_write, self.pending_input[:65536])
            self.pending_input = self.pending_input[written:]
        except (BrokenPipeError, BlockingIOError) as error:
            if isinstance(error, BlockingIOError):
                return
            self.pending_input = b""
        if not self.pending_input:
            selector.unregister(self.stdin_write)
            self.close_stdin()

    def read(self, fd, stream):
        chunk = os.read(fd, 65536)
        if not chunk:
            selector.unregister(fd)
            os.close(fd)
            self.open_streams -= 1
        else:
            kept = self.output[stream]
            room = self.limit - len(kept)
            if len(chunk) > room:
                self.truncated = True
            if room > 0:
                kept.extend(chunk[:room])
        self.finish_if_done()

    def reap(self):
        selector.unregister(self.pidfd)
        os.close(self.pidfd)
        _, status = os.waitpid(self.pid, 0)
        self.status = status
        if self.stdin_write is not None:
            try:
                selector.unregister(self.stdin_write)
            except KeyError:
                pass
            self.close_stdin()
        self.finish_if_done()

    def finish_if_done(self):
        if self.status is None or self.open_streams > 0:
            return
        del commands[self.id]
        send({
            "id": self.id,
            "exit": os.WEXITSTATUS(self.status) if os.WIFEXITED(self.status) else None,
            "signal": os.WTERMSIG(self.status) if os.WIFSIGNALED(self.status) else None,
            "stdout": base64.b64encode(self.output[1]).decode(),
            "stderr": base64.b64encode(self.output[2]).decode(),
            "truncated": self.truncated,
        })


requests = sys.stdin.buffer
os.set_blocking(requests.fileno(), False)
selector.register(requests.fileno(), selectors.EVENT_READ, None)
buffered = b""
send({"ready": True})
while True:
    for key, _ in selector.select():
        if key.data is None:
            chunk = os.read(key.fd, 1 << 20)
            if not chunk:
                sys.exit(0)  # the adapter closed the sandbox or died
            buffered += chunk
            *lines, buffered = buffered.split(b"\n")
            for line in lines:
                if not line.strip():
                    continue
                request = json.loads(line)
                try:
                    commands[request["id"]] = Command(request)
                except OSError as error:
                    # fork into a pid namespace whose init has exited fails with ENOMEM
                    gone = error.errno == 12 and not os.path.exists(f"/proc/{target}")
                    send({"id": request.get("id"), "error": "the sandbox's processes are gone (its init was killed, e.g. by kill -9 -1): start a new episode" if gone else str(error)})
            continue
        command, what = key.data
        if what == "exit":
            command.reap()
        elif what == "stdin":
            command.feed()
        else:
            command.read(key.fd, what)
