import socket, os, sys, json
path = sys.argv[1]; out = sys.argv[2]
if os.path.exists(path): os.unlink(path)
s = socket.socket(socket.AF_UNIX); s.bind(path); s.listen(5)
s.settimeout(20)
done = False
while not done:
    c, _ = s.accept()
    buf = b""
    while True:
        while b"\r\n\r\n" not in buf:
            d = c.recv(65536)
            if not d: break
            buf += d
        if b"\r\n\r\n" not in buf: break
        head, rest = buf.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        n = 0
        for l in lines[1:]:
            k, v = l.split(":", 1)
            if k.lower() == "content-length": n = int(v)
        while len(rest) < n: rest += c.recv(65536)
        body, buf = rest[:n], rest[n:]
        if lines[0].startswith("HEAD /_ping") or lines[0].startswith("GET /_ping"):
            c.sendall(b"HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Length: 0\r\n\r\n")
        elif "/containers/create" in lines[0]:
            open(out, "w").write(lines[0] + "\n" + body.decode())
            m = b'{"message":"captured"}'
            c.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(m), m))
            done = True
        else:
            c.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
    c.close()
