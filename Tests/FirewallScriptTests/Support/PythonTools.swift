/// Small Python 3 programs (Debian `python3-minimal`) that the packet tests run inside
/// namespaces: a dual-stack TCP listener and a parallel connection prober.
enum PythonTools {
    static let interpreter = "/usr/bin/python3"

    /// `listener.py READY_FILE PORT...`: accepts TCP connections on every port over IPv4 and
    /// IPv6, answers "ok" and closes; touches READY_FILE once every port is bound.
    static let listener = #"""
    import selectors, socket, sys
    ready, ports = sys.argv[1], [int(p) for p in sys.argv[2:]]
    selector = selectors.DefaultSelector()
    for port in ports:
        s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        s.bind(("::", port))
        s.listen(64)
        selector.register(s, selectors.EVENT_READ)
    open(ready, "w").close()
    while True:
        for key, _ in selector.select():
            connection, _ = key.fileobj.accept()
            try:
                connection.sendall(b"ok\n")
            finally:
                connection.close()
    """#

    /// `probe.py TIMEOUT ADDRESS,PORT...`: tries every TCP connection at once and prints one
    /// line per target, `ADDRESS,PORT open` (connected and read "ok") or `ADDRESS,PORT closed`.
    static let prober = #"""
    import socket, sys, threading
    timeout, targets = float(sys.argv[1]), sys.argv[2:]
    results = {}
    def probe(target):
        address, port = target.rsplit(",", 1)
        try:
            with socket.create_connection((address, int(port)), timeout=timeout) as s:
                s.settimeout(timeout)
                results[target] = "open" if s.recv(3) == b"ok\n" else "closed"
        except OSError:
            results[target] = "closed"
    threads = [threading.Thread(target=probe, args=(t,)) for t in targets]
    for t in threads: t.start()
    for t in threads: t.join()
    for t in targets: print(t, results[t])
    """#
}
