"""Vigil's exec helper: runs commands in one live sandbox, entering its namespaces once.

Started by the local sandbox adapter as host root, one per sandbox. It joins the sandbox's
ipc, uts, net, pid and mount namespaces and, last, its user namespace (bwrap nests the user
namespace, so entering it first would leave no right to enter the others), sets
no-new-privs, empties its capability bounding set and installs a seccomp filter, all once.

It then forks a zygote: a child that joins the sandbox's cgroups once, through descriptors
opened before any namespace was entered, and from then on only forks commands. A command is
so born inside the cgroups and never moved: on cgroup v1 a move after a pause waits ~10 ms
for an RCU grace period, which a command would otherwise pay every time. Each command starts
a new session, becomes the sandbox's uid (which leaves it no capability) and execs. The
zygote stays host uid 0, unmapped in the sandbox: commands see it as `nobody` and can neither
signal nor trace it. A timeout kills it with everything else in the cgroups; the helper then
starts another. The helper itself stays outside the sandbox's cgroups and pid namespace.

Helper and zygote talk over a SOCK_SEQPACKET socket pair: the helper sends each request with
the command's three pipe ends; the zygote answers "forking", then "started" with a pidfd of
the command, then its wait status once it has reaped it.

Protocol with the adapter: one JSON object per line each way. Requests:
  {"op": "run", "id": 1, "argv": [...], "env": {...}, "cwd": "/work", "stdin": "<base64>",
   "limit": 1048576}
EOF on stdin ends it, once it has killed and reaped its zygote.

With "attach": {"argv": [...], "env": {...}, "cwd": "..."} in its configuration it serves no
requests: it runs that one command on the terminal it inherited, confined the same way, and
exits with the command's status (`vigil sandbox shell`). Replies: {"ready": true} once;
per command {"id": 1, "started": <host pid>} (left out when the command was over before its
pid could be read), then
  {"id": 1, "exit": <code or null>, "signal": <number or null>, "stdout": "<base64>",
   "stderr": "<base64>", "truncated": false}
or {"id": 1, "error": "..."} when the command could not be started.
"""

import base64
import ctypes
import errno
import fcntl
import gc
import json
import os
import select
import selectors
import signal
import socket
import struct
import sys

libc = ctypes.CDLL(None, use_errno=True)

PR_SET_PDEATHSIG = 1
PR_SET_NAME = 15
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


def argument_region():
    """Where this process's argv strings lie in its memory, from /proc/self/stat (fields 48, 49)."""
    try:
        with open("/proc/self/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return int(fields[45]), int(fields[46])
    except (OSError, IndexError, ValueError):
        return None


namespaces = ["ipc", "uts", "net", "pid", "mnt"]
# A raw-socket sandbox's commands stay in the host user namespace, the owner of the network
# namespace, so that CAP_NET_RAW means something there; they keep no other capability.
if not raw_sockets:
    namespaces.append("user")
target = int(config["pid"])
# Everything that names the host is opened here, before any setns: afterwards paths resolve in
# the sandbox's file system (whose /proc does not even show this process).
try:
    namespace_fds = [os.open(f"/proc/{target}/ns/{name}", os.O_RDONLY | os.O_CLOEXEC) for name in namespaces]
    cgroup_fds = [os.open(path, os.O_WRONLY | os.O_CLOEXEC) for path in config["procsFiles"]]
    target_pidfd = os.pidfd_open(target)  # readable once the sandbox's init has exited
    fdinfo_directory = os.open("/proc/self/fdinfo", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    devnull = os.open("/dev/null", os.O_RDWR | os.O_CLOEXEC)
except OSError as error:
    fail(f"cannot open the sandbox's namespaces or cgroups: {error}")
arguments = argument_region()
os.setgroups([])
for name, fd in zip(namespaces, namespace_fds):
    check(libc.setns(fd, 0), f"entering the {name} namespace")
    os.close(fd)
check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no-new-privs")
for cap in range(LAST_CAP + 1):
    if cap != CAP_NET_RAW or not raw_sockets:
        libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)  # caps this kernel lacks fail harmlessly
install_seccomp(raw_sockets)


def exec_command(request, streams, join_cgroups):
    """In a forked child: (cgroups,) streams, session, uid, then exec. Never returns."""
    argv = [str(part) for part in request["argv"]]
    try:
        if join_cgroups:
            for fd in cgroup_fds:
                os.write(fd, b"0")  # "0" is the writer itself
                os.close(fd)
        env = {str(key): str(value) for key, value in request["env"].items()}
        stdin_fd, stdout_fd, stderr_fd = streams
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
        os.chdir(request["cwd"])
        os.execvpe(argv[0], argv, env)
    except BaseException as error:  # noqa: BLE001 - whatever went wrong, the child must not return
        try:
            message = f"{argv[0] if argv else '(empty command)'}: {getattr(error, 'strerror', None) or error}\n"
            os.write(2, message.encode())
        finally:
            os._exit(127)


# ---------- a person's terminal ----------

def attach_main(request):
    """Runs one command on the inherited terminal (`vigil sandbox shell`); exits with its status."""
    pid = os.fork()
    if pid == 0:
        exec_command(request, (0, 1, 2), join_cgroups=True)
    # The terminal's Ctrl-C reaches this process, not the command (a session of its own): the
    # helper stays to report the command's status.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except InterruptedError:
            continue
    code = os.waitstatus_to_exitcode(status)
    os._exit(code if code >= 0 else 128 - code)


if "attach" in config:
    attach_main(config["attach"])


# ---------- the zygote ----------

CHUNK = 65536  # request bytes per datagram; a request may take several
TITLE = b"vigil-exec"


def receive(channel, flags=0):
    """One datagram and the descriptors it carries (close-on-exec). socket.recv_fds would do,
    but Python 3.11's ignores its flags."""
    data, ancillary, _, _ = channel.recvmsg(CHUNK + 1, socket.CMSG_SPACE(3 * 4), flags | socket.MSG_CMSG_CLOEXEC)
    fds = []
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds += struct.unpack(f"{len(payload) // 4}i", payload[: len(payload) - len(payload) % 4])
    return data, fds


def send(channel, message, fds=()):
    payload = json.dumps(message).encode()
    if fds:
        socket.send_fds(channel, [payload], list(fds), socket.MSG_NOSIGNAL)
    else:
        channel.sendmsg([payload], [], socket.MSG_NOSIGNAL)


def close_all_but(keep):
    low = 3
    for fd in sorted(keep):
        if fd >= low:
            os.closerange(low, fd)
            low = fd + 1
    os.closerange(low, 0x7FFFFFFF)


def retitle():
    """What the sandbox's `ps` shows for the zygote: its name, not the helper's command line
    (which names host paths, the host pid of the sandbox and its cgroups)."""
    libc.prctl(PR_SET_NAME, ctypes.c_char_p(TITLE), 0, 0, 0)
    if arguments is None:
        return
    start, end = arguments
    if end - start > len(TITLE) + 1:
        ctypes.memset(start, 0, end - start)
        ctypes.memmove(start, TITLE, len(TITLE))
        # A last byte that is not NUL tells the kernel the title ends at the first NUL.
        ctypes.memset(end - 1, ord(" "), 1)


def zygote_main(channel):
    """In the forked zygote: joins the cgroups once, then forks each command. Never returns.
    It is already in the sandbox's namespaces, with the helper's seccomp filter, no-new-privs
    and empty bounding set, and stays host uid 0, unmapped in the sandbox."""
    try:
        check(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "parent-death signal")
        if os.getppid() != 0:  # the helper lives outside this pid namespace: 0 while it lives
            os._exit(0)
        os.setsid()  # out of the adapter's process group and terminal
        # Copies of other commands' pipes would hold them open: only these stay.
        close_all_but({channel.fileno(), devnull, *cgroup_fds})
        for fd in cgroup_fds:
            os.write(fd, b"0")  # the one move; every command is born in these cgroups
            os.close(fd)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)  # received descriptors are then never 0, 1 or 2
        os.close(devnull)
        gc.disable()  # a collection would touch (and so copy into the cgroup) the helper's heap
        retitle()
        send(channel, {"ready": True})
        serve(channel)
    except BaseException as error:  # noqa: BLE001 - the zygote must never return into the helper
        try:
            send(channel, {"failed": str(getattr(error, "strerror", None) or error)})
        finally:
            os._exit(1)


def serve(channel):
    poller = select.poll()
    poller.register(channel, select.POLLIN)
    children = {}  # pidfd -> (request id, pid)
    partial, streams = b"", []
    while True:
        for fd, _ in poller.poll():
            if fd in children:
                ident, pid = children.pop(fd)
                poller.unregister(fd)
                os.close(fd)
                _, status = os.waitpid(pid, 0)
                send(channel, {"id": ident, "status": status})
                continue
            data, fds = receive(channel)
            if not data:
                os._exit(0)  # the helper is gone
            partial += data[1:]
            streams += fds
            if data[:1] == b"+":
                continue
            request, given = json.loads(partial), streams
            partial, streams = b"", []
            # Said before the fork: if the zygote dies after this, the command may be running,
            # and the helper must not start it again.
            send(channel, {"id": request["id"], "forking": True})
            try:
                pid = os.fork()
            except OSError as error:
                send(channel, {"id": request["id"], "error": error.strerror, "errno": error.errno})
                pid = None
            if pid == 0:
                exec_command(request, given, join_cgroups=False)
            for given_fd in given:
                os.close(given_fd)
            if pid is not None:
                pidfd = os.pidfd_open(pid)
                send(channel, {"id": request["id"], "started": True}, [pidfd])
                children[pidfd] = (request["id"], pid)
                poller.register(pidfd, select.POLLIN)


# ---------- the helper's side ----------

GONE = "the sandbox's processes are gone (its init was killed, e.g. by kill -9 -1): start a new episode"
MAX_ATTEMPTS = 3  # zygotes a request may be sent to (one killed under it is replaced)
PIDFD_GET_INFO = (3 << 30) | (64 << 16) | (0xFF << 8) | 11  # _IOWR(0xFF, 11, 64-byte pidfd_info)
PIDFD_INFO_EXIT = 0x8

selector = selectors.DefaultSelector()
commands = {}
zygote = None  # the one new requests go to; a dying one stays registered until reaped
zygotes = set()  # every zygote not yet reaped
sandbox_gone = False
awaiting_exit = set()  # orphaned commands that exited but whose status is not yet known
out = sys.stdout


def reply(message):
    out.write(json.dumps(message) + "\n")
    out.flush()


def host_pid(pidfd):
    """The host pid behind a pidfd (from this process's host /proc), or -1 once reaped."""
    fd = os.open(str(pidfd), os.O_RDONLY | os.O_CLOEXEC, dir_fd=fdinfo_directory)
    try:
        text = os.read(fd, 4096).decode()
    finally:
        os.close(fd)
    for line in text.splitlines():
        if line.startswith("Pid:"):
            return int(line.split()[1])
    return -1


def exit_status(pidfd):
    """The wait status of a reaped process that is not our child, from its pidfd (Linux ≥ 6.15);
    None while it is not reaped yet. Raises OSError where the kernel cannot tell."""
    info = bytearray(struct.pack("Q", PIDFD_INFO_EXIT) + bytes(56))
    fcntl.ioctl(pidfd, PIDFD_GET_INFO, info)
    mask, = struct.unpack_from("Q", info, 0)
    return struct.unpack_from("i", info, 60)[0] if mask & PIDFD_INFO_EXIT else None


class Zygote:
    def __init__(self):
        helper_end, zygote_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            pid = os.fork()
        except OSError:
            helper_end.close()
            zygote_end.close()
            raise
        if pid == 0:
            helper_end.close()
            zygote_main(zygote_end)
        zygote_end.close()
        self.pid = pid
        self.pidfd = os.pidfd_open(pid)
        self.channel = helper_end
        self.ready = False
        self.failure = None
        zygotes.add(self)
        self.waiting = {}  # sent, not yet taken: safe to send to another zygote
        self.forking = {}  # taken: may be running, so never sent again
        self.running = {}  # started: its status is to come
        selector.register(self.channel, selectors.EVENT_READ, (self, "message"))
        selector.register(self.pidfd, selectors.EVENT_READ, (self, "death"))

    def submit(self, command):
        self.waiting[command.id] = command
        payload = command.payload
        for offset in range(0, max(len(payload), 1), CHUNK):
            marker = b"." if offset + CHUNK >= len(payload) else b"+"
            fds = command.child_ends if offset == 0 else []
            if not self.transmit([marker, payload[offset : offset + CHUNK]], fds):
                # It is dying: the request goes to the next one once this one is reaped.
                self.stop_taking()
                return

    def transmit(self, parts, fds):
        """Sends one datagram. Never blocks on a zygote that is itself waiting for this process
        to read its replies: while its socket is full, what it sent is read first."""
        while self.channel is not None:
            try:
                self.channel.sendmsg(parts, [(socket.SOL_SOCKET, socket.SCM_RIGHTS, struct.pack(f"{len(fds)}i", *fds))] if fds else [], socket.MSG_DONTWAIT | socket.MSG_NOSIGNAL)
                return True
            except BlockingIOError:
                self.on_message()
                if self.channel is not None:
                    select.select([self.channel], [self.channel], [])
            except OSError:
                return False
        return False

    def stop_taking(self):
        global zygote
        if zygote is self:
            zygote = None

    def on_message(self):
        """Everything the zygote has sent so far."""
        while self.channel is not None:
            try:
                data, fds = receive(self.channel, socket.MSG_DONTWAIT)
            except BlockingIOError:
                return
            except OSError:
                data, fds = b"", []
            if not data:
                selector.unregister(self.channel)
                self.channel.close()
                self.channel = None
                self.stop_taking()
                return
            self.handle(json.loads(data), fds)

    def handle(self, message, fds):
        ident = message.get("id")
        if "ready" in message:
            self.ready = True
        elif "failed" in message:
            self.failure = message["failed"]
        elif "forking" in message and ident in self.waiting:
            self.forking[ident] = self.waiting.pop(ident)
        elif "started" in message and ident in self.forking and fds:
            command = self.running[ident] = self.forking.pop(ident)
            command.launched(fds.pop(0))
        elif "error" in message and ident in self.forking:
            self.forking.pop(ident).refused(message["errno"], message["error"])
        elif "status" in message and ident in self.running:
            self.running.pop(ident).finished(message["status"])
        for fd in fds:
            os.close(fd)

    def on_death(self):
        self.on_message()  # statuses it sent before it died come first
        selector.unregister(self.pidfd)
        os.close(self.pidfd)
        os.waitpid(self.pid, 0)
        zygotes.discard(self)
        self.stop_taking()
        for command in self.running.values():
            command.orphaned()
        for command in self.forking.values():
            command.lost()
        if self.ready and zygote is None and not sandbox_gone:
            start_zygote()  # the next command should not wait for the move
        for command in self.waiting.values():
            if self.failure is not None:
                command.fail(f"the sandbox's command launcher could not start: {self.failure}")
            else:
                submit(command)


def start_zygote():
    """A new zygote, or the reason there can be none."""
    global zygote
    try:
        zygote = Zygote()
        return None
    except OSError as error:
        # The kernel refuses new processes in a pid namespace whose init has exited with ENOMEM.
        return GONE if error.errno == errno.ENOMEM else f"cannot start the command launcher: {error}"


def submit(command):
    command.attempts += 1
    if sandbox_gone:
        command.fail(GONE)
        return
    if command.attempts > MAX_ATTEMPTS:
        command.fail("the sandbox's command launcher was killed each time it was about to start the command")
        return
    if zygote is None:
        problem = start_zygote()
        if problem is not None:
            command.fail(problem)
            return
    zygote.submit(command)


class Command:
    def __init__(self, request):
        self.id = request["id"]
        self.limit = int(request.get("limit", 1 << 20))
        self.fields = {
            "id": self.id,
            "argv": request["argv"],
            "env": request.get("env", {}),
            "cwd": request.get("cwd") or config["home"],
        }
        self.payload = json.dumps(self.fields).encode()
        self.output = {1: bytearray(), 2: bytearray()}
        self.truncated = False
        self.open_streams = 2
        self.status = None
        self.pidfd = None
        self.child_pid = None  # set when this helper forked the command itself
        self.attempts = 0
        self.pending_input = base64.b64decode(request.get("stdin", ""))
        stdin_read, self.stdin_write = os.pipe2(os.O_CLOEXEC)
        stdout_read, stdout_write = os.pipe2(os.O_CLOEXEC)
        stderr_read, stderr_write = os.pipe2(os.O_CLOEXEC)
        # Kept until the command has started, so that a request can go to another zygote.
        self.child_ends = [stdin_read, stdout_write, stderr_write]
        self.reading = [stdout_read, stderr_read]
        os.set_blocking(self.stdin_write, False)
        selector.register(stdout_read, selectors.EVENT_READ, (self, 1))
        selector.register(stderr_read, selectors.EVENT_READ, (self, 2))
        if self.pending_input:
            selector.register(self.stdin_write, selectors.EVENT_WRITE, (self, "stdin"))
        else:
            self.close_stdin()

    def close_child_ends(self):
        for fd in self.child_ends:
            os.close(fd)
        self.child_ends = []

    def launched(self, pidfd):
        self.close_child_ends()
        self.pidfd = pidfd
        pid = host_pid(pidfd)
        if pid > 0:  # else it is over already, and so is the need to kill it
            reply({"id": self.id, "started": pid})

    def refused(self, code, message):
        """The zygote could not fork it: at the pids limit (EAGAIN), a fork inside the cgroups
        fails where a move into them does not, so the command starts the old way."""
        if code in (errno.EAGAIN, errno.ENOMEM):
            self.start_directly()
        else:
            self.fail(message)

    def start_directly(self):
        try:
            pid = os.fork()
        except OSError as error:
            self.fail(GONE if error.errno == errno.ENOMEM else str(error))
            return
        if pid == 0:
            exec_command(self.fields, self.child_ends, join_cgroups=True)
        self.child_pid = pid
        self.close_child_ends()
        self.pidfd = os.pidfd_open(pid)
        selector.register(self.pidfd, selectors.EVENT_READ, (self, "exit"))
        reply({"id": self.id, "started": pid})

    def orphaned(self):
        """Its zygote died before reporting its status: watch it from here."""
        selector.register(self.pidfd, selectors.EVENT_READ, (self, "exit"))

    def lost(self):
        """Its zygote died between saying it would fork it and reporting it: it may have run,
        so it is not started again; its output is still collected."""
        self.close_child_ends()
        self.finished(signal.SIGKILL)

    def exited(self):
        selector.unregister(self.pidfd)
        if self.child_pid is not None:
            self.finished(os.waitpid(self.child_pid, 0)[1])
        else:
            self.deadline = time_now() + 2.0
            awaiting_exit.add(self)
            self.check_exit()

    def check_exit(self):
        """An orphan's status, once whoever inherited it has reaped it."""
        try:
            status = exit_status(self.pidfd)
        except OSError:
            status = signal.SIGKILL  # the kernel cannot tell; a zygote dies by being killed
        if status is None and time_now() < self.deadline:
            return
        awaiting_exit.discard(self)
        self.finished(signal.SIGKILL if status is None else status)

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
            self.reading.remove(fd)
            self.open_streams -= 1
        else:
            kept = self.output[stream]
            room = self.limit - len(kept)
            if len(chunk) > room:
                self.truncated = True
            if room > 0:
                kept.extend(chunk[:room])
        self.finish_if_done()

    def finished(self, status):
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
        self.release()
        reply({
            "id": self.id,
            "exit": os.WEXITSTATUS(self.status) if os.WIFEXITED(self.status) else None,
            "signal": os.WTERMSIG(self.status) if os.WIFSIGNALED(self.status) else None,
            "stdout": base64.b64encode(self.output[1]).decode(),
            "stderr": base64.b64encode(self.output[2]).decode(),
            "truncated": self.truncated,
        })

    def fail(self, message):
        self.release()
        reply({"id": self.id, "error": message})

    def release(self):
        commands.pop(self.id, None)
        self.close_child_ends()
        for fd in self.reading:
            selector.unregister(fd)
            os.close(fd)
        self.reading = []
        if self.stdin_write is not None:
            if self.pending_input:
                selector.unregister(self.stdin_write)
            self.close_stdin()
        if self.pidfd is not None:
            if selector.get_map().get(self.pidfd) is not None:
                selector.unregister(self.pidfd)
            os.close(self.pidfd)
            self.pidfd = None


def shut_down():
    """Kills and reaps the zygotes and the commands this process forked itself, then exits.
    Left to die with it, they would be reaped by the host's init, whenever it gets to them, and
    until then the sandbox's init could not finish exiting (a pid namespace's init waits for
    every process of its namespace whose parent is outside)."""
    children = [zygote.pid for zygote in zygotes]
    children += [command.child_pid for command in commands.values() if command.child_pid is not None]
    for pid in children:
        os.kill(pid, signal.SIGKILL)  # not reaped yet, so the pid is still theirs
    for pid in children:
        os.waitpid(pid, 0)
    sys.exit(0)


def time_now():
    return os.times().elapsed


def take_requests(chunk):
    global buffered
    buffered += chunk
    *lines, buffered = buffered.split(b"\n")
    for line in lines:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            command = Command(request)
        except OSError as error:
            reply({"id": request.get("id"), "error": str(error)})
            continue
        commands[command.id] = command
        submit(command)


requests = sys.stdin.buffer
os.set_blocking(requests.fileno(), False)
selector.register(requests.fileno(), selectors.EVENT_READ, None)
selector.register(target_pidfd, selectors.EVENT_READ, "target")
buffered = b""
start_zygote()  # now, so that its one move is paid before the first command if it can be
reply({"ready": True})
while True:
    for key, _ in selector.select(0.005 if awaiting_exit else None):
        if selector.get_map().get(key.fd) is not key:
            continue  # unregistered by an earlier event of this round (its number may be reused)
        if key.data is None:
            chunk = os.read(key.fd, 1 << 20)
            if not chunk:
                shut_down()  # the adapter is closing the sandbox
            take_requests(chunk)
            continue
        if key.data == "target":
            selector.unregister(target_pidfd)
            sandbox_gone = True
            continue
        owner, what = key.data
        if what == "message":
            owner.on_message()
        elif what == "death":
            owner.on_death()
        elif what == "exit":
            owner.exited()
        elif what == "stdin":
            owner.feed()
        else:
            owner.read(key.fd, what)
    for command in list(awaiting_exit):
        command.check_exit()
